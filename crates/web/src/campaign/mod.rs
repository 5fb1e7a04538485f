//! Campaigns (专项行动): targets measured from live figures of the other areas or recorded
//! by hand, their progress against the time gone by with a chart of each target's history,
//! and milestones with their evidence.

pub(crate) mod api;
mod edit_pages;
mod files;
pub(crate) mod io;
pub(crate) mod pages;
mod target_pages;
mod task_links;

use crate::area::{groups, FormWrite, Job, JobRound, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "campaign",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[NavEntry {
        group: &groups::WORK,
        href: "/campaigns",
        label: "nav.campaigns",
        section: "campaigns",
        order: 39,
        shown: Shown::Holding(Permission::CampaignRead),
    }],
    form_writes: FORM_WRITES,
    locales: &[(
        include_str!("../../locales/campaign.zh-CN.toml"),
        include_str!("../../locales/campaign.en.toml"),
    )],
    jobs: JOBS,
    node_panels: &[],
    todos: None,
    home_charts: None,
    home_panels: None,
    reminders: None,
    feed_items: None,
};

/// What the area's page forms need held (see `crate::area::WebArea::form_writes`).
const FORM_WRITES: &[FormWrite] = {
    const MANAGE: &[Permission] = &[Permission::CampaignManage];
    &[
        ("/campaigns/new", MANAGE),
        ("/campaigns/{id}/targets", MANAGE),
        ("/campaigns/{id}/targets/{tid}/values", MANAGE),
        ("/campaigns/{id}/milestones", MANAGE),
        ("/campaigns/{id}/milestones/{mid}/done", MANAGE),
        ("/campaigns/{id}/close", MANAGE),
        ("/campaigns/{id}/activate", MANAGE),
        ("/campaigns/{id}/edit", MANAGE),
        ("/campaigns/{id}/delete", MANAGE),
        ("/campaigns/{id}/targets/{tid}/edit", MANAGE),
        ("/campaigns/{id}/targets/{tid}/delete", MANAGE),
        ("/campaigns/{id}/tasks", MANAGE),
        ("/campaigns/{id}/tasks/{task_id}/unlink", MANAGE),
        ("/campaigns/{id}/milestones/{mid}/files", MANAGE),
        (
            "/campaigns/{id}/milestones/{mid}/files/{fid}/delete",
            MANAGE,
        ),
    ]
};

/// Today's point of every target that follows a live figure, at start-up and then every
/// hour (a point a day, rewritten with the latest value).
const JOBS: &[Job] = &[Job {
    name: "campaign history points",
    every: std::time::Duration::from_secs(3600),
    run: snapshots,
}];

fn snapshots(store: &touyan_storage::Store) -> JobRound<'_> {
    Box::pin(store.campaign_snapshots())
}

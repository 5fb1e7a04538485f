//! Service requests: intake, dispatch, handling, supervision, visits, statistics, the public side.

pub(crate) mod api;
mod home;
pub(crate) mod io;
pub(crate) mod open311;
pub(crate) mod pages;
mod todos;

use crate::area::{groups, FormWrite, Job, JobRound, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "request",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[
        NavEntry {
            group: &groups::SERVICE,
            href: "/requests",
            label: "nav.rq_requests",
            section: "requests",
            order: 70,
            shown: Shown::Holding(Permission::RequestRead),
        },
        NavEntry {
            group: &groups::SERVICE,
            href: "/supervision",
            label: "nav.rq_supervision",
            section: "supervision",
            order: 71,
            shown: Shown::Holding(Permission::RequestRead),
        },
        NavEntry {
            group: &groups::SERVICE,
            href: "/requests/stats",
            label: "rstats.nav",
            section: "request_stats",
            order: 75,
            shown: Shown::Holding(Permission::RequestRead),
        },
        NavEntry {
            group: &groups::SERVICE,
            href: "/visits",
            label: "nav.rq_visits",
            section: "visits",
            order: 72,
            shown: Shown::Holding(Permission::RequestRead),
        },
        NavEntry {
            group: &groups::SERVICE,
            href: "/requests/import",
            label: "nav.rq_import",
            section: "request_import",
            order: 73,
            shown: Shown::Holding(Permission::RequestDispatch),
        },
        NavEntry {
            group: &groups::SERVICE,
            href: "/request-categories",
            label: "nav.rq_categories",
            section: "request_categories",
            order: 77,
            shown: Shown::Holding(Permission::RequestManage),
        },
    ],
    form_writes: FORM_WRITES,
    locales: &[
        (
            include_str!("../../locales/request.zh-CN.toml"),
            include_str!("../../locales/request.en.toml"),
        ),
        (
            include_str!("../../locales/request_staff.zh-CN.toml"),
            include_str!("../../locales/request_staff.en.toml"),
        ),
        (
            include_str!("../../locales/request_stats.zh-CN.toml"),
            include_str!("../../locales/request_stats.en.toml"),
        ),
        (
            include_str!("../../locales/request_public.zh-CN.toml"),
            include_str!("../../locales/request_public.en.toml"),
        ),
        (
            include_str!("../../locales/request_visit.zh-CN.toml"),
            include_str!("../../locales/request_visit.en.toml"),
        ),
    ],
    jobs: JOBS,
    node_panels: &[],
    todos: Some(todos::requests),
    home_charts: Some(home::charts),
    home_panels: None,
    reminders: None,
    feed_items: None,
};

/// What the area's page forms need held (see `crate::area::WebArea::form_writes`).
const FORM_WRITES: &[FormWrite] = {
    const REQUEST_WORK: &[Permission] = &[Permission::RequestDispatch, Permission::RequestHandle];
    &[
        ("/requests", REQUEST_WORK),
        ("/requests/{id}/act", REQUEST_WORK),
        ("/requests/{id}/reply", REQUEST_WORK),
        ("/requests/{id}/files", REQUEST_WORK),
        ("/visits", REQUEST_WORK),
        ("/requests/import", &[Permission::RequestDispatch]),
        ("/request-categories", &[Permission::RequestManage]),
        ("/request-categories/{code}", &[Permission::RequestManage]),
    ]
};

/// The supervision job raises the cards due, at start-up and then every minute. Cards are one
/// per colour, step and round, so servers sharing a database may all run it.
const JOBS: &[Job] = &[Job {
    name: "raise supervision cards",
    every: std::time::Duration::from_secs(60),
    run: raise_cards,
}];

fn raise_cards(store: &touyan_storage::Store) -> JobRound<'_> {
    Box::pin(store.raise_cards())
}

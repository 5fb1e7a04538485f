//! The enterprise ledger (企业台账) and party-organization coverage.

pub(crate) mod api;
pub(crate) mod census;
pub(crate) mod census_io;
pub(crate) mod io;
pub(crate) mod pages;
pub(crate) mod parks;
pub(crate) mod parks_pages;
pub(crate) mod ties_api;
pub(crate) mod ties_pages;

use crate::area::{groups, FormWrite, NavEntry, PanelAnswer, Shown, WebArea};
use crate::error::WebError;
use crate::i18n::Tr;
use askama::Template;
use touyan_domain::access::Permission;
use touyan_storage::enterprise::{Coverage, EnterpriseView};
use touyan_storage::{Scoped, StorageError};

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "enterprise",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[NavEntry {
        group: &groups::ORGANIZATION,
        href: "/enterprises",
        label: "nav.enterprises",
        section: "enterprises",
        order: 22,
        shown: Shown::Holding(Permission::EnterpriseRead),
    }],
    form_writes: FORM_WRITES,
    locales: &[
        (
            include_str!("../../locales/enterprise.zh-CN.toml"),
            include_str!("../../locales/enterprise.en.toml"),
        ),
        (
            include_str!("../../locales/enterprise_io.zh-CN.toml"),
            include_str!("../../locales/enterprise_io.en.toml"),
        ),
        (
            include_str!("../../locales/enterprise_census.zh-CN.toml"),
            include_str!("../../locales/enterprise_census.en.toml"),
        ),
        (
            include_str!("../../locales/enterprise_parks.zh-CN.toml"),
            include_str!("../../locales/enterprise_parks.en.toml"),
        ),
    ],
    jobs: &[],
    node_panels: &[panel],
    todos: None,
    home_charts: None,
    home_panels: None,
    reminders: None,
    feed_items: None,
};

/// What the area's page forms need held (see `crate::area::WebArea::form_writes`).
const FORM_WRITES: &[FormWrite] = {
    const WRITE: &[Permission] = &[Permission::EnterpriseWrite];
    &[
        ("/enterprises/import", WRITE),
        ("/enterprises/{id}", WRITE),
        ("/enterprises/{id}/delete", WRITE),
        ("/enterprises/{id}/revenues", WRITE),
        ("/enterprises/{id}/revenues/{rid}/delete", WRITE),
        ("/enterprises/{id}/links", WRITE),
        ("/enterprises/{id}/links/end", WRITE),
        ("/enterprises/{id}/instructors", WRITE),
        ("/enterprises/{id}/instructors/{aid}/end", WRITE),
        ("/chains/{id}/members", WRITE),
        ("/chains/{id}/members/{mid}/leave", WRITE),
        ("/guidance-teams", WRITE),
        ("/guidance-teams/{id}/delete", WRITE),
        ("/guidance-teams/{id}/members", WRITE),
        ("/guidance-teams/{id}/members/{mid}/delete", WRITE),
        ("/census/take", WRITE),
        ("/census/fill", WRITE),
        ("/census/{id}/fill", WRITE),
        ("/parks/{id}", WRITE),
        ("/parks/{id}/delete", WRITE),
    ]
};

/// The organization page's ledger panel: an enterprise's profile (or the way to record one),
/// or the coverage of the enterprises under any other node.
#[derive(Template)]
#[template(path = "enterprise/panel.html")]
struct Panel {
    tr: Tr,
    node_id: i64,
    profile: Option<EnterpriseView>,
    /// An enterprise node without a profile, for a caller who may record one.
    blank: bool,
    coverage: Option<Coverage>,
}

impl Panel {
    fn rate(&self, r: &Option<f64>) -> String {
        pages::rate_text(r)
    }
}

fn panel(s: Scoped<'_>, tr: Tr, id: i64) -> PanelAnswer<'_> {
    Box::pin(async move {
        if s.actor()
            .grants
            .scopes(Permission::EnterpriseRead)
            .is_empty()
        {
            return Ok(None);
        }
        let repo = s.enterprises();
        let mut p = Panel {
            tr,
            node_id: id,
            profile: None,
            blank: false,
            coverage: None,
        };
        match repo.of_node(id).await? {
            Some(e) => p.profile = Some(e),
            None => match repo.blank_for(id).await {
                Ok(_) => p.blank = true,
                Err(StorageError::NotFound) => match repo.coverage(Some(id)).await {
                    Ok(c) if c.enterprises > 0 => p.coverage = Some(c),
                    Ok(_) | Err(StorageError::NotFound) => return Ok(None),
                    Err(e) => return Err(e.into()),
                },
                Err(e) => return Err(e.into()),
            },
        }
        let html = p
            .render()
            .map_err(|e| WebError::Internal(format!("template: {e}")))?;
        Ok(Some(html))
    })
}

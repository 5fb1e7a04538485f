//! The organization tree.

pub(crate) mod api;
pub(crate) mod pages;
mod picker;
mod public;

use crate::area::{groups, FormWrite, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "org",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[NavEntry {
        group: &groups::ORGANIZATION,
        href: "/orgs",
        label: "nav.orgs",
        section: "orgs",
        order: 20,
        shown: Shown::Holding(Permission::OrgRead),
    }],
    form_writes: FORM_WRITES,
    locales: &[(
        include_str!("../../locales/org_rules.zh-CN.toml"),
        include_str!("../../locales/org_rules.en.toml"),
    )],
    jobs: &[],
    node_panels: &[],
    todos: None,
    home_charts: None,
    home_panels: None,
    reminders: None,
    feed_items: None,
};

/// What the area's page forms need held (see `crate::area::WebArea::form_writes`).
const FORM_WRITES: &[FormWrite] = {
    const ORG: &[Permission] = &[Permission::OrgWrite];
    &[
        ("/orgs", ORG),
        ("/orgs/{id}", ORG),
        ("/orgs/{id}/children", ORG),
        ("/orgs/{id}/move", ORG),
        ("/orgs/{id}/delete", ORG),
    ]
};

//! Party-mass service centres and stations (党群服务中心, 共享式党群服务站): the register, the
//! enterprises each serves, and a public page per open centre.

pub(crate) mod api;
mod held;
pub(crate) mod pages;
mod public;

use crate::area::{groups, FormWrite, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "centre",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[NavEntry {
        group: &groups::ORGANIZATION,
        href: "/centres",
        label: "nav.centres",
        section: "centres",
        order: 23,
        shown: Shown::Holding(Permission::CentreRead),
    }],
    form_writes: FORM_WRITES,
    locales: &[(
        include_str!("../../locales/centre.zh-CN.toml"),
        include_str!("../../locales/centre.en.toml"),
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
    const WRITE: &[Permission] = &[Permission::CentreWrite];
    &[
        ("/centres/new", WRITE),
        ("/centres/{id}", WRITE),
        ("/centres/{id}/delete", WRITE),
        ("/centres/{id}/enterprises", WRITE),
    ]
};

//! The work cadence (工作节奏): obligations as data, activity records with attendance, and
//! the compliance view of who keeps the rhythm superiors check.

pub(crate) mod api;
pub(crate) mod io;
pub(crate) mod pages;

use crate::area::WebArea;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "cadence",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[],
    form_writes: &[],
    locales: &[(
        include_str!("../../locales/cadence.zh-CN.toml"),
        include_str!("../../locales/cadence.en.toml"),
    )],
    jobs: &[],
    node_panels: &[],
    todos: None,
    home_charts: None,
    home_panels: None,
};

//! The home page.

pub(crate) mod pages;

use crate::area::{NavEntry, Shown, WebArea};

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "home",
    api: None,
    openapi: None,
    pages: pages::routes,
    nav: &[NavEntry {
        href: "/",
        label: "nav.home",
        section: "home",
        order: 10,
        shown: Shown::Always,
    }],
    form_writes: &[],
    locales: &[],
    jobs: &[],
    node_panels: &[],
    todos: None,
};

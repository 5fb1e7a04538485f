//! The home page.

pub(crate) mod pages;

use crate::area::{groups, NavEntry, Shown, WebArea};

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "home",
    api: None,
    openapi: None,
    pages: pages::routes,
    nav: &[NavEntry {
        group: &groups::WORKBENCH,
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
    home_charts: None,
    home_panels: None,
    reminders: None,
    feed_items: None,
};

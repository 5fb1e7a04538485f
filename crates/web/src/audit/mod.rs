//! The audit log.

pub(crate) mod api;
pub(crate) mod pages;

use crate::area::{groups, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "audit",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[NavEntry {
        group: &groups::SYSTEM,
        href: "/audit",
        label: "nav.audit",
        section: "audit",
        order: 60,
        shown: Shown::Holding(Permission::AuditRead),
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

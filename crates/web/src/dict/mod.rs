//! Dictionaries: organization kinds, post titles, studio kinds, activity types.

pub(crate) mod pages;

use crate::area::{groups, FormWrite, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "dict",
    api: None,
    openapi: None,
    pages: pages::routes,
    nav: &[NavEntry {
        group: &groups::SYSTEM,
        href: "/org-kinds",
        label: "nav.dict",
        section: "dict",
        order: 55,
        shown: Shown::Everywhere(Permission::DictManage),
    }],
    form_writes: FORM_WRITES,
    locales: &[],
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
    const DICT: &[Permission] = &[Permission::DictManage];
    &[
        ("/org-kinds", DICT),
        ("/org-kinds/{code}", DICT),
        ("/org-kinds/{code}/delete", DICT),
        ("/dict/post", DICT),
        ("/dict/post/{code}", DICT),
        ("/dict/post/{code}/delete", DICT),
        ("/dict/studio_kind", DICT),
        ("/dict/studio_kind/{code}", DICT),
        ("/dict/studio_kind/{code}/delete", DICT),
        ("/dict/activity_type", DICT),
        ("/dict/activity_type/{code}", DICT),
        ("/dict/activity_type/{code}/delete", DICT),
    ]
};

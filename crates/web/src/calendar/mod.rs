//! The working calendar.

pub(crate) mod api;
pub(crate) mod pages;

use crate::area::{groups, FormWrite, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "calendar",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[NavEntry {
        group: &groups::SERVICE,
        href: "/calendar",
        label: "nav.calendar",
        section: "calendar",
        order: 76,
        shown: Shown::Everywhere(Permission::CalendarManage),
    }],
    form_writes: FORM_WRITES,
    locales: &[(
        include_str!("../../locales/calendar.zh-CN.toml"),
        include_str!("../../locales/calendar.en.toml"),
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
    const CALENDAR: &[Permission] = &[Permission::CalendarManage];
    &[
        ("/calendar/days", CALENDAR),
        ("/calendar/days/delete", CALENDAR),
        ("/calendar/hours", CALENDAR),
        ("/calendar/import", CALENDAR),
    ]
};

//! Commendations (通报表扬): the list with its filters and spreadsheet, the draft's form with
//! the organizations filled from a round's best results, one commendation with those it
//! names and its forms (add, remove, issue, revoke), and the panel of the organization's
//! page listing what the organization received.

pub(crate) mod api;
pub(crate) mod io;
pub(crate) mod pages;
mod show_pages;

use crate::area::{groups, FormWrite, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "commendation",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[NavEntry {
        group: &groups::WORK,
        href: "/commendations",
        label: "nav.commendations",
        section: "commendations",
        order: 42,
        shown: Shown::Holding(Permission::CommendationRead),
    }],
    form_writes: FORM_WRITES,
    locales: &[(
        include_str!("../../locales/commendation.zh-CN.toml"),
        include_str!("../../locales/commendation.en.toml"),
    )],
    jobs: &[],
    node_panels: &[show_pages::received_panel],
    todos: None,
    home_charts: None,
    home_panels: None,
    reminders: None,
    feed_items: None,
};

/// What the area's page forms need held (see `crate::area::WebArea::form_writes`).
const FORM_WRITES: &[FormWrite] = {
    const MANAGE: &[Permission] = &[Permission::CommendationManage];
    &[
        ("/commendations/new", MANAGE),
        ("/commendations/{id}/edit", MANAGE),
        ("/commendations/{id}/lines", MANAGE),
        ("/commendations/{id}/lines/remove", MANAGE),
        ("/commendations/{id}/issue", MANAGE),
        ("/commendations/{id}/revoke", MANAGE),
    ]
};

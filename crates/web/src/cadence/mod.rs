//! The work cadence (工作节奏): obligations as data, activity records with attendance, and
//! the compliance view of who keeps the rhythm superiors check.

mod activity_form;
mod activity_pages;
pub(crate) mod api;
mod changes;
mod compliance_page;
mod files;
mod import;
pub(crate) mod io;
mod obligation_pages;
pub(crate) mod pages;
mod reminders;
pub(crate) mod signin;

use crate::area::{groups, FormWrite, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "cadence",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[
        NavEntry {
            group: &groups::WORK,
            href: "/activities",
            label: "nav.activities",
            section: "activities",
            order: 35,
            shown: Shown::Holding(Permission::CadenceRead),
        },
        NavEntry {
            group: &groups::WORK,
            href: "/compliance",
            label: "nav.compliance",
            section: "compliance",
            order: 36,
            shown: Shown::Holding(Permission::CadenceRead),
        },
        NavEntry {
            group: &groups::WORK,
            href: "/obligations",
            label: "nav.obligations",
            section: "obligations",
            order: 37,
            shown: Shown::Holding(Permission::CadenceRead),
        },
    ],
    form_writes: FORM_WRITES,
    locales: &[(
        include_str!("../../locales/cadence.zh-CN.toml"),
        include_str!("../../locales/cadence.en.toml"),
    )],
    jobs: &[],
    node_panels: &[],
    todos: Some(changes::waiting),
    home_charts: None,
    home_panels: None,
    reminders: Some(reminders::behind),
    feed_items: Some(reminders::activities),
};

/// What the area's page forms need held (see `crate::area::WebArea::form_writes`).
const FORM_WRITES: &[FormWrite] = {
    const WRITE: &[Permission] = &[Permission::CadenceWrite];
    const MANAGE: &[Permission] = &[Permission::CadenceManage];
    &[
        ("/activities/new", WRITE),
        ("/activities/import", WRITE),
        ("/activities/{id}", WRITE),
        ("/activities/{id}/delete", WRITE),
        ("/activities/{id}/changes", WRITE),
        ("/activities/{id}/changes/{cid}/approve", MANAGE),
        ("/activities/{id}/changes/{cid}/reject", MANAGE),
        ("/activities/{id}/changes/{cid}/withdraw", WRITE),
        ("/activities/{id}/signin", WRITE),
        ("/activities/{id}/files", WRITE),
        ("/activities/{id}/files/{fid}/delete", WRITE),
        ("/obligations", MANAGE),
        ("/obligations/{id}", MANAGE),
        ("/obligations/{id}/delete", MANAGE),
    ]
};

//! Star ratings (星级评定) and the 红星津贴: a subtree's ratings with the star distribution
//! and its trend, an organization's star history, the public notice with objections and
//! answers, rule settings, amount tables, and payout batches with their spreadsheets; the
//! current star on the organization's page.

pub(crate) mod allowance_pages;
pub(crate) mod api;
mod direct_pages;
pub(crate) mod io;
mod list_pages;
mod objection_pages;
pub(crate) mod pages;
mod panel;
mod payee_api;
mod payee_pages;
mod rounds_page;
mod rules_pages;

use crate::area::{groups, FormWrite, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "rating",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[
        NavEntry {
            group: &groups::WORK,
            href: "/ratings",
            label: "nav.ratings",
            section: "ratings",
            order: 40,
            shown: Shown::Holding(Permission::RatingRead),
        },
        NavEntry {
            group: &groups::WORK,
            href: "/allowances",
            label: "nav.allowances",
            section: "allowances",
            order: 41,
            shown: Shown::Holding(Permission::RatingRead),
        },
    ],
    form_writes: FORM_WRITES,
    locales: &[(
        include_str!("../../locales/rating.zh-CN.toml"),
        include_str!("../../locales/rating.en.toml"),
    )],
    jobs: &[],
    node_panels: &[panel::star_panel],
    todos: None,
    home_charts: None,
    home_panels: None,
    reminders: None,
    feed_items: None,
};

/// What the area's page forms need held (see `crate::area::WebArea::form_writes`).
const FORM_WRITES: &[FormWrite] = {
    const MANAGE: &[Permission] = &[Permission::RatingManage];
    const READ: &[Permission] = &[Permission::RatingRead];
    &[
        ("/ratings/direct", MANAGE),
        ("/ratings/rules/{node_id}", MANAGE),
        ("/ratings/rounds/{round_id}/rate", MANAGE),
        ("/ratings/{id}/objections", READ),
        ("/ratings/{id}/objections/{oid}/answer", MANAGE),
        ("/allowances", MANAGE),
        ("/allowances/amounts/{node_id}", MANAGE),
        ("/allowances/payees/{person_id}", MANAGE),
        ("/allowances/{id}/approve", MANAGE),
        ("/allowances/{id}/pay", MANAGE),
        ("/allowances/{id}/reverse", MANAGE),
    ]
};

//! People and party members, their posts, honours and quotas.

pub(crate) mod api;
pub(crate) mod charts;
mod home;
pub(crate) mod io;
pub(crate) mod pages;
mod picker;
mod todos;

use crate::area::{groups, FormWrite, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "people",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[
        NavEntry {
            group: &groups::MEMBERS,
            href: "/people",
            label: "pnav.people",
            section: "people",
            order: 30,
            shown: Shown::Holding(Permission::PersonRead),
        },
        NavEntry {
            group: &groups::MEMBERS,
            href: "/quotas",
            label: "pnav.quotas",
            section: "quotas",
            order: 31,
            shown: Shown::Holding(Permission::PersonRead),
        },
        NavEntry {
            group: &groups::MEMBERS,
            href: "/honours",
            label: "pnav.honours",
            section: "honours",
            order: 32,
            shown: Shown::Holding(Permission::PersonRead),
        },
    ],
    form_writes: FORM_WRITES,
    locales: &[(
        include_str!("../../locales/people.zh-CN.toml"),
        include_str!("../../locales/people.en.toml"),
    )],
    jobs: &[],
    node_panels: &[pages::counts_panel],
    todos: Some(todos::pipeline),
    home_charts: Some(home::charts),
    home_panels: None,
    reminders: None,
    feed_items: None,
};

/// What the area's page forms need held (see `crate::area::WebArea::form_writes`).
const FORM_WRITES: &[FormWrite] = {
    const PERSON: &[Permission] = &[Permission::PersonWrite];
    &[
        ("/people", PERSON),
        ("/people/{id}", PERSON),
        ("/people/{id}/transition", PERSON),
        ("/people/{id}/posts", PERSON),
        ("/people/{id}/honours", PERSON),
        ("/people/{id}/notes", PERSON),
        ("/people/{id}/delete", PERSON),
        ("/posts/{id}/end", PERSON),
        ("/posts/{id}/delete", PERSON),
        ("/honours/{id}/delete", PERSON),
        ("/quotas", &[Permission::QuotaManage]),
        // The ledger is named in the path; the import itself checks the ledger's own right.
        (
            "/people/import/{slug}",
            &[Permission::PersonWrite, Permission::QuotaManage],
        ),
    ]
};

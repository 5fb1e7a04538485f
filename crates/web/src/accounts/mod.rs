//! Accounts: signing in, users, roles and their assignments, API tokens.

pub(crate) mod api;
pub(crate) mod pages;

use crate::area::{groups, FormWrite, Job, JobRound, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "accounts",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[
        NavEntry {
            group: &groups::SYSTEM,
            href: "/users",
            label: "nav.users",
            section: "users",
            order: 50,
            shown: Shown::Holding(Permission::UserRead),
        },
        NavEntry {
            group: &groups::SYSTEM,
            href: "/users/locks",
            label: "auth.locks.nav",
            section: "login_locks",
            order: 51,
            shown: Shown::Everywhere(Permission::UserRead),
        },
        NavEntry {
            group: &groups::SYSTEM,
            href: "/roles",
            label: "nav.roles",
            section: "roles",
            order: 52,
            shown: Shown::Holding(Permission::UserRead),
        },
        // One's own API tokens: beside the users and roles for those who manage them, in
        // the user menu for everyone else (so a handler's side menu has no 系统管理 of one).
        NavEntry {
            group: &groups::SYSTEM,
            href: "/tokens",
            label: "nav.tokens",
            section: "tokens",
            order: 80,
            shown: Shown::Holding(Permission::UserWrite),
        },
        NavEntry {
            group: &groups::PERSONAL,
            href: "/tokens",
            label: "nav.tokens",
            section: "tokens",
            order: 81,
            shown: Shown::Lacking(Permission::UserWrite),
        },
        NavEntry {
            group: &groups::PERSONAL,
            href: "/account",
            label: "nav.account",
            section: "account",
            order: 110,
            shown: Shown::Always,
        },
    ],
    form_writes: FORM_WRITES,
    locales: &[(
        include_str!("../../locales/auth.zh-CN.toml"),
        include_str!("../../locales/auth.en.toml"),
    )],
    jobs: JOBS,
    node_panels: &[],
    todos: None,
    home_charts: None,
    home_panels: None,
    reminders: None,
    feed_items: None,
};

/// What the area's page forms need held (see `crate::area::WebArea::form_writes`).
const FORM_WRITES: &[FormWrite] = {
    const ROLE: &[Permission] = &[Permission::RoleManage];
    const USER: &[Permission] = &[Permission::UserWrite];
    &[
        ("/users/new", USER),
        ("/users/{id}", USER),
        ("/users/{id}/password", USER),
        ("/users/{id}/assignments", USER),
        ("/users/{id}/assignments/{aid}/delete", USER),
        ("/users/{id}/delete", USER),
        ("/roles", ROLE),
        ("/roles/{id}", ROLE),
        ("/roles/{id}/delete", ROLE),
    ]
};

/// Expired sessions are deleted every hour.
const JOBS: &[Job] = &[Job {
    name: "purge expired sessions",
    every: std::time::Duration::from_secs(3600),
    run: purge_sessions,
}];

fn purge_sessions(store: &touyan_storage::Store) -> JobRound<'_> {
    Box::pin(async move { store.auth().purge_expired().await })
}

//! Work lists (工作清单): tasks issued down the tree, each recipient's feedback and its
//! acceptance, and the rates of completion and of work on time at every level.

pub(crate) mod api;
mod edit_page;
pub(crate) mod io;
pub(crate) mod pages;
mod recipient_pages;
mod reminders;
mod todos;

use crate::area::{groups, FormWrite, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "task",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[NavEntry {
        group: &groups::WORK,
        href: "/tasks",
        label: "nav.tasks",
        section: "tasks",
        order: 38,
        shown: Shown::Holding(Permission::TaskRead),
    }],
    form_writes: FORM_WRITES,
    locales: &[(
        include_str!("../../locales/task.zh-CN.toml"),
        include_str!("../../locales/task.en.toml"),
    )],
    jobs: &[],
    node_panels: &[],
    todos: Some(todos::open),
    home_charts: None,
    home_panels: None,
    reminders: Some(reminders::due_soon),
    feed_items: Some(reminders::due_dates),
};

/// What the area's page forms need held (see `crate::area::WebArea::form_writes`).
const FORM_WRITES: &[FormWrite] = {
    const WRITE: &[Permission] = &[Permission::TaskWrite];
    const MANAGE: &[Permission] = &[Permission::TaskManage];
    &[
        ("/tasks/new", MANAGE),
        ("/tasks/{id}/edit", MANAGE),
        ("/tasks/{id}/remind", MANAGE),
        ("/tasks/{id}/withdraw", MANAGE),
        ("/tasks/{id}/recipients/{rid}/receive", WRITE),
        ("/tasks/{id}/recipients/{rid}/submit", WRITE),
        ("/tasks/{id}/recipients/{rid}/accept", MANAGE),
        ("/tasks/{id}/recipients/{rid}/return", MANAGE),
    ]
};

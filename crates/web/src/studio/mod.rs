//! Studios, alliances, achievements, mentorship and activity.

pub(crate) mod achievement_io;
pub(crate) mod api;
pub(crate) mod charts;
pub(crate) mod evaluation;
mod home;
pub(crate) mod io;
pub(crate) mod pages;
mod todos;

use crate::area::{groups, FormWrite, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "studio",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[
        NavEntry {
            group: &groups::STUDIOS,
            href: "/studios",
            label: "nav.studios",
            section: "studios",
            order: 40,
            shown: Shown::Holding(Permission::StudioRead),
        },
        NavEntry {
            group: &groups::STUDIOS,
            href: "/my-studio",
            label: "nav.my_studio",
            section: "my_studio",
            order: 41,
            shown: Shown::Holding(Permission::StudioRead),
        },
        NavEntry {
            group: &groups::STUDIOS,
            href: "/alliances",
            label: "nav.alliances",
            section: "alliances",
            order: 42,
            shown: Shown::Holding(Permission::StudioRead),
        },
        NavEntry {
            group: &groups::STUDIOS,
            href: "/achievements",
            label: "nav.achievements",
            section: "achievements",
            order: 43,
            shown: Shown::Holding(Permission::StudioRead),
        },
        NavEntry {
            group: &groups::STUDIOS,
            href: "/studio-proposals",
            label: "nav.studio_proposals",
            section: "studio_proposals",
            order: 44,
            shown: Shown::Holding(Permission::StudioManage),
        },
    ],
    form_writes: FORM_WRITES,
    locales: &[
        (
            include_str!("../../locales/studio.zh-CN.toml"),
            include_str!("../../locales/studio.en.toml"),
        ),
        (
            include_str!("../../locales/studio_achievement.zh-CN.toml"),
            include_str!("../../locales/studio_achievement.en.toml"),
        ),
        (
            include_str!("../../locales/studio_mentorship.zh-CN.toml"),
            include_str!("../../locales/studio_mentorship.en.toml"),
        ),
        (
            include_str!("../../locales/studio_activity.zh-CN.toml"),
            include_str!("../../locales/studio_activity.en.toml"),
        ),
        (
            include_str!("../../locales/studio_rounds.zh-CN.toml"),
            include_str!("../../locales/studio_rounds.en.toml"),
        ),
    ],
    jobs: &[],
    node_panels: &[],
    todos: Some(todos::questions),
    home_charts: Some(home::charts),
    home_panels: Some(home::mine),
    reminders: None,
    feed_items: None,
};

/// What the area's page forms need held (see `crate::area::WebArea::form_writes`).
const FORM_WRITES: &[FormWrite] = {
    const STUDIO: &[Permission] = &[Permission::StudioWrite];
    const STUDIO_MANAGE: &[Permission] = &[Permission::StudioManage];
    &[
        ("/studios", STUDIO),
        ("/studios/{id}", STUDIO),
        ("/studios/{id}/move", STUDIO_MANAGE),
        ("/studios/{id}/delete", STUDIO),
        ("/studios/{id}/members", STUDIO),
        ("/studios/{id}/members/{mid}/leave", STUDIO),
        ("/studios/{id}/members/{mid}/remove", STUDIO),
        ("/studios/{id}/photos", STUDIO),
        ("/studios/{id}/photos/{fid}/cover", STUDIO),
        ("/studios/{id}/files/{fid}/delete", STUDIO),
        ("/alliances", STUDIO_MANAGE),
        ("/alliances/{id}/join", STUDIO_MANAGE),
        (
            "/alliances/{id}/leave/{sid}",
            &[Permission::StudioManage, Permission::StudioWrite],
        ),
        ("/studios/{id}/achievements", STUDIO),
        ("/studios/{id}/achievements/{aid}", STUDIO),
        ("/studios/{id}/achievements/{aid}/delete", STUDIO),
        (
            "/studios/{id}/achievements/{aid}/evidence/{fid}/delete",
            STUDIO,
        ),
        ("/achievements/import", STUDIO),
        // Anyone who reads a studio may ask it a question.
        ("/studios/{id}/questions", &[Permission::StudioRead]),
        ("/studios/{id}/questions/{qid}/answer", STUDIO),
        ("/studios/{id}/questions/{qid}/delete", STUDIO),
        ("/studios/{id}/office-hours", STUDIO),
        ("/studios/{id}/office-hours/{hid}/delete", STUDIO),
        ("/studios/{id}/projects", STUDIO),
        ("/studios/{id}/projects/{pid}", STUDIO),
        ("/studios/{id}/projects/{pid}/delete", STUDIO),
        ("/studios/{id}/projects/{pid}/stage", STUDIO),
        ("/studios/{id}/projects/{pid}/milestones", STUDIO),
        ("/studios/{id}/projects/{pid}/milestones/{mid}/done", STUDIO),
        (
            "/studios/{id}/projects/{pid}/milestones/{mid}/delete",
            STUDIO,
        ),
        ("/studios/{id}/projects/{pid}/benefits", STUDIO),
        ("/studios/{id}/projects/{pid}/benefits/{bid}/delete", STUDIO),
        ("/studios/{id}/projects/{pid}/files", STUDIO),
        ("/studios/{id}/evaluations", STUDIO_MANAGE),
        ("/studios/{id}/rounds/{rid}/accept", STUDIO_MANAGE),
        ("/studios/{id}/rounds/{rid}/reject", STUDIO_MANAGE),
        ("/studios/{id}/evaluations/{eid}/delete", STUDIO_MANAGE),
        ("/studios/{id}/support", STUDIO),
        ("/studios/{id}/support/{sid}/delete", STUDIO),
        ("/studios/{id}/mentorships", STUDIO),
        ("/studios/{id}/mentorships/{mid}", STUDIO),
        ("/studios/{id}/mentorships/{mid}/delete", STUDIO),
        ("/studios/{id}/mentorships/{mid}/sessions", STUDIO),
        (
            "/studios/{id}/mentorships/{mid}/sessions/{rid}/delete",
            STUDIO,
        ),
        ("/studios/{id}/mentorships/{mid}/close", STUDIO),
        ("/studios/{id}/mentorships/{mid}/outcomes", STUDIO),
        (
            "/studios/{id}/mentorships/{mid}/outcomes/{oid}/delete",
            STUDIO,
        ),
        ("/studios/{id}/training", STUDIO),
        ("/studios/{id}/training/{tid}/materials", STUDIO),
        ("/studios/{id}/training/{tid}/delete", STUDIO),
    ]
};

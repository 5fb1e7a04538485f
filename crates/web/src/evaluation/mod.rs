//! Evaluation (考核评价): rubrics as trees of indicators with frozen versions, and rounds in
//! which organizations score themselves, departments score them, the results are noticed and
//! published; an organization's sheet works on a phone, one indicator per card.

pub(crate) mod api;
mod editor;
mod files;
pub(crate) mod io;
pub(crate) mod pages;
mod queue;
mod round_form;
mod rubric_pages;
mod sheet_pages;

use crate::area::{groups, FormWrite, NavEntry, Shown, WebArea};
use touyan_domain::access::Permission;

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "evaluation",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[
        NavEntry {
            group: &groups::WORK,
            href: "/rounds",
            label: "nav.evaluation",
            section: "evaluation",
            order: 41,
            shown: Shown::Holding(Permission::EvaluationRead),
        },
        NavEntry {
            group: &groups::WORK,
            href: "/rubrics",
            label: "nav.rubrics",
            section: "rubrics",
            order: 42,
            shown: Shown::Holding(Permission::EvaluationRead),
        },
    ],
    form_writes: FORM_WRITES,
    locales: &[
        (
            include_str!("../../locales/evaluation.zh-CN.toml"),
            include_str!("../../locales/evaluation.en.toml"),
        ),
        (
            include_str!("../../locales/evaluation_subject.zh-CN.toml"),
            include_str!("../../locales/evaluation_subject.en.toml"),
        ),
        (
            include_str!("../../locales/evaluation_files.zh-CN.toml"),
            include_str!("../../locales/evaluation_files.en.toml"),
        ),
    ],
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
    const MANAGE: &[Permission] = &[Permission::EvaluationManage];
    const ASSESS: &[Permission] = &[Permission::EvaluationAssess];
    const REVIEW: &[Permission] = &[Permission::EvaluationReview];
    const ASSESS_OR_REVIEW: &[Permission] =
        &[Permission::EvaluationAssess, Permission::EvaluationReview];
    &[
        ("/rounds/new", MANAGE),
        ("/rubrics/new", MANAGE),
        ("/rubrics/copy", MANAGE),
        ("/rubrics/{id}/edit", MANAGE),
        ("/rounds/{id}/state", MANAGE),
        ("/rounds/{id}/targets/{tid}/indicators/{iid}/self", ASSESS),
        ("/rounds/{id}/targets/{tid}/indicators/{iid}/review", REVIEW),
        (
            "/rounds/{id}/targets/{tid}/indicators/{iid}/evidence",
            ASSESS_OR_REVIEW,
        ),
        (
            "/rounds/{id}/targets/{tid}/indicators/{iid}/files",
            ASSESS_OR_REVIEW,
        ),
        (
            "/rounds/{id}/targets/{tid}/indicators/{iid}/files/{fid}/delete",
            ASSESS_OR_REVIEW,
        ),
    ]
};

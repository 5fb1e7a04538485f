//! The ratings' pages, one file per page: the routes, and how stars and scores are shown.
//! A subtree's ratings, the notice and an organization's history are in `list_pages`, one
//! rating with its objections and answers in `objection_pages`, rule settings in
//! `rules_pages`, the direct-rating form in `direct_pages`, the organization page's star panel
//! in `panel`; the allowance's pages in `allowance_pages`.

use crate::i18n::Tr;
use axum::routing::{get, post};
use serde::Deserialize;

pub fn routes() -> crate::routes::Routes {
    use super::allowance_pages as a;
    use super::direct_pages::{direct, direct_form};
    use super::list_pages::{history, index, notice};
    use super::objection_pages::{answer, object, show};
    use super::rules_pages::{rules_form, set_rules};
    crate::routes::Routes::new()
        .route("/ratings", get(index))
        .route("/ratings/notice", get(notice))
        .route("/ratings/direct", get(direct_form).post(direct))
        .route("/ratings/history/{node_id}", get(history))
        .route("/ratings/rules/{node_id}", get(rules_form).post(set_rules))
        .route("/ratings/{id}", get(show))
        .route("/ratings/{id}/objections", post(object))
        .route("/ratings/{id}/objections/{oid}/answer", post(answer))
        .route("/allowances", get(a::index).post(a::compute))
        .route(
            "/allowances/amounts/{node_id}",
            get(a::amounts_form).post(a::set_amounts),
        )
        .route("/allowances/payees", get(super::payee_pages::index))
        .route(
            "/allowances/payees/{person_id}",
            get(super::payee_pages::show).post(super::payee_pages::set),
        )
        .route("/allowances/{id}", get(a::show))
        .route("/allowances/{id}/approve", post(a::approve))
        .route("/allowances/{id}/pay", post(a::pay))
        .route("/allowances/{id}/reverse", post(a::reverse))
        .merge(super::rounds_page::routes())
}

/// A form's fields, as posted.
pub(crate) use crate::pages::{field, Fields};

/// Stars as shown: ★★★ (none: unrated).
pub(crate) fn stars(tr: Tr, s: &Option<u8>) -> String {
    match s {
        Some(n) => "★".repeat(usize::from(*n)),
        None => tr.t("rating.unrated").to_string(),
    }
}

/// A score in hundredths as points (`92.50`).
pub(crate) fn points(s: &Option<i64>) -> String {
    s.map(|v| format!("{}.{:02}", v / 100, v % 100))
        .unwrap_or_default()
}

#[derive(Deserialize, Default)]
pub(crate) struct OkQ {
    pub(crate) ok: Option<String>,
}

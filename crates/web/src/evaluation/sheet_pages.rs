//! One organization's sheet in a round: one card per indicator, so that it works on a phone,
//! with the self-score form while the organization self-assesses, and the department's score
//! beside the organization's own, with the difference, while departments review; evidence
//! links and uploaded files on each card.

use super::pages::{field, pts, Fields};
use crate::error::{WebError, WebResult};
use crate::pages::{page, render, see_other, Errors, FormFailure, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::evaluation::{show_points, EvidenceInput, ScoreInput, EVIDENCE_KINDS};
use touyan_storage::evaluation::{EvidenceView, Side, TargetSheet};

#[derive(Template)]
#[template(path = "evaluation/sheet.html")]
struct SheetPage {
    l: Layout,
    d: TargetSheet,
    errors: Errors,
    values: BTreeMap<String, String>,
}

impl SheetPage {
    fn p(&self, v: &Option<i64>) -> String {
        pts(v)
    }
    fn max(&self, v: &i64) -> String {
        show_points(*v)
    }
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
    fn evidence_href(&self, e: &EvidenceView) -> Option<String> {
        evidence_href(e)
    }
    fn kinds(&self) -> [&'static str; 6] {
        EVIDENCE_KINDS
    }
    /// A file's size as shown.
    fn size(&self, bytes: &i64) -> String {
        if *bytes >= 1024 * 1024 {
            format!("{:.1} MB", *bytes as f64 / 1024.0 / 1024.0)
        } else {
            format!("{} KB", (bytes + 1023) / 1024)
        }
    }
    /// Whether evidence kind `k` was chosen in the form `ef` sent back.
    fn picked(&self, ef: &str, k: &str) -> bool {
        self.val(&format!("{ef}.kind")) == k
    }
}

/// The page of the record a piece of evidence links to, when the reader reads it.
pub(crate) fn evidence_href(e: &EvidenceView) -> Option<String> {
    let id = e.record_id.filter(|_| e.readable)?;
    Some(match (e.kind.as_str(), e.parent_id) {
        ("activity", _) => format!("/activities/{id}"),
        ("task", _) => format!("/tasks/{id}"),
        ("request", _) => format!("/requests/{id}"),
        ("file", _) => format!("/requests/files/{id}"),
        ("achievement", Some(studio)) => format!("/achievements?studio={studio}"),
        _ => return None,
    })
}

#[derive(Deserialize, Default)]
pub(crate) struct OkQ {
    ok: Option<String>,
}

async fn sheet_page(
    st: &AppState,
    me: &Me,
    (id, tid): (i64, i64),
    flash: Option<&str>,
    errors: BTreeMap<String, String>,
    values: BTreeMap<String, String>,
) -> WebResult<SheetPage> {
    let d = st
        .store
        .scoped(&me.actor)
        .evaluation()
        .sheet(id, tid)
        .await?;
    let path = format!("/rounds/{id}/targets/{tid}");
    Ok(SheetPage {
        l: Layout::new(&me.ctx, "evaluation", "evaluation.sheet_title", &path).with_flash(flash),
        d,
        errors: Errors(errors),
        values,
    })
}

/// The sheet again with `errors` (422), after a form of one of its cards failed.
pub(super) async fn sheet_with_errors(
    st: &AppState,
    me: &Me,
    ids: (i64, i64),
    errors: BTreeMap<String, String>,
    values: BTreeMap<String, String>,
) -> WebResult<Response> {
    let p = sheet_page(st, me, ids, None, errors, values).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
}

pub(crate) async fn show(
    State(st): State<AppState>,
    me: Me,
    Path((id, tid)): Path<(i64, i64)>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    let p = sheet_page(
        &st,
        &me,
        (id, tid),
        q.ok.as_deref(),
        BTreeMap::new(),
        BTreeMap::new(),
    )
    .await?;
    Ok(page(&p))
}

async fn score(
    st: AppState,
    me: Me,
    (id, tid, iid): (i64, i64, i64),
    side: Side,
    fields: Fields,
) -> WebResult<Response> {
    let input = ScoreInput {
        score: field(&fields, "score"),
        note: field(&fields, "note"),
    };
    let s = st.store.scoped(&me.actor);
    match s.evaluation().score(id, tid, iid, side, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "/rounds/{id}/targets/{tid}?ok=ok.evaluation_scored#i{iid}"
        ))),
        Err(e) => {
            let form = format!("i{iid}");
            let f = FormFailure::of(&form, WebError::from(e), me.ctx.tr(), &fields)?;
            let p = sheet_page(&st, &me, (id, tid), None, f.errors, f.values).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

pub(crate) async fn self_score(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64, i64)>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    score(st, me, ids, Side::SelfScore, fields).await
}

/// Links evidence to an item from its card: an existing record by kind and id, or a URL.
pub(crate) async fn add_evidence(
    State(st): State<AppState>,
    me: Me,
    Path((id, tid, iid)): Path<(i64, i64, i64)>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = EvidenceInput {
        kind: field(&fields, "kind"),
        record_id: field(&fields, "record_id"),
        label: field(&fields, "label"),
        url: field(&fields, "url"),
    };
    let s = st.store.scoped(&me.actor);
    match s.evaluation().add_evidence(id, tid, iid, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "/rounds/{id}/targets/{tid}?ok=ok.evaluation_evidence_added#i{iid}"
        ))),
        Err(e) => {
            let form = format!("e{iid}");
            let f = FormFailure::of(&form, WebError::from(e), me.ctx.tr(), &fields)?;
            let p = sheet_page(&st, &me, (id, tid), None, f.errors, f.values).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

pub(crate) async fn review_score(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64, i64)>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    score(st, me, ids, Side::Review, fields).await
}

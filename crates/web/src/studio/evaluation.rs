//! A studio's evaluation history (the published studio rounds that assessed it, each with its
//! score, the lifecycle move its rules propose and what was done), where the studio's
//! managers accept a proposal (the move made, with the decision's document number) or reject
//! it with a reason; and the managers' list of proposals awaiting a decision.

use crate::error::WebResult;
use crate::pages::{form_failure, page, parse_page, render, see_other, Errors, Layout, Me, Pager};
use crate::studio::pages::studio::StudioHead;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::studio::proposal::{AcceptInput, RejectInput};
use touyan_storage::studio::proposals::{PendingProposalView, StudioRoundView};

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/studios/{id}/rounds", get(history))
        .route("/studios/{id}/rounds/{rid}/accept", post(accept))
        .route("/studios/{id}/rounds/{rid}/reject", post(reject))
        .route("/studio-proposals", get(pending))
}

#[derive(Template)]
#[template(path = "studio/rounds.html")]
struct HistoryPage {
    l: Layout,
    head: StudioHead,
    rows: Vec<StudioRoundView>,
    /// The round whose form failed, with its fields' errors and values.
    failed: Option<i64>,
    values: BTreeMap<String, String>,
    errors: Errors,
}

impl HistoryPage {
    fn pts(&self, v: &i64) -> String {
        show_points(*v)
    }
    fn err(&self, round: &i64, field: &str) -> &str {
        if self.failed == Some(*round) {
            self.errors.get(field)
        } else {
            ""
        }
    }
    fn val(&self, round: &i64, field: &str) -> &str {
        match self.failed {
            Some(r) if r == *round => self.values.get(field).map(String::as_str).unwrap_or(""),
            _ => "",
        }
    }
}

#[derive(Deserialize, Default)]
struct OkQ {
    ok: Option<String>,
}

async fn history_page(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    failed: Option<(i64, BTreeMap<String, String>, Vec<(String, String)>)>,
) -> WebResult<HistoryPage> {
    let s = st.store.scoped(&me.actor);
    let head = StudioHead::load(s, me.ctx.tr(), id, "rounds").await?;
    let rows = s.studios().evaluation_history(id).await?;
    let mut l = Layout::new(
        &me.ctx,
        "studios",
        "studio.title.list",
        &format!("/studios/{id}/rounds"),
    )
    .with_flash(flash);
    l.title = head.name.clone();
    let (failed, errors, values) = match failed {
        Some((r, e, v)) => (Some(r), e, v.into_iter().collect()),
        None => (None, BTreeMap::new(), BTreeMap::new()),
    };
    Ok(HistoryPage {
        l,
        head,
        rows,
        failed,
        values,
        errors: Errors(errors),
    })
}

async fn history(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    Ok(page(
        &history_page(&st, &me, id, q.ok.as_deref(), None).await?,
    ))
}

use crate::pages::{field, Fields};

/// Hundredths of a point as points: `9500` → `95`, `8250` → `82.5`.
pub(crate) fn show_points(h: i64) -> String {
    let s = format!("{}.{:02}", h / 100, (h % 100).abs());
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The page after a decision: back to the history with a notice, or the form's errors.
async fn decided<T>(
    st: &AppState,
    me: &Me,
    (id, rid): (i64, i64),
    r: touyan_storage::Result<T>,
    ok: &str,
    fields: Fields,
) -> WebResult<Response> {
    match r {
        Ok(_) => Ok(see_other(&format!("/studios/{id}/rounds?ok={ok}"))),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            let p = history_page(st, me, id, None, Some((rid, errors, fields))).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

async fn accept(
    State(st): State<AppState>,
    me: Me,
    Path((id, rid)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let input = AcceptInput {
        document_no: field(&f, "document_no"),
        on: field(&f, "on"),
    };
    let s = st.store.scoped(&me.actor);
    let r = s.studios().accept_proposal(id, rid, &input).await;
    decided(&st, &me, (id, rid), r, "ok.stround_accepted", f).await
}

async fn reject(
    State(st): State<AppState>,
    me: Me,
    Path((id, rid)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let input = RejectInput {
        reason: field(&f, "reason"),
    };
    let s = st.store.scoped(&me.actor);
    let r = s.studios().reject_proposal(id, rid, &input).await;
    decided(&st, &me, (id, rid), r, "ok.stround_rejected", f).await
}

#[derive(Template)]
#[template(path = "studio/proposals.html")]
struct PendingPage {
    l: Layout,
    rows: Vec<PendingProposalView>,
    pager: Pager,
}

impl PendingPage {
    fn pts(&self, v: &i64) -> String {
        show_points(*v)
    }
}

#[derive(Deserialize, Default)]
struct ListQ {
    page: Option<String>,
    per_page: Option<String>,
}

async fn pending(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    let req = parse_page(&q.page, &q.per_page)?;
    let p = st
        .store
        .scoped(&me.actor)
        .studios()
        .pending_proposals(None, req)
        .await?;
    Ok(page(&PendingPage {
        l: Layout::new(
            &me.ctx,
            "studio_proposals",
            "stround.pending",
            "/studio-proposals",
        ),
        pager: Pager::new(req, p.total, &[]),
        rows: p.items,
    }))
}

//! Change requests (修改申请) to locked activity records: over the API (listed, proposed,
//! approved, rejected, withdrawn), the page forms deciding them, the table setting the
//! proposed values beside the record's own, and the superior's to-do of pending requests.

use super::activity_form::first;
use super::activity_pages::with_decide_error;
use super::io::named;
use crate::api::ApiJson;
use crate::area::{Todo, TodoAnswer};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::pages::{form_failure, see_other, Me};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Form, Json};
use serde::Deserialize;
use std::collections::HashMap;
use touyan_domain::cadence::{parse_proposal, ActivityInput, AttendanceInput, ChangeStep};
use touyan_storage::cadence::{ActivityView, ChangeView};
use touyan_storage::kit::today;
use touyan_storage::Scoped;

/// A change proposed to a locked activity.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct ChangeBody {
    /// The activity's new values, as its update takes them (the organization stays; left
    /// out, it is the record's own).
    #[serde(default)]
    pub proposed: ActivityInput,
    /// Why the change is asked for (required, at most 500 characters).
    #[serde(default)]
    pub reason: String,
}

/// A superior's decision on a change request.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct DecisionBody {
    /// Why it is rejected (required to reject, at most 500 characters).
    #[serde(default)]
    pub note: String,
}

/// The change requests of an activity, latest first.
#[utoipa::path(get, path = "/api/v1/activities/{id}/changes", tag = "cadence",
    params(("id" = i64, Path, description = "The activity")),
    responses((status = 200, body = [ChangeView]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_api(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<ChangeView>>> {
    Ok(Json(
        st.store.scoped(&me.actor).cadence().changes(id).await?,
    ))
}

/// One change request of an activity (404 when the activity is out of the caller's reach or
/// the request is another activity's).
#[utoipa::path(get, path = "/api/v1/activities/{id}/changes/{cid}", tag = "cadence",
    params(("id" = i64, Path, description = "The activity"),
        ("cid" = i64, Path, description = "The change request")),
    responses((status = 200, body = ChangeView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_api(
    State(st): State<AppState>,
    me: Authed,
    Path((id, cid)): Path<(i64, i64)>,
) -> WebResult<Json<ChangeView>> {
    Ok(Json(
        st.store.scoped(&me.actor).cadence().change(id, cid).await?,
    ))
}

/// Proposes new values for a locked activity, for a superior to decide: by one who records
/// its organization's activities (403), once it is locked (409 before), one pending request
/// at a time (422).
#[utoipa::path(post, path = "/api/v1/activities/{id}/changes", tag = "cadence",
    params(("id" = i64, Path, description = "The activity")), request_body = ChangeBody,
    responses((status = 201, body = ChangeView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn propose_api(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(mut body): ApiJson<ChangeBody>,
) -> WebResult<(StatusCode, Json<ChangeView>)> {
    let s = st.store.scoped(&me.actor);
    if body.proposed.node_id.trim().is_empty() {
        body.proposed.node_id = s.cadence().activity(id).await?.0.node_id.to_string();
    }
    let types = s.cadence().type_codes().await?;
    let p = parse_proposal(&body.proposed, &body.reason, &types, today())?;
    Ok((
        StatusCode::CREATED,
        Json(s.cadence().propose_change(id, p).await?),
    ))
}

async fn step_api(
    st: &AppState,
    me: &Authed,
    (id, cid): (i64, i64),
    step: ChangeStep,
    note: &str,
) -> WebResult<Json<ChangeView>> {
    let s = st.store.scoped(&me.actor);
    let types = s.cadence().type_codes().await?;
    Ok(Json(
        s.cadence()
            .decide_change(id, cid, step, note, &types)
            .await?,
    ))
}

/// Approves a pending change request: the proposed values are checked again and written as
/// an update writes them. By a superior of the activity's organization (403 otherwise).
#[utoipa::path(post, path = "/api/v1/activities/{id}/changes/{cid}/approve", tag = "cadence",
    params(("id" = i64, Path, description = "The activity"),
        ("cid" = i64, Path, description = "The change request")),
    responses((status = 200, body = ChangeView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn approve_api(
    State(st): State<AppState>,
    me: Authed,
    Path(ids): Path<(i64, i64)>,
) -> WebResult<Json<ChangeView>> {
    step_api(&st, &me, ids, ChangeStep::Approve, "").await
}

/// Rejects a pending change request with a reason; the record stays as it is.
#[utoipa::path(post, path = "/api/v1/activities/{id}/changes/{cid}/reject", tag = "cadence",
    params(("id" = i64, Path, description = "The activity"),
        ("cid" = i64, Path, description = "The change request")), request_body = DecisionBody,
    responses((status = 200, body = ChangeView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn reject_api(
    State(st): State<AppState>,
    me: Authed,
    Path(ids): Path<(i64, i64)>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> WebResult<Json<ChangeView>> {
    step_api(&st, &me, ids, ChangeStep::Reject, &body.note).await
}

/// Withdraws a pending change request: by its author only.
#[utoipa::path(post, path = "/api/v1/activities/{id}/changes/{cid}/withdraw", tag = "cadence",
    params(("id" = i64, Path, description = "The activity"),
        ("cid" = i64, Path, description = "The change request")),
    responses((status = 200, body = ChangeView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn withdraw_api(
    State(st): State<AppState>,
    me: Authed,
    Path(ids): Path<(i64, i64)>,
) -> WebResult<Json<ChangeView>> {
    step_api(&st, &me, ids, ChangeStep::Withdraw, "").await
}

use crate::pages::Fields;

/// A decision taken through the page: back to the activity, or its page with why not (422).
async fn step_page(
    st: &AppState,
    me: &Me,
    (id, cid): (i64, i64),
    step: ChangeStep,
    note: &str,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let types = s.cadence().type_codes().await?;
    match s.cadence().decide_change(id, cid, step, note, &types).await {
        Ok(c) => Ok(see_other(&format!(
            "/activities/{id}?ok=ok.cadence_change_{}",
            c.state
        ))),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            let why: Vec<String> = errors.into_values().collect();
            with_decide_error(st, me, id, why.join("；")).await
        }
    }
}

pub(crate) async fn approve(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
) -> WebResult<Response> {
    step_page(&st, &me, ids, ChangeStep::Approve, "").await
}

pub(crate) async fn reject(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    step_page(&st, &me, ids, ChangeStep::Reject, first(&fields, "note")).await
}

pub(crate) async fn withdraw(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
) -> WebResult<Response> {
    step_page(&st, &me, ids, ChangeStep::Withdraw, "").await
}

/// One line of the table setting a request's values beside the record's.
pub(crate) struct DiffRow {
    pub label: &'static str,
    pub current: String,
    pub proposed: String,
    pub changed: bool,
}

/// What the activity's page shows of its change requests.
#[derive(Default)]
pub(crate) struct ChangePart {
    /// The request waiting on a decision, with its values beside the record's.
    pub pending: Option<ChangeView>,
    pub diff: Vec<DiffRow>,
    /// The latest request decided or withdrawn, when none is pending.
    pub last: Option<ChangeView>,
    /// The caller may ask for a change (the record is locked and none is pending).
    pub may_propose: bool,
}

impl ChangePart {
    pub(crate) async fn read(
        s: Scoped<'_>,
        tr: Tr,
        a: &ActivityView,
        names: &HashMap<String, String>,
    ) -> WebResult<ChangePart> {
        let mut all = s.cadence().changes(a.id).await?;
        let pending = all.iter().position(|c| c.state == "pending");
        let mut part = ChangePart {
            may_propose: s.cadence().may_propose(a.id).await?,
            ..Default::default()
        };
        match pending {
            Some(i) => {
                let c = all.remove(i);
                part.diff = diff(tr, a, &c, names);
                part.pending = Some(c);
            }
            None => part.last = all.into_iter().next(),
        }
        Ok(part)
    }
}

/// Those on leave (with the reason) and absent, as one line; all present when none.
fn attendance_text(tr: Tr, lines: &[(String, String, String)]) -> String {
    let mut parts = Vec::new();
    for status in ["leave", "absent"] {
        let who: Vec<String> = lines
            .iter()
            .filter(|(_, s, _)| s == status)
            .map(|(n, _, r)| {
                if r.is_empty() {
                    n.clone()
                } else {
                    format!("{n}（{r}）")
                }
            })
            .collect();
        if !who.is_empty() {
            let label = tr.t(&format!("cadence.attendance.{status}"));
            parts.push(format!("{label}：{}", who.join("、")));
        }
    }
    if parts.is_empty() {
        tr.t("cadence.change_all_present").to_string()
    } else {
        parts.join("；")
    }
}

fn diff(tr: Tr, a: &ActivityView, c: &ChangeView, names: &HashMap<String, String>) -> Vec<DiffRow> {
    let p: ActivityInput = serde_json::from_value(c.proposed.clone()).unwrap_or_default();
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let name_of = |id: i64| {
        a.attendance
            .iter()
            .find(|x| x.person_id == id)
            .map_or_else(|| id.to_string(), |x| x.name.clone())
    };
    let now: Vec<_> = a
        .attendance
        .iter()
        .map(|x| (x.name.clone(), x.status.clone(), o(&x.reason)))
        .collect();
    let asked: Vec<_> = p
        .attendance
        .iter()
        .map(|x: &AttendanceInput| (name_of(x.person_id), x.status.clone(), x.reason.clone()))
        .collect();
    let rows = [
        (
            "cadence.col.types",
            named(names, &a.types),
            named(names, &p.types),
        ),
        ("cadence.col.held_at", a.held_at.clone(), p.held_at.clone()),
        ("cadence.col.topic", a.topic.clone(), p.topic.clone()),
        ("cadence.col.place", o(&a.place), p.place.clone()),
        ("cadence.col.host", o(&a.host), p.host.clone()),
        ("cadence.col.recorder", o(&a.recorder), p.recorder.clone()),
        ("cadence.col.lecturer", o(&a.lecturer), p.lecturer.clone()),
        ("cadence.col.minutes", o(&a.minutes), p.minutes.clone()),
        (
            "cadence.attendance_title",
            attendance_text(tr, &now),
            attendance_text(tr, &asked),
        ),
    ];
    rows.into_iter()
        .map(|(key, current, proposed)| DiffRow {
            label: tr.t(key),
            changed: current != proposed,
            current,
            proposed,
        })
        .collect()
}

/// The area's `todos`: the change requests waiting on the caller's decision.
pub(super) fn waiting(s: Scoped<'_>, tr: Tr) -> TodoAnswer<'_> {
    Box::pin(async move {
        let total = s.cadence().changes_to_decide().await?;
        if total == 0 {
            return Ok(vec![]);
        }
        let href = "/activities?changes=pending".to_string();
        Ok(vec![Todo {
            label: tr.t("todo.cadence.changes").to_string(),
            total,
            href: href.clone(),
            overdue: 0,
            overdue_href: href.clone(),
            carded: 0,
            carded_href: href,
        }])
    })
}

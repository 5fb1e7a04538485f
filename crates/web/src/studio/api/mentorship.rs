//! Mentorship (名师帮带) and training sessions (学习培训) of a studio over the API: mentorships
//! with their session records, closing and outcomes; training sessions with their materials;
//! the mentorship ledger as .xlsx.

use crate::api::{double_option, page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::require::require;
use crate::xlsx::{self, Cell, EXPORT_CAP};
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::files::MAX_FILE_BYTES;
use touyan_domain::studio::mentorship::{
    hours_text, ApprenticeInput, MentorshipInput, TrainingInput,
};
use touyan_storage::kit::files::Upload;
use touyan_storage::studio::mentorship::{
    MentorshipCounts, MentorshipFilter, MentorshipPatch, MentorshipView, OutcomeView, SessionView,
    TrainingPatch, TrainingView,
};
use touyan_storage::studio::FileView;
use touyan_storage::StorageError;
use utoipa::OpenApi;

/// One material per call, plus room for the form's framing.
const MATERIAL_LIMIT: usize = MAX_FILE_BYTES + 64 * 1024;

pub fn routes() -> crate::routes::Routes {
    let write = || require(Permission::StudioWrite);
    crate::routes::Routes::new()
        .route("/v1/mentorships/export.xlsx", get(export_all))
        .route(
            "/v1/studios/{id}/mentorships",
            post(create_mentorship)
                .route_layer(write())
                .get(list_mentorships),
        )
        .route(
            "/v1/studios/{id}/mentorships/export.xlsx",
            get(export_studio),
        )
        .route("/v1/studios/{id}/mentorships/counts", get(counts))
        .route(
            "/v1/studios/{id}/mentorships/{mid}",
            axum::routing::patch(update_mentorship)
                .delete(delete_mentorship)
                .route_layer(write())
                .get(get_mentorship),
        )
        .route(
            "/v1/studios/{id}/mentorships/{mid}/sessions",
            post(add_session).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/mentorships/{mid}/sessions/{rid}",
            delete(delete_session).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/mentorships/{mid}/close",
            post(close).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/mentorships/{mid}/outcomes",
            post(add_outcome).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/mentorships/{mid}/outcomes/{oid}",
            delete(delete_outcome).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/sessions",
            post(create_training)
                .route_layer(write())
                .get(list_training),
        )
        .route(
            "/v1/studios/{id}/sessions/{sid}",
            axum::routing::patch(update_training)
                .delete(delete_training)
                .route_layer(write())
                .get(get_training),
        )
        .route(
            "/v1/studios/{id}/sessions/{sid}/materials",
            post(add_material)
                .layer(DefaultBodyLimit::max(MATERIAL_LIMIT))
                .route_layer(write()),
        )
}

// ---- mentorships

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MentorshipQuery {
    /// `open` or `closed`.
    state: Option<String>,
    /// Mentorships this person leads or is an apprentice in.
    person: Option<i64>,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/mentorships", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), MentorshipQuery),
    responses((status = 200, body = PageOf<MentorshipView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_mentorships(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<MentorshipQuery>,
) -> WebResult<Json<PageOf<MentorshipView>>> {
    let page = page_request(q.page, q.per_page)?;
    let f = MentorshipFilter {
        state: q.state,
        person: q.person,
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_mentorships()
            .list(id, &f, page)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ApprenticeBody {
    person_id: Option<i64>,
    /// `core` or `other`; blank is `core` in a pair and `other` in a group.
    tier: Option<String>,
}

impl ApprenticeBody {
    fn input(self) -> ApprenticeInput {
        ApprenticeInput {
            person_id: self.person_id,
            tier: self.tier.unwrap_or_default(),
        }
    }
}

/// A mentorship. On PATCH absent fields are kept and `null` clears `plan` and
/// `planned_end_on`; `apprentices`, when given, is the whole new list.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct MentorshipBody {
    title: Option<String>,
    mentor_id: Option<i64>,
    /// `pair` (一对一带教, exactly one apprentice) or `group` (1+5+N: at most 5 core).
    shape: Option<String>,
    apprentices: Option<Vec<ApprenticeBody>>,
    /// `YYYY-MM-DD`, not in the future.
    started_on: Option<String>,
    goals: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    plan: Option<Option<String>>,
    /// On or after `started_on`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    planned_end_on: Option<Option<String>>,
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/mentorships", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")), request_body = MentorshipBody,
    responses((status = 201, body = MentorshipView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_mentorship(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<MentorshipBody>,
) -> WebResult<(StatusCode, Json<MentorshipView>)> {
    let input = MentorshipInput {
        title: b.title.unwrap_or_default(),
        mentor_id: b.mentor_id,
        shape: b.shape.unwrap_or_default(),
        apprentices: b
            .apprentices
            .unwrap_or_default()
            .into_iter()
            .map(ApprenticeBody::input)
            .collect(),
        started_on: b.started_on.unwrap_or_default(),
        goals: b.goals.unwrap_or_default(),
        plan: b.plan.flatten().unwrap_or_default(),
        planned_end_on: b.planned_end_on.flatten().unwrap_or_default(),
    };
    let v = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .create(id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/mentorships/{mid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship")),
    responses((status = 200, body = MentorshipView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_mentorship(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<Json<MentorshipView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_mentorships()
            .get(id, mid)
            .await?,
    ))
}

#[utoipa::path(patch, path = "/api/v1/studios/{id}/mentorships/{mid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship")), request_body = MentorshipBody,
    responses((status = 200, body = MentorshipView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_mentorship(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<MentorshipBody>,
) -> WebResult<Json<MentorshipView>> {
    let patch = MentorshipPatch {
        title: b.title,
        mentor_id: b.mentor_id,
        shape: b.shape,
        apprentices: b
            .apprentices
            .map(|l| l.into_iter().map(ApprenticeBody::input).collect()),
        started_on: b.started_on,
        goals: b.goals,
        plan: b.plan.map(Option::unwrap_or_default),
        planned_end_on: b.planned_end_on.map(Option::unwrap_or_default),
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_mentorships()
            .update(id, mid, patch)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/mentorships/{mid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete_mentorship(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_mentorships()
        .delete(id, mid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Hours as a number (`1.5`) or as text (`"1.5"`).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum Hours {
    Number(f64),
    Text(String),
}

impl Hours {
    fn text(self) -> String {
        match self {
            Hours::Number(n) => n.to_string(),
            Hours::Text(s) => s,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SessionBody {
    /// `YYYY-MM-DD`, between the start of the mentorship and today.
    held_on: Option<String>,
    content: Option<String>,
    /// 0.5 to 24, one decimal.
    hours: Option<Hours>,
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/mentorships/{mid}/sessions", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship")), request_body = SessionBody,
    responses((status = 201, body = SessionView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_session(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<SessionBody>,
) -> WebResult<(StatusCode, Json<SessionView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .add_session(
            id,
            mid,
            &b.held_on.unwrap_or_default(),
            &b.content.unwrap_or_default(),
            &b.hours.map(Hours::text).unwrap_or_default(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/mentorships/{mid}/sessions/{rid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship"), ("rid" = i64, Path, description = "Id of the session")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete_session(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid, rid)): Path<(i64, i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_mentorships()
        .delete_session(id, mid, rid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CloseBody {
    /// On or after the start and the last session, not in the future.
    closed_on: Option<String>,
    /// `excellent`, `good`, `pass` or `fail`.
    grade: Option<String>,
    comment: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/mentorships/{mid}/close", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship")), request_body = CloseBody,
    responses((status = 200, body = MentorshipView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn close(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<CloseBody>,
) -> WebResult<Json<MentorshipView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_mentorships()
            .close(
                id,
                mid,
                &b.closed_on.unwrap_or_default(),
                &b.grade.unwrap_or_default(),
                &b.comment.unwrap_or_default(),
            )
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OutcomeBody {
    /// One of the mentorship's apprentices.
    person_id: Option<i64>,
    /// `promoted`, `certified`, `subproject` or `award`.
    kind: Option<String>,
    achieved_on: Option<String>,
    description: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/mentorships/{mid}/outcomes", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship")), request_body = OutcomeBody,
    responses((status = 201, body = OutcomeView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_outcome(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<OutcomeBody>,
) -> WebResult<(StatusCode, Json<OutcomeView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .add_outcome(
            id,
            mid,
            b.person_id,
            &b.kind.unwrap_or_default(),
            &b.achieved_on.unwrap_or_default(),
            &b.description.unwrap_or_default(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/mentorships/{mid}/outcomes/{oid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship"), ("oid" = i64, Path, description = "Id of the outcome")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete_outcome(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid, oid)): Path<(i64, i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_mentorships()
        .delete_outcome(id, mid, oid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Mentorship and training figures of a studio.
#[utoipa::path(get, path = "/api/v1/studios/{id}/mentorships/counts", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    responses((status = 200, body = MentorshipCounts), (status = 404, body = crate::api::ErrorBody)))]
pub async fn counts(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<MentorshipCounts>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_mentorships()
            .counts(id)
            .await?,
    ))
}

// ---- spreadsheets

const HEADERS: [&str; 16] = [
    "ment.col.id",
    "ment.col.studio",
    "ment.col.title",
    "ment.col.mentor",
    "ment.col.shape",
    "ment.col.apprentices",
    "ment.col.started_on",
    "ment.col.planned_end_on",
    "ment.col.goals",
    "ment.col.sessions",
    "ment.col.hours",
    "ment.col.state",
    "ment.col.closed_on",
    "ment.col.grade",
    "ment.col.comment",
    "ment.col.outcomes",
];

fn row(tr: Tr, m: MentorshipView) -> Vec<Cell> {
    let apprentices: Vec<String> = m
        .apprentices
        .iter()
        .map(|a| {
            format!(
                "{}（{}）",
                a.person_name,
                tr.t(&format!("ment.tier_{}", a.tier))
            )
        })
        .collect();
    let outcomes: Vec<String> = m
        .outcomes
        .iter()
        .map(|o| {
            format!(
                "{} {} {}：{}",
                o.achieved_on,
                o.person_name,
                tr.t(&format!("ment.outcome_{}", o.kind)),
                o.description
            )
        })
        .collect();
    let tenths = (m.hours * 10.0).round() as i32;
    vec![
        m.id.into(),
        m.studio_name.into(),
        m.title.into(),
        m.mentor_name.into(),
        tr.t(&format!("ment.shape_{}", m.shape)).into(),
        apprentices.join("、").into(),
        m.started_on.to_string().into(),
        m.planned_end_on.map(|d| d.to_string()).into(),
        m.goals.into(),
        (m.sessions.len() as i64).into(),
        hours_text(tenths).into(),
        tr.t(if m.closed_on.is_some() {
            "ment.closed"
        } else {
            "ment.open"
        })
        .into(),
        m.closed_on.map(|d| d.to_string()).into(),
        m.grade
            .map(|g| tr.t(&format!("ment.grade_{g}")).to_string())
            .into(),
        m.closing_comment.into(),
        outcomes.join("；").into(),
    ]
}

fn sheet(tr: Tr, rows: Vec<MentorshipView>) -> WebResult<Response> {
    let rows = rows.into_iter().map(|m| row(tr, m)).collect();
    let name = format!("{}.xlsx", tr.t("ment.sheet"));
    xlsx::download_keys(tr, &name, "ment.sheet", &HEADERS, rows)
}

/// The studio's mentorships as .xlsx, with headers in the caller's language.
#[utoipa::path(get, path = "/api/v1/studios/{id}/mentorships/export.xlsx", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              (status = 404, body = crate::api::ErrorBody)))]
pub async fn export_studio(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let rows = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .all_in_studio(id, EXPORT_CAP)
        .await?;
    sheet(me.ctx.tr(), rows)
}

/// Every mentorship of the studios in the caller's scope as .xlsx.
#[utoipa::path(get, path = "/api/v1/mentorships/export.xlsx", tag = "studios",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export_all(State(st): State<AppState>, me: Authed) -> WebResult<Response> {
    let rows = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .all(EXPORT_CAP)
        .await?;
    sheet(me.ctx.tr(), rows)
}

// ---- training sessions

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrainingQuery {
    page: Option<i64>,
    per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/sessions", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), TrainingQuery),
    responses((status = 200, body = PageOf<TrainingView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_training(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<TrainingQuery>,
) -> WebResult<Json<PageOf<TrainingView>>> {
    let page = page_request(q.page, q.per_page)?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_training()
            .list(id, page)
            .await?
            .into(),
    ))
}

/// A training session. On PATCH absent fields are kept and `null` clears `place` and
/// `summary`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct TrainingBody {
    topic: Option<String>,
    /// `YYYY-MM-DD`, not in the future.
    held_on: Option<String>,
    /// At least 1.
    expected: Option<i64>,
    /// 0 to `expected`.
    attended: Option<i64>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    place: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    summary: Option<Option<String>>,
    /// Shared with the studio's alliances; false when absent on creation.
    shared: Option<bool>,
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/sessions", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")), request_body = TrainingBody,
    responses((status = 201, body = TrainingView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_training(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<TrainingBody>,
) -> WebResult<(StatusCode, Json<TrainingView>)> {
    let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let input = TrainingInput {
        topic: b.topic.unwrap_or_default(),
        held_on: b.held_on.unwrap_or_default(),
        expected: num(b.expected),
        attended: num(b.attended),
        place: b.place.flatten().unwrap_or_default(),
        summary: b.summary.flatten().unwrap_or_default(),
        shared: b.shared.unwrap_or(false),
    };
    let v = st
        .store
        .scoped(&me.actor)
        .studio_training()
        .create(id, &input, &[])
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/sessions/{sid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("sid" = i64, Path, description = "Id of the session")),
    responses((status = 200, body = TrainingView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_training(
    State(st): State<AppState>,
    me: Authed,
    Path((id, sid)): Path<(i64, i64)>,
) -> WebResult<Json<TrainingView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_training()
            .get(id, sid)
            .await?,
    ))
}

#[utoipa::path(patch, path = "/api/v1/studios/{id}/sessions/{sid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("sid" = i64, Path, description = "Id of the session")), request_body = TrainingBody,
    responses((status = 200, body = TrainingView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_training(
    State(st): State<AppState>,
    me: Authed,
    Path((id, sid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<TrainingBody>,
) -> WebResult<Json<TrainingView>> {
    let patch = TrainingPatch {
        topic: b.topic,
        held_on: b.held_on,
        expected: b.expected.map(|n| n.to_string()),
        attended: b.attended.map(|n| n.to_string()),
        place: b.place.map(Option::unwrap_or_default),
        summary: b.summary.map(Option::unwrap_or_default),
        shared: b.shared,
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_training()
            .update(id, sid, patch)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/sessions/{sid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("sid" = i64, Path, description = "Id of the session")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete_training(
    State(st): State<AppState>,
    me: Authed,
    Path((id, sid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_training()
        .delete(id, sid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Attaches the `file` part of a multipart body to a training session; it is downloaded at
/// `/studios/files/{file id}`.
#[utoipa::path(post, path = "/api/v1/studios/{id}/sessions/{sid}/materials", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("sid" = i64, Path, description = "Id of the session")),
    request_body(content_type = "multipart/form-data", description = "a `file` part: PDF, image, Office document or text, at most 20 MiB"),
    responses((status = 201, body = FileView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_material(
    State(st): State<AppState>,
    me: Authed,
    Path((id, sid)): Path<(i64, i64)>,
    mut m: Multipart,
) -> WebResult<(StatusCode, Json<FileView>)> {
    let up = material_part(&mut m).await?;
    let f = st
        .store
        .scoped(&me.actor)
        .studio_training()
        .add_material(id, sid, &up)
        .await?;
    Ok((StatusCode::CREATED, Json(f)))
}

/// The `file` part of a multipart body.
async fn material_part(m: &mut Multipart) -> WebResult<Upload> {
    let bad = |_| WebError::BadRequest("err.body_too_large");
    while let Some(field) = m.next_field().await.map_err(bad)? {
        if field.name() == Some("file") {
            let file_name = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(bad)?;
            if file_name.is_empty() && bytes.is_empty() {
                break;
            }
            return Ok(Upload {
                file_name,
                bytes: bytes.to_vec(),
            });
        }
    }
    Err(StorageError::field("file", "err.file_missing").into())
}

#[derive(OpenApi)]
#[openapi(paths(
    list_mentorships,
    create_mentorship,
    get_mentorship,
    update_mentorship,
    delete_mentorship,
    add_session,
    delete_session,
    close,
    add_outcome,
    delete_outcome,
    counts,
    export_studio,
    export_all,
    list_training,
    create_training,
    get_training,
    update_training,
    delete_training,
    add_material,
))]
pub struct Doc;

//! A mentorship's sessions, outcomes and closing over the API, and the counts.

use super::*;

/// Hours as a number (`1.5`) or as text (`"1.5"`).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum Hours {
    Number(f64),
    Text(String),
}

impl Hours {
    pub(super) fn text(self) -> String {
        match self {
            Hours::Number(n) => n.to_string(),
            Hours::Text(s) => s,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SessionBody {
    /// `YYYY-MM-DD`, between the start of the mentorship and today.
    pub(super) held_on: Option<String>,
    pub(super) content: Option<String>,
    /// 0.5 to 24, one decimal.
    pub(super) hours: Option<Hours>,
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
    pub(super) closed_on: Option<String>,
    /// `excellent`, `good`, `pass` or `fail`.
    pub(super) grade: Option<String>,
    pub(super) comment: Option<String>,
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
    pub(super) person_id: Option<i64>,
    /// `promoted`, `certified`, `subproject` or `award`.
    pub(super) kind: Option<String>,
    pub(super) achieved_on: Option<String>,
    pub(super) description: Option<String>,
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

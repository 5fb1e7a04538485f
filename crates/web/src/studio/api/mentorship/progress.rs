//! A mentorship's sessions, outcomes and closing over the API, and the counts.

use super::*;

#[utoipa::path(post, path = "/api/v1/studios/{id}/mentorships/{mid}/sessions", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship")), request_body = SessionInput,
    responses((status = 201, body = SessionView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_session(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<SessionInput>,
) -> WebResult<(StatusCode, Json<SessionView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .add_session(id, mid, &b)
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

#[utoipa::path(post, path = "/api/v1/studios/{id}/mentorships/{mid}/close", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship")), request_body = CloseInput,
    responses((status = 200, body = MentorshipView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn close(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<CloseInput>,
) -> WebResult<Json<MentorshipView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_mentorships()
            .close(id, mid, &b)
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/mentorships/{mid}/outcomes", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship")), request_body = OutcomeInput,
    responses((status = 201, body = OutcomeView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_outcome(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<OutcomeInput>,
) -> WebResult<(StatusCode, Json<OutcomeView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .add_outcome(id, mid, &b)
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

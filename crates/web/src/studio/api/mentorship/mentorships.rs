//! Mentorships over the API: list, create, read, update, delete.

use super::*;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MentorshipQuery {
    /// `open` or `closed`.
    pub(super) state: Option<String>,
    /// Mentorships this person leads or is an apprentice in.
    pub(super) person: Option<i64>,
    pub(super) page: Option<i64>,
    pub(super) per_page: Option<i64>,
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

#[utoipa::path(post, path = "/api/v1/studios/{id}/mentorships", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")), request_body = MentorshipPatch,
    responses((status = 201, body = MentorshipView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_mentorship(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<MentorshipPatch>,
) -> WebResult<(StatusCode, Json<MentorshipView>)> {
    let input = b.into_input();
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

#[utoipa::path(patch, path = "/api/v1/studios/{id}/mentorships/{mid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the mentorship")), request_body = MentorshipPatch,
    responses((status = 200, body = MentorshipView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_mentorship(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
    ApiJson(patch): ApiJson<MentorshipPatch>,
) -> WebResult<Json<MentorshipView>> {
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

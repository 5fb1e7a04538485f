//! A studio's status moves and members over the API.

use super::*;

#[utoipa::path(get, path = "/api/v1/studios/{id}/transitions", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    responses((status = 200, body = Vec<MoveView>)))]
pub async fn moves(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<MoveView>>> {
    Ok(Json(st.store.scoped(&me.actor).studios().moves(id).await?))
}

/// A lifecycle move. A move the table does not allow answers 409 naming the rule.
#[utoipa::path(post, path = "/api/v1/studios/{id}/transitions", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")), request_body = MoveInput,
    responses((status = 201, body = MoveView), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn transition(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MoveInput>,
) -> WebResult<(StatusCode, Json<MoveView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .studios()
        .transition(id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/members", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    responses((status = 200, body = Vec<MemberView>)))]
pub async fn members(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<MemberView>>> {
    Ok(Json(
        st.store.scoped(&me.actor).studios().members(id).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/members", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")), request_body = MemberInput,
    responses((status = 201, body = MemberView), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_member(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<MemberInput>,
) -> WebResult<(StatusCode, Json<MemberView>)> {
    let Some(person) = b.person_id else {
        return Err(StorageError::field("person_id", "err.required").into());
    };
    let v = st
        .store
        .scoped(&me.actor)
        .studios()
        .add_member(id, person, &b.role, &b.joined_on, &b.left_on)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(patch, path = "/api/v1/studios/{id}/members/{mid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the member")), request_body = MemberInput,
    responses((status = 200, body = MemberView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn update_member(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<MemberInput>,
) -> WebResult<Json<MemberView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studios()
            .update_member(id, mid, &b.role, &b.joined_on, &b.left_on)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/members/{mid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("mid" = i64, Path, description = "Id of the member")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn remove_member(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studios()
        .remove_member(id, mid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

//! Alliances over the API.

use super::*;

#[utoipa::path(get, path = "/api/v1/studios/{id}/alliances", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    responses((status = 200, body = Vec<AllianceView>)))]
pub async fn studio_alliances(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<AllianceView>>> {
    Ok(Json(
        st.store.scoped(&me.actor).alliances().of_studio(id).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/alliances", tag = "studios",
    responses((status = 200, body = Vec<AllianceView>)))]
pub async fn alliances(
    State(st): State<AppState>,
    me: Authed,
) -> WebResult<Json<Vec<AllianceView>>> {
    Ok(Json(st.store.scoped(&me.actor).alliances().list().await?))
}

#[utoipa::path(post, path = "/api/v1/alliances", tag = "studios", request_body = AllianceInput,
    responses((status = 201, body = AllianceView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_alliance(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<AllianceInput>,
) -> WebResult<(StatusCode, Json<AllianceView>)> {
    let Some(node) = b.node_id else {
        return Err(StorageError::field("node_id", "err.required").into());
    };
    let v = st
        .store
        .scoped(&me.actor)
        .alliances()
        .create(node, &b.name, &b.description)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/alliances/{id}", tag = "studios", params(("id" = i64, Path, description = "Id of the alliance")),
    responses((status = 200, body = AllianceView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn alliance(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<AllianceView>> {
    Ok(Json(st.store.scoped(&me.actor).alliances().get(id).await?))
}

#[utoipa::path(patch, path = "/api/v1/alliances/{id}", tag = "studios", params(("id" = i64, Path, description = "Id of the alliance")), request_body = AllianceInput,
    responses((status = 200, body = AllianceView), (status = 403, body = crate::api::ErrorBody)))]
pub async fn update_alliance(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AllianceInput>,
) -> WebResult<Json<AllianceView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .alliances()
            .update(id, &b.name, &b.description)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/alliances/{id}/members", tag = "studios", params(("id" = i64, Path, description = "Id of the alliance")),
    responses((status = 200, body = Vec<AllianceMemberView>)))]
pub async fn alliance_members(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<AllianceMemberView>>> {
    Ok(Json(
        st.store.scoped(&me.actor).alliances().members(id).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/alliances/{id}/members", tag = "studios", params(("id" = i64, Path, description = "Id of the alliance")), request_body = JoinInput,
    responses((status = 201, body = AllianceMemberView), (status = 409, body = crate::api::ErrorBody)))]
pub async fn join_alliance(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<JoinInput>,
) -> WebResult<(StatusCode, Json<AllianceMemberView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .alliances()
        .join(id, b.studio_id, &b.joined_on)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(delete, path = "/api/v1/alliances/{id}/members/{studio_id}", tag = "studios", params(("id" = i64, Path, description = "Id of the alliance"), ("studio_id" = i64, Path, description = "Id of the member")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn leave_alliance(
    State(st): State<AppState>,
    me: Authed,
    Path((id, studio_id)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .alliances()
        .leave(id, studio_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What the member studios share: achievements, training sessions (methods) and projects
/// marked shared, with their files. Reads across subtrees are audited.
#[utoipa::path(get, path = "/api/v1/alliances/{id}/shared", tag = "studios", params(("id" = i64, Path, description = "Id of the alliance")),
    responses((status = 200, body = Vec<SharedItem>)))]
pub async fn shared(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<SharedItem>>> {
    Ok(Json(
        st.store.scoped(&me.actor).alliances().shared(id).await?,
    ))
}

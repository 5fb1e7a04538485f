//! The moves on one request over the API: actions, units and files.

use super::*;

/// Takes an action on a request. The caller's role on it comes from its permissions; an
/// action its role or the request's state does not allow answers 409 naming the rule; bad
/// fields answer 422; a caller who only reads the request gets 403.
#[utoipa::path(post, path = "/api/v1/requests/{id}/actions", tag = "requests", params(("id" = i64, Path, description = "Id of the request")), request_body = ActionInput,
    responses((status = 200, body = RequestView), (status = 403, body = crate::api::ErrorBody),
              (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody),
              (status = 422, body = crate::api::ErrorBody)))]
pub async fn act(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ActionInput>,
) -> WebResult<Json<RequestView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .requests()
            .act(id, &input)
            .await?,
    ))
}

/// The units the caller may dispatch or transfer the request to besides the nodes of its own
/// scope: departments along the dispatching chain, the category's default unit first. A caller
/// who may neither dispatch nor transfer the request gets 403.
#[utoipa::path(get, path = "/api/v1/requests/{id}/units", tag = "requests", params(("id" = i64, Path, description = "Id of the request")),
    responses((status = 200, body = Vec<HandlingUnit>), (status = 403, body = crate::api::ErrorBody),
              (status = 404, body = crate::api::ErrorBody)))]
pub async fn units(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<HandlingUnit>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .requests()
            .handling_units(id)
            .await?,
    ))
}

/// Attaches a photo or an evidence file (pdf, image, docx, xlsx, pptx or txt; at most 20 MiB)
/// to a request the caller dispatches or handles; downloaded at `/requests/files/{id}`, cited
/// by a reply's `evidence`.
#[utoipa::path(post, path = "/api/v1/requests/{id}/files", tag = "requests", params(("id" = i64, Path, description = "Id of the request")),
    request_body(content_type = "multipart/form-data", description = "`file`: the photo or document"),
    responses((status = 201, body = RequestFileView), (status = 403, body = crate::api::ErrorBody),
              (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn upload(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<(StatusCode, Json<RequestFileView>)> {
    let (file_name, bytes) = upload_part(&mut m).await?;
    let f = st
        .store
        .scoped(&me.actor)
        .requests()
        .attach(id, &Upload { file_name, bytes })
        .await?;
    Ok((StatusCode::CREATED, Json(f)))
}

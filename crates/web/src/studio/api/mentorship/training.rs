//! Training sessions and their materials over the API.

use super::*;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrainingQuery {
    pub(super) page: Option<i64>,
    pub(super) per_page: Option<i64>,
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

#[utoipa::path(post, path = "/api/v1/studios/{id}/sessions", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")), request_body = TrainingPatch,
    responses((status = 201, body = TrainingView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_training(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<TrainingPatch>,
) -> WebResult<(StatusCode, Json<TrainingView>)> {
    let input = b.into_input();
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

#[utoipa::path(patch, path = "/api/v1/studios/{id}/sessions/{sid}", tag = "studios", params(("id" = i64, Path, description = "Id of the studio"), ("sid" = i64, Path, description = "Id of the session")), request_body = TrainingPatch,
    responses((status = 200, body = TrainingView), (status = 404, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_training(
    State(st): State<AppState>,
    me: Authed,
    Path((id, sid)): Path<(i64, i64)>,
    ApiJson(patch): ApiJson<TrainingPatch>,
) -> WebResult<Json<TrainingView>> {
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
pub(super) async fn material_part(m: &mut Multipart) -> WebResult<Upload> {
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

//! A studio's photos and files over the API, and the public studio.

use super::*;

#[utoipa::path(get, path = "/api/v1/studios/{id}/photos", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    responses((status = 200, body = Vec<FileView>)))]
pub async fn photos(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<FileView>>> {
    Ok(Json(st.store.scoped(&me.actor).studios().photos(id).await?))
}

/// Stores a photo of the studio; the first one becomes the studio's photo.
pub(crate) async fn store_photo(
    s: Scoped<'_>,
    id: i64,
    file_name: String,
    bytes: Vec<u8>,
) -> WebResult<FileView> {
    let f = s
        .studio_files()
        .attach(id, "photo", id, &Upload { file_name, bytes })
        .await?;
    if s.studios().get(id).await?.photo_id.is_none() {
        s.studios().set_photo(id, Some(f.id)).await?;
    }
    Ok(f)
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/photos", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    request_body(content_type = "multipart/form-data", description = "`file`: a PNG, JPEG, WebP or GIF image up to 20 MiB"),
    responses((status = 201, body = FileView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn upload_photo(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<(StatusCode, Json<FileView>)> {
    let (name, bytes) = file_part(&mut m).await?;
    let f = store_photo(st.store.scoped(&me.actor), id, name, bytes).await?;
    Ok((StatusCode::CREATED, Json(f)))
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/photo", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")), request_body = PhotoInput,
    responses((status = 200, body = StudioView)))]
pub async fn set_photo(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<PhotoInput>,
) -> WebResult<Json<StudioView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studios()
            .set_photo(id, b.file_id)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/files/{fid}", tag = "studios", params(("fid" = i64, Path, description = "Id of the file")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_file(
    State(st): State<AppState>,
    me: Authed,
    Path(fid): Path<i64>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_files()
        .delete(fid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A studio's public page data; no sign-in. Only studios that opted in are found.
#[utoipa::path(get, path = "/api/v1/public/studios/{slug}", tag = "studios", params(("slug" = String, Path, description = "The studio's public address name")),
    responses((status = 200, body = PublicStudio), (status = 404, body = crate::api::ErrorBody)))]
pub async fn public_studio(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> WebResult<Json<PublicStudio>> {
    Ok(Json(st.store.public_studio(&slug).await?))
}

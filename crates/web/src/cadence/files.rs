//! Photos and files of an activity record, over the API and from its page: listed with the
//! record, uploaded and removed by those who may change it, downloaded by its readers.

use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, see_other, Me};
use crate::upload_guard::file_part;
use crate::AppState;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use touyan_storage::cadence::ActivityFileView;
use touyan_storage::kit::files::Upload;

/// The files of an activity, oldest first.
#[utoipa::path(get, path = "/api/v1/activities/{id}/files", tag = "cadence",
    params(("id" = i64, Path, description = "The activity")),
    responses((status = 200, body = [ActivityFileView]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_api(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<ActivityFileView>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .cadence()
            .activity_files(id)
            .await?,
    ))
}

/// Adds a photo or file (images, PDF, Office documents, up to 20 MiB; 30 an activity).
#[utoipa::path(post, path = "/api/v1/activities/{id}/files", tag = "cadence",
    params(("id" = i64, Path, description = "The activity")),
    request_body(content_type = "multipart/form-data", description = "`file`: the photo or file"),
    responses((status = 201, body = ActivityFileView), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn upload_api(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<(StatusCode, Json<ActivityFileView>)> {
    let (file_name, bytes) = file_part(&mut m).await?;
    let up = Upload { file_name, bytes };
    let f = st
        .store
        .scoped(&me.actor)
        .cadence()
        .attach_activity_file(id, &up)
        .await?;
    Ok((StatusCode::CREATED, Json(f)))
}

/// One file's bytes.
#[utoipa::path(get, path = "/api/v1/activities/{id}/files/{fid}", tag = "cadence",
    params(("id" = i64, Path, description = "The activity"), ("fid" = i64, Path, description = "The file")),
    responses((status = 200, description = "The file"), (status = 404, body = crate::api::ErrorBody)))]
pub async fn download_api(
    State(st): State<AppState>,
    me: Authed,
    Path((id, fid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    download_of(&st, &me, id, fid).await
}

#[utoipa::path(delete, path = "/api/v1/activities/{id}/files/{fid}", tag = "cadence",
    params(("id" = i64, Path, description = "The activity"), ("fid" = i64, Path, description = "The file")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete_api(
    State(st): State<AppState>,
    me: Authed,
    Path((id, fid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .cadence()
        .delete_activity_file(id, fid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn download_of(st: &AppState, me: &Authed, id: i64, fid: i64) -> WebResult<Response> {
    let (f, bytes) = st
        .store
        .scoped(&me.actor)
        .cadence()
        .activity_file(id, fid)
        .await?;
    Ok(crate::download::stored_file(
        &f.file_name,
        &f.content_type,
        bytes,
    ))
}

/// A file from the activity's page.
pub(crate) async fn download(
    State(st): State<AppState>,
    me: Me,
    Path((id, fid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    download_of(&st, &me, id, fid).await
}

/// Uploads from the activity's page; a refused file comes back on the page (422).
pub(crate) async fn upload(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<Response> {
    let r = async {
        let (file_name, bytes) = file_part(&mut m).await?;
        let up = Upload { file_name, bytes };
        let s = st.store.scoped(&me.actor);
        Ok::<_, WebError>(s.cadence().attach_activity_file(id, &up).await?)
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/activities/{id}?ok=ok.cadence_file_added"
        ))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let msg = errors.get("file").cloned().unwrap_or_default();
            super::activity_pages::with_file_error(&st, &me, id, msg).await
        }
    }
}

pub(crate) async fn remove(
    State(st): State<AppState>,
    me: Me,
    Path((id, fid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    st.store
        .scoped(&me.actor)
        .cadence()
        .delete_activity_file(id, fid)
        .await?;
    Ok(see_other(&format!(
        "/activities/{id}?ok=ok.cadence_file_deleted"
    )))
}

//! Files uploaded as evidence on a sheet's item, over the API and from the sheet: uploaded by
//! whoever may score a side of the item now, downloaded by whoever reads the sheet, removed by
//! whoever may score the side that added them while the round still takes it.

use super::sheet_pages::sheet_with_errors;
use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, see_other, Me};
use crate::upload_guard::file_part;
use crate::AppState;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use std::collections::BTreeMap;
use touyan_storage::evaluation::EvidenceFileView;
use touyan_storage::kit::files::Upload;

/// Adds a file as evidence (images, PDF, Office documents, text, up to 20 MiB; 10 an item).
#[utoipa::path(post, path = "/api/v1/rounds/{id}/targets/{tid}/indicators/{iid}/files",
    tag = "evaluation",
    params(("id" = i64, Path, description = "The round"),
        ("tid" = i64, Path, description = "The organization in the round"),
        ("iid" = i64, Path, description = "The item")),
    request_body(content_type = "multipart/form-data", description = "`file`: the file"),
    responses((status = 201, body = EvidenceFileView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn upload_api(
    State(st): State<AppState>,
    me: Authed,
    Path((id, tid, iid)): Path<(i64, i64, i64)>,
    mut m: Multipart,
) -> WebResult<(StatusCode, Json<EvidenceFileView>)> {
    let (file_name, bytes) = file_part(&mut m).await?;
    let up = Upload { file_name, bytes };
    let f = st
        .store
        .scoped(&me.actor)
        .evaluation()
        .attach_file(id, tid, iid, &up)
        .await?;
    Ok((StatusCode::CREATED, Json(f)))
}

/// One evidence file's bytes.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/targets/{tid}/indicators/{iid}/files/{fid}",
    tag = "evaluation",
    params(("id" = i64, Path, description = "The round"),
        ("tid" = i64, Path, description = "The organization in the round"),
        ("iid" = i64, Path, description = "The item"),
        ("fid" = i64, Path, description = "The file")),
    responses((status = 200, description = "The file"), (status = 404, body = crate::api::ErrorBody)))]
pub async fn download_api(
    State(st): State<AppState>,
    me: Authed,
    Path(ids): Path<(i64, i64, i64, i64)>,
) -> WebResult<Response> {
    download_of(&st, &me, ids).await
}

/// Removes an evidence file.
#[utoipa::path(delete, path = "/api/v1/rounds/{id}/targets/{tid}/indicators/{iid}/files/{fid}",
    tag = "evaluation",
    params(("id" = i64, Path, description = "The round"),
        ("tid" = i64, Path, description = "The organization in the round"),
        ("iid" = i64, Path, description = "The item"),
        ("fid" = i64, Path, description = "The file")),
    responses((status = 204), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete_api(
    State(st): State<AppState>,
    me: Authed,
    Path((id, tid, iid, fid)): Path<(i64, i64, i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .evaluation()
        .delete_file(id, tid, iid, fid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn download_of(
    st: &AppState,
    me: &Authed,
    (id, tid, iid, fid): (i64, i64, i64, i64),
) -> WebResult<Response> {
    let (f, bytes) = st
        .store
        .scoped(&me.actor)
        .evaluation()
        .evidence_file(id, tid, iid, fid)
        .await?;
    Ok(crate::download::stored_file(
        &f.file_name,
        &f.content_type,
        bytes,
    ))
}

/// A file from the sheet.
pub(crate) async fn download(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64, i64, i64)>,
) -> WebResult<Response> {
    download_of(&st, &me, ids).await
}

/// Uploads from an item's card; a refused file comes back on the sheet (422).
pub(crate) async fn upload(
    State(st): State<AppState>,
    me: Me,
    Path((id, tid, iid)): Path<(i64, i64, i64)>,
    mut m: Multipart,
) -> WebResult<Response> {
    let r = async {
        let (file_name, bytes) = file_part(&mut m).await?;
        let up = Upload { file_name, bytes };
        let s = st.store.scoped(&me.actor);
        Ok::<_, WebError>(s.evaluation().attach_file(id, tid, iid, &up).await?)
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/rounds/{id}/targets/{tid}?ok=ok.evaluation_file_added#i{iid}"
        ))),
        Err(e) => {
            let errors: BTreeMap<String, String> = form_failure(e, me.ctx.tr())?
                .into_iter()
                .map(|(k, v)| (format!("f{iid}.{k}"), v))
                .collect();
            sheet_with_errors(&st, &me, (id, tid), errors, BTreeMap::new()).await
        }
    }
}

/// Removes a file from an item's card.
pub(crate) async fn remove(
    State(st): State<AppState>,
    me: Me,
    Path((id, tid, iid, fid)): Path<(i64, i64, i64, i64)>,
) -> WebResult<Response> {
    st.store
        .scoped(&me.actor)
        .evaluation()
        .delete_file(id, tid, iid, fid)
        .await?;
    Ok(see_other(&format!(
        "/rounds/{id}/targets/{tid}?ok=ok.evaluation_file_deleted#i{iid}"
    )))
}

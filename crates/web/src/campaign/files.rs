//! Evidence files of a campaign's milestones, over the API and from the campaign's page:
//! listed with the milestone, uploaded by its managers, removed until the milestone is done,
//! downloaded by its readers.

use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, render, see_other, Me};
use crate::upload_guard::file_part;
use crate::AppState;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use std::collections::BTreeMap;
use touyan_storage::campaign::MilestoneFileView;
use touyan_storage::kit::files::Upload;

/// The files of a milestone, oldest first.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/milestones/{mid}/files", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign"), ("mid" = i64, Path, description = "The milestone")),
    responses((status = 200, body = [MilestoneFileView]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_api(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<Json<Vec<MilestoneFileView>>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.campaigns().milestone_files(id, mid).await?))
}

/// Adds a file as evidence (images, PDF, Office documents, text, up to 20 MiB; 30 a
/// milestone).
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/milestones/{mid}/files", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign"), ("mid" = i64, Path, description = "The milestone")),
    request_body(content_type = "multipart/form-data", description = "`file`: the file"),
    responses((status = 201, body = MilestoneFileView), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn upload_api(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
    mut m: Multipart,
) -> WebResult<(StatusCode, Json<MilestoneFileView>)> {
    let (file_name, bytes) = file_part(&mut m).await?;
    let up = Upload { file_name, bytes };
    let s = st.store.scoped(&me.actor);
    let f = s.campaigns().attach_milestone_file(id, mid, &up).await?;
    Ok((StatusCode::CREATED, Json(f)))
}

/// One file's bytes.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/milestones/{mid}/files/{fid}", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign"), ("mid" = i64, Path, description = "The milestone"),
        ("fid" = i64, Path, description = "The file")),
    responses((status = 200, description = "The file"), (status = 404, body = crate::api::ErrorBody)))]
pub async fn download_api(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid, fid)): Path<(i64, i64, i64)>,
) -> WebResult<Response> {
    download_of(&st, &me, id, mid, fid).await
}

/// Removes a file while the milestone is not done (409 once it is).
#[utoipa::path(delete, path = "/api/v1/campaigns/{id}/milestones/{mid}/files/{fid}", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign"), ("mid" = i64, Path, description = "The milestone"),
        ("fid" = i64, Path, description = "The file")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete_api(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid, fid)): Path<(i64, i64, i64)>,
) -> WebResult<StatusCode> {
    let s = st.store.scoped(&me.actor);
    s.campaigns().delete_milestone_file(id, mid, fid).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn download_of(
    st: &AppState,
    me: &Authed,
    id: i64,
    mid: i64,
    fid: i64,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let (f, bytes) = s.campaigns().milestone_file(id, mid, fid).await?;
    Ok(crate::download::stored_file(
        &f.file_name,
        &f.content_type,
        bytes,
    ))
}

/// A file from the campaign's page.
pub(crate) async fn download(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid, fid)): Path<(i64, i64, i64)>,
) -> WebResult<Response> {
    download_of(&st, &me, id, mid, fid).await
}

/// Uploads from the campaign's page; a refused file comes back on the page under its
/// milestone (422).
pub(crate) async fn upload(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid)): Path<(i64, i64)>,
    mut m: Multipart,
) -> WebResult<Response> {
    let r = async {
        let (file_name, bytes) = file_part(&mut m).await?;
        let up = Upload { file_name, bytes };
        let s = st.store.scoped(&me.actor);
        Ok::<_, WebError>(s.campaigns().attach_milestone_file(id, mid, &up).await?)
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/campaigns/{id}?ok=ok.campaign_file_added"
        ))),
        Err(e) => {
            let errors: BTreeMap<String, String> = form_failure(e, me.ctx.tr())?
                .into_iter()
                .map(|(k, v)| (format!("file{mid}.{k}"), v))
                .collect();
            let p =
                super::target_pages::show_page(&st, &me, id, None, errors, BTreeMap::new()).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

pub(crate) async fn remove(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid, fid)): Path<(i64, i64, i64)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    s.campaigns().delete_milestone_file(id, mid, fid).await?;
    Ok(see_other(&format!(
        "/campaigns/{id}?ok=ok.campaign_file_deleted"
    )))
}

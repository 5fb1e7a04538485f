//! A studio's photos and files: upload, cover, deletion and download.

use super::*;

pub(super) async fn upload_photo(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async {
        let Some((name, bytes)) = form_file(&mut m).await? else {
            return Err(StorageError::field("file", "err.file_missing").into());
        };
        crate::studio::api::studio::store_photo(s, id, name, bytes).await
    }
    .await;
    done(&st, &me, id, r, "ok.photo_added", "photo", SForm::default()).await
}

pub(super) async fn set_cover(
    State(st): State<AppState>,
    me: Me,
    Path((id, fid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = s
        .studios()
        .set_photo(id, Some(fid))
        .await
        .map_err(WebError::from);
    done(&st, &me, id, r, "ok.photo_set", "photo", SForm::default()).await
}

pub(super) async fn delete_file(
    State(st): State<AppState>,
    me: Me,
    Path((id, fid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = s.studio_files().delete(fid).await.map_err(WebError::from);
    done(
        &st,
        &me,
        id,
        r,
        "ok.file_deleted",
        "photo",
        SForm::default(),
    )
    .await
}

/// A file of a studio record, for those who may read the studio (or reach a shared record
/// through an alliance). Images and PDFs open in the browser; anything else downloads.
pub(super) async fn download(
    State(st): State<AppState>,
    me: Me,
    Path(fid): Path<i64>,
) -> WebResult<Response> {
    let (f, bytes) = st.store.scoped(&me.actor).studio_files().get(fid).await?;
    Ok(file_response(&f.file_name, &f.content_type, bytes))
}

pub(super) fn file_response(name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    crate::download::stored_file(name, content_type, bytes)
}

//! The people's dictionaries over the API.

use super::*;

#[utoipa::path(get, path = "/api/v1/dict/{dict}", tag = "people", params(("dict" = String, Path, description = "Dictionary: `post`, `studio_kind` or another dictionary code")), responses((status = 200, body = Vec<DictEntry>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn dict_entries(
    State(st): State<AppState>,
    me: Authed,
    Path(dict): Path<String>,
) -> WebResult<Json<Vec<DictEntry>>> {
    Ok(Json(
        st.store.scoped(&me.actor).dict().entries(&dict).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/dict/{dict}", tag = "people", params(("dict" = String, Path, description = "Dictionary: `post`, `studio_kind` or another dictionary code")), request_body = EntryInput,
    responses((status = 201, body = DictEntry), (status = 403, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn create_entry(
    State(st): State<AppState>,
    me: Authed,
    Path(dict): Path<String>,
    ApiJson(b): ApiJson<EntryInput>,
) -> WebResult<(StatusCode, Json<DictEntry>)> {
    let d = KindDraft::parse(&b.code, &b.name, &b.name_en, b.sort_order)?;
    let e = st
        .store
        .scoped(&me.actor)
        .dict()
        .create_entry(&dict, d)
        .await?;
    Ok((StatusCode::CREATED, Json(e)))
}

#[utoipa::path(patch, path = "/api/v1/dict/{dict}/{code}", tag = "people", params(("dict" = String, Path, description = "Dictionary: `post`, `studio_kind` or another dictionary code"), ("code" = String, Path, description = "Code of the {dict}")), request_body = EntryInput,
    responses((status = 200, body = DictEntry), (status = 404, body = crate::api::ErrorBody)))]
pub async fn update_entry(
    State(st): State<AppState>,
    me: Authed,
    Path((dict, code)): Path<(String, String)>,
    ApiJson(b): ApiJson<EntryInput>,
) -> WebResult<Json<DictEntry>> {
    let d = KindDraft::parse(&code, &b.name, &b.name_en, b.sort_order)?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .dict()
            .update_entry(&dict, &code, d)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/dict/{dict}/{code}", tag = "people", params(("dict" = String, Path, description = "Dictionary: `post`, `studio_kind` or another dictionary code"), ("code" = String, Path, description = "Code of the {dict}")), responses((status = 204), (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete_entry(
    State(st): State<AppState>,
    me: Authed,
    Path((dict, code)): Path<(String, String)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .dict()
        .delete_entry(&dict, &code)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

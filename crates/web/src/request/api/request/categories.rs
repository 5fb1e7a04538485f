//! Request categories over the API.

use super::*;

/// The category dictionary, in its order; everyone signed in reads it.
#[utoipa::path(get, path = "/api/v1/request-categories", tag = "requests",
    responses((status = 200, body = Vec<CategoryView>)))]
pub async fn categories(
    State(st): State<AppState>,
    me: Authed,
) -> WebResult<Json<Vec<CategoryView>>> {
    Ok(Json(
        st.store.scoped(&me.actor).requests().categories().await?,
    ))
}

/// A new category (`request.manage` over the whole tree; 403 otherwise).
#[utoipa::path(post, path = "/api/v1/request-categories", tag = "requests", request_body = CategoryInput,
    responses((status = 201, body = CategoryView), (status = 403, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_category(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<CategoryInput>,
) -> WebResult<(StatusCode, Json<CategoryView>)> {
    let v = st
        .store
        .scoped(&me.actor)
        .requests()
        .create_category(&input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// Changes a category (`request.manage` over the whole tree). New limits apply to steps
/// started from now on.
#[utoipa::path(patch, path = "/api/v1/request-categories/{code}", tag = "requests", params(("code" = String, Path, description = "Code of the request category")), request_body = CategoryPatch,
    responses((status = 200, body = CategoryView), (status = 403, body = crate::api::ErrorBody),
              (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_category(
    State(st): State<AppState>,
    me: Authed,
    Path(code): Path<String>,
    ApiJson(patch): ApiJson<CategoryPatch>,
) -> WebResult<Json<CategoryView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .requests()
            .update_category(&code, &patch)
            .await?,
    ))
}

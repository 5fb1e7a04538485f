use super::{ApiJson, ApiQuery, PageOf, Paging};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::Deserialize;
use touyan_storage::token::{NewToken, TokenView};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/tokens", get(list).post(create))
        .route("/v1/tokens/{id}", delete(revoke))
}

/// The caller's API tokens (secrets are never shown again).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens", params(Paging), responses((status = 200, body = PageOf<TokenView>)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<Paging>,
) -> WebResult<Json<PageOf<TokenView>>> {
    let p = st.store.scoped(&me.actor).tokens().list(q.parse()?).await?;
    Ok(Json(PageOf {
        items: p.items,
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct TokenBody {
    name: String,
    /// Narrow the token to these permission codes; all of the caller's when absent.
    permissions: Option<Vec<String>>,
    expires_in_days: Option<i64>,
}

/// Creates a token carrying at most the caller's rights; the secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = TokenBody,
    responses((status = 201, body = NewToken), (status = 422, body = super::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<TokenBody>,
) -> WebResult<(StatusCode, Json<NewToken>)> {
    let t = st
        .store
        .scoped(&me.actor)
        .tokens()
        .create(&b.name, b.permissions, b.expires_in_days)
        .await?;
    Ok((StatusCode::CREATED, Json(t)))
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens", responses((status = 200, body = TokenView), (status = 404, body = super::ErrorBody)))]
pub async fn revoke(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<TokenView>> {
    Ok(Json(st.store.scoped(&me.actor).tokens().revoke(id).await?))
}

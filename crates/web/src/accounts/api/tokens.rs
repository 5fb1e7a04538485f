use crate::api::{ApiJson, ApiQuery, PageOf, Paging};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::xlsx::{self, Cell, EXPORT_CAP};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get};
use axum::Json;
use touyan_domain::auth::TokenInput;
use touyan_storage::token::{NewToken, TokenView};

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/v1/tokens", get(list).post(create))
        .route("/v1/tokens/export.xlsx", get(export))
        .route("/v1/tokens/{id}", delete(revoke))
}

/// The caller's API tokens (secrets are never shown again). Through a token, only one
/// carrying `token.manage`.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens", params(Paging), responses((status = 200, body = PageOf<TokenView>), (status = 403, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<Paging>,
) -> WebResult<Json<PageOf<TokenView>>> {
    let p = st.store.scoped(&me.actor).tokens().list(q.parse()?).await?;
    Ok(Json(p.into()))
}

/// Creates a token carrying at most the caller's rights (listing a permission the caller
/// lacks is refused with 422); the secret is in this answer only. Only a signed-in person
/// creates tokens, never a token.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = TokenInput,
    responses((status = 201, body = NewToken), (status = 403, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<TokenInput>,
) -> WebResult<(StatusCode, Json<NewToken>)> {
    let t = st
        .store
        .scoped(&me.actor)
        .tokens()
        .create(&b.name, b.permissions, b.expires_in_days)
        .await?;
    Ok((StatusCode::CREATED, Json(t)))
}

/// Revokes one of the caller's tokens. Through a token, only one carrying `token.manage`.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens", params(("id" = i64, Path, description = "Id of the token")), responses((status = 200, body = TokenView), (status = 403, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody)))]
pub async fn revoke(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<TokenView>> {
    Ok(Json(st.store.scoped(&me.actor).tokens().revoke(id).await?))
}

/// The caller's tokens as .xlsx (never their secrets).
#[utoipa::path(get, path = "/api/v1/tokens/export.xlsx", tag = "tokens", responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export(State(st): State<AppState>, me: Authed) -> WebResult<Response> {
    export_tokens(&st, &me).await
}

pub(crate) async fn export_tokens(st: &AppState, me: &Authed) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let s = st.store.scoped(&me.actor);
    let page = touyan_domain::paging::PageRequest {
        page: 1,
        per_page: EXPORT_CAP,
    };
    let rows = s.tokens().list(page).await?.items;
    let data = rows
        .iter()
        .map(|t| {
            let perms = match &t.permissions {
                Some(ps) => ps
                    .iter()
                    .map(|p| tr.t(&format!("perm.{p}")))
                    .collect::<Vec<_>>()
                    .join("、"),
                None => tr.t("token.all_perms").to_string(),
            };
            vec![
                Cell::Int(t.id),
                t.name.as_str().into(),
                t.prefix.as_str().into(),
                perms.into(),
                xlsx::fmt_ms(t.created_at).into(),
                t.last_used_at.map(xlsx::fmt_ms).into(),
                t.expires_at.map(xlsx::fmt_ms).into(),
                t.revoked_at.map(xlsx::fmt_ms).into(),
            ]
        })
        .collect();
    s.audit()
        .note_own(
            "export",
            "api_token",
            Some(serde_json::json!({"rows": rows.len()})),
        )
        .await?;
    let h = [
        "col.id",
        "col.name",
        "token.prefix",
        "col.permissions",
        "col.created_at",
        "token.last_used",
        "token.expires",
        "token.revoked",
    ];
    xlsx::download_keys(tr, "tokens.xlsx", "sheet.tokens", &h, data)
}

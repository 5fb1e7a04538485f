use crate::api::ApiJson;
use crate::ctx::{set_cookie, Authed, Ctx, SESSION_COOKIE};
use crate::error::{WebError, WebResult};
use crate::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use serde::Serialize;
use touyan_domain::auth::LoginInput;
use touyan_storage::auth::{LoginError, SESSION_IDLE_MS};
use touyan_storage::Actor;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/v1/session", post(login).delete(logout))
        .route("/v1/me", get(me))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct GrantView {
    /// Permission codes.
    permissions: Vec<String>,
    /// Root node of the subtree; none for the whole tree.
    node_id: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    id: Option<i64>,
    username: String,
    display_name: String,
    locale: String,
    grants: Vec<GrantView>,
    /// Send it as `X-CSRF-Token` for requests that are not JSON.
    csrf_token: Option<String>,
}

pub(crate) fn me_of(actor: &Actor, csrf: Option<String>) -> Me {
    Me {
        id: actor.user_id,
        username: actor.username.clone(),
        display_name: actor.display_name.clone(),
        locale: actor.locale.clone(),
        grants: actor
            .grants
            .list()
            .iter()
            .map(|g| GrantView {
                permissions: g.permissions.iter().map(|p| p.code().to_string()).collect(),
                node_id: g.scope.id(),
            })
            .collect(),
        csrf_token: csrf,
    }
}

/// Signs in with a user name and password; answers the session cookie.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginInput,
    responses((status = 200, body = Me), (status = 401, body = crate::api::ErrorBody), (status = 429, body = crate::api::ErrorBody)))]
pub async fn login(
    State(st): State<AppState>,
    ctx: Ctx,
    ApiJson(b): ApiJson<LoginInput>,
) -> WebResult<Response> {
    let ok = st
        .store
        .auth()
        .login(&b.username, &b.password, ctx.ip.clone())
        .await
        .map_err(|e| match e {
            LoginError::Throttled(s) => WebError::Throttled(s),
            LoginError::BadCredentials => WebError::BadCredentials,
            LoginError::Storage(e) => e.into(),
        })?;
    let cookie = set_cookie(
        SESSION_COOKIE,
        &ok.session_token,
        Some(SESSION_IDLE_MS / 1000),
        st.config.secure_cookies,
        "Lax",
    );
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(me_of(&ok.actor, Some(ok.csrf_token))),
    )
        .into_response())
}

/// Signs out of the cookie session.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204), (status = 401, body = crate::api::ErrorBody)))]
pub async fn logout(State(st): State<AppState>, me: Authed) -> WebResult<Response> {
    if let Some(s) = &me.ctx.session {
        st.store.auth().logout(s.id, &me.actor).await?;
    }
    let cookie = set_cookie(SESSION_COOKIE, "", Some(0), st.config.secure_cookies, "Lax");
    Ok((
        [(header::SET_COOKIE, cookie)],
        axum::http::StatusCode::NO_CONTENT,
    )
        .into_response())
}

/// The caller, with the subtrees and permissions it holds.
#[utoipa::path(get, path = "/api/v1/me", tag = "session", responses((status = 200, body = Me), (status = 401, body = crate::api::ErrorBody)))]
pub async fn me(me: Authed) -> Json<Me> {
    Json(me_of(
        &me.actor,
        me.ctx.session.as_ref().map(|s| s.csrf_token.clone()),
    ))
}

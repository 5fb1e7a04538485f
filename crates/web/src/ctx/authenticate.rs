//! Who is calling: an API token (`Authorization: Bearer`) or a session cookie, looked up in
//! the server's short-lived cache of callers and else in the database; and from which
//! address. A token that matches nobody is refused; a cookie that matches nobody leaves the
//! caller anonymous.

use super::address::client_ip;
use super::csrf::is_unsafe;
use super::language::accepted;
use super::render::finish;
use super::{cookie, is_api, is_static, Caller, SESSION_COOKIE};
use crate::callers::Credential;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use touyan_storage::kit::callers::SessionInfo;
use touyan_storage::Actor;

pub async fn authenticate(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let path = req.uri().path().to_string();
    if is_static(&path) {
        return next.run(req).await;
    }
    let ip = client_ip(&req, &state.config.trusted_proxies);
    let headers = req.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "));
    let via_token = bearer.is_some();
    let credential = match bearer {
        Some(secret) => Some((Credential::Bearer, secret.trim().to_string())),
        None => cookie(headers, SESSION_COOKIE).map(|t| (Credential::Session, t.to_string())),
    };
    let found = match credential {
        None => Ok(None),
        Some((kind, secret)) => look_up(&state, kind, &secret, ip.clone()).await,
    };
    let (actor, session) = match found {
        Ok(Some((a, s))) => (Some(a), s.map(Arc::new)),
        Ok(None) => (None, None),
        Err(e) => {
            let resp = WebError::from(e).into_response();
            return finish(resp, Lang::ZhCn, is_api(&path), None, &state, &path);
        }
    };
    if via_token && actor.is_none() {
        let resp = WebError::Unauthenticated.into_response();
        let lang = accepted(req.headers());
        return finish(resp, lang, is_api(&path), None, &state, &path);
    }
    let unsafe_method = is_unsafe(req.method());
    req.extensions_mut().insert(Caller {
        actor,
        session,
        ip,
        via_token,
    });
    let resp = next.run(req).await;
    if unsafe_method {
        // Whatever it changed is committed by now; callers read before it are read again.
        state.callers.changed();
    }
    resp
}

/// The caller a credential names: from the cache when it holds it, else from the database
/// (and then kept in the cache).
async fn look_up(
    state: &AppState,
    kind: Credential,
    secret: &str,
    ip: Option<String>,
) -> touyan_storage::Result<Option<(Actor, Option<SessionInfo>)>> {
    if let Some((mut a, s)) = state.callers.get(kind, secret) {
        a.ip = ip;
        return Ok(Some((a, s)));
    }
    let epoch = state.callers.epoch();
    let auth = state.store.auth();
    let found = match kind {
        Credential::Bearer => auth.bearer(secret, ip).await.map(|a| a.map(|a| (a, None))),
        Credential::Session => auth
            .session(secret, ip)
            .await
            .map(|a| a.map(|(a, s)| (a, Some(s)))),
    };
    if let Ok(Some((a, s))) = &found {
        state.callers.put(kind, secret, epoch, a, s.as_ref());
    }
    found
}

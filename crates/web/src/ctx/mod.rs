//! Per-request context, set up by one middleware per job, outermost first:
//! [`authenticate`] (who is calling, by session cookie or API token, from which address),
//! [`language`] (in which language), [`csrf`] (the form token, checked on every write made
//! with a cookie) and [`render_errors`] (an error left by a handler rendered as the API's
//! JSON or as a page). Each refuses on its own with the same rendering.

mod address;
mod authenticate;
mod csrf;
mod language;
mod render;

pub(crate) use address::client_address;
pub use authenticate::authenticate;
pub use csrf::csrf;
pub use language::language;
pub use render::render_errors;

use crate::error::WebError;
use crate::i18n::{Lang, Tr};
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, HeaderMap, HeaderValue};
use std::sync::Arc;
use touyan_storage::kit::callers::SessionInfo;
use touyan_storage::Actor;

pub const SESSION_COOKIE: &str = "touyan_session";
pub const LANG_COOKIE: &str = "touyan_lang";
pub const CSRF_COOKIE: &str = "touyan_csrf";
pub const CSRF_FIELD: &str = "_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

#[derive(Clone)]
pub struct Ctx {
    pub actor: Option<Actor>,
    pub session: Option<Arc<SessionInfo>>,
    pub lang: Lang,
    pub ip: Option<String>,
    /// The token forms must carry: the session's, or before login the double-submit cookie's.
    pub csrf: String,
    pub via_token: bool,
}

impl Ctx {
    pub fn tr(&self) -> Tr {
        Tr::new(self.lang)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or(WebError::Internal("context missing".into()))
    }
}

/// A signed-in caller.
pub struct Authed {
    pub actor: Actor,
    pub ctx: Ctx,
}

impl<S: Send + Sync> FromRequestParts<S> for Authed {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, s).await?;
        match ctx.actor.clone() {
            Some(actor) => Ok(Authed { actor, ctx }),
            None => Err(WebError::Unauthenticated),
        }
    }
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub fn set_cookie(
    name: &str,
    value: &str,
    max_age: Option<i64>,
    secure: bool,
    same_site: &str,
) -> HeaderValue {
    let mut s = format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}");
    if let Some(age) = max_age {
        s.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        s.push_str("; Secure");
    }
    HeaderValue::from_str(&s).expect("cookie is ASCII")
}

/// Who is calling, as [`authenticate`] found it, for the middlewares after it.
#[derive(Clone)]
pub(crate) struct Caller {
    pub actor: Option<Actor>,
    pub session: Option<Arc<SessionInfo>>,
    pub ip: Option<String>,
    pub via_token: bool,
}

/// Embedded files need no caller, language or token.
fn is_static(path: &str) -> bool {
    path.starts_with("/static/") || path == "/favicon.ico"
}

/// Errors on these paths are answered as the API's JSON, elsewhere as pages.
fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/healthz")
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn reads_cookies_among_many() {
        let h = headers(&[
            ("cookie", "a=1; touyan_session=abc"),
            ("cookie", "touyan_lang=en"),
        ]);
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, LANG_COOKIE), Some("en"));
        assert_eq!(cookie(&h, CSRF_COOKIE), None);
    }

    #[test]
    fn cookies_are_http_only_and_secure_when_asked() {
        let c = set_cookie("n", "v", Some(60), true, "Lax");
        let s = c.to_str().unwrap();
        assert!(
            s.contains("HttpOnly")
                && s.contains("SameSite=Lax")
                && s.contains("Max-Age=60")
                && s.contains("Secure")
        );
    }

    #[test]
    fn static_files_and_api_paths() {
        assert!(is_static("/static/app.css") && is_static("/favicon.ico"));
        assert!(!is_static("/requests"));
        assert!(is_api("/api/v1/people") && is_api("/healthz"));
        assert!(!is_api("/people"));
    }
}

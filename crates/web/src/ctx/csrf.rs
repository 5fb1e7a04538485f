//! Cross-site request forgery: API calls made with a cookie must be JSON (which a cross-site
//! form cannot send without the browser asking first) or carry the token, and come from this
//! origin; page forms must carry the token. The token is the session's, or before sign-in a
//! double-submit cookie's, set here on the first answer.

use super::render::finish;
use super::{cookie, is_api, set_cookie, Caller, Ctx, CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Sets up the caller's [`Ctx`] with its token and refuses a write without a valid one.
pub async fn csrf(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let (Some(caller), Some(lang)) = (
        req.extensions().get::<Caller>().cloned(),
        req.extensions().get::<Lang>().copied(),
    ) else {
        return next.run(req).await;
    };
    let headers = req.headers().clone();
    let path = req.uri().path().to_string();
    let is_api = is_api(&path);
    let anon_cookie = cookie(&headers, CSRF_COOKIE)
        .filter(|v| v.len() == 64)
        .map(String::from);
    let mut new_anon = None;
    let csrf = match (&caller.session, &anon_cookie) {
        (Some(s), _) => s.csrf_token.clone(),
        (None, Some(c)) => c.clone(),
        (None, None) => {
            let t = touyan_storage::kit::callers::random_token();
            new_anon = Some(t.clone());
            t
        }
    };
    let ctx = Ctx {
        actor: caller.actor,
        session: caller.session,
        lang,
        ip: caller.ip,
        csrf: csrf.clone(),
        via_token: caller.via_token,
    };
    let mut req = req;
    if is_unsafe(req.method()) && !ctx.via_token {
        let fresh = new_anon.is_some();
        match carries_token(req, &headers, is_api, &csrf, fresh).await {
            Ok(r) => req = r,
            Err(e) => {
                if matches!(e, WebError::Csrf) {
                    tracing::warn!(path = %path, "refused a state-changing request without a valid CSRF token");
                }
                return finish(e.into_response(), lang, is_api, Some(&ctx), &state, &path);
            }
        }
    }
    req.extensions_mut().insert(ctx);
    let mut resp = next.run(req).await;
    if let Some(t) = new_anon {
        resp.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(CSRF_COOKIE, &t, None, state.config.secure_cookies, "Strict"),
        );
    }
    resp
}

/// Hands the request on (its body read and put back where the token is in it) when it
/// carries the token `csrf`; `fresh` when the token was made for this request, which no form
/// can carry yet.
async fn carries_token(
    req: Request<Body>,
    headers: &HeaderMap,
    is_api: bool,
    csrf: &str,
    fresh: bool,
) -> Result<Request<Body>, WebError> {
    let provided_header = headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let (req, ok) = if is_api {
        let ok = origin_ok(headers)
            && (is_json(headers)
                || provided_header
                    .as_deref()
                    .is_some_and(|p| constant_eq(p, csrf)));
        (req, ok)
    } else if let Some(p) = provided_header {
        (req, constant_eq(&p, csrf) && !fresh)
    } else if is_form(headers) && !fresh {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, 8 * 1024 * 1024)
            .await
            .map_err(|_| WebError::TooLarge)?;
        let found = form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v.into_owned());
        let ok = found.is_some_and(|f| constant_eq(&f, csrf));
        (Request::from_parts(parts, Body::from(bytes)), ok)
    } else if is_multipart(headers) && !fresh {
        // A page form with a file: the token is one of its parts. The body is read once (up
        // to the upload limit) and handed on unchanged.
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, crate::upload_guard::IMPORT_LIMIT)
            .await
            .map_err(|_| WebError::TooLarge)?;
        let found = multipart_csrf(&parts.headers, bytes.clone()).await;
        let ok = found.is_some_and(|f| constant_eq(&f, csrf));
        (Request::from_parts(parts, Body::from(bytes)), ok)
    } else {
        (req, false)
    };
    if ok {
        Ok(req)
    } else {
        Err(WebError::Csrf)
    }
}

pub(super) fn is_unsafe(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// `Origin`, when sent, must name this host.
fn origin_ok(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split("://").nth(1).unwrap_or("");
    !host.is_empty() && origin_host == host
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        })
        .unwrap_or(false)
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"))
        .unwrap_or(false)
}

/// The `_csrf` part of a multipart body, if there is one.
async fn multipart_csrf(headers: &HeaderMap, bytes: axum::body::Bytes) -> Option<String> {
    use axum::extract::{FromRequest, Multipart};
    let mut r = Request::new(Body::from(bytes));
    *r.headers_mut() = headers.clone();
    let mut m = Multipart::from_request(r, &()).await.ok()?;
    while let Ok(Some(field)) = m.next_field().await {
        if field.name() == Some(CSRF_FIELD) {
            return field.text().await.ok();
        }
    }
    None
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
        .unwrap_or(false)
}

fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::super::tests::headers;
    use super::*;

    #[test]
    fn origin_must_match_the_host_when_sent() {
        assert!(origin_ok(&headers(&[("host", "intranet:8080")])));
        assert!(origin_ok(&headers(&[
            ("host", "intranet:8080"),
            ("origin", "http://intranet:8080")
        ])));
        assert!(!origin_ok(&headers(&[
            ("host", "intranet:8080"),
            ("origin", "http://evil.example")
        ])));
        assert!(!origin_ok(&headers(&[
            ("host", "intranet:8080"),
            ("origin", "http://intranet:8081")
        ])));
    }

    #[test]
    fn content_types_and_token_comparison() {
        assert!(is_json(&headers(&[(
            "content-type",
            "application/json; charset=utf-8"
        )])));
        assert!(!is_json(&headers(&[("content-type", "text/plain")])));
        assert!(is_form(&headers(&[(
            "content-type",
            "application/x-www-form-urlencoded"
        )])));
        assert!(constant_eq("abc", "abc"));
        assert!(!constant_eq("abc", "abd"));
        assert!(!constant_eq("abc", "ab"));
    }
}

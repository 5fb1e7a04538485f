//! Per-request context: who is calling (session cookie or API token), in which language,
//! from which address; CSRF checks; and the rendering of errors as JSON or as pages.

use crate::callers::Credential;
use crate::error::{ErrorInfo, WebError};
use crate::i18n::{Lang, Tr};
use crate::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::net::SocketAddr;
use touyan_storage::auth::SessionInfo;
use touyan_storage::Actor;

pub const SESSION_COOKIE: &str = "touyan_session";
pub const LANG_COOKIE: &str = "touyan_lang";
pub const CSRF_COOKIE: &str = "touyan_csrf";
pub const CSRF_FIELD: &str = "_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

#[derive(Clone)]
pub struct Ctx {
    pub actor: Option<Actor>,
    pub session: Option<std::sync::Arc<SessionInfo>>,
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

/// The client's address. From a trusted proxy, `X-Forwarded-For` is read from the right:
/// each proxy appends the address it was reached from, so the right-most entry that is not
/// one of our trusted proxies is the one no client could have written; entries to its left
/// may be forged. Without a usable entry, the peer itself.
fn client_ip(req: &Request<Body>, trusted_proxies: &[String]) -> Option<String> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    client_address(peer, req.headers(), trusted_proxies)
}

/// [`client_ip`] from the peer's socket address and the request's headers, for handlers that
/// run outside the context middleware (Open311).
pub(crate) fn client_address(
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
    trusted_proxies: &[String],
) -> Option<String> {
    let trusted = |a: &str| trusted_proxies.iter().any(|t| t == a);
    let peer = peer?.ip().to_string();
    if !trusted(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = None;
    for entry in forwarded.iter().rev() {
        // Not an address: nothing left of it can be believed.
        let Ok(ip) = entry.parse::<std::net::IpAddr>() else {
            break;
        };
        let ip = ip.to_string();
        let done = !trusted(&ip);
        client = Some(ip);
        if done {
            break;
        }
    }
    client.or(Some(peer))
}

fn is_unsafe(m: &Method) -> bool {
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

pub async fn resolve(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    // Embedded files need no caller.
    if req.uri().path().starts_with("/static/") || req.uri().path() == "/favicon.ico" {
        return next.run(req).await;
    }
    let ip = client_ip(&req, &state.config.trusted_proxies);
    let headers = req.headers().clone();
    let path = req.uri().path().to_string();
    let is_api = path.starts_with("/api/") || path.starts_with("/healthz");
    let method = req.method().clone();

    // Who is calling.
    let mut actor = None;
    let mut session = None;
    let mut via_token = false;
    let auth_header = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let credential = if let Some(secret) = auth_header.and_then(|h| h.strip_prefix("Bearer ")) {
        via_token = true;
        Some((Credential::Bearer, secret.trim()))
    } else {
        cookie(&headers, SESSION_COOKIE).map(|tok| (Credential::Session, tok))
    };
    let lookup = match credential {
        None => Ok(None),
        Some((kind, secret)) => match state.callers.get(kind, secret) {
            Some((mut a, s)) => {
                a.ip = ip.clone();
                Ok(Some((a, s)))
            }
            None => {
                let epoch = state.callers.epoch();
                let auth = state.store.auth();
                let found = match kind {
                    Credential::Bearer => auth
                        .bearer(secret, ip.clone())
                        .await
                        .map(|a| a.map(|a| (a, None))),
                    Credential::Session => auth
                        .session(secret, ip.clone())
                        .await
                        .map(|a| a.map(|(a, s)| (a, Some(s)))),
                };
                if let Ok(Some((a, s))) = &found {
                    state.callers.put(kind, secret, epoch, a, s.as_ref());
                }
                found
            }
        },
    };
    match lookup {
        Ok(Some((a, s))) => {
            actor = Some(a);
            session = s.map(std::sync::Arc::new);
        }
        Ok(None) => {}
        Err(e) => {
            return finish(
                WebError::from(e).into_response(),
                Lang::ZhCn,
                is_api,
                None,
                &state,
                &path,
            )
        }
    }
    if via_token && actor.is_none() {
        let lang = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept)
            .unwrap_or(Lang::ZhCn);
        return finish(
            WebError::Unauthenticated.into_response(),
            lang,
            is_api,
            None,
            &state,
            &path,
        );
    }

    let lang = actor
        .as_ref()
        .and_then(|a| Lang::from_code(&a.locale))
        .or_else(|| cookie(&headers, LANG_COOKIE).and_then(Lang::from_code))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(Lang::from_accept)
        })
        .unwrap_or(Lang::ZhCn);

    let anon_cookie = cookie(&headers, CSRF_COOKIE)
        .filter(|v| v.len() == 64)
        .map(String::from);
    let mut new_anon = None;
    let csrf = match (&session, &anon_cookie) {
        (Some(s), _) => s.csrf_token.clone(),
        (None, Some(c)) => c.clone(),
        (None, None) => {
            let t = touyan_storage::auth::random_token();
            new_anon = Some(t.clone());
            t
        }
    };

    let ctx = Ctx {
        actor,
        session,
        lang,
        ip,
        csrf: csrf.clone(),
        via_token,
    };
    let mut req = req;

    // Cross-site request forgery: API calls made with a cookie must be JSON (which a
    // cross-site form cannot send without the browser asking first) or carry the token, and
    // come from this origin; page forms must carry the token.
    if is_unsafe(&method) && !via_token {
        let provided_header = headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        let ok = if is_api {
            origin_ok(&headers)
                && (is_json(&headers)
                    || provided_header
                        .as_deref()
                        .is_some_and(|p| constant_eq(p, &csrf)))
        } else if let Some(p) = provided_header {
            constant_eq(&p, &csrf) && new_anon.is_none()
        } else if is_form(&headers) && new_anon.is_none() {
            let (parts, body) = req.into_parts();
            let bytes = match axum::body::to_bytes(body, 8 * 1024 * 1024).await {
                Ok(b) => b,
                Err(_) => {
                    return finish(
                        WebError::TooLarge.into_response(),
                        lang,
                        is_api,
                        Some(&ctx),
                        &state,
                        &path,
                    )
                }
            };
            let found = form_urlencoded::parse(&bytes)
                .find(|(k, _)| k == CSRF_FIELD)
                .map(|(_, v)| v.into_owned());
            req = Request::from_parts(parts, Body::from(bytes));
            found.is_some_and(|f| constant_eq(&f, &csrf))
        } else if is_multipart(&headers) && new_anon.is_none() {
            // A page form with a file: the token is one of its parts. The body is read once
            // (up to the upload limit) and handed on unchanged.
            let (parts, body) = req.into_parts();
            let limit = crate::api::people::IMPORT_LIMIT;
            let bytes = match axum::body::to_bytes(body, limit).await {
                Ok(b) => b,
                Err(_) => {
                    return finish(
                        WebError::TooLarge.into_response(),
                        lang,
                        is_api,
                        Some(&ctx),
                        &state,
                        &path,
                    )
                }
            };
            let found = multipart_csrf(&parts.headers, bytes.clone()).await;
            req = Request::from_parts(parts, Body::from(bytes));
            found.is_some_and(|f| constant_eq(&f, &csrf))
        } else {
            false
        };
        if !ok {
            tracing::warn!(path = %path, "refused a state-changing request without a valid CSRF token");
            return finish(
                WebError::Csrf.into_response(),
                lang,
                is_api,
                Some(&ctx),
                &state,
                &path,
            );
        }
    }

    req.extensions_mut().insert(ctx.clone());
    let resp = next.run(req).await;
    if is_unsafe(&method) {
        // Whatever it changed is committed by now; callers read before it are read again.
        state.callers.changed();
    }
    let mut resp = finish(resp, lang, is_api, Some(&ctx), &state, &path);
    if let Some(t) = new_anon {
        resp.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(CSRF_COOKIE, &t, None, state.config.secure_cookies, "Strict"),
        );
    }
    resp
}

/// Renders an error response left by a handler; passes anything else through.
fn finish(
    resp: Response,
    lang: Lang,
    is_api: bool,
    ctx: Option<&Ctx>,
    state: &AppState,
    path: &str,
) -> Response {
    let Some(info) = resp.extensions().get::<ErrorInfo>().cloned() else {
        return resp;
    };
    let tr = Tr::new(lang);
    let allow = resp.headers().get(header::ALLOW).cloned();
    let mut r = render(&info, tr, is_api, ctx, state, path);
    if let Some(a) = allow {
        r.headers_mut().insert(header::ALLOW, a);
    }
    r
}

/// An error as the API's JSON or as a page.
fn render(
    info: &ErrorInfo,
    tr: Tr,
    is_api: bool,
    ctx: Option<&Ctx>,
    state: &AppState,
    path: &str,
) -> Response {
    if is_api {
        let fields: serde_json::Map<String, serde_json::Value> = info
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(tr.msg(v))))
            .collect();
        let mut body = serde_json::json!({"error": {"code": info.code, "message": tr.msg(&info.key), "fields": fields}});
        if let Some(s) = info.retry_after {
            body["error"]["retry_after"] = s.into();
        }
        let mut r = (info.status, axum::Json(body)).into_response();
        if let Some(s) = info.retry_after {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        if info.status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        return r;
    }
    if info.status == StatusCode::UNAUTHORIZED {
        let next = urlencoding::encode(path);
        return Redirect::to(&format!("/login?next={next}")).into_response();
    }
    crate::pages::error_page(info, tr, ctx, state)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn from_peer(peer: &str, forwarded: &[&'static str]) -> Request<Body> {
        let mut req = Request::new(Body::empty());
        for f in forwarded {
            req.headers_mut()
                .append("x-forwarded-for", HeaderValue::from_static(f));
        }
        let addr: SocketAddr = format!("{peer}:40000").parse().unwrap();
        req.extensions_mut().insert(ConnectInfo(addr));
        req
    }

    #[test]
    fn client_is_the_rightmost_forwarded_address_not_a_trusted_proxy() {
        let trusted = vec!["10.0.0.1".to_string(), "10.0.0.2".to_string()];
        let ip = |peer, fwd: &[&'static str]| client_ip(&from_peer(peer, fwd), &trusted);
        // A client that writes its own header is answered by what the proxy appended.
        assert_eq!(
            ip("10.0.0.1", &["1.2.3.4, 203.0.113.9"]).as_deref(),
            Some("203.0.113.9")
        );
        // Through two trusted proxies, and with the header split over two lines.
        assert_eq!(
            ip("10.0.0.1", &["6.6.6.6, 203.0.113.9", "10.0.0.2"]).as_deref(),
            Some("203.0.113.9")
        );
        // Garbage stops the walk: the last address read from the right is kept.
        assert_eq!(
            ip("10.0.0.1", &["203.0.113.9, not-an-address, 10.0.0.2"]).as_deref(),
            Some("10.0.0.2")
        );
        assert_eq!(ip("10.0.0.1", &["junk"]).as_deref(), Some("10.0.0.1"));
        assert_eq!(ip("10.0.0.1", &[]).as_deref(), Some("10.0.0.1"));
        // From anyone else the header is ignored.
        assert_eq!(
            ip("198.51.100.7", &["203.0.113.9"]).as_deref(),
            Some("198.51.100.7")
        );
        assert_eq!(client_ip(&Request::new(Body::empty()), &trusted), None);
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
}

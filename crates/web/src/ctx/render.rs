//! An error left by a handler, rendered in the caller's language: the API's JSON (with the
//! field messages, `Retry-After` and `WWW-Authenticate` where they apply) or a page (a sign-in
//! redirect for a caller who must sign in first).

use super::{is_api, is_static, Ctx};
use crate::error::ErrorInfo;
use crate::i18n::{Lang, Tr};
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// Renders what the layers inside it (the handlers, the input guard) refused.
pub async fn render_errors(
    State(state): State<AppState>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let path = req.uri().path().to_string();
    let Some(ctx) = req.extensions().get::<Ctx>().cloned() else {
        return next.run(req).await;
    };
    if is_static(&path) {
        return next.run(req).await;
    }
    let resp = next.run(req).await;
    finish(resp, ctx.lang, is_api(&path), Some(&ctx), &state, &path)
}

/// Renders an error response left by a handler; passes anything else through.
pub(super) fn finish(
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

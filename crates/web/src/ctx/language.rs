//! The language of the answer: the signed-in user's choice, else the language cookie, else
//! the browser's `Accept-Language`, else Chinese.

use super::{cookie, Caller, LANG_COOKIE};
use crate::i18n::Lang;
use axum::body::Body;
use axum::http::{header, HeaderMap, Request};
use axum::middleware::Next;
use axum::response::Response;

pub async fn language(mut req: Request<Body>, next: Next) -> Response {
    let Some(caller) = req.extensions().get::<Caller>() else {
        return next.run(req).await;
    };
    let headers = req.headers();
    let lang = caller
        .actor
        .as_ref()
        .and_then(|a| Lang::from_code(&a.locale))
        .or_else(|| cookie(headers, LANG_COOKIE).and_then(Lang::from_code))
        .unwrap_or_else(|| accepted(headers));
    req.extensions_mut().insert(lang);
    next.run(req).await
}

/// The browser's language, Chinese when it names none we speak.
pub(super) fn accepted(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept)
        .unwrap_or(Lang::ZhCn)
}

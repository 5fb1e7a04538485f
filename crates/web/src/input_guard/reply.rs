//! Gives a failed answer that carries no rendered error one: what axum's extractors and
//! router answer on their own is a line of English text (or nothing), which the API would
//! pass on as is and a page would show bare. The status is kept, except that a body over
//! the limit always answers 413.

use crate::error::ErrorInfo;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;

/// The most of a plain rejection's text read to tell what it was about.
const TEXT_LIMIT: usize = 4096;

/// Whether `resp` is a failure the handler (or a rejection) left unrendered: no error info,
/// and not a body the handler chose (JSON under the API, HTML on a page).
fn unrendered(resp: &Response, is_api: bool) -> bool {
    let s = resp.status();
    if !(s.is_client_error() || s.is_server_error())
        || resp.extensions().get::<ErrorInfo>().is_some()
    {
        return false;
    }
    let ct = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if is_api {
        !ct.contains("json")
    } else {
        !ct.starts_with("text/html")
    }
}

pub async fn explain(resp: Response, is_api: bool, path: &str, matched: Option<&str>) -> Response {
    if !unrendered(&resp, is_api) {
        return resp;
    }
    let status = resp.status();
    let allow = resp.headers().get(header::ALLOW).cloned();
    let text = axum::body::to_bytes(resp.into_body(), TEXT_LIMIT)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let info = classify(status, &text, path, matched);
    let mut r = info.status.into_response();
    if let Some(a) = allow {
        r.headers_mut().insert(header::ALLOW, a);
    }
    r.extensions_mut().insert(info);
    r
}

fn info(status: StatusCode, code: &'static str, key: &str) -> ErrorInfo {
    ErrorInfo {
        status,
        code,
        key: key.to_string(),
        fields: BTreeMap::new(),
        retry_after: None,
    }
}

fn with_field(mut i: ErrorInfo, field: Option<String>, key: &str) -> ErrorInfo {
    if let Some(f) = field {
        i.fields.insert(f, key.to_string());
    }
    i
}

/// Turns a status and axum's rejection text into the error shown.
pub fn classify(status: StatusCode, text: &str, path: &str, matched: Option<&str>) -> ErrorInfo {
    use StatusCode as S;
    if status == S::PAYLOAD_TOO_LARGE || text.contains("length limit exceeded") {
        return info(S::PAYLOAD_TOO_LARGE, "too_large", "err.body_too_large");
    }
    if text.starts_with("Invalid URL") || text.starts_with("Wrong number of path arguments") {
        let field = path_field(text, path, matched);
        let i = info(S::BAD_REQUEST, "bad_request", "input.path_invalid");
        return with_field(i, field, "input.path_value_invalid");
    }
    if text.starts_with("Failed to deserialize query string") {
        let i = info(S::BAD_REQUEST, "bad_request", "err.query_invalid");
        return with_field(i, serde_field(text), "err.type_invalid");
    }
    if text.starts_with("Failed to deserialize form body") {
        let i = info(S::UNPROCESSABLE_ENTITY, "invalid", "err.invalid");
        if let Some(missing) = missing_field(text) {
            return with_field(i, Some(missing), "err.required");
        }
        return with_field(i, serde_field(text), "err.type_invalid");
    }
    if text.contains("multipart/form-data") || text.contains("multipart") {
        return info(S::BAD_REQUEST, "bad_request", "input.multipart_invalid");
    }
    match status {
        S::NOT_FOUND => info(status, "not_found", "err.not_found"),
        S::METHOD_NOT_ALLOWED => info(status, "method_not_allowed", "input.method_not_allowed"),
        S::UNSUPPORTED_MEDIA_TYPE => info(
            status,
            "unsupported_media_type",
            "input.media_type_unsupported",
        ),
        S::UNPROCESSABLE_ENTITY => info(status, "invalid", "err.invalid"),
        S::FORBIDDEN => info(status, "forbidden", "err.forbidden"),
        S::UNAUTHORIZED => info(status, "unauthenticated", "err.unauthenticated"),
        s if s.is_server_error() => info(s, "internal", "err.internal"),
        s => info(s, "bad_request", "input.request_invalid"),
    }
}

/// The field a serde rejection names: `…: page: invalid digit…` gives `page`.
fn serde_field(text: &str) -> Option<String> {
    text.split(": ")
        .nth(1)
        .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_alphanumeric() || "_.[]".contains(c)))
        .map(str::to_string)
        .filter(|f| !f.starts_with("invalid") && !f.starts_with("missing"))
}

/// The field serde says is missing: ``missing field `name` `` gives `name`.
fn missing_field(text: &str) -> Option<String> {
    text.split("missing field `")
        .nth(1)
        .and_then(|r| r.split('`').next())
        .map(str::to_string)
}

/// The route parameter whose value did not parse: the rejection quotes the value
/// (``Cannot parse `abc` to a `i64` ``), and the route's template names the segment it sits in.
fn path_field(text: &str, path: &str, matched: Option<&str>) -> Option<String> {
    let template = matched?;
    let value = text.split('`').nth(1);
    let names: Vec<(usize, &str)> = template
        .split('/')
        .enumerate()
        .filter_map(|(i, seg)| {
            seg.strip_prefix('{')
                .and_then(|s| s.strip_suffix('}'))
                .map(|n| (i, n.trim_start_matches('*')))
        })
        .collect();
    let segs: Vec<String> = path
        .split('/')
        .map(|s| {
            urlencoding::decode(s)
                .map(|d| d.into_owned())
                .unwrap_or_else(|_| s.to_string())
        })
        .collect();
    if let Some(v) = value {
        if let Some((_, n)) = names
            .iter()
            .find(|(i, _)| segs.get(*i).map(String::as_str) == Some(v))
        {
            return Some(n.to_string());
        }
    }
    match names.as_slice() {
        [(_, only)] => Some(only.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_rejections_name_the_parameter() {
        let i = classify(
            StatusCode::BAD_REQUEST,
            "Invalid URL: Cannot parse `abc` to a `i64`",
            "/api/v1/studios/7/members/abc",
            Some("/api/v1/studios/{id}/members/{member}"),
        );
        assert_eq!(i.status, StatusCode::BAD_REQUEST);
        assert_eq!(i.key, "input.path_invalid");
        assert_eq!(i.fields.keys().collect::<Vec<_>>(), vec!["member"]);
        let i = classify(
            StatusCode::BAD_REQUEST,
            "Invalid URL: Cannot parse `abc` to a `i64`",
            "/api/v1/orgs/abc",
            Some("/api/v1/orgs/{id}"),
        );
        assert_eq!(i.fields.keys().collect::<Vec<_>>(), vec!["id"]);
    }

    #[test]
    fn query_form_and_body_rejections() {
        let i = classify(
            StatusCode::BAD_REQUEST,
            "Failed to deserialize query string: page: invalid digit found in string",
            "/api/v1/orgs",
            None,
        );
        assert_eq!(
            (i.code, i.key.as_str()),
            ("bad_request", "err.query_invalid")
        );
        assert_eq!(i.fields.keys().collect::<Vec<_>>(), vec!["page"]);
        let i = classify(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Failed to deserialize form body: missing field `name`",
            "/orgs/1/children",
            None,
        );
        assert_eq!(i.code, "invalid");
        assert_eq!(
            i.fields.get("name").map(String::as_str),
            Some("err.required")
        );
        let i = classify(
            StatusCode::BAD_REQUEST,
            "Failed to buffer the request body: length limit exceeded",
            "/api/v1/x",
            None,
        );
        assert_eq!(
            (i.status, i.code),
            (StatusCode::PAYLOAD_TOO_LARGE, "too_large")
        );
        let i = classify(
            StatusCode::BAD_REQUEST,
            "Invalid `boundary` for `multipart/form-data` request",
            "/api/v1/people/import",
            None,
        );
        assert_eq!(i.key, "input.multipart_invalid");
    }

    #[test]
    fn bare_statuses() {
        let c = |s| classify(s, "", "/api/v1/nothing", None);
        assert_eq!(c(StatusCode::NOT_FOUND).code, "not_found");
        assert_eq!(c(StatusCode::METHOD_NOT_ALLOWED).code, "method_not_allowed");
        assert_eq!(
            c(StatusCode::UNSUPPORTED_MEDIA_TYPE).code,
            "unsupported_media_type"
        );
        assert_eq!(c(StatusCode::BAD_GATEWAY).code, "internal");
        assert_eq!(c(StatusCode::IM_A_TEAPOT).code, "bad_request");
        assert_eq!(c(StatusCode::IM_A_TEAPOT).status, StatusCode::IM_A_TEAPOT);
    }
}

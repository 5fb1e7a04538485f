//! One guard in front of every handler, with two jobs:
//!
//! - On the way in, it refuses control characters in what a request carries as text: the
//!   decoded path, the query string, and urlencoded or JSON bodies (every key and string
//!   value, nested ones named by their path such as `members[2].name`). A refused request
//!   answers 422 with one field error per offending field, in the caller's language, before
//!   any handler or database sees it. PostgreSQL cannot store NUL in text at all, and the
//!   other control characters only ever arrive by mistake or to hide something, so both
//!   engines refuse them alike. Multipart bodies (file uploads) are not buffered here; their
//!   text parts are checked by the handlers that read them.
//! - On the way out, an answer that failed without a rendered error (an extractor's plain
//!   text rejection, an unknown route or method, a body over the limit) gets one, so that
//!   `ctx::resolve` answers it as the API's JSON error or as a readable page.
//!
//! Allowed: newline and tab, and a carriage return directly before a newline, because the
//! HTML standard has browsers send every line break of a `<textarea>` as CR LF. A lone
//! carriage return is refused: no keyboard or form produces one, and on a terminal or in a
//! log it rewrites the line it sits on.

mod reply;

use crate::error::WebError;
use crate::i18n::{Lang, Tr};
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use touyan_domain::FieldErrors;
use touyan_storage::StorageError;

/// The largest urlencoded or JSON body read here: the limit axum's `Json` and `Form`
/// extractors apply by default, which is what the handlers reading such bodies use.
pub const TEXT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Fields named in one answer at most; a body full of bad strings need not list them all.
const MAX_FIELDS: usize = 20;

/// The message given for each refused field.
pub const CONTROL_KEY: &str = "input.control_char";

/// Whether `c` (followed by `next`) is refused in text.
fn refused(c: char, next: Option<char>) -> bool {
    c.is_control() && !(c == '\n' || c == '\t' || (c == '\r' && next == Some('\n')))
}

/// The byte offset of the first refused character of `s`, if any.
pub fn first_refused(s: &str) -> Option<usize> {
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if refused(c, it.peek().map(|(_, n)| *n)) {
            return Some(i);
        }
    }
    None
}

/// Whether `s` may be stored as text.
pub fn is_clean(s: &str) -> bool {
    first_refused(s).is_none()
}

/// A field name as it can be shown: its own control characters written as escapes.
fn shown(name: &str) -> String {
    if is_clean(name) {
        name.to_string()
    } else {
        name.escape_debug().to_string()
    }
}

/// Adds `field` to `bad` unless the list is full.
fn note(bad: &mut FieldErrors, field: &str) {
    if bad.0.len() < MAX_FIELDS {
        bad.add(&shown(field), CONTROL_KEY);
    }
}

/// Checks `a=1&b=2` pairs, as sent in a query string or an urlencoded body.
pub fn check_pairs(input: &[u8], bad: &mut FieldErrors) {
    for (k, v) in form_urlencoded::parse(input) {
        if !is_clean(&k) || !is_clean(&v) {
            note(bad, &k);
        }
    }
}

/// Checks the decoded path of a request.
pub fn check_path(path: &str, bad: &mut FieldErrors) {
    if !path.contains('%') {
        if !is_clean(path) {
            note(bad, "path");
        }
        return;
    }
    if let Ok(decoded) = urlencoding::decode(path) {
        if !is_clean(&decoded) {
            note(bad, "path");
        }
    }
}

/// Whether a JSON text may hold a refused character at all: a raw DEL or C1 control, or an
/// escape (`\b`, `\f`, `\r`, `\u…`) that can write one. Raw C0 controls cannot appear inside
/// a JSON string, so the parser refuses them. Most bodies hold none of these and are passed
/// on without being parsed here.
pub fn json_may_hold_controls(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0x7f => return true,
            0xc2 if b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)) => return true,
            b'\\' => {
                if matches!(b.get(i + 1), Some(b'b' | b'f' | b'r' | b'u')) {
                    return true;
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// Walks a JSON value, noting every key or string holding a refused character by its path.
pub fn check_json(v: &Value, path: &mut String, bad: &mut FieldErrors) {
    match v {
        Value::String(s) => {
            if !is_clean(s) {
                note(bad, if path.is_empty() { "body" } else { path });
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                check_json(item, path, bad);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                if !is_clean(k) {
                    note(bad, path);
                } else {
                    check_json(item, path, bad);
                }
                path.truncate(len);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Checks a JSON body; one that does not parse is left for the handler to refuse.
pub fn check_json_body(b: &[u8], bad: &mut FieldErrors) {
    if !json_may_hold_controls(b) {
        return;
    }
    if let Ok(v) = serde_json::from_slice::<Value>(b) {
        check_json(&v, &mut String::new(), bad);
    }
}

/// The text of one part of a multipart form (whose body the guard does not buffer), refused
/// with a field error on `name` when it holds a control character. `broken` maps a part that
/// cannot be read.
pub async fn multipart_text(
    field: axum::extract::multipart::Field<'_>,
    broken: impl FnOnce(axum::extract::multipart::MultipartError) -> WebError,
) -> Result<String, WebError> {
    let name = field.name().unwrap_or("").to_string();
    let text = field.text().await.map_err(broken)?;
    if is_clean(&text) {
        Ok(text)
    } else {
        Err(StorageError::field(&shown(&name), CONTROL_KEY).into())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Json,
    Form,
    Other,
}

fn body_kind(headers: &HeaderMap) -> BodyKind {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return BodyKind::Other;
    };
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime == "application/json" || mime.ends_with("+json") {
        BodyKind::Json
    } else if mime == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else {
        BodyKind::Other
    }
}

/// Why a request is refused before its handler.
enum Refusal {
    TooLarge,
    Fields(FieldErrors),
}

/// Checks the path, the query and a text body; hands the request back with its body whole.
async fn inspect(req: Request<Body>) -> Result<Request<Body>, Refusal> {
    let mut bad = FieldErrors::new();
    check_path(req.uri().path(), &mut bad);
    if let Some(q) = req.uri().query() {
        check_pairs(q.as_bytes(), &mut bad);
    }
    let kind = body_kind(req.headers());
    let req = if kind == BodyKind::Other {
        req
    } else {
        let (parts, body) = req.into_parts();
        let bytes: Bytes = axum::body::to_bytes(body, TEXT_BODY_LIMIT)
            .await
            .map_err(|_| Refusal::TooLarge)?;
        match kind {
            BodyKind::Json => check_json_body(&bytes, &mut bad),
            _ => check_pairs(&bytes, &mut bad),
        }
        Request::from_parts(parts, Body::from(bytes))
    };
    if bad.is_empty() {
        Ok(req)
    } else {
        Err(Refusal::Fields(bad))
    }
}

/// The middleware of the pages and the API: checks the request, runs it, and gives a
/// failed answer its error (which `ctx::resolve` renders in the caller's language).
pub async fn guard(req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if path.starts_with("/static/") {
        return next.run(req).await;
    }
    let req = match inspect(req).await {
        Ok(r) => r,
        Err(Refusal::TooLarge) => return WebError::TooLarge.into_response(),
        Err(Refusal::Fields(bad)) => {
            return WebError::Storage(StorageError::Invalid(bad)).into_response()
        }
    };
    let matched = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|m| m.as_str().to_string());
    let resp = next.run(req).await;
    reply::explain(resp, path.starts_with("/api/"), &path, matched.as_deref()).await
}

/// The same check for the Open311 interface, which answers errors in its own shape (an
/// array of `{code, description}`) and in the language of `Accept-Language`.
pub async fn open311(req: Request<Body>, next: Next) -> Response {
    let tr = Tr::new(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept)
            .unwrap_or(Lang::ZhCn),
    );
    let (status, descriptions) = match inspect(req).await {
        Ok(req) => return next.run(req).await,
        Err(Refusal::TooLarge) => (
            StatusCode::PAYLOAD_TOO_LARGE,
            vec![tr.t("err.body_too_large").to_string()],
        ),
        Err(Refusal::Fields(bad)) => (
            StatusCode::BAD_REQUEST,
            bad.0
                .iter()
                .map(|(f, k)| format!("{f}: {}", tr.t(k)))
                .collect(),
        ),
    };
    let body: Vec<Value> = descriptions
        .into_iter()
        .map(|d| serde_json::json!({"code": status.as_u16(), "description": d}))
        .collect();
    (status, axum::Json(Value::Array(body))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(s: &str) -> Vec<String> {
        let mut bad = FieldErrors::new();
        check_pairs(s.as_bytes(), &mut bad);
        bad.0.into_keys().collect()
    }

    fn json(s: &str) -> Vec<String> {
        let mut bad = FieldErrors::new();
        check_json_body(s.as_bytes(), &mut bad);
        bad.0.into_keys().collect()
    }

    #[test]
    fn refuses_controls_but_keeps_line_breaks_and_tabs() {
        assert!(is_clean("第一行\n第二行\tend"));
        assert!(is_clean("windows\r\nline"));
        assert!(is_clean("中文 émoji 🙂 and spaces"));
        assert_eq!(first_refused("adm\0in"), Some(3));
        assert_eq!(first_refused("lone\rreturn"), Some(4));
        assert_eq!(first_refused("ends with\r"), Some(9));
        assert!(!is_clean("bell\u{7}"));
        assert!(!is_clean("escape\u{1b}[2J"));
        assert!(!is_clean("delete\u{7f}"));
        assert!(!is_clean("c1\u{85}"));
        assert!(!is_clean("\u{9f}"));
    }

    #[test]
    fn query_and_form_pairs_name_the_field() {
        assert_eq!(pairs("q=%00"), vec!["q"]);
        assert_eq!(pairs("page=1&q=ok+fine&name=a%07b"), vec!["name"]);
        assert_eq!(pairs("text=line1%0D%0Aline2%09x"), Vec::<String>::new());
        assert_eq!(pairs("text=line1%0Dline2"), vec!["text"]);
        assert_eq!(pairs("a%00b=1"), vec!["a\\0b"]);
        assert!(
            pairs("q=%FF%FE").is_empty(),
            "invalid UTF-8 is decoded lossily"
        );
    }

    #[test]
    fn paths_are_checked_decoded() {
        let mut bad = FieldErrors::new();
        check_path("/api/v1/orgs/12", &mut bad);
        check_path("/requests/%E4%B8%AD", &mut bad);
        assert!(bad.is_empty());
        check_path("/open311/v2/requests/ab%00c.json", &mut bad);
        assert_eq!(bad.0.keys().collect::<Vec<_>>(), vec!["path"]);
    }

    #[test]
    fn json_is_walked_and_fields_named_by_path() {
        assert_eq!(
            json(r#"{"username":"adm\u0000in","password":"x"}"#),
            vec!["username"]
        );
        assert_eq!(
            json(r#"{"a":{"b":[{"c":"ok"},{"c":"\u001b"}]},"d":"\r\n"}"#),
            vec!["a.b[1].c"]
        );
        assert_eq!(json(r#"["\b"]"#), vec!["[0]"]);
        assert_eq!(json(r#""\f""#), vec!["body"]);
        assert_eq!(json(r#"{"k\u0000":1}"#), vec!["k\\0"]);
        assert_eq!(json("{\"raw\":\"del\u{7f}\"}"), vec!["raw"]);
        assert_eq!(json("{\"c1\":\"\u{85}\"}"), vec!["c1"]);
        assert!(json(r#"{"text":"第一行\n第二行\t\r\n","n":1,"u":"\u4e2d"}"#).is_empty());
        assert!(
            json(r#"{"broken":"\u0000"#).is_empty(),
            "left to the handler"
        );
    }

    #[test]
    fn json_prescan_skips_plain_bodies() {
        assert!(!json_may_hold_controls(br#"{"a":"b\n\t\"\\u"}"#));
        assert!(json_may_hold_controls(br#"{"a":"\u0041"}"#));
        assert!(json_may_hold_controls(br#"{"a":"\r"}"#));
        assert!(json_may_hold_controls("\u{7f}".as_bytes()));
    }

    #[test]
    fn a_flood_of_bad_fields_is_capped() {
        let body: String = (0..100).map(|i| format!("f{i}=%01&")).collect();
        assert_eq!(pairs(&body).len(), MAX_FIELDS);
    }

    #[test]
    fn body_kinds() {
        let mut h = HeaderMap::new();
        assert!(body_kind(&h) == BodyKind::Other);
        h.insert(
            header::CONTENT_TYPE,
            "application/json; charset=utf-8".parse().unwrap(),
        );
        assert!(body_kind(&h) == BodyKind::Json);
        h.insert(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded".parse().unwrap(),
        );
        assert!(body_kind(&h) == BodyKind::Form);
        h.insert(
            header::CONTENT_TYPE,
            "multipart/form-data; boundary=x".parse().unwrap(),
        );
        assert!(body_kind(&h) == BodyKind::Other);
    }
}

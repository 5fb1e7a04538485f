//! What counts as a leak in an answer.

use super::Resolver;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::fmt;

/// An answer's body, read as far as the judging needs.
pub enum Body {
    Json(Value),
    /// A page, or any text.
    Text(String),
    /// The text of every cell of an .xlsx file.
    Sheet(String),
    Other,
}

impl Body {
    pub fn read(content_type: &str, bytes: &[u8]) -> Body {
        if content_type.starts_with("application/json") {
            serde_json::from_slice(bytes).map_or(Body::Other, Body::Json)
        } else if content_type.contains("spreadsheetml") {
            Body::Sheet(sheet_text(bytes))
        } else if content_type.starts_with("text/") {
            Body::Text(String::from_utf8_lossy(bytes).into_owned())
        } else {
            Body::Other
        }
    }
}

fn sheet_text(bytes: &[u8]) -> String {
    use calamine::Reader;
    let Ok(mut book) = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())) else {
        return String::new();
    };
    let mut out = String::new();
    for name in book.sheet_names() {
        if let Ok(range) = book.worksheet_range(&name) {
            for cell in range.used_cells() {
                out.push_str(&cell.2.to_string());
                out.push('\n');
            }
        }
    }
    out
}

/// One answer that should not have been given.
#[derive(Debug)]
pub struct Finding {
    user: String,
    method: Method,
    url: String,
    status: StatusCode,
    why: String,
}

impl Finding {
    pub fn new(user: &str, method: &Method, url: &str, status: StatusCode, why: &str) -> Self {
        Finding {
            user: user.to_string(),
            method: method.clone(),
            url: url.to_string(),
            status,
            why: why.to_string(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "  {} {} {} answered {}: {}",
            self.user, self.method, self.url, self.status, self.why
        )
    }
}

/// Another tree's record: a read answers 404 (or 405 where the method is not served), a write
/// 403 or 404.
pub fn item(user: &str, method: &Method, url: &str, status: StatusCode) -> Option<Finding> {
    let ok = match *method {
        Method::GET => matches!(
            status,
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
        ),
        _ => matches!(
            status,
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
        ),
    };
    (!ok).then(|| Finding::new(user, method, url, status, "another tree's record"))
}

/// A list read by the other admin: any answer but a server error, as long as it shows none of
/// the owner's names or paths.
pub fn list(
    user: &str,
    url: &str,
    status: StatusCode,
    body: &Body,
    owner: &Resolver<'_>,
) -> Option<Finding> {
    let f = |why: String| Some(Finding::new(user, &Method::GET, url, status, &why));
    if status.is_server_error() {
        return f("a server error".into());
    }
    if !status.is_success() {
        return None;
    }
    shows(body, &owner.markers, &owner.root_path).and_then(|what| f(format!("shows {what}")))
}

/// The first of `markers` (names) or a path under `root_path` that `body` holds.
pub fn shows(body: &Body, markers: &[String], root_path: &str) -> Option<String> {
    match body {
        Body::Json(v) => json_shows(v, markers, root_path),
        Body::Text(t) | Body::Sheet(t) => markers.iter().find(|m| t.contains(m.as_str())).cloned(),
        Body::Other => None,
    }
}

fn json_shows(v: &Value, markers: &[String], root_path: &str) -> Option<String> {
    match v {
        Value::String(s) if s.starts_with(root_path) || markers.contains(s) => Some(s.clone()),
        Value::Array(a) => a.iter().find_map(|x| json_shows(x, markers, root_path)),
        Value::Object(o) => o.values().find_map(|x| json_shows(x, markers, root_path)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn markers() -> Vec<String> {
        vec!["北京市朝阳区".to_string(), "某某工作室".to_string()]
    }

    #[test]
    fn an_answered_read_or_write_of_another_trees_record_is_a_finding() {
        let get = |s| item("a", &Method::GET, "/x/1", s).is_some();
        assert!(get(StatusCode::OK));
        assert!(
            get(StatusCode::FORBIDDEN),
            "a read answers 404, as for a missing id"
        );
        assert!(!get(StatusCode::NOT_FOUND));
        assert!(!get(StatusCode::METHOD_NOT_ALLOWED));
        let post = |s| item("a", &Method::POST, "/x/1", s).is_some();
        assert!(post(StatusCode::SEE_OTHER), "a page form that went through");
        assert!(
            post(StatusCode::UNPROCESSABLE_ENTITY),
            "the body was read first"
        );
        assert!(!post(StatusCode::FORBIDDEN));
        assert!(!post(StatusCode::NOT_FOUND));
    }

    #[test]
    fn a_list_showing_another_trees_name_or_path_is_a_finding() {
        let m = markers();
        let leaked = json!({"items": [{"name": "甲", "node_path": "/48/50/"}]});
        assert_eq!(
            shows(&Body::Json(leaked), &m, "/48/").as_deref(),
            Some("/48/50/")
        );
        let named = json!({"items": [{"studio": "某某工作室", "node_path": "/1/"}]});
        assert!(shows(&Body::Json(named), &m, "/48/").is_some());
        let own = json!({"items": [{"name": "滨海", "node_path": "/1/48/"}], "total": 48});
        assert_eq!(shows(&Body::Json(own), &m, "/48/"), None);
        let page = Body::Text("<td>北京市朝阳区</td>".into());
        assert!(shows(&page, &m, "/48/").is_some());
        assert_eq!(shows(&Body::Text("<td>滨海</td>".into()), &m, "/48/"), None);
        assert!(shows(&Body::Sheet("某某工作室\n".into()), &m, "/48/").is_some());
    }
}

//! Front-end files, embedded in the binary: the product works on an intranet with no
//! network. Vendored libraries come from npm (see `scripts/vendor.sh`).
//!
//! Pages name each file by an address that carries its content's hash (`url`), such as
//! `/static/app.3f2a9c01be.css`: a browser keeps it for a year without asking again, and a
//! new build's file has a new address. The plain address still answers, to be revalidated.

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(rust_embed::RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/assets/"]
struct Assets;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/static/{*path}", get(serve))
        .route(
            "/favicon.ico",
            get(|h: HeaderMap| serve(h, Path("favicon.svg".into()))),
        )
}

/// How many hex digits of the content's SHA-256 go into an address.
const HASH_LEN: usize = 10;

/// Each embedded file's hash, by its path.
fn hashes() -> &'static HashMap<String, String> {
    static HASHES: OnceLock<HashMap<String, String>> = OnceLock::new();
    HASHES.get_or_init(|| {
        Assets::iter()
            .filter_map(|p| {
                let f = Assets::get(&p)?;
                let hex: String = f.metadata.sha256_hash()[..HASH_LEN / 2]
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                Some((p.into_owned(), hex))
            })
            .collect()
    })
}

/// The address pages use for the embedded file at `path` (e.g. `app.css`): its name with its
/// content's hash before the extension.
pub fn url(path: &str) -> String {
    match hashes().get(path) {
        Some(hash) => format!("/static/{}", hashed_name(path, hash)),
        None => format!("/static/{path}"),
    }
}

fn hashed_name(path: &str, hash: &str) -> String {
    match path.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !ext.contains('/') => {
            format!("{stem}.{hash}.{ext}")
        }
        _ => format!("{path}.{hash}"),
    }
}

/// The file a requested path names, and whether it named the current content's hash.
fn resolve(requested: &str) -> (String, bool) {
    if let Some((rest, ext)) = requested.rsplit_once('.') {
        if let Some((stem, hash)) = rest.rsplit_once('.') {
            let plain = format!("{stem}.{ext}");
            if hash.len() == HASH_LEN && hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                let current = hashes().get(&plain).is_some_and(|h| h == hash);
                return (plain, current);
            }
        }
    }
    (requested.to_string(), false)
}

fn mime(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

async fn serve(headers: HeaderMap, Path(path): Path<String>) -> Response {
    let (file, current) = resolve(&path);
    let (Some(f), Some(hash)) = (Assets::get(&file), hashes().get(&file)) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let etag = format!("\"{hash}\"");
    let cache = if current {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut out = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, mime(&file))], f.data.into_owned()).into_response()
    };
    let h = out.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_carries_the_content_hash_and_resolves_back_to_its_file() {
        let u = url("app.css");
        let name = u.strip_prefix("/static/").unwrap();
        assert!(name.starts_with("app.") && name.ends_with(".css") && name.len() == 8 + HASH_LEN);
        assert_eq!(resolve(name), ("app.css".to_string(), true));
        let vendor = url("vendor/htmx/htmx.min.js");
        let name = vendor.strip_prefix("/static/").unwrap();
        assert!(name.starts_with("vendor/htmx/htmx.min."), "{name}");
        assert_eq!(resolve(name), ("vendor/htmx/htmx.min.js".to_string(), true));
    }

    #[test]
    fn a_plain_or_stale_address_names_its_file_without_the_year_long_cache() {
        assert_eq!(resolve("app.css"), ("app.css".to_string(), false));
        assert_eq!(
            resolve("app.0123456789.css"),
            ("app.css".to_string(), false)
        );
        // A dotted name that is not a hash stays as it is.
        assert_eq!(
            resolve("vendor/htmx/htmx.min.js"),
            ("vendor/htmx/htmx.min.js".to_string(), false)
        );
        assert_eq!(url("no-such-file.js"), "/static/no-such-file.js");
    }
}

//! Front-end files, embedded in the binary: the product works on an intranet with no
//! network. Vendored libraries come from npm (see `scripts/vendor.sh`).
//!
//! Pages name each file by an address that carries its content's hash (`url`), such as
//! `/static/app.3f2a9c01be.css`: a browser keeps it for a year without asking again, and a
//! new build's file has a new address. The plain address still answers, to be revalidated.
//!
//! Text files are compressed once, in the background when the server starts, with brotli
//! and with gzip; each answer carries the best the browser takes. Until they are ready the
//! server's response compression gzips them as it does pages.

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
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        std::thread::spawn(|| PACKED.get_or_init(pack_all));
    });
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

/// An embedded text file compressed both ways.
struct Packed {
    br: Vec<u8>,
    gz: Vec<u8>,
}

static PACKED: OnceLock<HashMap<String, Packed>> = OnceLock::new();

/// Files below this size are sent as they are.
const PACK_ABOVE: usize = 1024;

fn pack_all() -> HashMap<String, Packed> {
    use std::io::Write;
    Assets::iter()
        .filter(|p| is_text(p))
        .filter_map(|p| {
            let f = Assets::get(&p)?;
            if f.data.len() < PACK_ABOVE {
                return None;
            }
            let mut br = Vec::new();
            {
                // Quality 9 of 11: nearly the smallest, at a fraction of the time.
                let mut w = brotli::CompressorWriter::new(&mut br, 4096, 9, 22);
                w.write_all(&f.data).ok()?;
            }
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            gz.write_all(&f.data).ok()?;
            let gz = gz.finish().ok()?;
            Some((p.into_owned(), Packed { br, gz }))
        })
        .collect()
}

fn is_text(path: &str) -> bool {
    let m = mime(path);
    m.starts_with("text/")
        || m.contains("javascript")
        || m.contains("json")
        || m.ends_with("svg+xml")
}

/// The encoding to answer with: `br` or `gzip` when the browser takes it (a `q=0` refuses).
fn accepted(headers: &HeaderMap) -> Option<&'static str> {
    let offer = headers.get(header::ACCEPT_ENCODING)?.to_str().ok()?;
    let takes = |name: &str| {
        offer.split(',').any(|part| {
            let mut bits = part.split(';').map(str::trim);
            bits.next().is_some_and(|n| n.eq_ignore_ascii_case(name))
                && !bits.any(|b| b.replace(' ', "") == "q=0" || b.replace(' ', "") == "q=0.0")
        })
    };
    if takes("br") {
        Some("br")
    } else if takes("gzip") {
        Some("gzip")
    } else {
        None
    }
}

async fn serve(headers: HeaderMap, Path(path): Path<String>) -> Response {
    let (file, current) = resolve(&path);
    let (Some(f), Some(hash)) = (Assets::get(&file), hashes().get(&file)) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let packed = PACKED.get().and_then(|all| all.get(&file));
    let encoding = packed.and(accepted(&headers));
    // Each encoding is its own representation, with its own tag.
    let etag = match encoding {
        Some(e) => format!("\"{hash}-{e}\""),
        None => format!("\"{hash}\""),
    };
    let cache = if current {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let body = match (packed, encoding) {
        (Some(p), Some("br")) => p.br.clone(),
        (Some(p), Some(_)) => p.gz.clone(),
        _ => f.data.into_owned(),
    };
    let mut out = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, mime(&file))], body).into_response()
    };
    let h = out.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Some(e) = encoding {
        if !fresh {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
        }
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
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

    fn asking(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn brotli_is_preferred_gzip_taken_and_a_zero_weight_refuses() {
        assert_eq!(accepted(&asking("gzip, deflate, br, zstd")), Some("br"));
        assert_eq!(accepted(&asking("gzip;q=1.0, br;q=0")), Some("gzip"));
        assert_eq!(accepted(&asking("GZIP")), Some("gzip"));
        assert_eq!(accepted(&asking("identity")), None);
        assert_eq!(accepted(&asking("brotli-ish")), None);
        assert_eq!(accepted(&HeaderMap::new()), None);
    }

    #[test]
    fn packed_files_unpack_to_their_bytes_and_images_are_left_alone() {
        use std::io::Read;
        let all = pack_all();
        let css = all.get("app.css").expect("app.css is packed");
        let raw = Assets::get("app.css").unwrap().data.into_owned();
        let mut back = Vec::new();
        brotli::Decompressor::new(&css.br[..], 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, raw);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&css.gz[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, raw);
        assert!(css.br.len() < raw.len() / 2);
        assert!(!all.contains_key("favicon.svg"), "too small to be worth it");
        assert!(!is_text("photo.png") && is_text("vendor/echarts/echarts.min.js"));
    }
}

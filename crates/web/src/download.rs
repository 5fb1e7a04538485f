//! Stored files answered to the browser, one way for every area: with the type they were stored
//! under and never sniffed; pictures and PDFs shown in the page, anything else downloaded under
//! its own name; kept in the browser's private cache for a few minutes.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// A file a signed-in caller reads.
pub fn stored_file(name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    let shown = content_type.starts_with("image/") || content_type == "application/pdf";
    let resp = if shown {
        bytes.into_response()
    } else {
        crate::xlsx::attachment(name, bytes)
    };
    typed(resp, content_type, "private, max-age=300")
}

/// A picture of a public page, shown in it.
pub fn public_picture(content_type: &str, bytes: Vec<u8>) -> Response {
    typed(bytes.into_response(), content_type, "private, max-age=3600")
}

fn typed(mut resp: Response, content_type: &str, cache: &'static str) -> Response {
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_show_and_other_files_download_with_their_stored_type() {
        let r = stored_file("照片.png", "image/png", vec![1]);
        assert_eq!(r.headers()[header::CONTENT_TYPE], "image/png");
        assert!(r.headers().get(header::CONTENT_DISPOSITION).is_none());
        assert_eq!(r.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let r = stored_file("会议记录.docx", "application/msword", vec![1]);
        assert_eq!(r.headers()[header::CONTENT_TYPE], "application/msword");
        let d = r.headers()[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(d.starts_with("attachment;"), "{d}");
        let r = public_picture("image/jpeg", vec![1]);
        assert_eq!(r.headers()[header::CACHE_CONTROL], "private, max-age=3600");
    }
}

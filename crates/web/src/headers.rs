//! Security headers on every answer. Pages run only the scripts and styles this server
//! sends as files (no inline script or style attribute), may not be framed, and keep their
//! addresses to this site; `Strict-Transport-Security` is sent only when the cookies are
//! marked secure, i.e. when the server is known to be reached over HTTPS.

use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::Response;

/// The policy of every page. Images may be `data:` URLs because the API page's stylesheet
/// draws its icons that way; everything else comes from this server only.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
    base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Powerful browser features no page of the platform uses (only names every current
/// browser knows: an unknown one is reported on the console of each page).
pub const PERMISSIONS: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()";

/// One year, as HSTS preload lists expect.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Sets the headers on `h`; `hsts` when the server is reached over HTTPS.
pub fn apply(h: &mut HeaderMap, hsts: bool) {
    let set = |h: &mut HeaderMap, name: HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "same-origin");
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS,
    );
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if hsts {
        set(h, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
}

/// The middleware.
pub async fn security(State(st): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let mut resp = next.run(req).await;
    apply(resp.headers_mut(), st.config.secure_cookies);
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_allows_no_inline_code_and_no_framing() {
        let mut h = HeaderMap::new();
        apply(&mut h, false);
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("script-src 'self';") && csp.contains("style-src 'self';"));
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(h[header::REFERRER_POLICY], "same-origin");
        assert!(h.contains_key("permissions-policy"));
        assert!(!h.contains_key(header::STRICT_TRANSPORT_SECURITY));
    }

    #[test]
    fn hsts_only_over_https_and_a_handler_s_own_header_wins() {
        let mut h = HeaderMap::new();
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        apply(&mut h, true);
        assert_eq!(h[header::STRICT_TRANSPORT_SECURITY], HSTS);
        assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
    }
}

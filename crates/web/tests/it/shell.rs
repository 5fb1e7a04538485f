//! The request/response shell: control characters are refused with a field error before
//! any handler (on both engines), every failure under /api answers the JSON error shape,
//! and every answer carries the security headers.

use crate::common::*;
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

/// The error object of an API answer, after checking its shape.
async fn api_error(r: Response, status: StatusCode) -> Value {
    assert_eq!(r.status(), status, "{}", r.url());
    let ct = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with("application/json"), "content type {ct}");
    let v: Value = r.json().await.unwrap();
    let e = v["error"].clone();
    assert!(
        e["code"].is_string() && e["message"].is_string() && e["fields"].is_object(),
        "error shape: {v}"
    );
    e
}

#[tokio::test]
async fn control_characters_are_refused_on_anonymous_routes() {
    let app = spawn().await;
    let c = client();
    // NUL in the login name: refused before the account is looked up, in English here.
    let r = c
        .post(app.url("/api/v1/session"))
        .header("accept-language", "en")
        .json(&json!({"username": "adm\u{0}in", "password": "x"}))
        .send()
        .await
        .unwrap();
    let e = api_error(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(e["code"], "invalid");
    assert!(
        e["fields"]["username"]
            .as_str()
            .unwrap()
            .contains("control character"),
        "{e}"
    );
    // The same in Chinese by default.
    let r = c
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "admin", "password": "a\u{1b}b"}))
        .send()
        .await
        .unwrap();
    let e = api_error(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(e["fields"]["password"]
        .as_str()
        .unwrap()
        .contains("控制字符"));
    // The public location search.
    let r = c
        .get(app.url("/api/v1/public/locations?q=%00"))
        .send()
        .await
        .unwrap();
    let e = api_error(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(e["fields"]["q"].is_string(), "{e}");
    // Line breaks, tabs and CR LF pass: the search answers normally.
    let r = c
        .get(app.url("/api/v1/public/locations?q=a%0D%0Ab%09"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // The login form, as a browser sends it: a readable page, not a 500.
    let c = client();
    let page = c.get(app.url("/login")).send().await.unwrap();
    let csrf = anon_csrf(&page);
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("username", "adm\u{0}in"),
            ("password", "x"),
            ("_csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("username") && html.contains("控制字符"),
        "{html}"
    );
    // Open311 answers in its own shape.
    let r = c
        .get(app.url("/open311/v2/requests.json?status=%07"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v[0]["code"], 400);
    assert!(v[0]["description"]
        .as_str()
        .unwrap()
        .starts_with("status: "));
}

#[tokio::test]
async fn control_characters_are_refused_in_lists_bodies_and_forms() {
    let app = spawn().await;
    let admin = app.admin().await;
    // A list's search term.
    let r = admin.get("/api/v1/orgs?q=%00").await;
    let e = api_error(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(e["fields"]["q"].is_string(), "{e}");
    let r = admin.get("/api/v1/requests?q=a%7Fb").await;
    let e = api_error(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(e["fields"]["q"].is_string(), "{e}");
    // The tree page's search: an error page, not a 500.
    let r = admin.get("/orgs?q=%00").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    // A JSON body's field; nothing is written.
    let (s, v) = admin
        .post(
            "/api/v1/orgs",
            json!({"name": "区\u{0}一", "kind": "district"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["name"].is_string(), "{v}");
    let (_, list) = admin.get_json("/api/v1/orgs?q=%E5%8C%BA").await;
    assert_eq!(list["total"], 0, "{list}");
    // A lone carriage return is refused.
    let (s, v) = admin
        .post(
            "/api/v1/orgs",
            json!({"name": "区\r二", "kind": "district"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    // A page form's field.
    let r = admin
        .form("/orgs", &[("name", "表单\u{0}区"), ("kind", "district")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("name") && html.contains("控制字符"), "{html}");
    // The same form without the NUL works.
    let r = admin
        .form("/orgs", &[("name", "表单区"), ("kind", "district")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn every_api_failure_answers_the_json_error_shape() {
    let app = spawn().await;
    let admin = app.admin().await;
    // A path parameter that is not a number names the parameter.
    let e = api_error(admin.get("/api/v1/orgs/abc").await, StatusCode::BAD_REQUEST).await;
    assert_eq!(e["code"], "bad_request");
    assert!(e["fields"]["id"].is_string(), "{e}");
    // A query parameter of the wrong type.
    let e = api_error(
        admin.get("/api/v1/orgs?page=abc").await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(e["code"], "bad_request");
    // A JSON field of the wrong type: 422 on the field; broken JSON: 400.
    let (s, v) = admin
        .post("/api/v1/orgs", json!({"name": 5, "kind": "district"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["name"].is_string(), "{v}");
    let r = admin
        .c
        .post(admin.url("/api/v1/orgs"))
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(
        api_error(r, StatusCode::BAD_REQUEST).await["code"],
        "bad_request"
    );
    // A multipart body without its boundary.
    let r = admin
        .c
        .post(admin.url("/api/v1/people/import"))
        .header("content-type", "multipart/form-data")
        .header(CSRF_HEADER, &admin.csrf)
        .body("--x\r\n")
        .send()
        .await
        .unwrap();
    let e = api_error(r, StatusCode::BAD_REQUEST).await;
    assert_eq!(e["code"], "bad_request");
    // A body over the limit is 413, not "invalid JSON".
    let big = format!(
        "{{\"name\":\"{}\",\"kind\":\"district\"}}",
        "x".repeat(3 << 20)
    );
    let r = admin
        .c
        .post(admin.url("/api/v1/orgs"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    let e = api_error(r, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(e["code"], "too_large");
    // An unknown route, and a known route with a method it does not take.
    let e = api_error(
        admin.get("/api/v1/no-such-thing").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(e["code"], "not_found");
    let r = admin
        .c
        .put(admin.url("/api/v1/orgs"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert!(r.headers().contains_key("allow"));
    let e = api_error(r, StatusCode::METHOD_NOT_ALLOWED).await;
    assert_eq!(e["code"], "method_not_allowed");
    // Pages show such failures as a readable page.
    let r = admin.get("/orgs/abc").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let html = r.text().await.unwrap();
    assert!(html.contains("<html") && html.contains("id"), "{html}");
    let r = admin.get("/no-such-page").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.text().await.unwrap().contains("<html"));
}

#[tokio::test]
async fn security_headers_on_pages_api_and_files() {
    let app = spawn().await;
    let c = client();
    for p in [
        "/login",
        "/api/v1/public/locations",
        "/static/app.css",
        "/nope",
    ] {
        let r = c.get(app.url(p)).send().await.unwrap();
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'")
                && csp.contains("style-src 'self'")
                && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline"),
            "{p}: {csp}"
        );
        assert_eq!(h["x-frame-options"], "DENY", "{p}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{p}");
        assert_eq!(h["referrer-policy"], "same-origin", "{p}");
        assert!(h.contains_key("permissions-policy"), "{p}");
        // Cookies are not marked secure in tests: no HSTS.
        assert!(!h.contains_key("strict-transport-security"), "{p}");
    }
    // No page carries an inline script or style attribute the policy would block.
    let admin = app.admin().await;
    for p in [
        "/",
        "/orgs",
        "/requests",
        "/requests/stats",
        "/calendar",
        "/report",
    ] {
        let r = admin.get(p).await;
        assert_eq!(r.status(), StatusCode::OK, "{p}");
        let html = r.text().await.unwrap();
        assert!(!html.contains(" style=") && !html.contains("<style"), "{p}");
        assert!(
            html.match_indices("<script")
                .all(|(i, _)| html[i..].starts_with("<script src=")),
            "{p}"
        );
    }
}

#[tokio::test]
async fn pages_and_files_go_gzipped_to_a_browser_that_takes_it_and_spreadsheets_as_they_are() {
    use std::io::Read;
    let app = spawn().await;
    let c = client();
    for p in ["/login", "/static/app.css"] {
        let r = c
            .get(app.url(p))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["content-encoding"], "gzip", "{p}");
        let packed = r.bytes().await.unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_string(&mut text)
            .unwrap();
        assert!(text.len() > packed.len(), "{p}");
        // Without the header, the same answer comes as it is.
        let plain = c.get(app.url(p)).send().await.unwrap();
        assert!(plain.headers().get("content-encoding").is_none());
        assert_eq!(plain.text().await.unwrap(), text, "{p}");
    }
    let admin = app.admin().await;
    let r = admin
        .c
        .get(admin.url("/orgs/export.xlsx"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/vnd.openxmlformats"));
    assert!(r.headers().get("content-encoding").is_none());
}

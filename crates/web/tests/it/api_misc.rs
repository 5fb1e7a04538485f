//! Cross-site request protection, authentication errors and the OpenAPI document.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn cookie_requests_need_json_or_a_token_and_the_same_origin() {
    let app = spawn().await;
    let admin = app.admin().await;
    // A cross-site HTML form can only send form or text bodies: refused.
    let r = admin
        .c
        .post(admin.url("/api/v1/orgs"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("name=x&kind=district")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "csrf");
    // JSON from another origin: refused.
    let r = admin
        .c
        .post(admin.url("/api/v1/orgs"))
        .header("origin", "http://evil.example")
        .json(&json!({"name": "x", "kind": "district"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A non-JSON body with the session's token is accepted.
    let r = admin
        .c
        .delete(admin.url("/api/v1/orgs/999"))
        .header(crate::common::CSRF_HEADER, &admin.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = admin
        .c
        .delete(admin.url("/api/v1/orgs/999"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "DELETE without JSON or token"
    );
    // Page forms without the token are refused, with it accepted.
    let r = admin
        .c
        .post(admin.url("/orgs"))
        .form(&[("name", "x"), ("kind", "district")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = admin
        .form("/orgs", &[("name", "表单区"), ("kind", "district")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn unauthenticated_calls_answer_401_and_pages_redirect_to_login() {
    let app = spawn().await;
    let c = client();
    for p in [
        "/api/v1/orgs",
        "/api/v1/users",
        "/api/v1/audit",
        "/api/v1/me",
    ] {
        let r = c.get(app.url(p)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{p}");
    }
    let r = c.get(app.url("/orgs")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login?next=%2Forgs");
    let r = c.get(app.url("/login")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("登录") && html.contains("name=\"_csrf\""));
}

#[tokio::test]
async fn openapi_document_and_browsable_page_are_served() {
    let app = spawn().await;
    let c = client();
    let v: Value = c
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
    for p in [
        "/api/v1/orgs",
        "/api/v1/orgs/{id}/move",
        "/api/v1/users",
        "/api/v1/roles",
        "/api/v1/assignments",
        "/api/v1/tokens",
        "/api/v1/audit",
        "/api/v1/session",
        "/api/v1/org-kinds",
    ] {
        assert!(v["paths"][p].is_object(), "{p} missing from the document");
    }
    let html = c
        .get(app.url("/api/docs"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // The page names each file with its content's hash: kept a year by the browser.
    let start = html
        .find("/static/vendor/swagger-ui/swagger-ui-bundle.")
        .expect("the bundle's address");
    let hashed = &html[start..start + html[start..].find('"').unwrap()];
    assert!(
        hashed.ends_with(".js")
            && hashed.len() > "/static/vendor/swagger-ui/swagger-ui-bundle.js".len()
    );
    let r = c.get(app.url(hashed)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    // The plain address answers too, to be asked again each time.
    let r = c
        .get(app.url("/static/vendor/swagger-ui/swagger-ui-bundle.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-cache");
    let etag = r.headers()["etag"].clone();
    let r = c
        .get(app.url("/static/vendor/swagger-ui/swagger-ui-bundle.js"))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    let r = c
        .get(app.url("/static/vendor/htmx/htmx.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
}

//! The ratings' pages over HTTP: a failed objection or answer shows its page again with the
//! error under the form that was sent and what was typed there.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_failed_objection_keeps_what_was_typed_under_its_form() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let branch = admin
        .create_node(Some(t.a), "甲园区第三党支部", "party_branch")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let body = json!({"node_id": branch, "period": "2026Q2", "star": 4, "reason": "先进"});
    let (st, v) = alice.post("/api/v1/ratings/direct", body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let id = v["rating"]["id"].as_i64().unwrap();

    // Too long an objection: 422, the page again with the text typed and the error.
    let long = format!("未按时开展主题党日{}", "。".repeat(2_000));
    let r = alice
        .form(&format!("/ratings/{id}/objections"), &[("body", &long)])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("未按时开展主题党日。。"), "{page}");
    assert!(page.contains("class=\"field-error\""), "{page}");

    // An answer left blank: the error lands under that objection's form, the text kept.
    let (st, v) = alice
        .post(
            &format!("/api/v1/ratings/{id}/objections"),
            json!({"body": "请复核"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let oid = v["objections"][0]["id"].as_i64().unwrap();
    let long = format!("维持评定{}", "。".repeat(2_000));
    let r = alice
        .form(
            &format!("/ratings/{id}/objections/{oid}/answer"),
            &[("body", &long)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("维持评定。。"), "{page}");
}

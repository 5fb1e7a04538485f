//! The ratings' pages over HTTP: a failed objection or answer shows its page again with the
//! error under the form that was sent and what was typed there; an organization's public
//! page shows its final stars to anyone.

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

#[tokio::test]
async fn an_organizations_public_page_shows_its_final_stars_only_to_anyone() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let branch = admin
        .create_node(Some(t.a), "甲园区第五党支部", "party_branch")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let rules = |days: &str| json!({"threshold_1": "50", "notice_days": days});
    let rules_url = format!("/api/v1/ratings/rules/{}", t.a);
    // A final star (no notice), then a newer one under notice.
    let (st, v) = alice.post(&rules_url, rules("0")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let body = json!({"node_id": branch, "period": "2025Q4", "star": 3, "reason": "先进"});
    let (st, v) = alice.post("/api/v1/ratings/direct", body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (st, v) = alice.post(&rules_url, rules("5")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let body = json!({"node_id": branch, "period": "2026Q1", "star": 5, "reason": "先进"});
    let (st, v) = alice.post("/api/v1/ratings/direct", body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["rating"]["state"], "notice", "{v}");

    // Without signing in: the name, kind, superior and the final star; nothing under notice.
    let anyone = client();
    let r = anyone
        .get(app.url(&format!("/p/orgs/{branch}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("甲园区第五党支部") && html.contains("党支部"),
        "{html}"
    );
    assert!(html.contains("public-rating.public_current"), "{html}");
    assert!(html.contains("2025Q4") && html.contains("★★★<"), "{html}");
    assert!(
        !html.contains("2026Q1") && !html.contains("★★★★★"),
        "nothing under notice: {html}"
    );
    // An unknown id, and an organization of a kind not given stars: 404.
    for id in [999_999, t.a] {
        let r = anyone
            .get(app.url(&format!("/p/orgs/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{id}");
    }
    // The organization's own page links to it.
    let page = alice
        .get(&format!("/orgs/{branch}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("href=\"/p/orgs/{branch}\"")),
        "{page}"
    );
}

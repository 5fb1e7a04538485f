//! Star ratings from a published evaluation round, across the two areas through the registry:
//! refused while the round is not published, refused to a sibling subtree, then each
//! organization's final total read from the round and set against the rules of the round's node,
//! the ratings under public notice with the round named as their basis.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn ok(s: &Session, method: Method, url: &str, body: Value) -> Value {
    let (st, v) = s.send(method, url, body).await;
    assert!(st.is_success(), "{url}: {st} {v}");
    v
}

#[tokio::test]
async fn a_published_round_is_rated_by_the_rules_of_its_node() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let bob = app.login("bob", PASSWORD).await;
    let mut branches = Vec::new();
    for name in ["甲园区第一党支部", "甲园区第二党支部", "甲园区第三党支部"]
    {
        branches.push(admin.create_node(Some(t.a), name, "party_branch").await);
    }
    let rubric = json!({"node_id": t.a, "name": "星级评定细则", "indicators": [
        {"key": "1", "title": "综合评价", "max": 100}]});
    let r = ok(&admin, Method::POST, "/api/v1/rubrics", rubric).await;
    let body = json!({"node_id": t.a, "rubric_id": r["rubric"]["id"], "title": "年度星级评定",
                      "period": "2026", "target_ids": branches});
    let d = ok(&admin, Method::POST, "/api/v1/rounds", body).await;
    let id = d["round"]["id"].as_i64().unwrap();
    let item = d["indicators"][0]["id"].as_i64().unwrap();
    let state = format!("/api/v1/rounds/{id}/state");
    for to in ["self_assessment", "review"] {
        ok(&admin, Method::POST, &state, json!({"to": to})).await;
    }
    let scores = [95, 85, 72];
    for target in d["targets"].as_array().unwrap() {
        let tid = target["id"].as_i64().unwrap();
        let at = branches.iter().position(|b| target["node_id"] == *b);
        let score = scores[at.expect("a target of the round")];
        let url = format!("/api/v1/rounds/{id}/targets/{tid}/indicators/{item}/review");
        ok(&admin, Method::PUT, &url, json!({"score": score})).await;
    }
    let rules = json!({"threshold_5": "90", "threshold_4": "80", "threshold_3": "70",
                       "notice_days": "5"});
    let url = format!("/api/v1/ratings/rules/{}", t.a);
    ok(&admin, Method::POST, &url, rules).await;

    // Not yet published: nothing to rate from.
    let from = json!({"round_id": id});
    let (st, v) = admin.post("/api/v1/ratings/from-round", from.clone()).await;
    assert!(!st.is_success(), "{v}");
    for to in ["notice", "published"] {
        ok(&admin, Method::POST, &state, json!({"to": to})).await;
    }
    // A sibling subtree's admin does not reach the round, on the API or the page.
    let (st, _) = bob.post("/api/v1/ratings/from-round", from.clone()).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let row = format!("data-testid=\"rating-round-{id}\"");
    let page = bob.get("/ratings/rounds").await.text().await.unwrap();
    assert!(!page.contains(&row), "{page}");
    let r = bob.form(&format!("/ratings/rounds/{id}/rate"), &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // The rating admin's page offers the published round, not yet rated.
    let page = admin.get("/ratings/rounds").await.text().await.unwrap();
    let listed = page.split(&row).nth(1).expect("the round is listed");
    assert!(
        listed.contains("年度星级评定") && listed.contains("评定星级"),
        "{page}"
    );
    let (st, v) = admin.post("/api/v1/ratings/from-round", from).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["rated"], 3);

    let (st, v) = admin
        .get_json(&format!("/api/v1/ratings?under={}&period=2026", t.a))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let star_of = |node: i64| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["node_id"] == node)
            .unwrap_or_else(|| panic!("{node} rated: {v}"))
            .clone()
    };
    for (node, star) in branches.iter().zip([5, 4, 3]) {
        let r = star_of(*node);
        assert_eq!(r["star"], star, "{r}");
        assert_eq!(
            (&r["round_id"], &r["state"]),
            (&json!(id), &json!("notice")),
            "{r}"
        );
    }

    // Rated again from the page: the same three ratings, still under notice.
    let page = admin.get("/ratings/rounds").await.text().await.unwrap();
    assert!(
        page.split(&row).nth(1).unwrap().contains("重新评定"),
        "{page}"
    );
    let r = admin.form(&format!("/ratings/rounds/{id}/rate"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/ratings/notice?ok="), "{to}");
    let (_, v) = admin
        .get_json(&format!("/api/v1/ratings?under={}&period=2026", t.a))
        .await;
    assert_eq!(v["total"], 3, "{v}");
}

//! A studio round reopened and published again: a studio's decision answers the proposal it
//! was made on. A new, different proposal waits for its own decision while the old decision
//! stays in the studio's history; an unchanged proposal stays decided.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// Gives every studio of round `id` its score (studio → points) as the department.
async fn score_all(s: &Session, id: i64, d: &Value, item: i64, points: &[(i64, i64)]) {
    for t in d["targets"].as_array().unwrap() {
        let studio = t["studio_id"].as_i64().unwrap();
        let p = points.iter().find(|x| x.0 == studio).unwrap().1;
        let tid = t["id"].as_i64().unwrap();
        let u = format!("/api/v1/rounds/{id}/targets/{tid}/indicators/{item}/review");
        let (st, r) = s.send(Method::PUT, &u, json!({"score": p})).await;
        assert_eq!(st, StatusCode::OK, "{r}");
    }
}

async fn moves(s: &Session, id: i64, to: &[&str]) {
    for to in to {
        let (st, v) = s
            .post(&format!("/api/v1/rounds/{id}/state"), json!({"to": to}))
            .await;
        assert_eq!(st, StatusCode::OK, "{to}: {v}");
    }
}

#[tokio::test]
async fn a_republished_round_with_another_proposal_asks_for_a_new_decision() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let s1 = admin.new_studio(t.a1, "甲一创新工作室", None).await;
    let s2 = admin.new_studio(t.a, "甲园区书记工作室", None).await;
    for s in [s1, s2] {
        admin.move_studio(s, "listed").await;
    }
    let alice = app.login("alice", PASSWORD).await;
    let (st, r) = alice
        .post(
            "/api/v1/rubrics",
            json!({"node_id": t.a, "name": "工作室考核细则", "indicators": [
                {"key": "1", "title": "工作成效", "max": 100}]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    let item = r["indicators"][0]["id"].as_i64().unwrap();
    let (st, d) = alice
        .post(
            "/api/v1/rounds",
            json!({"node_id": t.a, "rubric_id": r["rubric"]["id"], "title": "工作室考核",
                   "period": "2026", "target_mode": "studios", "target_ids": [s1, s2],
                   "demonstration_at": 90, "warned_below": 70, "delisted_below": 60}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let id = d["round"]["id"].as_i64().unwrap();
    moves(&alice, id, &["self_assessment", "review"]).await;
    score_all(&alice, id, &d, item, &[(s1, 95), (s2, 65)]).await;
    moves(&alice, id, &["notice", "published"]).await;
    let accept = format!("/api/v1/studios/{s1}/rounds/{id}/accept");
    let (st, v) = alice
        .post(&accept, json!({"document_no": "甲工发〔2026〕1号"}))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = alice
        .post(
            &format!("/api/v1/studios/{s2}/rounds/{id}/reject"),
            json!({"reason": "已整改"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");

    // Reopened by the superior; s1 now proposes 预警, s2 still 预警.
    let (st, v) = admin
        .post(
            &format!("/api/v1/rounds/{id}/state"),
            json!({"to": "reopened", "reason": "复核"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    score_all(&alice, id, &d, item, &[(s1, 65), (s2, 66)]).await;
    moves(&alice, id, &["notice", "published"]).await;

    let (st, h) = alice
        .get_json(&format!("/api/v1/studios/{s1}/rounds"))
        .await;
    assert_eq!(st, StatusCode::OK, "{h}");
    assert_eq!(h.as_array().unwrap().len(), 2, "{h}");
    assert_eq!(h[0]["proposal"], "warned", "{h}");
    assert_eq!(h[0]["status"], "pending", "{h}");
    assert_eq!(h[0]["superseded"], false, "{h}");
    assert_eq!(h[1]["proposal"], "demonstration", "{h}");
    assert_eq!(h[1]["status"], "accepted", "{h}");
    assert_eq!(h[1]["document_no"], "甲工发〔2026〕1号", "{h}");
    assert_eq!(h[1]["superseded"], true, "{h}");
    // On the studio's pages: one row answers now (with its forms), the earlier one is marked;
    // the evaluations tab lists the round once.
    let page = alice
        .get(&format!("/studios/{s1}/rounds"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(page.matches(&format!("id=\"round-{id}\"")).count(), 1);
    assert_eq!(
        page.matches("data-testid=\"studio-round-superseded\"")
            .count(),
        1
    );
    assert_eq!(page.matches("data-testid=\"accept-form\"").count(), 1);
    let tab = alice
        .get(&format!("/studios/{s1}/evaluations"))
        .await
        .text()
        .await
        .unwrap();
    let rounds = tab
        .split("data-testid=\"evaluation-rounds\"")
        .nth(1)
        .unwrap();
    let rounds = rounds.split("</table>").next().unwrap();
    assert_eq!(
        rounds.matches(&format!("#round-{id}\"")).count(),
        1,
        "{rounds}"
    );
    // The unchanged proposal stays decided.
    let (_, h2) = alice
        .get_json(&format!("/api/v1/studios/{s2}/rounds"))
        .await;
    assert_eq!(h2.as_array().unwrap().len(), 1, "{h2}");
    assert_eq!(h2[0]["status"], "rejected", "{h2}");
    let (_, p) = alice.get_json("/api/v1/studio-proposals").await;
    assert_eq!(p["total"], 1, "{p}");
    assert_eq!(p["items"][0]["studio_id"], s1, "{p}");

    // The new proposal takes its own decision, once.
    let (st, v) = alice
        .post(&accept, json!({"document_no": "甲工发〔2026〕2号"}))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "accepted");
    assert_eq!(v["proposal"], "warned");
    let (_, s) = alice.get_json(&format!("/api/v1/studios/{s1}")).await;
    assert_eq!(s["state"], "warned", "{s}");
    let (st, _) = alice
        .post(&accept, json!({"document_no": "甲工发〔2026〕3号"}))
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (_, p) = alice.get_json("/api/v1/studio-proposals").await;
    assert_eq!(p["total"], 0, "{p}");
}

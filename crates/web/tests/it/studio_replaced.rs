//! A studio's evaluation history: a published studio round is its evaluation of record for the
//! round's period; records entered by hand for periods it covers stay, marked as replaced, and
//! no new one is taken for such a period, in either language.

use crate::common::*;
use crate::evaluation_subject::{publish, rubric};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn record(period: &str, score: &str) -> Value {
    json!({"period": period, "evaluated_on": "2026-04-10", "score": score})
}

#[tokio::test]
async fn a_published_round_replaces_the_records_of_the_periods_it_covers() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let studio = admin.new_studio(t.a1, "甲一创新工作室", None).await;
    admin.move_studio(studio, "listed").await;
    let alice = app.login("alice", PASSWORD).await;
    let url = format!("/api/v1/studios/{studio}/evaluations");
    for (period, score) in [("2026Q1", "88"), ("2025", "91")] {
        let (st, v) = alice.post(&url, record(period, score)).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }

    let (rid, work, veto) = rubric(&alice, t.a).await;
    let (st, d) = alice
        .post(
            "/api/v1/rounds",
            json!({"node_id": t.a, "rubric_id": rid, "title": "2026年度工作室考核",
                   "period": "2026", "target_mode": "studios", "target_ids": [studio]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let id = d["round"]["id"].as_i64().unwrap();
    // Before publication nothing is replaced and the year still takes a record.
    let (_, list) = alice.get_json(&url).await;
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["replaced_by_round_id"].is_null()));
    publish(&alice, id, &d, (work, veto), &[(studio, 93, 0)]).await;

    let (st, list) = alice.get_json(&url).await;
    assert_eq!(st, StatusCode::OK, "{list}");
    let by_period = |p: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|e| e["period"] == p)
            .cloned()
            .unwrap()
    };
    assert_eq!(by_period("2026Q1")["replaced_by_round_id"], id);
    assert_eq!(
        by_period("2026Q1")["replaced_by_round"],
        "2026年度工作室考核"
    );
    assert_eq!(
        by_period("2026Q1")["score"],
        "88",
        "the record's data is kept"
    );
    assert!(by_period("2025")["replaced_by_round_id"].is_null());

    // A period the round covers takes no new record; one outside it does.
    let (st, v) = alice.post(&url, record("2026H2", "80")).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "period"),
        "该周期已由考核轮次「2026年度工作室考核」考核，以轮次结果为准，不再手工录入"
    );
    let (st, v) = alice.post(&url, record("2024", "85")).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");

    // The page shows the round first and the replaced record marked; in English too.
    let page = alice
        .get(&format!("/studios/{studio}/evaluations"))
        .await
        .text()
        .await
        .unwrap();
    let rounds = page
        .split("data-testid=\"evaluation-rounds\"")
        .nth(1)
        .unwrap();
    assert!(rounds.contains("2026年度工作室考核"), "{page}");
    assert!(rounds.contains("93"));
    assert_eq!(page.matches("data-testid=\"eval-replaced\"").count(), 1);
    let r = alice
        .form(
            &format!("/studios/{studio}/evaluations"),
            &[
                ("period", "2026q4"),
                ("evaluated_on", "2026-04-10"),
                ("score", "70"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("以轮次结果为准"));
    alice.form("/lang", &[("lang", "en"), ("back", "/")]).await;
    let (_, v) = alice.post(&url, record("2026Q4", "70")).await;
    assert!(
        field_error(&v, "period").contains("already assessed this period"),
        "{v}"
    );

    // The sibling subtree reads none of it.
    let bob = app.login("bob", PASSWORD).await;
    let (st, _) = bob.get_json(&url).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

//! The annual census over HTTP: a year's snapshot under a park, taken again after a change
//! and compared with the year before, corrected by the park, exported, trended; nothing of it
//! from a sibling subtree.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_census_snapshots_the_ledger_and_compares_years() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let e1 = admin
        .create_node(Some(t.a1), "甲一制造有限公司", "enterprise")
        .await;
    let e2 = admin
        .create_node(Some(t.a1), "甲二科技有限公司", "enterprise")
        .await;
    for (e, code) in [(e1, "91350100M000100Y43"), (e2, "91110108551385082Q")] {
        let body = json!({"credit_code": code, "employees": 100});
        let (st, v) = alice
            .send(Method::PUT, &format!("/api/v1/enterprises/{e}"), body)
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    let (st, _) = alice
        .post(
            &format!("/api/v1/enterprises/{e1}/revenues"),
            json!({"year": 2024, "amount": "1.5万"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);

    let (st, v) = alice
        .post("/api/v1/census", json!({"under": t.a, "year": 2024}))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["totals"]["enterprises"], 2, "{v}");
    assert_eq!(v["totals"]["organized"], 0, "{v}");
    assert_eq!(v["totals"]["revenue_fen"], 1_500_000, "{v}");
    // A joint branch covers one of them; the next year's census shows the change.
    let joint = admin
        .create_node(Some(t.a), "甲园区联合党支部", "party_branch")
        .await;
    let (st, _) = alice
        .post(
            &format!("/api/v1/enterprises/{e2}/links"),
            json!({"kind": "joint", "org_node_id": joint}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let (st, v) = alice
        .post("/api/v1/census", json!({"under": t.a, "year": 2025}))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["change"]["organized"], 1, "{v}");
    assert_eq!(v["change"]["organization_rate"], 50.0, "{v}");
    let row = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["enterprise_id"] == e2)
        .cloned()
        .unwrap();
    assert_eq!(
        (&row["party"], &row["previous_party"]),
        (&json!("joint"), &json!("none"))
    );
    // Taken again, the year is replaced, not doubled.
    let (_, v) = alice
        .post("/api/v1/census", json!({"under": t.a, "year": 2025}))
        .await;
    assert_eq!(v["rows"].as_array().unwrap().len(), 2, "{v}");
    let rid = v["rows"][0]["id"].as_i64().unwrap();

    // The park corrects a row; bad figures are named.
    let url = format!("/api/v1/census/{rid}");
    let (st, v) = alice
        .send(
            Method::PUT,
            &url,
            json!({"employees": -4, "revenue": "很多"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(
        v["error"]["fields"]["employees"].is_string()
            && v["error"]["fields"]["revenue"].is_string()
    );
    let (st, v) = alice
        .send(
            Method::PUT,
            &url,
            json!({"employees": 130, "revenue": "2万"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!((&v["employees"], &v["filled"]), (&json!(130), &json!(true)));

    let (_, trend) = alice
        .get_json(&format!("/api/v1/census/trend?under={}", t.a))
        .await;
    let years: Vec<i64> = trend
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, vec![2024, 2025]);
    let (st, _) = alice
        .post("/api/v1/census", json!({"under": t.a, "year": 2999}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);

    // Nothing of it from the sibling park.
    assert_eq!(
        bob.get_json(&format!("/api/v1/census?under={}&year=2025", t.a))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bob.send(Method::PUT, &url, json!({"employees": 1})).await.0,
        StatusCode::NOT_FOUND
    );
    let (st, v) = bob
        .post("/api/v1/census", json!({"under": t.a, "year": 2025}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (_, v) = bob.get_json("/api/v1/census?year=2025").await;
    assert_eq!(v["rows"], json!([]), "{v}");

    // The page and the export.
    let page = alice.get(&format!("/census?under={}&year=2025", t.a)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains("甲二科技有限公司") && page.contains("data-testid=\"census-totals\""));
    // The ledger's coverage shows the same trend by census year.
    let ledger = alice.get(&format!("/enterprises?under={}", t.a)).await;
    let ledger = ledger.text().await.unwrap();
    assert!(
        ledger.contains("data-testid=\"chart-census_trend\""),
        "{ledger}"
    );
    // Revenue is headed in 万元; the figures under it do not repeat the unit.
    assert!(page.contains("营业收入（万元）"));
    assert!(!page.contains("万<") && !page.contains("万)"), "{page}");
    let (st, bytes) = alice
        .get_bytes("/api/v1/census/export.xlsx?year=2025")
        .await;
    assert_eq!(st, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));
}

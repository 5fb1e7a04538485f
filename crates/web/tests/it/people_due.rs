//! Pipeline steps falling due on the workbench: activists of a year and probation run out,
//! each number the total of the people list filtered by that step.

use crate::common::*;
use chrono::{Duration, NaiveDate};
use reqwest::StatusCode;
use serde_json::Value;

/// A person created straight into a pipeline status with its dates.
async fn in_pipeline(s: &Session, node: i64, name: &str, seq: u32, dates: &[(&str, NaiveDate)]) {
    let mut body = person(node, name, date(1990, 5, 1), seq);
    let status = match dates.last().map(|(k, _)| *k) {
        Some("probation_on") => "probationary",
        _ => "activist",
    };
    body["status"] = Value::from(status);
    for (k, d) in dates {
        body[*k] = Value::from(d.to_string());
    }
    let (st, v) = s.post("/api/v1/people", body.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{body}: {v}");
}

async fn total(s: &Session, query: &str) -> u64 {
    let (st, v) = s.get_json(&format!("/api/v1/people?{query}")).await;
    assert_eq!(st, StatusCode::OK, "{query}: {v}");
    v["total"].as_u64().unwrap()
}

#[tokio::test]
async fn steps_falling_due_are_counted_as_the_list_filters_them() {
    let app = spawn().await;
    let s = siblings(&app).await;
    let admin = app.admin().await;
    let t = today();
    let long_ago = t - Duration::days(800);
    let year_ago = t - Duration::days(400);
    let recent = t - Duration::days(100);
    in_pipeline(
        &admin,
        s.a1,
        "王积极",
        11,
        &[("applied_on", long_ago), ("activist_on", year_ago)],
    )
    .await;
    in_pipeline(
        &admin,
        s.a1,
        "李新",
        13,
        &[("applied_on", long_ago), ("activist_on", recent)],
    )
    .await;
    in_pipeline(
        &admin,
        s.a1,
        "赵预备",
        15,
        &[
            ("applied_on", long_ago - Duration::days(800)),
            ("activist_on", long_ago - Duration::days(400)),
            ("development_object_on", long_ago),
            ("probation_on", year_ago),
        ],
    )
    .await;
    in_pipeline(
        &admin,
        s.b1,
        "孙乙",
        17,
        &[("applied_on", long_ago), ("activist_on", year_ago)],
    )
    .await;

    let alice = app.login("alice", PASSWORD).await;
    let (st, v) = alice.get_json("/api/v1/people/due").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    for d in v.as_array().unwrap() {
        let code = d["due"].as_str().unwrap();
        assert_eq!(
            d["total"].as_u64().unwrap(),
            total(&alice, &format!("due={code}")).await,
            "{code}"
        );
        assert_eq!(
            d["total"].as_u64().unwrap(),
            1,
            "{code}: one of alice's, none of bob's"
        );
    }
    let home = alice.get("/").await.text().await.unwrap();
    assert!(home.contains("积极分子满一年"), "{home}");
    assert!(home.contains("href=\"/people?due=development\""));
    let list = alice
        .get("/people?due=development")
        .await
        .text()
        .await
        .unwrap();
    assert!(list.contains("王积极") && !list.contains("李新"), "{list}");

    // Whoever records no steps has no pipeline to-dos.
    let reader = app.login("reader", PASSWORD).await;
    let (_, v) = reader.get_json("/api/v1/people/due").await;
    assert_eq!(v, serde_json::json!([]));
    let (st, v) = alice.get_json("/api/v1/people?due=soon").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("due"), "{v}");
}

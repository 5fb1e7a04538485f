//! The charts beside the people, studio and achievement lists: each data endpoint takes the
//! list's own filters and draws exactly what the list counts — every bar is the total of the
//! list narrowed by it, and the bars add up to the list's total — inside the caller's scope.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn total(s: &Session, p: &str) -> i64 {
    let (status, v) = s.get_json(p).await;
    assert_eq!(status, StatusCode::OK, "{p}: {v}");
    v["total"].as_i64().unwrap()
}

async fn charts(s: &Session, p: &str) -> Value {
    let (status, v) = s.get_json(p).await;
    assert_eq!(status, StatusCode::OK, "{p}: {v}");
    v
}

fn sum(c: &Value) -> i64 {
    c["series"][0]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap() as i64)
        .sum()
}

fn value(c: &Value, label: &str) -> i64 {
    let i = c["labels"]
        .as_array()
        .unwrap()
        .iter()
        .position(|l| l == label)
        .unwrap_or_else(|| panic!("{label} in {c}"));
    c["series"][0]["data"][i].as_f64().unwrap() as i64
}

#[tokio::test]
async fn people_charts_count_what_the_filtered_list_counts() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    for seq in 1..=4 {
        admin.new_person(t.a1, &format!("甲员{seq}"), seq).await;
    }
    let mut young = person(t.a, "青年甲", date(2001, 1, 1), 5);
    young["education"] = json!("bachelor");
    let (st, v) = admin.post("/api/v1/people", young).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    admin.new_person(t.b1, "乙员", 6).await;

    let alice = app.login("alice", PASSWORD).await;
    for filter in ["", "?under=A1", "?q=青年", "?status=masses"] {
        let filter = filter.replace("A1", &t.a1.to_string());
        let c = charts(&alice, &format!("/api/v1/people/charts{filter}")).await;
        let listed = total(&alice, &format!("/api/v1/people{filter}")).await;
        for key in ["status", "age", "education"] {
            assert_eq!(sum(&c[key]), listed, "{key} over {filter}: {c}");
        }
    }
    let c = charts(&alice, "/api/v1/people/charts").await;
    assert_eq!(sum(&c["status"]), 5, "the sibling's person is not counted");
    assert_eq!(value(&c["education"], "大学本科"), 1);
    assert_eq!(value(&c["education"], "未填学历"), 4);
    assert_eq!(value(&c["age"], "30岁及以下"), 1);
    // The page draws the same figures, with their table.
    let html = alice.get("/people").await.text().await.unwrap();
    assert!(
        html.contains("data-testid=\"chart-people_age-table\""),
        "{html}"
    );
    // The other tree's node as a filter is not found.
    let (st, _) = alice
        .get_json(&format!("/api/v1/people/charts?under={}", t.b))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn studio_and_achievement_charts_count_what_their_lists_count() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let leader = alice.new_person(t.a, "领衔人甲", 1).await;
    let s1 = alice.new_studio(t.a, "甲工作室", Some(leader)).await;
    alice.new_studio(t.a1, "甲网格工作室", None).await;
    admin.new_studio(t.b, "乙工作室", None).await;
    admin.move_studio(s1, "listed").await;
    for (i, (kind, year)) in [("paper", 2024), ("paper", 2025), ("award", 2025)]
        .iter()
        .enumerate()
    {
        let mut body = json!({"kind": kind, "title": format!("成果{i}"),
                          "achieved_on": format!("{year}-05-10"), "contributors": [leader]});
        if *kind == "award" {
            body["level"] = json!("city");
            body["rank"] = json!("一等奖");
        }
        let (st, v) = alice
            .post(&format!("/api/v1/studios/{s1}/achievements"), body)
            .await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }

    for filter in ["", "?state=listed", "?under=A1", "?q=网格"] {
        let filter = filter.replace("A1", &t.a1.to_string());
        let c = charts(&alice, &format!("/api/v1/studios/charts{filter}")).await;
        let listed = total(&alice, &format!("/api/v1/studios{filter}")).await;
        for key in ["state", "kind", "level"] {
            assert_eq!(sum(&c[key]), listed, "{key} over {filter}: {c}");
        }
    }
    let c = charts(&alice, "/api/v1/studios/charts").await;
    assert_eq!(value(&c["state"], "挂牌"), 1);
    assert_eq!(value(&c["state"], "申报"), 1);

    for filter in ["", "?kind=paper", "?year=2025"] {
        let c = charts(&alice, &format!("/api/v1/achievements/charts{filter}")).await;
        let listed = total(&alice, &format!("/api/v1/achievements{filter}")).await;
        for key in ["year", "kind"] {
            assert_eq!(sum(&c[key]), listed, "{key} over {filter}: {c}");
        }
    }
    let c = charts(&alice, "/api/v1/achievements/charts").await;
    assert_eq!(value(&c["year"], "2025"), 2);
    assert_eq!(value(&c["kind"], "论文"), 2);
    // The sibling's admin sees none of them.
    let bob = app.login("bob", PASSWORD).await;
    let c = charts(&bob, "/api/v1/achievements/charts").await;
    assert_eq!(sum(&c["year"]), 0);
    let c = charts(&bob, "/api/v1/studios/charts").await;
    assert_eq!(sum(&c["state"]), 1);
    let html = alice.get("/studios").await.text().await.unwrap();
    assert!(html.contains("data-testid=\"chart-studio_state-table\""));
    let html = alice.get("/achievements").await.text().await.unwrap();
    assert!(html.contains("data-testid=\"chart-achievement_kind-table\""));
}

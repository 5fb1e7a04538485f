//! The kept task counts follow a subtree move: a branch that received a task moves under
//! another committee, and the rates at the old and the new committee and at the issuing
//! park count it where it now stands.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn child(r: &Value, node: i64) -> Option<(i64, i64)> {
    r["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["node_id"] == node)
        .map(|c| {
            (
                c["total"].as_i64().unwrap(),
                c["accepted"].as_i64().unwrap(),
            )
        })
}

#[tokio::test]
async fn task_counts_follow_a_recipient_moved_under_another_node() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let c1 = admin
        .create_node(Some(t.a), "甲园区第一综合党委", "party_committee")
        .await;
    let c2 = admin
        .create_node(Some(t.a), "甲园区第二综合党委", "party_committee")
        .await;
    let br1 = admin
        .create_node(Some(c1), "甲园区第一党支部", "party_branch")
        .await;
    let br2 = admin
        .create_node(Some(c1), "甲园区第二党支部", "party_branch")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let (st, d) = alice
        .post(
            "/api/v1/tasks",
            json!({"node_id": t.a, "title": "报送学习计划", "due_at": "2099-12-31 17:00",
                   "recipients": [br1, br2]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let id = d["task"]["id"].as_i64().unwrap();
    let r1 = d["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["node_id"] == br1)
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let step = |s: &str| format!("/api/v1/tasks/{id}/recipients/{r1}/{s}");
    let (st, v) = alice.post(&step("submit"), json!({"answers": []})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = alice.post(&step("accept"), json!({})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let rates = |under: Option<i64>| {
        let alice = &alice;
        async move {
            let url = match under {
                Some(n) => format!("/api/v1/tasks/{id}/rates?under={n}"),
                None => format!("/api/v1/tasks/{id}/rates"),
            };
            let (st, r) = alice.get_json(&url).await;
            assert_eq!(st, StatusCode::OK, "{r}");
            r
        }
    };
    let r = rates(None).await;
    assert_eq!(child(&r, c1), Some((2, 1)), "{r}");
    assert_eq!(child(&r, c2), None, "{r}");

    // The accepted branch moves under the second committee.
    let (st, v) = admin
        .post(
            &format!("/api/v1/orgs/{br1}/move"),
            json!({"parent_id": c2}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let r = rates(None).await;
    assert_eq!(
        (
            r["level"]["total"].as_i64(),
            r["level"]["accepted"].as_i64()
        ),
        (Some(2), Some(1)),
        "{r}"
    );
    assert_eq!(r["level"]["completion_pct"], 50, "{r}");
    assert_eq!(child(&r, c1), Some((1, 0)), "{r}");
    assert_eq!(child(&r, c2), Some((1, 1)), "{r}");
    let old = rates(Some(c1)).await;
    assert_eq!(old["level"]["completion_pct"], 0, "{old}");
    assert_eq!(child(&old, br1), None, "{old}");
    assert_eq!(child(&old, br2), Some((1, 0)), "{old}");
    let new = rates(Some(c2)).await;
    assert_eq!(new["level"]["completion_pct"], 100, "{new}");
    assert_eq!(child(&new, br1), Some((1, 1)), "{new}");
    let trail: Vec<i64> = new["trail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s[0].as_i64().unwrap())
        .collect();
    assert_eq!(trail, vec![t.a, c2], "{new}");

    // Moved out from under the issuing park, it still counts at the park alone.
    let (st, v) = admin
        .post(
            &format!("/api/v1/orgs/{br1}/move"),
            json!({"parent_id": t.b}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let r = rates(None).await;
    assert_eq!(r["level"]["total"], 2, "{r}");
    assert_eq!(child(&r, c2), None, "{r}");
    assert_eq!(child(&r, c1), Some((1, 0)), "{r}");
}

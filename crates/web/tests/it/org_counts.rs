//! The figures of the tree (nodes by kind, disabled nodes) come from counts kept per subtree:
//! after every kind of change they equal the nodes themselves, counted afresh.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The nodes under `id` as `/api/v1/orgs` lists them, counted by kind, and the disabled ones.
async fn listed(s: &Session, id: i64) -> (BTreeMap<String, u64>, u64) {
    let (status, v) = s
        .get_json(&format!("/api/v1/orgs?under={id}&per_page=200"))
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let mut by_kind = BTreeMap::new();
    let mut disabled = 0;
    for n in v["items"].as_array().unwrap() {
        *by_kind
            .entry(n["kind"].as_str().unwrap().to_string())
            .or_default() += 1;
        if n["status"] == "disabled" {
            disabled += 1;
        }
    }
    (by_kind, disabled)
}

async fn counted(s: &Session, id: i64) -> (BTreeMap<String, u64>, u64) {
    let (status, v) = s.get_json(&format!("/api/v1/orgs/{id}/counts")).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let by_kind: BTreeMap<String, u64> = v["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_u64().unwrap()))
        .collect();
    let total: u64 = by_kind.values().sum();
    assert_eq!(v["nodes"].as_u64().unwrap(), total, "{v}");
    (by_kind, v["disabled"].as_u64().unwrap())
}

async fn agree(s: &Session, ids: &[i64], when: &str) {
    for id in ids {
        assert_eq!(
            counted(s, *id).await,
            listed(s, *id).await,
            "{when}, under {id}"
        );
    }
}

#[tokio::test]
async fn the_kept_counts_follow_every_change_of_the_tree() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let all = [t.district, t.a, t.b];
    agree(&admin, &all, "created").await;
    let g2 = admin.create_node(Some(t.a), "甲二网格", "grid").await;
    let dept = admin
        .create_node(Some(t.a1), "甲一党支部", "party_branch")
        .await;
    agree(&admin, &all, "more created").await;
    // A rename with a new kind and a disabled status.
    let (st, v) = admin
        .patch(
            &format!("/api/v1/orgs/{g2}"),
            json!({"kind": "department", "status": "disabled"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    agree(&admin, &all, "changed").await;
    // Grid A1 with its branch moves to park B.
    let (st, v) = admin
        .post(
            &format!("/api/v1/orgs/{}/move", t.a1),
            json!({"parent_id": t.b}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    agree(&admin, &all, "moved").await;
    let (_, b): (_, Value) = admin
        .get_json(&format!("/api/v1/orgs/{}/counts", t.b))
        .await;
    assert_eq!(
        b["nodes"], 4,
        "park B, its grid, grid A1 and its branch: {b}"
    );
    assert_eq!(
        admin.delete(&format!("/api/v1/orgs/{dept}")).await,
        StatusCode::NO_CONTENT
    );
    agree(&admin, &all, "deleted").await;
}

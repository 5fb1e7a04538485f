//! The workbench's to-dos among requests: each step waits on whoever takes it there, and each
//! number is the total of the request list filtered by that step (and by past due, by card).

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn new_request(s: &Session, node: i64, text: &str) -> i64 {
    let (st, v) = s
        .post(
            "/api/v1/requests",
            json!({"channel": "window", "category": "environment", "node_id": node,
                   "address": "甲园区 3 号楼", "description": text,
                   "contact_name": "张三", "contact_phone": "13812345678"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    v["id"].as_i64().unwrap()
}

async fn act(s: &Session, id: i64, body: Value) {
    let (st, v) = s
        .post(&format!("/api/v1/requests/{id}/actions"), body.clone())
        .await;
    assert_eq!(st, StatusCode::OK, "{body}: {v}");
}

async fn total(s: &Session, query: &str) -> u64 {
    let (st, v) = s.get_json(&format!("/api/v1/requests?{query}")).await;
    assert_eq!(st, StatusCode::OK, "{query}: {v}");
    v["total"].as_u64().unwrap()
}

/// The caller's to-dos as (step, total), each checked against the list it stands for.
async fn waiting(s: &Session) -> Vec<(String, u64)> {
    let (st, v) = s.get_json("/api/v1/requests/waiting").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let mut out = vec![];
    for t in v.as_array().unwrap() {
        let step = t["step"].as_str().unwrap().to_string();
        let q = format!("waiting={step}");
        assert_eq!(t["total"].as_u64().unwrap(), total(s, &q).await, "{step}");
        let overdue = total(s, &format!("{q}&overdue=true")).await;
        assert_eq!(t["overdue"].as_u64().unwrap(), overdue, "{step} overdue");
        let carded = total(s, &format!("{q}&card=yellow")).await;
        assert_eq!(t["carded"].as_u64().unwrap(), carded, "{step} carded");
        out.push((step, t["total"].as_u64().unwrap()));
    }
    out
}

fn count(w: &[(String, u64)], step: &str) -> Option<u64> {
    w.iter().find(|(s, _)| s == step).map(|(_, n)| *n)
}

#[tokio::test]
async fn each_step_waits_on_whoever_takes_it_and_matches_its_list() {
    let app = spawn().await;
    let s = siblings(&app).await;
    let admin = app.admin().await;
    let dept = admin
        .create_node(Some(s.district), "城管局", "department")
        .await;
    admin.create_user("handler", Some(dept), "handler").await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let handler = app.login("handler", PASSWORD).await;

    let r1 = new_request(&alice, s.a1, "小区门口道路破损").await;
    let r2 = new_request(&alice, s.a1, "路灯不亮需要维修").await;
    let _r3 = new_request(&alice, s.a1, "楼道堆放杂物影响通行").await;
    for r in [r1, r2] {
        act(&alice, r, json!({"action": "dispatch", "node_id": dept})).await;
    }
    act(&handler, r1, json!({"action": "accept"})).await;

    let a = waiting(&alice).await;
    assert_eq!(count(&a, "dispatch"), Some(1), "{a:?}");
    assert_eq!(count(&a, "receive"), Some(0));
    let h = waiting(&handler).await;
    assert_eq!(count(&h, "accept"), Some(1), "{h:?}");
    assert_eq!(count(&h, "reply"), Some(1));
    assert_eq!(
        count(&h, "dispatch"),
        None,
        "a handler dispatches nothing: {h:?}"
    );
    // The sibling's dispatcher has nothing of alice's waiting on him.
    let b = waiting(&bob).await;
    assert_eq!(count(&b, "dispatch"), Some(0), "{b:?}");
    // Whoever takes no step has no to-dos, and no to-do card at home.
    assert!(waiting(&reader).await.is_empty());
    let home = reader.get("/").await.text().await.unwrap();
    assert!(!home.contains("data-testid=\"todos\""));

    // The handler's home is his queue: each number links to its list.
    let home = handler.get("/").await.text().await.unwrap();
    assert!(home.contains("data-testid=\"todos\""), "{home}");
    assert!(home.contains("待接单"));
    assert!(home.contains("href=\"/requests?waiting=accept\""));
    let list = handler.get("/requests?waiting=accept").await;
    assert_eq!(list.status(), StatusCode::OK);
    assert!(list.text().await.unwrap().contains("路灯不亮需要维修"));

    // An unknown step is the filter's field error.
    let (st, v) = alice.get_json("/api/v1/requests?waiting=nope").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("waiting"), "{v}");
}

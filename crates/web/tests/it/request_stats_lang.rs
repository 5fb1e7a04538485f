//! The measures' group names answer in the caller's language; the codes stay in `key`.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn line<'a>(list: &'a Value, key: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == key)
        .unwrap_or_else(|| panic!("{key} in {list}"))
}

#[tokio::test]
async fn stats_names_follow_the_callers_language() {
    let app = spawn().await;
    let s = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    for (channel, category) in [("doorstep", "environment"), ("window", "municipal")] {
        let (st, v) = alice
            .post(
                "/api/v1/requests",
                json!({"channel": channel, "category": category, "node_id": s.a1,
                       "description": "楼道灯坏了需要维修", "contact_name": "张三",
                       "contact_phone": "13812345678"}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }

    let (st, zh) = alice.get_json("/api/v1/requests/stats").await;
    assert_eq!(st, StatusCode::OK, "{zh}");
    let door = line(&zh["by_channel"], "doorstep");
    assert_eq!(door["name"], "上门代办");
    assert_eq!(door["name_en"], "At the door");
    assert_eq!(line(&zh["by_channel"], "window")["name"], "窗口帮办");
    assert_eq!(line(&zh["by_category"], "environment")["name"], "环境卫生");
    assert_eq!(line(&zh["by_category"], "municipal")["name"], "市政设施");
    assert_eq!(zh["node_name"], "甲园区");

    // The same caller in English.
    let (st, v) = admin
        .patch(
            &format!("/api/v1/users/{}", s.alice),
            json!({"locale": "en"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let alice = app.login("alice", PASSWORD).await;
    let (st, en) = alice.get_json("/api/v1/requests/stats").await;
    assert_eq!(st, StatusCode::OK, "{en}");
    let door = line(&en["by_channel"], "doorstep");
    assert_eq!(door["name"], "At the door");
    assert_eq!(door["key"], "doorstep");
    assert_eq!(line(&en["by_channel"], "window")["name"], "Service window");
    assert_eq!(
        line(&en["by_category"], "environment")["name"],
        "Environment and sanitation"
    );
    assert_eq!(
        line(&en["by_category"], "municipal")["name"],
        "Municipal facilities"
    );
    // No line is named by its code in either language.
    for v in [&zh, &en] {
        for list in ["by_channel", "by_category"] {
            for l in v[list].as_array().unwrap() {
                assert_ne!(l["name"], l["key"], "{l}");
            }
        }
    }
    // Units keep their registered names; the figures are the same.
    assert_eq!(en["totals"], zh["totals"]);
    assert_eq!(en["node_name"], "甲园区");

    // An account over two trees measures its whole scope, named in its language.
    admin.create_node(None, "第二区", "district").await;
    let (_, v) = admin.get_json("/api/v1/requests/stats").await;
    assert!(v["node_id"].is_null(), "{v}");
    assert_eq!(v["node_name"], "全部范围");
    let (st, v) = admin.get_json("/api/v1/visits/stats").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["node_name"], "全部范围");
}

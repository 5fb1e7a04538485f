//! The organization picker: nodes found by name, pinyin initials or whole pinyin, each with
//! the names above it; a level of the tree to browse; the names of chosen nodes; only nodes
//! where the user holds the action's permission.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn nodes_are_found_by_name_and_by_pinyin_with_the_names_above_them() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let garden = admin.create_node(Some(t.a), "富成花园社区", "street").await;
    let alice = app.login("alice", PASSWORD).await;
    for q in ["富成", "fchy", "fucheng", "FCHYSQ", "huayuan"] {
        let (status, v) = alice
            .get_json(&format!("/orgs/pick?q={}", urlencode(q)))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(names(&v), ["富成花园社区"], "{q}");
        assert_eq!(v[0]["id"], garden);
        // alice reads from park A down: the district above it is not hers to name.
        assert_eq!(v[0]["above"], "甲园区", "{q}");
        assert_eq!(v[0]["kind"], "街道/乡镇");
    }
    // The exact name first, then names that start with the text.
    let (_, v) = alice.get_json("/orgs/pick?q=jywg").await;
    assert_eq!(names(&v), ["甲一网格"]);
    let (_, v) = alice
        .get_json(&format!("/orgs/pick?q={}", urlencode("甲")))
        .await;
    assert_eq!(names(&v)[0], "甲园区");
    // A rename is found by its new spelling.
    let r = admin
        .form(
            &format!("/orgs/{garden}"),
            &[("name", "润丰社区"), ("kind", "street")],
        )
        .await;
    assert!(r.status().is_success() || r.status().is_redirection());
    let (_, v) = alice.get_json("/orgs/pick?q=rfsq").await;
    assert_eq!(names(&v), ["润丰社区"]);
    let (_, v) = alice.get_json("/orgs/pick?q=fchy").await;
    assert!(names(&v).is_empty());
}

#[tokio::test]
async fn the_picker_offers_only_nodes_of_the_users_scope_and_permission() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    // Browsing starts at the user's own top node; its children follow.
    let (_, v) = alice.get_json("/orgs/pick?top=1").await;
    assert_eq!(names(&v), ["甲园区"]);
    assert_eq!(v[0]["has_children"], true);
    let (_, v) = alice.get_json(&format!("/orgs/pick?parent={}", t.a)).await;
    assert_eq!(names(&v), ["甲一网格"]);
    // The sibling's subtree is neither found, nor browsed, nor named.
    let (_, v) = alice.get_json("/orgs/pick?q=yywg").await;
    assert!(names(&v).is_empty());
    let (status, _) = alice.get_json(&format!("/orgs/pick?parent={}", t.b)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, v) = alice
        .get_json(&format!("/orgs/pick?ids={},{}", t.a1, t.b1))
        .await;
    assert_eq!(names(&v), ["甲一网格"]);
    // A reader is offered what he may read, and nothing for an action he may not take.
    let reader = app.login("reader", PASSWORD).await;
    let (_, v) = reader.get_json("/orgs/pick?q=jywg&for=org.read").await;
    assert_eq!(names(&v), ["甲一网格"]);
    let (_, v) = reader.get_json("/orgs/pick?q=jywg&for=org.write").await;
    assert!(names(&v).is_empty());
    let (_, v) = reader.get_json("/orgs/pick?top=1&for=org.write").await;
    assert!(names(&v).is_empty());
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

//! The spine: an organization admin of one subtree can neither see nor change its sibling.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn names(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn sibling_subtree_is_invisible_and_untouchable_through_the_api() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;

    // Lists and counts hold only A.
    let (s, v) = alice.get_json("/api/v1/orgs?per_page=200").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(names(&v), vec!["甲园区", "甲一网格"]);
    assert_eq!(v["total"], 2);
    let (_, v) = alice.get_json("/api/v1/orgs?q=乙").await;
    assert_eq!(v["total"], 0);

    // Reading B by id, as a filter, or its children: 404 like a missing id.
    for p in [
        format!("/api/v1/orgs/{}", t.b),
        format!("/api/v1/orgs/{}", t.b1),
        format!("/api/v1/orgs?under={}", t.b),
        format!("/api/v1/orgs?parent={}", t.b),
        format!("/api/v1/orgs/{}/children", t.b),
        format!("/api/v1/orgs/{}/counts", t.b),
        format!("/api/v1/orgs/{}", t.district),
        "/api/v1/orgs/999999".to_string(),
    ] {
        let (s, v) = alice.get_json(&p).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{p}: {v}");
        assert_eq!(v["error"]["code"], "not_found");
    }

    // Changing B in any way.
    let (s, _) = alice
        .patch(&format!("/api/v1/orgs/{}", t.b1), json!({"name": "改名"}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(
        alice.delete(&format!("/api/v1/orgs/{}", t.b1)).await,
        StatusCode::NOT_FOUND
    );
    let (s, _) = alice
        .post(
            &format!("/api/v1/orgs/{}/move", t.b1),
            json!({"parent_id": t.a}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "move out of B");
    let (s, v) = alice
        .post(
            &format!("/api/v1/orgs/{}/move", t.a1),
            json!({"parent_id": t.b}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "move into B: {v}");
    assert!(v["error"]["fields"]["parent_id"].is_string());
    let (s, _) = alice
        .post(
            "/api/v1/orgs",
            json!({"parent_id": t.b, "name": "x", "kind": "grid"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "create under B");
    // Nor a new root, which needs whole-tree rights.
    let (s, v) = alice
        .post("/api/v1/orgs", json!({"name": "x", "kind": "grid"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

    // B is unchanged (seen by bob).
    let bob = app.login("bob", PASSWORD).await;
    let (_, v) = bob.get_json(&format!("/api/v1/orgs/{}", t.b1)).await;
    assert_eq!(v["name"], "乙一网格");
    assert_eq!(v["parent_id"], t.b);

    // Users and assignments of B.
    let (s, _) = alice.get_json(&format!("/api/v1/users/{}", t.bob)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, v) = alice.get_json("/api/v1/users?per_page=200").await;
    let users: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(users, vec!["alice", "reader"]);
    let (s, _) = alice
        .patch(
            &format!("/api/v1/users/{}", t.bob),
            json!({"display_name": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = alice
        .post(
            &format!("/api/v1/users/{}/password", t.bob),
            json!({"password": "takeover-123"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(
        alice.delete(&format!("/api/v1/users/{}", t.bob)).await,
        StatusCode::NOT_FOUND
    );
    let (_, v) = alice.get_json("/api/v1/assignments?per_page=200").await;
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["username"] != "bob"),
        "{v}"
    );
    let (s, _) = alice.post("/api/v1/users", json!({"username": "intruder", "display_name": "x", "password": PASSWORD, "node_id": t.b})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "create a user in B");

    // The audit log holds nothing of B: bob's own changes there are invisible to alice.
    let (s, _) = bob
        .patch(
            &format!("/api/v1/orgs/{}", t.b1),
            json!({"name": "乙一网格（改）"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, v) = alice.get_json("/api/v1/audit?per_page=200").await;
    for e in v["items"].as_array().unwrap() {
        let nid = e["node_id"].as_i64();
        assert!(
            nid != Some(t.b) && nid != Some(t.b1),
            "B's entry leaked: {e}"
        );
        assert_ne!(e["actor_name"], "bob", "{e}");
    }
    let (s, _) = alice
        .get_json(&format!("/api/v1/audit?under={}", t.b))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Exports hold only A.
    let r = alice.get("/api/v1/orgs/export.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    let rows = crate::orgs::xlsx_rows(&r.bytes().await.unwrap());
    let exported: Vec<&str> = rows.iter().skip(1).map(|r| r[1].as_str()).collect();
    assert_eq!(exported, vec!["甲园区", "甲一网格"]);
    let r = alice
        .get(&format!("/api/v1/orgs/export.xlsx?under={}", t.b))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = alice.get("/api/v1/users/export.xlsx").await;
    let rows = crate::orgs::xlsx_rows(&r.bytes().await.unwrap());
    assert!(rows.iter().all(|r| r[1] != "bob"));
}

#[tokio::test]
async fn sibling_subtree_is_invisible_in_pages() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let html = alice.get("/orgs").await.text().await.unwrap();
    assert!(
        html.contains("甲园区") && !html.contains("乙园区"),
        "tree shows only A"
    );
    assert!(
        !html.contains("测试区"),
        "the tree is rooted at alice's own node"
    );
    for p in [
        format!("/orgs/{}", t.b),
        format!("/orgs/{}/tree", t.b),
        format!("/users/{}", t.bob),
    ] {
        assert_eq!(alice.get(&p).await.status(), StatusCode::NOT_FOUND, "{p}");
    }
    let html = alice.get("/orgs?q=乙").await.text().await.unwrap();
    assert!(!html.contains("乙一网格"));
    let html = alice.get("/orgs/pick?q=乙").await.text().await.unwrap();
    assert!(
        !html.contains("乙"),
        "the node picker offers nothing of B: {html}"
    );
    let r = alice
        .form(
            &format!("/orgs/{}", t.b1),
            &[("name", "x"), ("kind", "grid")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = alice.form(&format!("/orgs/{}/delete", t.b1), &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let html = alice.get("/users").await.text().await.unwrap();
    assert!(html.contains("alice") && !html.contains(">bob<"));
    let html = alice.get("/audit").await.text().await.unwrap();
    assert!(!html.contains("乙一网格"));
}

#[tokio::test]
async fn read_only_user_cannot_write_anything() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let reader = app.login("reader", PASSWORD).await;
    let (s, v) = reader.get_json(&format!("/api/v1/orgs/{}", t.a1)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = reader
        .patch(&format!("/api/v1/orgs/{}", t.a1), json!({"name": "x"}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    assert_eq!(v["error"]["code"], "forbidden");
    let (s, _) = reader
        .post(
            "/api/v1/orgs",
            json!({"parent_id": t.a, "name": "x", "kind": "grid"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = reader
        .post(
            &format!("/api/v1/orgs/{}/move", t.a1),
            json!({"parent_id": t.a}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(
        reader.delete(&format!("/api/v1/orgs/{}", t.a1)).await,
        StatusCode::FORBIDDEN
    );
    let (s, _) = reader
        .post(
            "/api/v1/users",
            json!({"username": "x1", "display_name": "x", "password": PASSWORD, "node_id": t.a}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = reader
        .patch(
            &format!("/api/v1/users/{}", t.alice),
            json!({"display_name": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let ro = reader.role_id("readonly").await;
    let (s, _) = reader
        .post(
            "/api/v1/assignments",
            json!({"user_id": t.reader, "role_id": ro, "node_id": t.a1}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = reader
        .post(
            "/api/v1/roles",
            json!({"name": "x", "permissions": ["org.read"]}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Pages: the edit forms are not offered, and posting them anyway is refused.
    let html = reader
        .get(&format!("/orgs/{}", t.a1))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("data-testid=\"add-child\""));
    let r = reader
        .form(
            &format!("/orgs/{}", t.a1),
            &[("name", "x"), ("kind", "grid")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (_, v) = reader.get_json(&format!("/api/v1/orgs/{}", t.a1)).await;
    assert_eq!(v["name"], "甲一网格");
}

#[tokio::test]
async fn admins_cannot_grant_more_than_they_hold() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let admin_role = alice.role_id("system_admin").await;
    let ro = alice.role_id("readonly").await;
    // A role with permissions alice lacks, in her own subtree.
    let (s, v) = alice
        .post(
            "/api/v1/assignments",
            json!({"user_id": t.reader, "role_id": admin_role, "node_id": t.a}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["code"], "refused");
    // A role she holds, but outside her subtree or over the whole tree.
    let (s, _) = alice
        .post(
            "/api/v1/assignments",
            json!({"user_id": t.reader, "role_id": ro, "node_id": t.b}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = alice
        .post(
            "/api/v1/assignments",
            json!({"user_id": t.reader, "role_id": ro, "node_id": null}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    // Within her subtree it works, and she can take it back.
    let (s, v) = alice
        .post(
            "/api/v1/assignments",
            json!({"user_id": t.reader, "role_id": ro, "node_id": t.a1}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(
        alice
            .delete(&format!("/api/v1/assignments/{}", v["id"]))
            .await,
        StatusCode::NO_CONTENT
    );
    // The whole-tree admin's account is out of her reach.
    let admin = app.admin().await;
    let (_, me) = admin.get_json("/api/v1/me").await;
    let (s, _) = alice
        .post(
            &format!("/api/v1/users/{}/password", me["id"]),
            json!({"password": "takeover-123"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // An account at her node that holds more than she does cannot be taken over either.
    let boss = admin.create_user("boss", Some(t.a), "system_admin").await;
    let (s, v) = alice
        .post(
            &format!("/api/v1/users/{boss}/password"),
            json!({"password": "takeover-123"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
}

/// Sign-in locks name addresses and names that belong to no subtree: only a whole-tree user
/// administrator sees or lifts them; an organization admin of one subtree is refused on the
/// API and the page alike.
#[tokio::test]
async fn sign_in_locks_are_out_of_reach_of_a_subtree_admin() {
    let app = spawn().await;
    siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let (s, v) = alice.get_json("/api/v1/login-locks").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    let (s, v) = alice
        .post("/api/v1/login-locks/unlock", json!({"key": "user:admin"}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    assert_eq!(
        alice.get("/users/locks").await.status(),
        StatusCode::FORBIDDEN
    );
}

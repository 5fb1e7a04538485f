//! Sign-in, sessions, the login throttle, accounts, roles and API tokens.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn try_login(app: &TestApp, u: &str, p: &str) -> (StatusCode, Value) {
    let r = client()
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": u, "password": p}))
        .send()
        .await
        .unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn one_message_for_unknown_user_and_wrong_password_then_slowed_then_locked() {
    let app = spawn().await;
    let (s1, v1) = try_login(&app, "nobody", "whatever-123").await;
    let (s2, v2) = try_login(&app, "admin", "wrong-pass-1").await;
    assert_eq!(
        (s1, s2),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(v1["error"]["message"], v2["error"]["message"]);
    assert_eq!(v1["error"]["message"], "用户名或密码错误。");
    // From the third failure for one name on, each try must wait a doubling delay, and one
    // made too soon is refused without checking the password. Wait for a delay of two
    // seconds or more so the checks below cannot race the clock.
    let mut failures = 1;
    let retry_after = loop {
        let (s, v) = try_login(&app, "admin", "wrong-pass-again").await;
        if s == StatusCode::TOO_MANY_REQUESTS {
            let secs = v["error"]["retry_after"].as_i64().unwrap();
            assert!(failures >= 3, "slowed only from the third failure");
            if secs >= 2 {
                break secs;
            }
            tokio::time::sleep(std::time::Duration::from_secs(secs as u64)).await;
            continue;
        }
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        failures += 1;
        assert!(failures < 10, "never slowed");
    };
    let (s, _) = try_login(&app, "admin", ADMIN_PASSWORD).await;
    assert_eq!(
        s,
        StatusCode::TOO_MANY_REQUESTS,
        "the right password too, while slowed"
    );
    // After the delay the right password works and clears the count.
    tokio::time::sleep(std::time::Duration::from_secs(retry_after as u64 + 1)).await;
    let (s, v) = try_login(&app, "admin", ADMIN_PASSWORD).await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

#[tokio::test]
async fn sessions_are_http_only_cookies_and_end_at_logout() {
    let app = spawn().await;
    let r = client()
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let admin = app.admin().await;
    let (s, _) = admin.get_json("/api/v1/me").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        admin.delete("/api/v1/session").await,
        StatusCode::NO_CONTENT
    );
    let (s, v) = admin.get_json("/api/v1/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(v["error"]["code"], "unauthenticated");
    let (_, v) = app
        .admin()
        .await
        .get_json("/api/v1/audit?action=logout")
        .await;
    assert_eq!(v["total"], 1);
}

#[tokio::test]
async fn users_are_created_validated_disabled_and_reset() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "区", "district").await;
    let (s, v) = admin
        .post(
            "/api/v1/users",
            json!({"username": "X", "display_name": "", "password": "short", "node_id": d}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let f = &v["error"]["fields"];
    assert!(
        f["username"].is_string() && f["display_name"].is_string() && f["password"].is_string(),
        "{v}"
    );
    let u = admin.create_user("clerk", Some(d), "readonly").await;
    let (s, v) = admin
        .post(
            "/api/v1/users",
            json!({"username": "Clerk", "display_name": "x", "password": PASSWORD, "node_id": d}),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::CONFLICT,
        "user names are case-insensitive: {v}"
    );
    assert_eq!(v["error"]["fields"]["username"], "该用户名已被使用");

    let clerk = app.login("clerk", PASSWORD).await;
    // Disabling ends the account's sessions and refuses new ones.
    let (s, v) = admin
        .patch(&format!("/api/v1/users/{u}"), json!({"status": "disabled"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, _) = clerk.get_json("/api/v1/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = try_login(&app, "clerk", PASSWORD).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    admin
        .patch(&format!("/api/v1/users/{u}"), json!({"status": "active"}))
        .await;
    // Reset by an admin; the old password stops working.
    let (s, _) = admin
        .post(
            &format!("/api/v1/users/{u}/password"),
            json!({"password": "brand-new-456"}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(
        try_login(&app, "clerk", "brand-new-456").await.0,
        StatusCode::OK
    );
    // Nobody disables or deletes themselves.
    let (_, me) = admin.get_json("/api/v1/me").await;
    let (s, v) = admin
        .patch(
            &format!("/api/v1/users/{}", me["id"]),
            json!({"status": "disabled"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    let (s, _) = admin
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/users/{}", me["id"]),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
}

#[tokio::test]
async fn own_password_change_checks_the_current_one() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "区", "district").await;
    admin.create_user("self", Some(d), "readonly").await;
    let me = app.login("self", PASSWORD).await;
    let other = app.login("self", PASSWORD).await;
    let (s, v) = me
        .post(
            "/api/v1/account/password",
            json!({"current_password": "nope-nope", "new_password": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["fields"]["current_password"], "当前密码不正确");
    assert!(v["error"]["fields"]["new_password"].is_string());
    let (s, _) = me
        .post(
            "/api/v1/account/password",
            json!({"current_password": PASSWORD, "new_password": "changed-789"}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(
        me.get_json("/api/v1/me").await.0,
        StatusCode::OK,
        "this session stays"
    );
    assert_eq!(
        other.get_json("/api/v1/me").await.0,
        StatusCode::UNAUTHORIZED,
        "other sessions end"
    );
}

#[tokio::test]
async fn roles_are_defined_from_the_permission_list() {
    let app = spawn().await;
    let admin = app.admin().await;
    let (_, perms) = admin.get_json("/api/v1/permissions").await;
    assert!(perms
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["code"] == "org.write" && p["name"] == "管理组织"));
    let (s, v) = admin
        .post(
            "/api/v1/roles",
            json!({"name": "网格员", "permissions": ["org.read", "bogus"]}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["error"]["fields"]["permissions"].is_string());
    let (s, v) = admin
        .post(
            "/api/v1/roles",
            json!({"name": "网格员", "description": "看组织", "permissions": ["org.read"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let rid = v["id"].as_i64().unwrap();
    let (s, _) = admin
        .post(
            "/api/v1/roles",
            json!({"name": "网格员", "permissions": ["org.read"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let d = admin.create_node(None, "区", "district").await;
    let g = admin.create_node(Some(d), "网格", "grid").await;
    let (_, v) = admin.post("/api/v1/users", json!({"username": "gw", "display_name": "网格员甲", "password": PASSWORD, "node_id": g})).await;
    let (s, a) = admin
        .post(
            "/api/v1/assignments",
            json!({"user_id": v["id"], "role_id": rid, "node_id": g}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, v) = admin
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/roles/{rid}"),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "in use: {v}");
    let gw = app.login("gw", PASSWORD).await;
    let (_, v) = gw.get_json("/api/v1/orgs").await;
    assert_eq!(v["total"], 1, "sees its grid only");
    let (s, _) = gw.get_json("/api/v1/users").await;
    assert_eq!(s, StatusCode::NOT_FOUND, "no user.read anywhere");
    // Built-in roles are fixed.
    let builtin = admin.role_id("readonly").await;
    let (s, _) = admin
        .patch(
            &format!("/api/v1/roles/{builtin}"),
            json!({"name": "x", "permissions": ["org.read"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        admin
            .delete(&format!("/api/v1/assignments/{}", a["id"]))
            .await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        admin.delete(&format!("/api/v1/roles/{rid}")).await,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn a_change_made_elsewhere_reaches_a_caller_within_a_second() {
    // A caller read a moment ago is reused for a second at most; a change made through this
    // server voids it at once (the revocation above), one made by another process (here the
    // store itself, as the command line would) is seen once that second is over.
    let app = spawn().await;
    siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let (s, v) = alice
        .post(
            "/api/v1/tokens",
            json!({"name": "轮询", "expires_in_days": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let secret = v["secret"].as_str().unwrap().to_string();
    let tid = v["token"]["id"].as_i64().unwrap();
    let c = reqwest::Client::new();
    let status = || async {
        c.get(app.url("/api/v1/orgs"))
            .bearer_auth(&secret)
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(status().await, StatusCode::OK);
    let owner = app
        .store()
        .auth()
        .login("alice", PASSWORD, None)
        .await
        .unwrap_or_else(|_| panic!("alice signs in"))
        .actor;
    app.store()
        .scoped(&owner)
        .tokens()
        .revoke(tid)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(status().await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn api_tokens_carry_at_most_their_owners_rights_and_can_be_revoked() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let (s, v) = alice
        .post(
            "/api/v1/tokens",
            json!({"name": "对接", "permissions": ["org.read"], "expires_in_days": 30}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let secret = v["secret"].as_str().unwrap().to_string();
    let tid = v["token"]["id"].as_i64().unwrap();
    let (_, list) = alice.get_json("/api/v1/tokens").await;
    assert!(
        !list.to_string().contains(&secret),
        "the secret is never shown again"
    );

    let c = reqwest::Client::new();
    let bearer = |p: &str| c.get(app.url(p)).bearer_auth(&secret);
    let r = bearer("/api/v1/orgs").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["total"], 2, "alice's subtree only");
    assert_eq!(
        bearer(&format!("/api/v1/orgs/{}", t.b))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    // Narrowed to org.read: no writes, no user list, even without a CSRF token or cookie.
    let r = c
        .patch(app.url(&format!("/api/v1/orgs/{}", t.a1)))
        .bearer_auth(&secret)
        .json(&json!({"name": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        bearer("/api/v1/users").send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    // A token cannot mint tokens.
    let r = c
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&secret)
        .json(&json!({"name": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Revoked: refused.
    let (s, v) = alice
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/tokens/{tid}"),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["revoked_at"].is_i64());
    assert_eq!(
        bearer("/api/v1/orgs").send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        c.get(app.url("/api/v1/orgs"))
            .bearer_auth("ty_forged")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    // Another user's token id is not found.
    let bob = app.login("bob", PASSWORD).await;
    let (s, _) = bob
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/tokens/{tid}"),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_account_without_roles_signs_in_and_sees_nothing() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "区", "district").await;
    let (s, _) = admin.post("/api/v1/users", json!({"username": "norole", "display_name": "无角色", "password": PASSWORD, "node_id": d})).await;
    assert_eq!(s, StatusCode::CREATED);
    let u = app.login("norole", PASSWORD).await;
    let (s, me) = u.get_json("/api/v1/me").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["grants"], json!([]));
    for p in [
        "/api/v1/orgs",
        "/api/v1/users",
        "/api/v1/audit",
        "/api/v1/roles",
    ] {
        assert_eq!(u.get_json(p).await.0, StatusCode::NOT_FOUND, "{p}");
    }
    let html = u.get("/").await.text().await.unwrap();
    assert!(
        html.contains("工作台") && !html.contains("href=\"/orgs\""),
        "no menu entries it cannot use"
    );
}

/// The audit log's operator picker offers the accounts the caller reads, by login or name,
/// and names an account asked for by id only when the caller reads it.
#[tokio::test]
async fn the_account_picker_offers_only_accounts_in_reach() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let names = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|o| o["kind"].as_str().unwrap().to_string())
            .collect()
    };
    let (st, v) = admin.get_json("/users/pick?q=bo").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(names(&v), ["bob"]);
    let alice = app.login("alice", PASSWORD).await;
    let (_, v) = alice.get_json("/users/pick?q=bo").await;
    assert!(names(&v).is_empty(), "{v}");
    let (_, v) = alice
        .get_json(&format!("/users/pick?ids={},{}", t.bob, t.reader))
        .await;
    assert_eq!(names(&v), ["reader"]);
}

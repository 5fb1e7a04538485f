//! Sign-in by code: the host opens it on an activity held today, a member signed in enters
//! the code (or opens the QR code's address) and is marked present; wrong, expired or
//! misplaced codes are refused on the field in Chinese, attempts are limited per account,
//! and both steps are audited.

use crate::common::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn field(v: &Value) -> String {
    v["error"]["fields"]["code"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

async fn member(s: &Session, node: i64, name: &str, seq: u32) -> i64 {
    let mut body = person(node, name, date(1980, 1, 1), seq);
    body["status"] = json!("full");
    body["full_on"] = json!("2001-07-01");
    let (st, v) = s.post("/api/v1/people", body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    v["id"].as_i64().unwrap()
}

/// An account with no role at `node`, the person `person` (none: no person).
async fn account(
    app: &TestApp,
    admin: &Session,
    name: &str,
    node: i64,
    person: Option<i64>,
) -> Session {
    let (st, v) = admin
        .post(
            "/api/v1/users",
            json!({"username": name, "display_name": name, "password": PASSWORD, "node_id": node}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    if let Some(p) = person {
        let uid = v["id"].as_i64().unwrap();
        let (st, v) = admin
            .patch(&format!("/api/v1/users/{uid}"), json!({"person_id": p}))
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    app.login(name, PASSWORD).await
}

fn status_of(a: &Value, person: i64) -> String {
    a["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["person_id"] == person)
        .map(|x| x["status"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_member_signs_in_by_the_code_the_host_opened() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let branch = admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    let other = admin
        .create_node(Some(t.b), "乙园区第一党支部", "party_branch")
        .await;
    let zhang_p = member(&admin, branch, "张党员", 1).await;
    let li_p = member(&admin, branch, "李党员", 2).await;
    let wang_p = member(&admin, other, "王党员", 3).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let day = today();

    let (st, a) = alice
        .post(
            "/api/v1/activities",
            json!({"node_id": branch, "types": ["theme_day"], "held_at": format!("{day} 09:00"),
                   "topic": "主题党日", "attendance": [
                       {"person_id": zhang_p, "status": "absent"},
                       {"person_id": li_p, "status": "absent"}]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{a}");
    let id = a["id"].as_i64().unwrap();
    let open = format!("/api/v1/activities/{id}/signin");
    assert_eq!(reader.post(&open, json!({})).await.0, StatusCode::FORBIDDEN);
    assert_eq!(bob.post(&open, json!({})).await.0, StatusCode::NOT_FOUND);
    let (st, sg) = alice.post(&open, json!({})).await;
    assert_eq!(st, StatusCode::CREATED, "{sg}");
    let code = sg["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 6);
    assert!(code.chars().all(|c| c.is_ascii_digit()));

    // The host's page shows the code and its QR code; a reader's does not.
    let page = alice
        .get(&format!("/activities/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&code) && page.contains("<svg"), "{page}");
    assert!(page.contains("扫码签到"));
    let page = reader
        .get(&format!("/activities/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains(&code) && !page.contains("data-testid=\"signin-open\""));

    // Wrong, malformed, no person, not on the roster: refused on the field.
    let zhang = account(&app, &admin, "zhang", branch, Some(zhang_p)).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (st, v) = zhang.post("/api/v1/signin", json!({"code": wrong})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field(&v), "签到码不正确或已过期");
    let (st, v) = zhang.post("/api/v1/signin", json!({"code": "12ab"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field(&v), "签到码为 6 位数字");
    let nobody = account(&app, &admin, "nobody", branch, None).await;
    let (_, v) = nobody.post("/api/v1/signin", json!({"code": code})).await;
    assert_eq!(field(&v), "您的账号未关联人员，无法签到");
    let wang = account(&app, &admin, "wang", other, Some(wang_p)).await;
    let (_, v) = wang.post("/api/v1/signin", json!({"code": code})).await;
    assert_eq!(field(&v), "您不在本次活动的应到名单中");

    // The right code marks the member present and the counts follow.
    let (st, v) = zhang.post("/api/v1/signin", json!({"code": code})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["topic"], "主题党日");
    let (_, a) = alice.get_json(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(status_of(&a, zhang_p), "present");
    assert_eq!(status_of(&a, li_p), "absent");
    assert_eq!(
        (a["present"].clone(), a["absent"].clone()),
        (json!(1), json!(1))
    );

    // The QR code's address opens the page with the code; the form signs in.
    let li = account(&app, &admin, "li", branch, Some(li_p)).await;
    let page = li
        .get(&format!("/signin?code={code}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("value=\"{code}\"")), "{page}");
    let r = li.form("/signin", &[("code", wrong)]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("签到码不正确或已过期"));
    let r = li.form("/signin", &[("code", &code)]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("签到成功：主题党日"));
    let (_, a) = alice.get_json(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(a["present"], 2, "{a}");

    // Guessing is held back: ten wrong codes in ten minutes (one above), then 429.
    let mut last = StatusCode::OK;
    for _ in 0..9 {
        last = wang.post("/api/v1/signin", json!({"code": wrong})).await.0;
    }
    assert_eq!(last, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wang.post("/api/v1/signin", json!({"code": code})).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );

    // A new code replaces the old one.
    let (_, sg2) = alice.post(&open, json!({})).await;
    let code2 = sg2["code"].as_str().unwrap();
    if code2 != code {
        let (_, v) = zhang.post("/api/v1/signin", json!({"code": code})).await;
        assert_eq!(field(&v), "签到码不正确或已过期");
    }

    // An activity held yesterday opens no sign-in.
    let (st, b) = alice
        .post(
            "/api/v1/activities",
            json!({"node_id": branch, "types": ["committee_meeting"],
                   "held_at": format!("{} 09:00", day - Duration::days(1)), "topic": "支委会"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{b}");
    let bid = b["id"].as_i64().unwrap();
    let (st, v) = alice
        .post(&format!("/api/v1/activities/{bid}/signin"), json!({}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["fields"]["signin"], "只能在活动当天开启签到");
    let r = alice.form(&format!("/activities/{bid}/signin"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, format!("/activities/{bid}?signin=day"));
    let page = alice.get(&to).await.text().await.unwrap();
    assert!(page.contains("只能在活动当天开启签到"), "{page}");

    // Both steps are in the log; removing the activity takes its code away.
    let (_, log) = admin
        .get_json("/api/v1/audit?record_type=cadence_signin")
        .await;
    assert!(log["total"].as_u64().unwrap() >= 4, "{log}");
    assert_eq!(
        alice.delete(&format!("/api/v1/activities/{id}")).await,
        StatusCode::NO_CONTENT
    );
}

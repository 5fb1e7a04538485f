//! The work cadence over HTTP: activities recorded against the roster of their day, with
//! the kept counts behind compliance; obligations inherited, overridden by a superior and
//! lifted; what is behind; scope and locks.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn full_member(s: &Session, node: i64, name: &str, seq: u32, full_on: &str) -> i64 {
    let mut body = person(node, name, date(1980, 1, 1), seq);
    body["status"] = json!("full");
    body["full_on"] = json!(full_on);
    let (st, v) = s.post("/api/v1/people", body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    v["id"].as_i64().unwrap()
}

/// The line of `org` for the activity type in a compliance answer.
fn line<'a>(c: &'a Value, org: i64, ty: &str) -> Option<&'a Value> {
    c["behind"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["node_id"] == org && b["activity_type"] == ty)
}

fn obligation<'a>(c: &'a Value, ty: &str) -> &'a Value {
    c["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["activity_type"] == ty)
        .unwrap_or_else(|| panic!("{ty} in {c}"))
}

#[tokio::test]
async fn activities_keep_obligations_against_the_roster_of_their_day() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let branch = admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    let other = admin
        .create_node(Some(t.b), "乙园区第一党支部", "party_branch")
        .await;
    let old = full_member(&admin, branch, "老党员", 1, "2001-07-01").await;
    let new = full_member(&admin, branch, "新党员", 2, "2026-11-25").await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;

    // The roster of a day before the second member joined holds only the first.
    let (st, roster) = alice
        .get_json(&format!(
            "/api/v1/activities/roster?node_id={branch}&on=2026-11-20"
        ))
        .await;
    assert_eq!(st, StatusCode::OK, "{roster}");
    let ids: Vec<i64> = roster
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["person_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![old]);
    assert_eq!(
        bob.get_json(&format!("/api/v1/activities/roster?node_id={branch}"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    // Bad input is named field by field; nothing is written.
    let (st, v) = alice
        .post(
            "/api/v1/activities",
            json!({"node_id": branch, "types": ["dance"], "held_at": "2099-01-01 09:00",
                   "topic": "", "attendance": [{"person_id": old, "status": "leave"}]}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    for f in ["types", "held_at", "topic", "attendance"] {
        assert!(!field_error(&v, f).is_empty(), "{f}: {v}");
    }
    let (st, v) = alice
        .post("/api/v1/activities", json!({"node_id": branch, "types": 7}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = alice
        .post(
            "/api/v1/activities",
            json!({"node_id": other, "types": ["theme_day"], "held_at": "2026-11-20 09:00", "topic": "主题党日"}),
        )
        .await;
    assert_eq!(
        st,
        StatusCode::UNPROCESSABLE_ENTITY,
        "another park's branch: {v}"
    );
    assert!(field_error(&v, "node_id").contains("管辖范围"), "{v}");
    let (st, v) = alice
        .post(
            "/api/v1/activities",
            json!({"node_id": branch, "types": ["theme_day"], "held_at": "2026-11-20 09:00",
                   "topic": "主题党日", "attendance": [{"person_id": new, "status": "absent"}]}),
        )
        .await;
    assert_eq!(
        st,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not yet a member that day: {v}"
    );
    assert!(field_error(&v, "attendance").contains("在册党员"), "{v}");

    // One members' meeting with a lecture keeps both obligations of the quarter, once each.
    let (st, a) = alice
        .post(
            "/api/v1/activities",
            json!({"node_id": branch, "types": ["branch_congress", "party_lecture"],
                   "held_at": "2026-10-20T01:30:00Z", "topic": "学习全会精神", "place": "党员活动室",
                   "attendance": [{"person_id": old, "status": "leave", "reason": "出差"}]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{a}");
    assert_eq!(a["held_at"], "2026-10-20 09:30", "Beijing time");
    assert_eq!(
        (
            a["expected"].as_i64(),
            a["on_leave"].as_i64(),
            a["present"].as_i64()
        ),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(a["late"], true, "entered after October ended");
    let id = a["id"].as_i64().unwrap();
    let (_, one) = reader.get_json(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(one["attendance"][0]["reason"], "出差", "{one}");
    assert_eq!(
        bob.get_json(&format!("/api/v1/activities/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (st, _) = reader
        .send(
            Method::DELETE,
            &format!("/api/v1/activities/{id}"),
            json!({}),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    let on = "2026-12-03";
    let (st, c) = alice
        .get_json(&format!("/api/v1/compliance?under={}&on={on}", t.a))
        .await;
    assert_eq!(st, StatusCode::OK, "{c}");
    assert_eq!(c["organizations"], 1, "{c}");
    let congress = obligation(&c, "branch_congress");
    assert_eq!(
        (
            congress["period"].as_str(),
            congress["met"].as_u64(),
            congress["late"].as_u64()
        ),
        (Some("2026-Q4"), Some(1), Some(1))
    );
    assert_eq!(obligation(&c, "party_lecture")["met"], 1);
    let theme = line(&c, branch, "theme_day").expect("the month's theme day is behind");
    assert_eq!(
        (theme["done"].as_u64(), theme["days_left"].as_i64()),
        (Some(0), Some(28))
    );
    assert!(line(&c, branch, "branch_congress").is_none());
    assert_eq!(c["keeping"], 0);
    assert_eq!(c["trend"].as_array().unwrap().len(), 6);

    // The kept counts follow changes: the activity moved to December drops the quarter's
    // lecture only if it leaves the quarter (it does not), and its type changed drops it.
    let (st, v) = alice
        .send(
            Method::PUT,
            &format!("/api/v1/activities/{id}"),
            json!({"node_id": branch, "types": ["branch_congress"], "held_at": "2026-12-01 09:30",
                   "topic": "学习全会精神"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (_, c) = alice
        .get_json(&format!("/api/v1/compliance?under={}&on={on}", t.a))
        .await;
    assert_eq!(obligation(&c, "branch_congress")["met"], 1);
    assert_eq!(obligation(&c, "party_lecture")["met"], 0, "{c}");
    assert_eq!(
        obligation(&c, "branch_congress")["late"],
        0,
        "a move within time"
    );

    // A superior lifts the group meeting for the park's branches; the park's own admin
    // cannot set obligations for itself, and nobody outside sees it.
    let (st, v) = alice
        .post(
            "/api/v1/obligations",
            json!({"node_id": t.a, "kinds": ["party_branch"], "activity_type": "group_meeting",
                   "cycle": "month", "min_count": 0}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(field_error(&v, "node_id").contains("下级组织"), "{v}");
    let (st, o) = admin
        .post(
            "/api/v1/obligations",
            json!({"node_id": t.a, "kinds": ["party_branch"], "activity_type": "group_meeting",
                   "cycle": "month", "min_count": 0}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{o}");
    let (_, c) = alice
        .get_json(&format!("/api/v1/compliance?under={}&on={on}", t.a))
        .await;
    assert!(line(&c, branch, "group_meeting").is_none(), "{c}");
    let (_, c) = admin
        .get_json(&format!("/api/v1/compliance?under={}&on={on}", t.b))
        .await;
    assert!(
        line(&c, other, "group_meeting").is_some(),
        "still owed in park B"
    );
    let (_, list) = bob.get_json("/api/v1/obligations").await;
    assert!(list.as_array().unwrap().iter().all(|o| o["node_id"] != t.a));
    let (_, list) = alice.get_json("/api/v1/obligations").await;
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == o["id"] && o["node_id"] == t.a)
        .unwrap();
    assert_eq!(mine["manage"], false, "set by a superior");
    let builtin = list
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["builtin"] == true)
        .unwrap();
    let st = admin
        .delete(&format!("/api/v1/obligations/{}", builtin["id"]))
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    let st = admin
        .delete(&format!("/api/v1/obligations/{}", o["id"]))
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);

    // Lists are scoped and filtered; exports are audited.
    let (_, page) = alice
        .get_json("/api/v1/activities?activity_type=branch_congress")
        .await;
    assert_eq!(page["total"], 1, "{page}");
    let (_, page) = alice
        .get_json("/api/v1/activities?activity_type=party_lecture")
        .await;
    assert_eq!(page["total"], 0, "{page}");
    assert_eq!(bob.get_json("/api/v1/activities").await.1["total"], 0);
    let (st, v) = alice.get_json("/api/v1/activities?from=yesterday").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, bytes) = alice.get_bytes("/api/v1/activities/export.xlsx").await;
    assert_eq!(st, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));
    let (st, bytes) = alice
        .get_bytes(&format!(
            "/api/v1/compliance/export.xlsx?under={}&on={on}",
            t.a
        ))
        .await;
    assert_eq!(st, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));
    let (_, log) = admin.get_json("/api/v1/audit?action=export").await;
    assert!(log["total"].as_u64().unwrap() >= 2, "{log}");

    // Removing it takes its counts away.
    assert_eq!(
        alice.delete(&format!("/api/v1/activities/{id}")).await,
        StatusCode::NO_CONTENT
    );
    let (_, c) = alice
        .get_json(&format!("/api/v1/compliance?under={}&on={on}", t.a))
        .await;
    assert_eq!(obligation(&c, "branch_congress")["met"], 0);
}

//! Records of other areas keeping the cadence's obligations through the list of areas: the
//! organization hosting a listed studio keeps its 三个一 — a theme each month (a training
//! session), an exchange each quarter (a mentorship session), a summary each half-year (an
//! activity) —; the obligation ends with the studio's listing and a superior lifts it.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn line<'a>(c: &'a Value, ty: &str) -> Option<&'a Value> {
    c["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["activity_type"] == ty)
}

/// (organizations, met) of the obligation's line, (0, 0) when none has it.
fn met(c: &Value, ty: &str) -> (i64, i64) {
    line(c, ty).map_or((0, 0), |l| {
        (
            l["organizations"].as_i64().unwrap(),
            l["met"].as_i64().unwrap(),
        )
    })
}

async fn compliance(s: &Session, under: i64) -> Value {
    let (st, c) = s
        .get_json(&format!("/api/v1/compliance?under={under}&on={}", today()))
        .await;
    assert_eq!(st, StatusCode::OK, "{c}");
    c
}

#[tokio::test]
async fn a_studio_host_keeps_the_studio_three_ones_from_the_studio_records() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let day = today().to_string();

    let c = compliance(&alice, t.a).await;
    assert_eq!(met(&c, "studio_theme"), (0, 0), "no studio yet: {c}");
    let mentor = alice.new_person(t.a1, "王师傅", 1).await;
    let apprentice = alice.new_person(t.a1, "李徒", 2).await;
    let sid = alice
        .new_studio(t.a, "王师傅书记工作室", Some(mentor))
        .await;
    let c = compliance(&alice, t.a).await;
    assert_eq!(met(&c, "studio_theme"), (0, 0), "applied, not listed: {c}");

    alice.move_studio(sid, "listed").await;
    let c = compliance(&alice, t.a).await;
    for ty in ["studio_theme", "studio_exchange", "studio_summary"] {
        assert_eq!(met(&c, ty), (1, 0), "{ty}: {c}");
    }
    assert!(c["behind"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["node_id"] == t.a && b["activity_type"] == "studio_theme"));
    assert_eq!(
        bob.get_json(&format!("/api/v1/compliance?under={}", t.a))
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    // A training session is the month's theme.
    let (st, v) = alice
        .post(
            &format!("/api/v1/studios/{sid}/sessions"),
            json!({"topic": "学习党的创新理论", "held_on": day, "expected": 3, "attended": 3}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let c = compliance(&alice, t.a).await;
    assert_eq!(met(&c, "studio_theme"), (1, 1), "{c}");
    assert_eq!(met(&c, "studio_exchange"), (1, 0), "{c}");

    // A mentorship session is the quarter's exchange.
    for (p, role) in [(mentor, "core"), (apprentice, "trainee")] {
        let (st, v) = alice
            .post(
                &format!("/api/v1/studios/{sid}/members"),
                json!({"person_id": p, "role": role, "joined_on": day}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }
    let (st, m) = alice
        .post(
            &format!("/api/v1/studios/{sid}/mentorships"),
            json!({"title": "一对一带教", "mentor_id": mentor, "shape": "pair",
                   "apprentices": [{"person_id": apprentice}], "started_on": day,
                   "goals": "独立开展党务工作"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{m}");
    let mid = m["id"].as_i64().unwrap();
    let (st, v) = alice
        .post(
            &format!("/api/v1/studios/{sid}/mentorships/{mid}/sessions"),
            json!({"held_on": day, "content": "交流党建工作经验", "hours": 2}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let c = compliance(&alice, t.a).await;
    assert_eq!(met(&c, "studio_exchange"), (1, 1), "{c}");

    // The half-year summary is recorded as an activity of the host.
    let (st, v) = alice
        .post(
            "/api/v1/activities",
            json!({"node_id": t.a, "types": ["studio_summary"], "held_at": format!("{day} 09:00"),
                   "topic": "工作室半年工作总结"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let c = compliance(&alice, t.a).await;
    assert_eq!(met(&c, "studio_summary"), (1, 1), "{c}");
    assert_eq!(
        (c["organizations"].clone(), c["keeping"].clone()),
        (json!(1), json!(1))
    );

    // The obligations name the host's part, in Chinese on the page.
    let (st, list) = alice.get_json("/api/v1/obligations").await;
    assert_eq!(st, StatusCode::OK, "{list}");
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|o| { o["activity_type"] == "studio_theme" && o["kinds"] == json!(["studio_host"]) }));
    let page = alice.get("/obligations").await.text().await.unwrap();
    assert!(page.contains("工作室所在组织"), "{page}");

    // A superior lifts the theme for park A's subtree.
    let (st, v) = admin
        .post(
            "/api/v1/obligations",
            json!({"node_id": t.a, "kinds": ["studio_host"], "activity_type": "studio_theme",
                   "cycle": "month", "min_count": 0}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let c = compliance(&alice, t.a).await;
    assert_eq!(met(&c, "studio_theme"), (0, 0), "{c}");

    // Delisted, the studio's host keeps nothing of it.
    alice.move_studio(sid, "delisted").await;
    let c = compliance(&alice, t.a).await;
    assert_eq!(met(&c, "studio_exchange"), (0, 0), "{c}");
    assert_eq!(c["organizations"], 0, "{c}");
}

//! The live figures the work cadence and the work lists offer the other areas, read through
//! the list of areas over small cases built by hand: the share of organizations keeping all
//! their obligations over a span of days, and the completion and on-time rates of the tasks
//! issued under a node and due within the days.

use crate::common::*;
use chrono::NaiveDate;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};
use touyan_storage::kit::area::FigureQuery;

/// The figure `key` under `node` from `from` to `to`, as (numerator, denominator).
async fn figure(app: &TestApp, key: &str, node: i64, from: &str, to: &str) -> (u64, u64) {
    let q = FigureQuery {
        under: app.path_of(node).await,
        from: from.parse::<NaiveDate>().unwrap(),
        to: to.parse::<NaiveDate>().unwrap(),
    };
    let v = touyan_storage::figure(app.store().raw_connection(), key, &q)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{key} is offered"));
    (v.numerator, v.denominator.expect("a rate"))
}

async fn meeting(s: &Session, node: i64, held_at: &str) {
    let (st, v) = s
        .post(
            "/api/v1/activities",
            json!({"node_id": node, "types": ["party_committee_meeting"], "held_at": held_at,
                   "topic": "研究党建工作"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
}

#[tokio::test]
async fn the_compliance_rate_counts_organizations_keeping_every_period_of_the_days() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    // A 党委 meets at least once a quarter (seeded); nothing else applies to these nodes.
    let c1 = admin
        .create_node(Some(t.a), "甲园区第一党委", "party_committee")
        .await;
    let c2 = admin
        .create_node(Some(t.a), "甲园区第二党委", "party_committee")
        .await;
    let c3 = admin
        .create_node(Some(t.b), "乙园区党委", "party_committee")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let (st, offered) = alice.get_json("/api/v1/figures").await;
    assert_eq!(st, StatusCode::OK, "{offered}");
    for k in [
        "cadence.compliance_rate",
        "task.completion_rate",
        "task.on_time_rate",
    ] {
        let f = offered.as_array().unwrap().iter().find(|f| f["key"] == k);
        assert_eq!(f.map(|f| f["kind"].clone()), Some(json!("rate")), "{k}");
    }

    let key = "cadence.compliance_rate";
    assert_eq!(
        figure(&app, key, t.a, "2025-04-01", "2025-06-30").await,
        (0, 2)
    );
    meeting(&alice, c1, "2025-05-10 09:00").await;
    meeting(&bob, c3, "2025-05-11 09:00").await;
    assert_eq!(
        figure(&app, key, t.a, "2025-04-01", "2025-06-30").await,
        (1, 2)
    );
    // A span touching the next quarter judges it too.
    assert_eq!(
        figure(&app, key, t.a, "2025-04-01", "2025-07-15").await,
        (0, 2)
    );
    meeting(&alice, c2, "2025-06-20 15:00").await;
    assert_eq!(
        figure(&app, key, t.a, "2025-04-01", "2025-06-30").await,
        (2, 2)
    );
    assert_eq!(
        figure(&app, key, c1, "2025-05-01", "2025-05-01").await,
        (1, 1)
    );
    // The district counts both parks' committees; a span with none held keeps none.
    assert_eq!(
        figure(&app, key, t.district, "2025-04-01", "2025-06-30").await,
        (3, 3)
    );
    assert_eq!(
        figure(&app, key, t.district, "2025-01-01", "2025-03-31").await,
        (0, 3)
    );
    // A span of one day gives the compliance view's share on that day.
    let (st, c) = alice
        .get_json(&format!("/api/v1/compliance?under={}&on=2025-06-30", t.a))
        .await;
    assert_eq!(st, StatusCode::OK, "{c}");
    assert_eq!(
        (c["keeping"].as_u64(), c["organizations"].as_u64()),
        (Some(2), Some(2))
    );
}

async fn set_due(app: &TestApp, id: i64, due: &str) {
    let conn = app.store().raw_connection();
    let q = format!("UPDATE task SET due_at = '{due}' WHERE id = {id}");
    conn.execute(Statement::from_string(conn.get_database_backend(), q))
        .await
        .unwrap();
}

async fn issue(s: &Session, node: i64, title: &str, to: &[i64]) -> Value {
    let (st, d) = s
        .post(
            "/api/v1/tasks",
            json!({"node_id": node, "title": title, "due_at": "2099-12-31 17:30",
                   "recipients": to}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    d
}

fn recipient_of(d: &Value, node: i64) -> i64 {
    d["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["node_id"] == node)
        .unwrap_or_else(|| panic!("{node} in {d}"))["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn task_rates_count_the_recipients_of_tasks_issued_under_the_node_and_due_in_the_days() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let committee = admin
        .create_node(Some(t.a), "甲园区综合党委", "party_committee")
        .await;
    let br1 = admin
        .create_node(Some(committee), "甲园区第一党支部", "party_branch")
        .await;
    let br2 = admin
        .create_node(Some(committee), "甲园区第二党支部", "party_branch")
        .await;
    let br3 = admin
        .create_node(Some(t.b), "乙园区第一党支部", "party_branch")
        .await;
    admin.create_user("zhibu1", Some(br1), "org_admin").await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let sec1 = app.login("zhibu1", PASSWORD).await;

    // From the park to both branches, submitted on time by the first and accepted.
    let a = issue(&alice, t.a, "报送党员发展计划", &[br1, br2]).await;
    let a_id = a["task"]["id"].as_i64().unwrap();
    let step = |task: i64, r: i64, s: &str| format!("/api/v1/tasks/{task}/recipients/{r}/{s}");
    let r = recipient_of(&a, br1);
    for (who, s) in [(&sec1, "receive"), (&sec1, "submit"), (&alice, "accept")] {
        let body = if s == "submit" {
            json!({"answers": []})
        } else {
            json!({})
        };
        let (st, v) = who.post(&step(a_id, r, s), body).await;
        assert_eq!(st, StatusCode::OK, "{s}: {v}");
    }
    set_due(&app, a_id, "2025-03-10 18:00:00").await;
    // From the committee to the first branch, submitted after its due moment and accepted.
    let b = issue(&alice, committee, "报送支委会记录", &[br1]).await;
    let b_id = b["task"]["id"].as_i64().unwrap();
    set_due(&app, b_id, "2025-03-20 18:00:00").await;
    let r = recipient_of(&b, br1);
    for (who, s) in [(&sec1, "receive"), (&sec1, "submit"), (&alice, "accept")] {
        let body = if s == "submit" {
            json!({"answers": []})
        } else {
            json!({})
        };
        let (st, v) = who.post(&step(b_id, r, s), body).await;
        assert_eq!(st, StatusCode::OK, "{s}: {v}");
    }
    // Due in the next month, and another park's.
    let c = issue(&alice, t.a, "报送二季度计划", &[br2]).await;
    set_due(
        &app,
        c["task"]["id"].as_i64().unwrap(),
        "2025-04-15 18:00:00",
    )
    .await;
    let d = issue(&bob, t.b, "乙园区报送", &[br3]).await;
    set_due(
        &app,
        d["task"]["id"].as_i64().unwrap(),
        "2025-03-15 18:00:00",
    )
    .await;

    let (done, on_time) = ("task.completion_rate", "task.on_time_rate");
    let march = ("2025-03-01", "2025-03-31");
    assert_eq!(figure(&app, done, t.a, march.0, march.1).await, (2, 3));
    assert_eq!(figure(&app, on_time, t.a, march.0, march.1).await, (1, 3));
    assert_eq!(
        figure(&app, done, committee, march.0, march.1).await,
        (1, 1)
    );
    assert_eq!(
        figure(&app, on_time, committee, march.0, march.1).await,
        (0, 1)
    );
    // The due day's edges, Beijing time: the whole day counts.
    assert_eq!(
        figure(&app, done, t.a, "2025-03-10", "2025-03-10").await,
        (1, 2)
    );
    assert_eq!(
        figure(&app, done, t.a, "2025-03-11", "2025-03-19").await,
        (0, 0)
    );
    assert_eq!(
        figure(&app, done, t.a, "2025-03-01", "2025-04-30").await,
        (2, 4)
    );
    assert_eq!(
        figure(&app, done, t.district, march.0, march.1).await,
        (2, 4)
    );
    // A withdrawn task counts in no rate.
    let (st, v) = alice
        .post(
            &format!("/api/v1/tasks/{a_id}/withdraw"),
            json!({"reason": "重复下发"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(figure(&app, done, t.a, march.0, march.1).await, (1, 1));
    assert_eq!(figure(&app, on_time, t.a, march.0, march.1).await, (0, 1));
}

//! Work lists in the bell and the calendar: a recipient's staff are told of the tasks due
//! within three days and of those past due, linked to the received list filtered alike; the
//! due days of the tasks one reads are whole-day items of the calendar feed.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// `days` from now, Beijing time, as the API takes a due moment.
fn in_days(days: i64) -> String {
    let t = chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(days);
    t.format("%Y-%m-%d %H:%M").to_string()
}

async fn set_due(app: &TestApp, id: i64, due: &str) {
    use sea_orm::{ConnectionTrait, Statement};
    let conn = app.store().raw_connection();
    let q = format!("UPDATE task SET due_at = '{due}' WHERE id = {id}");
    conn.execute(Statement::from_string(conn.get_database_backend(), q))
        .await
        .unwrap();
}

/// The work lists' reminders (the cadence tells of branches behind as well).
fn reminders(v: &Value) -> Vec<(String, String, bool)> {
    v["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["link"].as_str().unwrap().starts_with("/tasks"))
        .map(|r| {
            (
                r["text"].as_str().unwrap().to_string(),
                r["link"].as_str().unwrap().to_string(),
                r["urgent"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn feed_address(page: &str) -> String {
    let start = page.find("/calendar/tyc_").expect("an address on the page");
    let end = start + page[start..].find(".ics").expect("ends in .ics") + 4;
    page[start..end].to_string()
}

#[tokio::test]
async fn tasks_due_soon_or_past_due_are_reminded_and_due_days_are_in_the_feed() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let br1 = admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    let br2 = admin
        .create_node(Some(t.a), "甲园区第二党支部", "party_branch")
        .await;
    admin.create_user("zhibu1", Some(br1), "org_admin").await;
    let alice = app.login("alice", PASSWORD).await;
    let sec1 = app.login("zhibu1", PASSWORD).await;
    let issue = |title: &'static str, due: String, to: Vec<i64>| {
        let alice = &alice;
        async move {
            let (st, d) = alice
                .post(
                    "/api/v1/tasks",
                    json!({"node_id": t.a, "title": title, "due_at": due, "recipients": to}),
                )
                .await;
            assert_eq!(st, StatusCode::CREATED, "{d}");
            (d["task"]["id"].as_i64().unwrap(), d)
        }
    };
    let (soon, d) = issue("报送季度学习计划", in_days(2), vec![br1, br2]).await;
    let (later, _) = issue("报送年度总结", in_days(30), vec![br1]).await;

    // The branch's secretary: one task due within three days, linked to the list alike.
    let (_, v) = sec1.get_json("/api/v1/notifications").await;
    let link = "/tasks?mailbox=received&due_within=3".to_string();
    assert_eq!(
        reminders(&v),
        vec![("1 项任务 3 天内到期".to_string(), link.clone(), false)],
        "{v}"
    );
    let (_, l) = sec1
        .get_json("/api/v1/tasks?mailbox=received&due_within=3")
        .await;
    let ids: Vec<i64> = l["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![soon], "{l}");
    let page = sec1.get(&link).await.text().await.unwrap();
    assert!(page.contains("报送季度学习计划") && !page.contains("报送年度总结"));
    // The issuing side is not reminded of the tasks it issued.
    let (_, v) = alice.get_json("/api/v1/notifications").await;
    assert!(reminders(&v).is_empty(), "{v}");

    // Submitted, it no longer waits; another one past due is urgent.
    let rid = d["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["node_id"] == br1)
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (st, v) = sec1
        .post(
            &format!("/api/v1/tasks/{soon}/recipients/{rid}/submit"),
            json!({"answers": []}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    set_due(&app, later, "2020-01-01 17:00:00").await;
    let (_, v) = sec1.get_json("/api/v1/notifications").await;
    assert_eq!(
        reminders(&v),
        vec![(
            "1 项任务已逾期".to_string(),
            "/tasks?mailbox=received&overdue=true".to_string(),
            true
        )],
        "{v}"
    );

    // The feed carries the due day of the task read, as a whole day.
    let page = sec1.form("/feed", &[]).await.text().await.unwrap();
    let body = client()
        .get(app.url(&feed_address(&page)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let unfolded = body.replace("\r\n ", "");
    assert!(
        unfolded.contains(&format!("UID:task-due-{soon}@touyan\r\n")),
        "{unfolded}"
    );
    let day = in_days(2)[..10].replace('-', "");
    assert!(
        unfolded.contains(&format!("DTSTART;VALUE=DATE:{day}\r\n")),
        "{unfolded}"
    );
    assert!(
        unfolded.contains("任务截止：报送季度学习计划"),
        "{unfolded}"
    );
    // Another park's staff read neither task.
    let bob = app.login("bob", PASSWORD).await;
    let page = bob.form("/feed", &[]).await.text().await.unwrap();
    let body = client()
        .get(app.url(&feed_address(&page)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!body.contains("task-due-"), "{body}");
}

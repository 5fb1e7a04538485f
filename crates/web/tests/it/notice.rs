//! Notifications and the calendar feed over HTTP: another area's write notifies the users
//! holding a permission over a node; the bell counts them; the list shows them newest first
//! in the reader's language; one or all are marked read, and another user's id answers 404.
//! The reminders derive what falls behind; the feed answers its secret address only while
//! it is live.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use touyan_domain::access::Permission;
use touyan_domain::tree::TreePath;

/// Tells the holders of `perm` over `node` that `n` organizations are behind, as an area
/// would inside its write.
async fn notify_holders(app: &TestApp, admin: &Session, node: i64, n: &str) -> Vec<i64> {
    let (_, v) = admin.get_json(&format!("/api/v1/orgs/{node}")).await;
    let path = TreePath::parse(v["path"].as_str().expect("a path")).unwrap();
    let db = app.store().raw_connection();
    let to = touyan_storage::kit::notice::holders(db, Permission::CadenceWrite, &path)
        .await
        .unwrap();
    touyan_storage::kit::notice::notify(
        db,
        &to,
        "cadence.remind.behind",
        &format!("/orgs/{node}"),
        &[("n", n), ("period", "本月"), ("type", "主题党日")],
    )
    .await
    .unwrap();
    to
}

fn ids(v: &Value) -> Vec<i64> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_notification_reaches_the_holders_and_only_its_reader_marks_it() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let to = notify_holders(&app, &admin, t.a1, "2").await;
    // Those who may record the cadence over the grid: alice (over 甲园区) and the system
    // administrator; not bob (乙园区) nor the reader.
    assert!(to.contains(&t.alice) && !to.contains(&t.bob) && !to.contains(&t.reader));
    notify_holders(&app, &admin, t.a1, "3").await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;

    let badge = alice
        .get("/notifications/badge")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        badge.contains("bell-count") && badge.contains(">2<"),
        "{badge}"
    );
    assert!(!bob
        .get("/notifications/badge")
        .await
        .text()
        .await
        .unwrap()
        .contains("bell-count"));
    let (st, v) = alice.get_json("/api/v1/notifications").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(
        (v["total"].as_u64(), v["unread"].as_u64()),
        (Some(2), Some(2))
    );
    // Newest first, in the reader's language.
    assert_eq!(v["items"][0]["text"], "3 个组织本月主题党日未按要求开展");
    assert_eq!(v["items"][1]["link"], format!("/orgs/{}", t.a1));
    let (newest, older) = (ids(&v)[0], ids(&v)[1]);
    let (_, page2) = alice
        .get_json("/api/v1/notifications?per_page=1&page=2")
        .await;
    assert_eq!(ids(&page2), vec![older]);

    // Another user's notification does not exist for bob, by the API or the page form.
    let (st, _) = bob
        .post(&format!("/api/v1/notifications/{newest}/read"), json!({}))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let r = bob
        .form(&format!("/notifications/{newest}/read"), &[("open", "1")])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (_, v) = bob.get_json("/api/v1/notifications").await;
    assert_eq!(v["total"], 0, "{v}");
    assert_eq!(alice.get_json("/api/v1/notifications").await.1["unread"], 2);

    let (st, v) = alice
        .post(&format!("/api/v1/notifications/{newest}/read"), json!({}))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert!(v["read_at"].as_i64().is_some(), "{v}");
    assert_eq!(alice.get_json("/api/v1/notifications").await.1["unread"], 1);
    // The list's own form marks one read and goes on to its record.
    let r = alice
        .form(&format!("/notifications/{older}/read"), &[("open", "1")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], format!("/orgs/{}", t.a1).as_str());
    let (_, v) = alice.get_json("/api/v1/notifications").await;
    assert_eq!(v["unread"], 0, "{v}");

    notify_holders(&app, &admin, t.a, "4").await;
    let page = alice.get("/notifications").await.text().await.unwrap();
    assert!(page.contains("4 个组织本月主题党日未按要求开展"), "{page}");
    assert!(page.contains("全部标为已读"));
    let r = alice.form("/notifications/read-all", &[]).await;
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(alice
        .get(&to)
        .await
        .text()
        .await
        .unwrap()
        .contains("全部通知已标为已读"));
    let (st, v) = alice
        .post("/api/v1/notifications/read-all", json!({}))
        .await;
    assert_eq!((st, v["marked"].as_u64()), (StatusCode::OK, Some(0)), "{v}");
    assert_eq!(alice.get_json("/api/v1/notifications").await.1["unread"], 0);
}

#[tokio::test]
async fn obligations_behind_this_period_are_reminded_to_those_who_record_them() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let held = admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    admin
        .create_node(Some(t.a), "甲园区第二党支部", "party_branch")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let day = today().to_string();
    let (st, v) = alice
        .post(
            "/api/v1/activities",
            json!({"node_id": held, "types": ["theme_day"], "held_at": format!("{day} 00:00"),
                   "topic": "主题党日"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (_, v) = alice.get_json("/api/v1/notifications").await;
    let texts: Vec<&str> = v["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(&"1 个组织本月主题党日未按要求开展"),
        "{texts:?}"
    );
    assert!(v["reminders"][0]["link"] == "/compliance", "{v}");
    let page = alice.get("/notifications").await.text().await.unwrap();
    assert!(page.contains("1 个组织本月主题党日未按要求开展"));
    // The reader does not record the cadence; bob's park has no branch.
    let reader = app.login("reader", PASSWORD).await;
    assert_eq!(
        reader.get_json("/api/v1/notifications").await.1["reminders"],
        json!([])
    );
    let bob = app.login("bob", PASSWORD).await;
    assert_eq!(
        bob.get_json("/api/v1/notifications").await.1["reminders"],
        json!([])
    );
}

/// The feed's address in the page answered right after issuing it.
fn address(page: &str) -> String {
    let start = page.find("/calendar/tyc_").expect("an address on the page");
    let end = start + page[start..].find(".ics").expect("ends in .ics") + 4;
    page[start..end].to_string()
}

#[tokio::test]
async fn the_calendar_feed_answers_its_live_address_only() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let branch = admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    let other = admin
        .create_node(Some(t.b), "乙园区第一党支部", "party_branch")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let day = today().to_string();
    let (st, v) = alice
        .post(
            "/api/v1/activities",
            json!({"node_id": branch, "types": ["theme_day"], "held_at": format!("{day} 00:00"),
                   "topic": "学习; 讨论, 总结", "place": "党员活动室"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let mine = v["id"].as_i64().unwrap();
    let (st, _) = bob
        .post(
            "/api/v1/activities",
            json!({"node_id": other, "types": ["theme_day"], "held_at": format!("{day} 00:00"),
                   "topic": "乙园区的活动"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);

    let page = alice.get("/feed").await.text().await.unwrap();
    assert!(page.contains("生成订阅地址"), "{page}");
    let page = alice.form("/feed", &[]).await.text().await.unwrap();
    let first = address(&page);
    let anyone = client();
    let r = anyone.get(app.url(&first)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let kind = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(kind.starts_with("text/calendar"), "{kind}");
    let body = r.text().await.unwrap();
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n") && body.ends_with("END:VCALENDAR\r\n"));
    let unfolded = body.replace("\r\n ", "");
    assert!(unfolded.contains(&format!("UID:cadence-activity-{mine}@touyan\r\n")));
    assert!(unfolded.contains("学习\\; 讨论\\, 总结"), "{unfolded}");
    assert!(unfolded.contains("LOCATION:党员活动室\r\n"));
    // Held at midnight in Beijing: 16:00 UTC the day before.
    let before = (today() - chrono::Duration::days(1)).format("%Y%m%d");
    assert!(
        unfolded.contains(&format!("DTSTART:{before}T160000Z\r\n")),
        "{unfolded}"
    );
    assert!(!unfolded.contains("乙园区的活动"), "only the owner's scope");

    // Issuing again retires the first address; revoking retires the second.
    let page = alice.form("/feed", &[]).await.text().await.unwrap();
    let second = address(&page);
    assert_ne!(first, second);
    let status = |u: String| {
        let c = anyone.clone();
        let url = app.url(&u);
        async move { c.get(url).send().await.unwrap().status() }
    };
    assert_eq!(status(first.clone()).await, StatusCode::NOT_FOUND);
    assert_eq!(status(second.clone()).await, StatusCode::OK);
    assert_eq!(
        status(second.trim_end_matches(".ics").to_string()).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status("/calendar/tyc_unknown.ics".into()).await,
        StatusCode::NOT_FOUND
    );
    let page = alice.get("/feed").await.text().await.unwrap();
    assert!(
        page.contains("停用订阅地址") && !page.contains(&second),
        "shown once only"
    );
    let r = alice.form("/feed/revoke", &[]).await;
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(alice
        .get(&to)
        .await
        .text()
        .await
        .unwrap()
        .contains("日历订阅地址已停用"));
    assert_eq!(status(second).await, StatusCode::NOT_FOUND);
    assert_eq!(
        alice.form("/feed/revoke", &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    // Issued twice and revoked once, each in the audit log.
    let (_, v) = admin
        .get_json("/api/v1/audit?record_type=notice_feed&per_page=50")
        .await;
    assert_eq!(v["total"], 3, "{v}");
}

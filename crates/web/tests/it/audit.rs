//! Every change is recorded with who, when, where from, which record, before and after.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn changes_logins_and_exports_are_recorded_and_filterable() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "区", "district").await;
    let g = admin.create_node(Some(d), "网格", "grid").await;
    admin
        .patch(&format!("/api/v1/orgs/{g}"), json!({"name": "一网格"}))
        .await;
    let (_, v) = admin
        .get_json(&format!("/api/v1/audit?record_type=org_node&record_id={g}"))
        .await;
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{v}");
    let upd = &items[0];
    assert_eq!(upd["action"], "update");
    assert_eq!(upd["actor_name"], "admin");
    assert_eq!(upd["ip"], "127.0.0.1");
    assert_eq!(upd["before"]["name"], "网格");
    assert_eq!(upd["after"]["name"], "一网格");
    assert_eq!(items[1]["action"], "create");

    // Failed and successful logins.
    let c = client();
    let r = c
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "admin", "password": "wrong-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let (_, v) = admin.get_json("/api/v1/audit?action=login_failed").await;
    assert_eq!(v["total"], 1);
    let (_, v) = admin.get_json("/api/v1/audit?action=login").await;
    assert_eq!(v["total"], 1);

    // Filters: user, date range (Beijing days), pagination; bad dates are field errors.
    let (_, me) = admin.get_json("/api/v1/me").await;
    let (_, v) = admin
        .get_json(&format!("/api/v1/audit?user={}&per_page=2", me["id"]))
        .await;
    assert_eq!(v["items"].as_array().unwrap().len(), 2);
    assert!(v["total"].as_i64().unwrap() >= 4);
    let (_, v) = admin
        .get_json("/api/v1/audit?from=2000-01-01&to=2000-01-02")
        .await;
    assert_eq!(v["total"], 0);
    let today = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    let (_, v) = admin
        .get_json(&format!("/api/v1/audit?from={today}&to={today}"))
        .await;
    assert!(v["total"].as_i64().unwrap() >= 4);
    let (s, v) = admin.get_json("/api/v1/audit?from=2024-13-01").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["error"]["fields"]["from"].is_string());

    // Export: an .xlsx with Chinese headers, itself recorded.
    let r = admin
        .get("/api/v1/audit/export.xlsx?record_type=org_node")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let rows = crate::orgs::xlsx_rows(&r.bytes().await.unwrap());
    assert_eq!(rows[0][1], "时间");
    assert_eq!(rows.len(), 1 + 3);
    let (_, v) = admin
        .get_json("/api/v1/audit?action=export&record_type=audit_log")
        .await;
    assert_eq!(v["total"], 1);
}

#[tokio::test]
async fn a_failed_write_leaves_no_trace() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "区", "district").await;
    let (_, before) = admin.get_json("/api/v1/audit?per_page=1").await;
    let (s, _) = admin
        .post(
            "/api/v1/orgs",
            json!({"parent_id": d, "name": "", "kind": "grid"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = admin
        .post(&format!("/api/v1/orgs/{d}/move"), json!({"parent_id": d}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (_, after) = admin.get_json("/api/v1/audit?per_page=1").await;
    assert_eq!(before["total"], after["total"]);
    let (_, v) = admin.get_json(&format!("/api/v1/orgs?under={d}")).await;
    assert_eq!(v["total"], 1);
}

/// The log page counts its total only up to a bound, so a caller over a large subtree pays
/// what one over a small one does; past it the page says "more than" and counts them all on
/// demand. The API keeps the exact total.
#[tokio::test]
async fn the_log_page_counts_up_to_a_bound_and_exactly_on_demand() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let (_, node) = admin.get_json(&format!("/api/v1/orgs/{}", t.a1)).await;
    let path = node["path"].as_str().unwrap().to_string();
    let conn = app.store().raw_connection();
    // 2 500 entries at grid A1, written in one statement.
    let values: Vec<String> = (0..2500)
        .map(|i| {
            format!(
                "({i}, NULL, 'seed', 'update', 'org_node', NULL, {}, '{path}')",
                t.a1
            )
        })
        .collect();
    conn.execute(Statement::from_string(
        conn.get_database_backend(),
        format!(
            "INSERT INTO audit_log (at, actor_id, actor_name, action, record_type, record_id, \
             node_id, node_path) VALUES {}",
            values.join(", ")
        ),
    ))
    .await
    .unwrap();
    let alice = app.login("alice", PASSWORD).await;
    let (_, v) = alice.get_json("/api/v1/audit?per_page=1").await;
    let exact = v["total"].as_u64().unwrap();
    assert!(exact > 2500, "{v}");
    let html = alice.get("/audit").await.text().await.unwrap();
    assert!(html.contains("超过 1000 · 第 1"), "{html}");
    assert!(html.contains("data-testid=\"exact-total\""));
    assert!(
        html.contains("page=2\">下一页"),
        "a next page past the bound: {html}"
    );
    let html = alice.get("/audit?exact=1").await.text().await.unwrap();
    assert!(html.contains(&format!("共 {exact} · 1/")), "{html}");
    // The sibling's admin counts his own few entries exactly.
    let bob = app.login("bob", PASSWORD).await;
    let html = bob.get("/audit").await.text().await.unwrap();
    assert!(
        html.contains("共 ") && !html.contains("超过 1000"),
        "{html}"
    );

    // The home page's recent activity is the list's first entries, whether they are among
    // the log's newest (alice's) or far back (bob's, behind alice's 2 500).
    for who in ["alice", "bob"] {
        let actor = app
            .store()
            .auth()
            .login(who, PASSWORD, None)
            .await
            .unwrap_or_else(|_| panic!("{who} signs in"))
            .actor;
        let audit = app.store().scoped(&actor).audit();
        let recent: Vec<i64> = audit
            .recent(8)
            .await
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        let first = touyan_domain::paging::PageRequest {
            page: 1,
            per_page: 8,
        };
        let listed: Vec<i64> = audit
            .list(&Default::default(), first)
            .await
            .unwrap()
            .items
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(recent, listed, "{who}");
        assert!(!recent.is_empty(), "{who}");
    }
}

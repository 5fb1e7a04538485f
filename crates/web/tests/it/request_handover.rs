//! Whoever handles a request sees it, and nobody else through the handling: after every
//! action that changes the handling unit (send back, transfer, re-dispatch, reopen, withdraw)
//! the former handler loses the request everywhere — the API detail and the page, the lists,
//! supervision, the units, its files and uploads.

use crate::common::*;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

/// The smallest file the upload check takes as a PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-request-handover";

/// The siblings with two departments under the district, each with a 承办员 (`handler`,
/// `handler2`).
struct World {
    s: Siblings,
    dept: i64,
    dept2: i64,
}

async fn world(app: &TestApp) -> World {
    let s = siblings(app).await;
    let admin = app.admin().await;
    let dept = admin
        .create_node(Some(s.district), "城管局", "department")
        .await;
    let dept2 = admin
        .create_node(Some(s.district), "住建局", "department")
        .await;
    admin.create_user("handler", Some(dept), "handler").await;
    admin.create_user("handler2", Some(dept2), "handler").await;
    World { s, dept, dept2 }
}

/// A request filed in the first park's grid, with the words that find it on the pages.
struct Req {
    id: i64,
    text: String,
}

async fn new_request(s: &Session, node: i64, text: &str) -> Req {
    let (st, v) = s
        .post(
            "/api/v1/requests",
            json!({"channel": "window", "category": "environment", "node_id": node,
                   "address": "甲园区 3 号楼", "description": text,
                   "contact_name": "张三", "contact_phone": "13812345678"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    Req {
        id: v["id"].as_i64().unwrap(),
        text: text.into(),
    }
}

/// Takes an action that must succeed; answers the request.
async fn ok(s: &Session, id: i64, body: Value) -> Value {
    let (st, v) = s
        .post(&format!("/api/v1/requests/{id}/actions"), body.clone())
        .await;
    assert_eq!(st, StatusCode::OK, "{body}: {v}");
    v
}

/// The handler attaches a file; answers its id.
async fn attach(s: &Session, id: i64) -> i64 {
    let (st, f) = s
        .upload(&format!("/api/v1/requests/{id}/files"), "现场.png", PNG)
        .await;
    assert_eq!(st, StatusCode::CREATED, "{f}");
    f["id"].as_i64().unwrap()
}

/// The ids of a paged API list.
async fn ids(s: &Session, p: &str) -> Vec<i64> {
    let (st, v) = s.get_json(p).await;
    assert_eq!(st, StatusCode::OK, "{p}: {v}");
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().or(r["request"]["id"].as_i64()).unwrap())
        .collect()
}

async fn page(s: &Session, p: &str) -> (StatusCode, String) {
    let r = s.get(p).await;
    (r.status(), r.text().await.unwrap())
}

/// Puts back on request `id` the handling path of the first department, which it left, with
/// the reach rows that path grants (as stored before paths were mended); `also` runs first.
async fn stale_path(conn: &sea_orm::DatabaseConnection, w: &World, id: i64, also: &[&str]) {
    let sql = format!(
        "UPDATE service_request SET handling_path = '/{}/{}/' WHERE id = {id}",
        w.s.district, w.dept
    );
    for sql in also.iter().map(|s| s.to_string()).chain([sql]) {
        conn.execute(Statement::from_string(conn.get_database_backend(), sql))
            .await
            .unwrap();
    }
    touyan_storage::request::reach::rebuild(conn, None)
        .await
        .unwrap();
}

/// The caller reads the request, its page, its file, and finds it in its lists.
async fn sees(s: &Session, r: &Req, fid: i64) {
    let id = r.id;
    let (st, v) = s.get_json(&format!("/api/v1/requests/{id}")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(page(s, &format!("/requests/{id}")).await.0, StatusCode::OK);
    assert!(ids(s, "/api/v1/requests").await.contains(&id));
    assert!(page(s, "/requests").await.1.contains(&r.text));
    let (st, _) = s.get_bytes(&format!("/requests/files/{fid}")).await;
    assert_eq!(st, StatusCode::OK);
}

/// The caller has lost the request everywhere: answered as missing, absent from every list,
/// and nothing may be written to it.
async fn lost(s: &Session, r: &Req, fid: i64) {
    let id = r.id;
    let (st, v) = s.get_json(&format!("/api/v1/requests/{id}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND, "detail: {v}");
    let (st, _) = page(s, &format!("/requests/{id}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND, "page");
    assert!(!ids(s, "/api/v1/requests").await.contains(&id), "list");
    let (st, html) = page(s, "/requests").await;
    assert_eq!(st, StatusCode::OK);
    assert!(!html.contains(&r.text), "list page");
    let sup = ids(s, "/api/v1/requests/supervision?finished=true").await;
    assert!(!sup.contains(&id), "supervision");
    let (st, html) = page(s, "/supervision?finished=true").await;
    assert_eq!(st, StatusCode::OK);
    assert!(!html.contains(&r.text), "supervision page");
    let (st, v) = s.get_json(&format!("/api/v1/requests/{id}/units")).await;
    assert_eq!(st, StatusCode::NOT_FOUND, "units: {v}");
    let (st, _) = s.get_bytes(&format!("/requests/files/{fid}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND, "file");
    let (st, v) = s
        .upload(&format!("/api/v1/requests/{id}/files"), "再传.png", PNG)
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND, "upload: {v}");
    let (st, v) = s
        .post(
            &format!("/api/v1/requests/{id}/actions"),
            json!({"action": "accept"}),
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND, "action: {v}");
}

#[tokio::test]
async fn a_request_sent_back_leaves_its_handler() {
    let app = spawn().await;
    let w = world(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let handler = app.login("handler", PASSWORD).await;

    for accepted in [false, true] {
        let r = new_request(&alice, w.s.a1, &format!("井盖缺失需要补装 {accepted}")).await;
        let v = ok(
            &alice,
            r.id,
            json!({"action": "dispatch", "node_id": w.dept}),
        )
        .await;
        // Overdue and carded: on the handler's supervision list.
        let due = v["step_due_at"].as_i64().unwrap();
        app.store().raise_cards_at(due + 60_000).await.unwrap();
        if accepted {
            ok(&handler, r.id, json!({"action": "accept"})).await;
        }
        let fid = attach(&handler, r.id).await;
        sees(&handler, &r, fid).await;
        let sup = ids(&handler, "/api/v1/requests/supervision").await;
        assert!(sup.contains(&r.id), "{sup:?}");
        let (st, _) = handler
            .get_json(&format!("/api/v1/requests/{}/units", r.id))
            .await;
        assert_eq!(st, StatusCode::OK, "the handler may transfer");

        let v = ok(
            &handler,
            r.id,
            json!({"action": "send_back", "reason": "不属本单位职责"}),
        )
        .await;
        assert_eq!(v["state"], "received");
        assert!(v["handling_node_id"].is_null());
        lost(&handler, &r, fid).await;
        // The dispatching park keeps it, with the file.
        sees(&alice, &r, fid).await;
    }
}

#[tokio::test]
async fn a_transferred_request_leaves_its_handler() {
    let app = spawn().await;
    let w = world(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let handler = app.login("handler", PASSWORD).await;
    let handler2 = app.login("handler2", PASSWORD).await;

    // By the dispatcher, then by the handler himself.
    for (n, by) in [(1, &alice), (2, &handler)] {
        let r = new_request(&alice, w.s.a1, &format!("路灯不亮影响出行 {n}")).await;
        ok(
            &alice,
            r.id,
            json!({"action": "dispatch", "node_id": w.dept}),
        )
        .await;
        ok(&handler, r.id, json!({"action": "accept"})).await;
        let fid = attach(&handler, r.id).await;
        sees(&handler, &r, fid).await;
        ok(
            by,
            r.id,
            json!({"action": "transfer", "node_id": w.dept2, "reason": "属住建局职责"}),
        )
        .await;
        lost(&handler, &r, fid).await;
        sees(&handler2, &r, fid).await;
    }
}

#[tokio::test]
async fn a_request_dispatched_again_goes_to_the_new_unit_only() {
    let app = spawn().await;
    let w = world(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let handler = app.login("handler", PASSWORD).await;
    let handler2 = app.login("handler2", PASSWORD).await;

    let r = new_request(&alice, w.s.a1, "绿化带杂草丛生无人修剪").await;
    ok(
        &alice,
        r.id,
        json!({"action": "dispatch", "node_id": w.dept}),
    )
    .await;
    let fid = attach(&handler, r.id).await;
    ok(
        &handler,
        r.id,
        json!({"action": "send_back", "reason": "请派住建局"}),
    )
    .await;
    ok(
        &alice,
        r.id,
        json!({"action": "dispatch", "node_id": w.dept2}),
    )
    .await;
    lost(&handler, &r, fid).await;
    sees(&handler2, &r, fid).await;
    // Back again and to the first unit: the roles swap.
    ok(
        &handler2,
        r.id,
        json!({"action": "send_back", "reason": "仍属城管局"}),
    )
    .await;
    lost(&handler2, &r, fid).await;
    ok(
        &alice,
        r.id,
        json!({"action": "dispatch", "node_id": w.dept}),
    )
    .await;
    sees(&handler, &r, fid).await;
    lost(&handler2, &r, fid).await;
}

#[tokio::test]
async fn a_reopened_request_leaves_the_unit_that_closed_it() {
    let app = spawn().await;
    let w = world(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let handler = app.login("handler", PASSWORD).await;

    // Reopened by the centre, and by a 不满意 rating within the window.
    let reopen = json!({"action": "reopen", "reason": "群众反映仍未解决"});
    let rate = json!({"action": "rate", "rating": "dissatisfied"});
    for (n, how) in [(1, reopen), (2, rate)] {
        let r = new_request(&alice, w.s.a1, &format!("垃圾堆积多日无人清运 {n}")).await;
        ok(
            &alice,
            r.id,
            json!({"action": "dispatch", "node_id": w.dept}),
        )
        .await;
        ok(&handler, r.id, json!({"action": "accept"})).await;
        let fid = attach(&handler, r.id).await;
        ok(
            &handler,
            r.id,
            json!({"action": "reply", "result": "已清运完毕"}),
        )
        .await;
        ok(&alice, r.id, json!({"action": "close", "solved": true})).await;
        sees(&handler, &r, fid).await;
        let (st, _) = handler
            .get_json(&format!("/api/v1/requests/{}/units", r.id))
            .await;
        assert_eq!(st, StatusCode::FORBIDDEN, "a closed request moves nowhere");

        let v = ok(&alice, r.id, how).await;
        assert_eq!(v["state"], "received", "{v}");
        assert_eq!(v["round"], 2);
        lost(&handler, &r, fid).await;
    }
}

#[tokio::test]
async fn a_withdrawn_request_drops_a_handling_path_left_behind() {
    let app = spawn().await;
    let w = world(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let handler = app.login("handler", PASSWORD).await;

    let r = new_request(&alice, w.s.a1, "楼道堆放杂物存在隐患").await;
    ok(
        &alice,
        r.id,
        json!({"action": "dispatch", "node_id": w.dept}),
    )
    .await;
    let fid = attach(&handler, r.id).await;
    ok(
        &handler,
        r.id,
        json!({"action": "send_back", "reason": "不属本单位职责"}),
    )
    .await;
    lost(&handler, &r, fid).await;
    // A row sent back before the path followed the unit kept the department's path.
    let conn = app.store().raw_connection();
    stale_path(conn, &w, r.id, &[]).await;
    let (st, _) = handler
        .get_json(&format!("/api/v1/requests/{}", r.id))
        .await;
    assert_eq!(st, StatusCode::OK, "the stale path grants reach");

    ok(&alice, r.id, json!({"action": "withdraw"})).await;
    lost(&handler, &r, fid).await;
    let (st, d) = alice.get_json(&format!("/api/v1/requests/{}", r.id)).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(d["request"]["state"], "withdrawn");

    // Paths left behind on requests nobody acts on again are mended at the upgrade.
    let r = new_request(&alice, w.s.a1, "健身器材损坏需要更换").await;
    ok(
        &alice,
        r.id,
        json!({"action": "dispatch", "node_id": w.dept}),
    )
    .await;
    let fid = attach(&handler, r.id).await;
    ok(
        &handler,
        r.id,
        json!({"action": "send_back", "reason": "不属本单位职责"}),
    )
    .await;
    stale_path(conn, &w, r.id, &[]).await;
    sees(&handler, &r, fid).await;
    let mended = touyan_storage::request::handling::mend_left_paths(conn)
        .await
        .unwrap();
    assert_eq!(mended, 1);
    lost(&handler, &r, fid).await;
    sees(&alice, &r, fid).await;

    // A database that had not yet applied the migration gets the repair that follows it when
    // a server starts over it.
    let r = new_request(&alice, w.s.a1, "路灯不亮需要维修").await;
    ok(
        &alice,
        r.id,
        json!({"action": "dispatch", "node_id": w.dept}),
    )
    .await;
    let fid = attach(&handler, r.id).await;
    ok(
        &handler,
        r.id,
        json!({"action": "send_back", "reason": "不属本单位职责"}),
    )
    .await;
    let forget = "DELETE FROM seaql_migrations WHERE version = 'm0011_request_handling_path'";
    stale_path(conn, &w, r.id, &[forget]).await;
    sees(&handler, &r, fid).await;
    let second = touyan_storage::Store::connect(&app.database_url)
        .await
        .unwrap();
    second.migrate().await.unwrap();
    lost(&handler, &r, fid).await;
    sees(&alice, &r, fid).await;

    // A start that stopped after the migration and before its repair: the repair on demand
    // (`touyan migrate --repair`) mends the path all the same.
    stale_path(conn, &w, r.id, &[]).await;
    sees(&handler, &r, fid).await;
    second.migrate().await.unwrap();
    sees(&handler, &r, fid).await;
    assert_eq!(second.repair().await.unwrap(), 6);
    lost(&handler, &r, fid).await;
    sees(&alice, &r, fid).await;
}

/// `/units` lists the places to send a request only to whoever may send it there now.
#[tokio::test]
async fn units_answer_only_to_whoever_may_dispatch_or_transfer() {
    let app = spawn().await;
    let w = world(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let handler = app.login("handler", PASSWORD).await;

    let r = new_request(&alice, w.s.a1, "小区门口道路破损").await;
    let units = |id: i64| format!("/api/v1/requests/{id}/units");
    let (st, v) = alice.get_json(&units(r.id)).await;
    assert_eq!(st, StatusCode::OK, "the dispatcher: {v}");
    assert!(v.as_array().unwrap().iter().any(|u| u["id"] == w.dept2));
    let (st, v) = reader.get_json(&units(r.id)).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "a reader: {v}");
    assert_eq!(v["error"]["code"], "forbidden");
    assert_eq!(bob.get_json(&units(r.id)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        handler.get_json(&units(r.id)).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        alice.get_json(&units(999_999)).await.0,
        StatusCode::NOT_FOUND
    );

    ok(
        &alice,
        r.id,
        json!({"action": "dispatch", "node_id": w.dept}),
    )
    .await;
    assert_eq!(handler.get_json(&units(r.id)).await.0, StatusCode::OK);
    assert_eq!(reader.get_json(&units(r.id)).await.0, StatusCode::FORBIDDEN);
    ok(&handler, r.id, json!({"action": "accept"})).await;
    ok(
        &handler,
        r.id,
        json!({"action": "reply", "result": "已修补"}),
    )
    .await;
    // Replied: nobody may move it now.
    for s in [&alice, &handler] {
        assert_eq!(s.get_json(&units(r.id)).await.0, StatusCode::FORBIDDEN);
    }
}

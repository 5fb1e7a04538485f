//! Service requests on the staff side: categories, intake, the whole loop from dispatch to
//! closing, send-back, transfer, extensions, reopening, refused transitions, attachments,
//! supervision cards raised by the job, scope, masking, export and the pages.

use crate::common::*;
use crate::orgs::xlsx_rows;
use reqwest::StatusCode;
use serde_json::{json, Value};
use touyan_domain::request::workflow::extend_due;
use touyan_storage::request::{from_local, to_local};

/// The smallest file the upload check takes as a PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-request-evidence";

/// The siblings, a department (城管局) and a second one (住建局) under the district, each with
/// a 承办员.
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

fn intake(node: i64, description: &str) -> Value {
    json!({"channel": "window", "category": "environment", "node_id": node,
           "address": "甲园区 3 号楼", "description": description,
           "contact_name": "张三", "contact_phone": "13812345678"})
}

async fn act(s: &Session, id: i64, body: Value) -> (StatusCode, Value) {
    s.post(&format!("/api/v1/requests/{id}/actions"), body)
        .await
}

/// Takes an action that must succeed; answers the request.
async fn ok(s: &Session, id: i64, body: Value) -> Value {
    let (st, v) = act(s, id, body.clone()).await;
    assert_eq!(st, StatusCode::OK, "{body}: {v}");
    v
}

async fn new_request(s: &Session, node: i64, description: &str) -> i64 {
    let (st, v) = s.post("/api/v1/requests", intake(node, description)).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    v["id"].as_i64().unwrap()
}

fn actions(d: &Value) -> Vec<String> {
    d["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn categories_are_read_by_all_and_kept_by_managers() {
    let app = spawn().await;
    let w = world(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;

    let (st, v) = alice.get_json("/api/v1/request-categories").await;
    assert_eq!(st, StatusCode::OK);
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["code"] == "environment" && c["name_zh"] == "环境卫生"));

    let body = json!({"code": "water", "name_zh": "供水供暖", "default_node_id": w.dept,
                      "accept_within_hours": 4, "reply_within_days": 5, "follow_up_within_days": 3});
    let (st, v) = alice.post("/api/v1/request-categories", body.clone()).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "org_admin is not global: {v}");
    let (st, v) = admin.post("/api/v1/request-categories", body.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(
        v["name_en"], "供水供暖",
        "English name defaults to the Chinese"
    );
    assert_eq!(v["default_node_name"], "城管局");
    assert_eq!(v["reopen_window_days"], 7);
    assert!(v["red_after_work_hours"].is_null());
    let (st, v) = admin.post("/api/v1/request-categories", body).await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["fields"]["code"], "该编码已被使用");

    let (st, v) = admin
        .post(
            "/api/v1/request-categories",
            json!({"code": "Bad-Code", "name_zh": "", "accept_within_hours": 0,
                   "reply_within_days": 91, "follow_up_within_days": 3}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let f = &v["error"]["fields"];
    assert!(f["code"].as_str().unwrap().contains("小写字母"), "{v}");
    assert_eq!(f["name_zh"], "必填");
    assert_eq!(f["accept_within_hours"], "接单时限须为 1–240 个工作小时");
    assert_eq!(f["reply_within_days"], "答复时限须为 1–90 个工作日");

    let (st, v) = admin
        .patch(
            "/api/v1/request-categories/water",
            json!({"red_after_work_hours": 8, "active": false, "default_node_id": null}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["red_after_work_hours"], 8);
    assert_eq!(v["active"], false);
    assert!(v["default_node_id"].is_null());
    assert_eq!(v["accept_within_hours"], 4, "absent fields kept");
    let (st, v) = admin
        .patch(
            "/api/v1/request-categories/water",
            json!({"reopen_window_days": 400}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        v["error"]["fields"]["reopen_window_days"],
        "重启期限须为 0–365 天"
    );
    let (st, _) = admin
        .patch(
            "/api/v1/request-categories/nothing",
            json!({"active": true}),
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = alice
        .patch("/api/v1/request-categories/water", json!({"active": true}))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // An inactive category takes no new requests.
    let mut body = intake(w.s.a1, "自来水管破裂漏水");
    body["category"] = json!("water");
    let (st, v) = alice.post("/api/v1/requests", body).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["category"].is_string());

    // The page: everyone reads, the manager gets the forms.
    let r = alice.get("/request-categories").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("供水供暖") && !html.contains("data-testid=\"category-new\""));
    let r = admin
        .form(
            "/request-categories",
            &[
                ("code", "elder_care"),
                ("name_zh", "养老助残"),
                ("accept_within_hours", "8"),
                ("reply_within_days", "5"),
                ("follow_up_within_days", "3"),
                ("reopen_window_days", "7"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = admin
        .form(
            "/request-categories/elder_care",
            &[
                ("name_zh", "养老助残"),
                ("accept_within_hours", "500"),
                ("reply_within_days", "5"),
                ("follow_up_within_days", "3"),
                ("reopen_window_days", "7"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("接单时限须为 1–240 个工作小时"));
}

#[tokio::test]
async fn staff_intake_checks_channel_and_fields() {
    let app = spawn().await;
    let w = world(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;

    for ch in ["hotline", "public_form"] {
        let mut body = intake(w.s.a1, "小区门口垃圾堆积多日");
        body["channel"] = json!(ch);
        let (st, v) = alice.post("/api/v1/requests", body).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{ch}: {v}");
        assert!(
            v["error"]["fields"]["channel"]
                .as_str()
                .unwrap()
                .contains("12345"),
            "{v}"
        );
    }
    let (st, v) = alice
        .post(
            "/api/v1/requests",
            json!({"channel": "window", "category": "environment", "node_id": w.s.a1,
                   "description": "短", "contact_name": "", "contact_phone": "12345"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let f = &v["error"]["fields"];
    assert_eq!(f["description"], "至少 5 个字");
    assert_eq!(f["contact_name"], "必填");
    assert!(f["contact_phone"].as_str().unwrap().contains("手机号码"));
    assert_eq!(v["error"]["message"], "提交的内容有误，请检查标出的字段。");

    // Patrol findings (未诉先办) name nobody; enterprise orders name the enterprise.
    let (st, v) = alice
        .post(
            "/api/v1/requests",
            json!({"channel": "patrol", "category": "municipal", "node_id": w.s.a1,
                   "description": "路灯不亮已有三天"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert!(v["contact_phone"].is_null());
    let (st, v) = alice
        .post(
            "/api/v1/requests",
            json!({"channel": "enterprise", "category": "enterprise", "node_id": w.s.a,
                   "description": "企业用工招聘需要对接", "contact_name": "李四",
                   "contact_phone": "0536-8234567"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["fields"]["enterprise_name"], "必填");

    // Outside the caller's area: answered as a missing node.
    let (st, v) = bob
        .post("/api/v1/requests", intake(w.s.a1, "小区门口垃圾堆积多日"))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["error"]["fields"]["node_id"].is_string());
}

#[tokio::test]
async fn the_whole_loop_with_extension_send_back_transfer_and_reopen() {
    let app = spawn().await;
    let w = world(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let handler = app.login("handler", PASSWORD).await;
    let handler2 = app.login("handler2", PASSWORD).await;

    let id = new_request(&alice, w.s.a1, "小区门口垃圾堆积多日无人清运").await;
    let (_, d) = alice.get_json(&format!("/api/v1/requests/{id}")).await;
    assert_eq!(d["request"]["state"], "received");
    assert_eq!(
        d["request"]["dispatcher_node_id"], w.s.a,
        "the park dispatches (园区派单)"
    );
    assert_eq!(
        d["request"]["contact_phone"], "13812345678",
        "dispatchers see contacts"
    );
    assert!(actions(&d).contains(&"dispatch".to_string()));
    let tl: Vec<&str> = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(tl, ["submit", "receive"]);

    // The department sees nothing before the dispatch.
    assert_eq!(
        handler.get_json(&format!("/api/v1/requests/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    // The units offered: the departments under the district.
    let (_, units) = alice
        .get_json(&format!("/api/v1/requests/{id}/units"))
        .await;
    let names: Vec<&str> = units
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"城管局") && names.contains(&"住建局"),
        "{units}"
    );

    let (st, v) = act(&alice, id, json!({"action": "dispatch"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["fields"]["node_id"], "须选择承办单位");
    let v = ok(
        &alice,
        id,
        json!({"action": "dispatch", "node_id": w.dept, "reason": "请尽快处理"}),
    )
    .await;
    assert_eq!(v["state"], "dispatched");
    assert_eq!(v["step"], "accept");
    assert!(v["step_due_at"].is_i64());

    // The handler sees it, contacts masked, and cannot dispatch.
    let (st, d) = handler.get_json(&format!("/api/v1/requests/{id}")).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(d["request"]["contact_phone"], "138****5678");
    assert_eq!(d["request"]["contact_name"], "张*");
    assert_eq!(actions(&d), ["accept", "send_back", "transfer"]);
    let (st, v) = act(
        &handler,
        id,
        json!({"action": "dispatch", "node_id": w.dept2}),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["code"], "refused");
    assert_eq!(v["error"]["message"], "您的身份不能进行此操作。");
    let (st, v) = act(&handler, id, json!({"action": "reply", "result": "已清运"})).await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert_eq!(v["error"]["message"], "当前状态下不能进行此操作。");

    let v = ok(&handler, id, json!({"action": "accept"})).await;
    assert_eq!(v["state"], "accepted");
    assert_eq!(v["step"], "reply");
    let due = v["step_due_at"].as_i64().unwrap();

    // Extension asked and approved: the reply is due n working days later (extend_due).
    let (st, v) = act(
        &handler,
        id,
        json!({"action": "request_extension", "days": 31, "reason": "需协调"}),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["fields"]["days"], "延期须为 1–30 个工作日");
    let v = ok(
        &handler,
        id,
        json!({"action": "request_extension", "days": 3, "reason": "需协调环卫车辆"}),
    )
    .await;
    assert_eq!(v["pending_extension_days"], 3);
    let (st, v) = act(
        &handler,
        id,
        json!({"action": "request_extension", "days": "2", "reason": "再延"}),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert_eq!(
        v["error"]["message"],
        "已有一项延期申请待审批，审批后才能再次申请。"
    );
    let v = ok(&alice, id, json!({"action": "approve_extension"})).await;
    assert!(v["pending_extension_days"].is_null());
    let (cal, hours) = app
        .store()
        .scoped(&touyan_storage::Actor::system())
        .calendar()
        .load()
        .await
        .unwrap();
    let expected = from_local(extend_due(to_local(due), 3, &cal, &hours));
    assert_eq!(v["step_due_at"].as_i64().unwrap(), expected);
    assert!(expected > due);

    // Asked again and refused: the due time stays.
    ok(
        &handler,
        id,
        json!({"action": "request_extension", "days": "2", "reason": "天气原因"}),
    )
    .await;
    let (st, v) = act(&alice, id, json!({"action": "refuse_extension"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["fields"]["reason"], "必填");
    let v = ok(
        &alice,
        id,
        json!({"action": "refuse_extension", "reason": "时限内可以完成"}),
    )
    .await;
    assert!(v["pending_extension_days"].is_null());
    assert_eq!(v["step_due_at"].as_i64().unwrap(), expected);
    let (st, v) = act(
        &alice,
        id,
        json!({"action": "refuse_extension", "reason": "无"}),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert_eq!(v["error"]["message"], "没有待审批的延期申请。");

    // Evidence: the handler attaches a photo and cites it; another id is refused.
    let (st, f) = handler
        .upload(&format!("/api/v1/requests/{id}/files"), "清运后.png", PNG)
        .await;
    assert_eq!(st, StatusCode::CREATED, "{f}");
    let fid = f["id"].as_i64().unwrap();
    let (st, v) = handler
        .upload(
            &format!("/api/v1/requests/{id}/files"),
            "x.exe",
            b"MZ\x90\0",
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = act(
        &handler,
        id,
        json!({"action": "reply", "result": "已清运", "evidence": [fid + 1000]}),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["fields"]["evidence"], "佐证材料须为本诉求的附件");
    let v = ok(
        &handler,
        id,
        json!({"action": "reply", "result": "已安排环卫车辆清运完毕", "evidence": [fid]}),
    )
    .await;
    assert_eq!(v["state"], "replied");
    assert!(v["follow_up_due_at"].is_i64());
    let (st, bytes) = alice.get_bytes(&format!("/requests/files/{fid}")).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(bytes, PNG);

    // Follow-up (回访) with a rating, then closing.
    let (st, v) = act(&alice, id, json!({"action": "close"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["fields"]["solved"], "必填");
    let v = ok(
        &alice,
        id,
        json!({"action": "follow_up", "answer": "群众表示已清理干净", "rating": "satisfied"}),
    )
    .await;
    assert_eq!(v["state"], "replied");
    assert_eq!(v["rating"], "satisfied");
    assert!(v["follow_up_due_at"].is_null());
    let v = ok(
        &alice,
        id,
        json!({"action": "close", "solved": true, "reason": "办结"}),
    )
    .await;
    assert_eq!(v["state"], "closed");
    assert_eq!(v["category_of_state"], "closed");
    assert_eq!(v["solved"], true);
    let (st, v) = act(&handler, id, json!({"action": "accept"})).await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert_eq!(v["error"]["message"], "当前状态下不能进行此操作。");
    let (st, _) = act(&handler, id, json!({"action": "reopen", "reason": "x"})).await;
    assert_eq!(st, StatusCode::CONFLICT, "only the centre reopens");

    let (_, d) = alice.get_json(&format!("/api/v1/requests/{id}")).await;
    let tl: Vec<&str> = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        tl,
        [
            "submit",
            "receive",
            "dispatch",
            "accept",
            "request_extension",
            "approve_extension",
            "request_extension",
            "refuse_extension",
            "reply",
            "follow_up",
            "close"
        ]
    );
    let reply = &d["events"].as_array().unwrap()[8];
    assert_eq!(reply["actor_name"], "handler");
    assert_eq!(reply["role"], "handler");
    assert_eq!(reply["detail"]["evidence"], json!([fid]));

    // Reopened by the dispatcher: a new round from 已受理待派单.
    let v = ok(
        &alice,
        id,
        json!({"action": "reopen", "reason": "群众反映又有堆积"}),
    )
    .await;
    assert_eq!(v["state"], "received");
    assert_eq!(v["round"], 2);
    assert!(v["handling_node_id"].is_null());

    // Sent back by the department: back to 已受理待派单.
    ok(&alice, id, json!({"action": "dispatch", "node_id": w.dept})).await;
    let (st, v) = act(&handler, id, json!({"action": "send_back"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["fields"]["reason"], "必填");
    let v = ok(
        &handler,
        id,
        json!({"action": "send_back", "reason": "不属于本部门职责"}),
    )
    .await;
    assert_eq!(v["state"], "received");
    assert!(v["handling_node_id"].is_null());
    assert!(v["step"].is_null());

    // Transferred by the department to another one.
    ok(&alice, id, json!({"action": "dispatch", "node_id": w.dept})).await;
    let (st, v) = act(
        &handler,
        id,
        json!({"action": "transfer", "node_id": w.dept, "reason": "转"}),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert_eq!(v["error"]["message"], "转办须转给其他单位。");
    let (st, v) = act(
        &handler,
        id,
        json!({"action": "transfer", "node_id": w.s.b1, "reason": "转"}),
    )
    .await;
    assert_eq!(
        st,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a grid of another park is not a unit of the chain: {v}"
    );
    let v = ok(
        &handler,
        id,
        json!({"action": "transfer", "node_id": w.dept2, "reason": "属住建局职责"}),
    )
    .await;
    assert_eq!(v["state"], "dispatched");
    assert_eq!(v["handling_node_id"], w.dept2);
    assert_eq!(v["handling_node_name"], "住建局");
    assert_eq!(
        handler.get_json(&format!("/api/v1/requests/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (st, d) = handler2.get_json(&format!("/api/v1/requests/{id}")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(actions(&d).contains(&"accept".to_string()));
    ok(
        &handler2,
        id,
        json!({"action": "accept", "reason": "已接单"}),
    )
    .await;

    // Filters.
    let (_, p) = alice.get_json("/api/v1/requests?state=accepted").await;
    assert_eq!(p["total"], 1);
    let (_, p) = alice.get_json("/api/v1/requests?state=closed").await;
    assert_eq!(p["total"], 0);
    let (_, p) = alice
        .get_json("/api/v1/requests?state=open&category=environment&channel=window")
        .await;
    assert_eq!(p["total"], 1);
    let (_, p) = alice.get_json("/api/v1/requests?q=垃圾堆积").await;
    assert_eq!(p["total"], 1);
    let today = today().to_string();
    let (_, p) = alice
        .get_json(&format!("/api/v1/requests?from={today}&to={today}"))
        .await;
    assert_eq!(p["total"], 1);
    let (_, p) = alice.get_json("/api/v1/requests?to=2000-01-01").await;
    assert_eq!(p["total"], 0);
    let (_, p) = alice
        .get_json(&format!("/api/v1/requests?under={}", w.s.a1))
        .await;
    assert_eq!(p["total"], 1);
    let (_, p) = handler2
        .get_json(&format!("/api/v1/requests?under={}", w.dept2))
        .await;
    assert_eq!(p["total"], 1);
    let (st, v) = alice
        .get_json("/api/v1/requests?state=nope&from=2026-13-01&card=blue")
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let f = &v["error"]["fields"];
    assert!(
        f["state"].is_string() && f["from"].is_string() && f["card"].is_string(),
        "{v}"
    );
}

#[tokio::test]
async fn scope_masking_and_export() {
    let app = spawn().await;
    let w = world(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let handler = app.login("handler", PASSWORD).await;

    let id = new_request(&alice, w.s.a1, "甲园区道路破损需要修补").await;
    let theirs = new_request(&bob, w.s.b1, "乙园区路灯损坏需要维修").await;
    ok(&alice, id, json!({"action": "dispatch", "node_id": w.dept})).await;

    // Bob: none of A's requests, anywhere.
    let (_, p) = bob.get_json("/api/v1/requests").await;
    assert_eq!(p["total"], 1);
    assert_eq!(p["items"][0]["id"], theirs);
    assert_eq!(
        bob.get_json(&format!("/api/v1/requests/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (st, v) = act(&bob, id, json!({"action": "withdraw"})).await;
    assert_eq!(st, StatusCode::NOT_FOUND, "{v}");
    let (st, _) = bob
        .upload(&format!("/api/v1/requests/{id}/files"), "a.png", PNG)
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(
        bob.get(&format!("/requests/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let (st, _) = bob
        .get_json(&format!("/api/v1/requests?under={}", w.s.a))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, bytes) = bob.get_bytes("/api/v1/requests/export.xlsx").await;
    assert_eq!(st, StatusCode::OK);
    let rows = xlsx_rows(&bytes);
    assert_eq!(rows.len(), 2, "header and bob's one request");
    assert!(rows
        .iter()
        .all(|r| !r.iter().any(|c| c.contains("甲园区道路"))));
    assert_eq!(rows[0][0], "跟踪码");

    // The reader sees but cannot act.
    let (st, d) = reader.get_json(&format!("/api/v1/requests/{id}")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(actions(&d).is_empty());
    assert_eq!(d["request"]["contact_phone"], "138****5678");
    let (st, v) = act(&reader, id, json!({"action": "withdraw"})).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{v}");
    let (st, _) = reader
        .upload(&format!("/api/v1/requests/{id}/files"), "a.png", PNG)
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = reader
        .post("/api/v1/requests", intake(w.s.a1, "读者不能登记诉求"))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // Exports: full contacts for the dispatcher, masked for the handler.
    let (_, bytes) = alice
        .get_bytes("/api/v1/requests/export.xlsx?state=dispatched")
        .await;
    let rows = xlsx_rows(&bytes);
    assert_eq!(rows.len(), 2);
    let phone = rows[0].iter().position(|h| h == "联系电话").unwrap();
    assert_eq!(rows[1][phone], "13812345678");
    assert!(rows[1].iter().any(|c| c == "已派单待接单"));
    let (_, bytes) = handler.get_bytes("/api/v1/requests/export.xlsx").await;
    let rows = xlsx_rows(&bytes);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][phone], "138****5678");
    let (st, _) = alice
        .get_bytes("/api/v1/requests/export.xlsx?from=bad")
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn supervision_cards_yellow_then_red_once() {
    let app = spawn().await;
    let w = world(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let handler = app.login("handler", PASSWORD).await;

    let id = new_request(&alice, w.s.a1, "井盖缺失存在安全隐患").await;
    let v = ok(&alice, id, json!({"action": "dispatch", "node_id": w.dept})).await;
    let due = v["step_due_at"].as_i64().unwrap();
    let store = app.store();

    // Just past the acceptance limit: a yellow card.
    assert_eq!(
        store.raise_cards_at(due).await.unwrap(),
        0,
        "not overdue at the due time"
    );
    assert_eq!(store.raise_cards_at(due + 60_000).await.unwrap(), 1);
    let (_, d) = alice.get_json(&format!("/api/v1/requests/{id}")).await;
    assert_eq!(d["request"]["card"], "yellow");
    let cards = d["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0]["colour"], "yellow");
    assert_eq!(cards[0]["step"], "accept");
    assert_eq!(cards[0]["due_at"], due);

    // Long after: red, once; again and after a restart, nothing new.
    let later = due + 400 * 24 * 3_600_000;
    assert_eq!(store.raise_cards_at(later).await.unwrap(), 1);
    assert_eq!(store.raise_cards_at(later).await.unwrap(), 0);
    let fresh = touyan_storage::Store::connect(&app.database_url)
        .await
        .unwrap();
    assert_eq!(fresh.raise_cards_at(later).await.unwrap(), 0);
    let (_, d) = alice.get_json(&format!("/api/v1/requests/{id}")).await;
    assert_eq!(d["request"]["card"], "red");
    let colours: Vec<&str> = d["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["colour"].as_str().unwrap())
        .collect();
    assert_eq!(colours, ["yellow", "red"]);

    // The supervision list: the dispatching park and the handling unit see it, bob does not.
    for s in [&alice, &handler] {
        let (st, p) = s.get_json("/api/v1/requests/supervision").await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(p["total"], 1, "{p}");
        assert_eq!(p["items"][0]["request"]["id"], id);
        assert_eq!(p["items"][0]["card"]["colour"], "red");
    }
    let (_, p) = bob.get_json("/api/v1/requests/supervision").await;
    assert_eq!(p["total"], 0);
    let (_, p) = alice.get_json("/api/v1/requests?card=red").await;
    assert_eq!(p["total"], 1);
    let (_, p) = bob.get_json("/api/v1/requests?card=yellow").await;
    assert_eq!(p["total"], 0);

    // Accepting ends the step; the cards stay on the record and on the list.
    ok(&handler, id, json!({"action": "accept"})).await;
    let (_, d) = alice.get_json(&format!("/api/v1/requests/{id}")).await;
    assert_eq!(d["cards"].as_array().unwrap().len(), 2);
    let r = alice.get("/supervision").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("红牌"));
}

#[tokio::test]
async fn pages_list_intake_detail_and_actions() {
    let app = spawn().await;
    let w = world(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let handler = app.login("handler", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;

    let r = alice.get("/requests/new").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("窗口帮办"));
    assert_eq!(
        reader.get("/requests/new").await.status(),
        StatusCode::FORBIDDEN
    );

    // A bad form comes back with the errors beside the fields, in Chinese.
    let a1 = w.s.a1.to_string();
    let r = alice
        .form(
            "/requests",
            &[
                ("channel", "window"),
                ("category", "environment"),
                ("node_id", &a1),
                ("description", "短"),
                ("contact_name", "王五"),
                ("contact_phone", "138"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("至少 5 个字") && html.contains("王五"));

    let r = alice
        .form(
            "/requests",
            &[
                ("channel", "doorstep"),
                ("category", "elderly"),
                ("node_id", &a1),
                ("description", "独居老人需要上门代办医保"),
                ("contact_name", "王五"),
                ("contact_phone", "13912345678"),
                ("urgency", "urgent"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = loc
        .trim_start_matches("/requests/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    let r = alice.get("/requests").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("独居老人") && html.contains("已受理待派单") && html.contains("紧急"));
    let r = alice.get("/requests?state=closed").await;
    assert!(!r.text().await.unwrap().contains("独居老人"));
    assert_eq!(
        alice.get("/requests?from=2026-99-01").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let r = alice.get(&loc).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("诉求已登记受理")
            && html.contains("13912345678")
            && html.contains("data-testid=\"act-dispatch\"")
    );
    assert!(html.contains("城管局"), "the department is offered");

    let dept = w.dept.to_string();
    let r = alice
        .form(
            &format!("/requests/{id}/act"),
            &[("action", "dispatch"), ("unit_id", &dept)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The handler's page: masked contact, accept form; a refused action shows the rule.
    let r = handler.get(&format!("/requests/{id}")).await;
    let html = r.text().await.unwrap();
    assert!(html.contains("139****5678") && !html.contains("13912345678"));
    assert!(
        html.contains("data-testid=\"act-accept\"")
            && !html.contains("data-testid=\"act-dispatch\"")
    );
    let r = handler
        .form(
            &format!("/requests/{id}/act"),
            &[("action", "close"), ("solved", "yes")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("您的身份不能进行此操作。"));
    let r = handler
        .form(&format!("/requests/{id}/act"), &[("action", "accept")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = handler
        .form(
            &format!("/requests/{id}/act"),
            &[("action", "request_extension"), ("days", "40")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("延期须为 1–30 个工作日") && html.contains("必填"));

    // Reply with a new evidence file in the same form.
    let boundary = "rq-test-boundary";
    let mut body = Vec::new();
    for (k, v) in [
        ("_csrf", handler.csrf.as_str()),
        ("result", "已联系社区上门办理"),
    ] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"回执.png\"\r\nContent-Type: image/png\r\n\r\n").as_bytes());
    body.extend_from_slice(PNG);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r = handler
        .c
        .post(handler.url(&format!("/requests/{id}/reply")))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, d) = alice.get_json(&format!("/api/v1/requests/{id}")).await;
    assert_eq!(d["request"]["state"], "replied");
    let files = d["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["file_name"], "回执.png");
    let reply = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "reply")
        .unwrap();
    assert_eq!(reply["detail"]["evidence"], json!([files[0]["id"]]));

    let r = alice
        .form(
            &format!("/requests/{id}/act"),
            &[
                ("action", "follow_up"),
                ("answer", "老人表示满意"),
                ("rating", "basically_satisfied"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = alice
        .form(
            &format!("/requests/{id}/act"),
            &[("action", "close"), ("solved", "yes")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = alice.get(&format!("/requests/{id}")).await;
    let html = r.text().await.unwrap();
    assert!(html.contains("已办结") && html.contains("基本满意") && html.contains("回执.png"));
    for step in ["受理", "派单", "接单", "答复", "回访", "办结"] {
        assert!(html.contains(step), "timeline shows {step}");
    }
    assert_eq!(alice.get("/supervision").await.status(), StatusCode::OK);
    assert_eq!(
        reader.get(&format!("/requests/{id}")).await.status(),
        StatusCode::OK
    );
    let r = reader.get("/").await;
    let html = r.text().await.unwrap();
    assert!(html.contains("href=\"/requests\"") && html.contains("href=\"/supervision\""));
}

/// The ids and total of a caller's list.
async fn listed(s: &Session, query: &str) -> (i64, Vec<i64>) {
    let (st, p) = s.get_json(&format!("/api/v1/requests{query}")).await;
    assert_eq!(st, StatusCode::OK, "{query}: {p}");
    let ids = p["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    (p["total"].as_i64().unwrap(), ids)
}

#[tokio::test]
async fn lists_follow_dispatch_transfer_moves_and_several_scopes() {
    let app = spawn().await;
    let w = world(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let handler = app.login("handler", PASSWORD).await;
    let handler2 = app.login("handler2", PASSWORD).await;

    let first = new_request(&alice, w.s.a1, "甲一网格井盖缺失存在隐患").await;
    let second = new_request(&alice, w.s.a1, "甲一网格路灯不亮影响出行").await;
    let theirs = new_request(&bob, w.s.b1, "乙一网格绿化带杂草丛生").await;
    assert_eq!(
        listed(&alice, "").await,
        (2, vec![second, first]),
        "newest first"
    );
    assert_eq!(listed(&handler, "").await.0, 0, "nothing dispatched yet");

    // Dispatched: the department sees it; transferred: only the second department does.
    ok(
        &alice,
        first,
        json!({"action": "dispatch", "node_id": w.dept}),
    )
    .await;
    assert_eq!(listed(&handler, "").await, (1, vec![first]));
    ok(
        &handler,
        first,
        json!({"action": "transfer", "node_id": w.dept2, "reason": "属住建局职责"}),
    )
    .await;
    assert_eq!(listed(&handler, "").await.0, 0);
    assert_eq!(listed(&handler2, "").await, (1, vec![first]));
    // The page carries the names of its three nodes.
    let (_, p) = handler2.get_json("/api/v1/requests").await;
    let item = &p["items"][0];
    assert_eq!(item["node_name"], "甲一网格");
    assert_eq!(item["dispatcher_node_name"], "甲园区");
    assert_eq!(item["handling_node_name"], "住建局");
    assert_eq!(
        listed(
            &handler2,
            &format!("?under={}&category=environment", w.dept2)
        )
        .await,
        (1, vec![first])
    );
    assert_eq!(
        listed(&handler2, "?category=no_such_category").await.0,
        0,
        "the category narrows the reach rows"
    );
    // A sibling never sees them, whatever it asks for.
    assert_eq!(listed(&bob, "").await, (1, vec![theirs]));
    let (st, _) = bob
        .get_json(&format!("/api/v1/requests?under={}", w.s.a1))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // Several scopes: a reader of both parks sees each request once.
    let both = admin.create_user("both", Some(w.s.a), "readonly").await;
    let readonly = admin.role_id("readonly").await;
    let (st, v) = admin
        .post(
            "/api/v1/assignments",
            json!({"user_id": both, "role_id": readonly, "node_id": w.s.b}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let reader = app.login("both", PASSWORD).await;
    assert_eq!(listed(&reader, "").await, (3, vec![theirs, second, first]));
    assert_eq!(listed(&reader, "?category=environment").await.0, 3);
    assert_eq!(
        listed(&reader, &format!("?under={}", w.s.b)).await,
        (1, vec![theirs])
    );

    // The grid moves to park B: B's admin now sees what is located there; A still
    // dispatches the requests it took in, so alice keeps them.
    let (st, v) = admin
        .post(
            &format!("/api/v1/orgs/{}/move", w.s.a1),
            json!({"parent_id": w.s.b}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(listed(&bob, "").await, (3, vec![theirs, second, first]));
    assert_eq!(
        listed(&bob, &format!("?under={}", w.s.a1)).await,
        (2, vec![second, first])
    );
    assert_eq!(listed(&alice, "").await, (2, vec![second, first]));
    assert_eq!(
        listed(&alice, &format!("?under={}", w.s.a)).await,
        (2, vec![second, first])
    );
}

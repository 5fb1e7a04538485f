//! Work lists over HTTP: a task issued to every branch under a park, each recipient's steps
//! (receive, submit, return with a reason, submit again, accept), the rates kept at every
//! level, reminders, files, exports, scope (404 outside it, a recipient's own row alone) and
//! field errors in Chinese.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn set_due(app: &TestApp, id: i64, due: &str) {
    use sea_orm::{ConnectionTrait, Statement};
    let conn = app.store().raw_connection();
    let q = format!("UPDATE task SET due_at = '{due}' WHERE id = {id}");
    conn.execute(Statement::from_string(conn.get_database_backend(), q))
        .await
        .unwrap();
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

fn child<'a>(r: &'a Value, node: i64) -> &'a Value {
    r["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["node_id"] == node)
        .unwrap_or_else(|| panic!("{node} in {r}"))
}

#[tokio::test]
async fn a_task_goes_down_to_every_branch_and_its_rates_are_kept_at_every_level() {
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
        .create_node(Some(t.a), "甲园区第三党支部", "party_branch")
        .await;
    let other = admin
        .create_node(Some(t.b), "乙园区第一党支部", "party_branch")
        .await;
    admin.create_user("zhibu1", Some(br1), "org_admin").await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let sec1 = app.login("zhibu1", PASSWORD).await;

    // Bad input is named field by field, in Chinese.
    let (st, v) = alice
        .post(
            "/api/v1/tasks",
            json!({"node_id": t.a, "title": "", "due_at": "2020-01-01",
                   "fields": [{"label": "人数", "kind": "photo"}]}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "title"), "必填", "{v}");
    assert_eq!(field_error(&v, "due_at"), "截止时间须晚于现在", "{v}");
    assert_eq!(
        field_error(&v, "fields"),
        "反馈项类型须为文本、数字或是否",
        "{v}"
    );
    assert!(
        field_error(&v, "recipients").contains("请选择接收任务的组织"),
        "{v}"
    );
    // Another park's branch is not below the issuing node.
    let (st, v) = alice
        .post(
            "/api/v1/tasks",
            json!({"node_id": t.a, "title": "报送", "due_at": "2099-12-31", "recipients": [other]}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "recipients"),
        "接收组织须在下发组织的下级",
        "{v}"
    );
    // A reader issues nothing.
    let (st, _) = reader
        .post(
            "/api/v1/tasks",
            json!({"node_id": t.a, "title": "报送", "due_at": "2099-12-31", "recipients": [br1]}),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // Every 党支部 under the park, resolved when issued.
    let (st, d) = alice
        .post(
            "/api/v1/tasks",
            json!({"node_id": t.a, "title": "报送2027年度党员发展计划", "body": "请各支部于月底前报送",
                   "due_at": "2099-12-31 17:30", "kind": "party_branch", "under": t.a,
                   "fields": [{"label": "计划发展人数", "kind": "number"},
                              {"label": "是否已召开支委会", "kind": "yes_no"}]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let id = d["task"]["id"].as_i64().unwrap();
    assert_eq!(d["recipients"].as_array().unwrap().len(), 3, "{d}");
    assert_eq!(d["task"]["recipients"], 3);
    let (r1, r2, r3) = (
        recipient_of(&d, br1),
        recipient_of(&d, br2),
        recipient_of(&d, br3),
    );
    // The branch's secretary is told in the bell; the issuer is not told of its own task.
    let (_, bell) = sec1.get_json("/api/v1/notifications").await;
    let kinds: Vec<&str> = bell["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert_eq!(kinds, vec!["task.notice_issued"], "{bell}");
    assert!(
        bell["items"][0]["text"]
            .as_str()
            .unwrap_or("")
            .contains("报送2027年度党员发展计划"),
        "{bell}"
    );
    let (_, bell) = alice.get_json("/api/v1/notifications").await;
    assert_eq!(bell["unread"], 0, "{bell}");

    // Out of scope: 404 for the other park, on reads and on writes alike.
    for url in [
        format!("/api/v1/tasks/{id}"),
        format!("/api/v1/tasks/{id}/rates"),
        format!("/api/v1/tasks/{id}/recipients/{r1}"),
        format!("/api/v1/tasks/{id}/recipients/export.xlsx"),
    ] {
        assert_eq!(bob.get_json(&url).await.0, StatusCode::NOT_FOUND, "{url}");
    }
    let (st, _) = bob
        .post(
            &format!("/api/v1/tasks/{id}/recipients/{r1}/accept"),
            json!({}),
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob
        .post(&format!("/api/v1/tasks/{id}/remind"), json!({}))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, list) = bob.get_json("/api/v1/tasks").await;
    assert_eq!(list["total"], 0, "{list}");

    // The recipient sees its own row alone, and no rates.
    let (st, mine) = sec1.get_json(&format!("/api/v1/tasks/{id}")).await;
    assert_eq!(st, StatusCode::OK, "{mine}");
    assert_eq!(mine["recipients"].as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(mine["task"]["recipients"], Value::Null, "{mine}");
    assert_eq!(mine["task"]["my_state"], "issued", "{mine}");
    assert_eq!(
        sec1.get_json(&format!("/api/v1/tasks/{id}/recipients/{r2}"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        sec1.get_json(&format!("/api/v1/tasks/{id}/rates")).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, inbox) = sec1.get_json("/api/v1/tasks?mailbox=received").await;
    assert_eq!(inbox["total"], 1, "{inbox}");
    let (_, issued) = sec1.get_json("/api/v1/tasks?mailbox=issued").await;
    assert_eq!(issued["total"], 0, "{issued}");
    let (_, outbox) = alice.get_json("/api/v1/tasks?mailbox=issued").await;
    assert_eq!(outbox["total"], 1, "{outbox}");

    // Receive, then a feedback with bad answers, then a good one.
    let step = |r: i64, s: &str| format!("/api/v1/tasks/{id}/recipients/{r}/{s}");
    let (st, v) = sec1.post(&step(r1, "receive"), json!({})).await;
    assert_eq!(
        (st, v["state"].as_str()),
        (StatusCode::OK, Some("received"))
    );
    let (st, v) = sec1.post(&step(r1, "receive"), json!({})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "state"), "当前状态下不能进行此操作");
    let (st, v) = sec1
        .post(&step(r1, "submit"), json!({"answers": ["三个", "maybe"]}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "answer_0"), "须填写数字");
    assert_eq!(field_error(&v, "answer_1"), "须选择是或否");
    let (st, v) = sec1
        .post(
            &step(r1, "submit"),
            json!({"answers": ["3", "yes"], "note": "已报党委"}),
        )
        .await;
    assert_eq!(
        (st, v["state"].as_str()),
        (StatusCode::OK, Some("submitted")),
        "{v}"
    );
    assert_eq!(v["answers"][0]["value"], "3");
    // The recipient does not accept its own work.
    let (st, _) = sec1.post(&step(r1, "accept"), json!({})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    // The issuer returns it with a reason, then accepts it submitted again.
    let (st, v) = alice
        .post(&step(r1, "return"), json!({"reason": " "}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "reason"), "退回须填写原因");
    let (st, v) = alice
        .post(&step(r1, "return"), json!({"reason": "请附支委会记录"}))
        .await;
    assert_eq!(
        (st, v["state"].as_str()),
        (StatusCode::OK, Some("returned")),
        "{v}"
    );
    let (_, bell) = sec1.get_json("/api/v1/notifications").await;
    assert_eq!(bell["items"][0]["kind"], "task.notice_returned", "{bell}");
    let (st, v) = alice.post(&step(r1, "accept"), json!({})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = sec1
        .post(&step(r1, "submit"), json!({"answers": ["3", "yes"]}))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = alice.post(&step(r1, "accept"), json!({})).await;
    assert_eq!(
        (st, v["state"].as_str()),
        (StatusCode::OK, Some("accepted")),
        "{v}"
    );
    assert_eq!(v["late"], false);

    // Rates at the park, then drilled down to the committee.
    let (st, r) = alice.get_json(&format!("/api/v1/tasks/{id}/rates")).await;
    assert_eq!(st, StatusCode::OK, "{r}");
    assert_eq!(r["level"]["total"], 3, "{r}");
    assert_eq!(r["level"]["accepted"], 1, "{r}");
    assert_eq!(r["level"]["completion_pct"], 33, "{r}");
    assert_eq!(r["level"]["on_time_pct"], 33, "{r}");
    assert_eq!(r["level"]["overdue"], 0, "{r}");
    let c = child(&r, committee);
    assert_eq!(
        (c["total"].as_i64(), c["accepted"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(c["has_children"], true);
    assert_eq!(child(&r, br3)["completion_pct"], 0);
    let (_, r) = alice
        .get_json(&format!("/api/v1/tasks/{id}/rates?under={committee}"))
        .await;
    assert_eq!(child(&r, br1)["completion_pct"], 100, "{r}");
    assert_eq!(child(&r, br2)["completion_pct"], 0, "{r}");
    assert_eq!(r["trail"].as_array().unwrap().len(), 2, "{r}");
    let (st, _) = alice
        .get_json(&format!("/api/v1/tasks/{id}/rates?under={other}"))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // Reminders go to those still to submit.
    let (st, v) = alice
        .post(&format!("/api/v1/tasks/{id}/remind"), json!({}))
        .await;
    assert_eq!(
        (st, v["reminded"].as_u64()),
        (StatusCode::OK, Some(2)),
        "{v}"
    );
    let (_, v) = alice
        .get_json(&format!("/api/v1/tasks/{id}/recipients/{r3}"))
        .await;
    assert_eq!(v["reminders"], 1, "{v}");
    let (_, v) = alice
        .get_json(&format!("/api/v1/tasks/{id}/recipients/{r1}"))
        .await;
    assert_eq!(v["reminders"], 0, "{v}");

    // Past due: the others are overdue; one submitted now is late and not on time.
    set_due(&app, id, "2020-01-01 00:00:00").await;
    let (_, r) = alice.get_json(&format!("/api/v1/tasks/{id}/rates")).await;
    assert_eq!(r["level"]["overdue"], 2, "{r}");
    let (_, late) = alice.get_json("/api/v1/tasks?overdue=true").await;
    assert_eq!(late["total"], 1, "{late}");
    let (st, v) = alice
        .post(&step(r2, "submit"), json!({"answers": ["1"]}))
        .await;
    assert_eq!(
        (st, v["late"].as_bool()),
        (StatusCode::OK, Some(true)),
        "{v}"
    );
    alice.post(&step(r2, "accept"), json!({})).await;
    let (_, r) = alice.get_json(&format!("/api/v1/tasks/{id}/rates")).await;
    assert_eq!(
        (
            r["level"]["accepted"].as_i64(),
            r["level"]["on_time"].as_i64()
        ),
        (Some(2), Some(1)),
        "{r}"
    );
    assert_eq!(r["level"]["completion_pct"], 67, "{r}");
    let (_, v) = alice.get_json(&format!("/api/v1/tasks/{id}")).await;
    assert_eq!(v["task"]["overdue"], 1, "{v}");

    // Files: the issuer attaches, the recipient downloads, the other park cannot.
    let (st, f) = alice
        .upload(
            &format!("/api/v1/tasks/{id}/files"),
            "计划模板.txt",
            "模板".as_bytes(),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{f}");
    let file = format!("/api/v1/tasks/{id}/files/{}", f["id"]);
    assert_eq!(sec1.get_bytes(&file).await.0, StatusCode::OK);
    assert_eq!(bob.get_bytes(&file).await.0, StatusCode::NOT_FOUND);

    // Exports, audited.
    let (st, bytes) = alice.get_bytes("/api/v1/tasks/export.xlsx").await;
    assert_eq!(st, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));
    let (st, bytes) = alice
        .get_bytes(&format!("/api/v1/tasks/{id}/recipients/export.xlsx"))
        .await;
    assert_eq!(st, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));
    let (_, log) = admin.get_json("/api/v1/audit?action=export").await;
    assert!(log["total"].as_u64().unwrap() >= 2, "{log}");
    let (_, log) = admin
        .get_json("/api/v1/audit?record_type=task_recipient")
        .await;
    assert!(log["total"].as_u64().unwrap() >= 7, "{log}");
}

#[tokio::test]
async fn the_task_pages_show_the_list_the_task_and_the_feedback_form() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let br = admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    admin.create_user("zhibu1", Some(br), "org_admin").await;
    let alice = app.login("alice", PASSWORD).await;
    let sec = app.login("zhibu1", PASSWORD).await;

    // The form answers its errors beside the fields, in Chinese.
    let r = alice
        .form(
            "/tasks/new",
            &[("node_id", &t.a.to_string()), ("title", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("必填") && page.contains("请选择接收任务的组织"),
        "{page}"
    );
    let r = alice
        .form(
            "/tasks/new",
            &[
                ("node_id", &t.a.to_string()),
                ("title", "开展主题党日活动"),
                ("due_at", "2099-06-30T18:00"),
                ("recipient", &br.to_string()),
                ("label_0", "参加人数"),
                ("kind_0", "number"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = to
        .trim_start_matches("/tasks/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    let page = alice.get("/tasks").await.text().await.unwrap();
    assert!(page.contains("开展主题党日活动"), "{page}");
    let page = alice.get(&to).await.text().await.unwrap();
    assert!(
        page.contains("完成情况") && page.contains("chart-task_rates"),
        "{page}"
    );

    // The recipient's workbench lists it; its feedback page takes the answers.
    let home = sec.get("/").await.text().await.unwrap();
    assert!(home.contains("待办工作任务"), "{home}");
    let (_, d) = sec.get_json(&format!("/api/v1/tasks/{id}")).await;
    let rid = d["recipients"][0]["id"].as_i64().unwrap();
    let url = format!("/tasks/{id}/recipients/{rid}");
    let page = sec.get(&url).await.text().await.unwrap();
    assert!(
        page.contains("参加人数") && page.contains("提交反馈"),
        "{page}"
    );
    let r = sec
        .form(&format!("{url}/submit"), &[("answer_0", "很多")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("须填写数字"));
    let r = sec
        .form(&format!("{url}/submit"), &[("answer_0", "25")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = alice.form(&format!("{url}/accept"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = alice.get(&url).await.text().await.unwrap();
    assert!(page.contains("已验收") && page.contains("25"), "{page}");
    // Another park's staff are answered as if there were no such task.
    let bob = app.login("bob", PASSWORD).await;
    assert_eq!(bob.get(&to).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(bob.get(&url).await.status(), StatusCode::NOT_FOUND);
}

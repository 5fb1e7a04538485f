//! The issuer changes a task once issued: edits it while no recipient has submitted (a clear
//! field error after), withdraws it with a reason; recipients are told and see it withdrawn,
//! take no more steps, and it drops out of what waits on them; both are audited.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn rid_of(d: &Value, node: i64) -> i64 {
    d["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["node_id"] == node)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn the_issuer_edits_a_task_before_any_feedback_and_withdraws_it_with_a_reason() {
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
    let bob = app.login("bob", PASSWORD).await;
    let sec1 = app.login("zhibu1", PASSWORD).await;
    let (st, d) = alice
        .post(
            "/api/v1/tasks",
            json!({"node_id": t.a, "title": "报送学习计划", "due_at": "2099-12-31 17:00",
                   "recipients": [br1, br2]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let id = d["task"]["id"].as_i64().unwrap();
    assert_eq!(d["can_edit"], true, "{d}");
    let url = format!("/api/v1/tasks/{id}");

    // Edited before any feedback: new values, checked as when issued.
    let (st, v) = alice
        .send(
            reqwest::Method::PUT,
            &url,
            json!({"title": "", "due_at": "2020-01-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "title"), "必填", "{v}");
    assert_eq!(field_error(&v, "due_at"), "截止时间须晚于现在", "{v}");
    let body = json!({"title": "报送2027年学习计划", "body": "附支委会记录", "due_at": "2099-11-30 12:00",
                      "fields": [{"label": "计划人数", "kind": "number"}]});
    let (st, v) = alice.send(reqwest::Method::PUT, &url, body.clone()).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["task"]["title"], "报送2027年学习计划", "{v}");
    assert_eq!(v["task"]["due_at"], "2099-11-30 12:00", "{v}");
    assert_eq!(v["task"]["fields"][0]["label"], "计划人数", "{v}");
    let (_, bell) = sec1.get_json("/api/v1/notifications").await;
    assert_eq!(bell["items"][0]["kind"], "task.notice_edited", "{bell}");
    // Out of reach: 404 for the other park; the recipient may not edit (403).
    assert_eq!(
        bob.send(reqwest::Method::PUT, &url, body.clone()).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bob.post(&format!("{url}/withdraw"), json!({"reason": "x"}))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let reader = app.login("reader", PASSWORD).await;
    assert_eq!(
        reader
            .send(reqwest::Method::PUT, &url, body.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    // Once a recipient submits, the task is no longer edited.
    let r1 = rid_of(&d, br1);
    let (st, v) = sec1
        .post(
            &format!("{url}/recipients/{r1}/submit"),
            json!({"answers": ["3"]}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = alice.send(reqwest::Method::PUT, &url, body.clone()).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "state"),
        "已有接收单位提交反馈，任务不能再修改",
        "{v}"
    );

    // The page's form names a missing reason in Chinese.
    let r = alice
        .form(&format!("/tasks/{id}/withdraw"), &[("reason", "")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("撤回须填写原因"));

    // Withdrawn with a reason.
    let (st, v) = alice
        .post(&format!("{url}/withdraw"), json!({"reason": " "}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "reason"), "撤回须填写原因", "{v}");
    let (st, v) = alice
        .post(
            &format!("{url}/withdraw"),
            json!({"reason": "与上级通知重复"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["task"]["withdraw_reason"], "与上级通知重复", "{v}");
    assert!(v["task"]["withdrawn_at"].is_string(), "{v}");
    assert_eq!(v["can_edit"], false, "{v}");
    // The recipient is told, sees it withdrawn, and takes no more steps.
    let (_, bell) = sec1.get_json("/api/v1/notifications").await;
    assert_eq!(bell["items"][0]["kind"], "task.notice_withdrawn", "{bell}");
    assert!(bell["items"][0]["text"]
        .as_str()
        .unwrap()
        .contains("任务已撤回"));
    let (st, v) = sec1.get_json(&url).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["task"]["withdraw_reason"], "与上级通知重复", "{v}");
    assert_eq!(v["recipients"][0]["can_submit"], false, "{v}");
    let (st, v) = alice
        .post(&format!("{url}/recipients/{r1}/accept"), json!({}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "state"), "任务已撤回", "{v}");
    // Nor feedback nor files, from the recipients or the issuer.
    let r2 = rid_of(&d, br2);
    let (st, v) = alice
        .post(
            &format!("{url}/recipients/{r2}/submit"),
            json!({"answers": ["3"]}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "state"), "任务已撤回", "{v}");
    for files in [
        format!("{url}/files"),
        format!("{url}/recipients/{r2}/files"),
    ] {
        let (st, v) = alice.upload(&files, "记录.txt", "记录".as_bytes()).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{files}: {v}");
        assert_eq!(field_error(&v, "state"), "任务已撤回", "{v}");
    }
    let page = sec1
        .get(&format!("/tasks/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("已撤回") && page.contains("与上级通知重复"));
    let page = alice
        .get(&format!("/tasks/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("task-withdraw-form"));
    let (st, v) = alice.post(&format!("{url}/remind"), json!({})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = alice
        .post(&format!("{url}/withdraw"), json!({"reason": "再次"}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    // Nothing waits on the second branch any more.
    let (_, l) = alice
        .get_json("/api/v1/tasks?mailbox=issued&overdue=false")
        .await;
    assert_eq!(l["items"][0]["overdue"], 0, "{l}");

    // Both changes are in the audit log, with before and after.
    let (_, log) = admin
        .get_json(&format!(
            "/api/v1/audit?record_type=task&record_id={id}&per_page=50"
        ))
        .await;
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"update") && actions.contains(&"withdraw"),
        "{log}"
    );
    let upd = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "update")
        .unwrap();
    assert!(upd.to_string().contains("报送学习计划"), "{upd}");
}

#[tokio::test]
async fn the_edit_page_changes_a_task_until_feedback_arrives() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let br1 = admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    admin.create_user("zhibu1", Some(br1), "org_admin").await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let sec1 = app.login("zhibu1", PASSWORD).await;
    let (st, d) = alice
        .post(
            "/api/v1/tasks",
            json!({"node_id": t.a, "title": "报送学习计划", "due_at": "2099-12-31 17:00",
                   "fields": [{"label": "计划人数", "kind": "number"}], "recipients": [br1]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let id = d["task"]["id"].as_i64().unwrap();
    let edit = format!("/tasks/{id}/edit");

    // The task's page links to the form, which holds the stored values.
    let show = alice
        .get(&format!("/tasks/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(show.contains(&format!("href=\"{edit}\"")), "{show}");
    let r = alice.get(&edit).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("task-edit-form"), "{html}");
    assert!(html.contains("value=\"报送学习计划\""), "{html}");
    assert!(html.contains("value=\"2099-12-31T17:00\""), "{html}");
    assert!(html.contains("value=\"计划人数\""), "{html}");
    // Out of reach: 404 for the other park, 403 for a reader of the park.
    assert_eq!(bob.get(&edit).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(reader.get(&edit).await.status(), StatusCode::FORBIDDEN);

    // Bad values are named in Chinese and kept in the form; good ones are saved.
    let r = alice
        .form(&edit, &[("title", ""), ("due_at", "2020-01-01T09:00")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("必填") && html.contains("截止时间须晚于现在"),
        "{html}"
    );
    assert!(html.contains("value=\"2020-01-01T09:00\""), "{html}");
    let r = alice
        .form(
            &edit,
            &[
                ("title", "报送2027年学习计划"),
                ("body", "附支委会记录"),
                ("due_at", "2099-11-30T12:00"),
                ("label_0", "计划人数"),
                ("kind_0", "number"),
                ("label_1", "是否已召开支委会"),
                ("kind_1", "yes_no"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, v) = alice.get_json(&format!("/api/v1/tasks/{id}")).await;
    assert_eq!(v["task"]["title"], "报送2027年学习计划", "{v}");
    assert_eq!(v["task"]["due_at"], "2099-11-30 12:00", "{v}");
    assert_eq!(v["task"]["fields"][1]["kind"], "yes_no", "{v}");
    let (_, bell) = sec1.get_json("/api/v1/notifications").await;
    assert_eq!(bell["items"][0]["kind"], "task.notice_edited", "{bell}");

    // Once the branch has submitted, the page says why and offers no form.
    let r1 = rid_of(&d, br1);
    let (st, v) = sec1
        .post(
            &format!("/api/v1/tasks/{id}/recipients/{r1}/submit"),
            json!({"answers": ["3", "yes"]}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let html = alice.get(&edit).await.text().await.unwrap();
    assert!(!html.contains("task-edit-form"), "{html}");
    assert!(
        html.contains("已有接收单位提交反馈，任务不能再修改"),
        "{html}"
    );
    let show = alice
        .get(&format!("/tasks/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!show.contains(&format!("href=\"{edit}\"")));
    let r = alice
        .form(&edit, &[("title", "再改"), ("due_at", "2099-11-30T12:00")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

//! A campaign's work-list tasks and its milestones' evidence files over HTTP: a task the
//! caller reads is linked and listed with its completion from the counts the work lists
//! keep, a task out of reach is refused on `task_id`, unlinked; files uploaded, listed and
//! downloaded, refused when too large or not what their name says, removed until the
//! milestone is done; a sibling subtree answered 404 throughout.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-milestone-photo";

fn days(n: i64) -> String {
    (today() + chrono::Duration::days(n)).to_string()
}

async fn campaign(alice: &Session, node: i64) -> (i64, i64) {
    let body = json!({"node_id": node, "name": "红帆领航九项行动",
                      "start_on": days(-30), "end_on": days(60)});
    let (st, d) = alice.post("/api/v1/campaigns", body).await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let id = d["campaign"]["id"].as_i64().unwrap();
    let (st, d) = alice
        .post(
            &format!("/api/v1/campaigns/{id}/milestones"),
            json!({"name": "完成企业党组织摸底", "due_on": days(10)}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    (id, d["milestones"][0]["id"].as_i64().unwrap())
}

/// A task issued at `node` to `to`; answers its id and the recipient's.
async fn task(s: &Session, node: i64, to: i64, title: &str) -> (i64, i64) {
    let (st, d) = s
        .post(
            "/api/v1/tasks",
            json!({"node_id": node, "title": title, "due_at": "2099-12-31 17:30",
                   "recipients": [to]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    (
        d["task"]["id"].as_i64().unwrap(),
        d["recipients"][0]["id"].as_i64().unwrap(),
    )
}

fn linked(d: &Value) -> Vec<i64> {
    d["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["task_id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_campaign_lists_the_tasks_issued_for_it_with_their_completion() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let (id, _) = campaign(&alice, t.a).await;
    let (mine, rid) = task(&alice, t.a, t.a1, "报送企业党建摸底表").await;
    let (theirs, _) = task(&bob, t.b, t.b1, "乙园区报送").await;
    let url = format!("/api/v1/campaigns/{id}/tasks");

    let (st, v) = alice.post(&url, json!({"task_id": theirs})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "task_id"),
        "未找到该任务，或您无权查看",
        "{v}"
    );
    let (st, v) = alice.post(&url, json!({})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, _) = reader.post(&url, json!({"task_id": mine})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = bob.post(&url, json!({"task_id": theirs})).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, d) = alice.post(&url, json!({"task_id": mine})).await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    assert_eq!(linked(&d), vec![mine], "{d}");
    assert_eq!(d["tasks"][0]["title"], "报送企业党建摸底表");
    assert_eq!(d["tasks"][0]["completion_pct"], 0, "{d}");
    assert_eq!(d["tasks"][0]["recipients"], 1, "{d}");
    let (st, v) = alice.post(&url, json!({"task_id": mine})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "task_id"), "该任务已关联到本行动", "{v}");

    // The task done: the campaign reads its completion from the task's kept counts.
    let step = |s: &str| format!("/api/v1/tasks/{mine}/recipients/{rid}/{s}");
    for (s, body) in [
        ("receive", json!({})),
        ("submit", json!({"answers": []})),
        ("accept", json!({})),
    ] {
        let (st, v) = alice.post(&step(s), body).await;
        assert_eq!(st, StatusCode::OK, "{s}: {v}");
    }
    let (st, d) = reader.get_json(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(d["tasks"][0]["completion_pct"], 100, "{d}");
    assert_eq!(d["tasks"][0]["on_time_pct"], 100, "{d}");
    let html = reader
        .get(&format!("/campaigns/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("/tasks/{mine}")), "{html}");
    assert!(html.contains("报送企业党建摸底表"), "{html}");
    let (st, _) = bob.get_json(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // Unlinked from the page; a second time there is nothing to unlink.
    assert_eq!(
        bob.delete(&format!("{url}/{mine}")).await,
        StatusCode::NOT_FOUND
    );
    let r = alice
        .form(&format!("/campaigns/{id}/tasks/{mine}/unlink"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (st, d) = alice.get_json(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(linked(&d).is_empty(), "{d}");
    let (st, _) = alice
        .send(reqwest::Method::DELETE, &format!("{url}/{mine}"), json!({}))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // The page's form offers the park's task and comes back with the error on a bad one.
    let html = alice
        .get(&format!("/campaigns/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!("<option value=\"{mine}\"")),
        "{html}"
    );
    let r = alice
        .form(
            &format!("/campaigns/{id}/tasks"),
            &[("task_id", &theirs.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("未找到该任务"));
}

#[tokio::test]
async fn a_milestone_keeps_its_evidence_files_in_scope() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let (id, mid) = campaign(&alice, t.a).await;
    let files = format!("/api/v1/campaigns/{id}/milestones/{mid}/files");

    let (st, f) = alice.upload(&files, "摸底报告.png", PNG).await;
    assert_eq!(st, StatusCode::CREATED, "{f}");
    assert_eq!(f["content_type"], "image/png");
    let fid = f["id"].as_i64().unwrap();
    // Not what its name says, or too large: refused on the field.
    let (st, v) = alice.upload(&files, "报告.pdf", b"not a pdf").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(field_error(&v, "file").starts_with("只接受"), "{v}");
    let mut big = PNG.to_vec();
    big.resize(touyan_domain::files::MAX_FILE_BYTES + 1, 0);
    let (st, v) = alice.upload(&files, "大图.png", &big).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field_error(&v, "file").is_empty(), "{v}");
    let (st, _) = reader.upload(&files, "读者.png", PNG).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = bob.upload(&files, "乙.png", PNG).await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // Readers list and download it, with the campaign; the other park sees nothing.
    let (st, list) = reader.get_json(&files).await;
    assert_eq!(st, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let (st, bytes) = reader.get_bytes(&format!("{files}/{fid}")).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(bytes, PNG);
    let (_, d) = reader.get_json(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(d["milestones"][0]["files"][0]["id"], fid, "{d}");
    let page = format!("/campaigns/{id}/milestones/{mid}/files/{fid}");
    let (st, bytes) = reader.get_bytes(&page).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(bytes, PNG);
    assert_eq!(bob.get_json(&files).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        bob.get_bytes(&format!("{files}/{fid}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(bob.get_bytes(&page).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        bob.delete(&format!("{files}/{fid}")).await,
        StatusCode::NOT_FOUND
    );

    // The page shows the file and a refused upload under its milestone.
    let html = alice
        .get(&format!("/campaigns/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("摸底报告.png"), "{html}");
    let (st, _) = alice
        .upload(
            &format!("/campaigns/{id}/milestones/{mid}/files"),
            "x.pdf",
            b"no",
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);

    // Removed while the milestone is open; once done, its evidence stays.
    let (st, f) = alice.upload(&files, "签到表.png", PNG).await;
    assert_eq!(st, StatusCode::CREATED, "{f}");
    let second = f["id"].as_i64().unwrap();
    let (st, _) = alice
        .send(
            reqwest::Method::DELETE,
            &format!("{files}/{fid}"),
            json!({}),
        )
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, _) = alice
        .post(
            &format!("/api/v1/campaigns/{id}/milestones/{mid}/done"),
            json!({"done_on": today().to_string(), "note": "见附件"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = alice
        .send(
            reqwest::Method::DELETE,
            &format!("{files}/{second}"),
            json!({}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (_, list) = alice.get_json(&files).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
}

//! The workbench's studio to-dos: per studio the caller keeps, the questions still open,
//! linked to that studio's open questions; nothing for those who keep no studio.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_keeper_sees_the_open_questions_of_the_studios_he_keeps() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let id = admin.new_studio(t.a1, "甲网格书记工作室", None).await;
    admin.move_studio(id, "listed").await;
    let reader = app.login("reader", PASSWORD).await;
    for title in ["如何开展主题党日？", "发展对象的培训要求"] {
        let (st, v) = reader
            .post(
                &format!("/api/v1/studios/{id}/questions"),
                json!({ "title": title }),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }
    let link = format!("href=\"/studios/{id}/questions?answered=false\"");
    let alice = app.login("alice", PASSWORD).await;
    let html = alice.get("/").await.text().await.unwrap();
    let todos = &html[html.find("data-testid=\"todos\"").expect("to-dos")..];
    assert!(
        todos.contains(&format!(
            "{link}><b>2</b><span>甲网格书记工作室 · 待答复的提问"
        )),
        "{todos}"
    );
    // The list behind the link holds the two.
    let (_, v) = alice
        .get_json(&format!("/api/v1/studios/{id}/questions?answered=false"))
        .await;
    assert_eq!(v["total"], 2, "{v}");
    // The reader keeps no studio, the sibling's admin not this one.
    for who in [&reader, &app.login("bob", PASSWORD).await] {
        let html = who.get("/").await.text().await.unwrap();
        assert!(!html.contains(&link));
    }
}

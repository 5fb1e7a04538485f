//! Photos and files of an activity record: uploaded and removed by those who may change it,
//! listed and downloaded by its readers, refused files named on the field (422), out of
//! scope 404, every change audited.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-activity-photo";

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn an_activity_keeps_its_photos_and_files_in_scope() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let branch = admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let (st, a) = alice
        .post(
            "/api/v1/activities",
            json!({"node_id": branch, "types": ["theme_day"],
                   "held_at": format!("{} 09:00", today()), "topic": "主题党日"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{a}");
    let id = a["id"].as_i64().unwrap();
    let files = format!("/api/v1/activities/{id}/files");

    let (st, f) = alice.upload(&files, "现场照片.png", PNG).await;
    assert_eq!(st, StatusCode::CREATED, "{f}");
    assert_eq!(f["content_type"], "image/png");
    let fid = f["id"].as_i64().unwrap();
    // A file whose content is not what its name says is refused on the field.
    let (st, v) = alice.upload(&files, "签到表.pdf", b"not a pdf").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(
        v["error"]["fields"]["file"]
            .as_str()
            .unwrap()
            .starts_with("只接受"),
        "{v}"
    );
    let (st, v) = alice.upload(&files, "空.png", b"").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

    // Readers list and download; the other park does not see it; readers do not write.
    let (st, list) = reader.get_json(&files).await;
    assert_eq!(st, StatusCode::OK, "{list}");
    assert_eq!(ids(&list), vec![fid]);
    let r = reader.get(&format!("{files}/{fid}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.bytes().await.unwrap().as_ref(), PNG);
    assert_eq!(bob.get_json(&files).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        bob.get(&format!("{files}/{fid}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bob.delete(&format!("{files}/{fid}")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        reader.upload(&files, "p.png", PNG).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        bob.upload(&files, "p.png", PNG).await.0,
        StatusCode::NOT_FOUND
    );

    // The page shows the picture; a refused upload from the page comes back with the reason.
    let page = alice
        .get(&format!("/activities/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("现场照片.png") && page.contains("照片和附件"),
        "{page}"
    );
    let boundary = "activity-file-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.pdf\"\r\n\r\n",
        alice.csrf
    )
    .into_bytes();
    body.extend_from_slice(b"nope");
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r = alice
        .c
        .post(alice.url(&format!("/activities/{id}/files")))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("只接受") && page.contains("现场照片.png"),
        "{page}"
    );

    // Removed, and the activity with its files.
    assert_eq!(
        alice.delete(&format!("{files}/{fid}")).await,
        StatusCode::NO_CONTENT
    );
    let (_, list) = alice.get_json(&files).await;
    assert!(ids(&list).is_empty());
    let (st, _) = alice.upload(&files, "p.png", PNG).await;
    assert_eq!(st, StatusCode::CREATED);
    assert_eq!(
        alice.delete(&format!("/api/v1/activities/{id}")).await,
        StatusCode::NO_CONTENT
    );
    let (_, log) = admin
        .get_json("/api/v1/audit?record_type=cadence_file")
        .await;
    assert!(log["total"].as_u64().unwrap() >= 3, "{log}");
}

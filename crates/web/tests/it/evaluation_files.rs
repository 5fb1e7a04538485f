//! Files uploaded as evidence on a sheet's item: uploaded by the organization while it
//! self-assesses (a required item is then scored as with a link), listed on the sheet with
//! name and size, downloaded by the sheet's readers, out of scope 404, refused files named on
//! the field (422), removed by the side that added them, and nothing changes once published.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const PDF: &[u8] = b"%PDF-1.4\n% evidence of the branch committee\n";

fn item_files(sheet: &Value, iid: i64) -> Vec<Value> {
    sheet["scores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["indicator"]["id"] == iid)
        .unwrap_or_else(|| panic!("{iid} in {sheet}"))["files"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn evidence_files_are_uploaded_read_in_scope_and_frozen_on_publication() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let assess: &[&str] = &["evaluation.read", "evaluation.assess"];
    admin.user_with("shuji", &[(t.a1, assess)]).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let sec = app.login("shuji", PASSWORD).await;

    let (st, r) = alice
        .post(
            "/api/v1/rubrics",
            json!({"node_id": t.a, "name": "支部考核", "indicators": [
                {"key": "1", "title": "班子建设", "max": 10, "evidence_required": true}]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    let iid = r["indicators"][0]["id"].as_i64().unwrap();
    let year = today().format("%Y").to_string();
    let (st, d) = alice
        .post(
            "/api/v1/rounds",
            json!({"node_id": t.a, "rubric_id": r["rubric"]["id"], "title": "年度考核",
                   "period": year, "target_ids": [t.a1]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let id = d["round"]["id"].as_i64().unwrap();
    let tid = d["targets"][0]["id"].as_i64().unwrap();
    let state = format!("/api/v1/rounds/{id}/state");
    let sheet = format!("/api/v1/rounds/{id}/targets/{tid}");
    let files = format!("{sheet}/indicators/{iid}/files");
    let own = format!("{sheet}/indicators/{iid}/self");

    // Not before the round takes self-scores.
    let (st, _) = sec.upload(&files, "支委会记录.pdf", PDF).await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (st, v) = alice.post(&state, json!({"to": "self_assessment"})).await;
    assert_eq!(st, StatusCode::OK, "{v}");

    // Refused files are named on the field; the other park does not find the sheet.
    let (st, v) = sec.upload(&files, "记录.pdf", b"not a pdf at all").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(
        v["error"]["fields"]["file"]
            .as_str()
            .unwrap()
            .starts_with("只接受"),
        "{v}"
    );
    let mut big = PDF.to_vec();
    big.resize(touyan_domain::files::MAX_FILE_BYTES + 1, b' ');
    let (st, v) = sec.upload(&files, "大文件.pdf", &big).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["file"].is_string(), "{v}");
    assert_eq!(
        bob.upload(&files, "记录.pdf", PDF).await.0,
        StatusCode::NOT_FOUND
    );

    // A file satisfies an item that requires evidence.
    let (st, v) = sec.send(Method::PUT, &own, json!({"score": 9})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, f) = sec.upload(&files, "../支委会记录.pdf", PDF).await;
    assert_eq!(st, StatusCode::CREATED, "{f}");
    assert_eq!(f["file_name"], "支委会记录.pdf");
    assert_eq!(f["content_type"], "application/pdf");
    assert_eq!(f["size"], PDF.len());
    let fid = f["id"].as_i64().unwrap();
    let (st, v) = sec.send(Method::PUT, &own, json!({"score": 9})).await;
    assert_eq!(st, StatusCode::OK, "{v}");

    // Listed on the sheet with name and size; downloaded by its readers only.
    let (st, s) = alice.get_json(&sheet).await;
    assert_eq!(st, StatusCode::OK, "{s}");
    let listed = item_files(&s, iid);
    assert_eq!(listed.len(), 1, "{s}");
    assert_eq!(listed[0]["file_name"], "支委会记录.pdf");
    assert_eq!(listed[0]["size"], PDF.len());
    let r = sec.get(&format!("{files}/{fid}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(
        bob.get(&format!("{files}/{fid}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bob.delete(&format!("{files}/{fid}")).await,
        StatusCode::NOT_FOUND
    );
    let page = sec
        .get(&sheet.replace("/api/v1", ""))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("支委会记录.pdf"), "{page}");

    // Removed by the side that added it, and added again.
    assert_eq!(
        sec.delete(&format!("{files}/{fid}")).await,
        StatusCode::NO_CONTENT
    );
    let (_, s) = sec.get_json(&sheet).await;
    assert!(item_files(&s, iid).is_empty(), "{s}");
    let (st, f) = sec.upload(&files, "照片.pdf", PDF).await;
    assert_eq!(st, StatusCode::CREATED, "{f}");
    let fid = f["id"].as_i64().unwrap();

    // Reviewed, noticed and published: no more uploads or removals; still downloaded.
    let (st, v) = alice.post(&state, json!({"to": "review"})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = alice
        .send(
            Method::PUT,
            &format!("{sheet}/indicators/{iid}/review"),
            json!({"score": 8}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    for to in ["notice", "published"] {
        let (st, v) = alice.post(&state, json!({"to": to})).await;
        assert_eq!(st, StatusCode::OK, "{to}: {v}");
    }
    assert_eq!(
        sec.upload(&files, "迟到.pdf", PDF).await.0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        sec.delete(&format!("{files}/{fid}")).await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        sec.get(&format!("{files}/{fid}")).await.status(),
        StatusCode::OK
    );
    let (_, log) = admin.get_json("/api/v1/audit?record_type=round_file").await;
    assert!(log["total"].as_u64().unwrap() >= 3, "{log}");
}

//! Evaluation pages and checks over HTTP: the rubric list with the copy of a template, the
//! rubric editor (bad rows named, all or nothing; a frozen version saved as the next one);
//! the reviewer's queue (own departments only, unscored items only); evidence that links a
//! record only when the record exists and the caller reads it.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// The rubric id in a redirect to `/rubrics/{id}...`.
fn rubric_in(loc: &str) -> i64 {
    loc.trim_start_matches("/rubrics/")
        .split(['?', '/'])
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a rubric in {loc}"))
}

fn two_rows(node: i64, max2: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("node_id".into(), node.to_string()),
        ("name".into(), "网格考核细则".into()),
    ];
    for (t, key, parent, title, max) in [
        ("a", "1", "", "基础工作", ""),
        ("b", "1.1", "1", "走访入户", "60"),
        ("c", "1.2", "1", "信息采集", max2),
    ] {
        f.push(("row".into(), t.into()));
        f.push((format!("{t}.key"), key.into()));
        f.push((format!("{t}.parent"), parent.into()));
        f.push((format!("{t}.title"), title.into()));
        f.push((format!("{t}.kind"), "scored".into()));
        f.push((format!("{t}.max"), max.into()));
        f.push((format!("{t}.guidance"), "".into()));
    }
    f
}

fn refs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[tokio::test]
async fn the_editor_names_bad_rows_saves_all_or_nothing_and_a_frozen_version_makes_the_next() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;

    // The editor and the list open; a bad row is named by its field, nothing is written.
    let r = alice.get("/rubrics/new").await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("data-testid=\"rubric-row\""), "{page}");
    let bad = two_rows(t.a, "-3");
    let r = alice.form("/rubrics/new", &refs(&bad)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("分值不小于 0，最多两位小数"), "{page}");
    assert!(
        page.contains("value=\"信息采集\""),
        "the rows are kept: {page}"
    );
    let (_, list) = alice.get_json("/api/v1/rubrics").await;
    assert_eq!(list["total"], 0, "{list}");
    // A row added without a script comes back blank, nothing saved.
    let mut more = two_rows(t.a, "40");
    more.push(("add_row".into(), "1".into()));
    let r = alice.form("/rubrics/new", &refs(&more)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert_eq!(page.matches("data-testid=\"rubric-row\"").count(), 4);
    let r = alice.get("/rubrics/rows/new").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("rubric-row"));

    let good = two_rows(t.a, "40");
    let r = alice.form("/rubrics/new", &refs(&good)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = rubric_in(&location(&r));
    let (_, d) = alice.get_json(&format!("/api/v1/rubrics/{id}")).await;
    assert_eq!(d["base"], 10_000, "{d}");
    assert_eq!(d["indicators"][0]["section"], true, "{d}");

    // Not yet used: the edit page says it is changed in place, and it is.
    let r = alice.get(&format!("/rubrics/{id}/edit")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("data-testid=\"edit-in-place\""), "{page}");
    assert!(page.contains("value=\"走访入户\""), "{page}");
    let mut edit = two_rows(t.a, "40");
    edit[1].1 = "网格考核细则（修订）".into();
    let r = alice
        .form(&format!("/rubrics/{id}/edit"), &refs(&edit))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, d) = alice.get_json(&format!("/api/v1/rubrics/{id}")).await;
    assert_eq!(d["version"], 1, "{d}");
    assert_eq!(d["rubric"]["name"], "网格考核细则（修订）");

    // The sibling subtree neither opens nor saves it.
    assert_eq!(
        bob.get(&format!("/rubrics/{id}/edit")).await.status(),
        StatusCode::NOT_FOUND
    );
    let r = bob.form(&format!("/rubrics/{id}/edit"), &refs(&edit)).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A round uses version 1: the page says saving makes version 2, and it does.
    let year = today().format("%Y").to_string();
    let (st, v) = alice
        .post(
            "/api/v1/rounds",
            json!({"node_id": t.a, "rubric_id": id, "title": "网格考核", "period": year,
                   "target_ids": [t.a1]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let page = alice
        .get(&format!("/rubrics/{id}/edit"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-testid=\"frozen-notice\""), "{page}");
    assert!(page.contains("v2"), "{page}");
    // Bad rows of a frozen version: named, and no version is made.
    let r = alice
        .form(&format!("/rubrics/{id}/edit"), &refs(&two_rows(t.a, "x")))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, d) = alice.get_json(&format!("/api/v1/rubrics/{id}")).await;
    assert_eq!(d["version"], 1, "{d}");
    let r = alice
        .form(&format!("/rubrics/{id}/edit"), &refs(&two_rows(t.a, "30")))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, d) = alice.get_json(&format!("/api/v1/rubrics/{id}")).await;
    assert_eq!(d["version"], 2, "{d}");
    assert_eq!(d["base"], 9_000, "{d}");
    let (_, v1) = alice
        .get_json(&format!("/api/v1/rubrics/{id}?version=1"))
        .await;
    assert_eq!(
        (v1["frozen"].clone(), v1["base"].clone()),
        (json!(true), json!(10_000))
    );
    // The rubric page shows the history.
    let page = alice
        .get(&format!("/rubrics/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-testid=\"version-1\""), "{page}");
    assert!(page.contains("data-testid=\"version-2\""), "{page}");

    // The list: filtered by name, scoped; a template is copied from it.
    let page = alice.get("/rubrics?q=网格").await.text().await.unwrap();
    assert!(page.contains("网格考核细则"), "{page}");
    let page = bob.get("/rubrics").await.text().await.unwrap();
    assert!(!page.contains("网格考核细则"), "{page}");
    let node = t.a.to_string();
    let r = alice
        .form(
            "/rubrics/copy",
            &[("template", "grid_worker"), ("node_id", node.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let copied = rubric_in(&location(&r));
    let (_, c) = alice.get_json(&format!("/api/v1/rubrics/{copied}")).await;
    assert_eq!(c["rubric"]["template"], "grid_worker", "{c}");
    let r = bob
        .form(
            "/rubrics/copy",
            &[("template", "grid_worker"), ("node_id", node.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = alice
        .form(
            "/rubrics/copy",
            &[("template", "none"), ("node_id", node.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// A rubric of two items scored by two departments and one of no department, and a round
/// over two organizations moved to review.
async fn round_in_review(alice: &Session, node: i64, d1: i64, d2: i64, targets: &[i64]) -> Value {
    let body = json!({"node_id": node, "name": "支部考核", "indicators": [
        {"key": "1", "title": "组织建设", "max": 10, "department_id": d1},
        {"key": "2", "title": "宣传工作", "max": 10, "department_id": d2},
        {"key": "3", "title": "综合评价", "max": 10}]});
    let (st, r) = alice.post("/api/v1/rubrics", body).await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    let year = today().format("%Y").to_string();
    let (st, d) = alice
        .post(
            "/api/v1/rounds",
            json!({"node_id": node, "rubric_id": r["rubric"]["id"], "title": "季度考核",
                   "period": year, "target_ids": targets}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let url = format!("/api/v1/rounds/{}/state", d["round"]["id"]);
    for to in ["self_assessment", "review"] {
        let (st, v) = alice.post(&url, json!({"to": to})).await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    d
}

#[tokio::test]
async fn the_queue_lists_only_the_callers_departments_and_only_unscored_items() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let d1 = admin.create_node(Some(t.a), "甲组织部", "department").await;
    let d2 = admin.create_node(Some(t.a), "甲宣传部", "department").await;
    let a2 = admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    let review: &[&str] = &["evaluation.review"];
    let read: &[&str] = &["evaluation.read"];
    app.admin()
        .await
        .user_with("zuzhi", &[(d1, review), (t.a, read)])
        .await;
    let r1 = app.login("zuzhi", PASSWORD).await;
    app.admin()
        .await
        .user_with("xuanchuan", &[(d2, review), (t.a, read)])
        .await;
    let r2 = app.login("xuanchuan", PASSWORD).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let d = round_in_review(&alice, t.a, d1, d2, &[t.a1, a2]).await;
    let id = d["round"]["id"].as_i64().unwrap();
    let item = |i: usize| d["indicators"][i]["id"].as_i64().unwrap();
    let target = |node: i64| {
        d["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["node_id"] == node)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (ta1, ta2) = (target(t.a1), target(a2));

    // Each department: both sheets, one item each; the round's own reviewer: every item.
    let (st, q) = r1.get_json("/api/v1/rounds/review").await;
    assert_eq!(st, StatusCode::OK, "{q}");
    assert_eq!(q["total"], 2, "{q}");
    assert!(
        q["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["left"] == 1),
        "{q}"
    );
    let (_, q) = alice.get_json("/api/v1/rounds/review").await;
    assert_eq!(q["items"][0]["left"], 3, "{q}");
    // The sibling subtree's queue is empty.
    let (_, q) = bob.get_json("/api/v1/rounds/review").await;
    assert_eq!(q["total"], 0, "{q}");

    // Scored by the first department: its sheet leaves its queue, not the other's.
    let rev =
        |tid: i64, iid: i64| format!("/api/v1/rounds/{id}/targets/{tid}/indicators/{iid}/review");
    let (st, v) = r1
        .send(Method::PUT, &rev(ta1, item(0)), json!({"score": 8}))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (_, q) = r1.get_json("/api/v1/rounds/review").await;
    assert_eq!(q["total"], 1, "{q}");
    assert_eq!(q["items"][0]["target_id"], ta2, "{q}");
    let (_, q) = r2.get_json("/api/v1/rounds/review").await;
    assert_eq!(q["total"], 2, "{q}");
    let (_, q) = alice.get_json("/api/v1/rounds/review?per_page=1").await;
    assert_eq!(
        (q["total"].clone(), q["items"].as_array().unwrap().len()),
        (json!(2), 1)
    );

    // The page lists the sheet with a link to it; the rounds page shows the count.
    let page = r1.get("/rounds/review").await.text().await.unwrap();
    assert!(
        page.contains(&format!("/rounds/{id}/targets/{ta2}")),
        "{page}"
    );
    assert!(
        !page.contains(&format!("/rounds/{id}/targets/{ta1}\"")),
        "{page}"
    );
    let page = r2.get("/rounds").await.text().await.unwrap();
    assert!(page.contains("data-testid=\"queue-count\">2<"), "{page}");
    let page = bob.get("/rounds/review").await.text().await.unwrap();
    assert!(!page.contains("甲园区第一党支部"), "{page}");
}

#[tokio::test]
async fn evidence_links_only_a_record_that_exists_and_that_the_caller_reads() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let d1 = admin.create_node(Some(t.a), "甲组织部", "department").await;
    let d2 = admin.create_node(Some(t.a), "甲宣传部", "department").await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let task = |node: i64, to: i64| json!({"node_id": node, "title": "报送材料", "due_at": "2099-12-31", "recipients": [to]});
    let (st, mine) = alice.post("/api/v1/tasks", task(t.a, t.a1)).await;
    assert_eq!(st, StatusCode::CREATED, "{mine}");
    let (st, theirs) = bob.post("/api/v1/tasks", task(t.b, t.b1)).await;
    assert_eq!(st, StatusCode::CREATED, "{theirs}");
    let (mine, theirs) = (mine["task"]["id"].clone(), theirs["task"]["id"].clone());

    let d = round_in_review(&alice, t.a, d1, d2, &[t.a1]).await;
    let (id, tid) = (d["round"]["id"].clone(), d["targets"][0]["id"].clone());
    let iid = d["indicators"][2]["id"].clone();
    let url = format!("/api/v1/rounds/{id}/targets/{tid}/indicators/{iid}/evidence");
    let link = |record: Value| json!({"kind": "task", "record_id": record, "label": "任务报送"});

    // Missing, and out of the caller's reach: refused alike on the record's field.
    for record in [json!(9_999_999), theirs.clone()] {
        let (st, v) = alice.post(&url, link(record)).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(
            field_error(&v, "record_id"),
            "找不到该记录，或无权查看",
            "{v}"
        );
    }
    let (st, v) = alice
        .post(
            &url,
            json!({"kind": "activity", "record_id": mine, "label": "活动"}),
        )
        .await;
    assert_eq!(
        st,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a task is no activity: {v}"
    );
    // The sheet's own form answers alike, the error under the field.
    let form = format!("/rounds/{id}/targets/{tid}/indicators/{iid}/evidence");
    let other = theirs.to_string();
    let r = alice
        .form(
            &form,
            &[
                ("kind", "task"),
                ("record_id", other.as_str()),
                ("label", "任务"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("找不到该记录，或无权查看"), "{page}");
    // One that exists in reach is linked, and the sheet links to its page.
    let (st, v) = alice.post(&url, link(mine.clone())).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let page = alice
        .get(&format!("/rounds/{id}/targets/{tid}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("href=\"/tasks/{mine}\"")), "{page}");
    let (_, sheet) = alice
        .get_json(&format!("/api/v1/rounds/{id}/targets/{tid}"))
        .await;
    let evidence = sheet["scores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["indicator"]["id"] == iid)
        .unwrap()["evidence"]
        .clone();
    assert_eq!(evidence[0]["readable"], true, "{sheet}");
}

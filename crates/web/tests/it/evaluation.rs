//! Evaluation over HTTP: a rubric version frozen by the round that uses it (an edit answers
//! 409, a new version is made instead); a round through self-assessment with evidence,
//! department review limited to each department's indicators, an automatic indicator whose
//! figure is kept as read, publication and reopening by the superior; sibling subtrees see
//! nothing of it; the results offered to the other areas only once published.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn rubric_body(node: i64, d1: i64, d2: i64) -> Value {
    json!({"node_id": node, "name": "支部考核细则", "indicators": [
        {"key": "1", "title": "领导班子"},
        {"key": "1.1", "parent": "1", "title": "班子建设", "max": 10, "department_id": d1,
         "evidence_required": true, "guidance": [{"score": 10, "text": "班子健全、分工明确"}]},
        {"key": "1.2", "parent": "1", "title": "学习制度", "max": 10, "department_id": d2},
        {"key": "2", "title": "走访企业", "kind": "automatic", "max": 10,
         "figure": "request.visits", "full_at": 2},
        {"key": "3", "title": "创新工作", "kind": "bonus", "max": 5},
        {"key": "4", "title": "违规扣分", "kind": "deduction", "max": 5},
        {"key": "5", "title": "重大不良影响", "kind": "veto"}
    ]})
}

fn item(d: &Value, title: &str) -> i64 {
    d["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == title)
        .unwrap_or_else(|| panic!("{title} in {d}"))["id"]
        .as_i64()
        .unwrap()
}

fn target_of(d: &Value, node: i64) -> i64 {
    d["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["node_id"] == node)
        .unwrap_or_else(|| panic!("{node} in {d}"))["id"]
        .as_i64()
        .unwrap()
}

fn sheet_item<'a>(s: &'a Value, iid: i64) -> &'a Value {
    s["scores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["indicator"]["id"] == iid)
        .unwrap_or_else(|| panic!("{iid} in {s}"))
}

async fn put(s: &Session, url: &str, body: Value) -> (StatusCode, Value) {
    s.send(Method::PUT, url, body).await
}

#[tokio::test]
async fn a_frozen_rubric_refuses_edits_and_an_edit_makes_the_next_version() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let d1 = admin.create_node(Some(t.a), "甲组织部", "department").await;
    let d2 = admin.create_node(Some(t.a), "甲宣传部", "department").await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;

    // Field errors in Chinese: a section's maximum is the sum of its items'.
    let mut bad = rubric_body(t.a, d1, d2);
    bad["indicators"][0]["max"] = json!(30);
    let (st, v) = alice.post("/api/v1/rubrics", bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "indicators[0].max"),
        "分类的满分须等于下级指标满分之和",
        "{v}"
    );

    let (st, r) = alice
        .post("/api/v1/rubrics", rubric_body(t.a, d1, d2))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    let id = r["rubric"]["id"].as_i64().unwrap();
    assert_eq!(r["base"], 3000, "{r}");
    assert_eq!(r["version"], 1);
    // Not yet used: edited in place.
    let mut body = rubric_body(t.a, d1, d2);
    body["name"] = json!("支部考核细则（修订）");
    let (st, r) = put(
        &alice,
        &format!("/api/v1/rubrics/{id}/versions/1"),
        body.clone(),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{r}");
    assert_eq!(r["rubric"]["name"], "支部考核细则（修订）");
    // The sibling subtree sees nothing of it.
    let (st, _) = bob.get_json(&format!("/api/v1/rubrics/{id}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = put(
        &bob,
        &format!("/api/v1/rubrics/{id}/versions/1"),
        body.clone(),
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // A round uses version 1: it is frozen.
    let year = today().format("%Y").to_string();
    let (st, d) = alice
        .post(
            "/api/v1/rounds",
            json!({"node_id": t.a, "rubric_id": id, "title": "年度考核", "period": year,
                   "target_ids": [t.a1]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let (st, v) = put(
        &alice,
        &format!("/api/v1/rubrics/{id}/versions/1"),
        body.clone(),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    let mut next = body.clone();
    next["indicators"][4]["max"] = json!(8);
    let (st, r) = alice
        .post(&format!("/api/v1/rubrics/{id}/versions"), next)
        .await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    assert_eq!(r["version"], 2);
    assert_eq!(r["frozen"], false);
    let (_, v1) = alice
        .get_json(&format!("/api/v1/rubrics/{id}?version=1"))
        .await;
    assert_eq!(v1["frozen"], true, "{v1}");
    assert_eq!(item(&v1, "创新工作"), item(&v1, "创新工作"));
    let bonus_v1 = v1["indicators"][4]["max"].clone();
    assert_eq!(bonus_v1, 500, "{v1}");
    // The round keeps version 1.
    let (_, round) = alice
        .get_json(&format!("/api/v1/rounds/{}", d["round"]["id"]))
        .await;
    assert_eq!(round["round"]["version"], 1, "{round}");
    // Templates are copied to a node as its own rubric.
    let (st, list) = alice.get_json("/api/v1/rubric-templates").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 3, "{list}");
    let (st, five) = alice
        .post(
            "/api/v1/rubric-templates/five_standards",
            json!({"node_id": t.a}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{five}");
    assert_eq!(five["base"], 10_000, "{five}");
    assert_eq!(five["rubric"]["template"], "five_standards");
    let (st, _) = bob
        .post(
            "/api/v1/rubric-templates/five_standards",
            json!({"node_id": t.a}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let (st, _) = alice
        .post("/api/v1/rubric-templates/nothing", json!({"node_id": t.a}))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    // Version 2 is still editable.
    let (st, _) = put(&alice, &format!("/api/v1/rubrics/{id}/versions/2"), body).await;
    assert_eq!(st, StatusCode::OK);
}

#[tokio::test]
async fn a_round_is_self_assessed_reviewed_by_departments_and_published_unchanged() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let d1 = admin.create_node(Some(t.a), "甲组织部", "department").await;
    let d2 = admin.create_node(Some(t.a), "甲宣传部", "department").await;
    let a2 = admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    let firm = admin
        .create_node(Some(t.a1), "甲一制造有限公司", "enterprise")
        .await;
    let read: &[&str] = &["evaluation.read"];
    let review: &[&str] = &["evaluation.read", "evaluation.review"];
    let assess: &[&str] = &["evaluation.read", "evaluation.assess"];
    admin.user_with("zuzhi", &[(d1, review), (t.a, read)]).await;
    let r1 = "zuzhi";
    admin
        .user_with("xuanchuan", &[(d2, review), (t.a, read)])
        .await;
    let r2 = "xuanchuan";
    admin.user_with("shuji", &[(t.a1, assess)]).await;
    let sec = "shuji";
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let r1 = app.login(&r1, PASSWORD).await;
    let r2 = app.login(&r2, PASSWORD).await;
    let sec = app.login(&sec, PASSWORD).await;

    let (st, r) = alice
        .post("/api/v1/rubrics", rubric_body(t.a, d1, d2))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    let (i11, i12, auto, bonus, deduct, veto) = (
        item(&r, "班子建设"),
        item(&r, "学习制度"),
        item(&r, "走访企业"),
        item(&r, "创新工作"),
        item(&r, "违规扣分"),
        item(&r, "重大不良影响"),
    );
    let year = today().format("%Y").to_string();
    let body = json!({"node_id": t.a, "rubric_id": r["rubric"]["id"], "title": "支部年度考核",
                      "period": year, "target_ids": [t.a1, a2]});
    // Organizations outside the round's node are refused.
    let mut outside = body.clone();
    outside["target_ids"] = json!([t.b1]);
    let (st, v) = alice.post("/api/v1/rounds", outside).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, d) = alice.post("/api/v1/rounds", body).await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let id = d["round"]["id"].as_i64().unwrap();
    assert_eq!(d["round"]["state"], "draft");
    let (ta1, ta2) = (target_of(&d, t.a1), target_of(&d, a2));
    let state = |to: &str| json!({"to": to});
    let url = format!("/api/v1/rounds/{id}/state");

    // Self-scores are taken only during self-assessment.
    let own = |iid: i64| format!("/api/v1/rounds/{id}/targets/{ta1}/indicators/{iid}/self");
    let (st, _) = put(&sec, &own(i12), json!({"score": 8})).await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (st, v) = alice.post(&url, state("self_assessment")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    // The branch reads its own sheet and nothing else of the round.
    let (st, _) = sec
        .get_json(&format!("/api/v1/rounds/{id}/targets/{ta1}"))
        .await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = sec
        .get_json(&format!("/api/v1/rounds/{id}/targets/{ta2}"))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = sec.get_json(&format!("/api/v1/rounds/{id}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    // Evidence first where it is required; scores within the maximum.
    let (st, v) = put(&sec, &own(i11), json!({"score": 9})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "score"),
        "请先为该指标添加佐证材料再评分",
        "{v}"
    );
    let (st, v) = sec
        .post(
            &format!("/api/v1/rounds/{id}/targets/{ta1}/indicators/{i11}/evidence"),
            json!({"kind": "link", "label": "支委会记录", "url": "https://example.org/a"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (st, v) = put(&sec, &own(i11), json!({"score": 9, "note": "班子齐全"})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = put(&sec, &own(i12), json!({"score": "10.5"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, _) = put(&sec, &own(i12), json!({"score": 8})).await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = put(&sec, &own(auto), json!({"score": 8})).await;
    assert_eq!(st, StatusCode::CONFLICT);

    // One visit under the branch before review: the figure is read entering review.
    let visit = json!({"node_id": firm, "visited_on": today().to_string(),
                       "contact_name": "刘经理", "contact_phone": "13912345678",
                       "notes": "了解企业党建工作情况", "problems": []});
    let (st, v) = alice.post("/api/v1/visits", visit.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (st, v) = alice.post(&url, state("review")).await;
    assert_eq!(st, StatusCode::OK, "{v}");

    // Each department scores its own indicators only.
    let rev =
        |tid: i64, iid: i64| format!("/api/v1/rounds/{id}/targets/{tid}/indicators/{iid}/review");
    let (st, v) = put(&r1, &rev(ta1, i11), json!({"score": 8, "note": "记录不全"})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, _) = put(&r1, &rev(ta1, i12), json!({"score": 7})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = put(&sec, &rev(ta1, i12), json!({"score": 7})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, v) = put(&r2, &rev(ta1, i12), json!({"score": 7})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, _) = put(&r2, &rev(ta1, bonus), json!({"score": 2})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    for (iid, s) in [(bonus, 2), (deduct, 1), (veto, 0)] {
        let (st, v) = put(&alice, &rev(ta1, iid), json!({"score": s})).await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    // Notice waits for every department's score.
    let (st, _) = alice.post(&url, state("notice")).await;
    assert_eq!(st, StatusCode::CONFLICT);
    for (iid, s) in [(i11, 10), (i12, 10), (bonus, 0), (deduct, 0), (veto, 1)] {
        let (st, v) = put(&alice, &rev(ta2, iid), json!({"score": s})).await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    // The sheet shows both scores side by side and the figure kept.
    let (st, sheet) = r1
        .get_json(&format!("/api/v1/rounds/{id}/targets/{ta1}"))
        .await;
    assert_eq!(st, StatusCode::OK, "{sheet}");
    let s11 = sheet_item(&sheet, i11);
    assert_eq!(
        (s11["self_score"].clone(), s11["reviewer_score"].clone()),
        (json!(900), json!(800))
    );
    assert_eq!(s11["difference"], -100);
    assert_eq!(s11["evidence"][0]["label"], "支委会记录");
    let sa = sheet_item(&sheet, auto);
    assert_eq!(sa["figure"]["numerator"], 1, "{sheet}");
    assert_eq!(sa["reviewer_score"], 500, "{sheet}");
    // 8 + 7 + 5 (one visit of two) + 2 − 1.
    assert_eq!(sheet["target"]["review_total"], 2100, "{sheet}");

    let (st, v) = alice.post(&url, state("notice")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let db = app.store().raw_connection();
    assert!(touyan_storage::round_outcome(db, id)
        .await
        .unwrap()
        .is_none());
    let (st, v) = alice.post(&url, state("published")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let out = touyan_storage::round_outcome(db, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(out.period, year);
    let score_of = |node: i64| {
        out.results
            .iter()
            .find(|r| r.node_id == node)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        (score_of(t.a1).score_hundredths, score_of(t.a1).vetoed),
        (2100, false)
    );
    assert!(score_of(a2).vetoed);
    let district = touyan_domain::tree::TreePath::parse(&out.node_path.as_str()).unwrap();
    let listed = touyan_storage::published_rounds(db, &district)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);

    // Data changing after publication leaves the published score as it was.
    let (st, _) = alice.post("/api/v1/visits", visit).await;
    assert_eq!(st, StatusCode::CREATED);
    let (_, sheet) = alice
        .get_json(&format!("/api/v1/rounds/{id}/targets/{ta1}"))
        .await;
    assert_eq!(
        sheet_item(&sheet, auto)["figure"]["numerator"],
        1,
        "{sheet}"
    );
    assert_eq!(sheet["target"]["final_total"], 2100, "{sheet}");
    let again = touyan_storage::round_outcome(db, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.results, out.results);

    // The sibling subtree sees nothing: the round, the sheets, the list, the writes.
    for p in [
        format!("/api/v1/rounds/{id}"),
        format!("/api/v1/rounds/{id}/targets/{ta1}"),
        format!("/api/v1/rounds/{id}/export.xlsx"),
    ] {
        let (st, _) = bob.get_json(&p).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{p}");
    }
    let (_, list) = bob.get_json("/api/v1/rounds").await;
    assert_eq!(list["total"], 0, "{list}");
    let (st, _) = put(&bob, &rev(ta1, i11), json!({"score": 1})).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob.post(&url, state("reopened")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, bytes) = alice
        .get_bytes(&format!("/api/v1/rounds/{id}/export.xlsx"))
        .await;
    assert_eq!(st, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));

    // Reopening takes the superior and a reason; the results are then withdrawn.
    let (st, _) = alice
        .post(&url, json!({"to": "reopened", "reason": "复核"}))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, v) = admin.post(&url, json!({"to": "reopened"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = admin
        .post(
            &url,
            json!({"to": "reopened", "reason": "群众反映，复核班子建设"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["round"]["reopen_reason"], "群众反映，复核班子建设");
    assert!(touyan_storage::round_outcome(db, id)
        .await
        .unwrap()
        .is_none());
}

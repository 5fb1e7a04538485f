//! Commendations over HTTP: a draft from a published round's best results with field
//! errors in Chinese, people and organizations outside the issuing node refused, a sibling
//! subtree answered 404, issuing recording each person's honour once (in the honours ledger
//! and the growth ledger), the issued commendation locked, revocation with its reason
//! withdrawing the honours, the organization's page, the list's export, and the pages'
//! forms.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn ok(s: &Session, method: Method, url: &str, body: Value) -> Value {
    let (st, v) = s.send(method, url, body).await;
    assert!(st.is_success(), "{url}: {st} {v}");
    v
}

/// A round at park A over three branches, scored 95, 85 and 72, published; answers the
/// round and the branches.
async fn published_round(admin: &Session, t: &Siblings) -> (i64, Vec<i64>) {
    let mut branches = Vec::new();
    for name in ["甲园区第一党支部", "甲园区第二党支部", "甲园区第三党支部"]
    {
        branches.push(admin.create_node(Some(t.a), name, "party_branch").await);
    }
    let rubric = json!({"node_id": t.a, "name": "考核细则", "indicators": [
        {"key": "1", "title": "综合评价", "max": 100}]});
    let r = ok(admin, Method::POST, "/api/v1/rubrics", rubric).await;
    let body = json!({"node_id": t.a, "rubric_id": r["rubric"]["id"], "title": "年度考核",
                      "period": "2026", "target_ids": branches});
    let d = ok(admin, Method::POST, "/api/v1/rounds", body).await;
    let id = d["round"]["id"].as_i64().unwrap();
    let item = d["indicators"][0]["id"].as_i64().unwrap();
    let state = format!("/api/v1/rounds/{id}/state");
    for to in ["self_assessment", "review"] {
        ok(admin, Method::POST, &state, json!({"to": to})).await;
    }
    for target in d["targets"].as_array().unwrap() {
        let tid = target["id"].as_i64().unwrap();
        let at = branches
            .iter()
            .position(|b| target["node_id"] == *b)
            .unwrap();
        let url = format!("/api/v1/rounds/{id}/targets/{tid}/indicators/{item}/review");
        let score = [95, 85, 72][at];
        ok(admin, Method::PUT, &url, json!({"score": score})).await;
    }
    for to in ["notice", "published"] {
        ok(admin, Method::POST, &state, json!({"to": to})).await;
    }
    (id, branches)
}

async fn honours_of(s: &Session, person: i64) -> Value {
    let (st, v) = s
        .get_json(&format!("/api/v1/honours?person={person}"))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v
}

#[tokio::test]
async fn issuing_records_each_honour_once_and_revoking_withdraws_them() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let (round, branches) = published_round(&admin, &t).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let p1 = alice.new_person(t.a1, "张先进", 11).await;
    let p2 = alice.new_person(t.a1, "李优秀", 12).await;
    let theirs = bob.new_person(t.b1, "王乙", 13).await;

    // Field errors in Chinese; a reader drafts nothing.
    let (st, v) = alice
        .post("/api/v1/commendations", json!({"node_id": t.a}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "title"), "必填", "{v}");
    assert_eq!(field_error(&v, "doc_number"), "必填", "{v}");
    let body = json!({"node_id": t.a, "round_id": round, "title": "关于表扬示范党支部的通报",
        "doc_number": "甲党发〔2026〕1号", "issued_on": today().to_string(),
        "level": "district", "top": 2, "org_honour": "示范党支部",
        "people": [{"person_id": p1, "honour": "优秀共产党员"},
                   {"person_id": p2, "honour": "先进个人"}]});
    let (st, _) = reader.post("/api/v1/commendations", body.clone()).await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // Out of the issuing node: another subtree's person, organization or round.
    let mut bad = body.clone();
    bad["people"] = json!([{"person_id": theirs, "honour": "先进个人"}]);
    let (st, v) = alice.post("/api/v1/commendations", bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "people"),
        "表扬的人员须在发文组织及其下级范围内"
    );
    let mut bad = body.clone();
    bad["top"] = json!(null);
    bad["organizations"] = json!([{"node_id": t.b, "honour": "示范党支部"}]);
    let (st, v) = alice.post("/api/v1/commendations", bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field_error(&v, "organizations").is_empty(), "{v}");
    let mut bad = body.clone();
    bad["node_id"] = json!(t.b);
    bad["people"] = json!([]);
    let (st, v) = bob.post("/api/v1/commendations", bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field_error(&v, "round_id").is_empty(), "{v}");

    // The round's best two, by score.
    let (st, d) = alice.post("/api/v1/commendations", body).await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let id = d["commendation"]["id"].as_i64().unwrap();
    let orgs: Vec<i64> = d["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["node_id"].as_i64().unwrap())
        .collect();
    assert_eq!(orgs, branches[..2].to_vec());
    assert_eq!(d["commendation"]["state"], "draft");
    assert_eq!(d["people"][0]["person_name"], "张先进");

    // A sibling subtree sees nothing of it; an unknown id is 404 too.
    let url = format!("/api/v1/commendations/{id}");
    for path in [url.clone(), "/api/v1/commendations/999999".into()] {
        let (st, _) = bob.get_json(&path).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{path}");
    }
    let (st, _) = bob.post(&format!("{url}/issue"), json!({})).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob.send(Method::PUT, &url, json!({})).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, list) = bob.get_json("/api/v1/commendations").await;
    assert_eq!(list["total"], 0, "{list}");

    // Issued: each person's honour once, in the honours ledger and the growth ledger.
    let v = ok(&alice, Method::POST, &format!("{url}/issue"), json!({})).await;
    assert_eq!(v["commendation"]["state"], "issued");
    let (st, again) = alice.post(&format!("{url}/issue"), json!({})).await;
    assert_eq!(st, StatusCode::CONFLICT, "{again}");
    let h = honours_of(&alice, p1).await;
    assert_eq!(h["total"], 1, "{h}");
    assert_eq!(h["items"][0]["title"], "优秀共产党员");
    assert_eq!(h["items"][0]["awarding_node_id"], t.a);
    assert_eq!(honours_of(&alice, p2).await["total"], 1);
    let (_, ledger) = alice.get_json(&format!("/api/v1/people/{p1}/ledger")).await;
    assert!(ledger.to_string().contains("优秀共产党员"), "{ledger}");
    // Locked once issued.
    let (st, v) = alice
        .send(Method::PUT, &url, json!({"node_id": t.a, "title": "x"}))
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");

    // The organization's page lists it; the list and its export find it.
    let page = alice.get(&format!("/orgs/{}", branches[0])).await;
    let html = page.text().await.unwrap();
    assert!(html.contains("commendation-panel"), "panel on the page");
    assert!(html.contains("关于表扬示范党支部的通报"));
    let (_, list) = alice
        .get_json(&format!("/api/v1/commendations?under={}&state=issued", t.a))
        .await;
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["items"][0]["organizations"], 2);
    assert_eq!(list["items"][0]["people"], 2);
    let (st, bytes) = alice
        .get_bytes("/api/v1/commendations/export.xlsx?state=issued")
        .await;
    assert_eq!(st, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));

    // Revoked with a reason: kept, and the honours withdrawn.
    let (st, v) = alice.post(&format!("{url}/revoke"), json!({})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "reason"), "必填");
    let v = ok(
        &alice,
        Method::POST,
        &format!("{url}/revoke"),
        json!({"reason": "材料有误"}),
    )
    .await;
    assert_eq!(v["commendation"]["state"], "revoked");
    assert_eq!(v["commendation"]["revoke_reason"], "材料有误");
    assert_eq!(honours_of(&alice, p1).await["total"], 0);
    assert_eq!(honours_of(&alice, p2).await["total"], 0);
    let (st, _) = alice
        .post(&format!("{url}/revoke"), json!({"reason": "再次"}))
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (_, audit) = admin
        .get_json(&format!(
            "/api/v1/audit?record_type=commendation&record_id={id}"
        ))
        .await;
    let text = audit.to_string();
    assert!(
        text.contains("issue") && text.contains("材料有误"),
        "{audit}"
    );
}

#[tokio::test]
async fn a_commendation_is_drafted_and_issued_from_its_pages() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let p = alice.new_person(t.a1, "赵先进", 21).await;
    let r = alice.get("/commendations/new").await;
    assert_eq!(r.status(), StatusCode::OK);
    let a = t.a.to_string();
    let day = today().to_string();
    let header = [
        ("node_id", a.as_str()),
        ("title", ""),
        ("doc_number", "甲党发〔2026〕2号"),
        ("issued_on", day.as_str()),
        ("level", "district"),
    ];
    let r = alice.form("/commendations/new", &header).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("必填"));
    let mut header = header.to_vec();
    header[1] = ("title", "关于表扬先进个人的通报");
    let r = alice.form("/commendations/new", &header).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = alice.get_json("/api/v1/commendations").await;
    let id = list["items"][0]["id"].as_i64().unwrap();
    let page = format!("/commendations/{id}");
    let pid = p.to_string();
    let a1 = t.a1.to_string();
    for fields in [
        [
            ("kind", "person"),
            ("person_id", pid.as_str()),
            ("honour", "先进个人"),
        ],
        [
            ("kind", "org"),
            ("node_id", a1.as_str()),
            ("honour", "示范网格"),
        ],
    ] {
        let r = alice.form(&format!("{page}/lines"), &fields).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    // Someone twice is refused beside the form.
    let fields = [
        ("kind", "person"),
        ("person_id", pid.as_str()),
        ("honour", "先进个人"),
    ];
    let r = alice.form(&format!("{page}/lines"), &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("不能重复表扬"));
    let r = bob.get(&page).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = bob.form(&format!("{page}/issue"), &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = alice.form(&format!("{page}/issue"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = alice.get(&page).await.text().await.unwrap();
    assert!(
        html.contains("已印发") && html.contains("赵先进"),
        "issued page"
    );
    let (_, h) = alice.get_json(&format!("/api/v1/honours?person={p}")).await;
    assert_eq!(h["total"], 1, "{h}");
    let r = alice
        .form(&format!("{page}/revoke"), &[("reason", "")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = alice
        .form(&format!("{page}/revoke"), &[("reason", "重复表扬")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = alice.get("/commendations?state=revoked").await;
    assert!(r.text().await.unwrap().contains("关于表扬先进个人的通报"));
}

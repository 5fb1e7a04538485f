//! What a round assesses: every 党支部 under a node (the selector kept on the round and
//! expanded only within the caller's scope), or studios, whose published results propose
//! lifecycle moves that a studio's managers accept (the move made through the studio's own
//! lifecycle, audited) or reject with a reason; sibling subtrees see nothing of either.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A rubric at `node` of one scored item (100 points) and a veto; answers its id and the
/// two indicators.
pub(crate) async fn rubric(s: &Session, node: i64) -> (i64, i64, i64) {
    let (st, r) = s
        .post(
            "/api/v1/rubrics",
            json!({"node_id": node, "name": "工作室考核细则", "indicators": [
                {"key": "1", "title": "工作成效", "max": 100},
                {"key": "2", "title": "严重违纪", "kind": "veto"}
            ]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    let ind = |title: &str| {
        r["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["title"] == title)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    (
        r["rubric"]["id"].as_i64().unwrap(),
        ind("工作成效"),
        ind("严重违纪"),
    )
}

fn target_ids(d: &Value, key: &str) -> Vec<i64> {
    let mut v: Vec<i64> = d["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t[key].as_i64().unwrap())
        .collect();
    v.sort_unstable();
    v
}

#[tokio::test]
async fn every_branch_under_a_node_is_found_within_the_callers_scope() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let b1 = admin
        .create_node(Some(t.a1), "甲一第一党支部", "party_branch")
        .await;
    let b2 = admin
        .create_node(Some(t.a), "甲园区机关党支部", "party_branch")
        .await;
    let b3 = admin
        .create_node(Some(t.b1), "乙一第一党支部", "party_branch")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let (rid, _, _) = rubric(&alice, t.a).await;
    let body = json!({"node_id": t.a, "rubric_id": rid, "title": "支部季度考核",
        "period": "2026Q3", "target_mode": "under", "under_node_id": t.a,
        "under_kinds": ["party_branch"]});
    let (st, d) = alice.post("/api/v1/rounds", body.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    assert_eq!(target_ids(&d, "node_id"), vec![b1, b2]);
    assert_eq!(d["round"]["subject"], "organizations");
    assert_eq!(d["round"]["selector_node_id"], t.a, "{d}");
    assert_eq!(d["round"]["selector_node_name"], "甲园区");
    assert_eq!(d["round"]["selector_kinds"], json!(["party_branch"]));

    // Beyond the caller's scope, or beyond the round's node: refused by field.
    for under in [t.b, t.district] {
        let mut b = body.clone();
        b["under_node_id"] = json!(under);
        let (st, v) = alice.post("/api/v1/rounds", b).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(!field_error(&v, "under_node_id").is_empty(), "{v}");
    }
    let mut b = body.clone();
    b["node_id"] = json!(t.a1);
    b["under_node_id"] = json!(t.a);
    let (st, v) = alice.post("/api/v1/rounds", b).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "under_node_id"),
        "被考核组织须在本次考核组织之下"
    );
    // No kinds, or no organization of them: field errors in Chinese.
    let mut b = body.clone();
    b["under_kinds"] = json!([]);
    let (st, v) = alice.post("/api/v1/rounds", b.clone()).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field_error(&v, "under_kinds").is_empty(), "{v}");
    b["under_kinds"] = json!("party_committee");
    let (st, v) = alice.post("/api/v1/rounds", b).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "under_node_id"),
        "该组织下没有所选类型的组织"
    );
    // An organization round takes no studio rules.
    let mut b = body.clone();
    b["warned_below"] = json!(60);
    let (st, v) = alice.post("/api/v1/rounds", b).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "demonstration_at"),
        "动态调整规则只用于工作室考核"
    );

    // The whole district's branches for the district's staff.
    let (rd, _, _) = rubric(&admin, t.district).await;
    let mut b = body.clone();
    b["node_id"] = json!(t.district);
    b["rubric_id"] = json!(rd);
    b["under_node_id"] = json!(t.district);
    let (st, d) = admin.post("/api/v1/rounds", b).await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    assert_eq!(target_ids(&d, "node_id"), vec![b1, b2, b3]);

    // The page form: the radio, the node picker and the kinds.
    let r = alice.get("/rounds/new").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("name=\"target_mode\""), "{html}");
    assert!(html.contains("value=\"party_branch\" checked"), "{html}");
    let (rid_s, a_s) = (rid.to_string(), t.a.to_string());
    let r = alice
        .form(
            "/rounds/new",
            &[
                ("node_id", &a_s),
                ("rubric_id", &rid_s),
                ("title", "支部季度考核（表单）"),
                ("period", "2026Q4"),
                ("target_mode", "under"),
                ("under_node_id", &a_s),
                ("under_kinds", "party_branch"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = r.headers()["location"].to_str().unwrap().to_string();
    let html = alice.get(&at).await.text().await.unwrap();
    assert!(html.contains("data-testid=\"round-selector\""), "{html}");
    // The selector in words: the kinds' names and the node's, on the round and in the list.
    assert!(html.contains("甲园区下的全部党支部"), "{html}");
    let list = alice.get("/rounds").await.text().await.unwrap();
    assert!(list.contains("甲园区下的全部党支部"), "{list}");
    let r = alice
        .form(
            "/rounds/new",
            &[
                ("node_id", &a_s),
                ("rubric_id", &rid_s),
                ("title", "工作室考核"),
                ("period", "2026"),
                ("target_mode", "studios"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Moves round `id` through to publication, scoring each target by `points` (node → (points,
/// vetoed)).
pub(crate) async fn publish(
    s: &Session,
    id: i64,
    d: &Value,
    items: (i64, i64),
    points: &[(i64, i64, i64)],
) {
    s.move_round(id, &["self_assessment", "review"]).await;
    for t in d["targets"].as_array().unwrap() {
        let studio = t["studio_id"].as_i64().unwrap();
        let (_, p, veto) = points.iter().find(|x| x.0 == studio).copied().unwrap();
        let tid = t["id"].as_i64().unwrap();
        for (iid, v) in [(items.0, p), (items.1, veto)] {
            let u = format!("/api/v1/rounds/{id}/targets/{tid}/indicators/{iid}/review");
            let (st, r) = s.send(Method::PUT, &u, json!({"score": v})).await;
            assert_eq!(st, StatusCode::OK, "{r}");
        }
    }
    s.move_round(id, &["notice", "published"]).await;
}

#[tokio::test]
async fn a_studio_round_proposes_moves_that_managers_accept_or_reject() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let s1 = admin.new_studio(t.a1, "甲一创新工作室", None).await;
    let s2 = admin.new_studio(t.a, "甲园区书记工作室", None).await;
    let s3 = admin.new_studio(t.a1, "甲一技能工作室", None).await;
    let sb = admin.new_studio(t.b1, "乙一工作室", None).await;
    for s in [s1, s2, s3, sb] {
        admin.move_studio(s, "listed").await;
    }
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let (rid, work, veto) = rubric(&alice, t.a).await;
    let body = json!({"node_id": t.a, "rubric_id": rid, "title": "2026年度工作室考核",
        "period": "2026", "target_mode": "studios", "target_ids": [s1, s2, s3],
        "demonstration_at": 90, "warned_below": "70", "delisted_below": 60});
    // A studio of the sibling subtree, or rules out of order: refused by field.
    let mut b = body.clone();
    b["target_ids"] = json!([s1, sb]);
    let (st, v) = alice.post("/api/v1/rounds", b).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "target_ids"),
        "被考核组织须在本次考核组织之下"
    );
    let mut b = body.clone();
    b["delisted_below"] = json!(80);
    let (st, v) = alice.post("/api/v1/rounds", b).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field_error(&v, "delisted_below").is_empty(), "{v}");

    let (st, d) = alice.post("/api/v1/rounds", body).await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    assert_eq!(d["round"]["subject"], "studios");
    assert_eq!(d["round"]["demonstration_at"], 9000);
    assert_eq!(target_ids(&d, "studio_id"), vec![s1, s2, s3]);
    let id = d["round"]["id"].as_i64().unwrap();
    // Nothing is proposed before publication.
    let (_, h) = alice
        .get_json(&format!("/api/v1/studios/{s1}/rounds"))
        .await;
    assert_eq!(h, json!([]));
    publish(
        &alice,
        id,
        &d,
        (work, veto),
        &[(s1, 95, 0), (s2, 65, 0), (s3, 80, 0)],
    )
    .await;
    // Star ratings read no studio round.
    let db = app.store().raw_connection();
    assert!(touyan_storage::round_outcome(db, id)
        .await
        .unwrap()
        .is_none());
    let (_, d) = alice.get_json(&format!("/api/v1/rounds/{id}")).await;
    let proposal = |s: i64| {
        d["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["studio_id"] == s)
            .unwrap()["proposal"]
            .clone()
    };
    assert_eq!(proposal(s1), "demonstration", "{d}");
    assert_eq!(proposal(s2), "warned");
    assert_eq!(proposal(s3), Value::Null);

    let (st, h) = alice
        .get_json(&format!("/api/v1/studios/{s1}/rounds"))
        .await;
    assert_eq!(st, StatusCode::OK, "{h}");
    assert_eq!(h[0]["round_title"], "2026年度工作室考核");
    assert_eq!(h[0]["score"], 9500);
    assert_eq!(h[0]["status"], "pending");
    let (_, p) = alice.get_json("/api/v1/studio-proposals").await;
    assert_eq!(p["total"], 2, "{p}");
    let (_, p) = bob.get_json("/api/v1/studio-proposals").await;
    assert_eq!(p["total"], 0, "{p}");

    // The sibling subtree sees and decides nothing; a reader decides nothing.
    let accept = format!("/api/v1/studios/{s1}/rounds/{id}/accept");
    let (st, _) = bob.get_json(&format!("/api/v1/studios/{s1}/rounds")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob
        .post(&accept, json!({"document_no": "乙〔2026〕1号"}))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = reader
        .post(&accept, json!({"document_no": "甲〔2026〕1号"}))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    // No proposal for this studio in this round: 404.
    let (st, _) = alice
        .post(
            &format!("/api/v1/studios/{s3}/rounds/{id}/accept"),
            json!({"document_no": "甲〔2026〕1号"}),
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // Accepting needs the decision's document number, then moves the studio.
    let (st, v) = alice.post(&accept, json!({})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field_error(&v, "document_no").is_empty(), "{v}");
    let (st, v) = alice
        .post(&accept, json!({"document_no": "甲工发〔2026〕9号"}))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "accepted");
    let (_, s) = alice.get_json(&format!("/api/v1/studios/{s1}")).await;
    assert_eq!(s["state"], "demonstration", "{s}");
    let (_, moves) = alice
        .get_json(&format!("/api/v1/studios/{s1}/transitions"))
        .await;
    assert_eq!(moves[0]["to_state"], "demonstration", "{moves}");
    assert_eq!(moves[0]["reason"], "2026年度工作室考核");
    assert_eq!(moves[0]["document_no"], "甲工发〔2026〕9号");
    let (st, _) = alice
        .post(&accept, json!({"document_no": "甲工发〔2026〕9号"}))
        .await;
    assert_eq!(st, StatusCode::CONFLICT);

    // Rejecting takes a reason and leaves the studio as it was.
    let reject = format!("/api/v1/studios/{s2}/rounds/{id}/reject");
    let (st, v) = alice.post(&reject, json!({"reason": ""})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = alice
        .post(&reject, json!({"reason": "已完成整改，暂不预警"}))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "rejected");
    let (_, s) = alice.get_json(&format!("/api/v1/studios/{s2}")).await;
    assert_eq!(s["state"], "listed");
    let (_, p) = alice.get_json("/api/v1/studio-proposals").await;
    assert_eq!(p["total"], 0, "{p}");

    // Both decisions are audited, and the lifecycle move with them.
    let (_, log) = admin
        .get_json("/api/v1/audit?record_type=studio_proposal")
        .await;
    assert_eq!(log["total"], 2, "{log}");
    let (_, log) = admin
        .get_json(&format!(
            "/api/v1/audit?record_type=studio&record_id={s1}&action=lifecycle"
        ))
        .await;
    assert!(log["total"].as_u64().unwrap() >= 2, "{log}");

    // The studio's page shows its history; the managers' list pages.
    let html = alice
        .get(&format!("/studios/{s1}/rounds"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("甲工发〔2026〕9号"), "{html}");
    let r = bob.get(&format!("/studios/{s1}/rounds")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = alice.get("/studio-proposals?per_page=10").await;
    assert_eq!(r.status(), StatusCode::OK);
    // A page form reports a missing reason beside the field.
    let r = alice
        .form(
            &format!("/studios/{s3}/rounds/{id}/reject"),
            &[("reason", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn chosen_organizations_are_picked_by_name_as_many_as_wanted() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let (rid, _, _) = rubric(&alice, t.a).await;
    let (rid_s, a_s, a1_s) = (rid.to_string(), t.a.to_string(), t.a1.to_string());
    // The form offers a picker of organizations by name, and one more on asking.
    let html = alice.get("/rounds/new").await.text().await.unwrap();
    assert!(html.contains("data-testid=\"target-pick\""), "{html}");
    assert!(html.contains("name=\"target_ids\""), "{html}");
    let r = alice.get("/rounds/new/target").await;
    assert_eq!(r.status(), StatusCode::OK);
    let piece = r.text().await.unwrap();
    assert!(piece.contains("data-picker") && piece.contains("name=\"target_ids\""));
    let base = [
        ("node_id", a_s.as_str()),
        ("rubric_id", rid_s.as_str()),
        ("title", "选定组织考核"),
        ("period", "2026"),
        ("target_mode", "chosen"),
    ];
    // Without script, "add" and "remove" bring the form back with the pickers as asked.
    let mut fields = base.to_vec();
    fields.extend([("target_ids", a1_s.as_str()), ("add_target", "1")]);
    let r = alice.form("/rounds/new", &fields).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert_eq!(
        html.matches("data-testid=\"target-pick\"").count(),
        2,
        "{html}"
    );
    assert!(
        html.contains(&format!("name=\"target_ids\" value=\"{a1_s}\"")),
        "{html}"
    );
    let mut fields = base.to_vec();
    fields.extend([
        ("target_ids", a1_s.as_str()),
        ("target_ids", ""),
        ("remove_target", "1"),
    ]);
    let r = alice.form("/rounds/new", &fields).await;
    let html = r.text().await.unwrap();
    assert_eq!(
        html.matches("data-testid=\"target-pick\"").count(),
        1,
        "{html}"
    );
    // A sibling's organization is refused beside the pickers, which keep what was picked.
    let mut fields = base.to_vec();
    let b1_s = t.b1.to_string();
    fields.extend([("target_ids", a1_s.as_str()), ("target_ids", b1_s.as_str())]);
    let r = alice.form("/rounds/new", &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("被考核组织须在本次考核组织之下"), "{html}");
    assert!(
        html.contains(&format!("name=\"target_ids\" value=\"{b1_s}\"")),
        "{html}"
    );
    // Two organizations picked, one blank picker left over.
    let a_self = t.a.to_string();
    let mut fields = base.to_vec();
    fields.extend([
        ("target_ids", a1_s.as_str()),
        ("target_ids", a_self.as_str()),
        ("target_ids", ""),
    ]);
    let r = alice.form("/rounds/new", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = r.headers()["location"].to_str().unwrap().to_string();
    let id = at
        .trim_start_matches("/rounds/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let (_, d) = alice.get_json(&format!("/api/v1/rounds/{id}")).await;
    assert_eq!(target_ids(&d, "node_id"), {
        let mut v = vec![t.a, t.a1];
        v.sort_unstable();
        v
    });
}

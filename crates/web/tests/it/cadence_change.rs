//! Change requests to locked activity records over HTTP: the recorder, refused a direct
//! change once the record is locked, proposes one; a superior approves it (the record and
//! compliance follow) or rejects it (the record stays); the author withdraws; one pending at
//! a time; a sibling subtree sees none of it; the page shows the values side by side; the
//! superior is told of a request and its author of the decision.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use touyan_storage::kit::today;

async fn html(s: &Session, p: &str) -> (StatusCode, String) {
    let r = s.get(p).await;
    (r.status(), r.text().await.unwrap())
}

/// Makes activity `id` look recorded long ago, so that it is locked.
async fn lock(app: &TestApp, id: i64) {
    use sea_orm::{ConnectionTrait, Statement};
    let conn = app.store().raw_connection();
    let q = format!("UPDATE cadence_activity SET recorded_on = '2020-01-01' WHERE id = {id}");
    conn.execute(Statement::from_string(conn.get_database_backend(), q))
        .await
        .unwrap();
}

/// How many activities of `ty` count as done this period under `node`.
async fn met(s: &Session, node: i64, ty: &str) -> u64 {
    s.compliance_line(node, None, ty)
        .await
        .and_then(|o| o["met"].as_u64())
        .unwrap_or_else(|| panic!("{ty} under {node}"))
}

/// A park with a branch of one member, the branch's own admin (who records its activities),
/// and an activity it recorded with that member on leave.
struct Setup {
    app: TestApp,
    t: Siblings,
    admin: Session,
    own: Session,
    alice: Session,
    bob: Session,
    reader: Session,
    id: i64,
    branch: i64,
    /// Today at 08:00 (Beijing), as activities give their time.
    now: String,
}

async fn setup() -> Setup {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let branch = admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    let mut body = person(branch, "老党员", date(1980, 1, 1), 1);
    body["status"] = json!("full");
    body["full_on"] = json!("2001-07-01");
    let (st, v) = admin.post("/api/v1/people", body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let old = v["id"].as_i64().unwrap();
    admin.create_user("zhibu", Some(branch), "org_admin").await;
    let own = app.login("zhibu", PASSWORD).await;
    let (st, a) = own
        .post(
            "/api/v1/activities",
            json!({"node_id": branch, "types": ["theme_day"], "held_at": "2026-11-20 09:00",
                   "topic": "主题党日", "attendance": [{"person_id": old, "status": "leave", "reason": "出差"}]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{a}");
    Setup {
        alice: app.login("alice", PASSWORD).await,
        bob: app.login("bob", PASSWORD).await,
        reader: app.login("reader", PASSWORD).await,
        id: a["id"].as_i64().unwrap(),
        now: format!("{} 08:00", today()),
        app,
        t,
        admin,
        own,
        branch,
    }
}

fn proposal(topic: &str, held_at: &str) -> Value {
    json!({"proposed": {"types": ["theme_day"], "held_at": held_at, "topic": topic},
           "reason": "活动时间登记错误"})
}

#[tokio::test]
async fn the_recorder_proposes_and_a_superior_approves_a_change_to_a_locked_record() {
    let Setup {
        app,
        t,
        admin,
        own,
        alice,
        bob,
        reader,
        id,
        branch,
        now,
        ..
    } = setup().await;
    let changes = format!("/api/v1/activities/{id}/changes");
    let proposal = |topic: &str| proposal(topic, &now);

    // Not locked yet: changed directly, no request taken.
    let (st, v) = own.post(&changes, proposal("主题党日")).await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");

    // Locked: the recorder is refused a direct change and proposes one instead.
    lock(&app, id).await;
    let before = met(&alice, t.a, "theme_day").await;
    let (st, v) = own
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/activities/{id}"),
            json!({"node_id": branch, "types": ["theme_day"], "held_at": now, "topic": "改"}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    let (st, v) = own
        .post(
            &changes,
            json!({"proposed": {"types": ["theme_day"], "held_at": "2099-01-01 09:00", "topic": ""}}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    for f in ["reason", "held_at", "topic"] {
        assert!(!field_error(&v, f).is_empty(), "{f}: {v}");
    }
    let (st, c) = own.post(&changes, proposal("主题党日（补正）")).await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    assert_eq!(
        (&c["state"], &c["may_withdraw"], &c["may_decide"]),
        (&json!("pending"), &json!(true), &json!(false)),
        "{c}"
    );
    let cid = c["id"].as_i64().unwrap();
    // The superior is told in the bell; the request is read alone, 404 out of reach.
    let (_, bell) = alice.get_json("/api/v1/notifications").await;
    assert_eq!(
        bell["items"][0]["kind"], "cadence.notice_change_asked",
        "{bell}"
    );
    assert!(
        bell["items"][0]["text"]
            .as_str()
            .unwrap_or("")
            .contains("主题党日"),
        "{bell}"
    );
    let (_, mine) = own.get_json("/api/v1/notifications").await;
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(0), "{mine}");
    let one = format!("{changes}/{cid}");
    for s in [&own, &alice, &reader] {
        let (st, v) = s.get_json(&one).await;
        assert_eq!(st, StatusCode::OK, "{v}");
        assert_eq!(
            (v["id"].as_i64(), &v["state"]),
            (Some(cid), &json!("pending"))
        );
    }
    assert_eq!(bob.get_json(&one).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        own.get_json(&format!("{changes}/{}", cid + 1000)).await.0,
        StatusCode::NOT_FOUND
    );
    let (st, v) = own.post(&changes, proposal("又一次")).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "one pending: {v}");
    assert!(field_error(&v, "change").contains("待审批"), "{v}");

    // A sibling subtree finds nothing; the recorder and a reader do not decide.
    let (st, _) = bob.get_json(&changes).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    for step in ["approve", "reject", "withdraw"] {
        let (st, _) = bob
            .post(&format!("{changes}/{cid}/{step}"), json!({"note": "x"}))
            .await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{step}");
    }
    let (st, _) = bob.post(&changes, proposal("别人")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = own
        .post(&format!("{changes}/{cid}/approve"), json!({}))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN, "the recorder is no superior");
    let (st, _) = reader
        .post(&format!("{changes}/{cid}/approve"), json!({}))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, list) = reader.get_json(&changes).await;
    assert_eq!(st, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (st, _) = alice
        .post(&format!("{changes}/{cid}/withdraw"), json!({}))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN, "only its author withdraws");

    // The superior sees it waiting: on the workbench and beside the record.
    let home = alice.get("/").await.text().await.unwrap();
    assert!(home.contains("待审批的组织生活记录修改申请"), "{home}");
    assert!(home.contains("href=\"/activities?changes=pending\""));
    let (st, list) = alice.get_json("/api/v1/activities?changes=pending").await;
    assert_eq!(st, StatusCode::OK, "{list}");
    assert_eq!(list["total"], 1, "{list}");
    let (_, page) = html(&alice, &format!("/activities/{id}")).await;
    assert!(
        page.contains("data-testid=\"change-diff\"")
            && page.contains("主题党日（补正）")
            && page.contains("data-testid=\"change-approve\""),
        "{page}"
    );
    let (_, page) = html(&own, &format!("/activities/{id}")).await;
    assert!(
        page.contains("data-testid=\"change-withdraw\"")
            && !page.contains("data-testid=\"change-approve\""),
        "{page}"
    );

    // A rejection needs its reason; approving writes the values and moves compliance.
    let (st, v) = alice
        .post(&format!("{changes}/{cid}/reject"), json!({}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(field_error(&v, "note").contains("理由"), "{v}");
    let (st, c) = alice
        .post(&format!("{changes}/{cid}/approve"), json!({}))
        .await;
    assert_eq!(st, StatusCode::OK, "{c}");
    assert_eq!(c["state"], "approved");
    assert_eq!(c["decided_by"], "alice");
    let (_, bell) = own.get_json("/api/v1/notifications").await;
    assert_eq!(
        bell["items"][0]["kind"], "cadence.notice_change_approved",
        "{bell}"
    );
    assert_eq!(
        bell["items"][0]["link"],
        format!("/activities/{id}"),
        "{bell}"
    );
    let (_, a) = alice.get_json(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(
        (&a["topic"], &a["held_at"], &a["on_leave"], &a["present"]),
        (
            &json!("主题党日（补正）"),
            &json!(now),
            &json!(0),
            &json!(1)
        ),
        "{a}"
    );
    assert_eq!(met(&alice, t.a, "theme_day").await, before + 1);
    let (st, _) = alice
        .post(&format!("{changes}/{cid}/approve"), json!({}))
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "decided already");
    let (_, log) = admin
        .get_json(&format!(
            "/api/v1/audit?record_type=cadence_activity&record_id={id}&action=update"
        ))
        .await;
    assert_eq!(log["total"], 1, "the record's change is audited: {log}");
    let (_, log) = admin
        .get_json(&format!(
            "/api/v1/audit?record_type=cadence_change&record_id={cid}&action=approve_change"
        ))
        .await;
    assert_eq!(log["total"], 1, "{log}");
    let (_, list) = alice.get_json("/api/v1/activities?changes=pending").await;
    assert_eq!(list["total"], 0, "{list}");
}

#[tokio::test]
async fn a_rejected_or_withdrawn_request_keeps_the_record() {
    let Setup {
        app,
        admin,
        own,
        alice,
        id,
        now,
        ..
    } = setup().await;
    let changes = format!("/api/v1/activities/{id}/changes");
    lock(&app, id).await;

    // Rejected: the record stays, and the reason is kept.
    let (st, c) = own.post(&changes, proposal("再改一次", &now)).await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    let cid = c["id"].as_i64().unwrap();
    let (st, c) = alice
        .post(
            &format!("{changes}/{cid}/reject"),
            json!({"note": "记录无误"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{c}");
    assert_eq!(
        (&c["state"], &c["decision_note"]),
        (&json!("rejected"), &json!("记录无误"))
    );
    let (_, bell) = own.get_json("/api/v1/notifications").await;
    assert_eq!(
        bell["items"][0]["kind"], "cadence.notice_change_rejected",
        "{bell}"
    );
    assert!(
        bell["items"][0]["text"]
            .as_str()
            .unwrap_or("")
            .contains("被驳回"),
        "{bell}"
    );
    let (_, a) = own.get_json(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(
        (&a["topic"], &a["on_leave"]),
        (&json!("主题党日"), &json!(1)),
        "{a}"
    );
    let (_, page) = html(&own, &format!("/activities/{id}")).await;
    assert!(
        page.contains("已驳回") && page.contains("记录无误"),
        "{page}"
    );

    // Through the page: asked with the prefilled form, withdrawn by its author.
    let r = own
        .form(
            &format!("/activities/{id}/changes"),
            &[
                ("types", "theme_day"),
                ("held_at", &now),
                ("topic", "页面申请"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("必填"));
    let r = own
        .form(
            &format!("/activities/{id}/changes"),
            &[
                ("types", "theme_day"),
                ("held_at", &now),
                ("topic", "页面申请"),
                ("reason", "补记"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = own.get_json(&changes).await;
    let cid = list[0]["id"].as_i64().unwrap();
    assert_eq!(list[0]["proposed"]["topic"], "页面申请", "{list}");
    let r = alice
        .form(
            &format!("/activities/{id}/changes/{cid}/reject"),
            &[("note", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("驳回须填写理由"));
    let r = own
        .form(&format!("/activities/{id}/changes/{cid}/withdraw"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = own.get_json(&changes).await;
    assert_eq!(list[0]["state"], "withdrawn", "{list}");
    let (_, a) = own.get_json(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(a["topic"], "主题党日");

    // Every step is in the audit log.
    let (st, log) = admin
        .get_json("/api/v1/audit?record_type=cadence_change")
        .await;
    assert_eq!(st, StatusCode::OK, "{log}");
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for a in ["propose_change", "reject_change", "withdraw_change"] {
        assert!(actions.contains(&a), "{a}: {actions:?}");
    }
}

//! Mentorship (名师帮带) and training sessions (学习培训) of a studio over HTTP: records and
//! their rules, the apprentice's growth ledger, materials, the spreadsheet, the pages; a user
//! of a sibling subtree finds none of it, and a delisted studio takes no new records.

use crate::common::*;
use calamine::{Data, Reader, Xlsx};
use chrono::{Duration, NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::io::Cursor;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// Today in Beijing, the day the server checks dates against.
fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

fn days_ago(n: i64) -> String {
    (today() - Duration::days(n)).to_string()
}

/// A person with a valid identity number (GB 11643 check character) at `node`.
async fn person(s: &Session, node: i64, name: &str, seq: u32) -> i64 {
    let birth = NaiveDate::from_ymd_opt(1985, 3, 1 + seq % 27).unwrap();
    let first = format!("370702{}{:03}", birth.format("%Y%m%d"), seq);
    let sum: u32 = first
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let id = format!("{first}{}", CHECK[(sum % 11) as usize] as char);
    let gender = if seq % 2 == 1 { "male" } else { "female" };
    let (st, v) = s
        .post(
            "/api/v1/people",
            json!({"node_id": node, "name": name, "gender": gender,
                   "birth_date": birth.to_string(), "id_number": id}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "person {name}: {v}");
    v["id"].as_i64().unwrap()
}

/// A studio hosted at `node`, listed (挂牌) so that it takes records.
async fn listed_studio(s: &Session, node: i64, name: &str, leader: Option<i64>) -> i64 {
    let (st, v) = s
        .post(
            "/api/v1/studios",
            json!({"name": name, "kind": "secretary", "level": "district",
                   "node_id": node, "leader_id": leader}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "studio {name}: {v}");
    let id = v["id"].as_i64().unwrap();
    let (st, v) = s
        .post(
            &format!("/api/v1/studios/{id}/transitions"),
            json!({"to": "listed", "on": days_ago(400), "reason": "评审通过",
                   "document_no": "区党工委〔2024〕1号"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "list {name}: {v}");
    id
}

async fn delist(s: &Session, id: i64) {
    let (st, v) = s
        .post(
            &format!("/api/v1/studios/{id}/transitions"),
            json!({"to": "delisted", "on": days_ago(0), "reason": "考核不合格",
                   "document_no": "区党工委〔2025〕9号"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "delist: {v}");
}

async fn add_member(s: &Session, studio: i64, person: i64, role: &str) {
    let (st, v) = s
        .post(
            &format!("/api/v1/studios/{studio}/members"),
            json!({"person_id": person, "role": role, "joined_on": days_ago(390)}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "member {person}: {v}");
}

fn fields(v: &Value) -> Vec<String> {
    v["error"]["fields"]
        .as_object()
        .unwrap_or_else(|| panic!("field errors: {v}"))
        .keys()
        .cloned()
        .collect()
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or_else(|| panic!("{v}"))
}

fn message(v: &Value) -> &str {
    v["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("{v}"))
}

fn ids(v: &Value) -> Vec<i64> {
    v["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a list: {v}"))
        .iter()
        .map(|x| x["id"].as_i64().unwrap())
        .collect()
}

/// A pair mentorship body.
fn pair(mentor: i64, apprentice: i64, started: &str) -> Value {
    json!({"title": "数控车工一对一带教", "mentor_id": mentor, "shape": "pair",
           "apprentices": [{"person_id": apprentice}], "started_on": started,
           "goals": "一年内独立完成精密零件加工", "plan": "每月两次现场带教"})
}

fn sheet_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an .xlsx workbook");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

struct World {
    app: TestApp,
    sib: Siblings,
    alice: Session,
    bob: Session,
    reader: Session,
    studio: i64,
    mentor: i64,
    apprentices: Vec<i64>,
}

/// Park A's studio with a mentor and seven people to teach; alice runs park A, bob the
/// sibling park B, `reader` reads park A.
async fn world() -> World {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let mentor = person(&alice, sib.a1, "王师傅", 1).await;
    let mut apprentices = vec![];
    for (i, n) in ["李徒", "张徒", "赵徒", "钱徒", "孙徒", "周徒", "吴徒"]
        .iter()
        .enumerate()
    {
        apprentices.push(person(&alice, sib.a1, n, 10 + i as u32).await);
    }
    let studio = listed_studio(&alice, sib.a, "王师傅书记工作室", Some(mentor)).await;
    add_member(&alice, studio, mentor, "core").await;
    for p in &apprentices {
        add_member(&alice, studio, *p, "trainee").await;
    }
    World {
        app,
        sib,
        alice,
        bob,
        reader,
        studio,
        mentor,
        apprentices,
    }
}

#[tokio::test]
async fn studio_mentorship_records_rules_and_ledger() {
    let w = world().await;
    let (a, sid) = (&w.alice, w.studio);
    let base = format!("/api/v1/studios/{sid}/mentorships");
    let (p1, p2) = (w.apprentices[0], w.apprentices[1]);

    // A pair: one apprentice, who is core.
    let (st, m) = a.post(&base, pair(w.mentor, p1, &days_ago(100))).await;
    assert_eq!(st, StatusCode::CREATED, "{m}");
    let mid = m["id"].as_i64().unwrap();
    assert_eq!(m["mentor_name"], "王师傅");
    assert_eq!(m["apprentices"][0]["person_name"], "李徒");
    assert_eq!(m["apprentices"][0]["tier"], "core");
    assert_eq!(m["studio_name"], "王师傅书记工作室");

    // A pair with two apprentices, a mentor teaching himself, a date in the future: all
    // named at once.
    let mut bad = pair(w.mentor, p1, &days_ago(-3));
    bad["apprentices"] = json!([{"person_id": p1}, {"person_id": w.mentor}]);
    bad["goals"] = json!("");
    let (st, v) = a.post(&base, bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        fields(&v),
        [
            "apprentices",
            "apprentices.1.person_id",
            "goals",
            "started_on"
        ]
    );
    // Six core apprentices in a "1+5+N" group.
    let six: Vec<Value> = w.apprentices[..6]
        .iter()
        .map(|p| json!({"person_id": p, "tier": "core"}))
        .collect();
    let mut group = pair(w.mentor, p1, &days_ago(60));
    group["shape"] = json!("group");
    group["apprentices"] = json!(six);
    let (st, v) = a.post(&base, group.clone()).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["apprentices"]);
    // Five core and two others is the 1+5+N shape.
    let mut list: Vec<Value> = w.apprentices[..5]
        .iter()
        .map(|p| json!({"person_id": p, "tier": "core"}))
        .collect();
    list.extend(w.apprentices[5..].iter().map(|p| json!({"person_id": p})));
    group["apprentices"] = json!(list);
    group["title"] = json!("青年书记“1+5+N”团队带教");
    let (st, g) = a.post(&base, group).await;
    assert_eq!(st, StatusCode::CREATED, "{g}");
    let gid = g["id"].as_i64().unwrap();
    let tiers: Vec<&str> = g["apprentices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["tier"].as_str().unwrap())
        .collect();
    assert_eq!(
        tiers,
        ["core", "core", "core", "core", "core", "other", "other"]
    );
    // A person from outside the caller's reach is unknown, on the field that names them.
    let outsider = person(&w.bob, w.sib.b1, "乙园区人员", 40).await;
    let (st, v) = a.post(&base, pair(w.mentor, outsider, &days_ago(10))).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["apprentices.0.person_id"]);

    // List, filter, get.
    let (st, v) = a.get_json(&base).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(ids(&v), [gid, mid], "newest start first");
    let (_, v) = a.get_json(&format!("{base}?person={p2}")).await;
    assert_eq!(ids(&v), [gid]);
    let (st, v) = w.reader.get_json(&format!("{base}/{mid}")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["goals"], "一年内独立完成精密零件加工");
    // Reading is not writing.
    let (st, _) = w
        .reader
        .post(
            &format!("{base}/{mid}/sessions"),
            json!({"held_on": days_ago(5), "content": "x", "hours": 1}),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // Update: PATCH keeps what it does not name; null clears the plan.
    let (st, v) = a
        .patch(
            &format!("{base}/{mid}"),
            json!({"title": "数控车工精密加工一对一带教", "plan": null,
                   "planned_end_on": days_ago(-200)}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["title"], "数控车工精密加工一对一带教");
    assert_eq!(v["plan"], Value::Null);
    assert_eq!(v["goals"], "一年内独立完成精密零件加工");
    let (st, v) = a
        .patch(
            &format!("{base}/{mid}"),
            json!({"planned_end_on": days_ago(101)}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["planned_end_on"]);

    // Sessions: between the start and today, 0.5–24 hours with one decimal.
    let sessions = format!("{base}/{mid}/sessions");
    let (st, s1) = a
        .post(
            &sessions,
            json!({"held_on": days_ago(90), "content": "讲解零件图纸与公差", "hours": 1.5}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{s1}");
    assert_eq!(s1["hours"], 1.5);
    let (st, v) = a
        .post(
            &sessions,
            json!({"held_on": days_ago(30), "content": "现场操作示范", "hours": "2"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (st, v) = a
        .post(
            &sessions,
            json!({"held_on": days_ago(101), "content": "开班前", "hours": 1}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["held_on"]);
    let (st, v) = a
        .post(
            &sessions,
            json!({"held_on": days_ago(3), "content": "", "hours": 1.25}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["content", "hours"]);
    let (st, v) = a
        .post(
            &sessions,
            json!({"held_on": days_ago(3), "content": "复盘", "hours": 25}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["hours"]);
    // A mistaken session can go while the mentorship is open.
    let (st, extra) = a
        .post(
            &sessions,
            json!({"held_on": days_ago(20), "content": "误录", "hours": 1}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{extra}");
    let st = a
        .delete(&format!("{sessions}/{}", extra["id"].as_i64().unwrap()))
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    // The start cannot move after a recorded session.
    let (st, v) = a
        .patch(
            &format!("{base}/{mid}"),
            json!({"started_on": days_ago(50)}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["started_on"]);

    // Outcomes: for an apprentice of this mentorship only.
    let outcomes = format!("{base}/{mid}/outcomes");
    let (st, v) = a
        .post(&outcomes, json!({"person_id": p2, "kind": "certified", "achieved_on": days_ago(10), "description": "x"}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["person_id"]);
    let (st, o1) = a
        .post(
            &outcomes,
            json!({"person_id": p1, "kind": "certified", "achieved_on": days_ago(10),
                                "description": "取得数控车工高级工证书"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{o1}");
    assert_eq!(o1["person_name"], "李徒");
    let (st, o2) = a
        .post(
            &outcomes,
            json!({"person_id": p1, "kind": "award", "achieved_on": days_ago(9),
                                "description": "误录的获奖"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{o2}");
    let st = a
        .delete(&format!("{outcomes}/{}", o2["id"].as_i64().unwrap()))
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let st = a
        .delete(&format!("{outcomes}/{}", o2["id"].as_i64().unwrap()))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    // An apprentice with outcomes stays on the list.
    let (st, v) = a
        .patch(
            &format!("{base}/{mid}"),
            json!({"apprentices": [{"person_id": p2}]}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["apprentices"]);

    // Closing: not before the last session; then no more sessions, but outcomes still.
    let close = format!("{base}/{mid}/close");
    let (st, v) = a
        .post(
            &close,
            json!({"closed_on": days_ago(31), "grade": "excellent", "comment": "圆满完成"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["closed_on"]);
    let (st, v) = a
        .post(
            &close,
            json!({"closed_on": days_ago(5), "grade": "top", "comment": ""}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["comment", "grade"]);
    let (st, v) = a
        .post(
            &close,
            json!({"closed_on": days_ago(5), "grade": "excellent", "comment": "圆满完成带教目标"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["grade"], "excellent");
    assert_eq!(v["closed_on"], days_ago(5));
    assert_eq!(v["hours"], 3.5);
    let (st, v) = a
        .post(
            &sessions,
            json!({"held_on": days_ago(1), "content": "结业后", "hours": 1}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert_eq!(code(&v), "refused");
    assert!(message(&v).contains("已结业"), "{v}");
    let (st, v) = a
        .post(
            &close,
            json!({"closed_on": days_ago(1), "grade": "good", "comment": "再次"}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    let (st, v) = a
        .post(
            &outcomes,
            json!({"person_id": p1, "kind": "promoted", "achieved_on": days_ago(2),
                                "description": "提拔为车间副主任"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (_, v) = a.get_json(&format!("{base}/{mid}")).await;
    assert_eq!(v["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(v["outcomes"].as_array().unwrap().len(), 2);
    let (_, v) = a.get_json(&format!("{base}?state=closed")).await;
    assert_eq!(ids(&v), [mid]);
    let (_, v) = a.get_json(&format!("{base}?state=open")).await;
    assert_eq!(ids(&v), [gid]);

    // Counts for the overview.
    let (st, c) = a.get_json(&format!("{base}/counts")).await;
    assert_eq!(st, StatusCode::OK, "{c}");
    assert_eq!(c["mentorships_open"], 1);
    assert_eq!(c["mentorships_closed"], 1);
    assert_eq!(c["apprentices"], 7);
    assert_eq!(c["sessions"], 2);
    assert_eq!(c["outcomes"]["certified"], 1);
    assert_eq!(c["outcomes"]["promoted"], 1);

    // The apprentice's growth ledger shows the mentorship, its outcomes and the grade; the
    // mentor's shows the mentoring.
    let (st, l) = a.get_json(&format!("/api/v1/people/{p1}/ledger")).await;
    assert_eq!(st, StatusCode::OK, "{l}");
    let kinds: Vec<&str> = l
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["source"] == "mentorship")
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for k in [
        "ment.apprentice_started",
        "ment.outcome_certified",
        "ment.outcome_promoted",
        "ment.closed_excellent",
    ] {
        assert!(kinds.contains(&k), "{k} in {l}");
    }
    let started = l
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "ment.apprentice_started")
        .unwrap();
    assert_eq!(started["title"], "王师傅 (王师傅书记工作室)");
    let certified = l
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "ment.outcome_certified")
        .unwrap();
    assert_eq!(certified["title"], "取得数控车工高级工证书");
    assert_eq!(certified["on"], days_ago(10));
    let (_, l) = a
        .get_json(&format!("/api/v1/people/{}/ledger", w.mentor))
        .await;
    let mentoring = l
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "ment.mentor_started")
        .count();
    assert_eq!(mentoring, 2, "{l}");

    // The spreadsheet, with Chinese headers.
    let (st, bytes) = a.get_bytes(&format!("{base}/export.xlsx")).await;
    assert_eq!(st, StatusCode::OK);
    let rows = sheet_rows(&bytes);
    assert_eq!(rows[0][0], "编号");
    assert_eq!(rows[0][3], "导师");
    assert_eq!(rows.len(), 3);
    let closed = rows.iter().find(|r| r[0] == mid.to_string()).unwrap();
    assert_eq!(closed[4], "一对一带教");
    assert_eq!(closed[5], "李徒（核心学员）");
    assert_eq!(closed[10], "3.5");
    assert_eq!(closed[13], "优秀");
    let (st, bytes) = a.get_bytes("/api/v1/mentorships/export.xlsx").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(sheet_rows(&bytes).len(), 3);

    // Delete: the mentorship goes with its sessions and outcomes; the ledger forgets it.
    let st = a.delete(&format!("{base}/{mid}")).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, _) = a.get_json(&format!("{base}/{mid}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, l) = a.get_json(&format!("/api/v1/people/{p1}/ledger")).await;
    assert!(
        !l.as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "ment.outcome_certified"),
        "{l}"
    );
    // The endpoints are in the OpenAPI document.
    let (_, doc) = a.get_json("/api/openapi.json").await;
    for p in [
        "/api/v1/studios/{id}/mentorships",
        "/api/v1/studios/{id}/mentorships/{mid}/close",
        "/api/v1/studios/{id}/sessions/{sid}/materials",
        "/api/v1/mentorships/export.xlsx",
    ] {
        assert!(doc["paths"][p].is_object(), "{p} documented");
    }
    // Every write was audited.
    let (st, v) = w
        .app
        .admin()
        .await
        .get_json("/api/v1/audit?record_type=studio_mentorship&per_page=50")
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let actions: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["record_type"] == "studio_mentorship")
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for act in ["create", "update", "close", "delete"] {
        assert!(actions.contains(&act), "{act} in {actions:?}");
    }
}

#[tokio::test]
async fn studio_mentorship_training_sessions_and_materials() {
    let w = world().await;
    let (a, sid) = (&w.alice, w.studio);
    let base = format!("/api/v1/studios/{sid}/sessions");

    let (st, t) = a
        .post(
            &base,
            json!({"topic": "学习贯彻党的二十届三中全会精神", "held_on": days_ago(20),
                   "expected": 3, "attended": 2, "place": "工作室会议室", "shared": true}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{t}");
    let tid = t["id"].as_i64().unwrap();
    assert_eq!(t["attendance_rate"], 66.7);
    assert_eq!(t["shared"], true);
    let (st, t2) = a
        .post(
            &base,
            json!({"topic": "党务工作实务", "held_on": days_ago(10), "expected": 5, "attended": 5}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{t2}");
    assert_eq!(t2["shared"], false);
    assert_eq!(t2["attendance_rate"], 100.0);

    // Bad input names every field.
    let (st, v) = a
        .post(
            &base,
            json!({"topic": "", "held_on": days_ago(-1), "expected": 0, "attended": 0}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["expected", "held_on", "topic"]);
    let (st, v) = a
        .post(
            &base,
            json!({"topic": "x", "held_on": days_ago(1), "expected": 4, "attended": 5}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["attended"]);
    let (st, v) = a
        .post(
            &base,
            json!({"topic": "x", "held_on": days_ago(1), "expected": "many"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

    let (st, v) = a.get_json(&base).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(ids(&v), [t2["id"].as_i64().unwrap(), tid]);
    let (st, v) = a
        .patch(
            &format!("{base}/{tid}"),
            json!({"attended": 3, "place": null}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["attendance_rate"], 100.0);
    assert_eq!(v["place"], Value::Null);
    assert_eq!(v["topic"], "学习贯彻党的二十届三中全会精神");
    let (st, v) = a
        .patch(&format!("{base}/{tid}"), json!({"attended": 4}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

    // Materials: checked by content, listed with the session, downloaded in scope.
    let url = format!("{base}/{tid}/materials");
    let (st, f) = a.upload(&url, "讲义.pdf", b"%PDF-1.4 handout").await;
    assert_eq!(st, StatusCode::CREATED, "{f}");
    let fid = f["id"].as_i64().unwrap();
    assert_eq!(f["owner_kind"], "training");
    let (st, v) = a.upload(&url, "讲义.pdf", b"not a pdf").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["file"]);
    let (st, v) = a.upload(&url, "", b"").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), ["file"]);
    let (_, v) = a.get_json(&format!("{base}/{tid}")).await;
    assert_eq!(v["materials"][0]["file_name"], "讲义.pdf");
    let (st, bytes) = a.get_bytes(&format!("/studios/files/{fid}")).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(bytes, b"%PDF-1.4 handout");

    // Counts: average attendance over everyone expected.
    let (_, c) = a
        .get_json(&format!("/api/v1/studios/{sid}/mentorships/counts"))
        .await;
    assert_eq!(c["training_sessions"], 2);
    assert_eq!(c["average_attendance"], 100.0);

    // Delete takes the materials with it.
    let st = a.delete(&format!("{base}/{tid}")).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, _) = a.get_json(&format!("{base}/{tid}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = a.get_bytes(&format!("/studios/files/{fid}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn studio_mentorship_sibling_subtree_finds_nothing() {
    let w = world().await;
    let (a, b, sid) = (&w.alice, &w.bob, w.studio);
    let base = format!("/api/v1/studios/{sid}/mentorships");
    let (_, m) = a
        .post(&base, pair(w.mentor, w.apprentices[0], &days_ago(60)))
        .await;
    let mid = m["id"].as_i64().unwrap();
    let (st, s) = a
        .post(
            &format!("{base}/{mid}/sessions"),
            json!({"held_on": days_ago(50), "content": "带教", "hours": 2}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{s}");
    let rid = s["id"].as_i64().unwrap();
    let (_, o) = a
        .post(
            &format!("{base}/{mid}/outcomes"),
            json!({"person_id": w.apprentices[0], "kind": "subproject",
               "achieved_on": days_ago(40), "description": "承担工艺改进子项目"}),
        )
        .await;
    let oid = o["id"].as_i64().unwrap();
    let tbase = format!("/api/v1/studios/{sid}/sessions");
    let (_, t) = a
        .post(
            &tbase,
            json!({"topic": "党课", "held_on": days_ago(5), "expected": 10, "attended": 9}),
        )
        .await;
    let tid = t["id"].as_i64().unwrap();
    let (_, f) = a
        .upload(
            &format!("{tbase}/{tid}/materials"),
            "课件.pdf",
            b"%PDF-1.7 x",
        )
        .await;
    let fid = f["id"].as_i64().unwrap();

    // Every read and every write from the sibling subtree is a 404, like a missing record.
    for p in [
        base.clone(),
        format!("{base}/{mid}"),
        format!("{base}/counts"),
        format!("{base}/export.xlsx"),
        tbase.clone(),
        format!("{tbase}/{tid}"),
    ] {
        let r = b.get(&p).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "GET {p}");
    }
    let (st, _) = b.get_bytes(&format!("/studios/files/{fid}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let writes = [
        (base.clone(), pair(w.mentor, w.apprentices[1], &days_ago(1))),
        (
            format!("{base}/{mid}/sessions"),
            json!({"held_on": days_ago(1), "content": "x", "hours": 1}),
        ),
        (
            format!("{base}/{mid}/close"),
            json!({"closed_on": days_ago(1), "grade": "good", "comment": "x"}),
        ),
        (
            format!("{base}/{mid}/outcomes"),
            json!({"person_id": w.apprentices[0], "kind": "award",
            "achieved_on": days_ago(1), "description": "x"}),
        ),
        (
            tbase.clone(),
            json!({"topic": "x", "held_on": days_ago(1), "expected": 1, "attended": 1}),
        ),
    ];
    for (p, body) in writes {
        let (st, v) = b.post(&p, body).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "POST {p}: {v}");
    }
    let (st, _) = b
        .patch(&format!("{base}/{mid}"), json!({"title": "改名"}))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = b
        .patch(&format!("{tbase}/{tid}"), json!({"topic": "改名"}))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = b
        .upload(&format!("{tbase}/{tid}/materials"), "a.pdf", b"%PDF-1.4 y")
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    for p in [
        format!("{base}/{mid}/sessions/{rid}"),
        format!("{base}/{mid}/outcomes/{oid}"),
        format!("{base}/{mid}"),
        format!("{tbase}/{tid}"),
    ] {
        assert_eq!(b.delete(&p).await, StatusCode::NOT_FOUND, "DELETE {p}");
    }
    // Ids of another studio's records under one's own studio are 404 as well.
    let own = listed_studio(b, w.sib.b, "乙园区书记工作室", None).await;
    for p in [
        format!("/api/v1/studios/{own}/mentorships/{mid}"),
        format!("/api/v1/studios/{own}/sessions/{tid}"),
    ] {
        assert_eq!(b.get(&p).await.status(), StatusCode::NOT_FOUND, "GET {p}");
    }
    let (st, _) = b
        .post(
            &format!("/api/v1/studios/{own}/mentorships/{mid}/sessions"),
            json!({"held_on": days_ago(1), "content": "x", "hours": 1}),
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(
        b.delete(&format!("/api/v1/studios/{own}/sessions/{tid}"))
            .await,
        StatusCode::NOT_FOUND
    );
    let (_, v) = b
        .get_json(&format!("/api/v1/studios/{own}/mentorships"))
        .await;
    assert_eq!(ids(&v), Vec::<i64>::new(), "an empty list");
    // The scope-wide export is empty for the sibling and full for the owner.
    let (st, bytes) = b.get_bytes("/api/v1/mentorships/export.xlsx").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(sheet_rows(&bytes).len(), 1, "headers only");
    let (_, bytes) = a.get_bytes("/api/v1/mentorships/export.xlsx").await;
    assert_eq!(sheet_rows(&bytes).len(), 2);
    // The pages answer 404 too.
    for p in [
        format!("/studios/{sid}/mentorships"),
        format!("/studios/{sid}/mentorships/{mid}"),
        format!("/studios/{sid}/training"),
    ] {
        assert_eq!(b.get(&p).await.status(), StatusCode::NOT_FOUND, "{p}");
    }
    // Nothing was changed by any of it.
    let (_, v) = a.get_json(&format!("{base}/{mid}")).await;
    assert_eq!(v["title"], "数控车工一对一带教");
    assert_eq!(v["sessions"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn studio_mentorship_delisted_studio_takes_no_new_records() {
    let w = world().await;
    let (a, sid) = (&w.alice, w.studio);
    let base = format!("/api/v1/studios/{sid}/mentorships");
    let (_, m) = a
        .post(&base, pair(w.mentor, w.apprentices[0], &days_ago(60)))
        .await;
    let mid = m["id"].as_i64().unwrap();
    let tbase = format!("/api/v1/studios/{sid}/sessions");
    let (_, t) = a
        .post(
            &tbase,
            json!({"topic": "党课", "held_on": days_ago(5), "expected": 10, "attended": 9}),
        )
        .await;
    let tid = t["id"].as_i64().unwrap();
    delist(a, sid).await;

    let creates = [
        (base.clone(), pair(w.mentor, w.apprentices[1], &days_ago(1))),
        (
            format!("{base}/{mid}/sessions"),
            json!({"held_on": days_ago(1), "content": "x", "hours": 1}),
        ),
        (
            format!("{base}/{mid}/close"),
            json!({"closed_on": days_ago(1), "grade": "good", "comment": "x"}),
        ),
        (
            format!("{base}/{mid}/outcomes"),
            json!({"person_id": w.apprentices[0], "kind": "award",
            "achieved_on": days_ago(1), "description": "x"}),
        ),
        (
            tbase.clone(),
            json!({"topic": "x", "held_on": days_ago(1), "expected": 1, "attended": 1}),
        ),
    ];
    for (p, body) in creates {
        let (st, v) = a.post(&p, body).await;
        assert_eq!(st, StatusCode::CONFLICT, "POST {p}: {v}");
        assert_eq!(code(&v), "refused");
        assert!(message(&v).contains("摘牌"), "{v}");
    }
    let (st, _) = a
        .upload(&format!("{tbase}/{tid}/materials"), "a.pdf", b"%PDF-1.4 y")
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (st, _) = a
        .patch(&format!("{base}/{mid}"), json!({"title": "改名"}))
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert_eq!(
        a.delete(&format!("{tbase}/{tid}")).await,
        StatusCode::CONFLICT
    );
    // The history stays readable.
    let (st, v) = a.get_json(&format!("{base}/{mid}")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = a.get_json(&tbase).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(ids(&v), [tid]);
    // The pages show it without add forms.
    let html = a
        .get(&format!("/studios/{sid}/mentorships"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("数控车工一对一带教"));
    assert!(
        !html.contains("name=\"mentor_id\""),
        "no add form when delisted"
    );
}

#[tokio::test]
async fn studio_mentorship_pages() {
    let w = world().await;
    let (a, sid) = (&w.alice, w.studio);
    let (p1, p2) = (w.apprentices[0], w.apprentices[1]);

    let r = a.get(&format!("/studios/{sid}/mentorships")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("名师帮带"));
    assert!(html.contains("李徒"), "members to pick from");

    // A pair with two apprentices re-renders with the error beside the field.
    let (m, s1, s2) = (w.mentor.to_string(), p1.to_string(), p2.to_string());
    let (t1, t2) = (format!("tier_{p1}"), format!("tier_{p2}"));
    let started = days_ago(30);
    let fields: Vec<(&str, &str)> = vec![
        ("shape", "pair"),
        ("title", "钳工一对一带教"),
        ("mentor_id", &m),
        ("apprentice", &s1),
        (&t1, "core"),
        ("apprentice", &s2),
        (&t2, "other"),
        ("started_on", &started),
        ("goals", "掌握钳工基本功"),
    ];
    let r = a
        .form(&format!("/studios/{sid}/mentorships"), &fields)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("一对一带教只能有一名学员"), "{html}");
    assert!(
        html.contains("钳工一对一带教"),
        "the form keeps what was typed"
    );

    let ok: Vec<(&str, &str)> = fields
        .iter()
        .copied()
        .filter(|(k, v)| *v != s2 && *k != t2)
        .collect();
    let r = a.form(&format!("/studios/{sid}/mentorships"), &ok).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(
        to.starts_with(&format!("/studios/{sid}/mentorships/")),
        "{to}"
    );
    let (_, v) = a
        .get_json(&format!("/api/v1/studios/{sid}/mentorships"))
        .await;
    let mid = ids(&v)[0];

    // The detail page: a session, an outcome, the closing.
    let page = format!("/studios/{sid}/mentorships/{mid}");
    let r = a
        .form(
            &format!("{page}/sessions"),
            &[
                ("held_on", &days_ago(10)),
                ("content", "锉削练习"),
                ("hours", "2.5"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = a
        .form(
            &format!("{page}/sessions"),
            &[
                ("held_on", &days_ago(40)),
                ("content", "开始前"),
                ("hours", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("带教日期不能早于帮带开始日期"));
    let r = a
        .form(
            &format!("{page}/outcomes"),
            &[
                ("person_id", &p1.to_string()),
                ("kind", "certified"),
                ("achieved_on", &days_ago(2)),
                ("description", "取得钳工中级证书"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = a
        .form(
            &format!("{page}/close"),
            &[
                ("closed_on", &days_ago(1)),
                ("grade", "good"),
                ("comment", "完成目标"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = a.get(&page).await.text().await.unwrap();
    assert!(html.contains("锉削练习"));
    assert!(html.contains("取得钳工中级证书"));
    assert!(html.contains("良好"));
    assert!(
        !html.contains("name=\"hours\""),
        "no session form once closed"
    );

    // Training tab: a session with a material, uploaded with the form.
    let boundary = "mentorship-page-boundary-77";
    let mut body = Vec::new();
    for (k, v) in [
        ("_csrf", a.csrf.as_str()),
        ("topic", "“两新”组织党建培训"),
        ("held_on", &days_ago(3)),
        ("expected", "8"),
        ("attended", "6"),
        ("place", "党群服务中心"),
        ("shared", "on"),
    ] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"materials\"; filename=\"课件.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(b"%PDF-1.5 slides");
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r =
        a.c.post(a.url(&format!("/studios/{sid}/training")))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = a
        .get(&format!("/studios/{sid}/training"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("“两新”组织党建培训"));
    assert!(html.contains("75.0%"), "attendance rate");
    assert!(html.contains("课件.pdf"));
    assert!(html.contains("/studios/files/"));
    let (_, v) = a.get_json(&format!("/api/v1/studios/{sid}/sessions")).await;
    assert_eq!(v["items"][0]["shared"], true);
    assert_eq!(v["items"][0]["materials"].as_array().unwrap().len(), 1);
}

//! Studio activity records over HTTP: office hours and questions (驻室答疑), incubated projects
//! (项目孵化) with their stages and benefit, evaluations (考核评价) and support (激励保障);
//! who may do what, scope across sibling subtrees, and a delisted studio taking nothing new.

use crate::common::*;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// Today in Beijing, the day the server checks dates against.
fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// A person at `node` with a valid identity number; answers the id.
async fn person(s: &Session, node: i64, name: &str, seq: u32) -> i64 {
    let birth = NaiveDate::from_ymd_opt(1980, 3, 14).unwrap();
    let first = format!("110105{}{seq:03}", birth.format("%Y%m%d"));
    let sum: u32 = first
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let id_number = format!("{first}{}", CHECK[(sum % 11) as usize] as char);
    let (st, v) = s
        .post(
            "/api/v1/people",
            json!({"node_id": node, "name": name,
                   "gender": if seq % 2 == 1 { "male" } else { "female" },
                   "birth_date": birth.to_string(), "id_number": id_number}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "person {name}: {v}");
    v["id"].as_i64().unwrap()
}

/// Two sibling parks with a listed studio in park A (led by 李明, with 王芳 as a core member;
/// 赵强 of park A belongs to no studio) and one in park B; `leader` keeps studios in A
/// without deciding on them.
struct World {
    _app: TestApp,
    alice: Session,
    bob: Session,
    reader: Session,
    leader: Session,
    studio: i64,
    studio_b: i64,
    li: i64,
    wang: i64,
    zhao: i64,
    b_person: i64,
}

async fn world() -> World {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let admin = app.admin().await;
    admin
        .create_user("leader", Some(sib.a), "studio_leader")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let leader = app.login("leader", PASSWORD).await;
    let li = person(&alice, sib.a1, "李明", 11).await;
    let wang = person(&alice, sib.a1, "王芳", 12).await;
    let zhao = person(&alice, sib.a1, "赵强", 13).await;
    let b_person = person(&bob, sib.b1, "钱进", 15).await;
    let studio = listed_studio(&alice, sib.a1, "李明书记工作室", li).await;
    let (st, v) = alice
        .post(
            &format!("/api/v1/studios/{studio}/members"),
            json!({"person_id": wang, "role": "core", "joined_on": "2024-01-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let studio_b = listed_studio(&bob, sib.b1, "钱进创新工作室", b_person).await;
    World {
        _app: app,
        alice,
        bob,
        reader,
        leader,
        studio,
        studio_b,
        li,
        wang,
        zhao,
        b_person,
    }
}

async fn listed_studio(s: &Session, node: i64, name: &str, leader: i64) -> i64 {
    let (st, v) = s
        .post(
            "/api/v1/studios",
            json!({"name": name, "kind": "secretary", "level": "district", "node_id": node,
                   "leader_id": leader}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "studio {name}: {v}");
    let id = v["id"].as_i64().unwrap();
    let (st, v) = s
        .post(
            &format!("/api/v1/studios/{id}/transitions"),
            json!({"to": "listed", "on": "2024-01-01", "reason": "评审通过",
                   "document_no": "测工发〔2024〕1号"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "list {name}: {v}");
    id
}

async fn create_project(s: &Session, studio: i64, body: Value) -> Value {
    let (st, v) = s
        .post(&format!("/api/v1/studios/{studio}/projects"), body.clone())
        .await;
    assert_eq!(st, StatusCode::CREATED, "{body}: {v}");
    v
}

async fn stage(s: &Session, studio: i64, project: i64, to: &str, on: &str) -> (StatusCode, Value) {
    s.post(
        &format!("/api/v1/studios/{studio}/projects/{project}/stage"),
        json!({"to": to, "on": on, "note": "评审通过"}),
    )
    .await
}

fn field(v: &Value, name: &str) -> String {
    text(&v["error"]["fields"][name]).to_string()
}

#[tokio::test]
async fn studio_activity_office_hours_and_questions() {
    let w = world().await;
    let base = format!("/api/v1/studios/{}", w.studio);

    // Office hours: checked together, listed Monday first, deleted.
    let (st, v) = w
        .alice
        .post(
            &format!("{base}/office-hours"),
            json!({"weekday": 9, "starts": "10:00", "ends": "9:00", "place": ""}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    for f in ["weekday", "ends", "place"] {
        assert!(!field(&v, f).is_empty(), "{f}: {v}");
    }
    let (st, v) = w
        .alice
        .post(
            &format!("{base}/office-hours"),
            json!({"weekday": 3, "starts": "14:00", "ends": "17:00", "place": "党群服务中心 201",
                   "host_id": w.wang}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["host_name"], "王芳");
    let wed = v["id"].as_i64().unwrap();
    let (st, v) = w
        .alice
        .post(
            &format!("{base}/office-hours"),
            json!({"weekday": "1", "starts": "9:00", "ends": "11:30", "place": "线上"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["starts"], "09:00");
    let (st, v) = w
        .alice
        .post(
            &format!("{base}/office-hours"),
            json!({"weekday": 2, "starts": "9:00", "ends": "10:00", "place": "x",
                   "host_id": w.b_person}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field(&v, "host_id").is_empty(), "{v}");
    let (_, v) = w.reader.get_json(&format!("{base}/office-hours")).await;
    let days: Vec<i64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["weekday"].as_i64().unwrap())
        .collect();
    assert_eq!(days, vec![1, 3]);
    assert_eq!(
        w.reader.delete(&format!("{base}/office-hours/{wed}")).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.alice.delete(&format!("{base}/office-hours/{wed}")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        w.alice.delete(&format!("{base}/office-hours/{wed}")).await,
        StatusCode::NOT_FOUND
    );

    // A reader asks; the question is checked first.
    let (st, v) = w
        .reader
        .post(&format!("{base}/questions"), json!({"title": "问"}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field(&v, "title").is_empty(), "{v}");
    let (st, q) = w
        .reader
        .post(
            &format!("{base}/questions"),
            json!({"title": "支部如何开展主题党日？", "body": "想了解流程和台账要求。"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{q}");
    assert_eq!(q["asker_name"], "reader");
    assert!(q["answer"].is_null());
    let qid = q["id"].as_i64().unwrap();
    let (st, other) = w
        .alice
        .post(
            &format!("{base}/questions"),
            json!({"title": "发展对象的培训要求", "asker_name": "社区居民张某"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{other}");
    assert_eq!(other["asker_name"], "社区居民张某");

    // Only keepers answer, and the answerer speaks for the studio.
    let answer =
        json!({"answer": "按 PDCA 循环安排：计划、实施、检查、改进。", "answerer_id": w.wang});
    let (st, _) = w
        .reader
        .post(&format!("{base}/questions/{qid}/answer"), answer.clone())
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, v) = w
        .alice
        .post(
            &format!("{base}/questions/{qid}/answer"),
            json!({"answer": "请参考。", "answerer_id": w.zhao}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(field(&v, "answerer_id").contains("成员"), "{v}");
    let (st, v) = w
        .alice
        .post(
            &format!("{base}/questions/{qid}/answer"),
            json!({"answer": "请参考。", "answerer_id": w.b_person}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field(&v, "answerer_id").is_empty(), "{v}");
    let (st, v) = w
        .alice
        .post(
            &format!("{base}/questions/{qid}/answer"),
            json!({"answer": " "}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = w
        .leader
        .post(&format!("{base}/questions/{qid}/answer"), answer)
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["answerer_name"], "王芳");
    assert!(v["answered_at"].as_i64().is_some());
    // The leader of the studio may answer too.
    let (st, v) = w
        .alice
        .post(
            &format!("{base}/questions/{}/answer", other["id"]),
            json!({"answer": "参加不少于 24 学时的集中培训。", "answerer_id": w.li}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");

    // Found by the answer's text, ASCII letters in any case; in the studio and scope-wide.
    let (st, v) = w.reader.get_json(&format!("{base}/questions?q=pdca")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["items"][0]["id"], qid);
    let (_, v) = w.reader.get_json("/api/v1/questions?q=Pdca").await;
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["items"][0]["studio_name"], "李明书记工作室");
    let (_, v) = w.reader.get_json("/api/v1/questions?q=培训").await;
    assert_eq!(v["total"], 1, "{v}");
    let (_, v) = w.reader.get_json(&format!("{base}/questions")).await;
    assert_eq!(v["total"], 2, "{v}");
    let (_, v) = w
        .reader
        .get_json(&format!("{base}/questions?answered=false"))
        .await;
    assert_eq!(v["total"], 0, "{v}");
    let (st, v) = w.reader.get_json(&format!("{base}/questions/{qid}")).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["title"], "支部如何开展主题党日？");

    // Deleting is for keepers.
    assert_eq!(
        w.reader.delete(&format!("{base}/questions/{qid}")).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.alice.delete(&format!("{base}/questions/{qid}")).await,
        StatusCode::NO_CONTENT
    );
    let (st, _) = w.reader.get_json(&format!("{base}/questions/{qid}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // Every write is in the audit log.
    let (_, v) = w
        .alice
        .get_json("/api/v1/audit?record_type=studio_question&per_page=50")
        .await;
    let actions: Vec<&str> = v["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in ["create", "answer", "delete"] {
        assert!(actions.contains(&a), "{a}: {actions:?}");
    }
}

#[tokio::test]
async fn studio_activity_projects_move_forward_and_add_up_their_benefit() {
    let w = world().await;
    let base = format!("/api/v1/studios/{}", w.studio);
    let year = today().year();

    let (st, v) = w
        .alice
        .post(
            &format!("{base}/projects"),
            json!({"title": "x", "started_on": "", "investment": "-5"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    for f in ["title", "started_on", "investment"] {
        assert!(!field(&v, f).is_empty(), "{f}: {v}");
    }
    let (st, v) = w
        .alice
        .post(
            &format!("{base}/projects"),
            json!({"title": "智能巡检", "started_on": "2024-03-01",
                   "team": [{"person_id": w.b_person}]}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field(&v, "team").is_empty(), "{v}");

    let p = create_project(
        &w.leader,
        w.studio,
        json!({"title": "变电站智能巡检机器人", "description": "用机器人代替人工夜间巡检。",
               "started_on": "2024-03-01", "investment": "10万", "shared": true,
               "team": [{"person_id": w.li, "role": "负责人"}, {"person_id": w.wang}]}),
    )
    .await;
    assert_eq!(p["project"]["stage"], "idea");
    assert_eq!(p["project"]["investment_fen"], 10_000_000);
    assert_eq!(p["project"]["team"].as_array().unwrap().len(), 2);
    assert_eq!(p["project"]["team"][0]["role"], "负责人");
    assert_eq!(p["totals"]["payback"].as_f64(), Some(0.0));
    let pid = p["project"]["id"].as_i64().unwrap();
    let pbase = format!("{base}/projects/{pid}");

    // Benefit waits for a result; stages go one step at a time, forward, dated in order.
    let (st, v) = w
        .alice
        .post(
            &format!("{pbase}/benefits"),
            json!({"year": year - 1, "revenue": "3万"}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert!(text(&v["error"]["message"]).contains("成果"), "{v}");
    let (st, v) = stage(&w.alice, w.studio, pid, "result", "2024-06-01").await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["code"], "refused");
    assert!(text(&v["error"]["message"]).contains("逐级"), "{v}");
    let (st, v) = stage(&w.alice, w.studio, pid, "project", "2024-02-01").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field(&v, "on").is_empty(), "{v}");
    let (st, v) = stage(&w.alice, w.studio, pid, "project", "2024-06-01").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["project"]["stage"], "project");
    let (st, v) = stage(&w.alice, w.studio, pid, "idea", "2024-07-01").await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert!(text(&v["error"]["message"]).contains("退回"), "{v}");
    let (st, v) = stage(&w.reader, w.studio, pid, "result", "2024-09-01").await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{v}");
    let (st, v) = stage(&w.alice, w.studio, pid, "result", "2024-09-01").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let stages: Vec<&str> = v["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["to_stage"].as_str().unwrap())
        .collect();
    assert_eq!(stages, vec!["project", "result"]);

    // Benefit, year by year; totals against the investment.
    let (st, v) = w
        .alice
        .post(
            &format!("{pbase}/benefits"),
            json!({"year": year - 1, "revenue": "3万", "saving": 5000.5}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["total_fen"], 3_500_050);
    let (st, v) = w
        .alice
        .post(
            &format!("{pbase}/benefits"),
            json!({"year": year - 1, "revenue": 1}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    let (st, v) = w
        .alice
        .post(&format!("{pbase}/benefits"), json!({"year": year + 1}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(
        !field(&v, "year").is_empty() && !field(&v, "revenue").is_empty(),
        "{v}"
    );
    let (st, v) = w
        .alice
        .post(
            &format!("{pbase}/benefits"),
            json!({"year": year, "revenue": "1,234.56", "saving": "8万元"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let second = v["id"].as_i64().unwrap();
    let (_, d) = w.reader.get_json(&pbase).await;
    assert_eq!(d["totals"]["revenue_fen"], 3_000_000 + 123_456);
    assert_eq!(d["totals"]["saving_fen"], 500_050 + 8_000_000);
    assert_eq!(d["totals"]["total_fen"], 11_623_506);
    assert_eq!(d["totals"]["net_fen"], 1_623_506);
    let payback = d["totals"]["payback"].as_f64().unwrap();
    assert!((payback - 1.1623506).abs() < 1e-9, "{payback}");
    assert_eq!(d["project"]["total_benefit_fen"], 11_623_506);
    assert_eq!(
        w.alice.delete(&format!("{pbase}/benefits/{second}")).await,
        StatusCode::NO_CONTENT
    );
    let (_, d) = w.reader.get_json(&pbase).await;
    assert_eq!(d["totals"]["net_fen"], 3_500_050 - 10_000_000);

    // Milestones: added, done, undone, deleted.
    let (st, v) = w
        .alice
        .post(
            &format!("{pbase}/milestones"),
            json!({"title": "样机试制", "due_on": "2024-05-30"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["overdue"], true);
    let mid = v["id"].as_i64().unwrap();
    let (st, v) = w
        .alice
        .patch(
            &format!("{pbase}/milestones/{mid}"),
            json!({"done_on": (today() + Duration::days(1)).to_string()}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = w
        .alice
        .patch(
            &format!("{pbase}/milestones/{mid}"),
            json!({"done_on": "2024-05-28"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(
        (v["done_on"].as_str(), v["overdue"].as_bool()),
        (Some("2024-05-28"), Some(false))
    );
    let (_, v) = w
        .alice
        .patch(
            &format!("{pbase}/milestones/{mid}"),
            json!({"done_on": null}),
        )
        .await;
    assert!(v["done_on"].is_null(), "{v}");
    assert_eq!(v["title"], "样机试制");

    // Editing keeps the stage and the start before the first move.
    let (st, v) = w
        .alice
        .patch(&pbase, json!({"started_on": "2024-07-01"}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = w
        .alice
        .patch(
            &pbase,
            json!({"title": "变电站巡检机器人", "investment": 150000, "team": [{"person_id": w.wang, "role": "技术骨干"}]}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["project"]["title"], "变电站巡检机器人");
    assert_eq!(v["project"]["stage"], "result");
    assert_eq!(v["project"]["investment_fen"], 15_000_000);
    assert_eq!(v["project"]["team"].as_array().unwrap().len(), 1);

    // Lists and filters.
    create_project(
        &w.alice,
        w.studio,
        json!({"title": "Energy saving retrofit", "started_on": "2025-01-02"}),
    )
    .await;
    let (_, v) = w.reader.get_json(&format!("{base}/projects")).await;
    assert_eq!(v["total"], 2, "{v}");
    let (_, v) = w
        .reader
        .get_json(&format!("{base}/projects?stage=result"))
        .await;
    assert_eq!(v["total"], 1, "{v}");
    let (_, v) = w
        .reader
        .get_json(&format!("{base}/projects?q=ENERGY"))
        .await;
    assert_eq!(v["total"], 1, "{v}");

    // The overview totals.
    let (st, t) = w.reader.get_json(&format!("{base}/activity-totals")).await;
    assert_eq!(st, StatusCode::OK, "{t}");
    assert_eq!(t["projects"], 2);
    assert_eq!(t["total_benefit_fen"], 3_500_050);
    assert_eq!(t["investment_fen"], 15_000_000);
    assert_eq!(t["net_benefit_fen"], 3_500_050 - 15_000_000);

    // Deleting takes everything of the project with it.
    assert_eq!(w.reader.delete(&pbase).await, StatusCode::FORBIDDEN);
    assert_eq!(w.alice.delete(&pbase).await, StatusCode::NO_CONTENT);
    let (st, _) = w.reader.get_json(&pbase).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn studio_activity_evaluations_and_support() {
    let w = world().await;
    let base = format!("/api/v1/studios/{}", w.studio);
    let eval = json!({"period": "2024", "evaluated_on": "2025-01-15", "score": 92.5,
                      "document_no": "测工发〔2025〕2号", "comment": "台账规范"});

    // Only the supervising unit records evaluations.
    let (st, v) = w
        .leader
        .post(&format!("{base}/evaluations"), eval.clone())
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{v}");
    let (st, v) = w
        .reader
        .post(&format!("{base}/evaluations"), eval.clone())
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{v}");
    let (st, v) = w
        .alice
        .post(&format!("{base}/evaluations"), eval.clone())
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(
        (v["grade"].as_str(), v["score"].as_str()),
        (Some("excellent"), Some("92.5"))
    );
    let e2024 = v["id"].as_i64().unwrap();
    let (st, v) = w
        .alice
        .post(&format!("{base}/evaluations"), eval.clone())
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert!(!field(&v, "period").is_empty(), "{v}");
    let (st, v) = w
        .alice
        .post(
            &format!("{base}/evaluations"),
            json!({"period": "2025H3", "evaluated_on": "2025-07-01", "score": "85.55", "grade": "excellent"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(
        !field(&v, "period").is_empty() && !field(&v, "score").is_empty(),
        "{v}"
    );
    let (st, v) = w
        .alice
        .post(
            &format!("{base}/evaluations"),
            json!({"period": "2025H1", "evaluated_on": "2025-07-01", "score": 85, "grade": "excellent"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field(&v, "grade").is_empty(), "{v}");
    let (st, v) = w
        .alice
        .post(
            &format!("{base}/evaluations"),
            json!({"period": "2025h1", "evaluated_on": "2025-07-01", "score": 85,
                   "grade": "excellent", "override_reason": "获市级表彰加分"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(
        (v["period"].as_str(), v["grade"].as_str()),
        (Some("2025H1"), Some("excellent"))
    );
    let e2025 = v["id"].as_i64().unwrap();
    let (_, list) = w.reader.get_json(&format!("{base}/evaluations")).await;
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![e2025, e2024]);
    assert_eq!(
        w.leader
            .delete(&format!("{base}/evaluations/{e2025}"))
            .await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.alice.delete(&format!("{base}/evaluations/{e2025}")).await,
        StatusCode::NO_CONTENT
    );
    // A move may cite an evaluation; a cited one stays.
    let (st, v) = w
        .alice
        .post(
            &format!("{base}/transitions"),
            json!({"to": "demonstration", "on": "2025-02-01", "reason": "年度考核优秀",
                   "document_no": "测工发〔2025〕5号", "evaluation_id": e2024}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (st, v) = w
        .alice
        .send(
            reqwest::Method::DELETE,
            &format!("{base}/evaluations/{e2024}"),
            json!({}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");

    // Support: kinds and amounts checked; keepers record it.
    let (st, v) = w
        .leader
        .post(
            &format!("{base}/support"),
            json!({"kind": "funding", "amount": "0", "received_on": "2025-03-01", "source": ""}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(
        !field(&v, "amount").is_empty() && !field(&v, "source").is_empty(),
        "{v}"
    );
    let (st, v) = w
        .reader
        .post(
            &format!("{base}/support"),
            json!({"kind": "funding", "amount": "5万", "received_on": "2025-03-01", "source": "区委组织部"}),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{v}");
    let mut ids = vec![];
    for body in [
        json!({"kind": "funding", "amount": "5万", "received_on": "2025-03-01", "source": "区委组织部"}),
        json!({"kind": "funding", "amount": 12000.5, "received_on": "2025-06-01", "source": "区总工会"}),
        json!({"kind": "reward", "amount": "2,000", "received_on": "2025-07-01", "source": "市总工会", "note": "优秀工作室"}),
        json!({"kind": "material", "received_on": "2025-04-01", "source": "园区", "note": "办公桌椅一套"}),
    ] {
        let (st, v) = w
            .leader
            .post(&format!("{base}/support"), body.clone())
            .await;
        assert_eq!(st, StatusCode::CREATED, "{body}: {v}");
        ids.push(v["id"].as_i64().unwrap());
    }
    let (_, v) = w.reader.get_json(&format!("{base}/support")).await;
    assert_eq!(v["total"], 4);
    assert_eq!(v["items"][0]["kind"], "reward");
    let (_, v) = w
        .reader
        .get_json(&format!("{base}/support?kind=funding"))
        .await;
    assert_eq!(v["total"], 2);
    let (_, t) = w.reader.get_json(&format!("{base}/activity-totals")).await;
    assert_eq!(t["funding_fen"], 5_000_000 + 1_200_050);
    assert_eq!(t["rewards_fen"], 200_000);
    assert_eq!(t["support_records"], 4);
    assert_eq!(t["latest_evaluation"]["id"], e2024);
    assert_eq!(
        w.alice.delete(&format!("{base}/support/{}", ids[3])).await,
        StatusCode::NO_CONTENT
    );
    let (_, v) = w.reader.get_json(&format!("{base}/support")).await;
    assert_eq!(v["total"], 3);
}

#[tokio::test]
async fn studio_activity_a_sibling_subtree_sees_and_touches_nothing() {
    let w = world().await;
    let base = format!("/api/v1/studios/{}", w.studio);
    let (_, h) = w
        .alice
        .post(
            &format!("{base}/office-hours"),
            json!({"weekday": 2, "starts": "9:00", "ends": "10:00", "place": "一楼"}),
        )
        .await;
    let (_, q) = w
        .alice
        .post(
            &format!("{base}/questions"),
            json!({"title": "Party day agenda"}),
        )
        .await;
    let qid = q["id"].as_i64().unwrap();
    let (st, _) = w
        .alice
        .post(
            &format!("{base}/questions/{qid}/answer"),
            json!({"answer": "Agenda attached", "answerer_id": w.li}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let p = create_project(
        &w.alice,
        w.studio,
        json!({"title": "节能改造", "started_on": "2024-01-10", "shared": true}),
    )
    .await;
    let pid = p["project"]["id"].as_i64().unwrap();
    let pbase = format!("{base}/projects/{pid}");
    let (_, m) = w
        .alice
        .post(
            &format!("{pbase}/milestones"),
            json!({"title": "方案评审", "due_on": "2024-02-01"}),
        )
        .await;
    stage(&w.alice, w.studio, pid, "project", "2024-02-01").await;
    stage(&w.alice, w.studio, pid, "result", "2024-03-01").await;
    let (_, b) = w
        .alice
        .post(
            &format!("{pbase}/benefits"),
            json!({"year": 2024, "saving": 100}),
        )
        .await;
    let (st, f) = w
        .alice
        .upload(
            &format!("{pbase}/files"),
            "plan.txt",
            "节能改造方案".as_bytes(),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{f}");
    let (st, v) = w
        .alice
        .upload(&format!("{pbase}/files"), "plan.exe", b"MZ\x90\x00\x03")
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (_, e) = w
        .alice
        .post(
            &format!("{base}/evaluations"),
            json!({"period": "2024", "evaluated_on": "2025-01-10", "score": 75}),
        )
        .await;
    let (_, s) = w
        .alice
        .post(
            &format!("{base}/support"),
            json!({"kind": "reward", "amount": 100, "received_on": "2025-01-10", "source": "区"}),
        )
        .await;
    let (_, d) = w.reader.get_json(&pbase).await;
    assert_eq!(d["files"][0]["file_name"], "plan.txt", "{d}");
    let fid = d["files"][0]["id"].as_i64().unwrap();
    let (st, _) = w.reader.get_bytes(&format!("/studios/files/{fid}")).await;
    assert_eq!(st, StatusCode::OK);

    let bob = &w.bob;
    for path in [
        format!("{base}/office-hours"),
        format!("{base}/questions"),
        format!("{base}/questions/{qid}"),
        format!("{base}/projects"),
        pbase.clone(),
        format!("{base}/evaluations"),
        format!("{base}/evaluations/{}", e["id"]),
        format!("{base}/support"),
        format!("{base}/activity-totals"),
        format!("/studios/{}/questions", w.studio),
        format!("/studios/{}/projects", w.studio),
        format!("/studios/{}/projects/{pid}", w.studio),
        format!("/studios/{}/evaluations", w.studio),
        format!("/studios/{}/support", w.studio),
    ] {
        let (st, _) = bob.get_bytes(&path).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "GET {path}");
    }
    let (st, _) = bob.get_bytes(&format!("/studios/files/{fid}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND, "the project's file");
    // Bob's own studio does not open a door to park A's records.
    let (st, _) = bob
        .get_json(&format!("/api/v1/studios/{}/projects/{pid}", w.studio_b))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob
        .get_json(&format!("/api/v1/studios/{}/questions/{qid}", w.studio_b))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, v) = bob.get_json("/api/v1/questions?q=agenda").await;
    assert_eq!(v["total"], 0, "{v}");
    let (_, v) = bob.get_json("/api/v1/questions").await;
    assert_eq!(v["total"], 0, "{v}");

    let writes: Vec<(reqwest::Method, String, Value)> = vec![
        (
            reqwest::Method::POST,
            format!("{base}/office-hours"),
            json!({"weekday": 2, "starts": "9:00", "ends": "10:00", "place": "一楼"}),
        ),
        (
            reqwest::Method::DELETE,
            format!("{base}/office-hours/{}", h["id"]),
            json!({}),
        ),
        (
            reqwest::Method::POST,
            format!("{base}/questions"),
            json!({"title": "能看到吗？"}),
        ),
        (
            reqwest::Method::POST,
            format!("{base}/questions/{qid}/answer"),
            json!({"answer": "no", "answerer_id": w.b_person}),
        ),
        (
            reqwest::Method::DELETE,
            format!("{base}/questions/{qid}"),
            json!({}),
        ),
        (
            reqwest::Method::POST,
            format!("{base}/projects"),
            json!({"title": "越界项目", "started_on": "2024-01-01"}),
        ),
        (
            reqwest::Method::PATCH,
            pbase.clone(),
            json!({"title": "改名"}),
        ),
        (
            reqwest::Method::POST,
            format!("{pbase}/stage"),
            json!({"to": "benefit", "on": "2024-04-01"}),
        ),
        (
            reqwest::Method::POST,
            format!("{pbase}/milestones"),
            json!({"title": "越界", "due_on": "2024-01-01"}),
        ),
        (
            reqwest::Method::PATCH,
            format!("{pbase}/milestones/{}", m["id"]),
            json!({"done_on": "2024-01-01"}),
        ),
        (
            reqwest::Method::POST,
            format!("{pbase}/benefits"),
            json!({"year": 2023, "revenue": 1}),
        ),
        (
            reqwest::Method::DELETE,
            format!("{pbase}/benefits/{}", b["id"]),
            json!({}),
        ),
        (reqwest::Method::DELETE, pbase.clone(), json!({})),
        (
            reqwest::Method::POST,
            format!("{base}/evaluations"),
            json!({"period": "2025", "evaluated_on": "2025-01-10", "score": 60}),
        ),
        (
            reqwest::Method::DELETE,
            format!("{base}/evaluations/{}", e["id"]),
            json!({}),
        ),
        (
            reqwest::Method::POST,
            format!("{base}/support"),
            json!({"kind": "reward", "amount": 1, "received_on": "2025-01-10", "source": "乙"}),
        ),
        (
            reqwest::Method::DELETE,
            format!("{base}/support/{}", s["id"]),
            json!({}),
        ),
    ];
    for (method, path, body) in writes {
        let (st, v) = bob.send(method.clone(), &path, body).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{method} {path}: {v}");
    }
    let (st, _) = bob
        .upload(&format!("{pbase}/files"), "x.txt", b"hello")
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    // Nothing changed.
    let (_, d) = w.reader.get_json(&pbase).await;
    assert_eq!(d["project"]["title"], "节能改造");
    assert_eq!(d["project"]["stage"], "result");
    assert_eq!(d["benefits"].as_array().unwrap().len(), 1);
    assert_eq!(d["files"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn studio_activity_a_delisted_studio_takes_no_new_records() {
    let w = world().await;
    let base = format!("/api/v1/studios/{}", w.studio);
    let p = create_project(
        &w.alice,
        w.studio,
        json!({"title": "老项目", "started_on": "2024-01-10"}),
    )
    .await;
    let pid = p["project"]["id"].as_i64().unwrap();
    let pbase = format!("{base}/projects/{pid}");
    stage(&w.alice, w.studio, pid, "project", "2024-02-01").await;
    stage(&w.alice, w.studio, pid, "result", "2024-03-01").await;
    let (_, q) = w
        .reader
        .post(
            &format!("{base}/questions"),
            json!({"title": "摘牌前的问题"}),
        )
        .await;
    let (_, m) = w
        .alice
        .post(
            &format!("{pbase}/milestones"),
            json!({"title": "验收", "due_on": "2024-05-01"}),
        )
        .await;
    let (st, v) = w
        .alice
        .post(
            &format!("{base}/transitions"),
            json!({"to": "delisted", "on": today().to_string(), "reason": "考核不合格",
                   "document_no": "测工发〔2025〕9号"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");

    let creates: Vec<(&Session, String, Value)> = vec![
        (
            &w.alice,
            format!("{base}/office-hours"),
            json!({"weekday": 2, "starts": "9:00", "ends": "10:00", "place": "一楼"}),
        ),
        (
            &w.reader,
            format!("{base}/questions"),
            json!({"title": "摘牌后还能提问吗？"}),
        ),
        (
            &w.alice,
            format!("{base}/questions/{}/answer", q["id"]),
            json!({"answer": "不能", "answerer_id": w.li}),
        ),
        (
            &w.alice,
            format!("{base}/projects"),
            json!({"title": "新项目", "started_on": "2024-01-01"}),
        ),
        (
            &w.alice,
            format!("{pbase}/stage"),
            json!({"to": "benefit", "on": today().to_string()}),
        ),
        (
            &w.alice,
            format!("{pbase}/milestones"),
            json!({"title": "新里程碑", "due_on": "2024-01-01"}),
        ),
        (
            &w.alice,
            format!("{pbase}/benefits"),
            json!({"year": 2024, "revenue": 1}),
        ),
        (
            &w.alice,
            format!("{base}/evaluations"),
            json!({"period": "2025", "evaluated_on": today().to_string(), "score": 50}),
        ),
        (
            &w.alice,
            format!("{base}/support"),
            json!({"kind": "funding", "amount": 1, "received_on": "2025-01-10", "source": "区"}),
        ),
    ];
    for (who, path, body) in creates {
        let (st, v) = who.post(&path, body).await;
        assert_eq!(st, StatusCode::CONFLICT, "POST {path}: {v}");
        assert!(text(&v["error"]["message"]).contains("摘牌"), "{v}");
    }
    let (st, v) = w
        .alice
        .patch(
            &format!("{pbase}/milestones/{}", m["id"]),
            json!({"done_on": "2024-05-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    let (st, _) = w
        .alice
        .upload(&format!("{pbase}/files"), "x.txt", b"hello")
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    // Its history stays readable.
    let (st, d) = w.reader.get_json(&pbase).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(d["project"]["stage"], "result");
    let (_, v) = w.reader.get_json(&format!("{base}/questions")).await;
    assert_eq!(v["total"], 1);
}

/// The `Location` of a redirect.
fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn studio_activity_pages() {
    let w = world().await;
    let id = w.studio;
    let tab = |t: &str| format!("/studios/{id}/{t}");

    // 驻室答疑: a bad office hour comes back with its errors; a good one redirects.
    let r = w
        .alice
        .form(
            &tab("office-hours"),
            &[
                ("weekday", "3"),
                ("starts", "10:00"),
                ("ends", "09:00"),
                ("place", "二楼"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("结束时间须晚于开始时间"), "{html}");
    let wang = w.wang.to_string();
    let r = w
        .alice
        .form(
            &tab("office-hours"),
            &[
                ("weekday", "3"),
                ("starts", "14:00"),
                ("ends", "17:00"),
                ("place", "二楼"),
                ("host_id", &wang),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        location(&r).starts_with(&tab("questions")),
        "{}",
        location(&r)
    );
    // A reader asks from the page, and sees no answer form.
    let r = w
        .reader
        .form(
            &tab("questions"),
            &[("title", "如何建立党员积分台账？"), ("body", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = w.reader.get(&tab("questions")).await.text().await.unwrap();
    assert!(
        html.contains("如何建立党员积分台账？") && html.contains("周三"),
        "{html}"
    );
    assert!(!html.contains("answer-form") && html.contains("ask-form"));
    let (_, v) = w
        .reader
        .get_json(&format!("/api/v1/studios/{id}/questions"))
        .await;
    let qid = v["items"][0]["id"].as_i64().unwrap();
    let zhao = w.zhao.to_string();
    let r = w
        .alice
        .form(
            &format!("/studios/{id}/questions/{qid}/answer"),
            &[("answer", "按月登记，季度公示。"), ("answerer_id", &zhao)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("现任成员"));
    let r = w
        .alice
        .form(
            &format!("/studios/{id}/questions/{qid}/answer"),
            &[("answer", "按月登记，季度公示。"), ("answerer_id", &wang)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = w
        .alice
        .get(&tab("questions?q=季度"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("按月登记，季度公示。") && html.contains("answer-form"),
        "{html}"
    );

    // 项目孵化: created from the page, moved, refused a skip, benefit after the result.
    let li = w.li.to_string();
    let r = w
        .alice
        .form(
            &tab("projects"),
            &[
                ("title", "x"),
                ("started_on", "2024-01-01"),
                ("investment", "abc"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("须为 2–200 个字") && html.contains("金额格式不正确"),
        "{html}"
    );
    let r = w
        .alice
        .form(
            &tab("projects"),
            &[
                ("title", "班组节能降耗"),
                ("started_on", "2024-01-01"),
                ("investment", "2万"),
                ("shared", "1"),
                ("team_person", &li),
                ("team_role", "负责人"),
                ("team_person", ""),
                ("team_role", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = location(&r);
    let pid: i64 = to
        .split("/projects/")
        .nth(1)
        .and_then(|x| x.split('?').next())
        .and_then(|x| x.parse().ok())
        .unwrap_or_else(|| panic!("{to}"));
    let page = format!("/studios/{id}/projects/{pid}");
    let html = w.alice.get(&to).await.text().await.unwrap();
    assert!(
        html.contains("项目已创建") && html.contains("stage-bar") && html.contains("李明"),
        "{html}"
    );
    assert!(html.contains("项目到达“成果”阶段后才能登记经济效益"));
    let r = w
        .alice
        .form(
            &format!("{page}/stage"),
            &[("to", "result"), ("on", "2024-02-01")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("逐级推进"));
    for (to, on) in [("project", "2024-02-01"), ("result", "2024-03-01")] {
        let r = w
            .alice
            .form(
                &format!("{page}/stage"),
                &[("to", to), ("on", on), ("note", "")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{to}");
    }
    let r = w
        .alice
        .form(
            &format!("{page}/benefits"),
            &[("year", "2024"), ("revenue", "1.5万"), ("saving", "5,000")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = w
        .alice
        .form(
            &format!("{page}/milestones"),
            &[("title", "完成改造"), ("due_on", "2024-06-30")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = w.reader.get(&page).await.text().await.unwrap();
    assert!(html.contains("20,000.00") && html.contains("2万"), "{html}");
    assert!(html.contains("完成改造") && html.contains("已逾期"));
    assert!(!html.contains("stage-form") && !html.contains("project-edit"));
    let html = w.reader.get(&tab("projects")).await.text().await.unwrap();
    assert!(html.contains("班组节能降耗") && html.contains("已共享给联盟"));
    let r = w
        .alice
        .form(
            &page,
            &[
                ("title", "班组节能降耗改造"),
                ("started_on", "2024-05-01"),
                ("investment", "2万"),
                ("team_person", &li),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the start after the first move"
    );

    // 考核评价: managers record, beside the lifecycle moves; others only read.
    let html = w
        .leader
        .get(&tab("evaluations"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("evaluation-form") && html.contains("测工发〔2024〕1号"),
        "{html}"
    );
    let r = w
        .leader
        .form(
            &tab("evaluations"),
            &[
                ("period", "2024"),
                ("evaluated_on", "2025-01-05"),
                ("score", "88"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = w
        .alice
        .form(
            &tab("evaluations"),
            &[
                ("period", "2024"),
                ("evaluated_on", "2025-01-05"),
                ("score", "88"),
                ("grade", "excellent"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("等次与得分的分数段不符"));
    let r = w
        .alice
        .form(
            &tab("evaluations"),
            &[
                ("period", "2024"),
                ("evaluated_on", "2025-01-05"),
                ("score", "88"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = w.alice.get(&tab("evaluations")).await.text().await.unwrap();
    assert!(
        html.contains("良好") && html.contains("evaluation-form"),
        "{html}"
    );

    // 激励保障: records with totals.
    let r = w
        .leader
        .form(
            &tab("support"),
            &[
                ("kind", "funding"),
                ("amount", "-1"),
                ("received_on", "2025-01-05"),
                ("source", "区委组织部"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("金额不能为负数"));
    let r = w
        .leader
        .form(
            &tab("support"),
            &[
                ("kind", "funding"),
                ("amount", "5万"),
                ("received_on", "2025-01-05"),
                ("source", "区委组织部"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = w.reader.get(&tab("support")).await.text().await.unwrap();
    assert!(
        html.contains("50,000.00") && html.contains("5万") && html.contains("区委组织部"),
        "{html}"
    );
    assert!(!html.contains("support-form"));

    // The same pages in English.
    let r = w
        .leader
        .form("/lang", &[("lang", "en"), ("back", &page)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for p in [
        page.clone(),
        tab("questions"),
        tab("projects"),
        tab("evaluations"),
        tab("support"),
    ] {
        let r = w.leader.get(&p).await;
        assert_eq!(r.status(), StatusCode::OK, "{p}");
        let html = r.text().await.unwrap();
        assert!(
            !html.contains("proj.") && !html.contains("qa.col") && !html.contains("sup.kind"),
            "{p}: {html}"
        );
    }
    let html = w.leader.get(&page).await.text().await.unwrap();
    assert!(
        html.contains("Stage history") && html.contains("Benefit totals"),
        "{html}"
    );

    // A delisted studio's tabs still read, and offer no forms.
    let (st, v) = w
        .alice
        .post(
            &format!("/api/v1/studios/{id}/transitions"),
            json!({"to": "delisted", "on": today().to_string(), "reason": "撤销", "document_no": "测工发〔2026〕1号"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    for t in ["questions", "projects", "evaluations", "support"] {
        let html = w.alice.get(&tab(t)).await.text().await.unwrap();
        assert!(html.contains("studio-closed"), "{t}");
        for form in [
            "ask-form",
            "add-hour",
            "project-form",
            "evaluation-form",
            "support-form",
        ] {
            assert!(!html.contains(form), "{t}: {form}");
        }
    }
    let r = w
        .reader
        .form(&tab("questions"), &[("title", "摘牌后的提问")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("摘牌"));
}

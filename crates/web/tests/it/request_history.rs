//! A request's past entered after the fact, many requests in one transaction
//! (`create_pasts`, `record_histories`; the demo's months of requests are entered so): each
//! ends with the same row, timeline, audit entries and counters as the same actions taken one
//! at a time through the API, dated at the moments given; one refused step keeps nothing.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use touyan_domain::request::intake::RequestInput;
use touyan_domain::request::workflow::ActionInput;
use touyan_storage::request::history::{PastRequest, Steps};
use touyan_storage::Actor;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

fn input(node: i64, text: &str) -> RequestInput {
    RequestInput {
        channel: "window".into(),
        category: "environment".into(),
        node_id: Some(node),
        address: "甲园区 3 号楼".into(),
        description: text.into(),
        contact_name: "张三".into(),
        contact_phone: "13812345678".into(),
        ..Default::default()
    }
}

/// The life of a solved request, as API bodies: dispatched to `dept`, accepted, answered,
/// followed up and closed.
fn life(dept: i64) -> Vec<Value> {
    vec![
        json!({"action": "dispatch", "node_id": dept}),
        json!({"action": "accept"}),
        json!({"action": "reply", "result": "已现场处置完毕"}),
        json!({"action": "follow_up", "answer": "电话回访", "rating": "satisfied"}),
        json!({"action": "close", "solved": true}),
    ]
}

/// The same life as steps, a day apart from `start`.
fn steps(bodies: &[Value], start: i64) -> Steps {
    bodies
        .iter()
        .enumerate()
        .map(|(i, b)| (action(b), start + (i as i64 + 1) * DAY))
        .collect()
}

/// An API body as the action it asks for.
fn action(b: &Value) -> ActionInput {
    let text = |k: &str| b[k].as_str().unwrap_or_default().to_string();
    ActionInput {
        action: text("action"),
        node_id: b["node_id"].as_i64(),
        result: text("result"),
        answer: text("answer"),
        rating: text("rating"),
        solved: b["solved"].as_bool(),
        ..Default::default()
    }
}

/// What must agree between two requests with the same life: the row's facts and the
/// timeline's actions, roles and states.
fn shape(detail: &Value) -> Value {
    let r = &detail["request"];
    let events: Vec<Value> = detail["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            json!([
                e["action"],
                e["from_state"],
                e["to_state"],
                e["role"],
                e["round"]
            ])
        })
        .collect();
    json!({
        "state": r["state"], "round": r["round"], "solved": r["solved"], "rating": r["rating"],
        "handling_node_id": r["handling_node_id"], "step": r["step"], "card": r["card"],
        "events": events,
    })
}

async fn audit_count(s: &Session, id: i64) -> i64 {
    let (st, v) = s
        .get_json(&format!(
            "/api/v1/audit?record_type=service_request&record_id={id}"
        ))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v["total"].as_i64().expect("a total")
}

async fn request_total(s: &Session) -> i64 {
    let (st, v) = s.get_json("/api/v1/requests").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v["total"].as_i64().expect("a total")
}

/// The siblings, the administrator's session and a department under the district.
async fn world(app: &TestApp) -> (Siblings, Session, i64) {
    let t = siblings(app).await;
    let admin = app.admin().await;
    let dept = admin
        .create_node(Some(t.district), "城管局", "department")
        .await;
    (t, admin, dept)
}

#[tokio::test]
async fn a_past_entered_at_once_ends_as_the_same_actions_taken_one_by_one() {
    let app = spawn().await;
    let (t, admin, dept) = world(&app).await;

    // One by one, now, through the API.
    let body = json!({"channel": "window", "category": "environment", "node_id": t.a1,
                      "address": "甲园区 3 号楼", "description": "楼道堆放杂物",
                      "contact_name": "张三", "contact_phone": "13812345678"});
    let (st, v) = admin.post("/api/v1/requests", body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let live = v["id"].as_i64().unwrap();
    for b in life(dept) {
        let (st, v) = admin
            .post(&format!("/api/v1/requests/{live}/actions"), b.clone())
            .await;
        assert_eq!(st, StatusCode::OK, "{b}: {v}");
    }

    // The same life entered as a past, twice in one call, and one more left at dispatch to
    // be finished by `record_histories`.
    let start = touyan_storage::now_ms() - 30 * DAY;
    let actor = Actor::system();
    let sc = app.store().scoped(&actor);
    let pasts: Vec<PastRequest> = (0..3)
        .map(|i| PastRequest {
            input: input(t.a1, "楼道堆放杂物"),
            at_ms: start + i * HOUR,
            steps: steps(&life(dept)[..if i == 2 { 1 } else { 5 }], start + i * HOUR),
        })
        .collect();
    let ids = sc.requests().create_pasts(&pasts).await.expect("entered");
    assert_eq!(ids.len(), 3);
    let rest = steps(&life(dept)[1..], start + 2 * HOUR + DAY);
    sc.requests()
        .record_histories(&[(ids[2], rest)])
        .await
        .expect("recorded");

    let (_, want) = admin.get_json(&format!("/api/v1/requests/{live}")).await;
    for (n, id) in ids.iter().enumerate() {
        let (st, got) = admin.get_json(&format!("/api/v1/requests/{id}")).await;
        assert_eq!(st, StatusCode::OK, "{got}");
        assert_eq!(shape(&got), shape(&want), "request {n}");
        // Dated at the moments given, not when entered.
        let r = &got["request"];
        let at = start + n as i64 * HOUR;
        assert_eq!(r["created_at"], json!(at));
        assert_eq!(r["received_at"], json!(at));
        assert_eq!(r["dispatched_at"], json!(at + DAY));
        assert_eq!(r["closed_at"], json!(at + 5 * DAY));
        let moments: Vec<i64> = got["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["created_at"].as_i64().unwrap())
            .collect();
        let mut want_moments = vec![at, at];
        want_moments.extend((1..=5).map(|d| at + d * DAY));
        assert_eq!(moments, want_moments, "request {n}");
        // Audited as the live one: its intake and one entry per action.
        assert_eq!(
            audit_count(&admin, *id).await,
            audit_count(&admin, live).await
        );
    }

    // The counters moved as counting every request again finds them.
    let stats = format!("/api/v1/requests/stats?under={}", t.district);
    let (_, before) = admin.get_json(&stats).await;
    assert_eq!(before["totals"]["collected"], json!(4), "{before}");
    app.store().rebuild_request_stats().await.unwrap();
    let (_, again) = admin.get_json(&stats).await;
    assert_eq!(again["totals"], before["totals"]);
    assert_eq!(again["by_handling_node"], before["by_handling_node"]);
}

#[tokio::test]
async fn one_refused_step_keeps_none_of_the_requests_entered_with_it() {
    let app = spawn().await;
    let (t, admin, dept) = world(&app).await;
    let start = touyan_storage::now_ms() - 30 * DAY;
    let actor = Actor::system();
    let sc = app.store().scoped(&actor);
    let good = PastRequest {
        input: input(t.a1, "小区门口路灯不亮"),
        at_ms: start,
        steps: steps(&life(dept), start),
    };
    // Closed before anyone answered it: the workflow refuses the step.
    let refused = PastRequest {
        input: input(t.a1, "雨水井盖松动异响"),
        at_ms: start,
        steps: steps(&[json!({"action": "close", "solved": true})], start),
    };
    // A step dated before the request was raised.
    let backwards = PastRequest {
        input: input(t.a1, "垃圾清运不及时"),
        at_ms: start,
        steps: vec![(
            action(&json!({"action": "dispatch", "node_id": dept})),
            start - DAY,
        )],
    };
    let before = request_total(&admin).await;
    for bad in [refused, backwards] {
        let batch = [
            PastRequest {
                input: good.input.clone(),
                at_ms: good.at_ms,
                steps: good.steps.clone(),
            },
            bad,
        ];
        assert!(sc.requests().create_pasts(&batch).await.is_err());
        assert_eq!(request_total(&admin).await, before);
    }
    // Raised in the future.
    let future = PastRequest {
        input: input(t.a1, "楼上夜间噪音扰民"),
        at_ms: touyan_storage::now_ms() + DAY,
        steps: vec![],
    };
    assert!(sc.requests().create_pasts(&[future]).await.is_err());

    // Two requests' histories in one call: the second refused, the first kept as it was.
    let ids = sc
        .requests()
        .create_pasts(&[
            PastRequest {
                input: input(t.a1, "小区门口路灯不亮"),
                at_ms: start,
                steps: vec![],
            },
            PastRequest {
                input: input(t.a1, "雨水井盖松动异响"),
                at_ms: start,
                steps: vec![],
            },
        ])
        .await
        .expect("entered");
    let close = steps(&[json!({"action": "close", "solved": true})], start);
    let r = sc
        .requests()
        .record_histories(&[(ids[0], steps(&life(dept)[..1], start)), (ids[1], close)])
        .await;
    assert!(r.is_err());
    let (_, first) = admin
        .get_json(&format!("/api/v1/requests/{}", ids[0]))
        .await;
    assert_eq!(first["request"]["state"], "received", "{first}");
    assert_eq!(first["events"].as_array().unwrap().len(), 2);
    assert_eq!(audit_count(&admin, ids[0]).await, 1);
}

//! Campaigns over HTTP: the live figures offered, a campaign started with field errors in
//! Chinese, a target bound to a live figure following a record made afterwards, a target
//! kept by hand, milestones with evidence, scope (404 from a sibling subtree), the export,
//! the page and its forms, the daily history and closing.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn target<'a>(d: &'a Value, name: &str) -> &'a Value {
    d["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {d}"))
}

fn days(n: i64) -> String {
    (today() + chrono::Duration::days(n)).to_string()
}

#[tokio::test]
async fn a_campaign_measures_its_targets_from_live_figures_and_recorded_values() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let firm = admin
        .create_node(Some(t.a), "甲园区某科技公司", "enterprise")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;

    let (st, figures) = alice.get_json("/api/v1/figures").await;
    assert_eq!(st, StatusCode::OK, "{figures}");
    let keys: Vec<&str> = figures
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["key"].as_str())
        .collect();
    for k in [
        "enterprise.coverage_rate",
        "enterprise.instructors",
        "people.recruited",
        "request.solved",
        "request.visits",
    ] {
        assert!(keys.contains(&k), "{k} in {figures}");
    }

    // Bad input is named field by field, in Chinese; a reader starts nothing.
    let (st, v) = alice
        .post(
            "/api/v1/campaigns",
            json!({"node_id": t.a, "name": "", "start_on": "2026-05-01", "end_on": "2026-04-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "name"), "必填", "{v}");
    assert_eq!(field_error(&v, "end_on"), "结束日期不能早于开始日期", "{v}");
    let body = json!({"node_id": t.a, "name": "红帆领航九项行动", "description": "五大突破",
                      "start_on": days(-30), "end_on": days(60)});
    let (st, _) = reader.post("/api/v1/campaigns", body.clone()).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, v) = bob.post("/api/v1/campaigns", body.clone()).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, d) = alice.post("/api/v1/campaigns", body).await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let id = d["campaign"]["id"].as_i64().unwrap();
    assert_eq!(d["campaign"]["status"], "active");

    // Targets: bound to a live figure of its kind, or kept by hand.
    let url = format!("/api/v1/campaigns/{id}/targets");
    let (st, v) = alice
        .post(
            &url,
            json!({"name": "走访", "kind": "rate", "baseline": 0, "goal": 0,
                   "due_on": days(90), "figure": "request.visits"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "kind"),
        "类型须与所绑定的实时数据一致",
        "{v}"
    );
    assert_eq!(field_error(&v, "goal"), "目标值不能与基线值相同", "{v}");
    assert_eq!(
        field_error(&v, "due_on"),
        "日期须在行动的起止日期之内",
        "{v}"
    );
    let (st, d) = alice
        .post(
            &url,
            json!({"name": "走访企业", "baseline": 0, "goal": 10, "due_on": days(30),
                   "figure": "request.visits"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let visits = target(&d, "走访企业");
    assert_eq!(visits["value"], 0.0, "{d}");
    assert_eq!(visits["kind"], "count");
    let visits_id = visits["id"].as_i64().unwrap();

    // A visit made afterwards moves the bound target.
    let visit = json!({"node_id": firm, "visited_on": today().to_string(),
                       "contact_name": "刘经理", "contact_phone": "13912345678",
                       "notes": "了解企业党建工作情况",
                       "problems": [{"category": "enterprise", "description": "用工招聘难，希望对接招聘会"}]});
    let (st, v) = alice.post("/api/v1/visits", visit).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (st, d) = alice.get_json(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    let visits = target(&d, "走访企业");
    assert_eq!(visits["value"], 1.0, "{d}");
    assert_eq!(visits["progress_pct"], 10.0, "{d}");
    let last = visits["history"].as_array().unwrap().last().cloned();
    assert_eq!(last.unwrap()["value"], 1.0, "{d}");
    // Its values are not kept by hand.
    let (st, _) = alice
        .post(
            &format!("{url}/{visits_id}/values"),
            json!({"on": today().to_string(), "value": 3}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT);

    let (st, d) = alice
        .post(
            &url,
            json!({"name": "收集问题解决", "kind": "count", "baseline": 0, "goal": 61,
                   "due_on": days(60)}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let manual = target(&d, "收集问题解决")["id"].as_i64().unwrap();
    let values = format!("{url}/{manual}/values");
    let (st, v) = alice
        .post(&values, json!({"on": days(1), "value": "x"}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "on"), "日期不能晚于今天", "{v}");
    assert_eq!(field_error(&v, "value"), "须为不小于 0 的数字", "{v}");
    let (st, _) = alice
        .post(
            &values,
            json!({"on": days(-10), "value": 40, "note": "收集问题61个"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let (st, d) = alice
        .post(
            &values,
            json!({"on": days(-1), "value": 57, "note": "已解决57个"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let m = target(&d, "收集问题解决");
    assert_eq!(m["value"], 57.0, "{d}");
    assert_eq!(m["progress_pct"], 93.4, "{d}");
    assert_eq!(m["history"].as_array().unwrap().len(), 2, "{d}");

    // Milestones, done once with evidence.
    let (st, d) = alice
        .post(
            &format!("/api/v1/campaigns/{id}/milestones"),
            json!({"name": "完成企业党组织摸底", "due_on": days(10)}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let mid = d["milestones"][0]["id"].as_i64().unwrap();
    let done = format!("/api/v1/campaigns/{id}/milestones/{mid}/done");
    let (st, v) = alice
        .post(&done, json!({"done_on": today().to_string()}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "note"),
        "请填写完成情况说明或佐证链接",
        "{v}"
    );
    let (st, d) = alice
        .post(
            &done,
            json!({"done_on": today().to_string(), "note": "44家企业全部摸清",
                   "link": "https://example.org/report"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(d["milestones"][0]["done_on"], today().to_string());
    let (st, _) = alice
        .post(
            &done,
            json!({"done_on": today().to_string(), "note": "再次"}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT);

    // Another subtree sees nothing of it.
    let (st, _) = bob.get_json(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob
        .post(
            &url,
            json!({"name": "x", "kind": "count", "baseline": 0, "goal": 1}),
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, list) = bob.get_json("/api/v1/campaigns").await;
    assert_eq!(list["total"], 0, "{list}");
    let (st, list) = reader.get_json("/api/v1/campaigns?status=active").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["items"][0]["targets"], 2, "{list}");
    // Overall: the mean of the targets' progress, 10 % and 93.4 %.
    assert_eq!(list["items"][0]["progress_pct"], 51.7, "{list}");
    let page = reader.get("/campaigns").await.text().await.unwrap();
    assert!(page.contains("51.7%"), "{page}");
    let (st, bytes) = alice.get_bytes("/api/v1/campaigns/export.xlsx").await;
    assert_eq!(st, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));

    // The daily job writes today's point of the bound target.
    assert!(app.store().campaign_snapshots().await.unwrap() >= 1);

    // The page, its chart and a form's field errors.
    let page = alice.get(&format!("/campaigns/{id}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("红帆领航九项行动"), "{html}");
    assert!(html.contains("chart-campaign_target"), "{html}");
    assert!(html.contains("93.4"), "{html}");
    let r = alice
        .form(
            &format!("/campaigns/{id}/targets"),
            &[
                ("name", ""),
                ("kind", "count"),
                ("baseline", "0"),
                ("goal", "5"),
                ("due_on", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("必填"));
    let (st, _) = bob.get_json(&format!("/campaigns/{id}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // Closed, it takes no further change.
    let (st, d) = alice
        .post(&format!("/api/v1/campaigns/{id}/close"), json!({}))
        .await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(d["campaign"]["status"], "closed");
    let (st, _) = alice
        .post(
            &format!("/api/v1/campaigns/{id}/milestones"),
            json!({"name": "总结", "due_on": days(20)}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
}

//! Changing and deleting campaigns over HTTP: the header (its days keep every due date), a
//! target (its measure only before anything was recorded), a target deleted with its
//! progress, a campaign deleted only while it has no history and no milestone done, each
//! change audited with the values before and after; the edit pages with their errors and
//! typed values; scope (404 from a sibling subtree, 403 for a reader).

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn days(n: i64) -> String {
    (today() + chrono::Duration::days(n)).to_string()
}

fn target_id(d: &Value, name: &str) -> i64 {
    d["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {d}"))["id"]
        .as_i64()
        .unwrap()
}

/// A campaign at park A with a target kept by hand, one bound to a live figure and a
/// milestone; answers its id.
async fn campaign(alice: &Session, node: i64) -> i64 {
    let body = json!({"node_id": node, "name": "红帆领航九项行动",
                      "start_on": days(-30), "end_on": days(60)});
    let (st, d) = alice.post("/api/v1/campaigns", body).await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let id = d["campaign"]["id"].as_i64().unwrap();
    let url = format!("/api/v1/campaigns/{id}/targets");
    for body in [
        json!({"name": "问题解决", "kind": "count", "baseline": 0, "goal": 61, "due_on": days(30)}),
        json!({"name": "走访企业", "baseline": 0, "goal": 10, "due_on": days(20),
               "figure": "request.visits"}),
    ] {
        let (st, d) = alice.post(&url, body).await;
        assert_eq!(st, StatusCode::CREATED, "{d}");
    }
    let (st, d) = alice
        .post(
            &format!("/api/v1/campaigns/{id}/milestones"),
            json!({"name": "摸底", "due_on": days(10)}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    id
}

#[tokio::test]
async fn a_campaign_and_its_targets_change_and_go_while_nothing_holds_them() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let id = campaign(&alice, t.a).await;
    let url = format!("/api/v1/campaigns/{id}");

    // The header: its days keep the targets' and milestones' due dates.
    let (st, v) = alice
        .send(
            reqwest::Method::PUT,
            &url,
            json!({"name": "", "start_on": days(-30), "end_on": days(25)}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "name"), "必填", "{v}");
    assert_eq!(
        field_error(&v, "end_on"),
        "已有指标或里程碑的日期不在此范围内",
        "{v}"
    );
    let header = json!({"name": "红帆领航行动", "description": "五大突破",
                        "start_on": days(-30), "end_on": days(90)});
    let (st, _) = bob.send(reqwest::Method::PUT, &url, header.clone()).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = reader
        .send(reqwest::Method::PUT, &url, header.clone())
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, d) = alice.send(reqwest::Method::PUT, &url, header).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(d["campaign"]["name"], "红帆领航行动");
    assert_eq!(d["campaign"]["end_on"], days(90));
    assert_eq!(d["campaign"]["description"], "五大突破");
    let (_, log) = admin
        .get_json(&format!(
            "/api/v1/audit?record_type=campaign&record_id={id}&action=update"
        ))
        .await;
    assert_eq!(
        log["items"][0]["before"]["name"], "红帆领航九项行动",
        "{log}"
    );
    assert_eq!(log["items"][0]["after"]["name"], "红帆领航行动", "{log}");

    // A target: its measure changes until something is recorded against it.
    let manual = target_id(&d, "问题解决");
    let turl = format!("{url}/targets/{manual}");
    let (st, d) = alice
        .send(
            reqwest::Method::PUT,
            &turl,
            json!({"name": "问题解决率", "kind": "rate", "baseline": 10, "goal": 90,
                   "due_on": days(40)}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{d}");
    let (st, _) = alice
        .post(
            &format!("{turl}/values"),
            json!({"on": today().to_string(), "value": 50}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let (st, v) = alice
        .send(
            reqwest::Method::PUT,
            &turl,
            json!({"name": "问题解决率", "kind": "count", "baseline": 0, "goal": 90,
                   "due_on": days(40)}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_error(&v, "kind"), "已有进展记录，不能再修改", "{v}");
    assert_eq!(
        field_error(&v, "baseline"),
        "已有进展记录，不能再修改",
        "{v}"
    );
    let (st, d) = alice
        .send(
            reqwest::Method::PUT,
            &turl,
            json!({"name": "问题解决率", "kind": "rate", "baseline": 10, "goal": 95,
                   "due_on": days(45)}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{d}");
    let saved = d["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == manual)
        .cloned()
        .unwrap();
    assert_eq!(saved["goal"], 95.0, "{d}");
    assert_eq!(saved["recorded"], true, "{d}");

    // With recorded progress the campaign stays (422, named); without, it goes.
    let (st, v) = alice.send(reqwest::Method::DELETE, &url, json!({})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(field_error(&v, "campaign").contains("不能删除"), "{v}");
    assert_eq!(bob.delete(&turl).await, StatusCode::NOT_FOUND);
    let (st, d) = alice.send(reqwest::Method::DELETE, &turl, json!({})).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(d["targets"].as_array().unwrap().len(), 1, "{d}");
    let (_, log) = admin
        .get_json(&format!(
            "/api/v1/audit?record_type=campaign_target&record_id={manual}&action=delete"
        ))
        .await;
    assert_eq!(log["items"][0]["before"]["values"], 1, "{log}");
    assert_eq!(bob.delete(&url).await, StatusCode::NOT_FOUND);
    assert_eq!(alice.delete(&url).await, StatusCode::NO_CONTENT);
    let (st, _) = alice.get_json(&url).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, log) = admin
        .get_json(&format!(
            "/api/v1/audit?record_type=campaign&record_id={id}&action=delete"
        ))
        .await;
    assert_eq!(log["items"][0]["before"]["targets"], 1, "{log}");

    // A milestone done keeps a campaign too.
    let other = campaign(&alice, t.a).await;
    let (_, d) = alice.get_json(&format!("/api/v1/campaigns/{other}")).await;
    let mid = d["milestones"][0]["id"].as_i64().unwrap();
    let (st, _) = alice
        .post(
            &format!("/api/v1/campaigns/{other}/milestones/{mid}/done"),
            json!({"done_on": today().to_string(), "note": "完成"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = alice
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/campaigns/{other}"),
            json!({}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_edit_pages_come_back_with_errors_and_what_was_typed() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let id = campaign(&alice, t.a).await;
    let (_, d) = alice.get_json(&format!("/api/v1/campaigns/{id}")).await;
    let bound = target_id(&d, "走访企业");

    let show = alice.get(&format!("/campaigns/{id}")).await;
    let html = show.text().await.unwrap();
    assert!(html.contains(&format!("/campaigns/{id}/edit")), "{html}");
    // No task issued under the campaign's node yet: said, instead of an empty choice.
    assert!(html.contains("data-testid=\"task-none\""), "{html}");
    assert!(!html.contains("data-testid=\"task-link-form\""));
    let r = alice.get(&format!("/campaigns/{id}/edit")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("红帆领航九项行动"));
    assert_eq!(
        reader.get(&format!("/campaigns/{id}/edit")).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        bob.get(&format!("/campaigns/{id}/edit")).await.status(),
        StatusCode::NOT_FOUND
    );

    let r = alice
        .form(
            &format!("/campaigns/{id}/edit"),
            &[
                ("name", "改过的名称"),
                ("start_on", &days(-30)),
                ("end_on", &days(5)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("改过的名称"), "{html}");
    assert!(
        html.contains("已有指标或里程碑的日期不在此范围内"),
        "{html}"
    );
    let r = alice
        .form(
            &format!("/campaigns/{id}/edit"),
            &[
                ("name", "改过的名称"),
                ("start_on", &days(-30)),
                ("end_on", &days(70)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with(&format!("/campaigns/{id}?ok=")), "{to}");

    let turl = format!("/campaigns/{id}/targets/{bound}/edit");
    let r = alice.get(&turl).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = alice
        .form(
            &turl,
            &[
                ("name", "走访企业数"),
                ("figure", "request.visits"),
                ("baseline", "0"),
                ("goal", "0"),
                ("due_on", &days(20)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("走访企业数"), "{html}");
    assert!(html.contains("目标值不能与基线值相同"), "{html}");

    // A value recorded: the page refuses the deletion and says why.
    let (_, d) = alice.get_json(&format!("/api/v1/campaigns/{id}")).await;
    let manual = target_id(&d, "问题解决");
    let (st, _) = alice
        .post(
            &format!("/api/v1/campaigns/{id}/targets/{manual}/values"),
            json!({"on": today().to_string(), "value": 3}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let r = alice.form(&format!("/campaigns/{id}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("不能删除"));
    let r = alice
        .form(&format!("/campaigns/{id}/targets/{manual}/delete"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = alice.form(&format!("/campaigns/{id}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/campaigns?ok="), "{to}");
}

#[tokio::test]
async fn a_campaign_moves_to_another_organization_until_progress_is_recorded() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let id = campaign(&alice, t.a).await;
    let url = format!("/api/v1/campaigns/{id}");
    let header = |node: i64| {
        json!({"name": "红帆领航九项行动", "start_on": days(-30), "end_on": days(60),
               "node_id": node})
    };

    // Only to an organization the caller manages: bob's park is out of alice's reach.
    let (st, v) = alice.send(reqwest::Method::PUT, &url, header(t.b)).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "node_id"),
        "组织不存在或不在您的管辖范围内",
        "{v}"
    );
    let (st, d) = alice.send(reqwest::Method::PUT, &url, header(t.a1)).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(d["campaign"]["node_id"], t.a1, "{d}");
    assert_eq!(d["campaign"]["node_name"], "甲一网格", "{d}");
    let (_, log) = admin
        .get_json(&format!(
            "/api/v1/audit?record_type=campaign&record_id={id}&action=move"
        ))
        .await;
    assert_eq!(log["items"][0]["before"]["node_id"], t.a, "{log}");
    assert_eq!(log["items"][0]["after"]["node_id"], t.a1, "{log}");

    // The district moves it to the sibling park: it leaves alice's subtree whole and reaches
    // bob's with its targets and milestone.
    let (st, d) = admin.send(reqwest::Method::PUT, &url, header(t.b)).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(alice.get_json(&url).await.0, StatusCode::NOT_FOUND);
    let (st, d) = bob.get_json(&url).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(d["targets"].as_array().unwrap().len(), 2, "{d}");
    assert_eq!(d["milestones"].as_array().unwrap().len(), 1, "{d}");
    let (_, listed) = bob.get_json("/api/v1/campaigns").await;
    assert_eq!(listed["total"], 1, "{listed}");
    let (_, listed) = alice.get_json("/api/v1/campaigns").await;
    assert_eq!(listed["total"], 0, "{listed}");
    let edit = bob.get(&format!("/campaigns/{id}/edit")).await;
    let html = edit.text().await.unwrap();
    assert!(html.contains("name=\"node_id\""), "{html}");

    // Once progress is recorded the organization stays; the rest of the header still changes.
    let manual = target_id(&d, "问题解决");
    let (st, _) = bob
        .post(
            &format!("{url}/targets/{manual}/values"),
            json!({"on": today().to_string(), "value": 5}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let (st, v) = bob.send(reqwest::Method::PUT, &url, header(t.b1)).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(
        field_error(&v, "node_id").starts_with("已有进展记录，组织不能更换"),
        "{v}"
    );
    let (st, d) = bob.send(reqwest::Method::PUT, &url, header(t.b)).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    let edit = bob.get(&format!("/campaigns/{id}/edit")).await;
    let html = edit.text().await.unwrap();
    assert!(!html.contains("name=\"node_id\""), "{html}");
    assert!(
        html.contains("data-testid=\"campaign-node-kept\""),
        "{html}"
    );
}

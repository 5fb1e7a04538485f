//! Service centres and stations over HTTP: checked fields named on their keys, writes
//! audited, the enterprises served chosen among enterprise nodes in reach, nothing seen or
//! changed from a sibling subtree, a node kept while a centre hangs on it, the public page
//! of an open centre and none of a closed one, the pages and the export.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn centre(node: i64, name: &str) -> Value {
    json!({"name": name, "kind": "centre", "node_id": node,
           "address": "甲园区服务大楼一楼", "facilities": ["activity_room", "reading_room"],
           "hours": "周一至周五 9:00–17:30", "phone": "0536-7590123", "area_m2": 600,
           "opened_on": "2021-07-01"})
}

async fn audit_actions(admin: &Session, record_type: &str) -> Vec<String> {
    let (st, v) = admin
        .get_json(&format!(
            "/api/v1/audit?record_type={record_type}&per_page=100"
        ))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn centres_are_checked_audited_and_scoped() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let firm = admin
        .create_node(Some(t.a1), "甲一制造有限公司", "enterprise")
        .await;
    let other_firm = admin
        .create_node(Some(t.b1), "乙一物流有限公司", "enterprise")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;

    // Every bad field is named on its key, in the caller's language.
    let (st, v) = alice.post("/api/v1/centres", json!({})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    for f in ["name", "kind", "node_id"] {
        assert!(v["error"]["fields"][f].is_string(), "{f}: {v}");
    }
    let mut bad = centre(t.a, "甲园区党群服务中心");
    bad["phone"] = json!("电话");
    bad["facilities"] = json!(["gym"]);
    bad["kind"] = json!("hall");
    bad["area_m2"] = json!(-5);
    let (st, v) = alice.post("/api/v1/centres", bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let fields = v["error"]["fields"].as_object().unwrap();
    let mut keys: Vec<&str> = fields.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["area_m2", "facilities", "kind", "phone"], "{v}");
    assert!(
        fields["phone"].as_str().unwrap().contains("电话号码"),
        "{v}"
    );
    // A host outside the caller's subtree is not offered.
    let (st, v) = alice
        .post("/api/v1/centres", centre(t.b, "乙园区党群服务中心"))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["node_id"].is_string(), "{v}");

    let (st, v) = alice
        .post("/api/v1/centres", centre(t.a, "甲园区党群服务中心"))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    assert_eq!(v["status"], "open");
    assert_eq!(v["node_name"], "甲园区");
    assert_eq!(v["facilities"], json!(["activity_room", "reading_room"]));
    let url = format!("/api/v1/centres/{id}");

    // Changed as a whole; the facilities also come as one text.
    let mut changed = centre(t.a1, "甲园区党群服务中心");
    changed["facilities"] = json!("meeting_room,activity_room");
    changed["kind"] = json!("station");
    let (st, v) = alice.send(Method::PUT, &url, changed).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["node_name"], "甲一网格");
    assert_eq!(v["kind"], "station");
    assert_eq!(v["facilities"], json!(["activity_room", "meeting_room"]));

    // The enterprises served: enterprise nodes in reach, the set replaced as a whole.
    let served = format!("{url}/enterprises");
    for wrong in [json!([other_firm]), json!([t.a1]), json!([999_999])] {
        let (st, v) = alice
            .send(Method::PUT, &served, json!({"enterprise_ids": wrong}))
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{wrong}: {v}");
        assert!(v["error"]["fields"]["enterprise_ids"].is_string(), "{v}");
    }
    let (st, v) = alice
        .send(
            Method::PUT,
            &served,
            json!({"enterprise_ids": [firm, firm]}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(
        v["enterprises"],
        json!([{"id": firm, "name": "甲一制造有限公司"}])
    );
    // An enterprise a wider admin chose beyond the park stays when the set is sent back, but
    // once dropped it cannot be chosen again from the park.
    let both = json!({"enterprise_ids": [firm, other_firm]});
    let (st, v) = admin.send(Method::PUT, &served, both.clone()).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = alice.send(Method::PUT, &served, both.clone()).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["enterprises"].as_array().unwrap().len(), 2, "{v}");
    let only = json!({"enterprise_ids": [firm]});
    let (st, v) = alice.send(Method::PUT, &served, only).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = alice.send(Method::PUT, &served, both).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    // Neither the host nor a served enterprise is deleted from under the centre.
    assert_eq!(
        admin.delete(&format!("/api/v1/orgs/{firm}")).await,
        StatusCode::CONFLICT
    );

    // The sibling park's admin neither sees nor changes it: 404 whatever the body.
    assert_eq!(bob.get_json(&url).await.0, StatusCode::NOT_FOUND);
    let (st, _) = bob
        .send(Method::PUT, &url, json!({"name": 5, "facilities": {}}))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob
        .send(
            Method::PUT,
            &served,
            json!({"enterprise_ids": [other_firm]}),
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(bob.delete(&url).await, StatusCode::NOT_FOUND);
    let (_, list) = bob.get_json("/api/v1/centres").await;
    assert_eq!(list["total"], 0, "{list}");
    let (st, _) = bob
        .get_json(&format!("/api/v1/centres?under={}", t.a))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(
        bob.get(&format!("/centres/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    // A reader of the park sees it and changes nothing.
    assert_eq!(reader.get_json(&url).await.0, StatusCode::OK);
    let (st, _) = reader.send(Method::PUT, &url, centre(t.a, "改名")).await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // The list filters, counts, page and export.
    let (_, list) = alice
        .get_json(&format!(
            "/api/v1/centres?under={}&kind=station&q=甲园区",
            t.a
        ))
        .await;
    assert_eq!(list["total"], 1, "{list}");
    let (_, list) = alice.get_json("/api/v1/centres?status=closed").await;
    assert_eq!(list["total"], 0, "{list}");
    let (_, counts) = alice.get_json("/api/v1/centres/counts").await;
    assert_eq!(counts["by_status"]["open"], 1, "{counts}");
    let page = alice.get("/centres").await.text().await.unwrap();
    assert!(
        page.contains("甲园区党群服务中心") && page.contains("data-testid=\"centre-charts\""),
        "the list and its charts"
    );
    let page = alice
        .get(&format!("/centres/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-dialog") && page.contains("甲一制造有限公司"));
    let (st, bytes) = alice.get_bytes("/api/v1/centres/export.xlsx").await;
    assert_eq!(st, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));

    // The public page, without signing in: an open centre is shown, a closed one is not.
    let anyone = client();
    let r = anyone
        .get(app.url(&format!("/p/centres/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("甲园区党群服务中心") && html.contains("甲一制造有限公司"),
        "{html}"
    );
    assert!(html.contains("0536-7590123") && !html.contains("阅览室"));
    let mut closed = centre(t.a1, "甲园区党群服务中心");
    closed["status"] = json!("closed");
    let (st, v) = alice.send(Method::PUT, &url, closed.clone()).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["closed_on"].is_string(), "{v}");
    closed["closed_on"] = json!("2025-06-30");
    let (st, v) = alice.send(Method::PUT, &url, closed).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let r = anyone
        .get(app.url(&format!("/p/centres/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = anyone
        .get(app.url("/p/centres/999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // Removed; every change was audited.
    assert_eq!(alice.delete(&url).await, StatusCode::NO_CONTENT);
    assert_eq!(alice.get_json(&url).await.0, StatusCode::NOT_FOUND);
    let actions = audit_actions(&admin, "centre").await;
    for a in ["create", "update", "delete", "export"] {
        assert!(actions.iter().any(|x| x == a), "{a}: {actions:?}");
    }
    let actions = audit_actions(&admin, "centre_enterprise").await;
    assert_eq!(actions.len(), 4, "one entry per set: {actions:?}");
    assert!(actions.iter().all(|a| a == "update"), "{actions:?}");
    // With the centre gone, the enterprise node may go.
    assert_eq!(
        admin.delete(&format!("/api/v1/orgs/{firm}")).await,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn the_pages_record_change_and_remove_a_centre() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let firm = admin
        .create_node(Some(t.a1), "甲二科技有限公司", "enterprise")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let a = t.a.to_string();

    // A refused form comes back with its values and the errors beside the fields.
    let r = alice
        .form(
            "/centres/new",
            &[
                ("name", "甲园区共享式党群服务站"),
                ("kind", "station"),
                ("node_id", &a),
                ("phone", "call me"),
                ("facilities", "activity_room"),
                ("facilities", "nursing_room"),
                ("status", "open"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"call me\"") && html.contains("field-error"));
    assert!(
        html.contains("value=\"nursing_room\" checked"),
        "ticks kept"
    );

    let r = alice
        .form(
            "/centres/new",
            &[
                ("name", "甲园区共享式党群服务站"),
                ("kind", "station"),
                ("node_id", &a),
                ("phone", "0536 7590123"),
                ("facilities", "activity_room"),
                ("facilities", "nursing_room"),
                ("status", "open"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = to
        .trim_start_matches("/centres/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (_, v) = alice.get_json(&format!("/api/v1/centres/{id}")).await;
    assert_eq!(v["facilities"], json!(["activity_room", "nursing_room"]));
    assert_eq!(v["phone"], "05367590123");

    // The served enterprises from the page: one picked to add, then unticked.
    let firm_s = firm.to_string();
    let r = alice
        .form(&format!("/centres/{id}/enterprises"), &[("add", &firm_s)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, v) = alice.get_json(&format!("/api/v1/centres/{id}")).await;
    assert_eq!(v["enterprises"][0]["id"], firm, "{v}");
    let r = alice
        .form(&format!("/centres/{id}/enterprises"), &[("add", &a)])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = alice.form(&format!("/centres/{id}/enterprises"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, v) = alice.get_json(&format!("/api/v1/centres/{id}")).await;
    assert_eq!(v["enterprises"], json!([]), "{v}");

    // Changed and removed from its page.
    let r = alice
        .form(
            &format!("/centres/{id}"),
            &[
                ("name", "甲园区党群服务站"),
                ("kind", "station"),
                ("node_id", &a),
                ("status", "open"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, v) = alice.get_json(&format!("/api/v1/centres/{id}")).await;
    assert_eq!(v["name"], "甲园区党群服务站");
    assert_eq!(v["facilities"], json!([]), "unticked boxes clear them");
    let r = alice.form(&format!("/centres/{id}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    let page = alice.get(&to).await.text().await.unwrap();
    assert!(page.contains("中心（站）已删除"), "{to}");
}

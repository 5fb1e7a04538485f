//! Open311 GeoReport v2 over HTTP: the categories as services, requests posted as a form or
//! as JSON, the public listing with its filters and field mapping, look-ups by tracking code,
//! and the spec's error arrays. Staff-entered requests never appear, and no contact data
//! leaves.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const PHONE: &str = "13987654321";

async fn get(app: &TestApp, p: &str, lang: &str) -> (StatusCode, Value) {
    let r = client()
        .get(app.url(p))
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

async fn post_form(app: &TestApp, fields: &[(&str, &str)]) -> (StatusCode, Value) {
    let r = client()
        .post(app.url("/open311/v2/requests.json"))
        .form(fields)
        .send()
        .await
        .unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

/// The descriptions of an error array, checking its shape.
fn errors(status: StatusCode, v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("an error array: {v}"))
        .iter()
        .map(|e| {
            assert_eq!(e["code"], status.as_u16(), "{v}");
            e["description"].as_str().unwrap().to_string()
        })
        .collect()
}

#[tokio::test]
async fn georeport_v2_services_requests_and_errors() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let admin = app.admin().await;
    let dept = admin
        .create_node(Some(sib.district), "测试区城管局", "department")
        .await;
    admin.create_user("handler1", Some(dept), "handler").await;
    let alice = app.login("alice", PASSWORD).await;
    let handler = app.login("handler1", PASSWORD).await;

    // Discovery and the services.
    let (st, d) = get(&app, "/open311/discovery.json", "zh-CN").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        d["endpoints"][0]["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert!(d["endpoints"][0]["url"]
        .as_str()
        .unwrap()
        .ends_with("/open311/v2"));
    let (st, s) = get(&app, "/open311/v2/services.json", "zh-CN").await;
    assert_eq!(st, StatusCode::OK);
    let municipal = s
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["service_code"] == "municipal")
        .unwrap_or_else(|| panic!("{s}"))
        .clone();
    assert_eq!(municipal["service_name"], "市政设施");
    assert_eq!(municipal["metadata"], false);
    assert_eq!(municipal["type"], "realtime");
    assert_eq!(municipal["group"], "诉求工单");
    assert!(municipal["keywords"]
        .as_str()
        .unwrap()
        .contains("municipal"));
    assert!(municipal["description"]
        .as_str()
        .unwrap()
        .contains("10 个工作日"));
    let (_, s) = get(&app, "/open311/v2/services.json", "en").await;
    assert!(s
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["service_name"] == "Municipal facilities"));

    // POST as a form, the spec's way, at a node id; no session, no CSRF token needed.
    let a1 = sib.a1.to_string();
    let (st, v) = post_form(
        &app,
        &[
            ("api_key", "ignored"),
            ("jurisdiction_id", "touyan.example"),
            ("service_code", "municipal"),
            ("address_id", &a1),
            ("address_string", "3号楼东侧"),
            ("description", "小区路灯不亮已一周，夜间行走不便。"),
            ("first_name", "建国"),
            ("last_name", "王"),
            ("phone", PHONE),
            ("email", "wang@example.com"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let lamp = v[0]["service_request_id"].as_str().unwrap().to_string();
    assert_eq!(lamp.len(), 20);
    assert!(v[0]["service_notice"]
        .as_str()
        .unwrap()
        .contains("10 个工作日"));
    assert!(v[0].as_object().unwrap().contains_key("account_id"));

    // POST as JSON with only an address that names the grid: placed at the deepest match.
    let r = client()
        .post(app.url("/open311/v2/requests.json"))
        .json(&json!({"service_code": "environment", "address_string": "测试区甲园区甲一网格 5号楼",
                      "description": "楼下垃圾桶满溢无人清运。", "first_name": "Li", "last_name": "Lei",
                      "phone": "0536-8234567"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    let bins = v[0]["service_request_id"].as_str().unwrap().to_string();
    // Both are found on the public tracking page too.
    let (st, t) = get(&app, &format!("/api/v1/public/requests/{bins}"), "zh-CN").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(t["node_id"], sib.a1);

    // A staff-entered request is never listed nor found here.
    let (st, staff) = alice
        .post(
            "/api/v1/requests",
            json!({"channel": "window", "category": "municipal", "node_id": sib.a1,
                   "description": "窗口代办：井盖松动。", "contact_name": "赵六",
                   "contact_phone": "13700001111"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{staff}");
    let staff_code = staff["code"].as_str().unwrap().to_string();
    let (st, v) = get(
        &app,
        &format!("/open311/v2/requests/{staff_code}.json"),
        "zh-CN",
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(errors(st, &v).len(), 1);

    // Errors in the spec's shape.
    let (st, v) = post_form(&app, &[("description", "没有类别的诉求内容")]).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(errors(st, &v)[0].contains("service_code"));
    let (st, v) = post_form(&app, &[("service_code", "weather"), ("address_id", &a1)]).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    errors(st, &v);
    let (st, v) = post_form(
        &app,
        &[
            ("service_code", "municipal"),
            ("lat", "37.06"),
            ("long", "119.1"),
            ("description", "只有坐标的诉求内容"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(errors(st, &v)[0].contains("address_id"), "{v}");
    let (st, v) = post_form(
        &app,
        &[
            ("service_code", "municipal"),
            ("address_string", "火星基地"),
            ("description", "找不到位置的诉求"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{v}");
    let r = client()
        .post(app.url("/open311/v2/requests.json"))
        .header("accept-language", "en")
        .form(&[
            ("service_code", "municipal"),
            ("address_id", a1.as_str()),
            ("description", "short"),
            ("first_name", "Li"),
            ("phone", "12"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let v: Value = r.json().await.unwrap();
    let descs = errors(StatusCode::BAD_REQUEST, &v);
    assert!(descs.iter().any(|d| d.starts_with("phone: ")), "{descs:?}");
    // The departments are no location.
    let dept_id = dept.to_string();
    let (st, v) = post_form(
        &app,
        &[
            ("service_code", "municipal"),
            ("address_id", &dept_id),
            ("description", "部门不是诉求位置"),
            ("first_name", "Li"),
            ("phone", PHONE),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(errors(st, &v)[0].starts_with("address_id: "), "{v}");

    // Staff take the lamp round the loop.
    let (_, list) = alice.get_json(&format!("/api/v1/requests?q={lamp}")).await;
    let id = list["items"][0]["id"].as_i64().unwrap();
    for (who, body) in [
        (&alice, json!({"action": "receive"})),
        (
            &alice,
            json!({"action": "dispatch", "node_id": dept, "reason": "内部派单备注"}),
        ),
        (&handler, json!({"action": "accept"})),
        (
            &handler,
            json!({"action": "reply", "result": "路灯已更换灯泡。"}),
        ),
        (
            &alice,
            json!({"action": "close", "solved": true, "reason": "已办结。"}),
        ),
    ] {
        let (st, v) = who
            .post(&format!("/api/v1/requests/{id}/actions"), body.clone())
            .await;
        assert_eq!(st, StatusCode::OK, "{body}: {v}");
    }

    // The listing: public requests only, newest first, with the spec's fields.
    let (st, v) = get(&app, "/open311/v2/requests.json", "zh-CN").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let rows = v.as_array().unwrap();
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [bins.as_str(), lamp.as_str()]);
    let text = v.to_string();
    for secret in [
        PHONE,
        "王建国",
        "0536-8234567",
        "Li Lei",
        "内部派单备注",
        "alice",
        "handler1",
    ] {
        assert!(!text.contains(secret), "shows {secret}: {text}");
    }
    let l = &rows[1];
    assert_eq!(l["status"], "closed");
    assert_eq!(l["status_notes"], "已办结。");
    assert_eq!(l["service_code"], "municipal");
    assert_eq!(l["service_name"], "市政设施");
    assert_eq!(l["agency_responsible"], "测试区城管局");
    assert_eq!(l["address"], "3号楼东侧，甲一网格，甲园区，测试区");
    assert_eq!(l["address_id"], sib.a1);
    assert_eq!(l["description"], "小区路灯不亮已一周，夜间行走不便。");
    for f in ["requested_datetime", "updated_datetime"] {
        let t = l[f].as_str().unwrap();
        assert!(t.ends_with("+08:00") && t.len() == 25, "{f}: {t}");
    }
    assert!(l["updated_datetime"].as_str() >= l["requested_datetime"].as_str());
    let b = &rows[0];
    assert_eq!(b["status"], "open");
    assert_eq!(b["status_notes"], Value::Null);
    assert_eq!(b["agency_responsible"], Value::Null);
    assert_eq!(
        b["address"],
        "测试区甲园区甲一网格 5号楼，甲一网格，甲园区，测试区"
    );

    // Filters.
    let (_, v) = get(&app, "/open311/v2/requests.json?status=closed", "zh-CN").await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["service_request_id"], lamp.as_str());
    let (_, v) = get(
        &app,
        "/open311/v2/requests.json?status=open,closed&service_code=environment",
        "zh-CN",
    )
    .await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["service_request_id"], bins.as_str());
    let (_, v) = get(
        &app,
        &format!("/open311/v2/requests.json?service_request_id={lamp},{staff_code}&status=open"),
        "zh-CN",
    )
    .await;
    assert_eq!(v.as_array().unwrap().len(), 1, "ids override the rest: {v}");
    let (_, v) = get(
        &app,
        "/open311/v2/requests.json?start_date=2099-01-01T00:00:00Z&end_date=2099-02-01T00:00:00Z",
        "zh-CN",
    )
    .await;
    assert_eq!(v, json!([]));
    let (st, v) = get(
        &app,
        "/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-12-31T00:00:00Z",
        "en",
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(errors(st, &v)[0].contains("90 days"));
    let (st, v) = get(&app, "/open311/v2/requests.json?status=pending", "zh-CN").await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    errors(st, &v);

    // One request by its code, in an array; unknown ones 404.
    let (st, v) = get(&app, &format!("/open311/v2/requests/{lamp}.json"), "en").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["service_name"], "Municipal facilities");
    assert_eq!(v[0]["address"], "3号楼东侧, 甲一网格, 甲园区, 测试区");
    let (st, v) = get(
        &app,
        &format!("/open311/v2/requests/{}.json", "0".repeat(20)),
        "zh-CN",
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    errors(st, &v);
}

//! The public side of service requests over HTTP: a resident submits on the form without
//! signing in, staff carry the request round the loop through the staff API, the tracking
//! page shows the unit's reply and closing words but never the contact data, internal notes
//! or staff names, a 不满意 rating reopens it, and the per-address limits answer 429.

use crate::common::*;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

/// The smallest files the upload check takes as a PNG and a JPEG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-public-photo-one";
const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF-public-photo-two";

const NAME: &str = "王建国";
const PHONE: &str = "13812345678";
const SEND_BACK: &str = "内部退单原因：不属本局职责XYZ";
const EXTENSION: &str = "延期内部原因：需协调供电公司ABC";
const DISPATCH_NOTE: &str = "派单内部备注：请优先处理DEF";
const REPLY: &str = "路灯已于今日修复，感谢您的反映。";
const CLOSING: &str = "经回访确认已解决，诉求办结。";

/// Park A's grid A1 is the location, park A dispatches (alice), and a department under the
/// district handles (handler1 with the built-in 承办员 role).
struct World {
    sib: Siblings,
    dept: i64,
    alice: Session,
    handler: Session,
}

async fn world(app: &TestApp) -> World {
    let sib = siblings(app).await;
    let admin = app.admin().await;
    let dept = admin
        .create_node(Some(sib.district), "测试区城管局", "department")
        .await;
    admin.create_user("handler1", Some(dept), "handler").await;
    World {
        sib,
        dept,
        alice: app.login("alice", PASSWORD).await,
        handler: app.login("handler1", PASSWORD).await,
    }
}

/// A visitor with a cookie jar, holding the CSRF token the form page sets.
async fn visitor(app: &TestApp) -> (Client, String) {
    let c = client();
    let r = c.get(app.url("/report")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csrf = anon_csrf(&r);
    (c, csrf)
}

enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a str, &'a [u8]),
}

/// A multipart body built by hand, as a browser sends the form.
fn multipart(parts: &[Part]) -> (String, Vec<u8>) {
    let boundary = "touyan-public-boundary-7c41d2";
    let mut body = vec![];
    for p in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match p {
            Part::Text(name, value) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                        .as_bytes(),
                );
            }
            Part::File(name, file, bytes) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(bytes);
                body.extend_from_slice(b"\r\n");
            }
        }
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The text parts of a resident's report at `node`, as the form sends them.
fn resident_parts<'a>(csrf: &'a str, node: &'a str, description: &'a str) -> Vec<Part<'a>> {
    vec![
        Part::Text("_csrf", csrf),
        Part::Text("requester", "resident"),
        Part::Text("category", "municipal"),
        Part::Text("node_id", node),
        Part::Text("address", "3号楼东侧"),
        Part::Text("description", description),
        Part::Text("contact_name", NAME),
        Part::Text("contact_phone", PHONE),
    ]
}

async fn post_form(app: &TestApp, c: &Client, parts: &[Part<'_>]) -> reqwest::Response {
    let (ct, body) = multipart(parts);
    c.post(app.url("/report"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// A valid JSON submission at `node`.
fn submission(node: i64, description: &str) -> Value {
    json!({"requester": "resident", "category": "municipal", "node_id": node,
           "address": "3号楼东侧", "description": description,
           "contact_name": NAME, "contact_phone": PHONE})
}

async fn submit_json(
    app: &TestApp,
    body: Value,
) -> (StatusCode, Value, reqwest::header::HeaderMap) {
    let r = client()
        .post(app.url("/api/v1/public/requests"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let s = r.status();
    let h = r.headers().clone();
    (s, r.json().await.unwrap_or(Value::Null), h)
}

async fn get_text(c: &Client, url: &str) -> (StatusCode, String) {
    let r = c.get(url).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

/// The request's id as staff find it by its tracking code.
async fn staff_id(s: &Session, code: &str) -> i64 {
    let (st, v) = s.get_json(&format!("/api/v1/requests?q={code}")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["items"].as_array().unwrap().len(), 1, "{v}");
    v["items"][0]["id"].as_i64().unwrap()
}

async fn act(s: &Session, id: i64, body: Value) -> Value {
    let (st, v) = s
        .post(&format!("/api/v1/requests/{id}/actions"), body.clone())
        .await;
    assert_eq!(st, StatusCode::OK, "{body}: {v}");
    v
}

fn assert_private(text: &str, what: &str) {
    for secret in [
        NAME,
        PHONE,
        "138****5678",
        SEND_BACK,
        EXTENSION,
        DISPATCH_NOTE,
        "alice",
        "handler1",
    ] {
        assert!(!text.contains(secret), "{what} shows {secret:?}");
    }
}

#[tokio::test]
async fn the_public_loop_from_the_form_to_a_reopening_rating() {
    let app = spawn().await;
    let w = world(&app).await;
    let (c, csrf) = visitor(&app).await;

    // The form offers the active categories and finds locations by name, with their full
    // names; a department is no place to file a request at.
    let (_, html) = get_text(&c, &app.url("/report")).await;
    assert!(
        html.contains("市政设施") && html.contains("name=\"_csrf\""),
        "{html}"
    );
    let (st, frag) = get_text(&c, &app.url("/report/locations?location_q=甲一")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(frag.contains("测试区 / 甲园区 / 甲一网格"), "{frag}");
    assert!(frag.contains(&format!("value=\"{}\"", w.sib.a1)), "{frag}");
    let (_, v) = get_json_anon(&app, "/api/v1/public/locations?q=甲").await;
    let found: Vec<i64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_i64().unwrap())
        .collect();
    assert!(found.contains(&w.sib.a) && found.contains(&w.sib.a1), "{v}");
    let (_, v) = get_json_anon(&app, "/api/v1/public/locations?q=城管").await;
    assert_eq!(v, json!([]));

    // A form with its problems answers 422 with each field named, keeping what was typed.
    let r = post_form(
        &app,
        &c,
        &[
            Part::Text("_csrf", &csrf),
            Part::Text("requester", "enterprise"),
            Part::Text("category", "municipal"),
            Part::Text("description", "灯坏了"),
            Part::Text("contact_name", NAME),
            Part::Text("contact_phone", "12345"),
            Part::Text("location_q", "甲一"),
            Part::File("photos", "a.png", PNG),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    for msg in [
        "至少 5 个字",
        "请选择问题所在的社区、网格、园区或街道",
        "请填写 11 位手机号码",
        "请重新选择照片",
    ] {
        assert!(html.contains(msg), "{msg}: {html}");
    }
    // The search typed is answered with its matches to choose from.
    assert!(html.contains("测试区 / 甲园区 / 甲一网格"), "{html}");
    // Without the token the form is refused.
    let r = post_form(&app, &c, &[Part::Text("description", "无令牌提交")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // The real thing, with two photos.
    let node = w.sib.a1.to_string();
    let mut parts = resident_parts(&csrf, &node, "小区3号楼东侧路灯不亮已一周，夜间行走不便。");
    parts.push(Part::File("photos", "lamp.png", PNG));
    parts.push(Part::File("photos", "lamp.jpg", JPEG));
    let r = post_form(&app, &c, &parts).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let done = r.headers()["location"].to_str().unwrap().to_string();
    let code = done.strip_prefix("/report/done/").unwrap().to_string();
    assert_eq!(code.len(), 20);
    let (st, html) = get_text(&c, &app.url(&done)).await;
    assert_eq!(st, StatusCode::OK);
    let grouped = format!(
        "{}-{}-{}-{}",
        &code[..5],
        &code[5..10],
        &code[10..15],
        &code[15..]
    );
    assert!(html.contains(&grouped), "{html}");
    assert!(html.contains(&format!("href=\"/track/{code}\"")), "{html}");

    // Tracked by code through the API: submitted, two photos that can be fetched.
    let (st, v) = get_json_anon(&app, &format!("/api/v1/public/requests/{code}")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["state"], "submitted");
    assert_eq!(v["node_name"], "测试区 / 甲园区 / 甲一网格");
    assert_eq!(v["files"].as_array().unwrap().len(), 2, "{v}");
    let fid = v["files"][0]["id"].as_i64().unwrap();
    let r = c
        .get(app.url(&format!("/track/{code}/files/{fid}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.bytes().await.unwrap().as_ref(), PNG);
    // A file id of another request, or a wrong code, finds nothing.
    let r = c
        .get(app.url(&format!("/track/{}/files/{fid}", "0".repeat(20))))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_private(&v.to_string(), "the API");

    // Staff take it round the loop, with internal exchanges on the way.
    let id = staff_id(&w.alice, &code).await;
    act(&w.alice, id, json!({"action": "receive"})).await;
    act(
        &w.alice,
        id,
        json!({"action": "dispatch", "node_id": w.dept, "reason": DISPATCH_NOTE}),
    )
    .await;
    act(
        &w.handler,
        id,
        json!({"action": "send_back", "reason": SEND_BACK}),
    )
    .await;
    act(
        &w.alice,
        id,
        json!({"action": "dispatch", "node_id": w.dept}),
    )
    .await;
    act(&w.handler, id, json!({"action": "accept"})).await;
    act(
        &w.handler,
        id,
        json!({"action": "request_extension", "days": 3, "reason": EXTENSION}),
    )
    .await;
    act(&w.alice, id, json!({"action": "approve_extension"})).await;
    act(&w.handler, id, json!({"action": "reply", "result": REPLY})).await;

    // Before closing, the page shows the reply and offers the rating.
    let (st, html) = get_text(&c, &app.url(&format!("/track/{code}"))).await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains(REPLY) && html.contains("测试区城管局"),
        "{html}"
    );
    assert!(html.contains("data-testid=\"rp-rate\""), "{html}");

    act(
        &w.alice,
        id,
        json!({"action": "close", "solved": true, "reason": CLOSING}),
    )
    .await;

    // The tracking page: state, the unit, its reply and closing words, the photos, the
    // timeline — and nothing private, on the page or in the API.
    let (st, html) = get_text(&c, &app.url(&format!("/track/{code}"))).await;
    assert_eq!(st, StatusCode::OK);
    for shown in [
        "已办结",
        "测试区城管局",
        REPLY,
        CLOSING,
        "市政设施",
        "3号楼东侧",
        &format!("/track/{code}/files/{fid}"),
        "已派至承办单位：测试区城管局",
        "data-testid=\"rp-rate\"",
    ] {
        assert!(html.contains(shown), "{shown}: {html}");
    }
    assert_private(&html, "the tracking page");
    let (_, v) = get_json_anon(&app, &format!("/api/v1/public/requests/{code}")).await;
    assert_eq!(v["state"], "closed");
    assert_eq!(v["reply"], REPLY);
    assert_eq!(v["closing_note"], CLOSING);
    assert_eq!(v["can_rate"], true);
    assert_eq!(v["handling_node_name"], "测试区城管局");
    assert_private(&v.to_string(), "the API");
    // Codes are read the way people type them.
    let typed = grouped.to_lowercase();
    let (st, _) = get_json_anon(&app, &format!("/api/v1/public/requests/{typed}")).await;
    assert_eq!(st, StatusCode::OK);
    let r = c
        .get(app.url(&format!("/track?code={}", urlencode(&typed))))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], format!("/track/{code}").as_str());

    // A rating form without its choice answers 422 and names it.
    let r = c
        .post(app.url(&format!("/track/{code}/rating")))
        .form(&[("_csrf", csrf.as_str()), ("comment", "还行")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("必填"));

    // 不满意 within the window sends it back for another round, and the page says so.
    let r = c
        .post(app.url(&format!("/track/{code}/rating")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("rating", "dissatisfied"),
            ("comment", "晚上还是很暗，只修好了一盏"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let back = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(back, format!("/track/{code}?done=reopened"));
    let (_, html) = get_text(&c, &app.url(&back)).await;
    assert!(html.contains("您的诉求已重新进入办理"), "{html}");
    assert!(
        html.contains("已受理待派单") && html.contains("不满意"),
        "{html}"
    );
    assert!(html.contains("晚上还是很暗，只修好了一盏"), "{html}");
    let (_, v) = get_json_anon(&app, &format!("/api/v1/public/requests/{code}")).await;
    assert_eq!(v["state"], "received");
    assert_eq!(v["round"], 2);
    assert_eq!(v["rating"], "dissatisfied");
    assert_eq!(v["can_rate"], false);
    assert_eq!(v["reply"], Value::Null, "a new round has no reply yet: {v}");
    // Staff see it back in their queue, in round 2.
    let (_, d) = w.alice.get_json(&format!("/api/v1/requests/{id}")).await;
    assert_eq!(d["request"]["state"], "received", "{d}");
    assert_eq!(d["request"]["round"], 2);
    // Rating again now is refused by the rules.
    let r = client()
        .post(app.url(&format!("/api/v1/public/requests/{code}/rating")))
        .json(&json!({"rating": "satisfied"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);

    // Every public write is in the audit log, under "public".
    let admin = app.admin().await;
    let (_, log) = admin
        .get_json(&format!(
            "/api/v1/audit?record_type=service_request&record_id={id}&per_page=100"
        ))
        .await;
    let actions: Vec<(String, String)> = log["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{log}"))
        .iter()
        .map(|e| {
            (
                e["actor_name"].as_str().unwrap_or("").to_string(),
                e["action"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for a in ["submit", "rate"] {
        assert!(
            actions.contains(&("public".to_string(), a.to_string())),
            "{a}: {actions:?}"
        );
    }
}

async fn get_json_anon(app: &TestApp, p: &str) -> (StatusCode, Value) {
    let r = client().get(app.url(p)).send().await.unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn the_json_api_checks_every_field_and_answers_unknown_codes_with_404() {
    let app = spawn().await;
    let w = world(&app).await;

    // Every bad field at once, in the caller's language.
    let bad = json!({"requester": "enterprise", "category": "weather", "node_id": w.dept,
                     "description": "灯坏", "contact_phone": "1"});
    let r = client()
        .post(app.url("/api/v1/public/requests"))
        .header("accept-language", "en")
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    let fields = v["error"]["fields"].as_object().unwrap();
    let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "category",
            "contact_name",
            "contact_phone",
            "description",
            "enterprise_name",
            "node_id"
        ],
        "{v}"
    );
    assert_eq!(
        fields["node_id"],
        "Choose a community, grid, park or street from the list"
    );

    // An enterprise names itself; answered with the code, grouped code and page.
    let mut body = submission(w.sib.a, "园区企业门前道路积水严重，影响货车通行。");
    body["requester"] = json!("enterprise");
    body["enterprise_name"] = json!("潍坊润丰化工股份有限公司");
    let (st, v, _) = submit_json(&app, body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let code = v["code"].as_str().unwrap().to_string();
    assert_eq!(v["tracking_url"], format!("/track/{code}"));
    assert_eq!(v["display_code"].as_str().unwrap().len(), 23);
    let (_, t) = get_json_anon(&app, &format!("/api/v1/public/requests/{code}")).await;
    assert_eq!(t["node_name"], "测试区 / 甲园区");
    assert_eq!(t["actions"], json!(["withdraw"]));
    assert!(!t.to_string().contains("潍坊润丰化工"), "{t}");
    // Staff see the enterprise and the full contact: the request is theirs to dispatch.
    let id = staff_id(&w.alice, &code).await;
    let (_, d) = w.alice.get_json(&format!("/api/v1/requests/{id}")).await;
    assert_eq!(d["request"]["enterprise_name"], "潍坊润丰化工股份有限公司");
    assert_eq!(d["request"]["contact_phone"], PHONE);
    assert_eq!(d["request"]["channel"], "public_form");

    // Unknown and malformed codes: 404 on the API and the page.
    for unknown in ["0".repeat(20), "not-a-code".to_string()] {
        let (st, v) = get_json_anon(&app, &format!("/api/v1/public/requests/{unknown}")).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{v}");
        assert_eq!(v["error"]["code"], "not_found");
        let (st, _) = get_text(&client(), &app.url(&format!("/track/{unknown}"))).await;
        assert_eq!(st, StatusCode::NOT_FOUND);
    }
    let (st, html) = get_text(&client(), &app.url("/track?code=abc")).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("查询码应为 20 位字母和数字"), "{html}");

    // Nothing to rate before the reply; withdrawing before dispatch is the complainant's.
    let r = client()
        .post(app.url(&format!("/api/v1/public/requests/{code}/rating")))
        .json(&json!({"rating": "satisfied"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = client()
        .post(app.url(&format!("/api/v1/public/requests/{code}/withdraw")))
        .json(&json!({"reason": "已自行解决"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["request"]["state"], "withdrawn");
    assert_eq!(v["reopened"], false);
    assert_eq!(v["request"]["actions"], json!([]));

    // The public documents itself in the OpenAPI description.
    let (_, doc) = get_json_anon(&app, "/api/openapi.json").await;
    for p in [
        "/api/v1/public/requests",
        "/api/v1/public/requests/{code}",
        "/api/v1/public/requests/{code}/rating",
        "/api/v1/public/locations",
    ] {
        assert!(doc["paths"][p].is_object(), "{p}");
    }
}

#[tokio::test]
async fn limits_per_address_answer_429_with_retry_after() {
    let app = spawn().await;
    let w = world(&app).await;

    // A refused submission does not count; five accepted ones use the allowance.
    let (st, _, _) = submit_json(&app, json!({"description": "x"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let mut code = String::new();
    for i in 0..5 {
        let (st, v, _) = submit_json(
            &app,
            submission(w.sib.a1, &format!("第{i}次反映：路面坑洼需修补")),
        )
        .await;
        assert_eq!(st, StatusCode::CREATED, "{i}: {v}");
        code = v["code"].as_str().unwrap().to_string();
    }
    let (st, v, h) = submit_json(&app, submission(w.sib.a1, "第六次反映：路面坑洼需修补")).await;
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS, "{v}");
    assert_eq!(v["error"]["code"], "throttled");
    let wait: i64 = h["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=600).contains(&wait), "{wait}");
    // The form says so too, with the header.
    let (c, csrf) = visitor(&app).await;
    let node = w.sib.a1.to_string();
    let r = post_form(
        &app,
        &c,
        &[
            Part::Text("_csrf", &csrf),
            Part::Text("requester", "resident"),
            Part::Text("category", "municipal"),
            Part::Text("node_id", &node),
            Part::Text("description", "第七次反映：路面坑洼需修补"),
            Part::Text("contact_name", NAME),
            Part::Text("contact_phone", PHONE),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    assert!(r.text().await.unwrap().contains("操作过于频繁"));
    // Staff are not limited: their intake goes on.
    let (st, v) = w
        .alice
        .post(
            "/api/v1/requests",
            json!({"channel": "window", "category": "municipal", "node_id": w.sib.a1,
                   "description": "窗口代办：路面坑洼需修补", "contact_name": NAME,
                   "contact_phone": PHONE}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");

    // Sixty look-ups a minute; the next one waits.
    for i in 0..60 {
        let (st, _) = get_json_anon(&app, &format!("/api/v1/public/requests/{code}")).await;
        assert_eq!(st, StatusCode::OK, "look-up {i}");
    }
    let r = client()
        .get(app.url(&format!("/api/v1/public/requests/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let r = client()
        .get(app.url(&format!("/track/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
}

/// The public form is multipart, which the request guard does not buffer: its text parts are
/// checked as they are read, so a control character is refused and nothing is stored.
#[tokio::test]
async fn the_public_form_refuses_control_characters_in_its_text_parts() {
    let app = spawn().await;
    let w = world(&app).await;
    let (c, csrf) = visitor(&app).await;
    let node = w.sib.a1.to_string();
    let parts = resident_parts(&csrf, &node, "路灯不亮\u{0}已一周，夜间行走不便。");
    let r = post_form(&app, &c, &parts).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("控制字符"), "{html}");
    let (s, v) = w.alice.get_json("/api/v1/requests").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 0, "{v}");
}

//! Staff search finds a request by its tracking code the way the public tracking page reads
//! it: as displayed (with dashes), in any case, or by its first characters.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;

/// The ids of alice's list for the search `q` (sent as a query parameter).
async fn found(s: &Session, q: &str) -> Vec<i64> {
    let r =
        s.c.get(s.url("/api/v1/requests"))
            .query(&[("q", q)])
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{q}");
    let v: serde_json::Value = r.json().await.unwrap();
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

/// Shown as the public page and the tracking slip show it: groups of five with dashes.
fn shown(code: &str) -> String {
    code.as_bytes()
        .chunks(5)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[tokio::test]
async fn staff_search_finds_a_request_by_its_tracking_code() {
    let app = spawn().await;
    let s = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;

    let mut made = vec![];
    for text in ["小区门口垃圾堆积多日", "路灯不亮已有三天时间"] {
        let (st, v) = alice
            .post(
                "/api/v1/requests",
                json!({"channel": "window", "category": "environment", "node_id": s.a1,
                       "description": text, "contact_name": "张三",
                       "contact_phone": "13812345678"}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        made.push((
            v["id"].as_i64().unwrap(),
            v["code"].as_str().unwrap().to_string(),
        ));
    }
    let (id, code) = &made[0];
    let (other, other_code) = &made[1];
    let display = shown(code);
    assert_eq!(display.len(), 23);

    // The whole code: bare, as displayed, in lower case, with spaces.
    for q in [
        code.clone(),
        display.clone(),
        display.to_lowercase(),
        display.replace('-', " "),
    ] {
        assert_eq!(found(&alice, &q).await, [*id], "{q}");
    }
    // Its first characters, with or without the dash, in any case.
    let first = &display[..7];
    let hits = found(&alice, &first.to_lowercase()).await;
    assert!(hits.contains(id), "{first}: {hits:?}");
    if !other_code.starts_with(&code[..6]) {
        assert!(!hits.contains(other), "{first}: {hits:?}");
    }
    let hits = found(&alice, &code[..4]).await;
    assert!(hits.contains(id));
    // Outside the caller's scope a code finds nothing.
    assert!(found(&bob, &display).await.is_empty());
    // The words still find what they describe; a code with one character wrong does not.
    assert_eq!(found(&alice, "路灯不亮").await, [*other]);
    let last = code.chars().last().unwrap();
    let wrong = if last == 'Z' { 'Y' } else { 'Z' };
    let typo = format!("{}{wrong}", &code[..19]);
    assert!(!found(&alice, &typo).await.contains(id));

    // The list page searches the same way.
    let r = alice
        .c
        .get(alice.url("/requests"))
        .query(&[("q", display.to_lowercase())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("小区门口垃圾堆积多日"));
    assert!(!html.contains("路灯不亮已有三天时间"));
}

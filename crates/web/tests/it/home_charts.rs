//! The workbench's charts: each draws the counts its area's lists show for the caller's
//! scope (people by status, studios by kind and level), and nothing of a sibling subtree.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

/// The chart `key` the home page carries inline, if it draws one.
async fn chart(s: &Session, key: &str) -> Option<Value> {
    let html = s.get("/").await.text().await.unwrap();
    let at = html.find(&format!("data-testid=\"chart-{key}\""))?;
    let rest = &html[at..];
    let open = "<script type=\"application/json\">";
    let start = rest.find(open)? + open.len();
    let end = rest[start..].find("</script>")? + start;
    Some(serde_json::from_str(&rest[start..end]).unwrap())
}

/// The value drawn for `label`.
fn value(c: &Value, label: &str) -> i64 {
    let i = c["labels"]
        .as_array()
        .unwrap()
        .iter()
        .position(|l| l == label)
        .unwrap_or_else(|| panic!("{label} in {c}"));
    c["series"][0]["data"][i].as_f64().unwrap() as i64
}

async fn total(s: &Session, p: &str) -> i64 {
    let (status, v) = s.get_json(p).await;
    assert_eq!(status, StatusCode::OK, "{p}: {v}");
    v["total"].as_i64().unwrap()
}

#[tokio::test]
async fn the_home_charts_count_what_the_lists_count_in_the_callers_scope() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    for seq in 1..=3 {
        admin.new_person(t.a1, &format!("甲员{seq}"), seq).await;
    }
    admin.new_person(t.b1, "乙员", 4).await;
    admin.new_studio(t.a, "甲书记工作室", None).await;
    admin.new_studio(t.a1, "甲网格工作室", None).await;
    admin.new_studio(t.b, "乙书记工作室", None).await;

    let alice = app.login("alice", PASSWORD).await;
    let people = chart(&alice, "people_status").await.expect("people chart");
    let drawn: i64 = people["series"][0]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap() as i64)
        .sum();
    assert_eq!(drawn, total(&alice, "/api/v1/people").await);
    assert_eq!(drawn, 3);
    assert_eq!(
        value(&people, "群众"),
        total(&alice, "/api/v1/people?status=masses").await
    );

    let kinds = chart(&alice, "studio_kind").await.expect("studio kinds");
    assert_eq!(
        value(&kinds, "书记工作室"),
        total(&alice, "/api/v1/studios?kind=secretary").await
    );
    assert_eq!(value(&kinds, "书记工作室"), 2);
    let levels = chart(&alice, "studio_level").await.expect("studio levels");
    assert_eq!(
        value(&levels, "区级"),
        total(&alice, "/api/v1/studios?level=district").await
    );
    // Each figure's table is beside it.
    let html = alice.get("/").await.text().await.unwrap();
    assert!(html.contains("data-testid=\"chart-people_status-table\""));
    assert!(html.contains("echarts.min."));

    // The sibling's admin sees one person and one studio; a caller who reads no people gets
    // no people chart.
    let bob = app.login("bob", PASSWORD).await;
    let people = chart(&bob, "people_status")
        .await
        .expect("bob's people chart");
    assert_eq!(value(&people, "群众"), 1);
    let kinds = chart(&bob, "studio_kind").await.unwrap();
    assert_eq!(value(&kinds, "书记工作室"), 1);
    admin.create_user("nobody", Some(t.a), "handler").await;
    let handler = app.login("nobody", PASSWORD).await;
    assert!(chart(&handler, "people_status").await.is_none());
}

//! The work cadence's pages: the activity list, form (with the roster's attendance radios)
//! and record; compliance with its charts and export; the obligations with their forms —
//! for a writer, a reader and a caller of another park.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;

async fn member(s: &Session, node: i64, name: &str, seq: u32) -> i64 {
    let mut body = person(node, name, date(1980, 1, 1), seq);
    body["status"] = json!("full");
    body["full_on"] = json!("2001-07-01");
    let (st, v) = s.post("/api/v1/people", body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    v["id"].as_i64().unwrap()
}

async fn html(s: &Session, p: &str) -> (StatusCode, String) {
    let r = s.get(p).await;
    (r.status(), r.text().await.unwrap())
}

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().to_string()
}

/// A day a few days back, with a time, as the form's datetime-local field sends it.
fn held_at() -> String {
    format!("{}T09:30", today() - chrono::Duration::days(3))
}

#[tokio::test]
async fn the_pages_render_for_a_writer_and_a_reader_who_gets_no_write_buttons() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let branch = admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    member(&admin, branch, "党员甲", 1).await;
    let alice = app.login("alice", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let on = today().to_string();
    let pages = [
        "/activities".to_string(),
        "/activities?q=x&activity_type=theme_day&from=2026-01-01&late=true".into(),
        "/activities/new".into(),
        format!("/activities/new?node_id={branch}&types=theme_day"),
        "/compliance".into(),
        format!("/compliance?under={}&on={on}", t.a),
        "/obligations".into(),
    ];
    for s in [&admin, &alice, &reader] {
        for p in &pages {
            let (st, page) = html(s, p).await;
            assert_eq!(st, StatusCode::OK, "{p}");
            assert!(page.contains("</html>"), "{p}");
        }
    }
    // The writer's list offers recording; the reader's does not, nor setting obligations.
    let (_, page) = html(&alice, "/activities").await;
    assert!(page.contains("href=\"/activities/new\""), "{page}");
    assert!(page.contains("/api/v1/activities/export.xlsx"));
    let (_, page) = html(&reader, "/activities").await;
    assert!(!page.contains("href=\"/activities/new\""), "{page}");
    let (_, page) = html(&reader, "/obligations").await;
    assert!(!page.contains("data-testid=\"obligation-form\""));
    assert!(!page.contains("action=\"/obligations/"), "no row forms");
    let (_, page) = html(&admin, "/obligations").await;
    assert!(page.contains("data-testid=\"obligation-form\""));
    assert!(page.contains("主题党日") && page.contains("每月"), "{page}");

    // Compliance under park A: its branch is behind on the month's theme day, with the
    // export of the same node and day, and the charts.
    let (_, page) = html(&alice, &format!("/compliance?under={}&on={on}", t.a)).await;
    assert!(page.contains("甲园区第一党支部"), "{page}");
    assert!(page.contains(&format!(
        "/api/v1/compliance/export.xlsx?under={}&#38;on={on}",
        t.a
    )));
    for key in ["chart-cadence_trend", "chart-cadence_children"] {
        assert!(page.contains(key), "{key}");
    }
    assert!(page.contains(&format!("/activities/new?node_id={branch}")));
    let (_, page) = html(&reader, &format!("/compliance?under={}&on={on}", t.a)).await;
    assert!(
        !page.contains("/activities/new?node_id="),
        "no recording link"
    );
    // A park the caller does not reach is not found.
    let (st, _) = html(&alice, &format!("/compliance?under={}", t.b)).await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // The roster fragment: a hint until both are chosen, then the members with radios.
    let (st, part) = html(&alice, "/activities/roster").await;
    assert_eq!(st, StatusCode::OK);
    assert!(part.contains("roster-wait"), "{part}");
    let (st, part) = html(
        &alice,
        &format!("/activities/roster?node_id={branch}&held_at={}", held_at()),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        part.contains("党员甲") && part.contains("type=\"radio\""),
        "{part}"
    );
    let bob = app.login("bob", PASSWORD).await;
    let (st, _) = html(
        &bob,
        &format!("/activities/roster?node_id={branch}&on={on}"),
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_activity_is_recorded_changed_and_removed_through_its_forms() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let branch = admin
        .create_node(Some(t.a), "甲园区第二党支部", "party_branch")
        .await;
    let away = member(&admin, branch, "请假党员", 1).await;
    let absent = member(&admin, branch, "缺席党员", 2).await;
    let here = member(&admin, branch, "出席党员", 3).await;
    let alice = app.login("alice", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let node = branch.to_string();
    let when = held_at();
    let (a_away, a_absent, a_here) = (
        format!("att_{away}"),
        format!("att_{absent}"),
        format!("att_{here}"),
    );
    let r_away = format!("reason_{away}");

    // Bad input comes back with each field's message, the roster kept with the choices.
    let r = alice
        .form(
            "/activities/new",
            &[
                ("node_id", &node),
                ("held_at", &when),
                ("topic", ""),
                (&a_away, "leave"),
                (&r_away, ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("请假须填写原因"), "{page}");
    assert!(page.contains("必填"), "{page}");
    assert!(
        page.contains(&format!("name=\"{a_away}\" value=\"leave\" checked")),
        "{page}"
    );
    // A reader may not record at all.
    let r = reader
        .form("/activities/new", &[("node_id", &node), ("topic", "x")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Recorded with two types and the radios' attendance.
    let r = alice
        .form(
            "/activities/new",
            &[
                ("node_id", &node),
                ("types", "branch_congress"),
                ("types", "party_lecture"),
                ("held_at", &when),
                ("topic", "学习党章"),
                ("place", "党员活动室"),
                ("minutes", "一、学习党章\n二、讨论"),
                (&a_away, "leave"),
                (&r_away, "出差"),
                (&a_absent, "absent"),
                (&a_here, "present"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let to = location(&r);
    let id: i64 = to
        .trim_start_matches("/activities/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (_, v) = alice.get_json(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(
        (
            v["expected"].as_i64(),
            v["present"].as_i64(),
            v["on_leave"].as_i64(),
            v["absent"].as_i64()
        ),
        (Some(3), Some(1), Some(1), Some(1)),
        "{v}"
    );
    assert_eq!(v["types"], json!(["branch_congress", "party_lecture"]));
    let (st, page) = html(&alice, &to).await;
    assert_eq!(st, StatusCode::OK);
    for text in [
        "学习党章",
        "出差",
        "缺席党员",
        "支部党员大会、党课",
        "已登记",
    ] {
        assert!(page.contains(text), "{text}: {page}");
    }
    assert!(page.contains("id=\"dlg-edit\"") && page.contains("/delete\""));
    // The reader reads it without the forms; another park does not find it.
    let (st, page) = html(&reader, &format!("/activities/{id}")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains("出差") && !page.contains("id=\"dlg-edit\""));
    assert!(!page.contains(&format!("action=\"/activities/{id}/delete\"")));
    let (st, _) = html(&bob, &format!("/activities/{id}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let r = bob.form(&format!("/activities/{id}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // It is listed, filtered by type and topic.
    let (_, page) = html(&alice, "/activities?activity_type=party_lecture&q=党章").await;
    assert!(
        page.contains(&format!("href=\"/activities/{id}\"")),
        "{page}"
    );
    let (_, page) = html(&alice, "/activities?activity_type=theme_day").await;
    assert!(!page.contains(&format!("href=\"/activities/{id}\"")));

    // Changed: a bad edit comes back open with its message; a good one is saved, the
    // organization staying its own whatever the form says.
    let r = alice
        .form(
            &format!("/activities/{id}"),
            &[("node_id", &node), ("held_at", &when), ("topic", "改")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"dlg-edit\" open"), "{page}");
    let other = t.b.to_string();
    let r = alice
        .form(
            &format!("/activities/{id}"),
            &[
                ("node_id", &other),
                ("types", "theme_day"),
                ("held_at", &when),
                ("topic", "主题党日"),
                (&a_absent, "absent"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, v) = alice.get_json(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(v["node_id"], branch);
    assert_eq!(
        (v["absent"].as_i64(), v["on_leave"].as_i64()),
        (Some(1), Some(0))
    );

    // Once locked, the branch's own admin reads why and gets no forms; its superior (alice,
    // over the park) still changes it, and is told so.
    admin.create_user("zhibu", Some(branch), "org_admin").await;
    let own = app.login("zhibu", PASSWORD).await;
    let (_, page) = html(&own, &format!("/activities/{id}")).await;
    assert!(page.contains("id=\"dlg-edit\""), "not locked yet");
    {
        use sea_orm::{ConnectionTrait, Statement};
        let conn = app.store().raw_connection();
        let q = format!("UPDATE cadence_activity SET recorded_on = '2020-01-01' WHERE id = {id}");
        conn.execute(Statement::from_string(conn.get_database_backend(), q))
            .await
            .unwrap();
    }
    let (_, page) = html(&own, &format!("/activities/{id}")).await;
    assert!(
        page.contains("需由上级组织修改") && !page.contains("id=\"dlg-edit\""),
        "{page}"
    );
    let r = own
        .form(
            &format!("/activities/{id}"),
            &[("types", "theme_day"), ("held_at", &when), ("topic", "改")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, page) = html(&alice, &format!("/activities/{id}")).await;
    assert!(
        page.contains("您是上级组织") && page.contains("id=\"dlg-edit\""),
        "{page}"
    );

    // Removed.
    let r = alice.form(&format!("/activities/{id}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/activities?ok="));
    let (st, _) = html(&alice, &format!("/activities/{id}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn obligations_are_set_changed_and_removed_through_the_page_by_a_superior() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let park = t.a.to_string();
    let fields = |count: &'static str| {
        vec![
            ("node_id", park.clone()),
            ("kinds", "party_branch".to_string()),
            ("activity_type", "group_meeting".to_string()),
            ("cycle", "month".to_string()),
            ("min_count", count.to_string()),
        ]
    };

    // A count out of range is named beside its field.
    let f = fields("99");
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = admin.form("/obligations", &refs).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("每周期次数须在 0 到 31 之间"));
    // The park's own admin cannot set them for the park itself.
    let f = fields("0");
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = alice.form("/obligations", &refs).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("下级组织"));
    // A superior lifts the group meeting for the park's branches.
    let r = admin.form("/obligations", &refs).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = admin.get_json("/api/v1/obligations").await;
    let set = list
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["node_id"] == t.a)
        .expect("set for park A")
        .clone();
    let id = set["id"].as_i64().unwrap();
    assert_eq!(set["min_count"], 0);
    // Alice sees it, set above her, with no forms; the admin changes and removes it.
    let (_, page) = html(&alice, "/obligations").await;
    assert!(page.contains("甲园区") && page.contains("免除"), "{page}");
    assert!(!page.contains(&format!("action=\"/obligations/{id}\"")));
    let r = admin
        .form(
            &format!("/obligations/{id}"),
            &[
                ("kinds", "party_branch"),
                ("activity_type", "group_meeting"),
                ("cycle", "quarter"),
                ("min_count", "1"),
                ("due", "13-40"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains(&format!("id=\"dlg-ob-{id}\"")), "{page}");
    assert!(page.contains("截止日期须为"), "{page}");
    let r = admin
        .form(
            &format!("/obligations/{id}"),
            &[
                ("kinds", "party_branch"),
                ("activity_type", "group_meeting"),
                ("cycle", "quarter"),
                ("min_count", "2"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = admin.get_json("/api/v1/obligations").await;
    let o = list
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap();
    assert_eq!(
        (o["cycle"].as_str(), o["node_id"].as_i64()),
        (Some("quarter"), Some(t.a))
    );
    let r = admin.form(&format!("/obligations/{id}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = admin.get_json("/api/v1/obligations").await;
    assert!(list.as_array().unwrap().iter().all(|o| o["id"] != id));
}

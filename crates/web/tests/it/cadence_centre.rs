//! Activities held at party-mass service centres: a centre the organization may use (hosted
//! at its node, above it or under it) is taken, any other refused on its field; the activity
//! shows on the centre's page to those who read it and, without people or minutes, on the
//! centre's public page; a centre activities were held at is not deleted.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub(crate) async fn new_centre(s: &Session, node: i64, name: &str) -> i64 {
    let (st, v) = s
        .post(
            "/api/v1/centres",
            json!({"name": name, "kind": "centre", "node_id": node, "address": "服务大楼一楼"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    v["id"].as_i64().unwrap()
}

fn held(node: i64, centre: Option<i64>, topic: &str) -> Value {
    json!({"node_id": node, "types": ["theme_day"], "centre_id": centre,
           "held_at": format!("{} 09:30", today()), "topic": topic,
           "host": "王书记主持", "minutes": "会议纪要：不公开的讨论内容"})
}

async fn public_page(app: &TestApp, id: i64) -> (StatusCode, String) {
    let r = client()
        .get(app.url(&format!("/p/centres/{id}")))
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn page(s: &Session, p: &str) -> (StatusCode, String) {
    let r = s.get(p).await;
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn activities_are_held_at_centres_the_organization_may_use() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let branch = admin
        .create_node(Some(t.a1), "甲一第一党支部", "party_branch")
        .await;
    let other_branch = admin
        .create_node(Some(t.b1), "乙一第一党支部", "party_branch")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let district_centre = new_centre(&admin, t.district, "测试区党群服务中心").await;
    let park_centre = new_centre(&alice, t.a, "甲园区党群服务中心").await;
    let station = new_centre(&alice, branch, "甲一共享式党群服务站").await;
    let sibling_centre = new_centre(&bob, t.b, "乙园区党群服务中心").await;

    // The choice for the branch: the centres above it and at it, not the sibling park's.
    let (st, part) = page(&alice, &format!("/activities/centres?node_id={branch}")).await;
    assert_eq!(st, StatusCode::OK);
    for name in [
        "测试区党群服务中心",
        "甲园区党群服务中心",
        "甲一共享式党群服务站",
    ] {
        assert!(part.contains(name), "{name}: {part}");
    }
    assert!(!part.contains("乙园区党群服务中心"), "{part}");
    let (_, part) = page(&alice, "/activities/centres").await;
    assert!(part.contains("centre-wait"), "{part}");

    // A centre out of the organization's reach is refused on its field, in both languages.
    let (st, v) = alice
        .post(
            "/api/v1/activities",
            held(branch, Some(sibling_centre), "联合主题党日"),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(field_error(&v, "centre_id").contains("党群服务中心"), "{v}");
    // In English for a caller who reads English: the sibling park's branch at this park's centre.
    let (st, v) = admin
        .patch(&format!("/api/v1/users/{}", t.bob), json!({"locale": "en"}))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let bob_en = app.login("bob", PASSWORD).await;
    let (st, v) = bob_en
        .post(
            "/api/v1/activities",
            held(other_branch, Some(park_centre), "联合主题党日"),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(
        field_error(&v, "centre_id").contains("service centre"),
        "{v}"
    );
    for bad in [json!(999_999), json!("中心")] {
        let mut body = held(branch, None, "联合主题党日");
        body["centre_id"] = bad;
        let (st, v) = alice.post("/api/v1/activities", body).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(!field_error(&v, "centre_id").is_empty(), "{v}");
    }
    // A centre under the organization serves it too: the park's activity at the station.
    let (st, v) = alice
        .post(
            "/api/v1/activities",
            held(t.a1, Some(station), "网格联建活动"),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");

    // Recorded at the park's centre: the answer names it.
    let (st, v) = alice
        .post(
            "/api/v1/activities",
            held(branch, Some(park_centre), "联合主题党日"),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    assert_eq!(v["centre_id"], park_centre);
    assert_eq!(v["centre_name"], "甲园区党群服务中心");
    let (st, v) = alice
        .get_json(&format!("/api/v1/activities?centre_id={park_centre}"))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["total"], 1, "{v}");

    // The centre's page lists it, linked; the activity's page names the centre.
    let (st, html) = page(&alice, &format!("/centres/{park_centre}")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("联合主题党日"), "{html}");
    assert!(html.contains(&format!("/activities/{id}")), "{html}");
    assert!(html.contains("甲一第一党支部"), "{html}");
    let (_, html) = page(&alice, &format!("/activities/{id}")).await;
    assert!(html.contains("甲园区党群服务中心"), "{html}");

    // The public page: day, type, topic and organization, no people and no minutes.
    let (st, html) = public_page(&app, park_centre).await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("联合主题党日") && html.contains("主题党日"),
        "{html}"
    );
    assert!(html.contains("甲一第一党支部"), "{html}");
    assert!(html.contains(&today().to_string()), "{html}");
    assert!(
        !html.contains("王书记") && !html.contains("会议纪要"),
        "{html}"
    );
    assert!(!html.contains(&format!("/activities/{id}")), "{html}");
    assert!(html.contains("今年在此开展活动（次）：1"), "{html}");

    // Changed: the centre taken away, the free-text place kept for another place.
    let mut body = held(branch, None, "联合主题党日");
    body["place"] = json!("企业会议室");
    let (st, v) = alice
        .send(Method::PUT, &format!("/api/v1/activities/{id}"), body)
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert!(
        v["centre_id"].is_null() && v["centre_name"].is_null(),
        "{v}"
    );
    let (_, html) = public_page(&app, park_centre).await;
    assert!(!html.contains("联合主题党日"), "{html}");
    assert!(html.contains("今年在此开展活动（次）：0"), "{html}");

    // Through the page form: the centre chosen, then shown on the record.
    let held_at = format!("{}T10:00", today());
    let branch_s = branch.to_string();
    let salon_at = |centre: i64| {
        let (branch_s, held_at) = (branch_s.clone(), held_at.clone());
        let alice = &alice;
        async move {
            let centre_s = centre.to_string();
            alice
                .form(
                    "/activities/new",
                    &[
                        ("node_id", branch_s.as_str()),
                        ("held_at", held_at.as_str()),
                        ("types", "theme_day"),
                        ("topic", "书记沙龙"),
                        ("centre_id", centre_s.as_str()),
                    ],
                )
                .await
        }
    };
    let r = salon_at(park_centre).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&alice, &format!("/centres/{park_centre}")).await;
    assert!(html.contains("书记沙龙"), "{html}");
    // The district's centre is chosen for the branch but its page is not alice's to read.
    let (st, _) = page(&alice, &format!("/centres/{district_centre}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let r = salon_at(sibling_centre).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("只能选择本组织、上级组织或下级组织承建的"),
        "{html}"
    );

    // The sibling park's activity at the district's centre.
    let (st, v) = bob
        .post(
            "/api/v1/activities",
            held(other_branch, Some(district_centre), "乙园区理论学习"),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (st, _) = bob
        .get_json(&format!("/api/v1/centres/{park_centre}"))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = page(&bob, &format!("/centres/{park_centre}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_sibling_reader_sees_only_the_public_facts_of_anothers_activity() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let branch = admin
        .create_node(Some(t.a1), "甲一第一党支部", "party_branch")
        .await;
    let other_branch = admin
        .create_node(Some(t.b1), "乙一第一党支部", "party_branch")
        .await;
    let centre = new_centre(&admin, t.district, "测试区党群服务中心").await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let (st, v) = alice
        .post(
            "/api/v1/activities",
            held(branch, Some(centre), "甲园区书记沙龙"),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let a_id = v["id"].as_i64().unwrap();
    let (st, v) = bob
        .post(
            "/api/v1/activities",
            held(other_branch, Some(centre), "乙园区理论学习"),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    // Reads the district's centres, and the activities of the sibling park only.
    admin
        .user_with(
            "carol",
            &[(t.district, &["centre.read"]), (t.b, &["cadence.read"])],
        )
        .await;
    let carol = app.login("carol", PASSWORD).await;
    let (st, html) = page(&carol, &format!("/centres/{centre}")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("乙园区理论学习"), "{html}");
    assert!(!html.contains("甲园区书记沙龙"), "{html}");
    assert!(!html.contains(&format!("/activities/{a_id}")), "{html}");
    assert_eq!(
        carol
            .get_json(&format!("/api/v1/activities/{a_id}"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    // The public page shows both, as public facts.
    let (st, html) = public_page(&app, centre).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("甲园区书记沙龙") && html.contains("乙园区理论学习"));
    assert!(html.contains("今年在此开展活动（次）：2"), "{html}");
}

#[tokio::test]
async fn a_centre_activities_were_held_at_is_not_deleted() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let branch = admin
        .create_node(Some(t.a1), "甲一第一党支部", "party_branch")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let centre = new_centre(&alice, t.a, "甲园区党群服务中心").await;
    let (st, v) = alice
        .post(
            "/api/v1/activities",
            held(branch, Some(centre), "联合主题党日"),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    let url = format!("/api/v1/centres/{centre}");

    // Refused over the API and from the page, saying why; the centre stays.
    let r = alice
        .c
        .delete(alice.url(&url))
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let v: Value = r.json().await.unwrap();
    assert!(v.to_string().contains("不能删除"), "{v}");
    let r = alice.form(&format!("/centres/{centre}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("已有活动记录登记在此中心"), "{html}");
    assert_eq!(alice.get_json(&url).await.0, StatusCode::OK);

    // Once the activity is gone, the centre goes.
    assert_eq!(
        alice.delete(&format!("/api/v1/activities/{id}")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(alice.delete(&url).await, StatusCode::NO_CONTENT);
    assert_eq!(alice.get_json(&url).await.0, StatusCode::NOT_FOUND);
}

//! Park profiles and the parks overview over HTTP: a profile recorded, refused field by field,
//! audited, changed on the page and removed; nothing of it from a sibling park; the overview
//! of a small tree (nearest park, organization at the park, full coverage), its filters,
//! paging and export.

use crate::common::*;
use calamine::{Reader, Xlsx};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::io::Cursor;

fn code(seq: u32) -> String {
    credit_code(&format!("91110105MA{seq:07}"))
}

async fn enterprise(s: &Session, parent: i64, name: &str, seq: u32) -> i64 {
    s.new_enterprise(parent, name, json!({"credit_code": code(seq)}))
        .await
}

fn names(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_park_profile_is_checked_audited_and_kept_to_its_park() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let url = format!("/api/v1/parks/{}/profile", t.a);

    let (st, v) = alice.get_json(&url).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(
        (&v["recorded"], &v["name"]),
        (&json!(false), &json!("甲园区"))
    );
    // Every bad field is named at once.
    let bad = json!({"level": "county", "key": "perhaps", "area": 0, "operator": "运".repeat(101)});
    let (st, v) = alice.send(Method::PUT, &url, bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let fields = &v["error"]["fields"];
    for f in ["level", "key", "area", "operator"] {
        assert!(fields[f].is_string(), "{f}: {v}");
    }
    assert_eq!(fields["area"], "面积应在 1 到 100000000 平方米之间");
    let (st, v) = alice.send(Method::PUT, &url, json!({})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["level"].is_string(), "{v}");

    let body = json!({"level": "municipal", "key": true, "operator": "甲园区运营有限公司",
                      "address": "测试路 1 号", "area": 52000});
    let (st, v) = alice.send(Method::PUT, &url, body).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(
        (&v["recorded"], &v["level"], &v["key"], &v["area"]),
        (
            &json!(true),
            &json!("municipal"),
            &json!(true),
            &json!(52000)
        )
    );
    let (st, v) = alice
        .send(Method::PUT, &url, json!({"level": "district"}))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!((&v["key"], &v["operator"]), (&json!(false), &Value::Null));
    let (_, log) = alice
        .get_json(&format!(
            "/api/v1/audit?record_type=park_profile&record_id={}",
            t.a
        ))
        .await;
    let items = log["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{log}");
    assert_eq!(items[0]["action"], "update");
    assert_eq!(items[0]["before"]["level"], "municipal");
    assert_eq!(items[0]["after"]["level"], "district");
    assert_eq!(items[1]["action"], "create");

    // The sibling park's admin sees nothing of it and changes nothing; a reader may not write.
    assert_eq!(bob.get_json(&url).await.0, StatusCode::NOT_FOUND);
    let (st, _) = bob
        .send(Method::PUT, &url, json!({"level": "national"}))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob.send(Method::PUT, &url, json!({"level": 7})).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(bob.delete(&url).await, StatusCode::NOT_FOUND);
    assert_eq!(
        bob.get(&format!("/parks/{}", t.a)).await.status(),
        StatusCode::NOT_FOUND
    );
    let r = bob
        .form(&format!("/parks/{}", t.a), &[("level", "bogus")])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(reader.get_json(&url).await.0, StatusCode::OK);
    let (st, _) = reader
        .send(Method::PUT, &url, json!({"level": "national"}))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    // A node that is not a park has no park profile.
    let grid = format!("/api/v1/parks/{}/profile", t.a1);
    assert_eq!(alice.get_json(&grid).await.0, StatusCode::NOT_FOUND);
    let (st, _) = alice
        .send(Method::PUT, &grid, json!({"level": "district"}))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // The page's form: refused with the errors beside the fields, then saved.
    let page = format!("/parks/{}", t.a);
    let r = alice
        .form(&page, &[("level", "county"), ("area", "x")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("须为整数") && html.contains("不是可选的值"),
        "{html}"
    );
    let r = alice
        .form(
            &page,
            &[("level", "provincial"), ("key", "1"), ("area", "800")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, v) = alice.get_json(&url).await;
    assert_eq!(
        (&v["level"], &v["key"], &v["area"]),
        (&json!("provincial"), &json!(true), &json!(800))
    );
    let html = alice.get(&page).await.text().await.unwrap();
    assert!(html.contains("data-testid=\"park-facts\"") && html.contains("省级"));

    assert_eq!(alice.delete(&url).await, StatusCode::NO_CONTENT);
    let (_, v) = alice.get_json(&url).await;
    assert_eq!(v["recorded"], false);
    assert_eq!(alice.delete(&url).await, StatusCode::NOT_FOUND);

    // A park's profile keeps its node until the profile is removed.
    let admin = app.admin().await;
    let c = admin.create_node(Some(t.district), "丙园区", "park").await;
    let profile = format!("/api/v1/parks/{c}/profile");
    let (st, _) = admin
        .send(Method::PUT, &profile, json!({"level": "district"}))
        .await;
    assert_eq!(st, StatusCode::OK);
    let node = format!("/api/v1/orgs/{c}");
    assert_eq!(admin.delete(&node).await, StatusCode::CONFLICT);
    assert_eq!(admin.delete(&profile).await, StatusCode::NO_CONTENT);
    assert_eq!(admin.delete(&node).await, StatusCode::NO_CONTENT);
}

/// A district with park 甲 (its own branch, two enterprises: one with its own branch, one
/// covered by the park's branch), park 甲 holding sub-park 甲二 (one enterprise without any
/// organization), and park 乙 (one enterprise without, one closed).
struct Tree {
    district: i64,
    a: i64,
    a2: i64,
    b: i64,
}

async fn small_tree(app: &TestApp) -> Tree {
    let t = siblings(app).await;
    let admin = app.admin().await;
    let a2 = admin.create_node(Some(t.a), "甲二园区", "park").await;
    let branch = admin
        .create_node(Some(t.a), "甲园区联合党支部", "party_branch")
        .await;
    let e1 = enterprise(&admin, t.a1, "甲一文化有限公司", 1).await;
    admin
        .create_node(Some(e1), "甲一文化有限公司党支部", "party_branch")
        .await;
    let e2 = enterprise(&admin, t.a1, "甲二设计有限公司", 2).await;
    let (st, v) = admin
        .post(
            &format!("/api/v1/enterprises/{e2}/links"),
            json!({"kind": "joint", "org_node_id": branch}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    enterprise(&admin, a2, "甲二园区传媒有限公司", 3).await;
    enterprise(&admin, t.b1, "乙一影视有限公司", 4).await;
    let closed = enterprise(&admin, t.b1, "乙二印刷有限公司", 5).await;
    let body = json!({"credit_code": code(5), "status": "closed", "status_on": "2024-01-01"});
    let (st, v) = admin
        .send(Method::PUT, &format!("/api/v1/enterprises/{closed}"), body)
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    for (park, body) in [
        (t.a, json!({"level": "municipal", "key": true})),
        (a2, json!({"level": "district"})),
    ] {
        let url = format!("/api/v1/parks/{park}/profile");
        let (st, v) = admin.send(Method::PUT, &url, body).await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    Tree {
        district: t.district,
        a: t.a,
        a2,
        b: t.b,
    }
}

#[tokio::test]
async fn the_overview_counts_each_enterprise_in_its_nearest_park() {
    let app = spawn().await;
    let t = small_tree(&app).await;
    let admin = app.admin().await;
    let (st, v) = admin
        .get_json(&format!("/api/v1/parks?under={}", t.district))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["total"], 3, "{v}");
    let row = |id: i64| -> Value {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .cloned()
            .unwrap()
    };
    let a = row(t.a);
    assert_eq!(
        (&a["level"], &a["key"], &a["has_organization"]),
        (&json!("municipal"), &json!(true), &json!(true))
    );
    assert_eq!(
        (&a["enterprises"], &a["own"], &a["covered"]),
        (&json!(2), &json!(1), &json!(1))
    );
    assert_eq!(
        (&a["organization_rate"], &a["fully_covered"]),
        (&json!(100.0), &json!(true))
    );
    let a2 = row(t.a2);
    assert_eq!(
        (
            &a2["enterprises"],
            &a2["has_organization"],
            &a2["fully_covered"]
        ),
        (&json!(1), &json!(false), &json!(false))
    );
    // The closed enterprise is not counted; a park without a profile has no level.
    let b = row(t.b);
    assert_eq!((&b["enterprises"], &b["level"]), (&json!(1), &Value::Null));
    let s = &v["summary"];
    assert_eq!(
        (
            &s["parks"],
            &s["key_parks"],
            &s["with_organization"],
            &s["fully_covered"]
        ),
        (&json!(3), &json!(1), &json!(1), &json!(1)),
        "{s}"
    );
    assert_eq!(
        (
            &s["enterprises"],
            &s["own"],
            &s["covered"],
            &s["organization_rate"]
        ),
        (&json!(4), &json!(1), &json!(1), &json!(50.0)),
        "{s}"
    );
    let levels: Vec<(String, u64, u64)> = s["by_level"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["level"].as_str().unwrap().to_string(),
                l["parks"].as_u64().unwrap(),
                l["fully_covered"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        levels,
        vec![
            ("municipal".to_string(), 1, 1),
            ("district".into(), 1, 0),
            ("".into(), 1, 0)
        ]
    );

    // The alice of park 甲 sees its two parks, and nothing under 乙.
    let alice = app.login("alice", PASSWORD).await;
    let (_, v) = alice.get_json("/api/v1/parks").await;
    assert_eq!(names(&v), ["甲园区", "甲二园区"], "{v}");
    let (st, _) = alice
        .get_json(&format!("/api/v1/parks?under={}", t.b))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = alice
        .get_json(&format!("/api/v1/parks/export.xlsx?under={}", t.b))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_overview_filters_pages_and_exports() {
    let app = spawn().await;
    let t = small_tree(&app).await;
    let admin = app.admin().await;
    let base = format!("/api/v1/parks?under={}", t.district);
    for (q, want) in [
        ("key=true", vec!["甲园区"]),
        ("key=false", vec!["甲二园区", "乙园区"]),
        ("level=district", vec!["甲二园区"]),
        ("has_organization=false", vec!["甲二园区", "乙园区"]),
        ("fully_covered=true", vec!["甲园区"]),
        ("level=municipal&fully_covered=false", vec![]),
    ] {
        let (st, v) = admin.get_json(&format!("{base}&{q}")).await;
        assert_eq!(st, StatusCode::OK, "{q}: {v}");
        let (mut got, mut want) = (names(&v), want);
        got.sort();
        want.sort();
        assert_eq!(got, want, "{q}");
        assert_eq!(v["summary"]["parks"], want.len(), "{q}");
    }
    let (st, v) = admin.get_json(&format!("{base}&level=county")).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["level"].is_string(), "{v}");
    let (_, v) = admin.get_json(&format!("{base}&per_page=2&page=2")).await;
    assert_eq!(
        (&v["total"], &v["page"], &v["summary"]["parks"]),
        (&json!(3), &json!(2), &json!(3))
    );
    assert_eq!(v["items"].as_array().unwrap().len(), 1);

    // The export holds the filtered parks in the page's words.
    let (st, bytes) = admin
        .get_bytes(&format!(
            "/api/v1/parks/export.xlsx?under={}&key=true",
            t.district
        ))
        .await;
    assert_eq!(st, StatusCode::OK);
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("an .xlsx workbook");
    let name = wb.sheet_names().first().cloned().unwrap();
    assert_eq!(name, "园区台账");
    let range = wb.worksheet_range(&name).unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][0], "园区");
    assert_eq!(
        rows[1],
        [
            "甲园区",
            "市级",
            "是",
            "",
            "是",
            "2",
            "1",
            "1",
            "100.0%",
            "是"
        ]
    );
    let (_, log) = admin
        .get_json("/api/v1/audit?action=export&record_type=park_profile")
        .await;
    assert_eq!(log["total"], 1, "{log}");

    // The page: the filters, the figures by level, its chart and the export link.
    let r = admin
        .get(&format!("/parks?under={}&key=no&per_page=10", t.district))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("甲二园区") && html.contains("乙园区") && !html.contains(">甲园区<"));
    assert!(html.contains("data-testid=\"chart-parks_by_level\""));
    assert!(html.contains("export.xlsx?under=") && html.contains("key=false"));
    let r = admin.get("/parks?key=maybe").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = admin.get("/enterprises").await.text().await.unwrap();
    assert!(
        html.contains("href=\"/parks\""),
        "the ledger's tabs link the parks"
    );
}

/// [003] A park committee filed in the party line away from its park (under the zone's
/// 两新组织党委) is named by the park's profile: the park then has an organization, the
/// committee is one the caller reads and of a party-organization kind, and it is not deleted
/// while a profile names it.
#[tokio::test]
async fn a_park_profile_may_name_its_committee_filed_elsewhere() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let line = admin
        .create_node(Some(t.district), "测试区两新组织党委", "party_committee")
        .await;
    let committee = admin
        .create_node(Some(line), "甲园区党委", "party_committee")
        .await;
    let url = format!("/api/v1/parks/{}/profile", t.a);
    let park_org = |v: &Value| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == t.a)
            .map(|p| p["has_organization"].clone())
    };
    let overview = format!("/api/v1/parks?under={}", t.district);
    assert_eq!(
        park_org(&admin.get_json(&overview).await.1),
        Some(json!(false))
    );
    // Out of alice's reach, not a party organization, not a number: each named.
    for (who, bad) in [
        (&alice, json!(committee)),
        (&admin, json!(t.a1)),
        (&admin, json!("甲园区党委")),
    ] {
        let body = json!({"level": "district", "committee": bad});
        let (st, v) = who.send(Method::PUT, &url, body).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {v}");
        assert!(v["error"]["fields"]["committee"].is_string(), "{v}");
    }
    let body = json!({"level": "district", "committee": committee});
    let (st, v) = admin.send(Method::PUT, &url, body).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(
        (&v["committee"], &v["committee_name"]),
        (&json!(committee), &json!("甲园区党委"))
    );
    assert_eq!(
        park_org(&admin.get_json(&overview).await.1),
        Some(json!(true))
    );
    // Alice reads the profile and its committee's name, though not the committee's node.
    // Admin's reads crossed nothing; alice's crossing is audited, with the committee named.
    let crossings = "/api/v1/audit?action=park_committee_view";
    assert_eq!(admin.get_json(crossings).await.1["total"], 0);
    let (_, v) = alice.get_json(&url).await;
    assert_eq!(v["committee_name"], "甲园区党委");
    let (_, log) = admin.get_json(crossings).await;
    assert_eq!(log["total"], 1, "{log}");
    assert!(log.to_string().contains(&committee.to_string()), "{log}");
    let node = format!("/api/v1/orgs/{committee}");
    assert_eq!(admin.delete(&node).await, StatusCode::CONFLICT);
    let (st, _) = admin
        .send(Method::PUT, &url, json!({"level": "district"}))
        .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(admin.delete(&node).await, StatusCode::NO_CONTENT);
}

//! Which kind of organization may sit under which, and unique names among siblings: the
//! rules are data, seeded, edited with the kind dictionary, and hold on create, rename,
//! re-kind and move, in the caller's language.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_district_cannot_go_under_a_grid_on_create_rekind_or_move() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "规则区", "district").await;
    let g = admin.create_node(Some(d), "规则网格", "grid").await;
    let firm = admin.create_node(Some(g), "规则企业", "enterprise").await;
    let other = admin.create_node(None, "另一区", "district").await;

    let (s, v) = admin
        .post(
            "/api/v1/orgs",
            json!({"parent_id": g, "name": "网格下的区", "kind": "district"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        v["error"]["fields"]["kind"],
        "上级组织的类型下不允许设立此类型的组织"
    );
    // Moving a district under the grid is refused on the parent.
    let (s, v) = admin
        .post(
            &format!("/api/v1/orgs/{other}/move"),
            json!({"parent_id": g}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        v["error"]["fields"]["parent_id"],
        "目标上级组织的类型下不允许设立此类型的组织"
    );
    // Re-kinding the enterprise into a district (under a grid) is refused; so is turning
    // the grid into a department, which may not hold an enterprise.
    let (s, v) = admin
        .patch(&format!("/api/v1/orgs/{firm}"), json!({"kind": "district"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["kind"].is_string(), "{v}");
    let (s, v) = admin
        .patch(&format!("/api/v1/orgs/{g}"), json!({"kind": "department"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        v["error"]["fields"]["kind"],
        "该组织现有下级的类型不能设在此类型之下"
    );
    // Nothing was written.
    let (_, v) = admin.get_json(&format!("/api/v1/orgs/{other}")).await;
    assert_eq!(v["parent_id"], serde_json::Value::Null);
    let (_, v) = admin.get_json(&format!("/api/v1/orgs?parent={g}")).await;
    assert_eq!(v["total"], 1);
    // What the rules admit still goes through.
    let (s, v) = admin
        .post(
            &format!("/api/v1/orgs/{firm}/move"),
            json!({"parent_id": d}),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::OK,
        "an enterprise may sit under a district: {v}"
    );

    // An English-speaking organization admin reads the refusal in English.
    let uid = admin.create_user("rules_en", Some(d), "org_admin").await;
    let (s, v) = admin
        .patch(&format!("/api/v1/users/{uid}"), json!({"locale": "en"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let en = app.login("rules_en", PASSWORD).await;
    let (s, v) = en
        .post(
            "/api/v1/orgs",
            json!({"parent_id": g, "name": "District under a grid", "kind": "district"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        v["error"]["fields"]["kind"],
        "An organization of this kind cannot be placed under its parent's kind"
    );
}

#[tokio::test]
async fn siblings_never_share_a_name() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "重名区", "district").await;
    let a = admin.create_node(Some(d), "第一网格", "grid").await;
    let (s, v) = admin
        .post(
            "/api/v1/orgs",
            json!({"parent_id": d, "name": "  第一网格 ", "kind": "grid"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "trimmed names compare equal: {v}");
    assert_eq!(v["error"]["fields"]["name"], "同一上级组织下已有同名组织");
    // Under another parent the name is free; letter case makes another name.
    let p = admin.create_node(Some(d), "园区", "park").await;
    let b = admin.create_node(Some(p), "第一网格", "grid").await;
    admin.create_node(Some(d), "Grid A", "grid").await;
    admin.create_node(Some(d), "grid a", "grid").await;
    // Renaming into a sibling's name is refused; keeping one's own name is not a clash.
    let (s, v) = admin
        .patch(&format!("/api/v1/orgs/{a}"), json!({"name": "Grid A"}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert!(v["error"]["fields"]["name"].is_string(), "{v}");
    let (s, v) = admin
        .patch(&format!("/api/v1/orgs/{a}"), json!({"sort_order": 3}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // Moving next to a namesake is refused on the parent.
    let (s, v) = admin
        .post(&format!("/api/v1/orgs/{b}/move"), json!({"parent_id": d}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(
        v["error"]["fields"]["parent_id"],
        "同一上级组织下已有同名组织"
    );
    // Two roots of one name neither.
    let (s, _) = admin
        .post(
            "/api/v1/orgs",
            json!({"name": "重名区", "kind": "district"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (_, v) = admin.get_json(&format!("/api/v1/orgs?parent={d}")).await;
    assert_eq!(v["total"], 4, "{v}");
}

#[tokio::test]
async fn the_rules_are_data_edited_with_the_kind_dictionary_and_audited() {
    let app = spawn().await;
    let admin = app.admin().await;
    let (s, v) = admin.get_json("/api/v1/org-kind-rules").await;
    assert_eq!(s, StatusCode::OK);
    let pairs: Vec<(String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["parent"].as_str().unwrap().into(),
                r["child"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(pairs.contains(&("grid".into(), "enterprise".into())));
    assert!(!pairs.contains(&("grid".into(), "district".into())));
    let (_, kinds) = admin.get_json("/api/v1/org-kinds").await;
    let grid = kinds
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["code"] == "grid")
        .unwrap();
    assert_eq!(grid["children"], json!(["enterprise", "party_branch"]));

    // A new kind placed under parks, holding enterprises.
    let (s, v) = admin
        .post(
            "/api/v1/org-kinds",
            json!({"code": "incubator", "name": "孵化基地", "name_en": "Incubator",
                   "parents": ["park"], "children": ["enterprise", "nope"]}),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an unknown kind in the list: {v}"
    );
    assert_eq!(v["error"]["fields"]["children"], "未知的组织类型");
    let (s, v) = admin
        .post(
            "/api/v1/org-kinds",
            json!({"code": "incubator", "name": "孵化基地", "name_en": "Incubator",
                   "parents": ["park"], "children": ["enterprise"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["children"], json!(["enterprise"]));
    let d = admin.create_node(None, "孵化区", "district").await;
    let p = admin.create_node(Some(d), "孵化园区", "park").await;
    let inc = admin.create_node(Some(p), "孵化基地一", "incubator").await;
    admin.create_node(Some(inc), "在孵企业", "enterprise").await;
    let (s, _) = admin
        .post(
            "/api/v1/orgs",
            json!({"parent_id": d, "name": "区直孵化基地", "kind": "incubator"}),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not allowed under a district"
    );

    // A pair the tree uses cannot be taken away; an unused one can.
    let (s, v) = admin
        .patch(
            "/api/v1/org-kinds/incubator",
            json!({"name": "孵化基地", "name_en": "Incubator", "children": []}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(
        v["error"]["fields"]["children"],
        "仍有组织按这条上下级关系设立，不能取消"
    );
    let (s, v) = admin
        .patch(
            "/api/v1/org-kinds/incubator",
            json!({"name": "孵化基地", "name_en": "Incubator", "parents": ["park", "district"]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    admin
        .create_node(Some(d), "区直孵化基地", "incubator")
        .await;
    let (_, v) = admin
        .get_json("/api/v1/audit?record_type=org_kind_rule")
        .await;
    assert_eq!(
        v["total"], 2,
        "create and widen, not the refused change: {v}"
    );

    // The dictionary page edits the rules with checkboxes; a subtree admin cannot.
    let r = admin
        .form(
            "/org-kinds/grid/rules",
            &[
                ("children", "enterprise"),
                ("children", "party_branch"),
                ("children", "department"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, kinds) = admin.get_json("/api/v1/org-kinds").await;
    let grid = kinds
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["code"] == "grid")
        .unwrap();
    assert_eq!(
        grid["children"],
        json!(["department", "enterprise", "party_branch"])
    );
    let html = admin.get("/org-kinds").await.text().await.unwrap();
    assert!(html.contains("上下级规则") && html.contains("data-testid=\"rules-grid\""));
    admin.create_user("rules_sub", Some(d), "org_admin").await;
    let sub = app.login("rules_sub", PASSWORD).await;
    let (s, _) = sub
        .patch(
            "/api/v1/org-kinds/grid",
            json!({"name": "网格", "name_en": "Grid", "children": []}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let r = sub.form("/org-kinds/grid/rules", &[]).await;
    assert!(!r.status().is_success() && r.status() != StatusCode::SEE_OTHER);
    let (_, kinds) = admin.get_json("/api/v1/org-kinds").await;
    let grid = kinds
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["code"] == "grid")
        .unwrap();
    assert_eq!(grid["children"].as_array().unwrap().len(), 3, "unchanged");
}

//! The organization tree through the API: create, read, update, move, delete, list, export.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;

/// Reads the first sheet of an .xlsx as rows of text.
pub fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("an .xlsx file");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).expect("first sheet");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[tokio::test]
async fn healthz_names_the_backend() {
    let app = spawn().await;
    let v: serde_json::Value = client()
        .get(app.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["database"], app.backend.as_str());
}

#[tokio::test]
async fn kinds_dictionary_is_seeded_in_chinese() {
    let app = spawn().await;
    let admin = app.admin().await;
    let (s, v) = admin.get_json("/api/v1/org-kinds").await;
    assert_eq!(s, StatusCode::OK);
    let kinds = v.as_array().unwrap();
    assert_eq!(kinds.len(), 12);
    assert!(kinds
        .iter()
        .any(|k| k["code"] == "grid" && k["name"] == "网格"));
    assert!(kinds
        .iter()
        .any(|k| k["code"] == "chain_party_committee" && k["name"] == "产业链党委"));
}

#[tokio::test]
async fn create_read_update_and_validate() {
    let app = spawn().await;
    let admin = app.admin().await;
    let root = admin.create_node(None, "滨海区", "district").await;
    let (s, v) = admin.post("/api/v1/orgs", json!({"parent_id": root, "name": "  药谷园区 ", "kind": "park", "code": "YG-01", "sort_order": 2})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let park = v["id"].as_i64().unwrap();
    assert_eq!(v["name"], "药谷园区", "trimmed");
    assert_eq!(v["depth"], 2);
    assert_eq!(v["path"], format!("/{root}/{park}/"));

    // Field-level errors, in Chinese by default and in English when asked.
    let (s, v) = admin.post("/api/v1/orgs", json!({"parent_id": root, "name": "", "kind": "nope", "code": "bad code", "sort_order": 99999999})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["code"], "invalid");
    assert_eq!(v["error"]["fields"]["name"], "必填");
    assert_eq!(v["error"]["fields"]["kind"], "未知的组织类型");
    assert!(v["error"]["fields"]["code"].is_string());
    assert!(v["error"]["fields"]["sort_order"].is_string());
    let r = admin
        .c
        .post(admin.url("/api/v1/orgs"))
        .header("accept-language", "en")
        .json(&json!({"parent_id": root, "kind": "grid"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        v["error"]["fields"]["name"], "必填",
        "a signed-in user's own language (zh-CN) wins over the header"
    );
    // Malformed JSON is a 400, never a 500.
    let r = admin
        .c
        .post(admin.url("/api/v1/orgs"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // Unique code.
    let (s, v) = admin
        .post(
            "/api/v1/orgs",
            json!({"parent_id": root, "name": "另一个", "kind": "park", "code": "YG-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(v["error"]["fields"]["code"], "该编码已被使用");

    // PATCH changes only what it names; null clears the code; status disables.
    let (s, v) = admin
        .patch(
            &format!("/api/v1/orgs/{park}"),
            json!({"name": "中国药谷园区", "code": null, "status": "disabled"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["name"], "中国药谷园区");
    assert_eq!(v["code"], serde_json::Value::Null);
    assert_eq!(v["status"], "disabled");
    assert_eq!(v["kind"], "park");
    assert_eq!(v["sort_order"], 2);
    let (s, v) = admin
        .patch(&format!("/api/v1/orgs/{park}"), json!({"status": "gone"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["status"].is_string());
}

#[tokio::test]
async fn moving_a_subtree_rewrites_every_path_below_it() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "区", "district").await;
    let p1 = admin.create_node(Some(d), "一园", "park").await;
    let p2 = admin.create_node(Some(d), "二园", "park").await;
    let g = admin.create_node(Some(p1), "网格", "grid").await;
    let e = admin.create_node(Some(g), "企业", "enterprise").await;
    let u = admin.create_user("griduser", Some(g), "readonly").await;

    // Refused: under itself or its own descendant.
    for target in [p1, g, e] {
        let (s, v) = admin
            .post(
                &format!("/api/v1/orgs/{p1}/move"),
                json!({"parent_id": target}),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        assert_eq!(v["error"]["code"], "refused");
        assert_eq!(
            v["error"]["message"],
            "不能把组织移动到它自己或它的下级之下。"
        );
    }
    let (s, v) = admin
        .post(&format!("/api/v1/orgs/{g}/move"), json!({"parent_id": p2}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["parent_id"], p2);
    let (_, v) = admin.get_json(&format!("/api/v1/orgs/{e}")).await;
    assert_eq!(v["path"], format!("/{d}/{p2}/{g}/{e}/"));
    assert_eq!(v["depth"], 4);
    let (_, v) = admin.get_json(&format!("/api/v1/orgs?under={p1}")).await;
    assert_eq!(v["total"], 1, "only 一园 itself is left under it");
    let (_, v) = admin.get_json(&format!("/api/v1/orgs?under={p2}")).await;
    assert_eq!(v["total"], 3);
    // The user at the moved grid now belongs to the new subtree.
    let (_, v) = admin.get_json(&format!("/api/v1/users?under={p2}")).await;
    assert_eq!(v["items"][0]["id"], u);
    let (_, v) = admin.get_json(&format!("/api/v1/users?under={p1}")).await;
    assert_eq!(v["total"], 0);
    // And its reader role now reads the grid where it is now.
    let reader = app.login("griduser", PASSWORD).await;
    let (s, _) = reader.get_json(&format!("/api/v1/orgs/{e}")).await;
    assert_eq!(s, StatusCode::OK);
    // Moving to the top needs whole-tree rights (admin has them).
    let (s, v) = admin
        .post(
            &format!("/api/v1/orgs/{p2}/move"),
            json!({"parent_id": null}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["depth"], 1);
    let (_, v) = admin.get_json(&format!("/api/v1/orgs/{e}")).await;
    assert_eq!(v["path"], format!("/{p2}/{g}/{e}/"));
    assert_eq!(v["depth"], 3);
}

#[tokio::test]
async fn delete_only_leaves_with_nothing_attached() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "区", "district").await;
    let g = admin.create_node(Some(d), "网格", "grid").await;
    let (s, v) = admin
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/orgs/{d}"),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(v["error"]["message"], "该组织还有下级组织，不能删除。");
    let u = admin.create_user("someone", Some(g), "readonly").await;
    let (s, v) = admin
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/orgs/{g}"),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(
        admin.delete(&format!("/api/v1/users/{u}")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        admin.delete(&format!("/api/v1/orgs/{g}")).await,
        StatusCode::NO_CONTENT
    );
    let (s, _) = admin.get_json(&format!("/api/v1/orgs/{g}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn lists_filter_paginate_and_export() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "区", "district").await;
    for i in 0..25 {
        admin
            .create_node(Some(d), &format!("网格{i:02}"), "grid")
            .await;
    }
    let p = admin.create_node(Some(d), "园区", "park").await;
    let (_, v) = admin
        .get_json(&format!("/api/v1/orgs?parent={d}&per_page=10&page=3"))
        .await;
    assert_eq!(v["total"], 26);
    assert_eq!(v["page"], 3);
    assert_eq!(v["items"].as_array().unwrap().len(), 6);
    let (_, v) = admin
        .get_json(&format!("/api/v1/orgs?under={d}&kind=park"))
        .await;
    assert_eq!(v["total"], 1);
    assert_eq!(v["items"][0]["id"], p);
    let (_, v) = admin.get_json("/api/v1/orgs?q=网格1").await;
    assert_eq!(v["total"], 10);
    let (_, v) = admin.get_json("/api/v1/orgs?q=%25").await;
    assert_eq!(v["total"], 0, "LIKE wildcards are matched literally");
    let (s, v) = admin.get_json("/api/v1/orgs?per_page=0&page=0").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        v["error"]["fields"]["page"].is_string() && v["error"]["fields"]["per_page"].is_string()
    );
    let (s, _) = admin.get_json("/api/v1/orgs?page=abc").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    let r = admin
        .get(&format!("/api/v1/orgs/export.xlsx?under={d}"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    let rows = xlsx_rows(&r.bytes().await.unwrap());
    assert_eq!(
        rows[0][..3],
        ["编号".to_string(), "名称".to_string(), "类型".to_string()]
    );
    assert_eq!(rows.len(), 1 + 27);
    assert!(rows.iter().any(|r| r[1] == "园区" && r[2] == "开发区/园区"));
    // The export is audited.
    let (_, v) = admin.get_json("/api/v1/audit?action=export").await;
    assert_eq!(v["total"], 1);
    assert_eq!(v["items"][0]["record_type"], "org_node");
}

#[tokio::test]
async fn the_kind_dictionary_is_configurable_by_whole_tree_admins_only() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let (s, v) = admin.post("/api/v1/org-kinds", json!({"code": "incubator", "name": "孵化基地", "name_en": "Incubator", "sort_order": 200, "parents": ["park"]})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = admin
        .post(
            "/api/v1/org-kinds",
            json!({"code": "Bad Code", "name": "", "name_en": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        v["error"]["fields"]["code"].is_string() && v["error"]["fields"]["name_zh"].is_string(),
        "{v}"
    );
    let (s, _) = admin
        .post(
            "/api/v1/org-kinds",
            json!({"code": "incubator", "name": "重复", "name_en": "Dup"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    // In use: the new kind names a node, which then cannot lose its kind.
    let n = admin
        .create_node(Some(t.a), "滨海孵化基地", "incubator")
        .await;
    let (s, v) = admin
        .send(
            reqwest::Method::DELETE,
            "/api/v1/org-kinds/incubator",
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    let (s, v) = admin
        .patch(
            "/api/v1/org-kinds/incubator",
            json!({"name": "孵化园", "name_en": "Incubation park"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let html = admin.get(&format!("/orgs/{n}")).await.text().await.unwrap();
    assert!(
        html.contains("孵化园"),
        "pages name kinds from the dictionary"
    );
    let (s, _) = admin
        .send(reqwest::Method::DELETE, "/api/v1/org-kinds/grid", json!({}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "built-in");
    // An organization admin of a subtree reads the dictionary but may not change it.
    let alice = app.login("alice", PASSWORD).await;
    let (s, _) = alice.get_json("/api/v1/org-kinds").await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = alice
        .post(
            "/api/v1/org-kinds",
            json!({"code": "mine", "name": "我的", "name_en": "Mine"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(
        alice.get("/org-kinds").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        admin.delete(&format!("/api/v1/orgs/{n}")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        admin.delete("/api/v1/org-kinds/incubator").await,
        StatusCode::NO_CONTENT
    );
    let (_, v) = admin.get_json("/api/v1/audit?record_type=org_kind").await;
    assert_eq!(v["total"], 3);
}

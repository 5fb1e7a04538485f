//! Studios over HTTP: the registry and its lifecycle, members, photos and files, scope
//! between sibling subtrees, "my studio", alliances and the public showcase.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A one-pixel PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

fn ids(v: &Value) -> Vec<i64> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn registry_lifecycle_and_members() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let leader = alice.new_person(sib.a, "田茂英", 1).await;
    let apprentice = alice.new_person(sib.a1, "学员甲", 2).await;

    // Field errors come together, in the caller's language.
    let (st, v) = alice
        .post(
            "/api/v1/studios",
            json!({"name": "田", "kind": "nope", "level": "", "node_id": sib.a, "public": true}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    for f in ["name", "kind", "level", "slug"] {
        assert!(v["error"]["fields"][f].is_string(), "{f}: {v}");
    }

    let (st, v) = alice
        .post(
            "/api/v1/studios",
            json!({"name": "田茂英红星工匠工作室", "kind": "red_craftsman", "level": "district",
                   "node_id": sib.a, "leader_id": leader, "field": "机械加工",
                   "plaque_on": "2021-07-01", "slug": "tian-maoying", "public": true,
                   "description": "传帮带"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    assert_eq!(v["state"], "applied");
    assert_eq!(v["leader_name"], "田茂英");

    // The same public address twice is a conflict on that field.
    let (st, v) = alice
        .post(
            "/api/v1/studios",
            json!({"name": "另一个工作室", "kind": "secretary", "level": "city", "node_id": sib.a1, "slug": "tian-maoying"}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert!(v["error"]["fields"]["slug"].is_string(), "{v}");

    let (st, v) = alice
        .patch(
            &format!("/api/v1/studios/{id}"),
            json!({"level": "city", "demonstration": true}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["level"], "city");
    assert_eq!(v["field"], "机械加工");

    let (_, v) = alice.get_json("/api/v1/studios?kind=red_craftsman").await;
    assert_eq!(ids(&v), vec![id]);
    let (_, v) = alice.get_json("/api/v1/studios?kind=secretary").await;
    assert_eq!(ids(&v), Vec::<i64>::new());
    let (_, v) = alice
        .get_json(&format!("/api/v1/studios?leader={leader}&q=红星"))
        .await;
    assert_eq!(ids(&v), vec![id]);

    // Members.
    let (st, m) = alice
        .post(
            &format!("/api/v1/studios/{id}/members"),
            json!({"person_id": apprentice, "role": "trainee", "joined_on": "2024-03-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{m}");
    let mid = m["id"].as_i64().unwrap();
    let (st, v) = alice
        .post(
            &format!("/api/v1/studios/{id}/members"),
            json!({"person_id": apprentice, "role": "core", "joined_on": "2024-03-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    let (st, v) = alice
        .patch(
            &format!("/api/v1/studios/{id}/members/{mid}"),
            json!({"role": "core", "joined_on": "2024-03-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["role"], "core");
    let (_, v) = alice.get_json(&format!("/api/v1/studios/{id}")).await;
    assert_eq!(v["members"], 1);
    // A member keeps the studio's history: the person cannot be deleted from under it.
    assert_eq!(
        alice.delete(&format!("/api/v1/people/{apprentice}")).await,
        StatusCode::CONFLICT
    );

    // Lifecycle: a listing needs its decision number; the table refuses jumps.
    let url = format!("/api/v1/studios/{id}/transitions");
    let (st, v) = alice
        .post(
            &url,
            json!({"to": "listed", "on": "2025-01-02", "reason": "评审通过"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["document_no"].is_string(), "{v}");
    let (st, v) = alice
        .post(
            &url,
            json!({"to": "warned", "on": "2025-01-02", "reason": "x", "document_no": "1"}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["code"], "refused");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("生命周期不允许"));
    alice.move_studio(id, "listed").await;
    alice.move_studio(id, "demonstration").await;
    alice.move_studio(id, "warned").await;
    alice.move_studio(id, "delisted").await;
    let (_, v) = alice.get_json(&url).await;
    let states: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["to_state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        ["delisted", "warned", "demonstration", "listed", "applied"]
    );

    // Delisted: history stays, nothing new is taken, and the state is final.
    let (st, v) = alice
        .post(
            &format!("/api/v1/studios/{id}/members"),
            json!({"person_id": leader, "role": "member", "joined_on": "2024-03-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["message"], "工作室已摘牌，不再接受新记录");
    let (st, _) = alice
        .patch(&format!("/api/v1/studios/{id}"), json!({"name": "改名"}))
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (st, v) = alice
        .post(
            &url,
            json!({"to": "listed", "on": "2025-01-02", "reason": "x", "document_no": "1"}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert_eq!(v["error"]["message"], "工作室已摘牌，不能再调整状态");
    let (st, _) = alice
        .upload(&format!("/api/v1/studios/{id}/photos"), "a.png", PNG)
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (_, v) = alice
        .get_json(&format!("/api/v1/studios/{id}/members"))
        .await;
    assert_eq!(v.as_array().unwrap().len(), 1);

    // Only a studio still at application with nothing in it can be deleted.
    assert_eq!(
        alice.delete(&format!("/api/v1/studios/{id}")).await,
        StatusCode::CONFLICT
    );
    let fresh = alice.new_studio(sib.a1, "新申报工作室", None).await;
    assert_eq!(
        alice.delete(&format!("/api/v1/studios/{fresh}")).await,
        StatusCode::NO_CONTENT
    );

    // Every change was audited.
    let admin = app.admin().await;
    let (_, v) = admin
        .get_json("/api/v1/audit?record_type=studio&per_page=100")
        .await;
    let actions: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"create") && actions.contains(&"lifecycle"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn a_sibling_subtree_sees_nothing_of_a_studio() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let person = alice.new_person(sib.a, "甲成员", 3).await;
    let id = alice
        .new_studio(sib.a, "甲园区书记工作室", Some(person))
        .await;
    let (st, m) = alice
        .post(
            &format!("/api/v1/studios/{id}/members"),
            json!({"person_id": person, "role": "core", "joined_on": "2024-01-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let (st, f) = alice
        .upload(&format!("/api/v1/studios/{id}/photos"), "门牌.png", PNG)
        .await;
    assert_eq!(st, StatusCode::CREATED, "{f}");
    let fid = f["id"].as_i64().unwrap();
    let (st, bytes) = alice.get_bytes(&format!("/studios/files/{fid}")).await;
    assert_eq!((st, bytes.as_slice()), (StatusCode::OK, PNG));

    for p in [
        format!("/api/v1/studios/{id}"),
        format!("/api/v1/studios/{id}/members"),
        format!("/api/v1/studios/{id}/transitions"),
        format!("/api/v1/studios/{id}/photos"),
        format!("/api/v1/studios/{id}/alliances"),
    ] {
        let (st, _) = bob.get_json(&p).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{p}");
    }
    assert_eq!(
        bob.get(&format!("/studios/files/{fid}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bob.get(&format!("/studios/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let (st, _) = bob
        .patch(&format!("/api/v1/studios/{id}"), json!({"name": "乙改"}))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob
        .post(
            &format!("/api/v1/studios/{id}/transitions"),
            json!({"to": "listed", "on": "2025-01-01", "reason": "x", "document_no": "1"}),
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let mid = m["id"].as_i64().unwrap();
    assert_eq!(
        bob.delete(&format!("/api/v1/studios/{id}/members/{mid}"))
            .await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bob.delete(&format!("/api/v1/studios/files/{fid}")).await,
        StatusCode::NOT_FOUND
    );
    // Bob cannot file a studio under park A, nor name a person of park A as a leader.
    let (st, v) = bob
        .post(
            "/api/v1/studios",
            json!({"name": "越界工作室", "kind": "secretary", "level": "district", "node_id": sib.a}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = bob
        .post(
            "/api/v1/studios",
            json!({"name": "乙工作室", "kind": "secretary", "level": "district", "node_id": sib.b, "leader_id": person}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        v["error"]["fields"]["leader_id"],
        "找不到该人员，或不在您的管理范围内"
    );

    let (_, v) = bob.get_json("/api/v1/studios").await;
    assert_eq!(v["total"], 0);
    let (_, v) = bob.get_json("/api/v1/studios/counts").await;
    assert_eq!(v["studios"], 0);
    let (st, bytes) = bob.get_bytes("/api/v1/studios/export.xlsx").await;
    assert_eq!(st, StatusCode::OK);
    let text = String::from_utf8_lossy(&bytes).to_string();
    assert!(!text.contains("甲园区书记工作室"));

    // A reader of park A sees the studio but may not change it.
    let reader = app.login("reader", PASSWORD).await;
    let (st, _) = reader.get_json(&format!("/api/v1/studios/{id}")).await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = reader
        .patch(
            &format!("/api/v1/studios/{id}"),
            json!({"name": "读者改名"}),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn my_studio_and_the_leader_role() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let person = alice.new_person(sib.a1, "王志府", 5).await;
    let id = alice
        .new_studio(sib.a1, "王志府书记工作室", Some(person))
        .await;
    let other = alice.new_studio(sib.a1, "别的工作室", None).await;
    let uid = admin
        .create_user("wzf", Some(sib.a1), "studio_leader")
        .await;

    let leader = app.login("wzf", PASSWORD).await;
    let (_, v) = leader.get_json("/api/v1/studios/mine").await;
    assert_eq!(v.as_array().unwrap().len(), 0);
    let page = leader.get("/my-studio").await.text().await.unwrap();
    assert!(page.contains("my-empty"));

    // Linking the account to a person outside the linker's reach is refused.
    let bob = app.login("bob", PASSWORD).await;
    let (st, _) = bob
        .patch(
            &format!("/api/v1/users/{uid}"),
            json!({"person_id": person}),
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, v) = alice
        .patch(
            &format!("/api/v1/users/{uid}"),
            json!({"person_id": person}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["person_id"], person);

    let (_, v) = leader.get_json("/api/v1/studios/mine").await;
    let mine: Vec<i64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(mine, vec![id]);
    let page = leader.get("/my-studio").await.text().await.unwrap();
    assert!(page.contains("王志府书记工作室") && !page.contains("别的工作室"));
    // The leader's workbench opens on the studio, its mechanisms' figures linked; the
    // organization admin's has no such panel.
    let home = leader.get("/").await.text().await.unwrap();
    let at = home
        .find("data-testid=\"home-mine\"")
        .expect("the studio panel");
    let panel = &home[at..];
    assert!(panel.contains("王志府书记工作室") && !panel.contains("别的工作室"));
    assert!(panel.contains(&format!("/studios/{id}/training")));
    assert!(
        at < home
            .find("data-testid=\"home-charts\"")
            .unwrap_or(usize::MAX)
    );
    let home = alice.get("/").await.text().await.unwrap();
    assert!(!home.contains("data-testid=\"home-mine\""));

    // The leader keeps the studio's records but makes no lifecycle decisions.
    let (st, _) = leader
        .post(
            &format!("/api/v1/studios/{other}/members"),
            json!({"person_id": person, "role": "member", "joined_on": "2025-01-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let (st, _) = leader
        .post(
            &format!("/api/v1/studios/{id}/transitions"),
            json!({"to": "listed", "on": "2025-01-01", "reason": "x", "document_no": "1"}),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_public_page_shows_only_public_fields() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let person = alice.new_person(sib.a, "象霞", 7).await;
    let (st, v) = alice
        .post(
            "/api/v1/studios",
            json!({"name": "象霞工作室", "kind": "secretary", "level": "city", "node_id": sib.a,
                   "leader_id": person, "field": "社区治理内部备注", "slug": "xiangxia",
                   "public": true, "description": "培养社区书记"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    let (st, _) = alice
        .upload(&format!("/api/v1/studios/{id}/photos"), "p.png", PNG)
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let hidden = alice.new_studio(sib.a, "未公开工作室", None).await;
    let (st, _) = alice
        .patch(
            &format!("/api/v1/studios/{hidden}"),
            json!({"slug": "hidden-one"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);

    let anon = client();
    let r = anon.get(app.url("/s/xiangxia")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("象霞工作室") && html.contains("培养社区书记") && html.contains("象霞"));
    assert!(
        !html.contains("社区治理内部备注"),
        "the field is not public"
    );
    let r = anon.get(app.url("/s/xiangxia/photo")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    let v: Value = anon
        .get(app.url("/api/v1/public/studios/xiangxia"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "achievements",
            "description",
            "has_photo",
            "kind",
            "leader_name",
            "name",
            "slug"
        ]
    );
    // A studio that did not opt in has no public page; its files stay private.
    for p in [
        "/s/hidden-one",
        "/s/hidden-one/photo",
        "/api/v1/public/studios/hidden-one",
    ] {
        let r = anon.get(app.url(p)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{p}");
    }
    let (_, photos) = alice
        .get_json(&format!("/api/v1/studios/{id}/photos"))
        .await;
    let fid = photos[0]["id"].as_i64().unwrap();
    let r = anon
        .get(app.url(&format!("/studios/files/{fid}")))
        .send()
        .await
        .unwrap();
    assert_ne!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn photos_are_checked_by_their_bytes() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let id = alice.new_studio(sib.a, "照片工作室", None).await;
    let url = format!("/api/v1/studios/{id}/photos");
    let (st, v) = alice
        .upload(&url, "fake.png", b"MZ this is not a png")
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = alice.upload(&url, "doc.pdf", b"%PDF-1.4 x").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["file"].is_string());
    let (st, f) = alice.upload(&url, "../../门牌.png", PNG).await;
    assert_eq!(st, StatusCode::CREATED, "{f}");
    assert_eq!(f["file_name"], "门牌.png");
    let (_, v) = alice.get_json(&format!("/api/v1/studios/{id}")).await;
    assert_eq!(v["photo_id"], f["id"]);
    // Deleting the cover clears it.
    let fid = f["id"].as_i64().unwrap();
    assert_eq!(
        alice.delete(&format!("/api/v1/studios/files/{fid}")).await,
        StatusCode::NO_CONTENT
    );
    let (_, v) = alice.get_json(&format!("/api/v1/studios/{id}")).await;
    assert!(v["photo_id"].is_null());
}

#[tokio::test]
async fn alliance_membership_crosses_scope_only_by_name() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let sa = alice.new_studio(sib.a, "牛京刚创新工作室", None).await;
    let sb = bob.new_studio(sib.b, "王文韬创新工作室", None).await;
    let sc = bob.new_studio(sib.b1, "乙网格工作室", None).await;

    // Alliances are run by whoever makes studio decisions over the lead node.
    let (st, _) = alice
        .post(
            "/api/v1/alliances",
            json!({"node_id": sib.district, "name": "越权联盟"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let (st, a) = admin
        .post(
            "/api/v1/alliances",
            json!({"node_id": sib.district, "name": "朝阳区创新工作室联盟", "description": "跨类型、跨行业、跨单位"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{a}");
    let aid = a["id"].as_i64().unwrap();
    for s in [sa, sb] {
        let (st, v) = admin
            .post(
                &format!("/api/v1/alliances/{aid}/members"),
                json!({"studio_id": s}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }
    let (st, _) = admin
        .post(
            &format!("/api/v1/alliances/{aid}/members"),
            json!({"studio_id": sa}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT);

    // Alice sees the alliance and the other member's name, not the studio itself.
    let (_, v) = alice.get_json("/api/v1/alliances").await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (_, v) = alice
        .get_json(&format!("/api/v1/alliances/{aid}/members"))
        .await;
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["studio_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["牛京刚创新工作室", "王文韬创新工作室"]);
    let (st, _) = alice.get_json(&format!("/api/v1/studios/{sb}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = alice
        .get_json(&format!("/api/v1/alliances/{aid}/shared"))
        .await;
    assert_eq!(st, StatusCode::OK);
    // She may take her own studio out, not Bob's; she cannot add studios.
    assert_eq!(
        alice
            .delete(&format!("/api/v1/alliances/{aid}/members/{sb}"))
            .await,
        StatusCode::NOT_FOUND
    );
    let (st, _) = alice
        .post(
            &format!("/api/v1/alliances/{aid}/members"),
            json!({"studio_id": sc}),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert_eq!(
        alice
            .delete(&format!("/api/v1/alliances/{aid}/members/{sa}"))
            .await,
        StatusCode::NO_CONTENT
    );
    // Once out, the alliance is no longer hers to see.
    let (_, v) = alice.get_json("/api/v1/alliances").await;
    assert_eq!(v.as_array().unwrap().len(), 0);
    let (st, _) = alice.get_json(&format!("/api/v1/alliances/{aid}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let page = admin
        .get(&format!("/alliances/{aid}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("王文韬创新工作室"));
}

#[tokio::test]
async fn studio_pages_render_and_forms_report_errors() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let person = alice.new_person(sib.a, "页面成员", 9).await;

    let r = alice
        .form(
            "/studios",
            &[
                ("name", "页"),
                ("kind", "secretary"),
                ("level", "district"),
                ("node_id", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("至少 2 个字") && html.contains("field-error"));

    let node = sib.a.to_string();
    let r = alice
        .form(
            "/studios",
            &[
                ("name", "页面工作室"),
                ("kind", "secretary"),
                ("level", "district"),
                ("node_id", &node),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, v) = alice.get_json("/api/v1/studios?q=页面工作室").await;
    let id = ids(&v)[0];
    assert_eq!(
        r.headers()["location"],
        format!("/studios/{id}?ok=ok.studio_created").as_str()
    );
    let html = alice
        .get(&format!("/studios/{id}?ok=ok.studio_created"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("工作室已登记") && html.contains("页面工作室"));

    let pid = person.to_string();
    let r = alice
        .form(
            &format!("/studios/{id}/members"),
            &[
                ("person_id", &pid),
                ("role", "core"),
                ("joined_on", "2099-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = alice
        .form(
            &format!("/studios/{id}/members"),
            &[
                ("person_id", &pid),
                ("role", "core"),
                ("joined_on", "2024-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, v) = alice
        .get_json(&format!("/api/v1/studios/{id}/members"))
        .await;
    assert_eq!(v[0]["person_name"], "页面成员");
    let r = alice
        .form(
            &format!("/studios/{id}/move"),
            &[
                ("to", "listed"),
                ("on", "2025-01-01"),
                ("reason", "评审通过"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("该调整须填写决定文号"));
    for p in [
        "/studios",
        "/my-studio",
        "/alliances",
        &format!("/studios/{id}"),
    ] {
        let r = alice.get(p).await;
        assert_eq!(r.status(), StatusCode::OK, "{p}");
    }
}

/// Posts a small PDF as the `file` part of `p`.
async fn upload_pdf(s: &Session, p: &str, name: &str) -> Value {
    let (st, v) = s.upload(p, name, b"%PDF-1.4 evidence").await;
    assert_eq!(st, StatusCode::CREATED, "{p}: {v}");
    v
}

#[tokio::test]
async fn alliance_members_see_shared_records_and_nothing_else() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let sa = alice.new_studio(sib.a, "甲创新工作室", None).await;
    let sb = bob.new_studio(sib.b, "乙创新工作室", None).await;

    // Studio A records a shared and an unshared achievement, each with evidence, a shared
    // training session and an unshared project.
    let mut achievements = vec![];
    for (title, shared) in [("共享的技术标准", true), ("内部的创新成果", false)] {
        let (st, v) = alice
            .post(
                &format!("/api/v1/studios/{sa}/achievements"),
                json!({"kind": if shared { "standard" } else { "innovation" }, "title": title,
                       "achieved_on": "2025-05-01", "shared": shared}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        let aid = v["id"].as_i64().unwrap();
        let f = upload_pdf(
            &alice,
            &format!("/api/v1/studios/{sa}/achievements/{aid}/evidence"),
            &format!("{title}.pdf"),
        )
        .await;
        achievements.push((aid, f["id"].as_i64().unwrap()));
    }
    let (st, v) = alice
        .post(
            &format!("/api/v1/studios/{sa}/sessions"),
            json!({"topic": "共享的带徒方法", "held_on": "2025-04-01", "expected": 10, "attended": 9, "shared": true}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (st, v) = alice
        .post(
            &format!("/api/v1/studios/{sa}/projects"),
            json!({"title": "未共享的项目", "started_on": "2025-01-01", "shared": false}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");

    // Before any alliance, Bob reaches none of it.
    let (shared_fid, private_fid) = (achievements[0].1, achievements[1].1);
    assert_eq!(
        bob.get(&format!("/studios/files/{shared_fid}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    let (_, a) = admin
        .post(
            "/api/v1/alliances",
            json!({"node_id": sib.district, "name": "测试区创新工作室联盟"}),
        )
        .await;
    let aid = a["id"].as_i64().unwrap();
    for s in [sa, sb] {
        let (st, _) = admin
            .post(
                &format!("/api/v1/alliances/{aid}/members"),
                json!({"studio_id": s}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED);
    }

    let (st, v) = bob
        .get_json(&format!("/api/v1/alliances/{aid}/shared"))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let mut titles: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    titles.sort_unstable();
    assert_eq!(titles, ["共享的带徒方法", "共享的技术标准"]);
    let (st, bytes) = bob.get_bytes(&format!("/studios/files/{shared_fid}")).await;
    assert_eq!(
        (st, bytes.as_slice()),
        (StatusCode::OK, &b"%PDF-1.4 evidence"[..])
    );
    assert_eq!(
        bob.get(&format!("/studios/files/{private_fid}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // The exception is for shared records only: the studio and its lists stay out of reach.
    let (st, _) = bob
        .get_json(&format!("/api/v1/studios/{sa}/achievements"))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, v) = bob.get_json("/api/v1/achievements").await;
    assert_eq!(v["total"], 0);

    // Crossing reads are audited.
    let (_, v) = admin
        .get_json("/api/v1/audit?action=alliance_view&per_page=100")
        .await;
    let types: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["record_type"].as_str().unwrap())
        .collect();
    assert!(
        types.contains(&"alliance_shared") && types.contains(&"studio_file"),
        "{types:?}"
    );

    // Once studio A leaves, nothing of it crosses any more.
    assert_eq!(
        alice
            .delete(&format!("/api/v1/alliances/{aid}/members/{sa}"))
            .await,
        StatusCode::NO_CONTENT
    );
    let (_, v) = bob
        .get_json(&format!("/api/v1/alliances/{aid}/shared"))
        .await;
    assert_eq!(v.as_array().unwrap().len(), 0, "{v}");
    assert_eq!(
        bob.get(&format!("/studios/files/{shared_fid}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

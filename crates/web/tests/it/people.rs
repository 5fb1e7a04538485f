//! People and party members over the API: records with masked numbers, who may see them in
//! full, unique identity numbers, scope, the development pipeline with its rules and quotas,
//! posts and honours, and all-or-nothing spreadsheet imports.

use crate::common::*;
use calamine::{Reader, Xlsx};
use chrono::{Datelike, Duration, NaiveDate};
use reqwest::StatusCode;
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::io::Cursor;

/// The same number with a wrong check character.
fn broken_check(id: &str) -> String {
    let last = if id.ends_with('0') { '1' } else { '0' };
    format!("{}{last}", &id[..17])
}

async fn create_person(s: &Session, body: Value) -> Value {
    let (st, v) = s.post("/api/v1/people", body.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{body}: {v}");
    v
}

fn names(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a list: {v}"))
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

fn field_names(v: &Value) -> Vec<String> {
    v["error"]["fields"]
        .as_object()
        .unwrap_or_else(|| panic!("fields: {v}"))
        .keys()
        .cloned()
        .collect()
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("a string: {v}"))
}

/// The first sheet of a workbook: its name and every row as text.
fn sheet_rows(bytes: &[u8]) -> (String, Vec<Vec<String>>) {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an .xlsx workbook");
    let name = wb.sheet_names().first().cloned().expect("a sheet");
    let range = wb.worksheet_range(&name).expect("the first sheet");
    let rows = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    (name, rows)
}

/// The header row of a ledger's import template, as downloaded by `s`.
async fn template_header(s: &Session, ledger: &str) -> Vec<String> {
    let (st, bytes) = s
        .get_bytes(&format!("/api/v1/{ledger}/import-template.xlsx"))
        .await;
    assert_eq!(st, StatusCode::OK, "{ledger} template");
    let (_, rows) = sheet_rows(&bytes);
    rows.into_iter().next().expect("a header row")
}

/// An upload laid out like the template: the template's header row as it is, and each row
/// given as (header without its "*", value) pairs placed under that header.
fn sheet_file(header: &[String], rows: &[Vec<(&str, String)>]) -> Vec<u8> {
    let col = |key: &str| {
        header
            .iter()
            .position(|h| h.trim_start_matches('*') == key)
            .unwrap_or_else(|| panic!("the template has no column {key}: {header:?}"))
    };
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("人员").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (key, value) in row {
            if !value.is_empty() {
                ws.write_string(r as u32 + 1, col(key) as u16, value)
                    .unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// One row of a people file: a valid member of the masses unless changed after.
fn person_row(name: &str, birth: NaiveDate, seq: u32, node: &str) -> Vec<(&'static str, String)> {
    vec![
        ("姓名", name.to_string()),
        ("性别", if seq % 2 == 1 { "男" } else { "女" }.to_string()),
        ("出生日期", birth.to_string()),
        ("身份证号", id_number("110101", birth, seq)),
        ("所属组织", node.to_string()),
    ]
}

fn set(row: &mut [(&'static str, String)], key: &str, value: &str) {
    row.iter_mut()
        .find(|(k, _)| *k == key)
        .unwrap_or_else(|| panic!("no {key}"))
        .1 = value.to_string();
}

async fn total_people(s: &Session) -> i64 {
    let (st, v) = s.get_json("/api/v1/people").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v["total"].as_i64().unwrap()
}

async fn step(s: &Session, id: i64, step: &str, on: NaiveDate) -> (StatusCode, Value) {
    s.post(
        &format!("/api/v1/people/{id}/transitions"),
        json!({"step": step, "on": on.to_string()}),
    )
    .await
}

/// The quota row of `node` in a list of quotas.
fn quota_of(v: &Value, node: i64) -> Value {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["node_id"] == node)
        .cloned()
        .unwrap_or_else(|| panic!("no quota row for {node}: {v}"))
}

#[tokio::test]
async fn a_person_is_created_shown_masked_changed_and_deleted() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "芝罘区", "district").await;
    let g = admin.create_node(Some(d), "一网格", "grid").await;
    let number = id_number("370702", date(1980, 1, 1), 123);
    let (s, v) = admin
        .post(
            "/api/v1/people",
            json!({
                "node_id": g, "name": "张三", "gender": "male", "ethnicity": "汉族",
                "birth_date": "1980-01-01", "id_number": number, "phone": "13812345678",
                "education": "bachelor", "status": "full", "full_on": "2003-07-01",
            }),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    let masked = format!("370702********{}", &number[14..]);

    let (s, v) = admin.get_json(&format!("/api/v1/people/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["name"], "张三");
    assert_eq!(v["id_number"], masked);
    assert_eq!(v["phone"], "138****5678");
    assert_eq!(v["revealed"], false);
    assert_eq!(v["gender"], "male");
    assert_eq!(v["birth_date"], "1980-01-01");
    assert_eq!(v["status"], "full");
    assert_eq!(v["full_on"], "2003-07-01");
    assert_eq!(v["node_id"], g);
    assert_eq!(v["node_name"], "一网格");
    let (_, list) = admin.get_json("/api/v1/people").await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id_number"], masked);

    // Fields change; the status only through transitions.
    let (s, v) = admin
        .patch(&format!("/api/v1/people/{id}"), json!({"name": "张三丰"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["name"], "张三丰");
    assert_eq!(v["status"], "full");
    let (s, v) = admin
        .patch(&format!("/api/v1/people/{id}"), json!({"status": "masses"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["code"], "invalid");
    assert_eq!(field_names(&v), ["status"]);
    let (_, v) = admin.get_json(&format!("/api/v1/people/{id}")).await;
    assert_eq!(
        (v["name"].as_str(), v["status"].as_str()),
        (Some("张三丰"), Some("full"))
    );

    // Bad bodies are refused field by field, and nothing is written.
    let birth = date(1990, 6, 15);
    let good = person(g, "李四", birth, 45);
    let cases: [(&str, Value, &str, &str); 4] = [
        (
            "bad check digit",
            json!({"id_number": broken_check(&id_number("370702", birth, 45))}),
            "id_number",
            "校验位",
        ),
        (
            "15 digits",
            json!({"id_number": "370702900615045"}),
            "id_number",
            "15 位",
        ),
        ("short phone", json!({"phone": "123"}), "phone", "11 位"),
        (
            "birth date disagreeing",
            json!({"birth_date": "1990-06-16"}),
            "birth_date",
            "不一致",
        ),
    ];
    for (what, change, field, words) in cases {
        let mut body = good.clone();
        for (k, val) in change.as_object().unwrap() {
            body[k] = val.clone();
        }
        let (s, v) = admin.post("/api/v1/people", body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {v}");
        assert_eq!(v["error"]["code"], "invalid", "{what}");
        assert_eq!(field_names(&v), [field], "{what}: {v}");
        assert!(
            text(&v["error"]["fields"][field]).contains(words),
            "{what}: {v}"
        );
    }
    let (s, v) = admin
        .post(
            "/api/v1/people",
            json!({"node_id": g, "name": "", "gender": "x", "birth_date": "1990-13-01", "id_number": ""}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_names(&v),
        ["birth_date", "gender", "id_number", "name"],
        "{v}"
    );
    assert_eq!(total_people(&admin).await, 1);
    // The good body itself is fine.
    create_person(&admin, good).await;
    assert_eq!(total_people(&admin).await, 2);

    assert_eq!(
        admin.delete(&format!("/api/v1/people/{id}")).await,
        StatusCode::NO_CONTENT
    );
    let (s, v) = admin.get_json(&format!("/api/v1/people/{id}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["error"]["code"], "not_found");
    assert_eq!(
        admin.delete(&format!("/api/v1/people/{id}")).await,
        StatusCode::NOT_FOUND
    );
    let (_, list) = admin.get_json("/api/v1/people").await;
    assert_eq!(names(&list), ["李四"]);
}

#[tokio::test]
async fn numbers_are_shown_in_full_only_with_the_sensitive_permission_and_audited() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "福山区", "district").await;
    let g = admin.create_node(Some(d), "二网格", "grid").await;
    admin.create_user("guanli", Some(g), "org_admin").await;
    admin.create_user("zuzhi", Some(g), "personnel").await;
    let mut body = person(g, "王五", date(1975, 3, 9), 77);
    body["phone"] = json!("13912345678");
    let number = body["id_number"].as_str().unwrap().to_string();
    let id = create_person(&admin, body).await["id"].as_i64().unwrap();
    let masked = format!("370702********{}", &number[14..]);

    // An organization admin asks to see the number and is shown it masked.
    let guanli = app.login("guanli", PASSWORD).await;
    let (s, v) = guanli
        .get_json(&format!("/api/v1/people/{id}?reveal=true"))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["id_number"], masked);
    assert_eq!(v["phone"], "139****5678");
    assert_eq!(v["revealed"], false);
    let (_, v) = guanli.get_json("/api/v1/people?reveal=true").await;
    assert_eq!(v["items"][0]["id_number"], masked);
    assert_eq!(v["items"][0]["revealed"], false);
    // Nor can the number be used to look someone up.
    let (_, v) = guanli.get_json(&format!("/api/v1/people?q={number}")).await;
    assert_eq!(v["total"], 0, "{v}");

    // The 组织员 sees it in full when asking, masked otherwise.
    let zuzhi = app.login("zuzhi", PASSWORD).await;
    let (_, v) = zuzhi.get_json(&format!("/api/v1/people/{id}")).await;
    assert_eq!(v["id_number"], masked);
    assert_eq!(v["revealed"], false);
    let (s, v) = zuzhi
        .get_json(&format!("/api/v1/people/{id}?reveal=true"))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["id_number"], number);
    assert_eq!(v["phone"], "13912345678");
    assert_eq!(v["revealed"], true);
    let (_, v) = zuzhi.get_json(&format!("/api/v1/people?q={number}")).await;
    assert_eq!(names(&v), ["王五"]);
    assert_eq!(v["items"][0]["id_number"], masked);

    // Exactly that one reveal is in the audit log, naming who saw whom.
    let (s, v) = admin.get_json("/api/v1/audit?action=reveal").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 1, "{v}");
    let e = &v["items"][0];
    assert_eq!(e["action"], "reveal");
    assert_eq!(e["actor_name"], "zuzhi");
    assert_eq!(e["record_type"], "person");
    assert_eq!(e["record_id"], id.to_string());
    assert_eq!(e["node_id"], g);
    assert_eq!(e["after"]["ids"], json!([id]));
    // The log itself never keeps the full number.
    let (_, v) = admin
        .get_json(&format!(
            "/api/v1/audit?record_type=person&action=create&record_id={id}"
        ))
        .await;
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["items"][0]["after"]["id_number"], masked);
    assert_eq!(v["items"][0]["after"]["phone"], "139****5678");
}

#[tokio::test]
async fn a_taken_number_names_its_holder_only_to_those_who_may_see_them() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let first = person(t.a1, "王芳", date(1988, 8, 8), 62);
    let number = first["id_number"].as_str().unwrap().to_string();
    let holder = create_person(&admin, first.clone()).await["id"]
        .as_i64()
        .unwrap();

    // In the same park: the holder is named.
    let alice = app.login("alice", PASSWORD).await;
    let mut again = first.clone();
    again["name"] = json!("王芳芳");
    again["node_id"] = json!(t.a);
    let (s, v) = alice.post("/api/v1/people", again.clone()).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["code"], "conflict");
    let message = text(&v["error"]["message"]);
    assert!(message.contains("王芳"), "{v}");
    assert!(message.contains(&holder.to_string()), "{v}");
    assert!(text(&v["error"]["fields"]["id_number"]).contains("王芳"));

    // From the sibling park: refused, but who holds it stays hidden.
    let bob = app.login("bob", PASSWORD).await;
    again["node_id"] = json!(t.b1);
    let (s, v) = bob.post("/api/v1/people", again.clone()).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    let message = text(&v["error"]["message"]);
    assert!(!message.is_empty());
    assert!(!message.contains("王芳"), "{v}");
    assert!(!message.contains(&holder.to_string()), "{v}");
    assert!(!text(&v["error"]["fields"]["id_number"]).contains("王芳"));
    // Changing one's own record to that number is refused the same way.
    let own = create_person(&bob, person(t.b1, "赵六", date(1991, 2, 3), 31)).await;
    let (s, v) = bob
        .patch(
            &format!("/api/v1/people/{}", own["id"]),
            json!({"id_number": number, "birth_date": "1988-08-08", "gender": "female"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert!(!text(&v["error"]["message"]).contains("王芳"), "{v}");

    // Only the first record holds the number.
    let (_, v) = admin.get_json(&format!("/api/v1/people?q={number}")).await;
    assert_eq!(names(&v), ["王芳"]);
    assert_eq!(total_people(&admin).await, 2);
}

#[tokio::test]
async fn people_of_a_sibling_park_are_invisible_and_untouchable() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let a_person = create_person(&admin, person(t.a1, "甲某", date(1970, 1, 1), 11)).await;
    let aid = a_person["id"].as_i64().unwrap();
    create_person(&admin, person(t.b1, "乙某", date(1971, 1, 1), 13)).await;
    let (s, v) = admin
        .post(
            "/api/v1/posts",
            json!({"person_id": aid, "post_code": "grid_leader", "node_id": t.a1, "start_on": "2024-01-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let post_id = v["id"].as_i64().unwrap();
    let (s, v) = admin
        .post(
            "/api/v1/honours",
            json!({"person_id": aid, "title": "甲园标兵", "level": "street", "awarded_on": "2024-05-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let honour_id = v["id"].as_i64().unwrap();
    let (s, _) = step(&admin, aid, "apply", today()).await;
    assert_eq!(s, StatusCode::OK);

    // Alice, in A, sees all of it (so what bob misses is really there).
    let alice = app.login("alice", PASSWORD).await;
    let (_, v) = alice.get_json("/api/v1/people").await;
    assert_eq!(names(&v), ["甲某"]);
    let (_, v) = alice.get_json("/api/v1/honours/titles").await;
    assert_eq!(v, json!([{"title": "甲园标兵", "holders": 1}]));

    let bob = app.login("bob", PASSWORD).await;
    let (_, v) = bob.get_json("/api/v1/people?per_page=200").await;
    assert_eq!(names(&v), ["乙某"]);
    assert_eq!(v["total"], 1);
    let (_, v) = bob.get_json("/api/v1/people?q=甲").await;
    assert_eq!(v["total"], 0);
    for p in [
        format!("/api/v1/people/{aid}"),
        format!("/api/v1/people/{aid}?reveal=true"),
        format!("/api/v1/people/{aid}/ledger"),
        format!("/api/v1/people?under={}", t.a),
        format!("/api/v1/people/counts?under={}", t.a),
        format!("/api/v1/people/counts?under={}", t.a1),
        format!("/api/v1/posts?person={aid}"),
        format!("/api/v1/posts?under={}", t.a),
        format!("/api/v1/honours?under={}", t.a),
        format!("/api/v1/honours/titles?under={}", t.a),
        format!("/api/v1/quotas?under={}", t.a),
    ] {
        let (s, v) = bob.get_json(&p).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{p}: {v}");
        assert_eq!(v["error"]["code"], "not_found", "{p}");
    }
    let (s, _) = bob
        .patch(&format!("/api/v1/people/{aid}"), json!({"name": "改名"}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = step(&bob, aid, "make_activist", today()).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = bob
        .post(&format!("/api/v1/people/{aid}/notes"), json!({"body": "x"}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = bob
        .post(
            "/api/v1/honours",
            json!({"person_id": aid, "title": "x", "level": "unit", "awarded_on": "2024-01-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = bob
        .post(
            "/api/v1/posts",
            json!({"person_id": aid, "post_code": "grid_worker", "node_id": t.b1, "start_on": "2024-01-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_names(&v), ["person_id"]);
    let (s, _) = bob
        .patch(
            &format!("/api/v1/posts/{post_id}"),
            json!({"start_on": "2023-01-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(
        bob.delete(&format!("/api/v1/posts/{post_id}")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bob.delete(&format!("/api/v1/honours/{honour_id}")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bob.delete(&format!("/api/v1/people/{aid}")).await,
        StatusCode::NOT_FOUND
    );
    // Filing one's own person into A is refused as an unknown node.
    let (s, v) = bob
        .post("/api/v1/people", person(t.a1, "潜入", date(1980, 5, 5), 15))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_names(&v), ["node_id"]);

    // Lists and counts over bob's whole scope hold nothing of A.
    let (_, v) = bob.get_json("/api/v1/people/counts").await;
    assert_eq!(v["people"], 1, "{v}");
    assert_eq!(v["applicants_this_year"], 0, "{v}");
    assert_eq!(v["honours"], json!([]));
    let (_, v) = bob.get_json("/api/v1/posts").await;
    assert_eq!(v["total"], 0, "{v}");
    let (_, v) = bob.get_json("/api/v1/honours").await;
    assert_eq!(v["total"], 0, "{v}");
    let (_, v) = bob.get_json(&format!("/api/v1/honours?person={aid}")).await;
    assert_eq!(v["total"], 0, "{v}");
    let (_, v) = bob.get_json("/api/v1/honours/titles").await;
    assert_eq!(v, json!([]));

    // The export holds B's person and not A's.
    let (s, bytes) = bob.get_bytes("/api/v1/people/export.xlsx").await;
    assert_eq!(s, StatusCode::OK);
    let (_, rows) = sheet_rows(&bytes);
    let exported: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(exported, ["乙某"]);
    assert!(!rows.iter().flatten().any(|c| c.contains("甲")), "{rows:?}");
    let (_, bytes) = admin.get_bytes("/api/v1/people/export.xlsx").await;
    let (_, rows) = sheet_rows(&bytes);
    assert_eq!(rows.len(), 3, "admin exports both: {rows:?}");

    // A file naming A's node is refused at that cell.
    let header = template_header(&bob, "people").await;
    let file = sheet_file(
        &header,
        &[person_row("越界", date(1982, 2, 2), 21, "甲园区")],
    );
    let (s, v) = bob.upload("/api/v1/people/import", "p.xlsx", &file).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let cells: Vec<(u64, &str, &str)> = v["error"]["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["row"].as_u64().unwrap(),
                text(&c["column"]),
                text(&c["value"]),
            )
        })
        .collect();
    assert_eq!(cells, [(2, "所属组织", "甲园区")]);

    // Everything of A is as it was.
    let (_, v) = admin.get_json(&format!("/api/v1/people/{aid}")).await;
    assert_eq!(v["name"], "甲某");
    assert_eq!(v["status"], "applicant");
    assert_eq!(total_people(&admin).await, 2);
}

#[tokio::test]
async fn the_pipeline_keeps_its_intervals_and_admissions_use_quota() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "莱山区", "district").await;
    let p = admin.create_node(Some(d), "莱山园区", "park").await;
    let today = today();
    let year = today.year();
    let id = create_person(&admin, person(p, "李明", date(2000, 1, 1), 19)).await["id"]
        .as_i64()
        .unwrap();

    // 年满十八岁.
    let (s, v) = step(&admin, id, "apply", date(2017, 12, 31)).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["code"], "refused");
    assert!(text(&v["error"]["message"]).contains("十八"), "{v}");
    let (s, v) = step(&admin, id, "apply", date(2023, 1, 1)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "applicant");
    assert_eq!(v["applied_on"], "2023-01-01");
    let (s, v) = step(&admin, id, "make_activist", date(2023, 3, 1)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "activist");
    // A year of training before becoming a development object.
    let (s, v) = step(&admin, id, "make_development_object", date(2024, 2, 29)).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["code"], "refused");
    let message = text(&v["error"]["message"]);
    assert!(
        message.contains("一年以上") && message.contains("第十三条"),
        "{v}"
    );
    let (_, v) = admin.get_json(&format!("/api/v1/people/{id}")).await;
    assert_eq!(v["status"], "activist");
    let (s, v) = step(&admin, id, "make_development_object", date(2024, 3, 1)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "development_object");

    // No quota anywhere above: refused.
    let (s, v) = step(&admin, id, "admit", today).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["code"], "refused");
    assert!(text(&v["error"]["message"]).contains("指标"), "{v}");

    // Quota comes into the district from outside the tree, then down to the park.
    let (s, v) = admin
        .post(
            "/api/v1/quotas",
            json!({"node_id": d, "year": year, "amount": 2}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (v["received"].as_i64(), v["remaining"].as_i64()),
        (Some(2), Some(2))
    );
    let (s, v) = admin
        .post(
            "/api/v1/quotas",
            json!({"node_id": p, "year": year, "amount": 5}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["code"], "refused");
    assert!(text(&v["error"]["message"]).contains("剩余"), "{v}");
    let (s, v) = admin
        .post(
            "/api/v1/quotas",
            json!({"node_id": p, "year": year, "amount": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["node_id"], p);
    assert_eq!(v["received"], 1);
    assert_eq!(v["remaining"], 1);
    let (_, v) = admin.get_json(&format!("/api/v1/quotas?year={year}")).await;
    assert_eq!(v["total"], 2, "{v}");
    let dq = quota_of(&v, d);
    assert_eq!(
        (
            dq["received"].as_i64(),
            dq["handed_down"].as_i64(),
            dq["remaining"].as_i64()
        ),
        (Some(2), Some(1), Some(1)),
        "{dq}"
    );

    let (s, v) = step(&admin, id, "admit", today).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "probationary");
    assert_eq!(v["probation_on"], today.to_string());
    let (_, v) = admin.get_json(&format!("/api/v1/quotas?year={year}")).await;
    let pq = quota_of(&v, p);
    assert_eq!(
        (pq["used"].as_i64(), pq["remaining"].as_i64()),
        (Some(1), Some(0)),
        "{pq}"
    );
    let dq = quota_of(&v, d);
    assert_eq!(
        (dq["used"].as_i64(), dq["remaining"].as_i64()),
        (Some(0), Some(1)),
        "{dq}"
    );

    // The park's own quota is the nearest and it is used up, though the district has one left.
    let mut second = person(p, "赵丽", date(1995, 5, 5), 52);
    second["status"] = json!("development_object");
    second["development_object_on"] = json!("2024-01-01");
    let second = create_person(&admin, second).await["id"].as_i64().unwrap();
    let (s, v) = step(&admin, second, "admit", today).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["code"], "refused");
    assert!(text(&v["error"]["message"]).contains("用完"), "{v}");
    let (_, v) = admin.get_json(&format!("/api/v1/people/{second}")).await;
    assert_eq!(v["status"], "development_object");
    let (_, v) = admin.get_json(&format!("/api/v1/quotas?year={year}")).await;
    assert_eq!(quota_of(&v, p)["used"], 1);

    // The growth ledger, newest first.
    let (s, v) = admin.get_json(&format!("/api/v1/people/{id}/ledger")).await;
    assert_eq!(s, StatusCode::OK);
    let steps: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (text(&e["kind"]), text(&e["on"])))
        .collect();
    let t = today.to_string();
    assert_eq!(
        steps,
        [
            ("step.admit", t.as_str()),
            ("step.make_development_object", "2024-03-01"),
            ("step.make_activist", "2023-03-01"),
            ("step.apply", "2023-01-01"),
        ]
    );
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["source"] == "pipeline"));

    // Counts: an application dated this year, the quota granted and used.
    let third = create_person(&admin, person(p, "孙强", date(1990, 1, 1), 33)).await["id"]
        .as_i64()
        .unwrap();
    let (s, _) = step(&admin, third, "apply", today).await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = admin
        .get_json(&format!("/api/v1/people/counts?under={p}"))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["people"], 3);
    assert_eq!(v["members"], 1);
    assert_eq!(v["year"], year);
    assert_eq!(v["applicants_this_year"], 1, "{v}");
    assert_eq!(v["quota_received"], 1);
    assert_eq!(v["quota_used"], 1);
    assert_eq!(
        v["by_status"],
        json!({"probationary": 1, "development_object": 1, "applicant": 1})
    );
    let (_, v) = admin
        .get_json(&format!("/api/v1/people/counts?under={p}&year=2023"))
        .await;
    assert_eq!(v["applicants_this_year"], 1, "李明 applied in 2023: {v}");
    assert_eq!(v["quota_used"], 0);
    assert_eq!(v["quota_received"], Value::Null);
}

#[tokio::test]
async fn posts_and_honours_are_counted_and_written_into_the_ledger() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "牟平区", "district").await;
    let g = admin.create_node(Some(d), "三网格", "grid").await;
    let zhou = create_person(&admin, person(g, "周敏", date(1985, 4, 4), 40)).await["id"]
        .as_i64()
        .unwrap();
    let wu = create_person(&admin, person(g, "吴刚", date(1983, 3, 3), 35)).await["id"]
        .as_i64()
        .unwrap();

    let (s, v) = admin
        .post(
            "/api/v1/posts",
            json!({"person_id": zhou, "post_code": "party_worker_full", "node_id": g, "start_on": "2024-01-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["post_name"], "专职党务工作者");
    assert_eq!(v["person_name"], "周敏");
    assert_eq!(v["current"], true);
    let (s, v) = admin
        .post(
            "/api/v1/posts",
            json!({"person_id": wu, "post_code": "party_worker_part", "node_id": d, "start_on": "2024-02-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    // A term that ended counts for nothing now.
    let (s, v) = admin
        .post(
            "/api/v1/posts",
            json!({"person_id": wu, "post_code": "party_worker_full", "node_id": g, "start_on": "2020-01-01", "end_on": "2021-01-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["current"], false);
    let (s, v) = admin
        .post(
            "/api/v1/posts",
            json!({"person_id": wu, "post_code": "astronaut", "node_id": g, "start_on": "2020-01-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_names(&v), ["post_code"]);

    let (s, v) = admin
        .get_json(&format!("/api/v1/people/counts?under={d}"))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["party_workers_full"], 1, "{v}");
    assert_eq!(v["party_workers_part"], 1, "{v}");
    // The part-time post is held at the district, outside the grid.
    let (_, v) = admin
        .get_json(&format!("/api/v1/people/counts?under={g}"))
        .await;
    assert_eq!(
        (
            v["party_workers_full"].as_u64(),
            v["party_workers_part"].as_u64()
        ),
        (Some(1), Some(0)),
        "{v}"
    );
    let (_, v) = admin
        .get_json("/api/v1/people?post=party_worker_full")
        .await;
    assert_eq!(names(&v), ["周敏"]);
    let (_, v) = admin
        .get_json("/api/v1/people?post=party_worker_part")
        .await;
    assert_eq!(names(&v), ["吴刚"]);
    let (_, v) = admin.get_json(&format!("/api/v1/posts?person={wu}")).await;
    assert_eq!(v["total"], 2);
    let (_, v) = admin
        .get_json("/api/v1/posts?post=party_worker_full&current=true")
        .await;
    assert_eq!(v["total"], 1);
    assert_eq!(v["items"][0]["person_id"], zhou);

    let (s, v) = admin
        .post(
            "/api/v1/honours",
            json!({"person_id": zhou, "title": "优秀共产党员", "level": "district", "awarded_on": "2025-07-01", "awarding_node_id": d}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["person_name"], "周敏");
    assert_eq!(v["node_name"], "三网格");
    assert_eq!(v["awarding_node_name"], "牟平区");
    let (s, v) = admin
        .post(
            "/api/v1/honours",
            json!({"person_id": wu, "title": "", "level": "galactic", "awarded_on": "2025-07-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_names(&v), ["level", "title"]);

    let (s, v) = admin.get_json("/api/v1/honours/titles").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v, json!([{"title": "优秀共产党员", "holders": 1}]));
    let (_, v) = admin
        .get_json(&format!("/api/v1/honours/titles?under={g}"))
        .await;
    assert_eq!(v, json!([{"title": "优秀共产党员", "holders": 1}]));
    let (_, v) = admin.get_json("/api/v1/honours?title=优秀共产党员").await;
    assert_eq!(v["total"], 1);
    assert_eq!(v["items"][0]["person_id"], zhou);
    let (_, v) = admin.get_json("/api/v1/honours?year=2024").await;
    assert_eq!(v["total"], 0);
    let (_, v) = admin
        .get_json(&format!("/api/v1/people/counts?under={g}"))
        .await;
    assert_eq!(
        v["honours"],
        json!([{"title": "优秀共产党员", "holders": 1}])
    );

    let (_, v) = admin
        .get_json(&format!("/api/v1/people/{zhou}/ledger"))
        .await;
    let events: Vec<(&str, &str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (text(&e["kind"]), text(&e["on"]), text(&e["title"])))
        .collect();
    assert_eq!(
        events,
        [
            ("honour.district", "2025-07-01", "优秀共产党员"),
            ("post_start", "2024-01-01", "三网格 · 专职党务工作者"),
        ]
    );
    let (_, v) = admin.get_json(&format!("/api/v1/people/{wu}/ledger")).await;
    let kinds: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (text(&e["kind"]), text(&e["on"])))
        .collect();
    assert_eq!(
        kinds,
        [
            ("post_start", "2024-02-01"),
            ("post_end", "2021-01-01"),
            ("post_start", "2020-01-01"),
        ]
    );
}

#[tokio::test]
async fn the_people_template_is_a_workbook_and_a_good_file_imports_whole() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "蓬莱区", "district").await;
    let g = admin.create_node(Some(d), "四网格", "grid").await;

    let r = admin.get("/api/v1/people/import-template.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    let ct = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.contains("spreadsheetml"), "{ct}");
    let bytes = r.bytes().await.unwrap();
    let (sheet, rows) = sheet_rows(&bytes);
    assert_eq!(sheet, "人员");
    let header = rows[0].clone();
    assert!(header.contains(&"*身份证号".to_string()), "{header:?}");
    assert!(header.contains(&"*所属组织".to_string()), "{header:?}");

    let mut third = person_row("刘三", date(1960, 10, 1), 3, "蓬莱区/四网格");
    set(&mut third, "性别", "male");
    let mut member = person_row("刘二", date(1970, 7, 1), 2, "四网格");
    member.push(("政治面貌", "正式党员".into()));
    member.push(("转正日期", "1995-07-01".into()));
    member.push(("手机号码", "13700001111".into()));
    let file = sheet_file(
        &header,
        &[
            person_row("刘一", date(1980, 1, 1), 1, "四网格"),
            member,
            third,
        ],
    );
    let (s, v) = admin
        .upload("/api/v1/people/import", "people.xlsx", &file)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v, json!({"imported": 3}));
    let (_, v) = admin
        .get_json(&format!("/api/v1/people?under={g}&per_page=200"))
        .await;
    let mut got = names(&v);
    got.sort();
    assert_eq!(got, ["刘一", "刘三", "刘二"]);
    let liu2 = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "刘二")
        .unwrap();
    assert_eq!(liu2["status"], "full");
    assert_eq!(liu2["full_on"], "1995-07-01");
    assert_eq!(liu2["gender"], "female");
    assert_eq!(liu2["phone"], "137****1111");
    assert_eq!(liu2["node_id"], g);
    let (_, v) = admin.get_json("/api/v1/audit?action=import").await;
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["items"][0]["after"]["rows"], 3);

    // The same file again names the same people by number: they are updated (here with
    // what they already hold), not added twice.
    let (s, v) = admin
        .upload("/api/v1/people/import", "people.xlsx", &file)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["imported"], 3, "{v}");
    assert_eq!(total_people(&admin).await, 3);

    // Not a workbook at all.
    let (s, v) = admin
        .upload("/api/v1/people/import", "people.xlsx", b"not a workbook")
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(field_names(&v), ["file"]);
}

#[tokio::test]
async fn a_file_with_bad_cells_is_refused_cell_by_cell_with_a_marked_copy() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    // Filed where alice cannot reach: her file may not update this person.
    let taken = create_person(&admin, person(t.b1, "已在库", date(1966, 6, 6), 61)).await;
    let taken_number = id_number("370702", date(1966, 6, 6), 61);
    assert_eq!(taken["name"], "已在库");

    let alice = app.login("alice", PASSWORD).await;
    let before = total_people(&alice).await;
    assert_eq!(before, 0);
    let header = template_header(&alice, "people").await;
    let node = "甲一网格";
    let birth = date(1986, 1, 1);
    let good = person_row("陈一", date(1985, 3, 4), 11, node);
    let mut bad_check = person_row("陈二", birth, 13, node);
    set(
        &mut bad_check,
        "身份证号",
        &broken_check(&id_number("110101", birth, 13)),
    );
    let mut legacy = person_row("陈三", birth, 15, node);
    set(&mut legacy, "身份证号", "110101860101015");
    let mut gender = person_row("陈四", birth, 17, node);
    set(&mut gender, "性别", "未知");
    let unknown_node = person_row("陈五", birth, 19, "火星网格");
    let outside = person_row("陈六", birth, 21, "乙园区");
    let mut future = person_row("陈七", birth, 23, node);
    let later = (today() + Duration::days(30)).to_string();
    future.push(("政治面貌", "正式党员".into()));
    future.push(("转正日期", later.clone()));
    let mut repeated = person_row("陈八", birth, 25, node);
    set(
        &mut repeated,
        "身份证号",
        &id_number("110101", date(1985, 3, 4), 11),
    );
    set(&mut repeated, "出生日期", "1985-03-04");
    let mut in_db = person_row("陈九", birth, 27, node);
    set(&mut in_db, "身份证号", &taken_number);
    set(&mut in_db, "出生日期", "1966-06-06");
    let mut no_name = person_row("", birth, 29, node);
    set(&mut no_name, "姓名", "");
    let file = sheet_file(
        &header,
        &[
            good,
            bad_check,
            legacy,
            gender,
            unknown_node,
            outside,
            future,
            repeated,
            in_db,
            no_name,
        ],
    );
    let (s, v) = alice
        .upload("/api/v1/people/import", "renyuan.xlsx", &file)
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["code"], "import_invalid");
    assert!(!text(&v["error"]["message"]).is_empty());
    let cells = v["error"]["cells"].as_array().unwrap();
    for c in cells {
        assert_eq!(c["sheet"], "人员", "{c}");
        assert!(!text(&c["message"]).is_empty(), "{c}");
        assert!(c["value"].is_string(), "{c}");
    }
    let got: BTreeSet<(u64, &str)> = cells
        .iter()
        .map(|c| (c["row"].as_u64().unwrap(), text(&c["column"])))
        .collect();
    let want: BTreeSet<(u64, &str)> = BTreeSet::from([
        (3, "身份证号"),
        (4, "身份证号"),
        (5, "性别"),
        (6, "所属组织"),
        (7, "所属组织"),
        (8, "转正日期"),
        (9, "身份证号"),
        (10, "身份证号"),
        (11, "姓名"),
    ]);
    assert_eq!(got, want, "{v}");
    assert_eq!(cells.len(), want.len(), "one problem per bad row: {v}");
    let cell = |row: u64| {
        cells
            .iter()
            .find(|c| c["row"] == row)
            .unwrap_or_else(|| panic!("row {row}"))
    };
    assert!(text(&cell(3)["message"]).contains("校验位"));
    assert_eq!(
        cell(3)["value"],
        broken_check(&id_number("110101", birth, 13))
    );
    assert!(text(&cell(4)["message"]).contains("15 位"));
    assert_eq!(cell(5)["value"], "未知");
    assert_eq!(cell(6)["value"], "火星网格");
    assert_eq!(cell(7)["value"], "乙园区");
    assert_eq!(cell(8)["value"], later);
    assert!(text(&cell(9)["message"]).contains("第 2 行"), "{}", cell(9));
    assert!(
        !text(&cell(10)["message"]).contains("已在库"),
        "a holder alice cannot read is not named: {}",
        cell(10)
    );
    assert_eq!(cell(11)["value"], "");
    assert_eq!(total_people(&alice).await, before, "nothing was written");
    assert_eq!(total_people(&admin).await, 1);

    // The marked copy: the rows as uploaded and a note column with each row's problems.
    let report = text(&v["error"]["report"]).to_string();
    assert!(report.starts_with("/api/v1/import-reports/"), "{report}");
    let (s, bytes) = alice.get_bytes(&report).await;
    assert_eq!(s, StatusCode::OK);
    let (_, rows) = sheet_rows(&bytes);
    let note = rows[0]
        .iter()
        .position(|h| h == "错误说明")
        .unwrap_or_else(|| panic!("a note column: {:?}", rows[0]));
    let name = rows[0].iter().position(|h| h == "*姓名").unwrap();
    assert_eq!(rows.len(), 11);
    assert_eq!(rows[1][name], "陈一");
    assert_eq!(rows[1][note], "", "the good row has no note");
    assert!(rows[2][note].contains("校验位"), "{:?}", rows[2]);
    assert!(rows[8][note].contains("第 2 行"), "{:?}", rows[8]);
    for (i, row) in rows.iter().enumerate().skip(2) {
        assert!(!row[note].is_empty(), "row {}: {row:?}", i + 1);
    }
    // Only its uploader may fetch it.
    let bob = app.login("bob", PASSWORD).await;
    let (s, _) = bob.get_bytes(&report).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = admin.get_bytes(&report).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = alice
        .get_bytes("/api/v1/import-reports/00000000000000000000000000000000")
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn one_bad_row_among_a_thousand_writes_nothing() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "龙口市", "district").await;
    admin.create_node(Some(d), "五网格", "grid").await;
    let header = template_header(&admin, "people").await;
    let start = date(1970, 1, 1);
    let rows: Vec<Vec<(&str, String)>> = (0..1000)
        .map(|i| {
            let birth = start + Duration::days(i as i64 * 7);
            person_row(
                &format!("批量{i:04}"),
                birth,
                101 + (i % 2) as u32,
                "五网格",
            )
        })
        .collect();
    let mut with_bad = rows.clone();
    let mut bad = person_row("坏行", date(1990, 9, 9), 9, "五网格");
    set(
        &mut bad,
        "身份证号",
        &broken_check(&id_number("110101", date(1990, 9, 9), 9)),
    );
    with_bad.push(bad);

    let file = sheet_file(&header, &with_bad);
    let (s, v) = admin
        .upload("/api/v1/people/import", "big.xlsx", &file)
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let cells: Vec<(u64, &str)> = v["error"]["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["row"].as_u64().unwrap(), text(&c["column"])))
        .collect();
    assert_eq!(cells, [(1002, "身份证号")]);
    assert_eq!(total_people(&admin).await, 0);

    let file = sheet_file(&header, &rows);
    let (s, v) = admin
        .upload("/api/v1/people/import", "big.xlsx", &file)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v, json!({"imported": 1000}));
    assert_eq!(total_people(&admin).await, 1000);
    let (_, v) = admin.get_json("/api/v1/people?q=批量0999").await;
    assert_eq!(names(&v), ["批量0999"]);
}

/// Rows of a people import as its reader hands them on, for the import itself; their
/// numbers stay distinct for thousands of rows.
fn feed_rows(first: u32, n: u32, node: &str) -> Vec<touyan_storage::people::PersonRow> {
    (first..first + n)
        .map(|i| {
            let birth = date(1970, 1, 1) + Duration::days((i / 800) as i64);
            let seq = 100 + i % 800;
            touyan_storage::people::PersonRow {
                row: i + 2,
                node: node.to_string(),
                input: touyan_domain::people::PersonInput {
                    name: Some(format!("分批{i:05}")),
                    gender: Some(gender_of(seq).to_string()),
                    birth_date: Some(birth.to_string()),
                    id_number: Some(id_number("110101", birth, seq)),
                    ..Default::default()
                },
            }
        })
        .collect()
}

/// The built-in admin's actor, for calling the store directly.
async fn admin_actor(app: &TestApp) -> touyan_storage::Actor {
    app.store()
        .auth()
        .login("admin", ADMIN_PASSWORD, None)
        .await
        .unwrap_or_else(|_| panic!("admin signs in"))
        .actor
}

/// A feed holding `batches`, with its end mark when `end`.
fn feed(
    batches: Vec<Vec<touyan_storage::people::PersonRow>>,
    end: bool,
) -> tokio::sync::mpsc::Receiver<touyan_storage::people::Feed<touyan_storage::people::PersonRow>> {
    use touyan_storage::people::Feed;
    let (tx, rx) = tokio::sync::mpsc::channel(batches.len() + 1);
    for b in batches {
        tx.try_send(Feed::Rows(b)).ok().unwrap();
    }
    if end {
        tx.try_send(Feed::End).ok().unwrap();
    }
    rx
}

#[tokio::test]
async fn an_import_written_batch_by_batch_is_still_all_or_nothing() {
    use touyan_storage::kit::import::ImportOutcome;
    use touyan_storage::StorageError;
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "莱阳市", "district").await;
    admin.create_node(Some(d), "六网格", "grid").await;
    let actor = admin_actor(&app).await;
    let s = app.store().scoped(&actor);

    // Two good batches are written while the third is checked; the third's bad row undoes
    // them, and every problem of the rest is still reported.
    let mut third = feed_rows(20, 10, "六网格");
    third[4].input.id_number = Some("110101600101015".into());
    let mut fourth = feed_rows(30, 10, "六网格");
    fourth[9].node = "火星网格".into();
    let batches = vec![
        feed_rows(0, 10, "六网格"),
        feed_rows(10, 10, "六网格"),
        third,
        fourth,
    ];
    let out = s
        .people()
        .import_feed(feed(batches, true), "batches.xlsx")
        .await
        .unwrap();
    let rows: Vec<(u32, String)> = match out {
        ImportOutcome::Refused(errs) => errs.into_iter().map(|e| (e.row, e.field)).collect(),
        other => panic!("refused, not {other:?}"),
    };
    assert_eq!(rows, [(26, "id_number".into()), (41, "node".into())]);
    assert_eq!(
        total_people(&admin).await,
        0,
        "the first batches were undone"
    );

    // A feed that stops before the end of its file writes nothing either.
    let cut = s
        .people()
        .import_feed(
            feed(
                vec![feed_rows(0, 10, "六网格"), feed_rows(10, 10, "六网格")],
                false,
            ),
            "cut.xlsx",
        )
        .await;
    assert!(matches!(cut, Err(StorageError::InputCut)), "{cut:?}");
    assert_eq!(total_people(&admin).await, 0);

    // The same batches to the end are imported whole, once.
    let whole = vec![feed_rows(0, 10, "六网格"), feed_rows(10, 10, "六网格")];
    let out = s
        .people()
        .import_feed(feed(whole, true), "whole.xlsx")
        .await
        .unwrap();
    assert_eq!(out, ImportOutcome::Imported(20));
    assert_eq!(total_people(&admin).await, 20);
    // A number already stored, in whichever batch it comes, names that person: the row
    // updates them instead of adding a second one.
    let again = vec![feed_rows(40, 10, "六网格"), feed_rows(5, 1, "六网格")];
    let out = s
        .people()
        .import_feed(feed(again, true), "again.xlsx")
        .await
        .unwrap();
    assert_eq!(out, ImportOutcome::Imported(11));
    assert_eq!(total_people(&admin).await, 30);
}

#[tokio::test]
async fn a_first_roster_is_loaded_with_the_indexes_built_again() {
    use sea_orm::ConnectionTrait;
    use touyan_storage::bulk::{definitions, Kind};
    use touyan_storage::kit::import::ImportOutcome;
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "栖霞市", "district").await;
    admin.create_node(Some(d), "七网格", "grid").await;
    let actor = admin_actor(&app).await;
    let s = app.store().scoped(&actor);
    let conn = app.store().raw_connection();
    let indexes = definitions(conn, "person").await.unwrap();
    let names: Vec<&str> = indexes.iter().map(|i| i.name.as_str()).collect();
    assert!(names.contains(&"ux_person_id_number"), "{names:?}");
    assert!(names.contains(&"ix_person_scope"), "{names:?}");
    // PostgreSQL's foreign key to the node is set aside too; SQLite keeps its own.
    let foreign = indexes
        .iter()
        .filter(|d| d.kind == Kind::ForeignKey)
        .count();
    let pg = app.store().backend() == touyan_storage::Backend::Postgres;
    assert_eq!(foreign, usize::from(pg), "{indexes:?}");
    let import = |batches: Vec<Vec<touyan_storage::people::PersonRow>>, name: &'static str| {
        let people = s.people();
        async move { people.import_feed(feed(batches, true), name).await.unwrap() }
    };
    let refused_rows = |out: ImportOutcome| match out {
        ImportOutcome::Refused(errs) => errs
            .into_iter()
            .map(|e| (e.row, e.key.split('|').next().unwrap_or("").to_string()))
            .collect::<Vec<_>>(),
        other => panic!("refused, not {other:?}"),
    };

    // Into the empty ledger: a load whose second batch is bad writes nothing and leaves the
    // indexes as they were.
    let mut bad = feed_rows(10, 10, "七网格");
    bad[3].node = "月球网格".into();
    let out = import(vec![feed_rows(0, 10, "七网格"), bad], "bad.xlsx").await;
    assert_eq!(refused_rows(out), [(15, "err.node_missing".to_string())]);
    assert_eq!(total_people(&admin).await, 0);
    assert_eq!(definitions(conn, "person").await.unwrap(), indexes);

    // A good load is written whole and the indexes are built again.
    let out = import(vec![feed_rows(0, 20, "七网格")], "first.xlsx").await;
    assert_eq!(out, ImportOutcome::Imported(20));
    assert_eq!(definitions(conn, "person").await.unwrap(), indexes);

    // Still a load (20 people stored): a number stored before is found without the index,
    // and its row updates that person.
    let out = import(
        vec![feed_rows(100, 10, "七网格"), feed_rows(5, 1, "七网格")],
        "again.xlsx",
    )
    .await;
    assert_eq!(out, ImportOutcome::Imported(11));
    assert_eq!(total_people(&admin).await, 30);

    // 5 000 more make the ledger too big for a load; the next import checks batch by batch
    // against the stored numbers, and still finds a stored one.
    let big: Vec<_> = (0..5)
        .map(|k| feed_rows(1000 + k * 1000, 1000, "七网格"))
        .collect();
    let out = import(big, "roster.xlsx").await;
    assert_eq!(out, ImportOutcome::Imported(5000));
    assert_eq!(definitions(conn, "person").await.unwrap(), indexes);
    let out = import(
        vec![feed_rows(9000, 10, "七网格"), feed_rows(1234, 1, "七网格")],
        "late.xlsx",
    )
    .await;
    assert_eq!(out, ImportOutcome::Imported(11));
    let out = import(vec![feed_rows(9000, 10, "七网格")], "late.xlsx").await;
    assert_eq!(
        out,
        ImportOutcome::Imported(10),
        "the same ten, named again"
    );
    assert_eq!(total_people(&admin).await, 5040);

    // The unique index works again: the store refuses a second person with a stored number.
    let dup = feed_rows(1234, 1, "七网格").remove(0);
    let raw = format!(
        "INSERT INTO person (name, gender, birth_date, id_number, node_id, node_path, status, \
         created_at, updated_at) SELECT name, gender, birth_date, id_number, node_id, node_path, \
         status, created_at, updated_at FROM person WHERE id_number = '{}'",
        dup.input.id_number.as_deref().unwrap_or_default()
    );
    assert!(conn.execute_unprepared(&raw).await.is_err());
    // And the foreign key: no person on a node that does not exist.
    let raw = "INSERT INTO person (name, gender, birth_date, id_number, node_id, node_path, \
               status, created_at, updated_at) VALUES ('某', 'male', '1980-01-01', \
               '110102198001010011', 999999, '/999999/', 'masses', 0, 0)";
    assert!(conn.execute_unprepared(raw).await.is_err());
}

#[tokio::test]
async fn posts_and_quotas_import_from_their_templates() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "海阳市", "district").await;
    let g = admin.create_node(Some(d), "六网格", "grid").await;
    let year = today().year();
    let birth = date(1979, 9, 9);
    let pid = create_person(&admin, person(g, "钱七", birth, 71)).await["id"]
        .as_i64()
        .unwrap();
    let number = id_number("370702", birth, 71);

    let header = template_header(&admin, "posts").await;
    assert!(header.contains(&"*任职组织".to_string()), "{header:?}");
    let file = sheet_file(
        &header,
        &[vec![
            ("身份证号", number.clone()),
            ("姓名", "钱七".into()),
            ("职务", "网格员".into()),
            ("任职组织", "六网格".into()),
            ("任职日期", "2024-06-01".into()),
        ]],
    );
    let (s, v) = admin
        .upload("/api/v1/posts/import", "posts.xlsx", &file)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v, json!({"imported": 1}));
    let (_, v) = admin.get_json(&format!("/api/v1/posts?person={pid}")).await;
    assert_eq!(v["total"], 1);
    assert_eq!(v["items"][0]["post_code"], "grid_worker");
    assert_eq!(v["items"][0]["node_id"], g);
    assert_eq!(v["items"][0]["start_on"], "2024-06-01");
    // A post unknown to the dictionary and a person nobody has.
    let file = sheet_file(
        &header,
        &[vec![
            ("身份证号", id_number("370702", birth, 73)),
            ("职务", "宇航员".into()),
            ("任职组织", "六网格".into()),
            ("任职日期", "2024-06-01".into()),
        ]],
    );
    let (s, v) = admin
        .upload("/api/v1/posts/import", "posts.xlsx", &file)
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let got: BTreeSet<(u64, &str)> = v["error"]["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["row"].as_u64().unwrap(), text(&c["column"])))
        .collect();
    assert_eq!(got, BTreeSet::from([(2, "身份证号"), (2, "职务")]));

    let header = template_header(&admin, "quotas").await;
    let file = sheet_file(
        &header,
        &[
            vec![
                ("所属组织", "海阳市".into()),
                ("年度", year.to_string()),
                ("下达数量", "3".into()),
            ],
            vec![
                ("所属组织", "海阳市/六网格".into()),
                ("年度", year.to_string()),
                ("下达数量", "2".into()),
            ],
        ],
    );
    let (s, v) = admin
        .upload("/api/v1/quotas/import", "quotas.xlsx", &file)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v, json!({"imported": 2}));
    let (_, v) = admin.get_json(&format!("/api/v1/quotas?year={year}")).await;
    let dq = quota_of(&v, d);
    assert_eq!(
        (
            dq["received"].as_i64(),
            dq["handed_down"].as_i64(),
            dq["remaining"].as_i64()
        ),
        (Some(3), Some(2), Some(1)),
        "{dq}"
    );
    let gq = quota_of(&v, g);
    assert_eq!(
        (gq["received"].as_i64(), gq["remaining"].as_i64()),
        (Some(2), Some(2))
    );
    // Handing down more than is left fails the whole file, earlier rows included.
    let file = sheet_file(
        &header,
        &[
            vec![
                ("所属组织", "海阳市".into()),
                ("年度", year.to_string()),
                ("下达数量", "1".into()),
            ],
            vec![
                ("所属组织", "六网格".into()),
                ("年度", year.to_string()),
                ("下达数量", "9".into()),
            ],
        ],
    );
    let (s, v) = admin
        .upload("/api/v1/quotas/import", "quotas.xlsx", &file)
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let got: Vec<(u64, &str)> = v["error"]["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["row"].as_u64().unwrap(), text(&c["column"])))
        .collect();
    assert_eq!(got, [(3, "下达数量")]);
    let (_, v) = admin.get_json(&format!("/api/v1/quotas?year={year}")).await;
    assert_eq!(
        quota_of(&v, d)["received"],
        3,
        "the first row was rolled back"
    );
    assert_eq!(quota_of(&v, g)["received"], 2);
}

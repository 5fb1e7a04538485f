//! Studio achievement records over HTTP: records with checked patent numbers, contributors
//! and evidence; scope between sibling parks (the API, the files and the lists); a delisted
//! studio refusing new records; counts; the spreadsheet import and export; the pages; and
//! the contributor's growth ledger.

use crate::common::*;
use calamine::{Reader, Xlsx};
use reqwest::StatusCode;
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::io::Cursor;

/// A one-pixel PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// 201710601862.3: the weighted sum of the twelve digits is 157, and 157 mod 11 = 3.
const INVENTION_NO: &str = "201710601862.3";
/// 201920123456.5 (a utility model): the weighted sum is 159, and 159 mod 11 = 5.
const UTILITY_NO: &str = "201920123456.5";
/// 200310102344.5, the example of the application-number standard (sum 82, 82 mod 11 = 5).
const OLDER_NO: &str = "200310102344.5";

fn url(studio: i64) -> String {
    format!("/api/v1/studios/{studio}/achievements")
}

fn titles(v: &Value) -> Vec<String> {
    let mut t: Vec<String> = v["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a list: {v}"))
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    t.sort();
    t
}

fn fields(v: &Value) -> Vec<String> {
    let mut f: Vec<String> = v["error"]["fields"]
        .as_object()
        .unwrap_or_else(|| panic!("fields: {v}"))
        .keys()
        .cloned()
        .collect();
    f.sort();
    f
}

fn patent(title: &str, no: &str, people: &[i64]) -> Value {
    json!({"kind": "invention_patent", "title": title, "application_no": no,
           "achieved_on": "2019-05-10", "contributors": people})
}

async fn record(s: &Session, studio: i64, body: Value) -> Value {
    let (st, v) = s.post(&url(studio), body.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{body}: {v}");
    v
}

#[tokio::test]
async fn achievements_are_recorded_checked_changed_and_deleted() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let p1 = alice.new_person(sib.a, "田茂英", 1).await;
    let p2 = alice.new_person(sib.a1, "学员乙", 2).await;
    let stranger = admin.new_person(sib.b, "乙园区某人", 3).await;
    let studio = alice.new_studio(sib.a, "田茂英工作室", Some(p1)).await;

    // Prefixes, spaces and lower case are read; the numbers are kept normalized.
    let v = record(
        &alice,
        studio,
        json!({"kind": "invention_patent", "title": "一种配电柜散热装置",
               "application_no": "ZL 2017 1 0601862.3", "grant_no": "cn 107123456 b",
               "achieved_on": "2019-05-10", "contributors": [p1, p2], "shared": true}),
    )
    .await;
    let id = v["id"].as_i64().unwrap();
    assert_eq!(v["application_no"], INVENTION_NO);
    assert_eq!(v["grant_no"], "CN 107123456 B");
    assert_eq!(v["year"], 2019);
    assert_eq!(
        (v["shared"].clone(), v["public"].clone()),
        (json!(true), json!(true))
    );
    assert_eq!(v["studio_name"], "田茂英工作室");
    let names: Vec<&str> = v["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["田茂英", "学员乙"]);

    // A wrong check character, a type digit of another kind, a number recorded already.
    for (body, field) in [
        (patent("校验位错", "201710601862.4", &[]), "application_no"),
        (patent("无申请号", "", &[]), "application_no"),
        (
            json!({"kind": "utility_patent", "title": "类型不符", "application_no": INVENTION_NO,
                   "achieved_on": "2020-01-01"}),
            "application_no",
        ),
        (
            json!({"kind": "paper", "title": "论文带申请号", "application_no": OLDER_NO,
                   "achieved_on": "2020-01-01"}),
            "application_no",
        ),
        (
            json!({"kind": "software_copyright", "title": "登记号错", "registration_no": "2019SR12",
                   "achieved_on": "2020-01-01"}),
            "registration_no",
        ),
        (
            json!({"kind": "design_patent", "title": "公告号错", "application_no": "201930123456.0",
                   "grant_no": "CN 306123456 U", "achieved_on": "2020-01-01"}),
            "grant_no",
        ),
    ] {
        let (st, e) = alice.post(&url(studio), body.clone()).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {e}");
        assert!(fields(&e).contains(&field.to_string()), "{body}: {e}");
        let msg = e["error"]["fields"][field].as_str().unwrap();
        assert!(
            !msg.is_empty() && !msg.starts_with("err."),
            "translated: {e}"
        );
    }
    let (st, e) = alice
        .post(&url(studio), patent("同号", "CN201710601862.3", &[]))
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{e}");
    assert_eq!(fields(&e), ["application_no"]);

    // Every field error at once; an award needs its level and rank.
    let (st, e) = alice
        .post(
            &url(studio),
            json!({"kind": "award", "title": "奖", "achieved_on": "2999-01-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(fields(&e), ["achieved_on", "level", "rank", "title"]);

    // Contributors are people the caller reads, each named once.
    for people in [vec![stranger], vec![p1, p1], vec![999_999]] {
        let (st, e) = alice
            .post(&url(studio), patent("完成人", OLDER_NO, &people))
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{people:?}: {e}");
        assert_eq!(fields(&e), ["contributors"], "{e}");
    }

    let utility = record(
        &alice,
        studio,
        json!({"kind": "utility_patent", "title": "一种快速装夹工装",
               "application_no": UTILITY_NO, "grant_no": "CN 212345678 U",
               "achieved_on": "2020-08-01"}),
    )
    .await;
    assert_eq!(utility["application_no"], UTILITY_NO);
    let award = record(
        &alice,
        studio,
        json!({"kind": "award", "title": "全国职工优秀技术创新成果", "level": "national",
               "rank": "三等奖", "achieved_on": "2023-11-20", "contributors": [p2]}),
    )
    .await;
    assert_eq!(award["rank"], "三等奖");

    // A change keeps what it does not name; contributors given replace the list.
    let one = format!("{}/{id}", url(studio));
    let (st, v) = alice
        .patch(
            &one,
            json!({"title": "一种配电柜散热装置及方法", "contributors": [p2, p1]}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["application_no"], INVENTION_NO);
    assert_eq!(v["contributors"][0]["person_id"], p2);
    assert_eq!(v["contributors"][1]["person_id"], p1);
    let (st, e) = alice.patch(&one, json!({"kind": "design_patent"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(fields(&e).contains(&"application_no".to_string()), "{e}");
    let (st, v) = alice.get_json(&one).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["title"], "一种配电柜散热装置及方法");

    let (_, v) = alice.get_json(&url(studio)).await;
    assert_eq!(
        titles(&v),
        [
            "一种快速装夹工装",
            "一种配电柜散热装置及方法",
            "全国职工优秀技术创新成果"
        ]
    );
    let (_, v) = alice
        .get_json(&format!("/api/v1/achievements?person={p1}"))
        .await;
    assert_eq!(titles(&v), ["一种配电柜散热装置及方法"]);

    // The contributors' growth ledgers show it.
    let (st, ledger) = alice.get_json(&format!("/api/v1/people/{p1}/ledger")).await;
    assert_eq!(st, StatusCode::OK, "{ledger}");
    let ev = ledger
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "ach.invention_patent")
        .unwrap_or_else(|| panic!("no achievement in {ledger}"));
    assert_eq!(ev["title"], "一种配电柜散热装置及方法");
    assert_eq!(ev["on"], "2019-05-10");
    assert!(
        ev["detail"].as_str().unwrap().contains("田茂英工作室"),
        "{ev}"
    );
    let (_, ledger) = alice.get_json(&format!("/api/v1/people/{p2}/ledger")).await;
    assert!(
        ledger
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "ach.award"),
        "{ledger}"
    );

    // Writes are audited.
    let (_, audit) = admin
        .get_json("/api/v1/audit?record_type=studio_achievement")
        .await;
    assert_eq!(audit["total"], 4, "three records and one change: {audit}");

    assert_eq!(alice.delete(&one).await, StatusCode::NO_CONTENT);
    let (st, _) = alice.get_json(&one).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, ledger) = alice.get_json(&format!("/api/v1/people/{p1}/ledger")).await;
    assert!(!ledger.to_string().contains("ach.invention_patent"));
    // Its number is free again.
    record(&alice, studio, patent("重新登记", INVENTION_NO, &[])).await;
}

#[tokio::test]
async fn evidence_and_records_stay_inside_their_subtree() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let p1 = alice.new_person(sib.a1, "甲一员工", 1).await;
    let studio = alice.new_studio(sib.a1, "甲一创新工作室", None).await;
    let own = bob.new_studio(sib.b, "乙园区工作室", None).await;
    let v = record(&alice, studio, patent("甲的专利", INVENTION_NO, &[p1])).await;
    let id = v["id"].as_i64().unwrap();
    let one = format!("{}/{id}", url(studio));
    record(&bob, own, patent("乙的专利", OLDER_NO, &[])).await;

    // Evidence is checked by its bytes and read by anyone who reads the studio.
    let (st, f) = alice
        .upload(&format!("{one}/evidence"), "证书.png", PNG)
        .await;
    assert_eq!(st, StatusCode::CREATED, "{f}");
    let fid = f["id"].as_i64().unwrap();
    assert_eq!(f["content_type"], "image/png");
    let (st, e) = alice
        .upload(
            &format!("{one}/evidence"),
            "virus.png",
            b"MZ\x90\x00not an image",
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(fields(&e), ["file"]);
    let (st, v) = alice.get_json(&one).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["evidence"][0]["id"], fid);
    assert_eq!(v["evidence"].as_array().unwrap().len(), 1);
    for s in [&alice, &reader] {
        let (st, bytes) = s.get_bytes(&format!("/studios/files/{fid}")).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(bytes, PNG);
    }
    // Reading is not writing.
    let (st, _) = reader
        .post(&url(studio), patent("只读", OLDER_NO, &[]))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // From the sibling park the studio, its records and its files do not exist.
    let (st, _) = bob.get_json(&url(studio)).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob.get_json(&one).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob.patch(&one, json!({"title": "改"})).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(bob.delete(&one).await, StatusCode::NOT_FOUND);
    let (st, _) = bob
        .post(&url(studio), patent("塞进去", OLDER_NO, &[]))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob
        .upload(&format!("{one}/evidence"), "证书.png", PNG)
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(
        bob.delete(&format!("{one}/evidence/{fid}")).await,
        StatusCode::NOT_FOUND
    );
    let (st, _) = bob.get_bytes(&format!("/studios/files/{fid}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    // A record of bob's own studio is not reached through alice's studio either.
    let (st, _) = alice.get_json(&format!("{}/{id}", url(own))).await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // Lists, counts and exports across the scope show only the caller's side.
    let (_, v) = bob.get_json("/api/v1/achievements").await;
    assert_eq!(titles(&v), ["乙的专利"]);
    let (_, v) = alice.get_json("/api/v1/achievements").await;
    assert_eq!(titles(&v), ["甲的专利"]);
    let (_, v) = bob.get_json("/api/v1/achievements?q=甲").await;
    assert_eq!(v["total"], 0);
    let (_, c) = bob.get_json("/api/v1/achievements/counts").await;
    assert_eq!(c["total"], 1, "{c}");
    for p in [
        format!("/api/v1/achievements?studio={studio}"),
        format!("/api/v1/achievements?under={}", sib.a),
        format!("/api/v1/achievements/counts?studio={studio}"),
        format!("/api/v1/achievements/export.xlsx?studio={studio}"),
    ] {
        let (st, _) = bob.get_bytes(&p).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{p}");
    }
    let (st, bytes) = bob.get_bytes("/api/v1/achievements/export.xlsx").await;
    assert_eq!(st, StatusCode::OK);
    let (_, rows) = sheet_rows(&bytes);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(!format!("{rows:?}").contains("甲的专利"));
    // The pages answer the same way.
    let r = bob.get(&format!("/studios/{studio}/achievements")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let html = bob.get("/achievements").await.text().await.unwrap();
    assert!(html.contains("乙的专利") && !html.contains("甲的专利"));

    // Removing the evidence takes it off the record.
    assert_eq!(
        alice.delete(&format!("{one}/evidence/{fid}")).await,
        StatusCode::NO_CONTENT
    );
    let (_, v) = alice.get_json(&one).await;
    assert_eq!(v["evidence"], json!([]));
}

#[tokio::test]
async fn a_delisted_studio_keeps_its_achievements_and_takes_no_new_ones() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let studio = alice.new_studio(sib.a, "将摘牌工作室", None).await;
    let v = record(&alice, studio, patent("摘牌前的专利", INVENTION_NO, &[])).await;
    let one = format!("{}/{}", url(studio), v["id"]);
    alice.move_studio(studio, "listed").await;
    alice.move_studio(studio, "delisted").await;

    let (st, e) = alice
        .post(&url(studio), patent("摘牌后的专利", OLDER_NO, &[]))
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{e}");
    assert_eq!(e["error"]["code"], "refused");
    let (st, e) = alice.patch(&one, json!({"title": "改名"})).await;
    assert_eq!(st, StatusCode::CONFLICT, "{e}");
    let (st, e) = alice
        .upload(&format!("{one}/evidence"), "证书.png", PNG)
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{e}");
    assert_eq!(alice.delete(&one).await, StatusCode::CONFLICT);

    // Its history stays readable.
    let (_, v) = alice.get_json(&url(studio)).await;
    assert_eq!(titles(&v), ["摘牌前的专利"]);
    let html = alice
        .get(&format!("/studios/{studio}/achievements"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("摘牌前的专利"));
    assert!(!html.contains("data-testid=\"ach-add\""), "no add form");
}

#[tokio::test]
async fn counts_by_kind_year_and_studio() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let park = alice.new_studio(sib.a, "园区工作室", None).await;
    let grid = alice.new_studio(sib.a1, "网格工作室", None).await;
    record(&alice, park, patent("专利一", INVENTION_NO, &[])).await;
    record(&alice, park, patent("专利二", OLDER_NO, &[])).await;
    record(
        &alice,
        park,
        json!({"kind": "innovation", "title": "创新一", "achieved_on": "2024-06-01"}),
    )
    .await;
    record(
        &alice,
        grid,
        json!({"kind": "innovation", "title": "创新二", "achieved_on": "2024-07-01"}),
    )
    .await;
    record(
        &alice,
        grid,
        json!({"kind": "paper", "title": "论文一", "achieved_on": "2019-01-01", "level": "city"}),
    )
    .await;

    let (st, c) = alice.get_json("/api/v1/achievements/counts").await;
    assert_eq!(st, StatusCode::OK, "{c}");
    assert_eq!(c["total"], 5);
    assert_eq!(
        c["by_kind"],
        json!({"invention_patent": 2, "innovation": 2, "paper": 1})
    );
    assert_eq!(c["by_year"], json!({"2019": 3, "2024": 2}));
    assert_eq!(c["by_studio"][0]["studio_id"], park);
    assert_eq!(c["by_studio"][0]["achievements"], 3);
    assert_eq!(c["by_studio"][1]["achievements"], 2);

    let (_, c) = alice
        .get_json(&format!("/api/v1/achievements/counts?under={}", sib.a1))
        .await;
    assert_eq!(c["total"], 2);
    let (_, c) = alice
        .get_json(&format!("/api/v1/achievements/counts?studio={park}"))
        .await;
    assert_eq!(
        c["by_kind"],
        json!({"invention_patent": 2, "innovation": 1})
    );

    let (_, v) = alice
        .get_json("/api/v1/achievements?kind=innovation&year=2024")
        .await;
    assert_eq!(titles(&v), ["创新一", "创新二"]);
    let (_, v) = alice.get_json("/api/v1/achievements?q=专利").await;
    assert_eq!(v["total"], 2);
    let (_, v) = alice
        .get_json(&format!("/api/v1/achievements?under={}&year=2019", sib.a1))
        .await;
    assert_eq!(titles(&v), ["论文一"]);

    // The page shows the same counts and filters.
    let html = alice
        .get("/achievements?kind=innovation")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("创新一") && html.contains("创新二") && !html.contains("专利一"));
    assert!(html.contains("发明专利 · 2"), "counts by kind");
    assert!(html.contains("2019 · 3"), "counts by year");
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

/// An upload with the template's header and each row given as (header, value) pairs.
fn sheet_file(header: &[String], rows: &[Vec<(&str, String)>]) -> Vec<u8> {
    let col = |key: &str| {
        header
            .iter()
            .position(|h| h.trim_start_matches('*') == key)
            .unwrap_or_else(|| panic!("no column {key}: {header:?}"))
    };
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("成果").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (key, value) in row {
            ws.write_string(r as u32 + 1, col(key) as u16, value)
                .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

fn row(
    studio: &str,
    kind: &str,
    title: &str,
    no: &str,
    people: &str,
) -> Vec<(&'static str, String)> {
    vec![
        ("工作室", studio.to_string()),
        ("成果类别", kind.to_string()),
        ("成果名称", title.to_string()),
        ("专利申请号", no.to_string()),
        ("取得日期", "2021-03-15".to_string()),
        ("完成人", people.to_string()),
    ]
}

#[tokio::test]
async fn achievements_import_whole_or_not_at_all() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let zhang = alice.new_person(sib.a, "张工", 1).await;
    alice.new_person(sib.a, "王五", 3).await;
    alice.new_person(sib.a1, "王五", 5).await;
    let li_number = id_number("370702", date(1985, 3, 1), 7);
    let li = alice.new_person(sib.a1, "李师傅", 7).await;
    admin.new_person(sib.b, "乙园区员工", 9).await;
    let studio = alice
        .new_studio(sib.a, "甲园区创新工作室", Some(zhang))
        .await;
    let second = alice.new_studio(sib.a1, "甲一网格工作室", None).await;
    let closed = alice.new_studio(sib.a1, "已摘牌工作室", None).await;
    alice.move_studio(closed, "delisted").await;
    alice.new_studio(sib.a, "同名工作室", None).await;
    alice.new_studio(sib.a1, "同名工作室", None).await;
    let bobs = app
        .login("bob", PASSWORD)
        .await
        .new_studio(sib.b, "乙园区工作室", None)
        .await;
    record(&alice, second, patent("已登记的专利", OLDER_NO, &[])).await;

    let (st, bytes) = alice
        .get_bytes("/api/v1/achievements/import-template.xlsx")
        .await;
    assert_eq!(st, StatusCode::OK);
    let (name, rows) = sheet_rows(&bytes);
    assert_eq!(name, "成果");
    let header = rows[0].clone();
    for h in [
        "*工作室",
        "*成果类别",
        "*成果名称",
        "专利申请号",
        "*取得日期",
        "完成人",
        "联盟共享",
    ] {
        assert!(header.contains(&h.to_string()), "{h}: {header:?}");
    }
    let workbook = {
        let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
        wb.sheet_names()
    };
    assert_eq!(workbook.len(), 2, "dropdown lists on a second sheet");

    // A bad file: every bad cell reported, nothing written.
    let before = alice.get_json("/api/v1/achievements").await.1["total"].clone();
    let mut award = row("甲园区创新工作室", "奖项", "缺等次的奖", "", "");
    award.push(("级别", "国家级".into()));
    let mut flag = row("甲园区创新工作室", "论文", "共享填错", "", "");
    flag.push(("联盟共享", "也许".into()));
    let bad = sheet_file(
        &header,
        &[
            row(
                "甲园区创新工作室",
                "发明专利",
                "校验位错",
                "201710601862.4",
                "张工",
            ),
            row("火星工作室", "论文", "找不到工作室", "", ""),
            row("乙园区工作室", "论文", "别人的工作室", "", ""),
            row(&bobs.to_string(), "论文", "别人的工作室编号", "", ""),
            row("已摘牌工作室", "论文", "摘牌了", "", ""),
            row("同名工作室", "论文", "同名", "", ""),
            row("甲园区创新工作室", "论文", "同名的人", "", "王五"),
            row("甲园区创新工作室", "论文", "范围外的人", "", "乙园区员工"),
            row(
                "甲园区创新工作室",
                "发明专利",
                "文件内重复一",
                INVENTION_NO,
                "",
            ),
            row(
                "甲园区创新工作室",
                "发明专利",
                "文件内重复二",
                INVENTION_NO,
                "",
            ),
            row("甲园区创新工作室", "发明专利", "库里已有", OLDER_NO, ""),
            award,
            flag,
            row("甲园区创新工作室", "菜谱", "类别不对", "", ""),
        ],
    );
    let (st, v) = alice
        .upload("/api/v1/achievements/import", "chengguo.xlsx", &bad)
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["code"], "import_invalid");
    let cells = v["error"]["cells"].as_array().unwrap();
    let got: BTreeSet<(u64, &str)> = cells
        .iter()
        .map(|c| {
            assert_eq!(c["sheet"], "成果", "{c}");
            assert!(!c["message"].as_str().unwrap().is_empty(), "{c}");
            (c["row"].as_u64().unwrap(), c["column"].as_str().unwrap())
        })
        .collect();
    let want = BTreeSet::from([
        (2, "专利申请号"),
        (3, "工作室"),
        (4, "工作室"),
        (5, "工作室"),
        (6, "工作室"),
        (7, "工作室"),
        (8, "完成人"),
        (9, "完成人"),
        (11, "专利申请号"),
        (12, "专利申请号"),
        (13, "等次"),
        (14, "联盟共享"),
        (15, "成果类别"),
    ]);
    assert_eq!(got, want, "{v}");
    let msg = |r: u64| {
        cells
            .iter()
            .find(|c| c["row"] == r)
            .map(|c| c["message"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert!(msg(2).contains("校验位"), "{}", msg(2));
    assert!(msg(6).contains("摘牌"), "{}", msg(6));
    assert!(msg(8).contains("王五"), "{}", msg(8));
    assert!(msg(11).contains("第 10 行"), "{}", msg(11));
    assert_eq!(
        cells.iter().find(|c| c["row"] == 2).unwrap()["value"],
        "201710601862.4"
    );
    assert_eq!(
        alice.get_json("/api/v1/achievements").await.1["total"],
        before
    );
    // The marked copy is there for the uploader only.
    let report = v["error"]["report"].as_str().unwrap();
    let (st, marked) = alice.get_bytes(report).await;
    assert_eq!(st, StatusCode::OK);
    let (_, marked_rows) = sheet_rows(&marked);
    assert!(
        marked_rows[1].last().unwrap().contains("校验位"),
        "{marked_rows:?}"
    );
    let (st, _) = admin.get_bytes(report).await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // A good file: studios by name or number, people by unique name or identity number,
    // kinds and levels by their labels.
    let mut shared = row(
        "甲园区创新工作室",
        "发明专利",
        "导入的专利",
        "ZL201710601862.3",
        "张工、李师傅",
    );
    shared.push(("授权公告号", "CN 107123456 B".into()));
    shared.push(("联盟共享", "是".into()));
    let mut prize = row(&second.to_string(), "奖项", "导入的奖项", "", &li_number);
    prize.push(("级别", "省级".into()));
    prize.push(("等次", "一等奖".into()));
    prize.push(("公开展示", "否".into()));
    let good = sheet_file(&header, &[shared, prize]);
    let (st, v) = alice
        .upload("/api/v1/achievements/import", "chengguo.xlsx", &good)
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["imported"], 2);
    let (_, v) = alice
        .get_json(&format!("/api/v1/achievements?studio={studio}"))
        .await;
    let a = &v["items"][0];
    assert_eq!(a["title"], "导入的专利");
    assert_eq!(a["application_no"], INVENTION_NO);
    assert_eq!(a["shared"], true);
    assert_eq!(a["contributors"][0]["person_id"], zhang);
    assert_eq!(a["contributors"][1]["person_id"], li);
    let (_, v) = alice
        .get_json(&format!("/api/v1/achievements?studio={second}&kind=award"))
        .await;
    let a = &v["items"][0];
    assert_eq!(
        (a["level"].clone(), a["rank"].clone()),
        (json!("provincial"), json!("一等奖"))
    );
    assert_eq!(a["public"], false);
    assert_eq!(a["contributors"][0]["name"], "李师傅");
    let (_, audit) = admin
        .get_json("/api/v1/audit?action=import&record_type=studio_achievement")
        .await;
    assert_eq!(audit["total"], 1, "one entry for the file: {audit}");
    assert!(audit.to_string().contains("chengguo.xlsx"), "{audit}");

    // The export has the template's columns and reads back as the same file would.
    let (st, bytes) = alice
        .get_bytes(&format!("/api/v1/achievements/export.xlsx?studio={studio}"))
        .await;
    assert_eq!(st, StatusCode::OK);
    let (name, rows) = sheet_rows(&bytes);
    assert_eq!(name, "成果");
    assert_eq!(rows.len(), 2);
    let at = |h: &str| rows[0].iter().position(|x| x == h).unwrap();
    assert_eq!(rows[1][at("成果类别")], "发明专利");
    assert_eq!(rows[1][at("专利申请号")], INVENTION_NO);
    assert_eq!(rows[1][at("完成人")], "张工、李师傅");
    assert_eq!(rows[1][at("联盟共享")], "是");

    // The same file again is refused: its number is recorded now.
    let (st, v) = alice
        .upload("/api/v1/achievements/import", "chengguo.xlsx", &good)
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["cells"][0]["column"], "专利申请号");
}

/// A multipart body as a browser sends a page form: text fields, then files.
fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "achievement-form-boundary-7d1c";
    let mut body = vec![];
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (k, name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn submit(
    s: &Session,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> reqwest::Response {
    let mut all = vec![("_csrf", s.csrf.as_str())];
    all.extend_from_slice(fields);
    let (ct, body) = multipart(&all, files);
    s.c.post(s.url(path))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_studio_tab_adds_edits_and_deletes_achievements() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let member = alice.new_person(sib.a, "成员甲", 1).await;
    let other = alice.new_person(sib.a1, "外援乙", 2).await;
    let studio = alice.new_studio(sib.a, "页面工作室", None).await;
    let (st, v) = alice
        .post(
            &format!("/api/v1/studios/{studio}/members"),
            json!({"person_id": member, "role": "core", "joined_on": "2024-01-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let tab = format!("/studios/{studio}/achievements");

    let html = alice.get(&tab).await.text().await.unwrap();
    assert!(html.contains("data-testid=\"ach-add\""), "the add form");
    assert!(html.contains("成员甲"), "members to pick");

    // A bad number comes back beside its field, with what was typed.
    let r = submit(
        &alice,
        &tab,
        &[
            ("kind", "invention_patent"),
            ("title", "页面登记的专利"),
            ("application_no", "201710601862.9"),
            ("achieved_on", "2020-02-02"),
            ("public", "1"),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("data-testid=\"err-application_no\""),
        "{html}"
    );
    assert!(html.contains("页面登记的专利"));

    // Without the token the form is refused.
    let (ct, body) = multipart(&[("title", "x")], &[]);
    let r = alice
        .c
        .post(alice.url(&tab))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let other_s = other.to_string();
    let member_s = member.to_string();
    let r = submit(
        &alice,
        &tab,
        &[
            ("kind", "invention_patent"),
            ("title", "页面登记的专利"),
            ("application_no", "ZL 2017 1 0601862.3"),
            ("achieved_on", "2020-02-02"),
            ("contributor_ids", &other_s),
            ("contributors", &member_s),
            ("shared", "1"),
            ("public", "1"),
        ],
        &[("evidence", "受理通知书.png", PNG), ("evidence", "", b"")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, v) = alice.get_json(&url(studio)).await;
    let a = &v["items"][0];
    assert_eq!(a["application_no"], INVENTION_NO);
    assert_eq!(a["shared"], true);
    assert_eq!(a["contributors"][0]["person_id"], other);
    assert_eq!(a["contributors"][1]["person_id"], member);
    assert_eq!(a["evidence"].as_array().unwrap().len(), 1);
    let aid = a["id"].as_i64().unwrap();
    let fid = a["evidence"][0]["id"].as_i64().unwrap();
    let html = alice
        .get(&format!("{tab}?ok=ach.ok.created"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!("/studios/files/{fid}")),
        "evidence link"
    );
    assert!(html.contains("成果已登记"));

    // The edit page, and a change made there.
    let edit = format!("{tab}/{aid}");
    let html = alice.get(&edit).await.text().await.unwrap();
    assert!(html.contains("data-testid=\"ach-edit\""));
    let r = submit(
        &alice,
        &edit,
        &[
            ("kind", "invention_patent"),
            ("title", "页面修改后的专利"),
            ("application_no", INVENTION_NO),
            ("achieved_on", "2020-02-02"),
            ("contributor_ids", &member_s),
        ],
        &[("evidence", "证书.png", PNG)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, v) = alice.get_json(&format!("{}/{aid}", url(studio))).await;
    assert_eq!(v["title"], "页面修改后的专利");
    assert_eq!(v["shared"], false);
    assert_eq!(v["contributors"].as_array().unwrap().len(), 1);
    assert_eq!(v["evidence"].as_array().unwrap().len(), 2);

    let r = alice
        .form(&format!("{edit}/evidence/{fid}/delete"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = alice.form(&format!("{edit}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, v) = alice.get_json(&url(studio)).await;
    assert_eq!(v["total"], 0);

    // The import page takes a plain form too.
    let html = alice
        .get("/achievements/import")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-testid=\"ach-import\""));
    let r = submit(
        &alice,
        "/achievements/import",
        &[],
        &[("file", "空.xlsx", b"not a workbook")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("role=\"alert\""), "{html}");
}

//! The census filled in by the park: a template of the year's rows the caller may correct
//! (hidden row key, locked names, statuses as dropdowns) that reads back unchanged; a filled
//! file that corrects exactly its changed rows, audited; bad cells each named with nothing
//! written; rows of a sibling park or of another year refused; and the page's correction
//! dialog, which names bad input beside its field.

use crate::common::*;
use calamine::{Reader, Xlsx};
use reqwest::{Method, StatusCode};
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};
use std::io::{Cursor, Read};
use touyan_domain::enterprise::CreditCode;

const FILL: &str = "/api/v1/census/fill";

/// A valid credit code with the serial `n`.
fn code(n: u32) -> String {
    CreditCode::complete(&format!("91370702MA{n:07}"))
        .unwrap()
        .as_str()
        .to_string()
}

struct Park {
    alice: Session,
    bob: Session,
    admin: Session,
    reader: Session,
    a: i64,
    alice_id: i64,
    /// 甲园区's enterprises in tree order, and 乙园区's one.
    ents: [i64; 3],
    b_ent: i64,
}

/// Three enterprises in 甲园区 (alice's), one in 乙园区 (bob's), each park's census of 2024
/// and 2025 taken.
async fn park(app: &TestApp) -> Park {
    let t = siblings(app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let mut ents = [0; 3];
    let names = ["甲一制造有限公司", "甲二科技有限公司", "甲三物流有限公司"];
    for (i, name) in names.iter().enumerate() {
        ents[i] = admin.create_node(Some(t.a1), name, "enterprise").await;
    }
    let b_ent = admin
        .create_node(Some(t.b1), "乙一物流有限公司", "enterprise")
        .await;
    let owners = [&alice, &alice, &alice, &bob];
    for (n, (s, e)) in owners.iter().zip(ents.iter().chain([&b_ent])).enumerate() {
        let body = json!({"credit_code": code(n as u32 + 1), "employees": 100});
        let (st, v) = s
            .send(Method::PUT, &format!("/api/v1/enterprises/{e}"), body)
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    for year in [2024, 2025] {
        for (s, under) in [(&alice, t.a), (&bob, t.b)] {
            let (st, v) = s
                .post("/api/v1/census", json!({"under": under, "year": year}))
                .await;
            assert_eq!(st, StatusCode::CREATED, "{v}");
        }
    }
    Park {
        reader: app.login("reader", PASSWORD).await,
        alice,
        bob,
        admin,
        a: t.a,
        alice_id: t.alice,
        ents,
        b_ent,
    }
}

/// The census rows of `year` the session reads, by enterprise.
async fn rows(s: &Session, year: i32) -> Vec<Value> {
    let (st, v) = s.get_json(&format!("/api/v1/census?year={year}")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v["rows"].as_array().unwrap().clone()
}

fn row_of(rows: &[Value], enterprise: i64) -> Value {
    rows.iter()
        .find(|r| r["enterprise_id"] == enterprise)
        .cloned()
        .unwrap_or_else(|| panic!("no row of {enterprise}"))
}

/// Every row of the first sheet as text, header first.
fn read_sheet(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an .xlsx workbook");
    let name = wb.sheet_names().first().cloned().expect("a sheet");
    let range = wb.worksheet_range(&name).expect("the first sheet");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// A workbook of one sheet holding `rows`, every cell as text.
fn book(rows: &[Vec<String>]) -> Vec<u8> {
    let mut b = Workbook::new();
    let ws = b.add_worksheet();
    ws.set_name("年度起底").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    b.save_to_buffer().unwrap()
}

async fn template(s: &Session, year: i32) -> Vec<Vec<String>> {
    let (st, bytes) = s
        .get_bytes(&format!("/api/v1/census/fill-template.xlsx?year={year}"))
        .await;
    assert_eq!(st, StatusCode::OK);
    read_sheet(&bytes)
}

/// The cells of a refusal as (row, column, message).
fn cells(v: &Value) -> Vec<(u64, String, String)> {
    v["error"]["cells"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|c| {
            (
                c["row"].as_u64().unwrap(),
                c["column"].as_str().unwrap().into(),
                c["message"].as_str().unwrap().into(),
            )
        })
        .collect()
}

async fn audited(admin: &Session, action: &str) -> u64 {
    let (_, v) = admin
        .get_json(&format!(
            "/api/v1/audit?record_type=enterprise_census&action={action}&per_page=1"
        ))
        .await;
    v["total"].as_u64().unwrap_or_else(|| panic!("{v}"))
}

#[tokio::test]
async fn the_template_holds_the_callers_rows_and_reads_back_unchanged() {
    let app = spawn().await;
    let p = park(&app).await;
    let (st, bytes) = p
        .alice
        .get_bytes("/api/v1/census/fill-template.xlsx?year=2025")
        .await;
    assert_eq!(st, StatusCode::OK);
    let sheet = read_sheet(&bytes);
    assert_eq!(
        sheet[0],
        [
            "*起底行号",
            "企业名称",
            "从业人数",
            "*党员",
            "营业收入（元）",
            "*经营状态",
            "*党组织状态"
        ]
    );
    let mine = rows(&p.alice, 2025).await;
    assert_eq!(sheet.len(), 4, "{sheet:?}");
    for line in &sheet[1..] {
        let r = mine
            .iter()
            .find(|r| r["id"].as_i64().map(|i| i.to_string()).as_deref() == Some(line[0].as_str()))
            .unwrap_or_else(|| panic!("{line:?}"));
        assert_eq!(line[1], r["name"].as_str().unwrap());
        assert_eq!(line[2], "100");
        assert_eq!(
            (line[5].as_str(), line[6].as_str()),
            ("在营", "无党员无组织")
        );
    }
    assert!(!sheet.iter().any(|l| l[1] == "乙一物流有限公司"));
    // The key column is hidden and the sheet protected, the figures' cells left open.
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
    let mut xml = String::new();
    z.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        xml.contains("<sheetProtection") && xml.contains("hidden=\"1\""),
        "{xml}"
    );
    assert!(xml.contains("<dataValidation"), "{xml}");

    // Sent back as it is, it writes nothing but the file's own entry.
    let updates = audited(&p.admin, "update").await;
    let (st, v) = p
        .alice
        .upload(&format!("{FILL}?year=2025"), "same.xlsx", &bytes)
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v, json!({"changed": 0, "unchanged": 3}));
    assert_eq!(audited(&p.admin, "update").await, updates);
    assert_eq!(audited(&p.admin, "import").await, 1);
    assert!(rows(&p.alice, 2025)
        .await
        .iter()
        .all(|r| r["filled"] == false));

    // A reader corrects nothing, so it has no template and may not upload.
    let (st, _) = p
        .reader
        .get_bytes("/api/v1/census/fill-template.xlsx?year=2025")
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = p
        .reader
        .upload(&format!("{FILL}?year=2025"), "x.xlsx", &bytes)
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_filled_file_corrects_exactly_its_changed_rows() {
    let app = spawn().await;
    let p = park(&app).await;
    let mut sheet = template(&p.alice, 2025).await;
    let before = rows(&p.alice, 2025).await;
    let id_of = |e: i64| row_of(&before, e)["id"].to_string();
    for line in sheet.iter_mut().skip(1) {
        if line[0] == id_of(p.ents[0]) {
            line[2] = "150".into();
        } else if line[0] == id_of(p.ents[1]) {
            line[3] = "4".into();
            line[4] = "2万".into();
            line[5] = "注销".into();
            // A label in English reads too.
            line[6] = "Joint branch".into();
        }
    }
    let updates = audited(&p.admin, "update").await;
    let (st, v) = p
        .alice
        .upload(&format!("{FILL}?year=2025"), "filled.xlsx", &book(&sheet))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v, json!({"changed": 2, "unchanged": 1}));
    let after = rows(&p.alice, 2025).await;
    let (r1, r2, r3) = (
        row_of(&after, p.ents[0]),
        row_of(&after, p.ents[1]),
        row_of(&after, p.ents[2]),
    );
    assert_eq!(
        (&r1["employees"], &r1["filled"]),
        (&json!(150), &json!(true))
    );
    assert_eq!(
        (
            &r2["members"],
            &r2["revenue_fen"],
            &r2["status"],
            &r2["party"]
        ),
        (
            &json!(4),
            &json!(2_000_000),
            &json!("closed"),
            &json!("joint")
        )
    );
    assert_eq!(r2["filled"], true);
    assert_eq!(r3, row_of(&before, p.ents[2]));
    assert_eq!(audited(&p.admin, "update").await, updates + 2);
    // The year before is not touched.
    assert!(rows(&p.alice, 2024)
        .await
        .iter()
        .all(|r| r["filled"] == false));
}

#[tokio::test]
async fn a_file_with_bad_cells_changes_nothing_and_names_each() {
    let app = spawn().await;
    let p = park(&app).await;
    let mut sheet = template(&p.alice, 2025).await;
    let first_id = sheet[1][0].clone();
    sheet[1][2] = "-5".into();
    sheet[2][3] = String::new();
    sheet[3][6] = "不知道".into();
    sheet[3][4] = "很多".into();
    let mut unknown = sheet[1].clone();
    unknown[0] = "999999".into();
    unknown[2] = "1".into();
    let mut repeated = sheet[2].clone();
    repeated[0] = first_id;
    repeated[3] = "1".into();
    sheet.push(unknown);
    sheet.push(repeated);
    let before = rows(&p.alice, 2025).await;
    let (st, v) = p
        .alice
        .upload(&format!("{FILL}?year=2025"), "bad.xlsx", &book(&sheet))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let got: Vec<(u64, String)> = cells(&v).into_iter().map(|(r, c, _)| (r, c)).collect();
    let want: Vec<(u64, String)> = [
        (2, "从业人数"),
        (3, "党员"),
        (4, "党组织状态"),
        (4, "营业收入（元）"),
        (5, "起底行号"),
        (6, "起底行号"),
    ]
    .into_iter()
    .map(|(r, c)| (r, c.to_string()))
    .collect();
    let mut sorted = got.clone();
    sorted.sort();
    let mut want_sorted = want.clone();
    want_sorted.sort();
    assert_eq!(sorted, want_sorted, "{v}");
    let message = |row: u64, col: &str| {
        cells(&v)
            .into_iter()
            .find(|(r, c, _)| *r == row && c == col)
            .map(|(_, _, m)| m)
            .unwrap()
    };
    assert!(message(5, "起底行号").contains("重新下载"), "{v}");
    assert!(message(6, "起底行号").contains("第 2 行"), "{v}");
    assert_eq!(message(3, "党员"), "必填");
    // Nothing was written; the marked copy is there for the uploader.
    assert_eq!(rows(&p.alice, 2025).await, before);
    // In English, the cells are named in English.
    let url = format!("/api/v1/users/{}", p.alice_id);
    let (st, e) = p.admin.patch(&url, json!({"locale": "en"})).await;
    assert_eq!(st, StatusCode::OK, "{e}");
    let (st, en) = p
        .alice
        .upload(&format!("{FILL}?year=2025"), "bad.xlsx", &book(&sheet))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{en}");
    let unknown = cells(&en).into_iter().find(|(r, _, _)| *r == 5).unwrap();
    assert_eq!(unknown.1, "Census row");
    assert!(unknown.2.contains("download the template again"), "{en}");
    assert_eq!(rows(&p.alice, 2025).await, before);
    let report = v["error"]["report"].as_str().unwrap();
    let (st, bytes) = p.alice.get_bytes(report).await;
    assert_eq!(st, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));
}

#[tokio::test]
async fn rows_of_a_sibling_park_or_another_year_are_refused() {
    let app = spawn().await;
    let p = park(&app).await;
    let mut sheet = template(&p.alice, 2025).await;
    let theirs = row_of(&rows(&p.bob, 2025).await, p.b_ent);
    let last_year = row_of(&rows(&p.alice, 2024).await, p.ents[0]);
    let mut foreign = sheet[1].clone();
    foreign[0] = theirs["id"].to_string();
    foreign[2] = "7".into();
    let mut old = sheet[2].clone();
    old[0] = last_year["id"].to_string();
    old[2] = "8".into();
    sheet.truncate(1);
    sheet.push(foreign);
    sheet.push(old);
    let (st, v) = p
        .alice
        .upload(&format!("{FILL}?year=2025"), "other.xlsx", &book(&sheet))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let got = cells(&v);
    assert_eq!(got.len(), 2, "{v}");
    assert_eq!((got[0].0, got[0].1.as_str()), (2, "起底行号"));
    assert!(got[0].2.contains("不是您可以修正"), "{v}");
    assert!(got[1].2.contains("2024"), "{v}");
    assert_eq!(row_of(&rows(&p.bob, 2025).await, p.b_ent), theirs);
    // Bob's own subtree is not in alice's template, and a row of alice's is unknown to him.
    let mine = template(&p.alice, 2025).await;
    let (st, v) = p
        .bob
        .upload(&format!("{FILL}?year=2025"), "alices.xlsx", &book(&mine))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(cells(&v).len(), 3, "{v}");
    // The year is required and a census year.
    let (st, v) = p.alice.upload(FILL, "x.xlsx", &book(&mine)).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["year"].is_string(), "{v}");
    let (st, _) = p
        .alice
        .get_bytes(&format!(
            "/api/v1/census/fill-template.xlsx?year=2025&under={}",
            p.ents[0] + 1000
        ))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

/// Submits the correction form `fields` to `url`.
async fn send(s: &Session, url: &str, fields: Vec<(&str, String)>) -> reqwest::Response {
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    s.form(url, &f).await
}

#[tokio::test]
async fn the_page_corrects_a_row_and_names_bad_input() {
    let app = spawn().await;
    let p = park(&app).await;
    let row = row_of(&rows(&p.alice, 2025).await, p.ents[0]);
    let id = row["id"].as_i64().unwrap();
    let url = format!("/census?under={}&year=2025", p.a);
    let html = p.alice.get(&url).await.text().await.unwrap();
    assert!(
        html.contains(&format!("data-testid=\"census-fix-{id}\"")),
        "{html}"
    );
    assert!(html.contains("data-testid=\"census-fill\"") && html.contains("fill-template.xlsx"));
    // The dialog holds the row's own figures and statuses.
    assert!(
        html.contains(r#"<option value="operating" selected>"#)
            && html.contains(r#"<option value="none" selected>"#)
            && html.contains(r#"name="employees" inputmode="numeric" value="100""#),
        "{html}"
    );
    // Every text of the new parts is translated.
    assert!(
        !html.contains("census.fill.") && !html.contains("census.fix."),
        "{html}"
    );
    let html = p.reader.get(&url).await.text().await.unwrap();
    assert!(!html.contains("census-fix-") && !html.contains("census-fill"));

    let fix = format!("/census/{id}/fill");
    let year = "2025".to_string();
    let under = p.a.to_string();
    let form = |employees: &'static str, members: &'static str| {
        vec![
            ("under", under.clone()),
            ("year", year.clone()),
            ("employees", employees.to_string()),
            ("members", members.to_string()),
            ("revenue", "3万".to_string()),
            ("status", "operating".to_string()),
            ("party", "members_only".to_string()),
        ]
    };
    let r = send(&p.alice, &fix, form("很多", "")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("field-error") && html.contains("须为整数") && html.contains("必填"));
    assert!(html.contains(&format!(
        "id=\"census-fix-{id}\" data-testid=\"census-fix-{id}\" open"
    )));
    assert_eq!(row_of(&rows(&p.alice, 2025).await, p.ents[0]), row);

    let r = send(&p.alice, &fix, form("120", "2")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(
        to.contains("ok=ok.census_filled") && to.contains(&format!("under={}", p.a)),
        "{to}"
    );
    let now = row_of(&rows(&p.alice, 2025).await, p.ents[0]);
    assert_eq!(
        (
            &now["employees"],
            &now["members"],
            &now["revenue_fen"],
            &now["party"],
            &now["filled"]
        ),
        (
            &json!(120),
            &json!(2),
            &json!(3_000_000),
            &json!("members_only"),
            &json!(true)
        )
    );
    // Another park's user finds no such row.
    let r = send(&p.bob, &fix, form("1", "1")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // The page's upload answers with its result and writes as the API does.
    let mut sheet = template(&p.alice, 2025).await;
    sheet[2][2] = "99".into();
    let (st, _) = p
        .alice
        .upload("/census/fill?year=2025", "page.xlsx", &book(&sheet))
        .await;
    assert_eq!(st, StatusCode::OK);
    let changed = rows(&p.alice, 2025).await;
    assert!(changed
        .iter()
        .any(|r| r["employees"] == 99 && r["filled"] == true));
}

/// How long a year of `N` rows (default 500) takes to download and to send back, all rows
/// changed and then none: `N=1000 cargo test -p touyan-web --test it measure_fill --
/// --ignored --nocapture`.
#[tokio::test]
#[ignore]
async fn measure_fill() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    for i in 0..n {
        let e = admin
            .create_node(Some(t.a1), &format!("测量企业{i:05}有限公司"), "enterprise")
            .await;
        let body = json!({"credit_code": code(i + 10), "employees": 100});
        let (st, v) = alice
            .send(Method::PUT, &format!("/api/v1/enterprises/{e}"), body)
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    let (st, _) = alice
        .post("/api/v1/census", json!({"under": t.a, "year": 2025}))
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let t0 = std::time::Instant::now();
    let mut sheet = template(&alice, 2025).await;
    let t_template = t0.elapsed();
    for line in sheet.iter_mut().skip(1) {
        line[2] = "150".into();
    }
    let file = book(&sheet);
    let t1 = std::time::Instant::now();
    let (st, v) = alice
        .upload(&format!("{FILL}?year=2025"), "m.xlsx", &file)
        .await;
    let t_fill = t1.elapsed();
    assert_eq!(st, StatusCode::OK, "{v}");
    let t2 = std::time::Instant::now();
    let (st, v) = alice
        .upload(&format!("{FILL}?year=2025"), "m.xlsx", &file)
        .await;
    let t_same = t2.elapsed();
    assert_eq!(st, StatusCode::OK, "{v}");
    eprintln!("MEASURE rows={n} template={t_template:?} fill_all_changed={t_fill:?} fill_unchanged={t_same:?} {v}");
}

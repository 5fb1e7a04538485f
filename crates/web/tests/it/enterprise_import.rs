//! The enterprise ledger read from a spreadsheet: a template with dropdowns of the caller's
//! own enterprises and the ledger's lists, an import that records profiles and revenue all or
//! nothing (every bad cell named by row and column, nothing written), enterprise nodes of a
//! sibling subtree unknown, a file that is no workbook refused as such, and an export that
//! imports back unchanged.

use crate::common::*;
use calamine::{Reader, Xlsx};
use reqwest::StatusCode;
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};
use std::io::{Cursor, Read};
use touyan_domain::enterprise::CreditCode;

const IMPORT: &str = "/api/v1/enterprises/import";
const TEMPLATE: &str = "/api/v1/enterprises/import-template.xlsx";

/// A valid credit code of the Shandong division 370702 with the serial `n`.
fn code(n: u32) -> String {
    CreditCode::complete(&format!("91370702MA{n:07}"))
        .unwrap()
        .as_str()
        .to_string()
}

/// The template's header (required columns marked as the template marks them).
const HEADER: [&str; 12] = [
    "企业",
    "统一社会信用代码",
    "法定代表人",
    "行业门类",
    "企业规模",
    "从业人数",
    "成立日期",
    "地址",
    "经营状态",
    "状态变更日期",
    "营业收入年度",
    "营业收入（元）",
];

/// A workbook of one sheet: the header, then `rows`, every cell as text.
fn book(rows: &[Vec<String>]) -> Vec<u8> {
    let mut b = Workbook::new();
    let ws = b.add_worksheet();
    ws.set_name("企业台账").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    b.save_to_buffer().unwrap()
}

fn with_header(rows: Vec<Vec<&str>>) -> Vec<u8> {
    let mut all = vec![HEADER.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    all.extend(
        rows.into_iter()
            .map(|r| r.into_iter().map(str::to_string).collect()),
    );
    book(&all)
}

/// Every row of the first sheet as text, header first.
fn rows_of(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an .xlsx workbook");
    let name = wb.sheet_names().first().cloned().expect("a sheet");
    let range = wb.worksheet_range(&name).expect("the first sheet");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// The text of one part of an .xlsx archive.
fn part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

struct Parks {
    alice: Session,
    admin: Session,
    a1: i64,
    e1: i64,
    e2: i64,
    e3: i64,
}

/// Three enterprises in 甲园区 (alice's) and one in 乙园区.
async fn parks(app: &TestApp) -> Parks {
    let t = siblings(app).await;
    let admin = app.admin().await;
    let e1 = admin
        .create_node(Some(t.a1), "甲一制造有限公司", "enterprise")
        .await;
    let e2 = admin
        .create_node(Some(t.a1), "甲二科技有限公司", "enterprise")
        .await;
    let e3 = admin
        .create_node(Some(t.a1), "甲三物流有限公司", "enterprise")
        .await;
    admin
        .create_node(Some(t.b1), "乙一物流有限公司", "enterprise")
        .await;
    Parks {
        alice: app.login("alice", PASSWORD).await,
        admin,
        a1: t.a1,
        e1,
        e2,
        e3,
    }
}

/// The cells of a refusal as (row, column).
fn cells(v: &Value) -> Vec<(u64, String)> {
    v["error"]["cells"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|c| {
            (
                c["row"].as_u64().unwrap(),
                c["column"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn message(v: &Value, row: u64, column: &str) -> String {
    v["error"]["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["row"] == row && c["column"] == column)
        .unwrap_or_else(|| panic!("no cell {row} {column}: {v}"))["message"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn total(s: &Session, p: &str) -> u64 {
    let (st, v) = s.get_json(p).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v["total"].as_u64().unwrap()
}

#[tokio::test]
async fn the_template_lists_the_callers_enterprises_and_the_ledgers_choices() {
    let app = spawn().await;
    let t = parks(&app).await;
    let (st, bytes) = t.alice.get_bytes(TEMPLATE).await;
    assert_eq!(st, StatusCode::OK);
    let rows = rows_of(&bytes);
    let header: Vec<&str> = rows[0].iter().map(|h| h.trim_start_matches('*')).collect();
    assert_eq!(header, HEADER.to_vec());
    assert!(rows[0][0].starts_with('*') && rows[0][1].starts_with('*'));
    // Dropdowns on the enterprise, industry, size and status columns, from a hidden sheet.
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert_eq!(sheet.matches("<dataValidation ").count(), 4, "{sheet}");
    let lists = part(&bytes, "xl/sharedStrings.xml");
    for choice in [
        "甲一制造有限公司",
        "甲三物流有限公司",
        "C 制造业",
        "小型",
        "迁出",
    ] {
        assert!(lists.contains(choice), "{choice} in the lists");
    }
    assert!(
        !lists.contains("乙一物流有限公司") && !lists.contains("甲一网格"),
        "only the caller's enterprises are offered"
    );
    // In English for an English reader; not for a reader who may not record.
    t.alice
        .form("/lang", &[("lang", "en"), ("back", "/")])
        .await;
    let (_, bytes) = t.alice.get_bytes(TEMPLATE).await;
    let rows = rows_of(&bytes);
    assert_eq!(rows[0][0], "*Enterprise");
    assert!(rows[0].iter().any(|h| h == "Revenue year"), "{:?}", rows[0]);
    app.admin()
        .await
        .create_user("reader2", None, "readonly")
        .await;
    let reader = app.login("reader2", PASSWORD).await;
    let (st, _) = reader.get_bytes(TEMPLATE).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, v) = reader.upload(IMPORT, "x.xlsx", &bytes).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{v}");
    // The list page links to the import page, which offers the template and the form.
    let html = t.alice.get("/enterprises").await.text().await.unwrap();
    assert!(html.contains("data-testid=\"ent-import-link\""));
    let html = t
        .alice
        .get("/enterprises/import")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-testid=\"ent-import\""), "{html}");
}

#[tokio::test]
async fn a_good_file_records_profiles_and_revenue_in_one_audited_import() {
    let app = spawn().await;
    let t = parks(&app).await;
    let (c1, c2) = (code(1), code(2));
    let file = with_header(vec![
        vec![
            "甲一制造有限公司",
            &c1,
            "张三",
            "C 制造业",
            "中型",
            "320",
            "2010-03-01",
            "滨海路 1 号",
            "在营",
            "",
            "2024",
            "12000万",
        ],
        // Code in lower case, the industry without its letter, the node by its path.
        vec![
            "甲园区/甲一网格/甲二科技有限公司",
            &c2.to_lowercase(),
            "",
            "信息传输、软件和信息技术服务业",
            "small",
            "",
            "",
            "",
            "迁出",
            "2023-06-30",
            "",
            "",
        ],
    ]);
    let (st, v) = t.alice.upload(IMPORT, "ledger.xlsx", &file).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["imported"], 2);
    assert_eq!(total(&t.alice, "/api/v1/enterprises").await, 2);
    let (_, e1) = t
        .alice
        .get_json(&format!("/api/v1/enterprises/{}", t.e1))
        .await;
    assert_eq!(e1["credit_code"], c1);
    assert_eq!(e1["industry"], "C");
    assert_eq!(e1["size"], "medium");
    assert_eq!(e1["employees"], 320);
    let (_, e2) = t
        .alice
        .get_json(&format!("/api/v1/enterprises/{}", t.e2))
        .await;
    assert_eq!(e2["credit_code"], c2);
    assert_eq!(e2["industry"], "I");
    assert_eq!(e2["status"], "moved_out");
    assert_eq!(e2["status_on"], "2023-06-30");
    let (_, r) = t
        .alice
        .get_json(&format!("/api/v1/enterprises/{}/revenues", t.e1))
        .await;
    assert_eq!(r[0]["year"], 2024);
    assert_eq!(r[0]["amount_fen"], 12_000_000_000i64);
    assert_eq!(
        total(
            &t.alice,
            "/api/v1/enterprises?revenue_year=2024&revenue_at_least=100000000"
        )
        .await,
        1
    );
    // One entry for the file, and one for each profile and revenue written.
    let (_, a) = t
        .admin
        .get_json("/api/v1/audit?action=import&record_type=enterprise")
        .await;
    assert_eq!(a["total"], 1, "{a}");
    assert_eq!(a["items"][0]["after"]["rows"], 2);
    assert_eq!(a["items"][0]["after"]["file"], "ledger.xlsx");
    assert_eq!(
        total(
            &t.admin,
            "/api/v1/audit?action=create&record_type=enterprise"
        )
        .await,
        2
    );
    assert_eq!(
        total(
            &t.admin,
            "/api/v1/audit?action=create&record_type=enterprise_revenue"
        )
        .await,
        1
    );
    // The same file again replaces with the same values: nothing changes, nothing is logged
    // but the import. A changed row is an update.
    let (st, v) = t.alice.upload(IMPORT, "ledger.xlsx", &file).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(
        total(
            &t.admin,
            "/api/v1/audit?action=update&record_type=enterprise"
        )
        .await,
        0
    );
    let file = with_header(vec![vec![
        "甲一制造有限公司",
        &c1,
        "李四",
        "C",
        "中型",
        "330",
        "2010-03-01",
        "",
        "",
        "",
        "2024",
        "130000000",
    ]]);
    let (st, v) = t.alice.upload(IMPORT, "ledger2.xlsx", &file).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (_, e1) = t
        .alice
        .get_json(&format!("/api/v1/enterprises/{}", t.e1))
        .await;
    assert_eq!(e1["legal_rep"], "李四");
    assert_eq!(e1["address"], Value::Null, "a blank cell clears the field");
    assert_eq!(
        total(
            &t.admin,
            "/api/v1/audit?action=update&record_type=enterprise"
        )
        .await,
        1
    );
    assert_eq!(
        total(
            &t.admin,
            "/api/v1/audit?action=update&record_type=enterprise_revenue"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn every_bad_cell_is_named_and_nothing_is_written() {
    let app = spawn().await;
    let t = parks(&app).await;
    // e3 holds a code already.
    let (st, v) = t
        .alice
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/enterprises/{}", t.e3),
            json!({"credit_code": code(9)}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let mut wrong = code(1);
    let last = if wrong.ends_with('0') { "1" } else { "0" };
    wrong.replace_range(17.., last);
    let (c2, c6, c9) = (code(2), code(6), code(9));
    let blank = || vec![""; 12];
    let mut rows = vec![];
    // 2: a wrong check character; an unknown industry.
    let mut r = blank();
    r[0] = "甲一制造有限公司";
    r[1] = &wrong;
    r[3] = "Z";
    rows.push(r);
    // 3: a node that does not exist; a size not on the list.
    let mut r = blank();
    r[0] = "不存在的公司";
    r[1] = &c2;
    r[4] = "巨型";
    rows.push(r);
    // 4: a grid, not an enterprise; the code repeats row 3's.
    let mut r = blank();
    r[0] = "甲一网格";
    r[1] = &c2;
    rows.push(r);
    // 5: a code held by another enterprise; employees not a number; a bad date; a revenue
    // year without its amount.
    let mut r = blank();
    r[0] = "甲二科技有限公司";
    r[1] = &c9;
    r[5] = "很多";
    r[6] = "2012-13-01";
    r[10] = "2024";
    rows.push(r);
    // 6: the same enterprise as row 5; closed without a date; an amount without its year.
    let mut r = blank();
    r[0] = "甲二科技有限公司";
    r[1] = &c6;
    r[8] = "注销";
    r[11] = "100";
    rows.push(r);
    // 7: a good row, which is not written either.
    let c7 = code(7);
    let mut r = blank();
    r[0] = "甲三物流有限公司";
    r[1] = &c7;
    rows.push(r);
    let (st, v) = t.alice.upload(IMPORT, "bad.xlsx", &with_header(rows)).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["code"], "import_invalid");
    let got = cells(&v);
    for (row, column) in [
        (2, "统一社会信用代码"),
        (2, "行业门类"),
        (3, "企业"),
        (3, "企业规模"),
        (4, "企业"),
        (4, "统一社会信用代码"),
        (5, "统一社会信用代码"),
        (5, "从业人数"),
        (5, "成立日期"),
        (5, "营业收入（元）"),
        (6, "企业"),
        (6, "状态变更日期"),
        (6, "营业收入年度"),
    ] {
        assert!(
            got.contains(&(row, column.to_string())),
            "row {row} {column}: {got:?}"
        );
    }
    assert!(!got.iter().any(|(r, _)| *r == 7), "{got:?}");
    assert!(message(&v, 2, "统一社会信用代码").contains("校验位"), "{v}");
    assert!(message(&v, 4, "企业").contains("企业"), "{v}");
    assert!(
        message(&v, 4, "统一社会信用代码").contains("第 3 行"),
        "{v}"
    );
    assert!(message(&v, 5, "统一社会信用代码").contains("已登记"), "{v}");
    assert!(message(&v, 6, "企业").contains("第 5 行"), "{v}");
    // The marked copy is there for the uploader.
    let report = v["error"]["report"].as_str().unwrap();
    let (st, marked) = t.alice.get_bytes(report).await;
    assert_eq!(st, StatusCode::OK);
    assert!(marked.starts_with(b"PK"));
    // Nothing written: the one profile recorded before, no import entry.
    assert_eq!(total(&t.alice, "/api/v1/enterprises").await, 1);
    assert_eq!(
        total(
            &t.admin,
            "/api/v1/audit?action=import&record_type=enterprise"
        )
        .await,
        0
    );
    let _ = t.a1;
}

#[tokio::test]
async fn an_enterprise_of_a_sibling_subtree_is_unknown() {
    let app = spawn().await;
    let t = parks(&app).await;
    for name in [
        "乙一物流有限公司",
        "测试区/乙园区/乙一网格/乙一物流有限公司",
    ] {
        let file = with_header(vec![vec![
            name,
            &code(3),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]]);
        let (st, v) = t.alice.upload(IMPORT, "sibling.xlsx", &file).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(cells(&v), vec![(2, "企业".to_string())], "{v}");
        assert!(message(&v, 2, "企业").contains("管辖范围"), "{v}");
    }
    let (_, v) = t.admin.get_json("/api/v1/enterprises").await;
    assert_eq!(v["total"], 0, "{v}");
}

#[tokio::test]
async fn a_file_that_is_no_workbook_is_refused_not_failed() {
    let app = spawn().await;
    let t = parks(&app).await;
    for (name, bytes) in [
        ("garbage.xlsx", b"this is no spreadsheet at all".to_vec()),
        ("empty.zip", {
            let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
            z.start_file("a.txt", zip::write::SimpleFileOptions::default())
                .unwrap();
            z.finish().unwrap().into_inner()
        }),
        ("header-only.xlsx", with_header(vec![])),
    ] {
        let (st, v) = t.alice.upload(IMPORT, name, &bytes).await;
        assert!(st.is_client_error(), "{name}: {st} {v}");
        assert!(v["error"]["fields"]["file"].is_string(), "{name}: {v}");
    }
    // A sheet without the required columns names the missing one.
    let (st, v) = t
        .alice
        .upload(
            IMPORT,
            "wrong.xlsx",
            &book(&[vec!["名称".into()], vec!["x".into()]]),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    // The page's form answers the same in its result.
    let r = t
        .alice
        .upload("/enterprises/import", "garbage.xlsx", b"garbage")
        .await;
    assert_eq!(r.0, StatusCode::OK);
}

#[tokio::test]
async fn an_export_imports_back_unchanged() {
    let app = spawn().await;
    let t = parks(&app).await;
    for (id, n, body) in [
        (
            t.e1,
            1,
            json!({"legal_rep": "张三", "industry": "C", "size": "large", "employees": 1200,
                   "founded_on": "2001-09-10", "address": "滨海路 1 号"}),
        ),
        (
            t.e2,
            2,
            json!({"industry": "I", "status": "closed", "status_on": "2024-12-31"}),
        ),
        (t.e3, 3, json!({})),
    ] {
        let mut body = body;
        body["credit_code"] = json!(code(n));
        let (st, v) = t
            .alice
            .send(
                reqwest::Method::PUT,
                &format!("/api/v1/enterprises/{id}"),
                body,
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    for (year, amount) in [(2023, "98000000.5"), (2024, "120000000")] {
        let (st, v) = t
            .alice
            .post(
                &format!("/api/v1/enterprises/{}/revenues", t.e1),
                json!({"year": year, "amount": amount}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }
    let before = t.alice.get_json("/api/v1/enterprises").await.1["items"].clone();
    let (st, bytes) = t.alice.get_bytes("/api/v1/enterprises/export.xlsx").await;
    assert_eq!(st, StatusCode::OK);
    let rows = rows_of(&bytes);
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert_eq!(
        rows[0][..12].to_vec(),
        HEADER.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
        "the template's columns first"
    );
    assert!(rows[0].len() > 12, "then the derived ones: {:?}", rows[0]);
    let e1 = rows.iter().find(|r| r[0] == "甲一制造有限公司").unwrap();
    assert_eq!(e1[10], "2024", "the latest year's revenue: {e1:?}");
    let audited = total(&t.admin, "/api/v1/audit?per_page=1").await;

    let (st, v) = t.alice.upload(IMPORT, "export.xlsx", &book(&rows)).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["imported"], 3);
    let after = t.alice.get_json("/api/v1/enterprises").await.1["items"].clone();
    assert_eq!(before, after, "nothing changed");
    assert_eq!(
        total(&t.admin, "/api/v1/audit?per_page=1").await,
        audited + 1,
        "only the import is logged"
    );
    // Edited, it changes what was edited.
    let mut rows = rows;
    let r = rows
        .iter()
        .position(|r| r[0] == "甲三物流有限公司")
        .unwrap();
    rows[r][4] = "微型".into();
    let (st, v) = t.alice.upload(IMPORT, "edited.xlsx", &book(&rows)).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (_, e3) = t
        .alice
        .get_json(&format!("/api/v1/enterprises/{}", t.e3))
        .await;
    assert_eq!(e3["size"], "micro");
}

//! A people export read back in: full numbers for those who may see them (audited), and an
//! import that updates the people it names by identity number, all or nothing, within the
//! importer's subtrees; a masked number is a cell error that says how to export in full.

use crate::common::*;
use calamine::{Reader, Xlsx};
use reqwest::StatusCode;
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};
use std::io::Cursor;

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

/// The rows written back as a workbook, every cell as text.
fn book_of(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("人员").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn col(rows: &[Vec<String>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h.trim_start_matches('*') == header)
        .unwrap_or_else(|| panic!("no column {header}: {:?}", rows[0]))
}

/// The row of the person whose name is `name`.
fn row_named(rows: &[Vec<String>], name: &str) -> usize {
    let c = col(rows, "姓名");
    rows.iter()
        .position(|r| r[c] == name)
        .unwrap_or_else(|| panic!("no row for {name}"))
}

async fn person_named(s: &Session, name: &str) -> Value {
    let (_, v) = s
        .get_json(&format!("/api/v1/people?q={}&reveal=true", urlencode(name)))
        .await;
    assert_eq!(v["total"], 1, "{name}: {v}");
    v["items"][0].clone()
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

struct Ledger {
    zuzhi: Session,
    admin: Session,
    g1: i64,
    g2: i64,
    outside: String,
}

/// Two grids of a district kept by a 组织员 (who may see numbers), three people in them,
/// and one person in another district.
async fn ledger(app: &TestApp) -> Ledger {
    let admin = app.admin().await;
    let d = admin.create_node(None, "往返区", "district").await;
    let g1 = admin.create_node(Some(d), "往返甲网格", "grid").await;
    let g2 = admin.create_node(Some(d), "往返乙网格", "grid").await;
    let d2 = admin.create_node(None, "邻区", "district").await;
    let g3 = admin.create_node(Some(d2), "邻区网格", "grid").await;
    for (node, name, seq, phone) in [
        (g1, "赵一", 11, "13800000011"),
        (g1, "钱二", 12, "13800000012"),
        (g2, "孙三", 13, "13800000013"),
    ] {
        let mut body = person(node, name, date(1980, 5, 6), seq);
        body["phone"] = json!(phone);
        let (s, v) = admin.post("/api/v1/people", body).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let body = person(g3, "李外", date(1981, 7, 8), 21);
    let outside = body["id_number"].as_str().unwrap().to_string();
    let (s, v) = admin.post("/api/v1/people", body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    admin.create_user("wangfan", Some(d), "personnel").await;
    let zuzhi = app.login("wangfan", PASSWORD).await;
    Ledger {
        zuzhi,
        admin,
        g1,
        g2,
        outside,
    }
}

#[tokio::test]
async fn an_export_with_full_numbers_imports_back_as_updates() {
    let app = spawn().await;
    let t = ledger(&app).await;
    let (s, bytes) = t
        .zuzhi
        .get_bytes("/api/v1/people/export.xlsx?reveal=true")
        .await;
    assert_eq!(s, StatusCode::OK);
    let mut rows = rows_of(&bytes);
    assert_eq!(
        rows.len(),
        4,
        "three people in the 组织员's district: {rows:?}"
    );
    let zhao = person_named(&t.admin, "赵一").await;
    let r = row_named(&rows, "赵一");
    assert_eq!(
        rows[r][col(&rows, "身份证号")],
        zhao["id_number"].as_str().unwrap()
    );
    assert_eq!(rows[r][col(&rows, "手机号码")], "13800000011");
    // The full export is audited as such.
    let (_, v) = t.admin.get_json("/api/v1/audit?action=export").await;
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["record_type"] == "person" && e["after"]["reveal"] == true),
        "{v}"
    );
    // The list page offers the full export to those who may see numbers.
    let html = t.zuzhi.get("/people").await.text().await.unwrap();
    assert!(html.contains("data-testid=\"export-full\""));

    // Read back unchanged: every row names someone stored, nothing is refused.
    let (s, v) = t
        .zuzhi
        .upload("/api/v1/people/import", "export.xlsx", &book_of(&rows))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["imported"], 3, "{v}");
    let (_, v) = t
        .admin
        .get_json("/api/v1/audit?action=update&record_type=person")
        .await;
    assert_eq!(v["total"], 0, "rows that change nothing write nothing: {v}");

    // Edited: a new phone, a move to the other grid, and one new person.
    let (phone, node, name) = (
        col(&rows, "手机号码"),
        col(&rows, "所属组织"),
        col(&rows, "姓名"),
    );
    let r = row_named(&rows, "赵一");
    rows[r][phone] = "13900000099".into();
    let r = row_named(&rows, "钱二");
    rows[r][node] = "往返乙网格".into();
    let mut fresh = rows[r].clone();
    fresh[name] = "周新".into();
    // Born the same day as the row copied, and a woman like her (even sequence).
    fresh[col(&rows, "身份证号")] = id_number("370702", date(1980, 5, 6), 32);
    fresh[phone] = String::new();
    fresh[node] = "往返甲网格".into();
    rows.push(fresh);
    let (s, v) = t
        .zuzhi
        .upload("/api/v1/people/import", "edited.xlsx", &book_of(&rows))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["imported"], 4, "{v}");
    let zhao = person_named(&t.admin, "赵一").await;
    assert_eq!(zhao["phone"], "13900000099");
    assert_eq!(person_named(&t.admin, "钱二").await["node_id"], t.g2);
    assert_eq!(person_named(&t.admin, "周新").await["node_id"], t.g1);
    let (_, v) = t.admin.get_json("/api/v1/people?per_page=50").await;
    assert_eq!(v["total"], 5, "four in the district, one outside: {v}");
    let (_, v) = t
        .admin
        .get_json("/api/v1/audit?action=update&record_type=person")
        .await;
    assert_eq!(v["total"], 2, "each changed person is audited: {v}");
    let e = &v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["record_id"] == zhao["id"].as_i64().unwrap().to_string())
        .unwrap_or_else(|| panic!("{v}"))["after"];
    assert_eq!(e["phone"], "139****0099", "the audit keeps numbers masked");
}

#[tokio::test]
async fn masked_numbers_and_people_out_of_reach_are_cell_errors_and_nothing_is_written() {
    let app = spawn().await;
    let t = ledger(&app).await;
    // The plain export masks the numbers; read back, every masked cell is named.
    let (_, bytes) = t.zuzhi.get_bytes("/api/v1/people/export.xlsx").await;
    let mut rows = rows_of(&bytes);
    let (s, v) = t
        .zuzhi
        .upload("/api/v1/people/import", "masked.xlsx", &book_of(&rows))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let cells = v["error"]["cells"].as_array().unwrap();
    assert_eq!(
        cells.len(),
        6,
        "a number and a phone in each of three rows: {v}"
    );
    for c in cells {
        let msg = c["message"].as_str().unwrap();
        assert!(msg.contains("完整号码"), "{c}");
        assert!(c["value"].as_str().unwrap().contains('*'), "{c}");
    }
    assert_eq!(
        cells.iter().filter(|c| c["column"] == "身份证号").count(),
        3,
        "{v}"
    );

    // A full export with one row naming someone of another district: refused on that cell,
    // and the good rows are not written either.
    let (_, bytes) = t
        .zuzhi
        .get_bytes("/api/v1/people/export.xlsx?reveal=true")
        .await;
    rows = rows_of(&bytes);
    let (phone, number) = (col(&rows, "手机号码"), col(&rows, "身份证号"));
    let r = row_named(&rows, "赵一");
    rows[r][phone] = "13700000001".into();
    let r = row_named(&rows, "孙三");
    rows[r][number] = t.outside.clone();
    let birth = col(&rows, "出生日期");
    rows[r][birth] = "1981-07-08".into();
    let (s, v) = t
        .zuzhi
        .upload("/api/v1/people/import", "reach.xlsx", &book_of(&rows))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let cells = v["error"]["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 1, "{v}");
    assert_eq!(cells[0]["column"], "身份证号");
    assert_eq!(cells[0]["row"], r as u64 + 1, "{v}");
    assert_eq!(person_named(&t.admin, "赵一").await["phone"], "13800000011");
    assert_eq!(person_named(&t.admin, "李外").await["name"], "李外");
    let (_, v) = t
        .admin
        .get_json("/api/v1/audit?action=update&record_type=person")
        .await;
    assert_eq!(v["total"], 0, "{v}");
    let _ = t.g1;
}

//! Activity records back-filled from a spreadsheet: the template with its dropdowns, a good
//! file taken whole (应到 from the roster of the day, late for a closed month, compliance
//! following, one audit entry), a file with bad cells refused with each named in Chinese
//! and nothing written, an organization of a sibling subtree unknown, a service centre
//! named by the organizations that may use it, and files too large or no workbook at all
//! answered with a clear error.

use crate::common::*;
use reqwest::StatusCode;
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};

const IMPORT: &str = "/api/v1/activities/import";
const TEMPLATE: &str = "/api/v1/activities/import-template.xlsx";

const HEADER: [&str; 9] = [
    "组织",
    "活动类型",
    "日期",
    "时间",
    "地点",
    "主题",
    "主持人",
    "实到人数",
    "请假人数",
];

/// A workbook of one sheet: the header, then `rows`, every cell as text.
fn book(rows: &[Vec<&str>]) -> Vec<u8> {
    book_with(&HEADER, rows)
}

/// [`book`] with the header `header`.
fn book_with(header: &[&str], rows: &[Vec<&str>]) -> Vec<u8> {
    let mut b = Workbook::new();
    let ws = b.add_worksheet();
    ws.set_name("活动记录").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
            }
        }
    }
    b.save_to_buffer().unwrap()
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

fn message(v: &Value, row: u64, column: &str) -> String {
    cells(v)
        .into_iter()
        .find(|c| c.0 == row && c.1 == column)
        .unwrap_or_else(|| panic!("row {row}, {column} in {v}"))
        .2
}

async fn member(s: &Session, node: i64, name: &str, seq: u32) {
    let mut body = person(node, name, date(1980, 1, 1), seq);
    body["status"] = json!("full");
    body["full_on"] = json!("2001-07-01");
    let (st, v) = s.post("/api/v1/people", body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
}

async fn activities(s: &Session, node: i64) -> Value {
    let (st, v) = s
        .get_json(&format!("/api/v1/activities?under={node}&per_page=50"))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v
}

#[tokio::test]
async fn a_year_of_activities_is_imported_whole_or_not_at_all() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let branch = admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    admin
        .create_node(Some(t.b), "乙园区第一党支部", "party_branch")
        .await;
    member(&admin, branch, "老党员", 1).await;
    member(&admin, branch, "新党员", 2).await;
    let alice = app.login("alice", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;

    // The template lists the caller's organizations and the types.
    let (st, bytes) = alice.get_bytes(TEMPLATE).await;
    assert_eq!(st, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));
    let (st, _) = reader.get_bytes(TEMPLATE).await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // Bad cells: each named by row and column, in Chinese; nothing written.
    let bad = book(&[
        vec![
            "甲园区/甲园区第一党支部",
            "跳舞",
            "2025-03-10",
            "09:30",
            "",
            "学习",
            "",
            "2",
            "",
        ],
        vec![
            "甲园区第一党支部",
            "主题党日",
            "2025-13-01",
            "上午",
            "",
            "",
            "",
            "三",
            "",
        ],
        vec![
            "甲园区第一党支部",
            "主题党日",
            "2025-04-10",
            "09:30",
            "",
            "学习",
            "",
            "2",
            "1",
        ],
        vec![
            "甲园区第一党支部",
            "主题党日",
            "2099-01-01",
            "09:30",
            "",
            "学习",
            "",
            "1",
            "",
        ],
    ]);
    let (st, v) = alice.upload(IMPORT, "活动.xlsx", &bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["code"], "import_invalid", "{v}");
    assert_eq!(message(&v, 2, "活动类型"), "不是可选的值", "{v}");
    assert_eq!(message(&v, 3, "日期"), "日期格式应为 YYYY-MM-DD", "{v}");
    assert_eq!(message(&v, 3, "时间"), "时间格式应为 09:30", "{v}");
    assert_eq!(message(&v, 3, "主题"), "必填", "{v}");
    assert_eq!(message(&v, 3, "实到人数"), "须为整数", "{v}");
    assert!(
        message(&v, 4, "实到人数").contains("应到人数（2人）"),
        "{v}"
    );
    assert!(!message(&v, 5, "日期").is_empty(), "{v}");
    assert_eq!(cells(&v).len(), 7, "{v}");
    assert!(v["error"]["report"]
        .as_str()
        .unwrap()
        .starts_with("/api/v1/import-reports/"));
    assert_eq!(activities(&alice, branch).await["total"], 0);

    // Another park's branch is unknown, as if it did not exist.
    let outside = book(&[
        vec![
            "甲园区第一党支部",
            "主题党日",
            "2025-03-10",
            "09:30",
            "",
            "学习",
            "",
            "2",
            "",
        ],
        vec![
            "乙园区/乙园区第一党支部",
            "主题党日",
            "2025-03-10",
            "09:30",
            "",
            "学习",
            "",
            "1",
            "",
        ],
    ]);
    let (st, v) = alice.upload(IMPORT, "活动.xlsx", &outside).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        cells(&v),
        vec![(
            3,
            "组织".to_string(),
            "组织不存在或不在您的管辖范围内".to_string()
        )],
        "{v}"
    );
    assert_eq!(activities(&alice, branch).await["total"], 0);

    // A good file: taken whole, 应到 from the roster, late for a closed month.
    let good = book(&[
        vec![
            "甲园区/甲园区第一党支部",
            "主题党日",
            "2025-03-10",
            "09:30",
            "党员活动室",
            "学习党章",
            "张书记",
            "2",
            "",
        ],
        vec![
            "甲园区第一党支部",
            "支部党员大会、党课",
            "2025/6/20",
            "14:00",
            "",
            "专题党课",
            "",
            "1",
            "1",
        ],
    ]);
    let (st, v) = reader.upload(IMPORT, "活动.xlsx", &good).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{v}");
    let (st, v) = alice.upload(IMPORT, "活动.xlsx", &good).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["imported"], 2, "{v}");
    let list = activities(&alice, branch).await;
    assert_eq!(list["total"], 2, "{list}");
    let lecture = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["topic"] == "专题党课")
        .unwrap_or_else(|| panic!("{list}"));
    assert_eq!(lecture["held_at"], "2025-06-20 14:00", "{lecture}");
    assert_eq!(
        lecture["types"],
        json!(["branch_congress", "party_lecture"]),
        "{lecture}"
    );
    assert_eq!(
        (
            &lecture["expected"],
            &lecture["present"],
            &lecture["on_leave"],
            &lecture["absent"],
            &lecture["late"]
        ),
        (&json!(2), &json!(1), &json!(1), &json!(0), &json!(true)),
        "{lecture}"
    );
    // Compliance follows: the quarter's members' meeting and lecture are held.
    let (_, c) = alice
        .get_json(&format!("/api/v1/compliance?under={branch}&on=2025-06-30"))
        .await;
    for ty in ["branch_congress", "party_lecture"] {
        let o = c["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["activity_type"] == ty)
            .unwrap_or_else(|| panic!("{ty} in {c}"));
        assert_eq!(o["met"], 1, "{ty}: {o}");
    }
    // One audit entry for the file.
    let (_, log) = admin
        .get_json("/api/v1/audit?record_type=cadence_activity&action=import")
        .await;
    assert_eq!(log["total"], 1, "{log}");
}

#[tokio::test]
async fn a_file_too_large_or_no_workbook_is_refused_plainly() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;

    let (st, v) = alice
        .upload(IMPORT, "活动.xlsx", b"this is not a workbook")
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(
        v["error"]["fields"]["file"]
            .as_str()
            .unwrap_or("")
            .contains("无法读取"),
        "{v}"
    );
    let row = vec![
        "甲园区第一党支部",
        "主题党日",
        "2025-03-10",
        "09:30",
        "",
        "学习",
        "",
        "0",
        "",
    ];
    let many = book(&vec![row; 5_001]);
    let (st, v) = alice.upload(IMPORT, "活动.xlsx", &many).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(
        v["error"]["fields"]["file"]
            .as_str()
            .unwrap_or("")
            .contains("5000"),
        "{v}"
    );

    // The page: the form for one who records, the result shown on it.
    let html = alice.get("/activities/import").await.text().await.unwrap();
    assert!(html.contains("activity-upload"), "{html}");
    assert!(html.contains(TEMPLATE), "{html}");
    let html = reader.get("/activities/import").await.text().await.unwrap();
    assert!(!html.contains("activity-upload"), "{html}");
    let list = alice.get("/activities").await.text().await.unwrap();
    assert!(list.contains("href=\"/activities/import\""), "{list}");
}

#[tokio::test]
async fn a_row_names_a_centre_its_organization_may_use() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let branch = admin
        .create_node(Some(t.a1), "甲一第一党支部", "party_branch")
        .await;
    member(&admin, branch, "老党员", 1).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    crate::cadence_centre::new_centre(&alice, t.a, "甲园区党群服务中心").await;
    crate::cadence_centre::new_centre(&bob, t.b, "乙园区党群服务中心").await;

    // The template's choices hold the park's centre, not the sibling park's.
    let (st, bytes) = alice.get_bytes(TEMPLATE).await;
    assert_eq!(st, StatusCode::OK);
    let mut wb: calamine::Xlsx<_> =
        calamine::Reader::new(std::io::Cursor::new(bytes)).expect("a workbook");
    let choices = calamine::Reader::worksheet_range(&mut wb, "选项").expect("the choices");
    let names: Vec<String> = choices.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(names.iter().any(|n| n == "甲园区党群服务中心"), "{names:?}");
    assert!(
        !names.iter().any(|n| n == "乙园区党群服务中心"),
        "{names:?}"
    );

    let mut header = HEADER.to_vec();
    header.insert(5, "党群服务中心（站）");
    let row = |centre: &'static str, topic: &'static str| {
        vec![
            "甲一第一党支部",
            "主题党日",
            "2025-03-10",
            "09:30",
            "",
            centre,
            topic,
            "",
            "1",
            "",
        ]
    };
    // The sibling park's centre, and one that does not exist: each named; nothing written.
    let bad = book_with(
        &header,
        &[
            row("甲园区党群服务中心", "学习党章"),
            row("乙园区党群服务中心", "书记沙龙"),
            row("丙园区党群服务中心", "书记沙龙"),
        ],
    );
    let (st, v) = alice.upload(IMPORT, "活动.xlsx", &bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let out_of_reach = "只能选择本组织、上级组织或下级组织承建的党群服务中心（站）";
    assert_eq!(
        cells(&v),
        vec![
            (
                3,
                "党群服务中心（站）".to_string(),
                out_of_reach.to_string()
            ),
            (
                4,
                "党群服务中心（站）".to_string(),
                out_of_reach.to_string()
            ),
        ],
        "{v}"
    );
    assert_eq!(activities(&alice, branch).await["total"], 0);

    // The park's centre: taken, and shown on the record.
    let good = book_with(&header, &[row("甲园区党群服务中心", "学习党章")]);
    let (st, v) = alice.upload(IMPORT, "活动.xlsx", &good).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let list = activities(&alice, branch).await;
    assert_eq!(
        list["items"][0]["centre_name"], "甲园区党群服务中心",
        "{list}"
    );
}

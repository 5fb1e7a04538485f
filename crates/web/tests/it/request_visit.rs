//! Visits (走访) whose problems become requests, enterprise orders (企业下单) and the 12345
//! hotline's batch files over HTTP: what is written, who sees it (sibling parks never see
//! each other's), the pages, and the all-or-nothing import with its cell-by-cell report.

use crate::common::*;
use calamine::{Reader, Xlsx};
use reqwest::StatusCode;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::io::Cursor;

const FIRM: &str = "潍坊润丰化工股份有限公司";

fn fields(v: &Value) -> BTreeSet<String> {
    v["error"]["fields"]
        .as_object()
        .unwrap_or_else(|| panic!("fields: {v}"))
        .keys()
        .cloned()
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn enterprise_visit(node: i64, visitor: Option<i64>) -> Value {
    json!({
        "node_id": node,
        "visited_on": today().to_string(),
        "visitor_person_id": visitor,
        "contact_name": "刘经理",
        "contact_phone": "13912345678",
        "notes": "了解企业生产经营和党建工作情况",
        "problems": [
            {"category": "enterprise", "description": "用工招聘难，希望对接招聘会"},
            {"category": "municipal", "description": "厂区门口路灯损坏两周",
             "contact_name": "王会计", "contact_phone": "0536-8234567", "urgency": "urgent"},
        ],
    })
}

#[tokio::test]
async fn a_visit_turns_its_problems_into_requests_within_scope() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let admin = app.admin().await;
    let firm = admin.create_node(Some(sib.a), FIRM, "enterprise").await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;
    let instructor = alice.new_person(sib.a, "李指导员", 1).await;
    // 党建工作指导员 assigned to the enterprise.
    let post = json!({"person_id": instructor, "post_code": "instructor", "node_id": firm,
                      "start_on": "2025-01-01"});
    let (st, v) = alice.post("/api/v1/posts", post).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");

    // Two problems, two requests linked to the visit, received at once.
    let (st, v) = alice
        .post("/api/v1/visits", enterprise_visit(firm, Some(instructor)))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let visit = v["visit"]["id"].as_i64().unwrap();
    assert_eq!(v["visit"]["kind"], "enterprise");
    assert_eq!(v["visit"]["problems"], 2);
    assert_eq!(v["visit"]["visitor_name"], "李指导员");
    assert_eq!(v["visit"]["visitor_person_id"], instructor);
    assert_eq!(v["visit"]["recorded_by"], "alice");
    let requests = v["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 2, "{v}");
    for r in requests {
        assert_eq!(r["channel"], "visit");
        assert_eq!(r["visit_id"], visit);
        assert_eq!(r["node_id"], firm);
        assert_eq!(r["enterprise_name"], FIRM);
        assert_eq!(r["state"], "received");
    }
    assert_eq!(requests[0]["category"], "enterprise");
    assert_eq!(requests[0]["contact_name"], "刘经理", "the visit's contact");
    assert_eq!(requests[1]["contact_phone"], "0536-8234567", "its own");
    assert_eq!(requests[1]["urgency"], "urgent");
    let (st, again) = alice.get_json(&format!("/api/v1/visits/{visit}")).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(again["requests"], v["requests"]);
    let (_, audit) = admin
        .get_json("/api/v1/audit?record_type=visit&action=create")
        .await;
    assert_eq!(audit["total"], 1, "{audit}");

    // A household: its grid and a description; a visit may find nothing.
    let household = json!({"node_id": sib.a1, "visited_on": today().to_string(),
                           "notes": "走访独居老人", "problems": []});
    let (st, v) = alice.post("/api/v1/visits", household.clone()).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), set(&["household"]));
    let mut household = household;
    household["household"] = json!("滨城绿洲 3 号楼 2 单元 501 王大爷家");
    let (st, v) = alice.post("/api/v1/visits", household).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["visit"]["kind"], "household");
    assert_eq!(
        v["visit"]["visitor_name"], "alice",
        "the signed-in user went"
    );
    assert_eq!(v["requests"], json!([]));

    // Every bad field at once, problems by index; nothing written.
    let bad = json!({
        "node_id": firm,
        "visited_on": (today() + chrono::Duration::days(1)).to_string(),
        "problems": [
            {"category": "weather", "description": "短"},
            {"category": "enterprise", "description": "厂房屋顶漏雨需要协调维修",
             "contact_name": "张", "contact_phone": "12"},
        ],
    });
    let (st, v) = alice.post("/api/v1/visits", bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        fields(&v),
        set(&[
            "contact_name",
            "contact_phone",
            "problems.0.category",
            "problems.0.description",
            "problems.1.contact_phone",
            "visited_on",
        ])
    );
    assert!(
        v["error"]["fields"]["problems.1.contact_phone"]
            .as_str()
            .unwrap()
            .contains("区号"),
        "{v}"
    );
    let (_, list) = alice.get_json("/api/v1/visits").await;
    assert_eq!(list["total"], 2);
    let (_, list) = alice.get_json("/api/v1/visits?kind=enterprise").await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["node_name"], FIRM);

    // The sibling park sees none of it and cannot add to it; the reader sees but cannot add.
    let (st, list) = bob.get_json("/api/v1/visits").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(list["total"], 0, "{list}");
    let (st, _) = bob.get_json(&format!("/api/v1/visits/{visit}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob
        .get_json(&format!("/api/v1/visits?under={}", sib.a))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, v) = bob
        .post("/api/v1/visits", enterprise_visit(firm, None))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), set(&["node_id"]));
    let bobs = bob.new_person(sib.b, "乙园区指导员", 3).await;
    let (st, v) = alice
        .post("/api/v1/visits", enterprise_visit(firm, Some(bobs)))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), set(&["visitor_person_id"]));
    let (_, list) = reader.get_json("/api/v1/visits").await;
    assert_eq!(list["total"], 2);
    let (st, v) = reader.get_json(&format!("/api/v1/visits/{visit}")).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["requests"].as_array().unwrap().len(), 2);
    assert_eq!(
        v["requests"][0]["contact_phone"], "139****5678",
        "contacts masked for non-dispatchers"
    );
    let (st, _) = reader
        .post("/api/v1/visits", enterprise_visit(firm, None))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (_, list) = alice.get_json("/api/v1/visits").await;
    assert_eq!(list["total"], 2, "refused visits wrote nothing");

    // The pages.
    let html = alice.get("/visits").await.text().await.unwrap();
    assert!(html.contains(FIRM) && html.contains("王大爷家"), "{html}");
    let html = alice
        .get(&format!("/visits/{visit}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("用工招聘难") && html.contains("已受理待派单"));
    assert!(html.contains("企业服务"), "category names");
    let r = bob.get(&format!("/visits/{visit}")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let html = alice
        .get(&format!("/visits/new?node_id={firm}"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(html.matches("data-testid=\"problem-row\"").count(), 2);
    assert!(
        html.contains("李指导员（甲园区）"),
        "the instructors to pick"
    );
    let r = reader.get("/visits/new").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let html = alice.get("/visits/new/problem").await.text().await.unwrap();
    assert!(html.contains("name=\"p_category\""), "{html}");

    // Without script "add a problem" submits the form, which comes back with a row more.
    let day = today().to_string();
    let firm_id = firm.to_string();
    let base = [
        ("node_id", firm_id.as_str()),
        ("visited_on", day.as_str()),
        ("visitor_person_id", ""),
        ("visitor_name", ""),
        ("household", ""),
        ("contact_name", "刘经理"),
        ("contact_phone", "13912345678"),
        ("notes", ""),
    ];
    let row = |c: &'static str, d: &'static str| {
        [
            ("p_category", c),
            ("p_urgency", "normal"),
            ("p_description", d),
            ("p_address", ""),
            ("p_contact_name", ""),
            ("p_contact_phone", ""),
        ]
    };
    let mut form: Vec<(&str, &str)> = base.to_vec();
    form.extend(row("environment", "厂区外排水沟堵塞，雨天积水"));
    form.extend(row("", ""));
    let mut add = form.clone();
    add.push(("add_row", "1"));
    let r = alice.form("/visits", &add).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert_eq!(html.matches("data-testid=\"problem-row\"").count(), 2);
    assert!(html.contains("厂区外排水沟堵塞"));
    // A bad row comes back with its message beside it.
    let mut bad = base.to_vec();
    bad.extend(row("environment", "短"));
    let r = alice.form("/visits", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("至少 5 个字"));
    let r = alice.form("/visits", &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/visits/"), "{to}");
    let id: i64 = to[8..].split('?').next().unwrap().parse().unwrap();
    let (_, v) = alice.get_json(&format!("/api/v1/visits/{id}")).await;
    assert_eq!(v["visit"]["problems"], 1, "the blank row is dropped: {v}");
    assert_eq!(v["requests"][0]["category"], "environment");
}

#[tokio::test]
async fn enterprise_orders_are_placed_for_enterprise_nodes() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let admin = app.admin().await;
    let firm = admin.create_node(Some(sib.a), FIRM, "enterprise").await;
    let alice = app.login("alice", PASSWORD).await;
    let order = json!({"category": "enterprise", "description": "希望协调办理环评手续",
                       "contact_name": "刘经理", "contact_phone": "13912345678",
                       "urgency": "urgent"});
    let (st, r) = alice
        .post(&format!("/api/v1/enterprises/{firm}/orders"), order.clone())
        .await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    assert_eq!(r["channel"], "enterprise");
    assert_eq!(r["node_id"], firm);
    assert_eq!(r["enterprise_name"], FIRM);
    assert_eq!(r["state"], "received");
    assert_eq!(r["urgency"], "urgent");
    assert_eq!(
        r["contact_phone"], "13912345678",
        "in full for the dispatcher"
    );

    let (st, v) = alice
        .post(
            &format!("/api/v1/enterprises/{}/orders", sib.a1),
            order.clone(),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(fields(&v), set(&["node_id"]));
    let (st, v) = alice
        .post(
            &format!("/api/v1/enterprises/{firm}/orders"),
            json!({"category": "enterprise"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        fields(&v),
        set(&["contact_name", "contact_phone", "description"])
    );
    let bob = app.login("bob", PASSWORD).await;
    let (st, _) = bob
        .post(&format!("/api/v1/enterprises/{firm}/orders"), order.clone())
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let reader = app.login("reader", PASSWORD).await;
    let (st, _) = reader
        .post(&format!("/api/v1/enterprises/{firm}/orders"), order)
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
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

/// One cell of an upload: a text, or a call time held as an Excel date-time.
enum V {
    T(String),
    When(f64),
}

fn t(s: &str) -> V {
    V::T(s.to_string())
}

/// An upload with the template's header and each row given as (header, value) pairs.
fn sheet_file(header: &[String], rows: &[Vec<(&str, V)>]) -> Vec<u8> {
    let col = |key: &str| {
        header
            .iter()
            .position(|h| h.trim_start_matches('*') == key)
            .unwrap_or_else(|| panic!("no column {key}: {header:?}"))
    };
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("12345工单").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (key, value) in row {
            let (r, c) = (r as u32 + 1, col(key) as u16);
            match value {
                V::T(s) => ws.write_string(r, c, s).map(|_| ()).unwrap(),
                V::When(f) => ws
                    .write_number_with_format(r, c, *f, &when)
                    .map(|_| ())
                    .unwrap(),
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn order(no: &str, at: V, category: &str, node: &str, text: &str) -> Vec<(&'static str, V)> {
    vec![
        ("工单编号", t(no)),
        ("来电时间", at),
        ("诉求类别", t(category)),
        ("所在位置", t(node)),
        ("诉求内容", t(text)),
        ("联系人", t("王先生")),
        ("联系电话", t("13812345678")),
    ]
}

#[tokio::test]
async fn hotline_files_import_whole_or_not_at_all() {
    let app = spawn().await;
    let sib = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;

    let (st, bytes) = alice
        .get_bytes("/api/v1/requests/import-template.xlsx")
        .await;
    assert_eq!(st, StatusCode::OK);
    let (name, rows) = sheet_rows(&bytes);
    assert_eq!(name, "12345工单");
    let header = rows[0].clone();
    for h in [
        "*工单编号",
        "*来电时间",
        "*诉求类别",
        "*所在位置",
        "详细地址",
        "*诉求内容",
        "*联系人",
        "*联系电话",
        "紧急程度",
    ] {
        assert!(header.contains(&h.to_string()), "{h}: {header:?}");
    }
    let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(
        wb.sheet_names().len(),
        2,
        "dropdown lists on a second sheet"
    );

    // A bad file: every bad cell reported, nothing written.
    let mut urgent = order(
        "WF-20260303-0007",
        t("2026-03-03 08:15"),
        "市政设施",
        "甲一网格",
        "路面塌陷需尽快处理",
    );
    urgent.push(("紧急程度", t("十万火急")));
    let mut no_phone = order(
        "WF-20260303-0008",
        t("2026-03-03 08:20"),
        "市政设施",
        "甲一网格",
        "井盖缺失存在安全隐患",
    );
    no_phone.retain(|(k, _)| *k != "联系电话");
    let bad = sheet_file(
        &header,
        &[
            order(
                "WF-20260303-0001",
                t("2026-03-03 09:30"),
                "市政设施",
                "甲一网格",
                "小区路灯不亮已一周",
            ),
            order(
                "WF-20260303-0001",
                t("2026-03-03 09:40"),
                "环境卫生",
                "甲一网格",
                "垃圾清运不及时",
            ),
            order(
                "12",
                t("2026-03-03 10:00"),
                "天气",
                "乙一网格",
                "楼道堆物影响通行",
            ),
            order(
                "WF-20260303-0004",
                t("2026-03-03"),
                "治安消防",
                "火星网格",
                "短",
            ),
            order(
                "WF-20260303-0005",
                t("2099-01-01 08:00"),
                "other",
                "甲园区",
                "噪音扰民问题反映",
            ),
            urgent,
            no_phone,
        ],
    );
    let (st, v) = alice
        .upload("/api/v1/requests/import", "12345.xlsx", &bad)
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["code"], "import_invalid");
    let cells = v["error"]["cells"].as_array().unwrap();
    let got: BTreeSet<(u64, String)> = cells
        .iter()
        .map(|c| {
            assert_eq!(c["sheet"], "12345工单", "{c}");
            assert!(!c["message"].as_str().unwrap().is_empty(), "{c}");
            (
                c["row"].as_u64().unwrap(),
                c["column"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: BTreeSet<(u64, String)> = [
        (3, "工单编号"),
        (4, "工单编号"),
        (4, "诉求类别"),
        (4, "所在位置"),
        (5, "来电时间"),
        (5, "所在位置"),
        (5, "诉求内容"),
        (6, "来电时间"),
        (7, "紧急程度"),
        (8, "联系电话"),
    ]
    .into_iter()
    .map(|(r, c)| (r, c.to_string()))
    .collect();
    assert_eq!(got, want, "{v}");
    let cell = |r: u64, c: &str| {
        cells
            .iter()
            .find(|x| x["row"] == r && x["column"] == c)
            .unwrap()
            .clone()
    };
    assert!(cell(3, "工单编号")["message"]
        .as_str()
        .unwrap()
        .contains("第 2 行"));
    assert_eq!(cell(4, "所在位置")["value"], "乙一网格");
    assert!(cell(5, "来电时间")["message"]
        .as_str()
        .unwrap()
        .contains("时刻"));
    let report = v["error"]["report"].as_str().unwrap();
    let (st, marked) = alice.get_bytes(report).await;
    assert_eq!(st, StatusCode::OK);
    let (_, marked_rows) = sheet_rows(&marked);
    assert!(
        marked_rows[2].last().unwrap().contains("第 2 行"),
        "{marked_rows:?}"
    );
    let (_, audit) = admin
        .get_json("/api/v1/audit?action=import&record_type=service_request")
        .await;
    assert_eq!(audit["total"], 0, "nothing written: {audit}");

    // A good file: locations by name or path, categories by name, code or English name,
    // call times typed or held as date-times.
    let mut critical = order(
        "WF-20260303-0003",
        // 2026-03-03 14:45 as an Excel serial date-time.
        V::When(46084.0 + 14.75 / 24.0),
        "Public safety and fire",
        "甲园区/甲一网格",
        "电动车楼道充电存在火灾隐患",
    );
    critical.push(("紧急程度", t("特急")));
    critical.push(("详细地址", t("滨城绿洲 5 号楼")));
    let good = sheet_file(
        &header,
        &[
            order(
                "WF-20260303-0001",
                t("2026-03-03 09:30"),
                "市政设施",
                "甲一网格",
                "小区路灯不亮已一周",
            ),
            order(
                "WF-20260303-0002",
                t("2026/3/3 9:40:10"),
                "environment",
                "甲园区",
                "垃圾清运不及时，气味很大",
            ),
            critical,
        ],
    );
    let (st, v) = alice
        .upload("/api/v1/requests/import", "12345.xlsx", &good)
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["imported"], 3);
    let (_, audit) = admin
        .get_json("/api/v1/audit?action=import&record_type=service_request")
        .await;
    assert_eq!(audit["total"], 1, "one entry for the file: {audit}");
    assert!(audit.to_string().contains("12345.xlsx"), "{audit}");

    // The requests keep their hotline numbers and call times, and are received.
    let (st, list) = alice
        .get_json("/api/v1/requests?channel=hotline&per_page=50")
        .await;
    assert_eq!(st, StatusCode::OK, "{list}");
    assert_eq!(list["total"], 3, "{list}");
    let by_no = |no: &str| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["hotline_no"] == no)
            .unwrap_or_else(|| panic!("{no}: {list}"))
            .clone()
    };
    let beijing = |s: &str| {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
            .unwrap()
            .and_utc()
            .timestamp_millis()
            - 8 * 3600 * 1000
    };
    let first = by_no("WF-20260303-0001");
    assert_eq!(first["created_at"], beijing("2026-03-03 09:30:00"));
    assert_eq!(first["state"], "received");
    assert_eq!(first["category"], "municipal");
    assert_eq!(first["node_id"], sib.a1);
    assert_eq!(
        by_no("WF-20260303-0002")["created_at"],
        beijing("2026-03-03 09:40:10")
    );
    assert_eq!(by_no("WF-20260303-0002")["node_id"], sib.a);
    let third = by_no("WF-20260303-0003");
    assert_eq!(third["created_at"], beijing("2026-03-03 14:45:00"));
    assert_eq!(third["category"], "safety");
    assert_eq!(third["urgency"], "critical");
    assert_eq!(third["address"], "滨城绿洲 5 号楼");
    assert!(third["received_at"].as_i64().unwrap() > third["created_at"].as_i64().unwrap());

    // The same file again is refused: its numbers are recorded now.
    let (st, v) = alice
        .upload("/api/v1/requests/import", "12345.xlsx", &good)
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let cells = v["error"]["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 3, "{v}");
    assert!(cells.iter().all(|c| c["column"] == "工单编号"), "{v}");
    let (_, list) = alice.get_json("/api/v1/requests?channel=hotline").await;
    assert_eq!(list["total"], 3);

    // The sibling park cannot place orders in A; the reader may not import at all.
    let bob = app.login("bob", PASSWORD).await;
    let other = sheet_file(
        &header,
        &[order(
            "WF-20260303-0100",
            t("2026-03-03 11:00"),
            "市政设施",
            "甲一网格",
            "小区路灯不亮已一周",
        )],
    );
    let (st, v) = bob
        .upload("/api/v1/requests/import", "12345.xlsx", &other)
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["cells"][0]["column"], "所在位置");
    let (st, _) = reader
        .upload("/api/v1/requests/import", "12345.xlsx", &other)
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // The page.
    let html = alice.get("/requests/import").await.text().await.unwrap();
    assert!(html.contains("hotline-upload"), "{html}");
    let html = reader.get("/requests/import").await.text().await.unwrap();
    assert!(!html.contains("hotline-upload"));
}

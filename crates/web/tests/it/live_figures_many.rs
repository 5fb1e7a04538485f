//! Every live figure read for many nodes at once equals the figure read for each node alone:
//! nested subtrees, a node asked twice, an empty node, over spans of days inside, across and
//! outside the records made.

use crate::common::*;
use chrono::NaiveDate;
use reqwest::StatusCode;
use serde_json::json;
use touyan_storage::kit::area::{FigureManyQuery, FigureQuery};

async fn enterprise(s: &Session, parent: i64, name: &str, code: &str) -> i64 {
    let body = json!({"credit_code": credit_code(code), "industry": "C", "size": "small",
                      "employees": 40, "founded_on": "2015-03-01"});
    s.new_enterprise(parent, name, body).await
}

/// Records for every area offering figures, in both parks.
async fn records(app: &TestApp, t: &Siblings) -> (i64, i64, i64, i64) {
    let admin = app.admin().await;
    let c1 = admin
        .create_node(Some(t.a), "甲园区第一党委", "party_committee")
        .await;
    admin
        .create_node(Some(t.a), "甲园区第二党委", "party_committee")
        .await;
    admin
        .create_node(Some(t.b), "乙园区党委", "party_committee")
        .await;
    let (st, v) = admin
        .post(
            "/api/v1/activities",
            json!({"node_id": c1, "types": ["party_committee_meeting"],
                   "held_at": "2025-05-10 09:00", "topic": "研究党建工作"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    // Enterprises, one with a branch of its own, and an instructor sent to it.
    let e1 = enterprise(&admin, t.a1, "甲一新材料有限公司", "91350100000000001").await;
    let e2 = enterprise(&admin, t.b1, "乙一制造有限公司", "91350100000000002").await;
    enterprise(&admin, t.a, "甲园区服务有限公司", "91350100000000003").await;
    admin
        .create_node(Some(e1), "甲一新材料有限公司党支部", "party_branch")
        .await;
    let instructor = admin.new_person(t.a, "指导员甲", 20).await;
    let (st, v) = admin
        .post(
            &format!("/api/v1/enterprises/{e1}/instructors"),
            json!({"id": instructor}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    // People recruited in May.
    for (node, seq) in [(t.a1, 30), (e1, 31), (t.b1, 32)] {
        let p = admin.new_person(node, &format!("积极分子{seq}"), seq).await;
        app.exec(&format!(
            "UPDATE person SET probation_on = '2025-05-0{}' WHERE id = {p}",
            seq - 29
        ))
        .await;
    }
    // Visits today, requests closed in May.
    for node in [e1, e2, e1] {
        let visit = json!({"node_id": node, "visited_on": today().to_string(),
                           "contact_name": "刘经理", "contact_phone": "13912345678",
                           "notes": "了解企业党建工作情况", "problems": []});
        let (st, v) = admin.post("/api/v1/visits", visit).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }
    let closed = NaiveDate::from_ymd_opt(2025, 5, 12)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    for node in [t.a1, t.b1, e1] {
        let body = json!({"channel": "window", "category": "environment", "node_id": node,
                          "address": "甲园区 3 号楼", "description": "小区门口垃圾堆积",
                          "contact_name": "张三", "contact_phone": "13812345678"});
        let (st, v) = admin.post("/api/v1/requests", body).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        let id = v["id"].as_i64().unwrap();
        app.exec(&format!(
            "UPDATE service_request SET state = 'closed', closed_at = {closed} WHERE id = {id}"
        ))
        .await;
    }
    // Tasks due in May, from the park and from the district.
    for (from, to) in [(t.a, vec![t.a1, c1]), (t.district, vec![t.a, t.b])] {
        let (st, d) = admin
            .post(
                "/api/v1/tasks",
                json!({"node_id": from, "title": "报送党员发展计划",
                       "due_at": "2099-12-31 17:30", "recipients": to}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{d}");
        let id = d["task"]["id"].as_i64().unwrap();
        app.exec(&format!(
            "UPDATE task SET due_at = '2025-05-20 18:00:00' WHERE id = {id}"
        ))
        .await;
    }
    (c1, e1, e2, instructor)
}

#[tokio::test]
async fn every_figure_read_for_many_nodes_equals_each_node_read_alone() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let (c1, e1, e2, _) = records(&app, &t).await;
    let admin = app.admin().await;
    let empty = admin.create_node(Some(t.b), "乙二网格", "grid").await;
    let a2 = admin.create_node(Some(t.a), "甲二网格", "grid").await;
    // Nested under one node; a few separate subtrees; more separate subtrees than are read
    // one by one.
    let lists = [
        vec![t.district, t.a, t.a1, c1, e1, t.b, t.b1, e2, empty, t.a],
        vec![t.a1, e1, t.b1, e2, empty],
        vec![t.a1, a2, t.b1, empty, c1, e2],
    ];
    let mut all_paths = Vec::new();
    for nodes in lists {
        let mut paths = Vec::new();
        for n in nodes {
            paths.push(app.path_of(n).await);
        }
        all_paths.push(paths);
    }
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let now = today().to_string();
    let spans = [
        ("2025-04-01", "2025-06-30"),
        ("2025-01-01", now.as_str()),
        ("2025-05-01", "2025-05-01"),
        ("2024-01-01", "2024-12-31"),
        ("2025-06-30", "2025-04-01"),
    ];
    let db = app.store().raw_connection();
    let mut keys = 0;
    for f in touyan_storage::figure_keys() {
        keys += 1;
        let mut seen = false;
        for ((from, to), paths) in spans
            .iter()
            .flat_map(|s| all_paths.iter().map(move |p| (*s, p)))
        {
            let q = FigureManyQuery {
                under: paths.clone(),
                from: d(from),
                to: d(to),
            };
            let many = touyan_storage::figures_many(db, f.key, &q)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("{} is offered", f.key));
            assert_eq!(many.len(), paths.len(), "{}", f.key);
            for (p, got) in paths.iter().zip(&many) {
                let one = FigureQuery {
                    under: p.clone(),
                    from: d(from),
                    to: d(to),
                };
                let alone = touyan_storage::figure(db, f.key, &one)
                    .await
                    .unwrap()
                    .unwrap();
                assert_eq!(*got, alone, "{} under {p} from {from} to {to}", f.key);
                seen |= alone.numerator > 0 || alone.denominator.unwrap_or(0) > 0;
            }
        }
        // Every figure counts something here, so that the comparison means something.
        assert!(seen, "{} counts nothing in this case", f.key);
    }
    assert!(keys >= 8, "{keys} figures");
    // No node asked answers nothing.
    let q = FigureManyQuery {
        under: Vec::new(),
        from: d("2025-01-01"),
        to: d("2025-12-31"),
    };
    let none = touyan_storage::figures_many(db, "request.visits", &q)
        .await
        .unwrap();
    assert_eq!(none, Some(Vec::new()));
}

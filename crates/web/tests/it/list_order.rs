//! The record lists as a government user works them: sorted by a column (on the page, over
//! the API and in the export alike, the id breaking ties), an order the list does not offer
//! refused with 400 naming the parameter, and the export of ticked rows holding exactly
//! those the caller may read.

use crate::common::*;
use crate::orgs::xlsx_rows;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn ids(v: &Value) -> Vec<i64> {
    v["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a list: {v}"))
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

/// Where each of `names` first appears in `html`, in the order they appear.
fn order_in<'a>(html: &str, names: &[&'a str]) -> Vec<&'a str> {
    let mut at: Vec<(usize, &str)> = names
        .iter()
        .map(|n| {
            (
                html.find(n).unwrap_or_else(|| panic!("{n} in the page")),
                *n,
            )
        })
        .collect();
    at.sort();
    at.into_iter().map(|(_, n)| n).collect()
}

/// One column of an export's rows (the header row left out).
async fn exported(s: &Session, p: &str, col: usize) -> Vec<String> {
    let (st, bytes) = s.get_bytes(p).await;
    assert_eq!(
        st,
        StatusCode::OK,
        "{p}: {}",
        String::from_utf8_lossy(&bytes)
    );
    xlsx_rows(&bytes)
        .into_iter()
        .skip(1)
        .map(|r| r[col].clone())
        .collect()
}

async fn sql(app: &TestApp, s: &str) {
    use sea_orm::{ConnectionTrait, Statement};
    let conn = app.store().raw_connection();
    conn.execute(Statement::from_string(conn.get_database_backend(), s))
        .await
        .unwrap_or_else(|e| panic!("{s}: {e}"));
}

async fn new_person_born(
    s: &Session,
    node: i64,
    name: &str,
    born: (i32, u32, u32),
    seq: u32,
) -> i64 {
    let body = person(node, name, date(born.0, born.1, born.2), seq);
    let (st, v) = s.post("/api/v1/people", body.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{body}: {v}");
    v["id"].as_i64().unwrap()
}

#[tokio::test]
async fn the_people_list_sorts_by_the_column_asked_for_on_the_page_the_api_and_the_export() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let a = new_person_born(&admin, t.a1, "排序A", (1990, 1, 1), 1).await;
    let b = new_person_born(&admin, t.a1, "排序B", (1970, 1, 1), 2).await;
    let c = new_person_born(&admin, t.a1, "排序C", (1980, 1, 1), 3).await;
    let list = |q: &str| format!("/api/v1/people?under={}&{q}", t.a1);

    let (st, v) = admin.get_json(&list("sort=birth_date")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(ids(&v), [b, c, a], "oldest first");
    let (_, v) = admin.get_json(&list("sort=birth_date&dir=desc")).await;
    assert_eq!(ids(&v), [a, c, b], "youngest first");
    let (_, v) = admin.get_json(&list("sort=name&dir=desc")).await;
    assert_eq!(ids(&v), [c, b, a]);
    // All three are 群众: the id breaks the tie, the same way round as the sort.
    let (_, v) = admin.get_json(&list("sort=status")).await;
    assert_eq!(ids(&v), [a, b, c]);
    let (_, v) = admin.get_json(&list("sort=status&dir=desc")).await;
    assert_eq!(ids(&v), [c, b, a]);
    // Pages of one do not overlap.
    let mut paged = vec![];
    for page in 1..=3 {
        let (_, v) = admin
            .get_json(&list(&format!("sort=status&per_page=1&page={page}")))
            .await;
        paged.extend(ids(&v));
    }
    assert_eq!(paged, [a, b, c]);

    // The page: rows in that order, the heading marked, its link turning the order round, and
    // every other link and form of the list keeping it.
    let html = admin
        .get(&format!(
            "/people?under={}&sort=birth_date&dir=desc&per_page=10",
            t.a1
        ))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        order_in(&html, &["排序A", "排序B", "排序C"]),
        ["排序A", "排序C", "排序B"]
    );
    assert!(
        html.contains("<th class=\"sortable\" aria-sort=\"descending\"><a href=\"/people?under="),
        "{html}"
    );
    assert!(
        html.contains("per_page=10&#38;sort=birth_date&#38;dir=asc\" data-sort=\"birth_date\""),
        "the sorted heading turns it round: {html}"
    );
    assert!(
        html.contains("per_page=10&#38;sort=name&#38;dir=asc\" data-sort=\"name\""),
        "{html}"
    );
    assert_eq!(html.matches("aria-sort=").count(), 1, "{html}");
    assert!(html.contains("/api/v1/people/export.xlsx?under="), "{html}");
    assert!(
        html.contains("sort=birth_date&#38;dir=desc&#38;per_page=10\">"),
        "the export link keeps the order: {html}"
    );
    // The filters' form, the page-size form and the selection form keep it too.
    assert_eq!(
        html.matches("<input type=\"hidden\" name=\"sort\" value=\"birth_date\">")
            .count(),
        3,
        "{html}"
    );
    // The export comes out in the page's order.
    let names = exported(
        &admin,
        &format!(
            "/api/v1/people/export.xlsx?under={}&sort=birth_date&dir=desc",
            t.a1
        ),
        0,
    )
    .await;
    assert_eq!(names, ["排序A", "排序C", "排序B"]);
}

#[tokio::test]
async fn an_order_the_list_does_not_offer_answers_400_naming_the_parameter() {
    let app = spawn().await;
    siblings(&app).await;
    let admin = app.admin().await;
    let (st, v) = admin.get_json("/api/v1/people?sort=password").await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["error"]["code"], "bad_request");
    let msg = v["error"]["fields"]["sort"].as_str().unwrap_or_default();
    assert!(
        msg.contains("不能按此字段排序") && msg.contains("name/birth_date/status/node"),
        "{v}"
    );
    let (st, v) = admin.get_json("/api/v1/people?sort=name&dir=up").await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{v}");
    assert!(v["error"]["fields"]["dir"].is_string() && v["error"]["fields"]["sort"].is_null());
    for p in [
        "/api/v1/requests?sort=id",
        "/api/v1/requests/export.xlsx?sort=created%20desc",
        "/api/v1/studios?sort=members",
        "/api/v1/studios/export.xlsx?sort=x",
        "/api/v1/achievements?sort=year;drop",
        "/api/v1/achievements/export.xlsx?sort=NAME",
        "/api/v1/people/export.xlsx?sort=id_number",
    ] {
        let (st, v) = admin.get_json(p).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{p}: {v}");
        assert!(v["error"]["fields"]["sort"].is_string(), "{p}: {v}");
    }
    // The pages say it in the user's language, never a server error.
    for p in ["/people", "/requests", "/studios", "/achievements"] {
        let r = admin.get(&format!("{p}?sort=nope")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{p}");
        let html = r.text().await.unwrap();
        assert!(html.contains("不能按此字段排序"), "{p}: {html}");
    }
}

#[tokio::test]
async fn the_requests_list_sorts_by_time_due_state_and_category_seen_from_any_scope() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let mut made = vec![];
    for (category, description) in [
        ("safety", "排序工单一：楼道堆放杂物"),
        ("environment", "排序工单二：垃圾清运不及时"),
        ("municipal", "排序工单三：路灯不亮"),
    ] {
        let body = json!({"channel": "window", "category": category, "node_id": t.a1,
                          "description": description, "contact_name": "张三",
                          "contact_phone": "13812345678"});
        let (st, v) = admin.post("/api/v1/requests", body).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        made.push(v["id"].as_i64().unwrap());
    }
    let [r1, r2, r3] = made[..] else {
        unreachable!()
    };
    for (id, state, due) in [
        (r1, "closed", "NULL"),
        (r2, "submitted", "2000"),
        (r3, "received", "1000"),
    ] {
        sql(
            &app,
            &format!(
                "UPDATE service_request SET state = '{state}', step_due_at = {due} WHERE id = {id}"
            ),
        )
        .await;
    }

    // The whole tree (admin) and one node's reach (alice, who reads park A) alike.
    let alice = app.login("alice", PASSWORD).await;
    for who in [&admin, &alice] {
        let (st, v) = who.get_json("/api/v1/requests").await;
        assert_eq!(st, StatusCode::OK, "{v}");
        assert_eq!(ids(&v), [r3, r2, r1], "newest first unless told");
        for (q, want) in [
            ("sort=created", [r1, r2, r3]),
            ("sort=created&dir=desc", [r3, r2, r1]),
            ("sort=category", [r2, r3, r1]),
            ("sort=category&dir=desc", [r1, r3, r2]),
            ("sort=state", [r2, r3, r1]),
            ("sort=state&dir=desc", [r1, r3, r2]),
            // Requests with no step running come last both ways.
            ("sort=due", [r3, r2, r1]),
            ("sort=due&dir=desc", [r2, r3, r1]),
        ] {
            let (st, v) = who.get_json(&format!("/api/v1/requests?{q}")).await;
            assert_eq!(st, StatusCode::OK, "{q}: {v}");
            assert_eq!(ids(&v), want, "{q}");
        }
    }

    let html = alice
        .get("/requests?sort=category")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        order_in(&html, &["排序工单一", "排序工单二", "排序工单三"]),
        ["排序工单二", "排序工单三", "排序工单一"]
    );
    assert!(
        html.contains("aria-sort=\"ascending\"><a href=\"/requests?sort=category&#38;dir=desc\""),
        "{html}"
    );
    let described = exported(&alice, "/api/v1/requests/export.xlsx?sort=state", 9).await;
    assert_eq!(
        described,
        [
            "排序工单二：垃圾清运不及时",
            "排序工单三：路灯不亮",
            "排序工单一：楼道堆放杂物"
        ]
    );
}

#[tokio::test]
async fn an_export_of_ticked_rows_holds_exactly_those_the_caller_reads() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;

    // People: two of A ticked with one of B; B's is out of alice's reach and selects nothing.
    let p1 = new_person_born(&admin, t.a1, "勾选甲一", (1980, 1, 1), 11).await;
    let p2 = new_person_born(&admin, t.a1, "勾选甲二", (1981, 1, 1), 12).await;
    new_person_born(&admin, t.a1, "未勾选甲三", (1982, 1, 1), 13).await;
    let pb = new_person_born(&admin, t.b1, "勾选乙一", (1983, 1, 1), 14).await;
    let people = |q: String| format!("/api/v1/people/export.xlsx?{q}");
    let names = exported(
        &alice,
        &people(format!(
            "ids=&ids={p2}&ids={pb}&ids={p1}&sort=name&dir=desc"
        )),
        0,
    )
    .await;
    assert_eq!(names, ["勾选甲二", "勾选甲一"], "in the list's order");
    let names = exported(&alice, &people(format!("ids={p1},{pb}")), 0).await;
    assert_eq!(names, ["勾选甲一"]);
    assert!(exported(&alice, &people(format!("ids={pb}")), 0)
        .await
        .is_empty());
    let names = exported(&admin, &people(format!("ids={p1},{pb}")), 0).await;
    assert_eq!(names.len(), 2, "the whole tree reads both: {names:?}");
    // Nothing ticked, too many, or not numbers: 400 naming `ids`.
    let many: Vec<String> = (1..=1001).map(|i| i.to_string()).collect();
    for q in [
        "ids=".to_string(),
        format!("ids={}", many.join(",")),
        "ids=1,x".into(),
    ] {
        let (st, v) = alice.get_json(&people(q.clone())).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{q}: {v}");
        assert!(v["error"]["fields"]["ids"].is_string(), "{v}");
    }

    // The page's boxes belong to the selection form, which sends them to that export.
    let html = alice.get("/people").await.text().await.unwrap();
    assert!(
        html.contains(
            "<form id=\"people-selection\" method=\"get\" action=\"/api/v1/people/export.xlsx\""
        ),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "name=\"ids\" value=\"{p1}\" form=\"people-selection\" aria-label=\"选择 勾选甲一\""
        )),
        "{html}"
    );
    assert!(!html.contains("勾选乙一"), "{html}");

    // Requests.
    let mut reqs = vec![];
    for (node, description) in [(t.a1, "勾选工单甲"), (t.b1, "勾选工单乙")] {
        let body = json!({"channel": "window", "category": "environment", "node_id": node,
                          "description": description, "contact_name": "李四",
                          "contact_phone": "13912345678"});
        let (st, v) = admin.post("/api/v1/requests", body).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        reqs.push(v["id"].as_i64().unwrap());
    }
    let described = exported(
        &alice,
        &format!("/api/v1/requests/export.xlsx?ids={},{}", reqs[0], reqs[1]),
        9,
    )
    .await;
    assert_eq!(described, ["勾选工单甲"]);

    // Studios and their achievements.
    let sa = admin.new_studio(t.a1, "勾选工作室甲", None).await;
    let sb = admin.new_studio(t.b1, "勾选工作室乙", None).await;
    let studios = exported(
        &alice,
        &format!("/api/v1/studios/export.xlsx?ids={sa}&ids={sb}"),
        1,
    )
    .await;
    assert_eq!(studios, ["勾选工作室甲"]);
    let mut achieved = vec![];
    for (studio, title) in [
        (sa, "勾选成果甲：装配工艺改进"),
        (sb, "勾选成果乙：检测流程优化"),
    ] {
        let body = json!({"kind": "innovation", "title": title, "achieved_on": "2024-05-01"});
        let (st, v) = admin
            .post(&format!("/api/v1/studios/{studio}/achievements"), body)
            .await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        achieved.push(v["id"].as_i64().unwrap());
    }
    let titles = exported(
        &alice,
        &format!(
            "/api/v1/achievements/export.xlsx?ids={},{}",
            achieved[0], achieved[1]
        ),
        2,
    )
    .await;
    assert_eq!(titles, ["勾选成果甲：装配工艺改进"]);
}

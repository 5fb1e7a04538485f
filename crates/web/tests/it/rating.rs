//! Star ratings and the 红星津贴 over HTTP, on SQLite and PostgreSQL: a direct rating under
//! public notice is not final before its window ends, objections are raised and answered;
//! the kept distribution equals the scan; a paid batch refuses changes and a reversing batch
//! negates it line by line; a sibling subtree sees nothing of either (404).

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

struct Tree {
    t: Siblings,
    branch1: i64,
    branch2: i64,
}

async fn tree(app: &TestApp) -> Tree {
    let t = siblings(app).await;
    let admin = app.admin().await;
    let branch1 = admin
        .create_node(Some(t.a), "甲园区第一党支部", "party_branch")
        .await;
    let branch2 = admin
        .create_node(Some(t.a), "甲园区第二党支部", "party_branch")
        .await;
    Tree {
        t,
        branch1,
        branch2,
    }
}

async fn rules(s: &Session, node: i64, notice_days: &str) {
    let body = json!({"threshold_1": "50", "threshold_2": "60", "threshold_3": "70",
                      "threshold_4": "80", "threshold_5": "90", "cap_5": "10", "cap_4": "40",
                      "cap_3": "30", "veto_policy": "at_most_one", "notice_days": notice_days});
    let (st, v) = s.post(&format!("/api/v1/ratings/rules/{node}"), body).await;
    assert_eq!(st, StatusCode::OK, "{v}");
}

async fn direct(s: &Session, node: i64, period: &str, star: i64) -> Value {
    let body = json!({"node_id": node, "period": period, "star": star, "reason": "先进基层党组织"});
    let (st, v) = s.post("/api/v1/ratings/direct", body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    v
}

#[tokio::test]
async fn a_rating_is_not_final_before_its_notice_ends_and_siblings_see_none_of_it() {
    let app = spawn().await;
    let Tree { t, branch1, .. } = tree(&app).await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let reader = app.login("reader", PASSWORD).await;

    // Bad rules and a bad direct rating are named field by field, in Chinese.
    let (st, v) = alice
        .post(
            &format!("/api/v1/ratings/rules/{}", t.a),
            json!({"threshold_1": "60", "threshold_2": "50", "cap_5": "120", "notice_days": "5"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "threshold_2"),
        "星级越高，分数线须越高",
        "{v}"
    );
    let (st, v) = alice
        .post(
            "/api/v1/ratings/direct",
            json!({"node_id": branch1, "period": "2026Q9", "star": 6}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        field_error(&v, "period"),
        "期次格式如 2026、2026H1 或 2026Q3",
        "{v}"
    );
    assert_eq!(field_error(&v, "star"), "星级须为 1–5 星", "{v}");
    assert_eq!(field_error(&v, "reason"), "必填", "{v}");

    rules(&alice, t.a, "5").await;
    let (st, r) = alice
        .get_json(&format!("/api/v1/ratings/rules/{branch1}"))
        .await;
    assert_eq!(st, StatusCode::OK, "{r}");
    assert_eq!(r["from_node_id"], t.a, "{r}");
    let d = direct(&alice, branch1, "2026Q1", 5).await;
    let id = d["rating"]["id"].as_i64().unwrap();
    assert_eq!(d["rating"]["state"], "notice", "{d}");
    assert_eq!(d["rating"]["basis"], "direct", "{d}");
    // Under notice: listed on the notice page, not yet the organization's star.
    let (_, v) = reader.get_json("/api/v1/ratings?state=notice").await;
    assert_eq!(v["total"], 1, "{v}");
    let page = reader
        .get(&format!("/orgs/{branch1}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("暂无确定的星级"), "{page}");

    // A reader objects; the issuing node's staff answer.
    let url = format!("/api/v1/ratings/{id}/objections");
    let (st, v) = reader
        .post(&url, json!({"body": "该支部本期未按时开展主题党日"}))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["rating"]["open_objections"], 1, "{v}");
    let oid = v["objections"][0]["id"].as_i64().unwrap();
    let answer = format!("/api/v1/ratings/{id}/objections/{oid}/answer");
    let (st, v) = reader.post(&answer, json!({"body": "x"})).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{v}");
    let (st, v) = alice
        .post(&answer, json!({"body": "经核实，已补开，维持评定"}))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["rating"]["open_objections"], 0, "{v}");
    assert_eq!(
        v["rating"]["state"], "notice",
        "still within its window: {v}"
    );

    // The kept distribution equals the scan, for the subtree and the whole district.
    let admin = app.admin().await;
    for (who, node) in [(&alice, t.a), (&admin, t.district), (&alice, branch1)] {
        let (_, kept) = who
            .get_json(&format!("/api/v1/ratings/distribution?node_id={node}"))
            .await;
        let (_, scan) = who
            .get_json(&format!(
                "/api/v1/ratings/distribution?node_id={node}&source=scan"
            ))
            .await;
        assert_eq!(kept, scan);
        assert_eq!(kept[0]["counts"], json!([0, 0, 0, 0, 0, 1]), "{kept}");
    }
    let (_, h) = alice
        .get_json(&format!("/api/v1/ratings/history/{branch1}"))
        .await;
    assert_eq!(h["moves"][0]["to_star"], 5, "{h}");

    // A sibling subtree sees nothing of it.
    for u in [
        format!("/api/v1/ratings/{id}"),
        format!("/api/v1/ratings/history/{branch1}"),
        format!("/api/v1/ratings/distribution?node_id={}", t.a),
        format!("/api/v1/ratings/rules/{}", t.a),
    ] {
        let (st, v) = bob.get_json(&u).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{u}: {v}");
    }
    let (st, _) = bob.post(&url, json!({"body": "x"})).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob.post(&answer, json!({"body": "x"})).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, v) = bob.get_json("/api/v1/ratings").await;
    assert_eq!(v["total"], 0, "{v}");
    // The export: alice's rating with its star, basis and reason; bob's has the header only.
    let (st, bytes) = alice.get_bytes("/api/v1/ratings/export.xlsx").await;
    assert_eq!(st, StatusCode::OK);
    let rows = crate::orgs::xlsx_rows(&bytes);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][0], "组织");
    assert_eq!(
        rows[1][..6],
        [
            "甲园区第一党支部",
            "2026Q1",
            "5",
            "",
            "直接定级",
            "先进基层党组织"
        ],
        "{rows:?}"
    );
    let (_, bytes) = bob.get_bytes("/api/v1/ratings/export.xlsx").await;
    assert_eq!(crate::orgs::xlsx_rows(&bytes).len(), 1);
    let (st, _) = alice
        .get_bytes("/api/v1/ratings/export.xlsx?state=maybe")
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let (st, _) = bob
        .post(
            "/api/v1/ratings/direct",
            json!({"node_id": branch1, "period": "2026Q1", "star": 1, "reason": "x"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);

    // The pages: ratings with the chart, the notice, the rating, the history, the rules.
    for p in [
        format!("/ratings?under={}", t.a),
        "/ratings/notice".to_string(),
        format!("/ratings/{id}"),
        format!("/ratings/history/{branch1}"),
        format!("/ratings/rules/{}", t.a),
        "/ratings/direct".to_string(),
    ] {
        let r = alice.get(&p).await;
        assert_eq!(r.status(), StatusCode::OK, "{p}");
    }
    let page = alice
        .get(&format!("/ratings?under={}", t.a))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("chart-rating_distribution"), "{page}");
    assert!(page.contains("分数高者"), "the tie-break is stated");
    let page = alice
        .get(&format!("/ratings/history/{branch1}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!(
            "href=\"/orgs/{branch1}\" data-testid=\"rating-history-org\">甲园区第一党支部"
        )),
        "the history names its organization: {page}"
    );
}

#[tokio::test]
async fn a_paid_batch_is_locked_and_a_reversing_batch_negates_it_exactly() {
    let app = spawn().await;
    let Tree {
        t,
        branch1,
        branch2,
    } = tree(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    // Two part-time party-affairs workers: one in post the whole quarter, one from
    // 2 March (30 of its 91 days); one in the sibling subtree.
    let mut workers = vec![];
    for (i, (node, since)) in [
        (branch1, "2023-01-01"),
        (branch2, "2024-03-02"),
        (t.b1, "2023-01-01"),
    ]
    .into_iter()
    .enumerate()
    {
        let p = admin
            .new_person(node, &format!("党务{i}"), 40 + i as u32)
            .await;
        let (st, v) = admin
            .post(
                "/api/v1/posts",
                json!({"person_id": p, "post_code": "party_worker_part", "node_id": node,
                       "start_on": since}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        workers.push(p);
    }
    // No notice: the stars are final at once.
    rules(&alice, t.a, "0").await;
    direct(&alice, branch1, "2024Q1", 5).await;
    let d = direct(&alice, branch2, "2024Q1", 3).await;
    assert_eq!(d["rating"]["state"], "final", "{d}");
    let (st, v) = alice
        .post(
            &format!("/api/v1/allowances/amounts/{}", t.a),
            json!({"period": "2024Q1", "amount_3": "200", "amount_5": "300"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["amounts_fen"], json!([0, 0, 20000, 0, 30000]), "{v}");

    let (st, b) = alice
        .post(
            "/api/v1/allowances",
            json!({"node_id": t.a, "period": "2024Q1"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{b}");
    let id = b["batch"]["id"].as_i64().unwrap();
    let amounts: Vec<i64> = b["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["amount_fen"].as_i64().unwrap())
        .collect();
    // 300 yuan for 5★; 200 yuan × 30 / 91 = 6 593.4… fen, rounded down.
    assert_eq!(amounts, vec![30_000, 6_593], "{b}");
    assert_eq!(b["batch"]["total_fen"], 36_593);

    // Approved and paid, then locked: no recompute, no second payment.
    let (st, v) = alice
        .post(&format!("/api/v1/allowances/{id}/reverse"), json!({}))
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    let (st, v) = alice
        .post(&format!("/api/v1/allowances/{id}/approve"), json!({}))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = alice
        .post(&format!("/api/v1/allowances/{id}/pay"), json!({}))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["batch"]["state"], "paid");
    let (st, v) = alice
        .post(&format!("/api/v1/allowances/{id}/pay"), json!({}))
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    let (st, v) = alice
        .post(
            "/api/v1/allowances",
            json!({"node_id": t.a, "period": "2024Q1"}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    let total = format!("/api/v1/allowances/total?node_id={}&since=2020", t.district);
    let (_, v) = admin.get_json(&total).await;
    assert_eq!(v["total_fen"], 36_593, "{v}");

    // The spreadsheets.
    for sheet in ["payout", "bank"] {
        let (st, bytes) = alice
            .get_bytes(&format!("/api/v1/allowances/{id}/{sheet}.xlsx"))
            .await;
        assert_eq!(st, StatusCode::OK);
        assert!(bytes.starts_with(b"PK"), "{sheet} is a zip");
    }

    // The sibling subtree sees none of it.
    for u in [
        format!("/api/v1/allowances/{id}"),
        format!("/api/v1/allowances/{id}/payout.xlsx"),
        format!("/api/v1/allowances/amounts/{}?period=2024Q1", t.a),
        format!("/api/v1/allowances/total?node_id={}", t.a),
    ] {
        let (st, _) = bob.get_json(&u).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{u}");
    }
    for w in ["approve", "pay", "reverse"] {
        let (st, _) = bob
            .post(&format!("/api/v1/allowances/{id}/{w}"), json!({}))
            .await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{w}");
    }
    let (_, v) = bob.get_json("/api/v1/allowances").await;
    assert_eq!(v["total"], 0, "{v}");

    // A correction reverses the batch line by line.
    let (st, r) = alice
        .post(&format!("/api/v1/allowances/{id}/reverse"), json!({}))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    assert_eq!(r["batch"]["reverses_id"], id);
    assert_eq!(r["batch"]["total_fen"], -36_593);
    for (a, n) in b["lines"]
        .as_array()
        .unwrap()
        .iter()
        .zip(r["lines"].as_array().unwrap())
    {
        assert_eq!(a["person_id"], n["person_id"]);
        assert_eq!(a["days"], n["days"]);
        assert_eq!(
            a["amount_fen"].as_i64().unwrap(),
            -n["amount_fen"].as_i64().unwrap()
        );
    }
    let (st, v) = alice
        .post(&format!("/api/v1/allowances/{id}/reverse"), json!({}))
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "reversed once: {v}");
    let rid = r["batch"]["id"].as_i64().unwrap();
    for w in ["approve", "pay"] {
        let (st, v) = alice
            .post(&format!("/api/v1/allowances/{rid}/{w}"), json!({}))
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    let (_, v) = admin.get_json(&total).await;
    assert_eq!(v["total_fen"], 0, "{v}");

    // The pages, and the star on the organization's page.
    for p in [
        format!("/allowances?under={}", t.a),
        format!("/allowances/{id}"),
        format!("/allowances/amounts/{}?period=2024Q1", t.a),
    ] {
        let r = alice.get(&p).await;
        assert_eq!(r.status(), StatusCode::OK, "{p}");
    }
    let page = alice
        .get(&format!("/orgs/{branch1}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("rating-panel-star"), "{page}");
    let _ = workers;
}

//! The coverage breakdowns read from the counts kept per node (by child, industry, size and
//! chain) equal a recount from every mark under the node, after enterprises are added, moved,
//! closed, change industry and set up a branch, and join and leave industrial chains; and the
//! kept lines equal those a full recount writes.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use touyan_storage::enterprise::CoverageBy;

fn code(i: u32) -> String {
    credit_code(&format!("913501000000{i:05}"))
}

async fn enterprise(s: &Session, parent: i64, name: &str, i: u32, industry: &str) -> i64 {
    let body = json!({"credit_code": code(i), "industry": industry, "size": "small",
                      "employees": 40, "founded_on": "2015-03-01"});
    s.new_enterprise(parent, name, body).await
}

async fn set_profile(s: &Session, id: i64, change: impl FnOnce(&mut Value)) {
    let (st, mut v) = s.get_json(&format!("/api/v1/enterprises/{id}")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let mut body = json!({"credit_code": v["credit_code"], "industry": v["industry"],
        "size": v["size"], "employees": v["employees"], "founded_on": v["founded_on"]});
    change(&mut body);
    v = body;
    let (st, r) = s
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/enterprises/{id}"),
            v,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{r}");
}

async fn full_member(s: &Session, node: i64, seq: u32) {
    let mut body = person(node, &format!("党员{seq}"), date(1985, 3, 1), seq);
    body["status"] = json!("full");
    body["full_on"] = json!("2010-07-01");
    let (st, v) = s.post("/api/v1/people", body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
}

/// Every breakdown the API answers (from the kept counts) equals the one recounted from the
/// marks, under each node of `nodes` and, for the administrator, over the whole tree.
async fn breakdowns_match(app: &TestApp, s: &Session, nodes: &[i64], step: &str) {
    let actor = touyan_storage::Actor::system();
    let repo = app.store().scoped(&actor).enterprises();
    let whole = step != "scoped";
    let unders: Vec<Option<i64>> = whole
        .then_some(None)
        .into_iter()
        .chain(nodes.iter().map(|n| Some(*n)))
        .collect();
    for under in unders {
        for (by, parsed) in [
            ("child", CoverageBy::Child),
            ("industry", CoverageBy::Industry),
            ("size", CoverageBy::Size),
            ("chain", CoverageBy::Chain),
        ] {
            if by == "child" && under.is_none() {
                continue;
            }
            let q = match under {
                Some(n) => format!("/api/v1/coverage/breakdown?under={n}&by={by}"),
                None => format!("/api/v1/coverage/breakdown?by={by}"),
            };
            let (st, kept) = s.get_json(&q).await;
            assert_eq!(st, StatusCode::OK, "{kept}");
            let counted = repo.coverage_by_scan(under, parsed).await.unwrap();
            assert_eq!(
                kept,
                serde_json::to_value(&counted).unwrap(),
                "{step}: {by} under {under:?}"
            );
        }
    }
}

/// The lines of a breakdown as (key, enterprises), by key.
async fn lines(s: &Session, under: i64, by: &str) -> BTreeMap<String, u64> {
    let (_, v) = s
        .get_json(&format!("/api/v1/coverage/breakdown?under={under}&by={by}"))
        .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["key"].as_str().unwrap().to_string(),
                l["coverage"]["enterprises"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_breakdown_from_kept_counts_equals_a_recount_from_the_marks() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let a2 = admin.create_node(Some(t.a), "甲二网格", "grid").await;
    let committee = admin
        .create_node(Some(t.district), "测试区两新组织党委", "party_committee")
        .await;
    let chain = admin
        .create_node(Some(committee), "新材料产业链党委", "chain_party_committee")
        .await;
    let e1 = enterprise(&admin, t.a1, "甲一新材料有限公司", 1, "C").await;
    let e2 = enterprise(&admin, t.a1, "甲一软件有限公司", 2, "I").await;
    let e3 = enterprise(&admin, a2, "甲二物流有限公司", 3, "G").await;
    // Filed straight under the park, beside its grids.
    let e4 = enterprise(&admin, t.a, "甲园区服务有限公司", 4, "").await;
    let e5 = enterprise(&admin, t.b1, "乙一制造有限公司", 5, "C").await;
    // A second chain shares e1: the line of enterprises in no chain counts it once.
    let chain2 = admin
        .create_node(
            Some(committee),
            "数字经济产业链党委",
            "chain_party_committee",
        )
        .await;
    for (c, e) in [
        (chain, e1),
        (chain, e3),
        (chain, e5),
        (chain2, e1),
        (chain2, e2),
    ] {
        let (st, v) = admin
            .post(
                &format!("/api/v1/chains/{c}/members"),
                json!({"id": e, "from_on": "2024-03-01"}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }
    let nodes = [t.district, t.a, t.a1, a2, t.b, e1];
    breakdowns_match(&app, &admin, &nodes, "added").await;
    assert_eq!(
        lines(&admin, t.a, "child").await,
        BTreeMap::from([
            (t.a1.to_string(), 2),
            (a2.to_string(), 1),
            (e4.to_string(), 1)
        ])
    );

    // Members and then a branch of its own in e1: its status moves twice.
    for seq in 1..=3 {
        full_member(&admin, e1, seq).await;
    }
    breakdowns_match(&app, &admin, &nodes, "members").await;
    admin
        .create_node(Some(e1), "甲一新材料有限公司党支部", "party_branch")
        .await;
    breakdowns_match(&app, &admin, &nodes, "branch").await;

    // Moved to the other park, closed, another industry and size, a new enterprise.
    let (st, v) = admin
        .post(
            &format!("/api/v1/orgs/{e3}/move"),
            json!({"parent_id": t.b1}),
        )
        .await;
    assert!(st.is_success(), "{v}");
    set_profile(&admin, e2, |b| {
        b["status"] = json!("closed");
        b["status_on"] = json!("2025-06-30");
    })
    .await;
    set_profile(&admin, e4, |b| {
        b["industry"] = json!("I");
        b["size"] = json!("medium");
    })
    .await;
    let e6 = enterprise(&admin, a2, "甲二餐饮有限公司", 6, "H").await;
    breakdowns_match(
        &app,
        &admin,
        &[t.district, t.a, t.a1, a2, t.b, e1, e6],
        "changed",
    )
    .await;
    assert_eq!(
        lines(&admin, t.a, "child").await,
        BTreeMap::from([
            (t.a1.to_string(), 1),
            (a2.to_string(), 1),
            (e4.to_string(), 1)
        ])
    );
    assert_eq!(
        lines(&admin, t.district, "chain").await,
        // e2, closed, no longer counts in the second chain; e1 counts in both.
        BTreeMap::from([
            (chain.to_string(), 3),
            (chain2.to_string(), 1),
            (String::new(), 2)
        ])
    );
    // An enterprise's own breakdown by child is itself.
    assert_eq!(
        lines(&admin, e1, "child").await,
        BTreeMap::from([(String::new(), 1)])
    );

    // The park's admin reads the same breakdowns within the park, and the other park's
    // lines are not there.
    let alice = app.login("alice", PASSWORD).await;
    breakdowns_match(&app, &alice, &[t.a, a2], "scoped").await;
    let (st, _) = alice
        .get_json(&format!("/api/v1/coverage/breakdown?under={}&by=size", t.b))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

/// The kept lines as they stand, in order.
async fn kept_lines(app: &TestApp) -> Vec<(i64, String, String, i64, i64, i64)> {
    use sea_orm::{ConnectionTrait, Statement};
    let db = app.store().raw_connection();
    let sql = "SELECT node_id, dim, party, n, members, breaking FROM enterprise_count \
               ORDER BY node_id, dim, party";
    db.query_all(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.try_get_by_index(0).unwrap(),
                r.try_get_by_index(1).unwrap(),
                r.try_get_by_index(2).unwrap(),
                r.try_get_by_index(3).unwrap(),
                r.try_get_by_index(4).unwrap(),
                r.try_get_by_index(5).unwrap(),
            )
        })
        .collect()
}

/// The lines kept change after change are those a recount of every mark writes afresh.
async fn kept_as_recounted(app: &TestApp, step: &str) {
    let kept = kept_lines(app).await;
    assert!(kept.iter().any(|l| l.1.starts_with("chain:")), "{step}");
    app.store().recount_enterprise_marks().await.unwrap();
    assert_eq!(
        kept,
        kept_lines(app).await,
        "{step}: kept against recounted"
    );
}

/// Files enterprise `e` in chain `c`; answers the membership.
async fn join(s: &Session, c: i64, e: i64) -> i64 {
    let (st, v) = s
        .post(
            &format!("/api/v1/chains/{c}/members"),
            json!({"id": e, "from_on": "2024-03-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    v["id"].as_i64().unwrap()
}

async fn leave(s: &Session, c: i64, membership: i64) {
    let st = s
        .delete(&format!("/api/v1/chains/{c}/members/{membership}"))
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_chain_lines_kept_follow_joins_leaves_moves_and_mark_changes() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let a2 = admin.create_node(Some(t.a), "甲二网格", "grid").await;
    let committee = admin
        .create_node(Some(t.district), "测试区两新组织党委", "party_committee")
        .await;
    let c1 = admin
        .create_node(
            Some(committee),
            "生物医药产业链党委",
            "chain_party_committee",
        )
        .await;
    let c2 = admin
        .create_node(
            Some(committee),
            "智能装备产业链党委",
            "chain_party_committee",
        )
        .await;
    let e1 = enterprise(&admin, t.a1, "甲一医药有限公司", 11, "C").await;
    let e2 = enterprise(&admin, t.a1, "甲一装备有限公司", 12, "C").await;
    let e3 = enterprise(&admin, a2, "甲二试剂有限公司", 13, "F").await;
    let e4 = enterprise(&admin, t.b1, "乙一器械有限公司", 14, "C").await;
    let e5 = enterprise(&admin, t.b1, "乙一检测有限公司", 15, "M").await;
    let nodes = [t.district, t.a, t.a1, a2, t.b, t.b1, e1, e4];
    let chains = |lines: &[(i64, u64)], none: u64| -> BTreeMap<String, u64> {
        let mut m: BTreeMap<String, u64> = lines.iter().map(|(c, n)| (c.to_string(), *n)).collect();
        if none > 0 {
            m.insert(String::new(), none);
        }
        m
    };

    // Across both parks; e1 in two chains.
    let m1 = join(&admin, c1, e1).await;
    join(&admin, c1, e3).await;
    let m4 = join(&admin, c1, e4).await;
    join(&admin, c2, e1).await;
    join(&admin, c2, e2).await;
    breakdowns_match(&app, &admin, &nodes, "joined").await;
    assert_eq!(
        lines(&admin, t.district, "chain").await,
        chains(&[(c1, 3), (c2, 2)], 1)
    );
    assert_eq!(
        lines(&admin, t.a, "chain").await,
        chains(&[(c1, 2), (c2, 2)], 0)
    );
    kept_as_recounted(&app, "joined").await;

    // e1 leaves one of its two chains: still in a chain; e4 leaves its only one.
    leave(&admin, c1, m1).await;
    breakdowns_match(&app, &admin, &nodes, "left one of two").await;
    assert_eq!(
        lines(&admin, t.district, "chain").await,
        chains(&[(c1, 2), (c2, 2)], 1)
    );
    leave(&admin, c1, m4).await;
    breakdowns_match(&app, &admin, &nodes, "left the only one").await;
    assert_eq!(
        lines(&admin, t.b, "chain").await,
        chains(&[], 2),
        "nothing of the chain is left in the park"
    );
    // Back in the other chain, and e5 in the first.
    join(&admin, c2, e4).await;
    join(&admin, c1, e5).await;
    breakdowns_match(&app, &admin, &nodes, "joined again").await;
    kept_as_recounted(&app, "joined again").await;

    // A grid with a member moves to the other park; a member moves by itself.
    let (st, v) = admin
        .post(
            &format!("/api/v1/orgs/{a2}/move"),
            json!({"parent_id": t.b}),
        )
        .await;
    assert!(st.is_success(), "{v}");
    let (st, v) = admin
        .post(
            &format!("/api/v1/orgs/{e2}/move"),
            json!({"parent_id": t.b1}),
        )
        .await;
    assert!(st.is_success(), "{v}");
    breakdowns_match(&app, &admin, &nodes, "moved").await;
    assert_eq!(
        lines(&admin, t.b, "chain").await,
        // e3 (under the moved grid) and e5 in c1; e2 and e4 in c2.
        chains(&[(c1, 2), (c2, 2)], 0)
    );
    assert_eq!(lines(&admin, t.a, "chain").await, chains(&[(c2, 1)], 0));

    // Members, then a branch of its own, in a member of a chain; a member of two... closed.
    for seq in 21..=23 {
        full_member(&admin, e4, seq).await;
    }
    breakdowns_match(&app, &admin, &nodes, "members").await;
    admin
        .create_node(Some(e4), "乙一器械有限公司党支部", "party_branch")
        .await;
    breakdowns_match(&app, &admin, &nodes, "branch").await;
    let (_, v) = admin
        .get_json(&format!(
            "/api/v1/coverage/breakdown?under={}&by=chain",
            t.b
        ))
        .await;
    let c2_line = v
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == c2.to_string())
        .unwrap();
    assert_eq!(c2_line["coverage"]["own"], 1, "{v}");
    set_profile(&admin, e1, |b| {
        b["status"] = json!("closed");
        b["status_on"] = json!("2025-06-30");
    })
    .await;
    breakdowns_match(&app, &admin, &nodes, "closed").await;
    assert_eq!(lines(&admin, t.a, "chain").await, chains(&[], 0));

    // A member's profile removed: it counts nowhere; a chain with members stays.
    assert_eq!(
        admin.delete(&format!("/api/v1/enterprises/{e5}")).await,
        StatusCode::NO_CONTENT
    );
    breakdowns_match(&app, &admin, &nodes, "profile removed").await;
    assert!(!admin
        .delete(&format!("/api/v1/orgs/{c1}"))
        .await
        .is_success());
    assert_eq!(
        lines(&admin, t.district, "chain").await,
        chains(&[(c1, 1), (c2, 2)], 0)
    );
    kept_as_recounted(&app, "at the end").await;

    // The park's admin reads the chain lines of the park only.
    let bob = app.login("bob", PASSWORD).await;
    breakdowns_match(&app, &bob, &[t.b, a2], "scoped").await;
}

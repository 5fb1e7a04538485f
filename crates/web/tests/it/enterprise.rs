//! The enterprise ledger over HTTP: profiles with checked credit codes on enterprise nodes
//! only, revenue by year, the party status and the coverage derived from the tree and the
//! people records as they change (members filed, a branch set up, a joint cover, a closure,
//! a move to another park), and nothing of it seen or changed from a sibling subtree.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const CODE_A: &str = "91350100M000100Y43";
const CODE_B: &str = "91110108551385082Q";

fn profile(code: &str) -> Value {
    json!({"credit_code": code, "industry": "C", "size": "small", "employees": 80,
           "founded_on": "2012-05-01"})
}

async fn full_member(s: &Session, node: i64, name: &str, seq: u32) {
    let mut body = person(node, name, date(1980, 1, 1), seq);
    body["status"] = json!("full");
    body["full_on"] = json!("2005-07-01");
    let (st, v) = s.post("/api/v1/people", body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
}

/// The coverage under a node, summed from the enterprises' kept marks; checked against the
/// party status each listed profile works out from the records at the time it is read.
async fn coverage(s: &Session, under: i64) -> Value {
    let (st, v) = s.get_json(&format!("/api/v1/coverage?under={under}")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (_, list) = s
        .get_json(&format!(
            "/api/v1/enterprises?under={under}&status=operating&per_page=100"
        ))
        .await;
    let items = list["items"].as_array().unwrap();
    for party in ["own", "joint", "incubation", "members_only", "none"] {
        let n = items.iter().filter(|e| e["party_status"] == party).count();
        assert_eq!(v[party].as_u64(), Some(n as u64), "{party}: {v} vs {list}");
    }
    let members: u64 = items.iter().map(|e| e["members"].as_u64().unwrap()).sum();
    assert_eq!(v["members"].as_u64(), Some(members), "{v}");
    v
}

#[tokio::test]
async fn profiles_are_checked_scoped_and_their_party_status_follows_the_records() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let e1 = admin
        .create_node(Some(t.a1), "甲一制造有限公司", "enterprise")
        .await;
    let e2 = admin
        .create_node(Some(t.a1), "甲二科技有限公司", "enterprise")
        .await;
    let eb = admin
        .create_node(Some(t.b1), "乙一物流有限公司", "enterprise")
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;

    // A wrong check character, a letter the code never uses: named on the field.
    let (st, v) = alice
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/enterprises/{e1}"),
            profile("91350100M000100Y44"),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(
        v["error"]["fields"]["credit_code"]
            .as_str()
            .unwrap()
            .contains("校验位"),
        "{v}"
    );
    let (st, v) = alice
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/enterprises/{e1}"),
            profile("91350100MO00100Y43"),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    // Only an enterprise node takes a profile.
    let (st, v) = alice
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/enterprises/{}", t.a1),
            profile(CODE_A),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = alice
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/enterprises/{e1}"),
            profile(" 91350100m000100y43 "),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["credit_code"], CODE_A);
    assert_eq!(v["party_status"], "none");
    // One code, one enterprise.
    let (st, v) = alice
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/enterprises/{e2}"),
            profile(CODE_A),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    let (st, v) = alice
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/enterprises/{e2}"),
            profile(CODE_B),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    // Covered by a joint branch: a link to the branch's node.
    let joint = admin
        .create_node(Some(t.a), "甲园区联合党支部", "party_branch")
        .await;
    let (st, v) = alice
        .post(
            &format!("/api/v1/enterprises/{e2}/links"),
            json!({"kind": "joint", "org_node_id": joint}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (_, v) = alice.get_json(&format!("/api/v1/enterprises/{e2}")).await;
    assert_eq!(v["party_status"], "joint", "{v}");
    assert_eq!(v["link"]["org_name"], "甲园区联合党支部", "{v}");

    // Revenue by year, replaced by a second value for the year.
    let rev = format!("/api/v1/enterprises/{e1}/revenues");
    for amount in ["9000万", "12000万"] {
        let (st, v) = alice
            .post(&rev, json!({"year": 2025, "amount": amount}))
            .await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }
    let (_, v) = alice.get_json(&rev).await;
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v[0]["amount_fen"], 12_000_000_000_i64);
    let (st, _) = alice.post(&rev, json!({"year": 2099, "amount": "1"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    // "营业收入过亿" is a query per year.
    for (at_least, n) in [(100_000_000, 1), (1_000_000_000, 0)] {
        let p = format!("/api/v1/enterprises?revenue_year=2025&revenue_at_least={at_least}");
        assert_eq!(alice.get_json(&p).await.1["total"], n, "{p}");
    }
    assert_eq!(
        alice
            .get_json("/api/v1/enterprises?revenue_year=2024&revenue_at_least=1")
            .await
            .1["total"],
        0
    );
    let (st, _) = alice
        .get_json("/api/v1/enterprises?revenue_at_least=1")
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let page = alice
        .get("/enterprises?revenue=100m&revenue_year=2025")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("甲一制造有限公司") && !page.contains("甲二科技有限公司"));

    let c = coverage(&alice, t.a).await;
    assert_eq!(
        (
            c["enterprises"].as_u64(),
            c["none"].as_u64(),
            c["joint"].as_u64()
        ),
        (Some(2), Some(1), Some(1)),
        "{c}"
    );
    assert_eq!(c["organization_rate"], 50.0);

    // Three full members filed at the enterprise: members but no organization, and the rule
    // of three is broken; a branch set up under it makes it its own.
    for (i, name) in ["党员甲", "党员乙", "党员丙"].iter().enumerate() {
        full_member(&admin, e1, name, i as u32 + 1).await;
    }
    let (_, v) = alice.get_json(&format!("/api/v1/enterprises/{e1}")).await;
    assert_eq!(v["party_status"], "members_only", "{v}");
    assert_eq!(v["should_have_own_branch"], true);
    let (_, list) = alice
        .get_json(&format!(
            "/api/v1/enterprises?under={}&breaking_rule=true",
            t.a
        ))
        .await;
    assert_eq!(list["total"], 1, "{list}");
    let c = coverage(&alice, t.a).await;
    assert_eq!(
        (
            c["members_only"].as_u64(),
            c["breaking_rule"].as_u64(),
            c["members"].as_u64()
        ),
        (Some(1), Some(1), Some(3)),
        "{c}"
    );
    assert_eq!(c["work_rate"], 100.0);
    admin
        .create_node(Some(e1), "甲一制造有限公司党支部", "party_branch")
        .await;
    let c = coverage(&alice, t.a).await;
    assert_eq!(
        (c["own"].as_u64(), c["breaking_rule"].as_u64()),
        (Some(1), Some(0)),
        "{c}"
    );
    assert_eq!(c["organization_rate"], 100.0);
    let (_, list) = alice
        .get_json(&format!("/api/v1/enterprises?party=own"))
        .await;
    assert_eq!(list["total"], 1, "{list}");

    // A closed enterprise leaves the coverage; a closure needs its date.
    let mut closed = profile(CODE_B);
    closed["status"] = json!("closed");
    let (st, v) = alice
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/enterprises/{e2}"),
            closed.clone(),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    closed["status_on"] = json!("2025-06-30");
    let (st, v) = alice
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/enterprises/{e2}"),
            closed,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(coverage(&alice, t.a).await["enterprises"], 1);

    // The coverage line by line adds up to the whole, by child, industry and size.
    let whole = coverage(&alice, t.a).await;
    assert_eq!(
        alice
            .get_json(&format!("/api/v1/coverage?under={}", t.district))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    for by in ["child", "industry", "size"] {
        let (st, lines) = alice
            .get_json(&format!("/api/v1/coverage/breakdown?under={}&by={by}", t.a))
            .await;
        assert_eq!(st, StatusCode::OK, "{lines}");
        let sum: u64 = lines
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["coverage"]["enterprises"].as_u64().unwrap())
            .sum();
        assert_eq!(Some(sum), whole["enterprises"].as_u64(), "{by}: {lines}");
    }
    let (_, lines) = alice
        .get_json(&format!(
            "/api/v1/coverage/breakdown?under={}&by=child",
            t.a
        ))
        .await;
    assert_eq!(lines[0]["key"], t.a1.to_string(), "{lines}");
    assert_eq!(lines[0]["name"], "甲一网格");
    assert_eq!(lines[0]["coverage"], coverage(&alice, t.a1).await);
    let (st, _) = alice.get_json("/api/v1/coverage/breakdown?by=child").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let (st, _) = alice.get_json("/api/v1/coverage/breakdown?by=colour").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let page = alice
        .get(&format!("/enterprises?under={}", t.a))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-testid=\"coverage-lines\"") && page.contains("甲一网格"));

    // The sibling park's admin sees and changes none of it.
    assert_eq!(
        bob.get_json(&format!("/api/v1/enterprises/{e1}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (st, _) = bob
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/enterprises/{e1}"),
            json!({"credit_code": "x"}),
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(
        bob.get_json(&format!("/api/v1/coverage?under={}", t.a))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (_, list) = bob.get_json("/api/v1/enterprises").await;
    assert_eq!(list["total"], 0, "{list}");
    assert_eq!(
        bob.get(&format!("/enterprises/{e1}")).await.status(),
        StatusCode::NOT_FOUND
    );

    // Moved to the other park, the enterprise goes with its branch and members.
    let (st, v) = admin
        .post(
            &format!("/api/v1/orgs/{e1}/move"),
            json!({"parent_id": t.b1}),
        )
        .await;
    assert!(st.is_success(), "{v}");
    assert_eq!(coverage(&alice, t.a).await["enterprises"], 0);
    let c = coverage(&bob, t.b).await;
    assert_eq!(
        (
            c["enterprises"].as_u64(),
            c["own"].as_u64(),
            c["members"].as_u64()
        ),
        (Some(1), Some(1), Some(3)),
        "{c}"
    );
    let (st, v) = bob.get_json(&format!("/api/v1/enterprises/{e1}")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    // A member removed from the roll leaves the kept figures at once.
    let (_, people) = admin
        .get_json(&format!("/api/v1/people?under={e1}&per_page=1"))
        .await;
    let pid = people["items"][0]["id"].as_i64().unwrap();
    assert_eq!(
        admin.delete(&format!("/api/v1/people/{pid}")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(coverage(&bob, t.b).await["members"], 2);
    let _ = eb;

    // The ledger's pages and export.
    let page = bob.get("/enterprises").await.text().await.unwrap();
    assert!(page.contains("甲一制造有限公司") && page.contains("data-testid=\"coverage\""));
    let (st, bytes) = bob.get_bytes("/api/v1/enterprises/export.xlsx").await;
    assert_eq!(st, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));
    let page = bob
        .get(&format!("/enterprises/{eb}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("data-testid=\"enterprise-form\""),
        "a blank enterprise offers the form"
    );
    // A refused revenue form keeps the profile form's values; a removed profile is announced
    // on the list.
    let r = bob
        .form(
            &format!("/enterprises/{e1}/revenues"),
            &[("year", "二〇二五"), ("amount", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains(&format!("value=\"{CODE_A}\"")),
        "the profile form keeps its code"
    );
    assert!(
        page.contains("value=\"二〇二五\""),
        "the refused year is shown again"
    );
    let r = bob.form(&format!("/enterprises/{e1}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    let page = bob.get(&to).await.text().await.unwrap();
    assert!(page.contains("企业台账已删除"), "{to}");
}

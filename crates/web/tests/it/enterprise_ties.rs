//! What ties enterprises to others, over HTTP: a chain committee's staff read the profiles of
//! its current members in other parks — audited, without their people, and not once an
//! enterprise has left; links to party organizations with an incubation that graduates;
//! instructors with the visits they made; guidance teams; none of it from a sibling subtree.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn profile(s: &Session, node: i64, code: &str) {
    let body = json!({"credit_code": code, "industry": "C", "size": "small"});
    let (st, v) = s
        .send(Method::PUT, &format!("/api/v1/enterprises/{node}"), body)
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
}

/// Every row of the caller's ledger page, read from the marks, is the profile as its own page
/// works it out from the records.
async fn list_agrees_with_profiles(s: &Session) {
    let (_, list) = s.get_json("/api/v1/enterprises?per_page=100").await;
    let items = list["items"].as_array().unwrap();
    assert!(!items.is_empty(), "{list}");
    for item in items {
        let (_, one) = s
            .get_json(&format!("/api/v1/enterprises/{}", item["id"]))
            .await;
        assert_eq!(item, &one);
    }
}

#[tokio::test]
async fn a_chain_committee_reads_its_members_profiles_across_parks_and_nothing_more() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let committee = admin
        .create_node(Some(t.district), "测试区两新组织党委", "party_committee")
        .await;
    let chain = admin
        .create_node(
            Some(committee),
            "精细化工产业链党委",
            "chain_party_committee",
        )
        .await;
    let ea = admin
        .create_node(Some(t.a1), "甲化工有限公司", "enterprise")
        .await;
    let eb = admin
        .create_node(Some(t.b1), "乙化工有限公司", "enterprise")
        .await;
    let ec = admin
        .create_node(Some(t.b1), "乙物流有限公司", "enterprise")
        .await;
    profile(&admin, ea, "91350100M000100Y43").await;
    profile(&admin, eb, "91110108551385082Q").await;
    let third = touyan_domain::enterprise::CreditCode::complete("91370700MA3C4FJL1").unwrap();
    profile(&admin, ec, third.as_str()).await;
    let worker = admin.new_person(eb, "乙厂职工", 1).await;
    admin.create_user("carol", Some(chain), "org_admin").await;
    let carol = app.login("carol", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;

    // Only those who may change both the chain and the enterprise add it.
    let join = format!("/api/v1/chains/{chain}/members");
    let (st, v) = carol.post(&join, json!({"id": ea})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field_error(&v, "id").is_empty(), "{v}");
    for e in [ea, eb] {
        let (st, v) = admin
            .post(&join, json!({"id": e, "from_on": "2024-03-01"}))
            .await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }
    let (st, _) = admin.post(&join, json!({"id": ea})).await;
    assert_eq!(st, StatusCode::CONFLICT);

    // The committee's staff read the members' profiles and coverage in both parks…
    for e in [ea, eb] {
        let (st, v) = carol.get_json(&format!("/api/v1/enterprises/{e}")).await;
        assert_eq!(st, StatusCode::OK, "{v}");
        let (st, _) = carol
            .get_json(&format!("/api/v1/enterprises/{e}/revenues"))
            .await;
        assert_eq!(st, StatusCode::OK);
    }
    let (_, members) = carol.get_json(&join).await;
    assert_eq!(members.as_array().unwrap().len(), 2, "{members}");
    assert!(
        members[0]["profile"]["credit_code"].is_string(),
        "{members}"
    );
    let (_, c) = carol.get_json(&format!("/api/v1/chains/{chain}")).await;
    assert_eq!(c["members"], 2, "{c}");
    assert_eq!(c["coverage"]["enterprises"], 2, "{c}");
    // The district's breakdown by chain: both members on the chain's line, the third in none.
    let (st, lines) = admin
        .get_json(&format!(
            "/api/v1/coverage/breakdown?under={}&by=chain",
            t.district
        ))
        .await;
    assert_eq!(st, StatusCode::OK, "{lines}");
    let line = |key: String| {
        lines
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["key"] == key)
            .map(|l| l["coverage"]["enterprises"].clone())
    };
    assert_eq!(line(chain.to_string()), Some(json!(2)), "{lines}");
    assert_eq!(line(String::new()), Some(json!(1)), "{lines}");
    assert_eq!(lines[0]["name"], "精细化工产业链党委", "{lines}");
    let page = admin
        .get(&format!("/enterprises?under={}&by=chain", t.district))
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains(&format!("/chains/{chain}")));
    // …and each read outside their subtree is in the audit log.
    let (_, log) = admin.get_json("/api/v1/audit?action=chain_view").await;
    assert!(log["total"].as_u64().unwrap() >= 3, "{log}");
    // Not a non-member, not the people, not the instructors, not the parks' lists.
    for p in [
        format!("/api/v1/enterprises/{ec}"),
        format!("/api/v1/people/{worker}"),
        format!("/api/v1/enterprises/{eb}/instructors"),
        format!("/api/v1/coverage?under={}", t.b),
    ] {
        assert_eq!(carol.get_json(&p).await.0, StatusCode::NOT_FOUND, "{p}");
    }
    assert_eq!(carol.get_json("/api/v1/enterprises").await.1["total"], 0);
    let (st, _) = carol
        .send(
            Method::PUT,
            &format!("/api/v1/enterprises/{eb}"),
            json!({"credit_code": "91110108551385082Q"}),
        )
        .await;
    assert_eq!(
        st,
        StatusCode::NOT_FOUND,
        "a member's profile is read, not changed"
    );
    let page = carol.get(&format!("/chains/{chain}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains("甲化工有限公司") && page.contains("乙化工有限公司"));
    assert!(!page.contains("乙物流有限公司"));
    let page = carol.get(&format!("/enterprises/{eb}")).await;
    assert_eq!(page.status(), StatusCode::OK);

    // The sibling park's admin sees nothing of the chain or of park A's member.
    assert_eq!(
        bob.get_json(&format!("/api/v1/chains/{chain}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bob.get_json(&format!("/api/v1/enterprises/{ea}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(bob.get_json("/api/v1/chains").await.1, json!([]));

    // An enterprise that leaves is out of sight at once; its name stays in the history.
    let mid = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["enterprise_id"] == eb)
        .map(|m| m["id"].as_i64().unwrap())
        .unwrap();
    let st = admin.delete(&format!("{join}/{mid}")).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    assert_eq!(
        carol.get_json(&format!("/api/v1/enterprises/{eb}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, members) = carol.get_json(&join).await;
    let left: Vec<&Value> = members
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["left_on"].is_string())
        .collect();
    assert_eq!(left.len(), 1, "{members}");
    assert!(left[0]["profile"].is_null(), "{members}");
    assert_eq!(
        carol.get_json(&format!("/api/v1/chains/{chain}")).await.1["members"],
        1
    );
}

#[tokio::test]
async fn links_incubation_instructors_and_teams_follow_the_records() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let e1 = admin
        .create_node(Some(t.a1), "甲孵化企业", "enterprise")
        .await;
    let e2 = admin
        .create_node(Some(t.a1), "甲未派企业", "enterprise")
        .await;
    profile(&alice, e1, "91350100M000100Y43").await;
    profile(&alice, e2, "91110108551385082Q").await;
    let incubator = admin
        .create_node(Some(t.a), "甲园区孵化育新党支部", "party_branch")
        .await;
    let grid_b = t.b1;

    // A link names a party organization the caller reads.
    let links = format!("/api/v1/enterprises/{e1}/links");
    let (st, v) = alice
        .post(&links, json!({"kind": "incubation", "org_node_id": t.a1}))
        .await;
    assert_eq!(
        (st, field_error(&v, "org_node_id").is_empty()),
        (StatusCode::UNPROCESSABLE_ENTITY, false),
        "{v}"
    );
    let (st, v) = alice
        .post(&links, json!({"kind": "joint", "org_node_id": grid_b}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = alice
        .post(&links, json!({"kind": "friend", "org_node_id": "x"}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!field_error(&v, "kind").is_empty() && !field_error(&v, "org_node_id").is_empty());
    let (st, v) = alice
        .post(
            &links,
            json!({"kind": "incubation", "org_node_id": incubator, "from_on": "2024-01-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (_, v) = alice.get_json(&format!("/api/v1/enterprises/{e1}")).await;
    assert_eq!(v["party_status"], "incubation", "{v}");
    list_agrees_with_profiles(&alice).await;
    // An applicant recruited in the covered enterprise, one filed with the branch.
    for (i, node) in [e1, incubator].into_iter().enumerate() {
        let mut p = person(node, &format!("申请人{i}"), date(1998, 3, 1), 10 + i as u32);
        p["status"] = json!("applicant");
        p["applied_on"] = json!("2024-06-01");
        let (st, v) = alice.post("/api/v1/people", p).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }
    let (_, inc) = alice.get_json("/api/v1/incubators").await;
    assert_eq!(
        (
            &inc[0]["covering"],
            &inc[0]["graduated"],
            &inc[0]["applicants"]
        ),
        (&json!(1), &json!(0), &json!(2)),
        "{inc}"
    );
    // A branch of its own set up under it: the incubation ends as a graduation.
    admin
        .create_node(Some(e1), "甲孵化企业党支部", "party_branch")
        .await;
    let (st, v) = alice.post(&format!("{links}/end"), json!({})).await;
    assert_eq!(st, StatusCode::NO_CONTENT, "{v}");
    let (_, inc) = alice.get_json("/api/v1/incubators").await;
    assert_eq!(
        (&inc[0]["covering"], &inc[0]["graduated"]),
        (&json!(0), &json!(1)),
        "{inc}"
    );
    let (_, v) = alice.get_json(&links).await;
    assert_eq!(v[0]["outcome"], "graduated", "{v}");
    let (_, v) = alice.get_json(&format!("/api/v1/enterprises/{e1}")).await;
    assert_eq!(v["party_status"], "own", "{v}");
    list_agrees_with_profiles(&alice).await;
    // The linked branch is not deleted from under the link.
    let st = admin.delete(&format!("/api/v1/orgs/{incubator}")).await;
    assert!(st.is_client_error(), "{st}");

    // A joint branch covering the other enterprise: listed with its figures, and the
    // ledger narrowed to the enterprises it covers now.
    let joint = admin
        .create_node(Some(t.a), "甲园区联合党支部", "party_branch")
        .await;
    let (st, v) = alice
        .post(
            &format!("/api/v1/enterprises/{e2}/links"),
            json!({"kind": "joint", "org_node_id": joint, "from_on": "2024-03-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (_, v) = alice.get_json("/api/v1/joint-branches").await;
    assert_eq!(
        (&v[0]["id"], &v[0]["covering"], v.as_array().unwrap().len()),
        (&json!(joint), &json!(1), 1),
        "{v}"
    );
    let (_, v) = alice
        .get_json(&format!("/api/v1/enterprises?covered_by={joint}"))
        .await;
    assert_eq!(
        (&v["total"], &v["items"][0]["id"]),
        (&json!(1), &json!(e2)),
        "{v}"
    );
    let (_, v) = alice
        .get_json(&format!("/api/v1/enterprises?covered_by={incubator}"))
        .await;
    assert_eq!(v["total"], 0, "{v}");
    let html = alice
        .get(&format!("/enterprises?covered_by={joint}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("覆盖党组织：甲园区联合党支部"), "{html}");
    assert!(html.contains("甲未派企业") && !html.contains("甲孵化企业</a>"));
    let html = alice.get("/instructors").await.text().await.unwrap();
    assert!(html.contains(&format!("href=\"/enterprises?covered_by={joint}\"")));
    // Someone who reads neither the branch nor the enterprise sees no joint branch.
    assert_eq!(bob.get_json("/api/v1/joint-branches").await.1, json!([]));

    // Instructors: a person the caller reads, once at a time; the gap list.
    let instructor = alice.new_person(t.a, "指导员甲", 20).await;
    let stranger = admin.new_person(t.b, "乙园区干部", 21).await;
    let sent = format!("/api/v1/enterprises/{e1}/instructors");
    let (st, v) = alice.post(&sent, json!({"id": stranger})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = alice.post(&sent, json!({"id": instructor})).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let aid = v["id"].as_i64().unwrap();
    let (st, _) = alice.post(&sent, json!({"id": instructor})).await;
    assert_eq!(st, StatusCode::CONFLICT);
    let gaps = "/api/v1/enterprises?without_instructor=true";
    let (_, v) = alice.get_json(gaps).await;
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["items"][0]["id"], e2);
    // A visit the instructor made, with its two problems.
    let visit = json!({"node_id": e1, "visited_on": today().to_string(),
        "visitor_person_id": instructor, "notes": "了解企业党建工作",
        "contact_name": "刘经理", "contact_phone": "13912345678",
        "problems": [{"category": "enterprise", "description": "用工招聘难，希望对接招聘会"},
                     {"category": "enterprise", "description": "厂区道路破损需要修补"}]});
    let (st, v) = alice.post("/api/v1/visits", visit).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (_, v) = alice.get_json("/api/v1/instructors").await;
    assert_eq!(v[0]["name"], "指导员甲", "{v}");
    assert_eq!(
        (&v[0]["visits"], &v[0]["problems"]),
        (&json!(1), &json!(2)),
        "{v}"
    );
    assert_eq!(bob.get_json("/api/v1/instructors").await.1, json!([]));
    assert_eq!(bob.get_json(&sent).await.0, StatusCode::NOT_FOUND);
    let (st, _) = alice
        .post(
            &format!("{sent}/{aid}/end"),
            json!({"until_on": "2000-01-01"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let (st, _) = alice.post(&format!("{sent}/{aid}/end"), json!({})).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    assert_eq!(alice.get_json(gaps).await.1["total"], 2);

    // A guidance team with members by rank, out of a sibling's reach.
    let (st, team) = alice
        .post(
            "/api/v1/guidance-teams",
            json!({"node_id": t.a, "name": "甲园区党建指导团"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{team}");
    let members = format!("/api/v1/guidance-teams/{}/members", team["id"]);
    let (st, v) = alice
        .post(
            &members,
            json!({"person_id": instructor, "rank": "general"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = alice
        .post(
            &members,
            json!({"person_id": instructor, "rank": "county", "duty": "团长"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["county"], 1, "{v}");
    let (st, _) = bob
        .post(&members, json!({"person_id": stranger, "rank": "section"}))
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(bob.get_json("/api/v1/guidance-teams").await.1, json!([]));

    // The pages.
    let page = alice.get("/instructors").await.text().await.unwrap();
    assert!(page.contains("甲园区党建指导团") && page.contains("甲园区孵化育新党支部"));
    let page = alice
        .get(&format!("/enterprises/{e1}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-testid=\"links\"") && page.contains("指导员甲"));
    let r = alice
        .form(
            &format!("/enterprises/{e2}/links"),
            &[("kind", "joint"), ("org_node_id", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

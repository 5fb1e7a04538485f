//! A published evaluation round of organizations is an inspection (巡查) by the node that ran
//! it: it keeps a park 党工委's 一季一巡查 for the quarter it assessed, counted on the day
//! it was published, or on the period's last day when published after it; a round not yet
//! published, a studio round or another subtree's round counts nothing.

use crate::common::*;
use chrono::Datelike;
use reqwest::{Method, StatusCode};
use serde_json::json;

/// (organizations, met, done) of the inspection line under `under` on `on`.
async fn inspection(s: &Session, under: i64, on: &str) -> (i64, i64, i64) {
    s.compliance_line(under, Some(on), "inspection")
        .await
        .map_or((0, 0, 0), |l| {
            let n = |k: &str| l[k].as_i64().unwrap();
            (n("organizations"), n("met"), n("done"))
        })
}

/// A round at `node` over `branch` for `period`, scored and moved to publication.
async fn published_round(s: &Session, node: i64, branch: i64, period: &str) {
    let (rid, item, veto) = crate::evaluation_subject::rubric(s, node).await;
    let body = json!({"node_id": node, "rubric_id": rid, "title": format!("{period} 支部巡查"),
                      "period": period, "target_ids": [branch]});
    let (st, d) = s.post("/api/v1/rounds", body).await;
    assert_eq!(st, StatusCode::CREATED, "{d}");
    let id = d["round"]["id"].as_i64().unwrap();
    let tid = d["targets"][0]["id"].as_i64().unwrap();
    s.move_round(id, &["self_assessment", "review"]).await;
    for (iid, v) in [(item, 90), (veto, 0)] {
        let u = format!("/api/v1/rounds/{id}/targets/{tid}/indicators/{iid}/review");
        let (st, r) = s.send(Method::PUT, &u, json!({"score": v})).await;
        assert_eq!(st, StatusCode::OK, "{r}");
    }
    s.move_round(id, &["notice", "published"]).await;
}

fn quarter_of(d: chrono::NaiveDate) -> (String, chrono::NaiveDate) {
    let q = (d.month() - 1) / 3 + 1;
    let last_month = q * 3;
    let next = if last_month == 12 {
        chrono::NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
    } else {
        chrono::NaiveDate::from_ymd_opt(d.year(), last_month + 1, 1)
    };
    (
        format!("{}Q{q}", d.year()),
        next.unwrap().pred_opt().unwrap(),
    )
}

#[tokio::test]
async fn a_published_round_keeps_the_quarterly_inspection_of_the_node_that_ran_it() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let committee = admin
        .create_node(Some(t.a), "甲园区党工委", "party_working_committee")
        .await;
    let branch = admin
        .create_node(Some(committee), "甲园区第一党支部", "party_branch")
        .await;
    let other = admin
        .create_node(Some(t.b), "乙园区党工委", "party_working_committee")
        .await;
    let b_branch = admin
        .create_node(Some(other), "乙园区第一党支部", "party_branch")
        .await;
    let now = today();
    let on = now.to_string();
    assert_eq!(inspection(&alice, committee, &on).await, (1, 0, 0));

    // This quarter's round, published today: the committee has inspected this quarter.
    let (this_q, _) = quarter_of(now);
    published_round(&alice, committee, branch, &this_q).await;
    assert_eq!(inspection(&alice, committee, &on).await, (1, 1, 1));
    // Bob's committee ran none: its quarter is still behind.
    assert_eq!(inspection(&bob, other, &on).await, (1, 0, 0));

    // Last quarter's round published today counts on last quarter's last day.
    let (last_q, last_day) = quarter_of(now - chrono::Duration::days(92));
    let last_day = last_day.to_string();
    assert_eq!(inspection(&bob, other, &last_day).await, (1, 0, 0));
    published_round(&bob, other, b_branch, &last_q).await;
    assert_eq!(inspection(&bob, other, &last_day).await, (1, 1, 1));
    assert_eq!(inspection(&bob, other, &on).await, (1, 0, 0));
    // Neither round reaches the other's subtree.
    assert_eq!(inspection(&alice, committee, &last_day).await.1, 0);
}

//! The demo's commendation read over the API: 滨海's 15 demonstration branches and 30 advanced
//! individuals (seed [003]).

use super::tests::{n, Api};

/// [003]: 滨海 commends 15 demonstration branches and 30 advanced individuals — one issued
/// commendation naming them, each individual's honour recorded in the honours ledger, and
/// the commendation on a commended branch's page.
pub(super) async fn commendations_binhai(api: &Api) {
    let root = api.node("潍坊滨海经济技术开发区").await;
    let list = api
        .get(
            "/api/v1/commendations",
            &[("under", root.as_str()), ("state", "issued")],
        )
        .await;
    assert_eq!(n(&list["total"]), 1, "{list}");
    let c = &list["items"][0];
    assert_eq!(n(&c["organizations"]), 15, "{c}");
    assert_eq!(n(&c["people"]), 30, "{c}");
    let held = api
        .total(
            "/api/v1/honours",
            &[("under", root.as_str()), ("title", "先进个人")],
        )
        .await;
    assert_eq!(held, 30);
    let id = c["id"].as_i64().expect("id");
    let d = api.get(&format!("/api/v1/commendations/{id}"), &[]).await;
    let orgs = d["organizations"].as_array().expect("organizations");
    assert!(orgs.iter().all(|o| o["honour"] == "示范党支部"), "{d}");
    let people = d["people"].as_array().expect("people");
    assert!(people.iter().all(|p| p["honour_id"].is_i64()), "{d}");
}

//! The commendation demo: 滨海 commends 15 demonstration branches and 30 advanced
//! individuals [003], after its round on the five "过硬" standards — the round's best
//! results (the vetoed branch left out) and one more branch chosen by hand — issued, so
//! that each individual's honour is in the honours ledger.

use super::{node_named, Demo, StepFuture};
use chrono::Datelike;
use touyan_domain::commendation::{CommendationInput, OrgLineInput, PersonLineInput};
use touyan_storage::kit::today;
use touyan_storage::org::OrgFilter;
use touyan_storage::people::PersonFilter;

/// Demonstration branches commended [003].
const BRANCHES: usize = 15;
/// Advanced individuals commended [003].
const PEOPLE: u64 = 30;

pub(super) fn figures<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        let s = d.s;
        let c = s.commendations();
        let err = |what: &'static str| {
            move |x: touyan_storage::StorageError| anyhow::anyhow!("{what}: {x:?}")
        };
        let root = node_named(&s, "潍坊滨海经济技术开发区").await?;
        let round = c
            .published_rounds()
            .await?
            .into_iter()
            .find(|r| r.1.contains("五个过硬"))
            .ok_or_else(|| anyhow::anyhow!("the five standards round"))?;
        let people = s
            .people()
            .all(
                &PersonFilter {
                    under: Some(root),
                    status: Some("full".into()),
                    ..Default::default()
                },
                PEOPLE,
                false,
            )
            .await?;
        let year = today().year();
        let input = CommendationInput {
            node_id: root.to_string(),
            round_id: round.0.to_string(),
            title: format!("关于表扬{}年度示范党支部和先进个人的通报", year - 1),
            doc_number: format!("滨党工发〔{year}〕3号"),
            issued_on: today().format("%Y-%m-%d").to_string(),
            level: "district".into(),
            top: BRANCHES.to_string(),
            org_honour: "示范党支部".into(),
            people: people
                .iter()
                .map(|p| PersonLineInput {
                    person_id: p.id.to_string(),
                    honour: "先进个人".into(),
                })
                .collect(),
            ..Default::default()
        };
        let draft = c.create(&input).await.map_err(err("commendation"))?;
        // The round's best leave out its vetoed branch: the rest are chosen by hand among
        // the branches it did not assess.
        let mut orgs: Vec<OrgLineInput> = draft
            .organizations
            .iter()
            .map(|o| OrgLineInput {
                node_id: o.node_id.to_string(),
                honour: o.honour.clone(),
            })
            .collect();
        let named: Vec<i64> = draft.organizations.iter().map(|o| o.node_id).collect();
        let f = OrgFilter {
            under: Some(root),
            kind: Some("party_branch".into()),
            ..Default::default()
        };
        let mut others = s.orgs().all(&f, 200).await?.into_iter();
        while orgs.len() < BRANCHES {
            let b = others
                .next()
                .ok_or_else(|| anyhow::anyhow!("another branch to commend"))?;
            if !named.contains(&b.id) && !orgs.iter().any(|o| o.node_id == b.id.to_string()) {
                orgs.push(OrgLineInput {
                    node_id: b.id.to_string(),
                    honour: "示范党支部".into(),
                });
            }
        }
        let whole = CommendationInput {
            top: String::new(),
            org_honour: String::new(),
            organizations: orgs,
            ..input
        };
        let id = draft.commendation.id;
        c.update(id, &whole).await.map_err(err("commendation"))?;
        c.issue(id).await.map_err(err("issue"))?;
        Ok(())
    })
}

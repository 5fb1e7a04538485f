//! The evaluation demo: the three rubric templates copied to 滨海, and 滨海's round of last
//! year on the five "过硬" standards [003] over its party branches, self-assessed in part,
//! scored by the district, noticed and published, so that ratings have a result to read.

use super::{node_named, Demo, StepFuture};
use chrono::Datelike;
use touyan_domain::evaluation::{show_points, RoundInput, RoundState, ScoreInput, VETO_TRIGGERED};
use touyan_storage::evaluation::Side;
use touyan_storage::kit::today;
use touyan_storage::org::OrgFilter;

/// Branches the round assesses (滨海 commends 15 demonstration branches [003]).
const BRANCHES: u64 = 15;

pub(super) fn figures<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        let s = d.s;
        let e = s.evaluation();
        let root = node_named(&s, "潍坊滨海经济技术开发区").await?;
        let err = |what: &'static str| {
            move |x: touyan_storage::StorageError| anyhow::anyhow!("{what}: {x:?}")
        };
        let rubric = e
            .copy_template("five_standards", root)
            .await
            .map_err(err("five standards"))?;
        for code in ["studio", "grid_worker"] {
            e.copy_template(code, root).await.map_err(err("template"))?;
        }
        let f = OrgFilter {
            under: Some(root),
            kind: Some("party_branch".into()),
            ..Default::default()
        };
        let branches = s.orgs().all(&f, BRANCHES).await?;
        let year = today().year() - 1;
        let input = RoundInput {
            node_id: root.to_string(),
            rubric_id: rubric.rubric.id.to_string(),
            title: format!("{year}年度党组织“五个过硬”考核"),
            period: year.to_string(),
            target_ids: branches.iter().map(|b| b.id).collect(),
            ..Default::default()
        };
        let round = e.create_round(&input).await.map_err(err("round"))?;
        let id = round.round.id;
        let items: Vec<(i64, String, i64)> = round
            .indicators
            .iter()
            .filter(|i| !i.section && i.kind != "automatic")
            .map(|i| (i.id, i.kind.clone(), i.max))
            .collect();
        e.move_round(id, RoundState::SelfAssessment, None)
            .await
            .map_err(err("self-assessment"))?;
        let score = |kind: &str, max: i64, t: usize, j: usize| -> i64 {
            match kind {
                "veto" => i64::from(t == round.targets.len() - 1) * VETO_TRIGGERED,
                "bonus" => {
                    if t % 3 == 0 {
                        max * 3 / 5
                    } else {
                        0
                    }
                }
                _ => (max - ((t * 7 + j * 3) % 5) as i64 * 50).max(0),
            }
        };
        for (t, target) in round.targets.iter().enumerate().take(3) {
            for (j, (iid, kind, max)) in items.iter().enumerate() {
                let own = ScoreInput {
                    score: show_points((score(kind, *max, t, j) + 50).min(*max).max(0)),
                    note: String::new(),
                };
                let own = if kind == "veto" {
                    ScoreInput {
                        score: "0".into(),
                        note: String::new(),
                    }
                } else {
                    own
                };
                e.score(id, target.id, *iid, Side::SelfScore, &own)
                    .await
                    .map_err(err("self-score"))?;
            }
        }
        e.move_round(id, RoundState::Review, None)
            .await
            .map_err(err("review"))?;
        for (t, target) in round.targets.iter().enumerate() {
            for (j, (iid, kind, max)) in items.iter().enumerate() {
                let v = score(kind, *max, t, j);
                let given = ScoreInput {
                    score: if kind == "veto" {
                        (v / VETO_TRIGGERED).to_string()
                    } else {
                        show_points(v)
                    },
                    note: String::new(),
                };
                e.score(id, target.id, *iid, Side::Review, &given)
                    .await
                    .map_err(err("review score"))?;
            }
        }
        for to in [RoundState::Notice, RoundState::Published] {
            e.move_round(id, to, None).await.map_err(err("publish"))?;
        }
        Ok(())
    })
}

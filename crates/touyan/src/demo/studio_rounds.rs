//! The studio evaluation demo ("以评促建、以评促改" [002]; "考核评价…动态调整" [000]): 朝阳's
//! round of last year over four of its district innovation studios on the studio rubric,
//! published with rules that propose 示范 at 90 points, 预警 below 70 and 摘牌 below 60. The
//! proposal for the best studio is accepted (it is now 示范); the 预警 waits for a decision.

use super::{node_named, Demo, StepFuture};
use chrono::Datelike;
use touyan_domain::evaluation::{show_points, RoundInput, RoundState, ScoreInput};
use touyan_domain::paging::PageRequest;
use touyan_domain::studio::proposal::AcceptInput;
use touyan_storage::evaluation::Side;
use touyan_storage::kit::today;
use touyan_storage::studio::StudioFilter;

/// The round's title (the demo test finds it by this).
pub(crate) fn title(year: i32) -> String {
    format!("{year}年度朝阳区创新工作室考核")
}

/// The document number the 示范 is decided by.
pub(crate) const DOCUMENT_NO: &str = "朝工发〔2026〕12号";

/// Each studio's share of the maxima, in percent: 示范, 预警, and two left as they are.
const SHARES: [i64; 4] = [96, 66, 82, 78];

pub(super) fn figures<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        let s = d.s;
        let e = s.evaluation();
        let err = |what: &'static str| {
            move |x: touyan_storage::StorageError| anyhow::anyhow!("{what}: {x:?}")
        };
        let root = node_named(&s, "北京市朝阳区").await?;
        let rubric = e
            .copy_template("studio", root)
            .await
            .map_err(err("studio rubric"))?;
        let f = StudioFilter {
            under: Some(root),
            kind: Some("worker_innovation".into()),
            level: Some("district".into()),
            state: Some("listed".into()),
            ..Default::default()
        };
        let page = PageRequest::parse(Some(1), Some(SHARES.len() as i64))?;
        let studios = s.studios().list(&f, page).await?.items;
        anyhow::ensure!(studios.len() == SHARES.len(), "four listed studios");
        let year = today().year() - 1;
        let input = RoundInput {
            node_id: root.to_string(),
            rubric_id: rubric.rubric.id.to_string(),
            title: title(year),
            period: year.to_string(),
            target_mode: "studios".into(),
            target_ids: studios.iter().map(|st| st.id).collect(),
            demonstration_at: "90".into(),
            warned_below: "70".into(),
            delisted_below: "60".into(),
            ..Default::default()
        };
        let round = e.create_round(&input).await.map_err(err("studio round"))?;
        let id = round.round.id;
        for to in [RoundState::SelfAssessment, RoundState::Review] {
            e.move_round(id, to, None).await.map_err(err("move"))?;
        }
        for t in &round.targets {
            let i = studios
                .iter()
                .position(|st| Some(st.id) == t.studio_id)
                .unwrap_or(0);
            for ind in round.indicators.iter().filter(|i| !i.section) {
                let points = if ind.kind == "bonus" {
                    0
                } else {
                    ind.max * SHARES[i] / 100
                };
                let given = ScoreInput {
                    score: show_points(points),
                    note: String::new(),
                };
                e.score(id, t.id, ind.id, Side::Review, &given)
                    .await
                    .map_err(err("studio score"))?;
            }
        }
        for to in [RoundState::Notice, RoundState::Published] {
            e.move_round(id, to, None).await.map_err(err("publish"))?;
        }
        let accept = AcceptInput {
            document_no: DOCUMENT_NO.into(),
            on: String::new(),
        };
        s.studios()
            .accept_proposal(studios[0].id, id, &accept)
            .await
            .map_err(err("accept"))?;
        Ok(())
    })
}

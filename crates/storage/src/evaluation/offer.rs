//! What the evaluation area offers the others through the list of areas: its published
//! rounds and their results (`RoundOffer`), read without a caller — the reading area decides
//! what is in reach. Rounds of organizations are rated; rounds of studios propose moves of
//! the studios' lifecycle.

use super::targets::rules_of;
use crate::entity::evaluation_tables::{round, round_target as target};
use crate::kit::area::{Answer, RoundOutcome, RoundResult, StudioRoundResult};
use crate::scope::within;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use touyan_domain::evaluation::{RoundState, Subject};
use touyan_domain::tree::TreePath;

/// Published rounds of organizations run at or under `under`, newest period first.
pub(super) fn published<'a>(
    db: &'a DatabaseConnection,
    under: &'a TreePath,
) -> Answer<'a, Vec<(i64, String, String)>> {
    Box::pin(async move {
        Ok(round::Entity::find()
            .filter(within(round::Column::NodePath, under))
            .filter(round::Column::State.eq(RoundState::Published.code()))
            .filter(round::Column::Subject.eq(Subject::Organizations.code()))
            .order_by_desc(round::Column::Period)
            .order_by_desc(round::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.id, r.title, r.period))
            .collect())
    })
}

/// The results of round `id`, none unless it is a published round of organizations.
pub(super) fn outcome(db: &DatabaseConnection, id: i64) -> Answer<'_, Option<RoundOutcome>> {
    Box::pin(async move {
        let Some(r) = round::Entity::find_by_id(id)
            .filter(round::Column::State.eq(RoundState::Published.code()))
            .filter(round::Column::Subject.eq(Subject::Organizations.code()))
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        let results = target::Entity::find()
            .filter(target::Column::RoundId.eq(id))
            .order_by_asc(target::Column::NodeId)
            .all(db)
            .await?
            .into_iter()
            .map(|t| RoundResult {
                node_id: t.node_id,
                score_hundredths: t.final_total.unwrap_or(0),
                vetoed: t.vetoed,
            })
            .collect();
        Ok(Some(RoundOutcome {
            round_id: r.id,
            node_id: r.node_id,
            node_path: TreePath::parse(&r.node_path)?,
            period: r.period,
            title: r.title,
            results,
        }))
    })
}

/// The results of published studio rounds for studios hosted at or under `under`, each with
/// the move its round's rules propose, newest publication first.
pub(super) fn studio_results<'a>(
    db: &'a DatabaseConnection,
    under: &'a TreePath,
) -> Answer<'a, Vec<StudioRoundResult>> {
    Box::pin(async move {
        let rows = target::Entity::find()
            .filter(within(target::Column::NodePath, under))
            .filter(target::Column::StudioId.is_not_null())
            .all(db)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|t| t.round_id).collect();
        let rounds: HashMap<i64, round::Model> = round::Entity::find()
            .filter(round::Column::Id.is_in(ids))
            .filter(round::Column::State.eq(RoundState::Published.code()))
            .filter(round::Column::Subject.eq(Subject::Studios.code()))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        let mut out: Vec<StudioRoundResult> = rows
            .into_iter()
            .filter_map(|t| {
                let r = rounds.get(&t.round_id)?;
                let score = t.final_total.unwrap_or(0);
                Some(StudioRoundResult {
                    round_id: r.id,
                    round_title: r.title.clone(),
                    period: r.period.clone(),
                    published_at: r.published_at.unwrap_or(r.updated_at),
                    studio_id: t.studio_id?,
                    score_hundredths: score,
                    vetoed: t.vetoed,
                    proposal: rules_of(r)
                        .propose(score, t.vetoed)
                        .map(|p| p.code().to_string()),
                })
            })
            .collect();
        out.sort_by(|a, b| {
            (b.published_at, b.round_id, a.studio_id).cmp(&(
                a.published_at,
                a.round_id,
                b.studio_id,
            ))
        });
        Ok(out)
    })
}

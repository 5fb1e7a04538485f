//! What the evaluation area offers the others through the list of areas: its published
//! rounds and their results (`RoundOffer`), read without a caller — the reading area decides
//! what is in reach.

use crate::entity::evaluation_tables::{round, round_target as target};
use crate::kit::area::{Answer, RoundOutcome, RoundResult};
use crate::scope::within;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use touyan_domain::evaluation::RoundState;
use touyan_domain::tree::TreePath;

/// Published rounds run at or under `under`, newest period first.
pub(super) fn published<'a>(
    db: &'a DatabaseConnection,
    under: &'a TreePath,
) -> Answer<'a, Vec<(i64, String, String)>> {
    Box::pin(async move {
        Ok(round::Entity::find()
            .filter(within(round::Column::NodePath, under))
            .filter(round::Column::State.eq(RoundState::Published.code()))
            .order_by_desc(round::Column::Period)
            .order_by_desc(round::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.id, r.title, r.period))
            .collect())
    })
}

/// The results of round `id`, none unless it is published.
pub(super) fn outcome(db: &DatabaseConnection, id: i64) -> Answer<'_, Option<RoundOutcome>> {
    Box::pin(async move {
        let Some(r) = round::Entity::find_by_id(id)
            .filter(round::Column::State.eq(RoundState::Published.code()))
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

//! What the evaluation area offers the work cadence: a published round of organizations is
//! an inspection (巡查) by the node that ran it, toward the 一季一巡查 of a park's 党工委
//! [004] — counted once, on the day it was published kept within the period it assessed
//! (`Period::inspection_day`). A reopened round counts again only once republished.

use crate::entity::evaluation_tables::round;
use crate::kit::area::{Answer, CadenceOffer, Credit, CreditQuery};
use crate::kit::beijing_day_of;
use crate::scope::within;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::BTreeMap;
use touyan_domain::evaluation::{Period, RoundState, Subject};
use touyan_domain::tree::TreePath;

/// The activity type a published round counts as (see the cadence's type dictionary).
const INSPECTION: &str = "inspection";

pub(super) const OFFER: CadenceOffer = CadenceOffer {
    roles: &[],
    holders,
    credits,
};

/// Rounds give no part of their own: the obligation names the 党工委 by its kind.
fn holders<'a>(_: &'a DatabaseConnection, _: &'a TreePath) -> Answer<'a, Vec<(i64, String)>> {
    Box::pin(async move { Ok(Vec::new()) })
}

fn credits<'a>(db: &'a DatabaseConnection, q: &'a CreditQuery) -> Answer<'a, Vec<Credit>> {
    Box::pin(async move {
        if !q.types.iter().any(|t| t == INSPECTION) {
            return Ok(Vec::new());
        }
        // Published rounds of organizations run at or under the node: a handful a year per
        // node, so the day is worked out here rather than in the statement.
        let rows: Vec<(i64, String, Option<i64>)> = round::Entity::find()
            .select_only()
            .column(round::Column::NodeId)
            .column(round::Column::Period)
            .column(round::Column::PublishedAt)
            .filter(within(round::Column::NodePath, &q.under))
            .filter(round::Column::State.eq(RoundState::Published.code()))
            .filter(round::Column::Subject.eq(Subject::Organizations.code()))
            .into_tuple()
            .all(db)
            .await?;
        let mut per_day: BTreeMap<(i64, chrono::NaiveDate), u64> = BTreeMap::new();
        for (node_id, period, published_at) in rows {
            let (Some(p), Some(at)) = (Period::parse(&period), published_at) else {
                continue;
            };
            let day = p.inspection_day(beijing_day_of(at));
            if (q.from..=q.to).contains(&day) {
                *per_day.entry((node_id, day)).or_default() += 1;
            }
        }
        Ok(per_day
            .into_iter()
            .map(|((node_id, held_on), count)| Credit {
                node_id,
                activity_type: INSPECTION.to_string(),
                held_on,
                count,
            })
            .collect())
    })
}

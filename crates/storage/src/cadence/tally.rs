//! Figures the cadence offers other areas through the list of areas: how many activities of
//! one type the nodes asked about held (a chain committee's council meetings, 产业链议事会).

use crate::entity::cadence_tables::cadence_count as count;
use crate::kit::area::{Answer, TallyQuery, TallyRow};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::BTreeMap;

/// Activities of `activity_type` held by the nodes of `q` (all nodes when none), between its
/// days, from each node's own day in `since`; one line per node, read from the kept counts.
async fn of_type(
    db: &DatabaseConnection,
    q: &TallyQuery,
    activity_type: &str,
) -> crate::Result<Vec<TallyRow>> {
    let mut sel = count::Entity::find()
        .select_only()
        .column(count::Column::NodeId)
        .column(count::Column::HeldOn)
        .column_as(Expr::cust("CAST(SUM(n) AS BIGINT)"), "n")
        .filter(count::Column::ActivityType.eq(activity_type))
        .group_by(count::Column::NodeId)
        .group_by(count::Column::HeldOn);
    if !q.node_ids.is_empty() {
        sel = sel.filter(count::Column::NodeId.is_in(q.node_ids.clone()));
    }
    if let Some(d) = q.from {
        sel = sel.filter(count::Column::HeldOn.gte(d));
    }
    if let Some(d) = q.to {
        sel = sel.filter(count::Column::HeldOn.lte(d));
    }
    let rows: Vec<(i64, chrono::NaiveDate, i64)> = sel.into_tuple().all(db).await?;
    let mut by_node: BTreeMap<i64, u64> = BTreeMap::new();
    for (node, day, n) in rows {
        if q.since.get(&node).is_some_and(|s| day < *s) {
            continue;
        }
        *by_node.entry(node).or_default() += n.max(0) as u64;
    }
    Ok(by_node
        .into_iter()
        .map(|(node_id, count)| TallyRow {
            node_id,
            count,
            ..Default::default()
        })
        .collect())
}

/// Council meetings of chain committees (产业链党委议事会).
pub(super) fn chain_councils<'a>(
    db: &'a DatabaseConnection,
    q: &'a TallyQuery,
) -> Answer<'a, Vec<TallyRow>> {
    Box::pin(of_type(db, q, "chain_council"))
}

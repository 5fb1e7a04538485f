//! Figures the work lists offer other areas through the list of areas: per recipient node,
//! how many tasks it received, how many of them were accepted, and how many accepted having
//! submitted on time (`task_completion`, for an evaluation of the nodes).

use crate::entity::task_tables::{task, task_recipient as rec};
use crate::kit::area::{Answer, TallyQuery, TallyRow};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::BTreeMap;
use touyan_domain::task::State;

/// Tasks issued to the nodes of `q` (all nodes when none) and due between its days (the due
/// moment's day, Beijing).
async fn completion(db: &DatabaseConnection, q: &TallyQuery) -> crate::Result<Vec<TallyRow>> {
    let mut sel = rec::Entity::find()
        .select_only()
        .column(rec::Column::NodeId)
        .column(rec::Column::State)
        .column(rec::Column::Late);
    if !q.node_ids.is_empty() {
        sel = sel.filter(rec::Column::NodeId.is_in(q.node_ids.clone()));
    }
    if q.from.is_some() || q.to.is_some() {
        let mut due = Query::select()
            .column(task::Column::Id)
            .from(task::Entity)
            .to_owned();
        if let Some(d) = q.from {
            due.and_where(Expr::col(task::Column::DueAt).gte(d.and_hms_opt(0, 0, 0)));
        }
        if let Some(d) = q.to {
            due.and_where(Expr::col(task::Column::DueAt).lte(d.and_hms_opt(23, 59, 59)));
        }
        sel = sel.filter(rec::Column::TaskId.in_subquery(due));
    }
    let rows: Vec<(i64, String, bool)> = sel.into_tuple().all(db).await?;
    let mut by_node: BTreeMap<i64, TallyRow> = BTreeMap::new();
    for (node, state, late) in rows {
        let row = by_node.entry(node).or_insert(TallyRow {
            node_id: node,
            ..Default::default()
        });
        row.count += 1;
        if state == State::Accepted.code() {
            row.items += 1;
            if !late {
                row.done += 1;
            }
        }
    }
    Ok(by_node.into_values().collect())
}

/// Per node: tasks received (`count`), accepted (`items`), accepted on time (`done`).
pub(super) fn task_completion<'a>(
    db: &'a DatabaseConnection,
    q: &'a TallyQuery,
) -> Answer<'a, Vec<TallyRow>> {
    Box::pin(completion(db, q))
}

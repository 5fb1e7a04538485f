//! The kept counts follow a subtree move: a task issued above the moved subtree to
//! recipients in it had them counted at the nodes on the old way down; its counts are
//! worked out again from its recipients' rows along the ways as they now run.

use super::write::chain;
use crate::entity::task_tables::{task, task_count as count, task_recipient as rec};
use crate::scope::within;
use crate::Result;
use sea_orm::sea_query::Query;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use std::collections::BTreeMap;
use touyan_domain::task::{flags, State};
use touyan_domain::tree::TreePath;

/// How many tasks are worked out again at once.
const TASKS_AT_ONCE: usize = 50;

/// The counts of every task issued outside the subtree now at `moved` to a recipient in it.
pub(super) async fn regroup(txn: &DatabaseTransaction, moved: &TreePath) -> Result<()> {
    let reached = Query::select()
        .column(rec::Column::TaskId)
        .from(rec::Entity)
        .and_where(within(rec::Column::NodePath, moved))
        .to_owned();
    let tasks = task::Entity::find()
        .filter(task::Column::Id.in_subquery(reached))
        .filter(within(task::Column::NodePath, moved).not())
        .all(txn)
        .await?;
    for part in tasks.chunks(TASKS_AT_ONCE) {
        recount(txn, part).await?;
    }
    Ok(())
}

/// One row of counts: the node above on the way, the node's path, the five counts.
type Line = (Option<i64>, String, [i64; 5]);

/// Replaces the counts of `tasks` with those summed from their recipients' rows.
async fn recount(txn: &DatabaseTransaction, tasks: &[task::Model]) -> Result<()> {
    let ids: Vec<i64> = tasks.iter().map(|t| t.id).collect();
    let rows = rec::Entity::find()
        .filter(rec::Column::TaskId.is_in(ids.clone()))
        .all(txn)
        .await?;
    let by_id: BTreeMap<i64, &task::Model> = tasks.iter().map(|t| (t.id, t)).collect();
    let mut sums: BTreeMap<(i64, i64), Line> = BTreeMap::new();
    for r in rows {
        let Some(t) = by_id.get(&r.task_id) else {
            continue;
        };
        let state = State::from_code(&r.state).unwrap_or(State::Issued);
        let f = flags(state, r.late);
        let mut way = chain(t.node_id, &TreePath::parse(&r.node_path)?);
        if way.is_empty() {
            // A recipient no longer below the issuing node still counts there.
            way.push((t.node_id, None, TreePath::parse(&t.node_path)?));
        }
        for (node, parent, p) in way {
            let line = sums
                .entry((t.id, node))
                .or_insert((parent, p.as_str().to_string(), [0; 5]));
            for (sum, v) in line.2.iter_mut().zip(f) {
                *sum += v;
            }
        }
    }
    count::Entity::delete_many()
        .filter(count::Column::TaskId.is_in(ids))
        .exec(txn)
        .await?;
    let lines: Vec<count::ActiveModel> = sums
        .into_iter()
        .map(|((task_id, node), (parent, p, c))| count::ActiveModel {
            task_id: Set(task_id),
            node_id: Set(node),
            parent_id: Set(parent),
            node_path: Set(p),
            total: Set(c[0]),
            received: Set(c[1]),
            submitted: Set(c[2]),
            accepted: Set(c[3]),
            on_time: Set(c[4]),
        })
        .collect();
    for part in lines.chunks(crate::IN_CHUNK / 10) {
        count::Entity::insert_many(part.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

//! Tasks offered to the other areas (a campaign lists the tasks issued for it): those the
//! caller reads, with the rates kept at the issuing node, never summed from the recipients.

use super::{moment, now_beijing, TaskRepo};
use crate::entity::task_tables::{task, task_count as count, task_recipient as rec};
use crate::kit::area::{Answer, TaskRef};
use crate::scope::within_any;
use crate::{Result, Scoped};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};
use touyan_domain::access::Permission;
use touyan_domain::task::percent;
use touyan_domain::tree::TreePath;

/// The tasks of `ids` the caller reads (see [`crate::kit::area::TaskRefsFn`]).
pub(super) fn task_refs<'a>(s: Scoped<'a>, ids: &'a [i64]) -> Answer<'a, Vec<TaskRef>> {
    Box::pin(async move { s.tasks().refs(ids).await })
}

/// Tasks issued at or under `under` the caller reads (see
/// [`crate::kit::area::TasksUnderFn`]).
pub(super) fn issued_under<'a>(
    s: Scoped<'a>,
    under: &'a TreePath,
    limit: u64,
) -> Answer<'a, Vec<TaskRef>> {
    Box::pin(async move {
        let ids: Vec<i64> = task::Entity::find()
            .select_only()
            .column(task::Column::Id)
            .filter(within_any(
                task::Column::NodePath,
                std::slice::from_ref(under),
            ))
            .filter(task::Column::WithdrawnAt.is_null())
            .order_by_desc(task::Column::Id)
            .limit(limit)
            .into_tuple()
            .all(s.db)
            .await?;
        s.tasks().refs(&ids).await
    })
}

impl TaskRepo<'_> {
    /// The tasks of `ids` read at the issuing node or as a recipient (as a task's page reads
    /// them), in the order asked; the rates only for those read at the issuing node.
    pub(crate) async fn refs(&self, ids: &[i64]) -> Result<Vec<TaskRef>> {
        let db = self.s.db;
        let scopes = self.s.actor.grants.scopes(Permission::TaskRead);
        if ids.is_empty() || scopes.is_empty() {
            return Ok(Vec::new());
        }
        let rows = task::Entity::find()
            .filter(task::Column::Id.is_in(ids.to_vec()))
            .all(db)
            .await?;
        let mut issuer = HashSet::new();
        let mut others = Vec::new();
        for m in &rows {
            let p = TreePath::parse(&m.node_path)?;
            if self.s.actor.can(Permission::TaskRead, &p) {
                issuer.insert(m.id);
            } else {
                others.push(m.id);
            }
        }
        let received: HashSet<i64> = if others.is_empty() {
            HashSet::new()
        } else {
            rec::Entity::find()
                .select_only()
                .column(rec::Column::TaskId)
                .filter(rec::Column::TaskId.is_in(others))
                .filter(within_any(rec::Column::NodePath, &scopes))
                .into_tuple::<i64>()
                .all(db)
                .await?
                .into_iter()
                .collect()
        };
        let tops: HashMap<i64, count::Model> = if issuer.is_empty() {
            HashMap::new()
        } else {
            count::Entity::find()
                .filter(count::Column::TaskId.is_in(issuer.iter().copied()))
                .filter(count::Column::ParentId.is_null())
                .all(db)
                .await?
                .into_iter()
                .map(|c| (c.task_id, c))
                .collect()
        };
        let now = now_beijing();
        let mut by_id: HashMap<i64, TaskRef> = rows
            .into_iter()
            .filter(|m| issuer.contains(&m.id) || received.contains(&m.id))
            .map(|m| {
                let top = tops.get(&m.id);
                let r = TaskRef {
                    id: m.id,
                    title: m.title,
                    due_at: moment(&m.due_at),
                    past_due: now > m.due_at && m.withdrawn_at.is_none(),
                    withdrawn: m.withdrawn_at.is_some(),
                    recipients: top.map(|c| c.total),
                    completion_pct: top.map(|c| percent(c.accepted, c.total)),
                    on_time_pct: top.map(|c| percent(c.on_time, c.total)),
                };
                (r.id, r)
            })
            .collect();
        Ok(ids.iter().filter_map(|i| by_id.remove(i)).collect())
    }
}

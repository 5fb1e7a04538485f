//! Issuing a task: the recipients resolved (chosen nodes, and every node of a kind under a
//! node) below the issuing node, one row each, and the counts of every node on the way from
//! the issuing node down to each recipient — all in one audited unit of work.

use super::{moment, now_beijing, TaskDetail, TaskRepo};
use crate::audit::Entry;
use crate::entity::org_node;
use crate::entity::task_tables::{task, task_count as count, task_recipient as rec};
use crate::kit::lookup::node_for;
use crate::kit::work::Work;
use crate::scope::within;
use crate::{now_ms, Result, StorageError};
use chrono::NaiveDateTime;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use std::collections::BTreeMap;
use touyan_domain::access::Permission;
use touyan_domain::task::{Task, MAX_RECIPIENTS};
use touyan_domain::tree::TreePath;

/// The nodes from the issuing node `top` down to the recipient at `path`, each with the
/// node above it on that way (none at the issuing node) and its path.
pub(crate) fn chain(top: i64, path: &TreePath) -> Vec<(i64, Option<i64>, TreePath)> {
    let mut out = Vec::new();
    let mut above = None;
    for id in path.ids().into_iter().skip_while(|i| *i != top) {
        if let Some(p) = path.prefix_to(id) {
            out.push((id, above, p));
        }
        above = Some(id);
    }
    out
}

/// Adds `d` to the counts of task `task_id` of every node from `top` down to `path`.
pub(crate) async fn bump<C: ConnectionTrait>(
    conn: &C,
    task_id: i64,
    top: i64,
    path: &TreePath,
    d: [i64; 5],
) -> Result<()> {
    if d.iter().all(|v| *v == 0) {
        return Ok(());
    }
    for (node, parent, p) in chain(top, path) {
        let row = count::ActiveModel {
            task_id: Set(task_id),
            node_id: Set(node),
            parent_id: Set(parent),
            node_path: Set(p.as_str().to_string()),
            total: Set(d[0]),
            received: Set(d[1]),
            submitted: Set(d[2]),
            accepted: Set(d[3]),
            on_time: Set(d[4]),
        };
        let add = |c: count::Column, v: i64| (c, Expr::col((count::Entity, c)).add(v));
        let mut oc = OnConflict::columns([count::Column::TaskId, count::Column::NodeId]);
        for (c, e) in [
            add(count::Column::Total, d[0]),
            add(count::Column::Received, d[1]),
            add(count::Column::Submitted, d[2]),
            add(count::Column::Accepted, d[3]),
            add(count::Column::OnTime, d[4]),
        ] {
            oc.value(c, e);
        }
        count::Entity::insert(row)
            .on_conflict(oc.to_owned())
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

impl TaskRepo<'_> {
    /// Nodes the task goes to: the chosen ones and those of the kind under the node, all
    /// strictly below the issuing node at `top`.
    async fn resolve<C: ConnectionTrait>(
        &self,
        conn: &C,
        top: &TreePath,
        t: &Task,
    ) -> Result<Vec<org_node::Model>> {
        let outside = |field: &str| StorageError::field(field, "err.task_recipient_outside");
        let below = |p: &str| {
            TreePath::parse(p)
                .map(|p| p.is_within(top) && p.as_str() != top.as_str())
                .unwrap_or(false)
        };
        let mut found: BTreeMap<i64, org_node::Model> = BTreeMap::new();
        if !t.chosen.is_empty() {
            let rows = org_node::Entity::find()
                .filter(org_node::Column::Id.is_in(t.chosen.clone()))
                .all(conn)
                .await?;
            if rows.len() != t.chosen.len() || rows.iter().any(|n| !below(&n.path)) {
                return Err(outside("recipients"));
            }
            found.extend(rows.into_iter().map(|n| (n.id, n)));
        }
        if let Some((kind, under)) = &t.by_kind {
            let u = org_node::Entity::find_by_id(*under)
                .one(conn)
                .await?
                .ok_or_else(|| outside("under"))?;
            let up = TreePath::parse(&u.path)?;
            if !up.is_within(top) {
                return Err(outside("under"));
            }
            let rows = org_node::Entity::find()
                .filter(within(org_node::Column::Path, &up))
                .filter(org_node::Column::Kind.eq(kind.as_str()))
                .all(conn)
                .await?;
            found.extend(
                rows.into_iter()
                    .filter(|n| below(&n.path))
                    .map(|n| (n.id, n)),
            );
        }
        if found.is_empty() {
            return Err(StorageError::field(
                "recipients",
                "err.task_recipients_none",
            ));
        }
        if found.len() > MAX_RECIPIENTS {
            return Err(StorageError::field(
                "recipients",
                "err.task_recipients_many",
            ));
        }
        Ok(found.into_values().collect())
    }

    /// Issues a task from a node where the caller holds `task.manage`.
    pub async fn issue(&self, t: Task) -> Result<TaskDetail> {
        let id = self.issue_in(t, now_beijing()).await?;
        self.detail(id).await
    }

    /// Issues a task as at the moment `at`: for the command line's demo only (a signed-in
    /// caller is refused).
    pub async fn issue_as_of(&self, t: Task, at: NaiveDateTime) -> Result<i64> {
        self.system_only()?;
        self.issue_in(t, at).await
    }

    pub(crate) fn system_only(&self) -> Result<()> {
        let a = self.s.actor;
        if a.user_id.is_none()
            && a.token_id.is_none()
            && a.grants.allows_global(Permission::TaskManage)
        {
            Ok(())
        } else {
            Err(StorageError::Forbidden)
        }
    }

    async fn issue_in(&self, t: Task, at: NaiveDateTime) -> Result<i64> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node, top) =
            node_for(&self.s, txn, t.node_id, Permission::TaskManage, "node_id").await?;
        let nodes = self.resolve(txn, &top, &t).await?;
        let m = task::ActiveModel {
            node_id: Set(node.id),
            node_path: Set(node.path.clone()),
            title: Set(t.title.clone()),
            body: Set(t.body.clone()),
            due_at: Set(t.due_at),
            fields: Set(serde_json::to_string(&t.fields).unwrap_or_else(|_| "[]".into())),
            recipients: Set(nodes.len() as i64),
            issued_by: Set(self.s.actor.display_name.clone()),
            issued_at: Set(at),
            created_at: Set(now_ms()),
            updated_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let rows: Vec<rec::ActiveModel> = nodes
            .iter()
            .map(|n| rec::ActiveModel {
                task_id: Set(m.id),
                node_id: Set(n.id),
                node_path: Set(n.path.clone()),
                state: Set("issued".into()),
                late: Set(false),
                reminders: Set(0),
                updated_at: Set(now_ms()),
                ..Default::default()
            })
            .collect();
        for part in rows.chunks(crate::IN_CHUNK / 10) {
            rec::Entity::insert_many(part.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
        // The counts, summed here and written once a node.
        let mut sums: BTreeMap<i64, (Option<i64>, String, i64)> = BTreeMap::new();
        for n in &nodes {
            for (id, parent, p) in chain(node.id, &TreePath::parse(&n.path)?) {
                sums.entry(id)
                    .or_insert((parent, p.as_str().to_string(), 0))
                    .2 += 1;
            }
        }
        let counts: Vec<count::ActiveModel> = sums
            .into_iter()
            .map(|(id, (parent, p, total))| count::ActiveModel {
                task_id: Set(m.id),
                node_id: Set(id),
                parent_id: Set(parent),
                node_path: Set(p),
                total: Set(total),
                received: Set(0),
                submitted: Set(0),
                accepted: Set(0),
                on_time: Set(0),
            })
            .collect();
        for part in counts.chunks(crate::IN_CHUNK / 10) {
            count::Entity::insert_many(part.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
        work.record(Entry {
            action: "create",
            record_type: "task",
            record_id: Some(m.id.to_string()),
            node: Some((node.id, &top)),
            before: None,
            after: Some(json!({"title": m.title, "due_at": moment(&m.due_at),
                               "recipients": m.recipients, "fields": t.fields})),
        })
        .await?;
        let paths: Vec<TreePath> = nodes
            .iter()
            .map(|n| TreePath::parse(&n.path))
            .collect::<std::result::Result<_, _>>()?;
        let actor = self.s.actor.user_id;
        super::notices::tell(
            txn,
            actor,
            &top,
            &paths,
            "task.notice_issued",
            m.id,
            &m.title,
        )
        .await?;
        work.commit().await?;
        Ok(m.id)
    }
}

#[cfg(test)]
mod tests {
    use super::chain;
    use touyan_domain::tree::TreePath;

    #[test]
    fn the_chain_runs_from_the_issuing_node_down_to_the_recipient() {
        let p = TreePath::parse("/1/5/7/9/").unwrap();
        let c: Vec<(i64, Option<i64>, String)> = chain(5, &p)
            .into_iter()
            .map(|(i, up, p)| (i, up, p.as_str().to_string()))
            .collect();
        assert_eq!(
            c,
            vec![
                (5, None, "/1/5/".into()),
                (7, Some(5), "/1/5/7/".into()),
                (9, Some(7), "/1/5/7/9/".into()),
            ]
        );
    }
}

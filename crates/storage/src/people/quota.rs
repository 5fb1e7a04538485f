//! Annual development quotas (发展党员指标) handed down the tree. A node hands down only
//! what it received and has not used or handed on; admitting a probationary member uses
//! one of the nearest quota at or above the person's node. Every change is a guarded
//! UPDATE, so two admissions at once cannot both take the last one.

use super::node_names;
use crate::audit::Entry;
use crate::entity::{org_node, quota};
use crate::kit::sql::stmt;
use crate::kit::work::Work;
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::paging::PageRequest;
use touyan_domain::people::{parse_quota_year, Quota};
use touyan_domain::tree::TreePath;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuotaView {
    pub id: i64,
    pub node_id: i64,
    pub node_name: String,
    pub year: i32,
    /// Granted to this node from above.
    pub received: i32,
    pub handed_down: i32,
    /// Admissions of people at or below this node that used this quota.
    pub used: i32,
    pub remaining: i32,
}

#[derive(Debug, Clone, Default)]
pub struct QuotaFilter {
    pub year: Option<i32>,
    pub under: Option<i64>,
}

pub struct QuotaRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

fn domain(m: &quota::Model) -> Quota {
    Quota {
        received: m.received.max(0) as u32,
        handed_down: m.handed_down.max(0) as u32,
        used: m.used.max(0) as u32,
    }
}

fn quota_json(m: &quota::Model) -> serde_json::Value {
    json!({"node_id": m.node_id, "year": m.year, "received": m.received,
           "handed_down": m.handed_down, "used": m.used})
}

/// Uses one of the nearest quota at or above `path` for `year`; returns its id.
pub(crate) async fn use_one(txn: &DatabaseTransaction, path: &TreePath, year: i32) -> Result<i64> {
    let mut prefixes = vec![];
    let mut p = Some(path.clone());
    while let Some(x) = p {
        if x == TreePath::everything() {
            break;
        }
        prefixes.push(x.as_str().to_string());
        p = x.parent();
    }
    let nearest = quota::Entity::find()
        .filter(quota::Column::Year.eq(year))
        .filter(quota::Column::NodePath.is_in(prefixes))
        .all(txn)
        .await?
        .into_iter()
        .max_by_key(|q| q.node_path.len())
        .ok_or(StorageError::Refused("rule.quota_missing"))?;
    domain(&nearest).use_one()?;
    let r = txn
        .execute(stmt(
            txn.get_database_backend(),
            "UPDATE quota SET used = used + 1, updated_at = ? WHERE id = ? AND received - handed_down - used >= 1",
            vec![now_ms().into(), nearest.id.into()],
        ))
        .await?;
    if r.rows_affected() != 1 {
        return Err(StorageError::Refused("rule.quota_exhausted"));
    }
    Ok(nearest.id)
}

impl QuotaRepo<'_> {
    async fn select(&self, f: &QuotaFilter) -> Result<sea_orm::Select<quota::Entity>> {
        let seen = self
            .s
            .visible(quota::Column::NodePath, Permission::PersonRead, f.under)
            .await?;
        let mut q = quota::Entity::find().filter(seen);
        if let Some(y) = f.year {
            q = q.filter(quota::Column::Year.eq(parse_quota_year(y)?));
        }
        Ok(q.order_by_desc(quota::Column::Year)
            .order_by_asc(quota::Column::NodePath))
    }

    async fn views(&self, rows: Vec<quota::Model>) -> Result<Vec<QuotaView>> {
        let names = node_names(self.s.db, rows.iter().map(|r| r.node_id).collect()).await?;
        Ok(rows
            .into_iter()
            .map(|m| QuotaView {
                id: m.id,
                node_id: m.node_id,
                node_name: names.get(&m.node_id).cloned().unwrap_or_default(),
                year: m.year,
                received: m.received,
                handed_down: m.handed_down,
                used: m.used,
                remaining: domain(&m).remaining() as i32,
            })
            .collect())
    }

    pub async fn list(&self, f: &QuotaFilter, page: PageRequest) -> Result<Page<QuotaView>> {
        let q = self.select(f).await?;
        let mut p = fetch_page(self.s.db, q, |q| q, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    pub async fn all(&self, f: &QuotaFilter, cap: u64) -> Result<Vec<QuotaView>> {
        let rows = self.select(f).await?.limit(cap).all(self.s.db).await?;
        self.views(rows).await
    }

    async fn row<C: ConnectionTrait>(
        conn: &C,
        node: &org_node::Model,
        year: i32,
    ) -> Result<quota::Model> {
        if let Some(m) = quota::Entity::find()
            .filter(quota::Column::NodeId.eq(node.id))
            .filter(quota::Column::Year.eq(year))
            .one(conn)
            .await?
        {
            return Ok(m);
        }
        Ok(quota::ActiveModel {
            node_id: Set(node.id),
            node_path: Set(node.path.clone()),
            year: Set(year),
            received: Set(0),
            handed_down: Set(0),
            used: Set(0),
            updated_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(conn)
        .await?)
    }

    /// Hands `amount` of `year`'s quota from the node's parent down to the node, or takes
    /// `-amount` back when negative. The caller needs `quota.manage` over the parent; a
    /// top node's quota comes from outside the tree and needs it over the whole tree.
    pub async fn allocate(&self, node_id: i64, year: i32, amount: i32) -> Result<QuotaView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let after = self.allocate_in(&work, node_id, year, amount).await?;
        work.commit().await?;
        Ok(self.views(vec![after]).await?.remove(0))
    }

    pub(crate) async fn allocate_in(
        &self,
        work: &Work<'_>,
        node_id: i64,
        year: i32,
        amount: i32,
    ) -> Result<quota::Model> {
        let txn = work.txn();
        let year = parse_quota_year(year)?;
        if amount == 0 {
            return Err(StorageError::field("amount", "err.quota_positive"));
        }
        let n = amount.unsigned_abs();
        let (node, path, parent) = self.giver_and_taker(txn, node_id).await?;
        let child = Self::row(txn, &node, year).await?;
        let backend = txn.get_database_backend();
        let now = now_ms();
        let parent_row = match &parent {
            Some(p) => Some(Self::row(txn, p, year).await?),
            None => None,
        };
        if amount > 0 {
            if let Some(pr) = &parent_row {
                domain(pr).hand_down(n)?;
                let r = txn
                    .execute(stmt(
                        backend,
                        "UPDATE quota SET handed_down = handed_down + ?, updated_at = ? WHERE id = ? AND received - handed_down - used >= ?",
                        vec![(n as i32).into(), now.into(), pr.id.into(), (n as i32).into()],
                    ))
                    .await?;
                if r.rows_affected() != 1 {
                    return Err(StorageError::Refused("rule.quota_exceeds_remaining"));
                }
            }
            txn.execute(stmt(
                backend,
                "UPDATE quota SET received = received + ?, updated_at = ? WHERE id = ?",
                vec![(n as i32).into(), now.into(), child.id.into()],
            ))
            .await?;
        } else {
            domain(&child).give_back(n)?;
            let r = txn
                .execute(stmt(
                    backend,
                    "UPDATE quota SET received = received - ?, updated_at = ? WHERE id = ? AND received - handed_down - used >= ?",
                    vec![(n as i32).into(), now.into(), child.id.into(), (n as i32).into()],
                ))
                .await?;
            if r.rows_affected() != 1 {
                return Err(StorageError::Refused(
                    "rule.quota_reclaim_exceeds_remaining",
                ));
            }
            if let Some(pr) = &parent_row {
                txn.execute(stmt(
                    backend,
                    "UPDATE quota SET handed_down = handed_down - ?, updated_at = ? WHERE id = ?",
                    vec![(n as i32).into(), now.into(), pr.id.into()],
                ))
                .await?;
            }
        }
        let after = quota::Entity::find_by_id(child.id)
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        work.record(Entry {
            action: if amount > 0 { "allocate" } else { "reclaim" },
            record_type: "quota",
            record_id: Some(child.id.to_string()),
            node: Some((node.id, &path)),
            before: Some(quota_json(&child)),
            after: Some(json!({"amount": amount, "quota": quota_json(&after),
                               "from_node_id": parent.as_ref().map(|p| p.id)})),
        })
        .await?;
        Ok(after)
    }

    /// The node a quota moves to, its path, and the parent it moves from (none for a top
    /// node, whose quota comes from outside the tree): the node must be in reach and the
    /// parent's quota the caller's to manage.
    async fn giver_and_taker<C: ConnectionTrait>(
        &self,
        txn: &C,
        node_id: i64,
    ) -> Result<(org_node::Model, TreePath, Option<org_node::Model>)> {
        let node = org_node::Entity::find_by_id(node_id)
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let path = TreePath::parse(&node.path)?;
        if !self.s.actor.can(Permission::PersonRead, &path)
            && !self.s.actor.can(Permission::QuotaManage, &path)
        {
            return Err(StorageError::NotFound);
        }
        let parent = match node.parent_id {
            Some(pid) => Some(
                org_node::Entity::find_by_id(pid)
                    .one(txn)
                    .await?
                    .ok_or(StorageError::NotFound)?,
            ),
            None => None,
        };
        let giver_path = match &parent {
            Some(p) => TreePath::parse(&p.path)?,
            None => TreePath::everything(),
        };
        if !self.s.actor.can(Permission::QuotaManage, &giver_path) {
            return Err(StorageError::Refused("rule.quota_from_parent"));
        }
        Ok((node, path, parent))
    }
}

//! Obligations: listed as they reach the caller's part of the tree, set for a subtree by a
//! superior (`cadence.manage` over the node's parent), changed and removed — each write in
//! one audited unit of work. The built-in ones, set everywhere, are changed only by those
//! who manage the whole tree, and never removed.

use super::CadenceRepo;
use crate::audit::Entry;
use crate::entity::cadence_tables::cadence_obligation as obligation;
use crate::kit::lookup::node_for;
use crate::kit::sql::node_names;
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder};
use serde::Serialize;
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::cadence::{Cycle, Obligation, Rule};
use touyan_domain::tree::TreePath;

/// An obligation as lists show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ObligationView {
    pub id: i64,
    /// Where it is set; none: everywhere.
    pub node_id: Option<i64>,
    pub node_name: Option<String>,
    /// Organization-kind codes.
    pub kinds: Vec<String>,
    pub activity_type: String,
    /// `month`, `quarter`, `half_year` or `year`.
    pub cycle: String,
    /// At least this many a period; 0 lifts an inherited obligation below the node.
    pub min_count: i32,
    /// `MM-DD`: due by this day within the period.
    pub due: Option<String>,
    pub builtin: bool,
    /// Whether the caller may change or remove it.
    pub manage: bool,
}

fn obligation_json(m: &obligation::Model) -> serde_json::Value {
    json!({"node_id": m.node_id, "kinds": m.kinds, "activity_type": m.activity_type,
           "cycle": m.cycle, "min_count": m.min_count, "due": m.due})
}

/// A stored obligation's rule, with the ids of the path it is set at (none for everywhere).
pub(super) fn rule_of(m: &obligation::Model) -> Option<(Vec<i64>, Rule)> {
    let at = match m.node_id {
        Some(_) => TreePath::parse(&m.node_path).ok()?.ids(),
        None => Vec::new(),
    };
    let due = m.due.as_deref().and_then(|d| {
        let (a, b) = d.split_once('-')?;
        Some((a.parse().ok()?, b.parse().ok()?))
    });
    Some((
        at,
        Rule {
            kinds: m.kinds.split(',').map(str::to_string).collect(),
            activity_type: m.activity_type.clone(),
            cycle: Cycle::from_code(&m.cycle)?,
            min_count: m.min_count.max(0) as u32,
            due,
        },
    ))
}

/// Every stored obligation (a short list: a rule a node, at most).
pub(super) async fn all_rules<C: ConnectionTrait>(conn: &C) -> Result<Vec<obligation::Model>> {
    Ok(obligation::Entity::find()
        .order_by_asc(obligation::Column::NodePath)
        .order_by_asc(obligation::Column::Id)
        .all(conn)
        .await?)
}

/// Whether an obligation reaches a caller reading `scopes`: set everywhere, at or above one
/// of them, or inside one.
fn reaches(m: &obligation::Model, scopes: &[TreePath]) -> bool {
    m.node_id.is_none()
        || scopes
            .iter()
            .any(|s| s.as_str().starts_with(&m.node_path) || m.node_path.starts_with(s.as_str()))
}

impl CadenceRepo<'_> {
    /// Whether the caller may set obligations for the subtree at `path` (of a node): it
    /// manages the node's parent — a superior, not the organization itself (for a tree's top
    /// node, one who manages everywhere).
    fn superior_of(&self, path: &TreePath) -> bool {
        match path.parent() {
            Some(p) => self.s.actor.can(Permission::CadenceManage, &p),
            // A tree's top node has no superior in the tree: those who manage everywhere.
            None => self.s.actor.grants.allows_global(Permission::CadenceManage),
        }
    }

    fn manages(&self, m: &obligation::Model) -> bool {
        match m.node_id {
            None => self.s.actor.grants.allows_global(Permission::CadenceManage),
            Some(_) => TreePath::parse(&m.node_path).is_ok_and(|p| self.superior_of(&p)),
        }
    }

    /// The obligations reaching the caller's part of the tree: those set everywhere, above
    /// its subtrees or in them.
    pub async fn obligations(&self) -> Result<Vec<ObligationView>> {
        let scopes = self.s.scopes(Permission::CadenceRead)?;
        let rows: Vec<obligation::Model> = all_rules(self.s.db)
            .await?
            .into_iter()
            .filter(|m| reaches(m, &scopes))
            .collect();
        let names = node_names(self.s.db, rows.iter().filter_map(|m| m.node_id).collect()).await?;
        Ok(rows
            .into_iter()
            .map(|m| {
                let name = m.node_id.and_then(|i| names.get(&i).cloned());
                self.view_of(m, name)
            })
            .collect())
    }

    /// The node an obligation is set at, checked: everywhere for those who manage the whole
    /// tree; a node whose parent the caller manages.
    async fn place<C: ConnectionTrait>(
        &self,
        conn: &C,
        node_id: Option<i64>,
    ) -> Result<(Option<i64>, String)> {
        match node_id {
            None if self.s.actor.grants.allows_global(Permission::CadenceManage) => {
                Ok((None, "/".into()))
            }
            None => Err(StorageError::field("node_id", "err.required")),
            Some(id) => {
                let (n, p) =
                    node_for(&self.s, conn, id, Permission::CadenceRead, "node_id").await?;
                if !self.superior_of(&p) {
                    return Err(StorageError::field("node_id", "err.cadence_not_superior"));
                }
                Ok((Some(n.id), n.path))
            }
        }
    }

    /// Obligation `id` when it reaches the caller's part of the tree (set everywhere, above
    /// its subtrees or in them); not found otherwise.
    async fn readable(&self, conn: &impl ConnectionTrait, id: i64) -> Result<obligation::Model> {
        let m = obligation::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(StorageError::NotFound)?;
        if !reaches(&m, &self.s.scopes(Permission::CadenceRead)?) {
            return Err(StorageError::NotFound);
        }
        Ok(m)
    }

    /// Whether obligation `id` reaches the caller (not found otherwise).
    pub async fn check_obligation(&self, id: i64) -> Result<()> {
        self.readable(self.s.db, id).await.map(drop)
    }

    /// Obligation `id` for a change: not found out of reach, forbidden unless the caller
    /// manages it.
    async fn load(&self, conn: &impl ConnectionTrait, id: i64) -> Result<obligation::Model> {
        let m = self.readable(conn, id).await?;
        if !self.manages(&m) {
            return Err(StorageError::Forbidden);
        }
        Ok(m)
    }

    fn view_of(&self, m: obligation::Model, node_name: Option<String>) -> ObligationView {
        ObligationView {
            manage: self.manages(&m),
            id: m.id,
            node_name,
            node_id: m.node_id,
            kinds: m.kinds.split(',').map(str::to_string).collect(),
            activity_type: m.activity_type,
            cycle: m.cycle,
            min_count: m.min_count,
            due: m.due,
            builtin: m.builtin,
        }
    }

    pub async fn create_obligation(&self, o: Obligation) -> Result<ObligationView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node_id, node_path) = self.place(txn, o.node_id).await?;
        let now = now_ms();
        let m = obligation::ActiveModel {
            node_id: Set(node_id),
            node_path: Set(node_path.clone()),
            kinds: Set(o.rule.kinds.join(",")),
            activity_type: Set(o.rule.activity_type.clone()),
            cycle: Set(o.rule.cycle.code().into()),
            min_count: Set(o.rule.min_count as i32),
            due: Set(o.rule.due_text()),
            builtin: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let path = TreePath::parse(&node_path)?;
        work.record(Entry {
            action: "create",
            record_type: "cadence_obligation",
            record_id: Some(m.id.to_string()),
            node: node_id.map(|id| (id, &path)),
            before: None,
            after: Some(obligation_json(&m)),
        })
        .await?;
        work.commit().await?;
        let name = node_names(self.s.db, node_id.into_iter().collect()).await?;
        Ok(self.view_of(m, node_id.and_then(|i| name.get(&i).cloned())))
    }

    /// Changes obligation `id`; where it is set stays.
    pub async fn update_obligation(&self, id: i64, o: Obligation) -> Result<ObligationView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let old = self.load(txn, id).await?;
        if o.node_id != old.node_id {
            return Err(StorageError::field("node_id", "err.cadence_node_fixed"));
        }
        let before = obligation_json(&old);
        let mut am: obligation::ActiveModel = old.into();
        am.kinds = Set(o.rule.kinds.join(","));
        am.activity_type = Set(o.rule.activity_type.clone());
        am.cycle = Set(o.rule.cycle.code().into());
        am.min_count = Set(o.rule.min_count as i32);
        am.due = Set(o.rule.due_text());
        am.updated_at = Set(now_ms());
        let m = am.update(txn).await?;
        let path = TreePath::parse(&m.node_path)?;
        work.record(Entry {
            action: "update",
            record_type: "cadence_obligation",
            record_id: Some(id.to_string()),
            node: m.node_id.map(|n| (n, &path)),
            before: Some(before),
            after: Some(obligation_json(&m)),
        })
        .await?;
        work.commit().await?;
        let name = node_names(self.s.db, m.node_id.into_iter().collect()).await?;
        let node_name = m.node_id.and_then(|i| name.get(&i).cloned());
        Ok(self.view_of(m, node_name))
    }

    /// Removes obligation `id`; a built-in one stays (set its minimum to 0 below a node to
    /// lift it there).
    pub async fn delete_obligation(&self, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let old = self.load(txn, id).await?;
        if old.builtin {
            return Err(StorageError::Refused("rule.cadence_builtin"));
        }
        obligation::Entity::delete_by_id(id).exec(txn).await?;
        let path = TreePath::parse(&old.node_path)?;
        work.record(Entry {
            action: "delete",
            record_type: "cadence_obligation",
            record_id: Some(id.to_string()),
            node: old.node_id.map(|n| (n, &path)),
            before: Some(obligation_json(&old)),
            after: None,
        })
        .await?;
        work.commit().await
    }
}

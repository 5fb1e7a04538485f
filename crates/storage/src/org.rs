//! The organization tree, read and changed through the caller's scope.

mod counts;
pub(crate) mod manifest;
mod migration;
mod pick;
pub use pick::{PickAsk, Pickable};
mod public;
pub use public::{has_public_page, PublicOrg};
mod read;

use crate::areas::AREAS;
use crate::audit::Entry;
use crate::entity::{org_kind, org_node};
use crate::kit::sql::{like_expr, stmt};
use crate::kit::work::Work;
use crate::scope::{within, within_any};
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::org::{check_move, check_sibling_name, NodeDraft, NodeName, NodeStatus};
use touyan_domain::paging::PageRequest;
use touyan_domain::spell::spell_key;
use touyan_domain::tree::TreePath;

mod kinds;
use kinds::kind_rules;
pub use kinds::KindLinks;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrgNode {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    /// Dictionary code of the node's kind (see `/api/v1/org-kinds`).
    pub kind: String,
    pub code: Option<String>,
    pub sort_order: i32,
    /// `active` or `disabled`.
    pub status: String,
    /// 1 at a root.
    pub depth: i32,
    pub path: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<org_node::Model> for OrgNode {
    fn from(m: org_node::Model) -> Self {
        OrgNode {
            id: m.id,
            parent_id: m.parent_id,
            name: m.name,
            kind: m.kind,
            code: m.code,
            sort_order: m.sort_order,
            status: m.status,
            depth: m.depth,
            path: m.path,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

impl OrgNode {
    pub fn tree_path(&self) -> TreePath {
        TreePath::parse(&self.path).unwrap_or_else(|_| TreePath::for_root(self.id))
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrgKind {
    pub code: String,
    /// Chinese name, e.g. 网格.
    pub name: String,
    pub name_en: String,
    pub sort_order: i32,
    pub builtin: bool,
    /// Codes of the kinds allowed directly under this one.
    pub children: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct OrgFilter {
    pub parent: Option<i64>,
    pub under: Option<i64>,
    pub kind: Option<String>,
    pub q: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TreeItem {
    pub node: OrgNode,
    pub has_children: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrgCounts {
    pub nodes: u64,
    /// (kind code, count), in dictionary order, kinds with none left out.
    pub by_kind: Vec<(String, u64)>,
    pub disabled: u64,
}

pub struct OrgRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl<'a> OrgRepo<'a> {
    pub async fn kinds(&self) -> Result<Vec<OrgKind>> {
        self.s.dict().kinds().await
    }

    async fn kind_codes<C: ConnectionTrait>(&self, conn: &C) -> Result<Vec<String>> {
        Ok(org_kind::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .map(|k| k.code)
            .collect())
    }

    async fn load<C: ConnectionTrait>(conn: &C, id: i64) -> Result<org_node::Model> {
        org_node::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(StorageError::NotFound)
    }

    async fn code_taken<C: ConnectionTrait>(
        conn: &C,
        code: &str,
        except: Option<i64>,
    ) -> Result<bool> {
        let mut q = org_node::Entity::find().filter(org_node::Column::Code.eq(code));
        if let Some(id) = except {
            q = q.filter(org_node::Column::Id.ne(id));
        }
        Ok(q.count(conn).await? > 0)
    }

    /// Where a node may be put: under a node the caller may write (a missing or unseen one is
    /// a field error, not a 404, since the id came in the body), or at the top, which needs
    /// whole-tree rights.
    async fn parent_for_write(
        &self,
        txn: &DatabaseTransaction,
        parent: Option<i64>,
    ) -> Result<Option<(TreePath, String)>> {
        let Some(pid) = parent else {
            if !self.s.actor.grants.allows_global(Permission::OrgWrite) {
                return Err(StorageError::field("parent_id", "err.parent_required"));
            }
            return Ok(None);
        };
        let missing = || StorageError::field("parent_id", "err.parent_missing");
        let pm = Self::load(txn, pid).await.map_err(|_| missing())?;
        let pp = TreePath::parse(&pm.path)?;
        match self
            .s
            .require(Permission::OrgWrite, Permission::OrgRead, &pp)
        {
            Ok(()) => Ok(Some((pp, pm.kind))),
            Err(StorageError::NotFound) => Err(missing()),
            Err(e) => Err(e),
        }
    }

    /// Creates a node under `parent` (or a new root, which needs whole-tree rights).
    pub async fn create(&self, parent: Option<i64>, draft: NodeDraft) -> Result<OrgNode> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let kinds = self.kind_codes(txn).await?;
        if !kinds.contains(&draft.kind) {
            return Err(StorageError::field("kind", "err.kind_unknown"));
        }
        let parent_at = self.parent_for_write(txn, parent).await?;
        let rules = kind_rules(txn).await?;
        rules.check_placement(
            parent_at.as_ref().map(|p| p.1.as_str()),
            &draft.kind,
            "kind",
        )?;
        Self::check_siblings(txn, parent, &draft.name, None, "name").await?;
        let parent_path = parent_at.map(|p| p.0);
        if let Some(code) = &draft.code {
            if Self::code_taken(txn, code, None).await? {
                return Err(StorageError::conflict("code", "err.code_taken"));
            }
        }
        let now = now_ms();
        let placeholder = format!("pending:{}", hex::encode(rand::random::<[u8; 12]>()));
        let depth = parent_path.as_ref().map(|p| p.depth() as i32).unwrap_or(0) + 1;
        let inserted = org_node::ActiveModel {
            parent_id: Set(parent),
            path: Set(placeholder),
            depth: Set(depth),
            spell: Set(spell_key(draft.name.as_str())),
            name: Set(draft.name.into_string()),
            kind: Set(draft.kind),
            code: Set(draft.code),
            sort_order: Set(draft.sort_order),
            status: Set(NodeStatus::Active.code().into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let path = match &parent_path {
            Some(pp) => pp.child(inserted.id),
            None => TreePath::for_root(inserted.id),
        };
        let mut am: org_node::ActiveModel = inserted.into();
        am.path = Set(path.as_str().to_string());
        let node: OrgNode = am.update(txn).await?.into();
        counts::count_node(txn, &path, &node.kind, &node.status, 1).await?;
        crate::areas::records_changed(txn, std::slice::from_ref(&path)).await?;
        work.record(Entry {
            action: "create",
            record_type: "org_node",
            record_id: Some(node.id.to_string()),
            node: Some((node.id, &path)),
            before: None,
            after: Some(node_json(&node)),
        })
        .await?;
        work.commit().await?;
        Ok(node)
    }

    /// Refuses `name` when another child of `parent` (another root, without one) has it.
    /// The parent row is locked first on PostgreSQL, so two writers cannot both find the
    /// name free (SQLite's writes are serial already).
    async fn check_siblings(
        txn: &DatabaseTransaction,
        parent: Option<i64>,
        name: &NodeName,
        except: Option<i64>,
        field: &str,
    ) -> Result<()> {
        let backend = txn.get_database_backend();
        if let (Some(pid), sea_orm::DbBackend::Postgres) = (parent, backend) {
            txn.execute(stmt(
                backend,
                "SELECT id FROM org_node WHERE id = ? FOR UPDATE",
                vec![pid.into()],
            ))
            .await?;
        }
        let mut q = org_node::Entity::find()
            .select_only()
            .column(org_node::Column::Name)
            .filter(org_node::Column::Name.eq(name.as_str()));
        q = match parent {
            Some(pid) => q.filter(org_node::Column::ParentId.eq(pid)),
            None => q.filter(org_node::Column::ParentId.is_null()),
        };
        if let Some(id) = except {
            q = q.filter(org_node::Column::Id.ne(id));
        }
        let same: Vec<String> = q.limit(1).into_tuple().all(txn).await?;
        check_sibling_name(name, same.iter().map(String::as_str), field).map_err(|e| match e {
            touyan_domain::DomainError::Invalid(fe) => {
                let (f, k) = fe.0.into_iter().next().unwrap_or_default();
                StorageError::Conflict(f, k)
            }
            other => other.into(),
        })
    }

    /// A node given a new kind must still be allowed under its parent, and must still allow
    /// each of its children.
    async fn check_rekind(
        &self,
        txn: &DatabaseTransaction,
        m: &org_node::Model,
        kind: &str,
    ) -> Result<()> {
        let rules = kind_rules(txn).await?;
        if let Some(pid) = m.parent_id {
            let parent = Self::load(txn, pid).await?;
            rules.check_placement(Some(&parent.kind), kind, "kind")?;
        }
        let child_kinds: Vec<String> = org_node::Entity::find()
            .select_only()
            .column(org_node::Column::Kind)
            .filter(org_node::Column::ParentId.eq(m.id))
            .distinct()
            .into_tuple()
            .all(txn)
            .await?;
        rules.check_children(kind, child_kinds.iter().map(String::as_str))?;
        Ok(())
    }

    /// Writable node, loaded inside `txn`.
    async fn writable(
        &self,
        txn: &DatabaseTransaction,
        id: i64,
    ) -> Result<(org_node::Model, TreePath)> {
        let m = Self::load(txn, id).await?;
        let p = TreePath::parse(&m.path)?;
        self.s
            .require(Permission::OrgWrite, Permission::OrgRead, &p)?;
        Ok((m, p))
    }

    /// Renames, re-kinds, re-codes, re-orders and enables or disables a node.
    pub async fn update(
        &self,
        id: i64,
        draft: NodeDraft,
        status: Option<NodeStatus>,
    ) -> Result<OrgNode> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.writable(txn, id).await?;
        if !self.kind_codes(txn).await?.contains(&draft.kind) {
            return Err(StorageError::field("kind", "err.kind_unknown"));
        }
        if draft.kind != m.kind {
            self.check_rekind(txn, &m, &draft.kind).await?;
        }
        if draft.name.as_str() != m.name {
            Self::check_siblings(txn, m.parent_id, &draft.name, Some(id), "name").await?;
        }
        if let Some(code) = &draft.code {
            if Self::code_taken(txn, code, Some(id)).await? {
                return Err(StorageError::conflict("code", "err.code_taken"));
            }
        }
        let before: OrgNode = m.clone().into();
        let mut am: org_node::ActiveModel = m.into();
        am.spell = Set(spell_key(draft.name.as_str()));
        am.name = Set(draft.name.into_string());
        am.kind = Set(draft.kind);
        am.code = Set(draft.code);
        am.sort_order = Set(draft.sort_order);
        if let Some(st) = status {
            am.status = Set(st.code().into());
        }
        am.updated_at = Set(now_ms());
        let after: OrgNode = am.update(txn).await?.into();
        if (&after.kind, &after.status) != (&before.kind, &before.status) {
            counts::count_node(txn, &path, &before.kind, &before.status, -1).await?;
            counts::count_node(txn, &path, &after.kind, &after.status, 1).await?;
            crate::areas::records_changed(txn, std::slice::from_ref(&path)).await?;
        }
        work.record(Entry {
            action: "update",
            record_type: "org_node",
            record_id: Some(id.to_string()),
            node: Some((id, &path)),
            before: Some(node_json(&before)),
            after: Some(node_json(&after)),
        })
        .await?;
        work.commit().await?;
        Ok(after)
    }

    /// Moves a node with its whole subtree under `new_parent` (or to the top), rewriting every
    /// path below it and every record that copies one, in one transaction.
    pub async fn move_to(&self, id: i64, new_parent: Option<i64>) -> Result<OrgNode> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, old) = self.writable(txn, id).await?;
        let parent_at = self.parent_for_write(txn, new_parent).await?;
        let parent_path = parent_at.as_ref().map(|p| p.0.clone());
        check_move(&old, parent_path.as_ref())?;
        if new_parent != m.parent_id {
            let rules = kind_rules(txn).await?;
            rules.check_placement(
                parent_at.as_ref().map(|p| p.1.as_str()),
                &m.kind,
                "parent_id",
            )?;
            let name = NodeName::parse(&m.name)?;
            Self::check_siblings(txn, new_parent, &name, Some(id), "parent_id").await?;
        }
        let new = match &parent_path {
            Some(pp) => pp.child(id),
            None => TreePath::for_root(id),
        };
        if new == old {
            work.commit_unaudited("the node is where it was").await?;
            return Ok(m.into());
        }
        let backend = txn.get_database_backend();
        let start = old.as_str().len() as i64 + 1;
        let delta = new.depth() as i64 - old.depth() as i64;
        txn.execute(stmt(
            backend,
            "UPDATE org_node SET path = ? || substr(path, CAST(? AS INTEGER)), depth = depth + CAST(? AS INTEGER) WHERE path >= ? AND path < ?",
            vec![new.as_str().into(), start.into(), delta.into(), old.as_str().into(), old.upper_bound().into()],
        ))
        .await?;
        // Every copy of a path the areas keep moves with the nodes.
        let copies = AREAS.iter().flat_map(|a| a.path_copies());
        for (table, col) in copies {
            txn.execute(stmt(
                backend,
                &format!("UPDATE {table} SET {col} = ? || substr({col}, CAST(? AS INTEGER)) WHERE {col} >= ? AND {col} < ?"),
                vec![new.as_str().into(), start.into(), old.as_str().into(), old.upper_bound().into()],
            ))
            .await?;
        }
        for hook in AREAS.iter().filter_map(|a| a.after_move) {
            hook(txn, &new).await?;
        }
        let above = |p: &TreePath| {
            let ids = p.ids();
            ids[..ids.len() - 1].to_vec()
        };
        counts::move_subtree(txn, id, &above(&old), &above(&new)).await?;
        // What it left and what it joined.
        crate::areas::records_changed(txn, &[old.clone(), new.clone()]).await?;
        let moved = Self::load(txn, id).await?;
        let mut am: org_node::ActiveModel = moved.into();
        am.parent_id = Set(new_parent);
        am.updated_at = Set(now_ms());
        let after: OrgNode = am.update(txn).await?.into();
        work.record(Entry {
            action: "move",
            record_type: "org_node",
            record_id: Some(id.to_string()),
            node: Some((id, &new)),
            before: Some(json!({"parent_id": m.parent_id, "path": old.as_str()})),
            after: Some(json!({"parent_id": new_parent, "path": new.as_str()})),
        })
        .await?;
        work.commit().await?;
        Ok(after)
    }

    /// Deletes a node that has no children and nothing attached.
    pub async fn delete(&self, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.writable(txn, id).await?;
        if org_node::Entity::find()
            .filter(org_node::Column::ParentId.eq(id))
            .count(txn)
            .await?
            > 0
        {
            return Err(StorageError::Refused("rule.node_has_children"));
        }
        let mut attached = 0;
        for check in AREAS.iter().filter_map(|a| a.attached_to_node) {
            attached += check(txn, id).await?;
        }
        if attached > 0 {
            return Err(StorageError::Refused("rule.node_has_records"));
        }
        let before: OrgNode = m.into();
        counts::count_node(txn, &path, &before.kind, &before.status, -1).await?;
        counts::forget(txn, id).await?;
        org_node::Entity::delete_by_id(id).exec(txn).await?;
        crate::areas::records_changed(txn, std::slice::from_ref(&path)).await?;
        work.record(Entry {
            action: "delete",
            record_type: "org_node",
            record_id: Some(id.to_string()),
            node: Some((id, &path)),
            before: Some(node_json(&before)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }
}

fn node_json(n: &OrgNode) -> serde_json::Value {
    json!({
        "name": n.name, "kind": n.kind, "code": n.code, "sort_order": n.sort_order,
        "status": n.status, "parent_id": n.parent_id, "path": n.path,
    })
}

/// The area's repositories, reached from the caller's scoped handle.
impl<'a> crate::Scoped<'a> {
    pub fn orgs(self) -> OrgRepo<'a> {
        OrgRepo { s: self }
    }
}

#[cfg(test)]
mod tests {
    /// The kind rules' migration seeds its own copy of the rules: when the domain's list
    /// changes, a new migration brings stored databases along and this test is told so.
    #[test]
    fn the_kind_rules_seed_is_todays_list() {
        assert_eq!(
            crate::migration::m0012_org_kind_rules::RULES,
            touyan_domain::org::SEEDED_KIND_RULES
        );
    }
}

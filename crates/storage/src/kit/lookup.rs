//! Looking up nodes and people by id or by name for any area: a node the caller may file a
//! record at, a person the caller may name, names for views, and the names a sheet gives
//! nodes by.

use crate::entity::{org_node, person};
use crate::scope::within_any;
use crate::{Result, Scoped, StorageError};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::tree::TreePath;

/// A node the caller may file records at with `perm`; otherwise a field error under `field`.
pub(crate) async fn node_for<C: ConnectionTrait>(
    s: &Scoped<'_>,
    conn: &C,
    node_id: i64,
    perm: Permission,
    field: &str,
) -> Result<(org_node::Model, TreePath)> {
    let missing = || StorageError::field(field, "err.node_missing");
    let n = org_node::Entity::find_by_id(node_id)
        .one(conn)
        .await?
        .ok_or_else(missing)?;
    let p = TreePath::parse(&n.path)?;
    if !s.actor.can(perm, &p) {
        return Err(missing());
    }
    Ok((n, p))
}

/// Names and primary nodes of the people `ids`, for views of their posts and honours.
pub(crate) async fn person_names<C: ConnectionTrait>(
    conn: &C,
    mut ids: Vec<i64>,
) -> Result<HashMap<i64, (String, i64)>> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, String, i64)> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::Name)
        .column(person::Column::NodeId)
        .filter(person::Column::Id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n, node)| (id, (n, node)))
        .collect())
}

/// A person a studio record may name (leader, member, mentor, contributor, ...): one the
/// caller may read. Anything else is reported on `field` as unknown, so a number guessed
/// from outside the scope tells nothing. Answers the person's name.
pub(crate) async fn person_in_reach<C: ConnectionTrait>(
    s: &Scoped<'_>,
    conn: &C,
    person_id: i64,
    field: &str,
) -> Result<String> {
    let unknown = || StorageError::field(field, "err.person_unknown");
    let p = person::Entity::find_by_id(person_id)
        .one(conn)
        .await?
        .ok_or_else(unknown)?;
    let path = TreePath::parse(&p.node_path)?;
    if s.actor.can(Permission::PersonRead, &path) {
        Ok(p.name)
    } else {
        Err(unknown())
    }
}

/// Names of people by id, for views (ids come from rows already scoped).
pub(crate) async fn names_of<C: ConnectionTrait>(
    conn: &C,
    ids: Vec<i64>,
) -> Result<HashMap<i64, String>> {
    Ok(person_names(conn, ids)
        .await?
        .into_iter()
        .map(|(id, (n, _))| (id, n))
        .collect())
}

/// Names the nodes where the importer may write, by code, by their path of names from the
/// top of the importer's scope (`央子街道/滨城绿洲社区`), or by a name that is unique.
pub struct NodeResolver {
    by_key: HashMap<String, Option<(i64, String)>>,
    /// Each node's path of names, by id.
    label_of: HashMap<i64, String>,
    /// Name paths in tree order, for the template's dropdown.
    pub labels: Vec<String>,
}

impl NodeResolver {
    pub(crate) async fn load<C: ConnectionTrait>(
        conn: &C,
        scopes: &[TreePath],
        cap: u64,
    ) -> Result<NodeResolver> {
        let rows: Vec<(i64, Option<i64>, String, Option<String>, String)> =
            org_node::Entity::find()
                .select_only()
                .column(org_node::Column::Id)
                .column(org_node::Column::ParentId)
                .column(org_node::Column::Name)
                .column(org_node::Column::Code)
                .column(org_node::Column::Path)
                .filter(within_any(org_node::Column::Path, scopes))
                .order_by_asc(org_node::Column::Path)
                .limit(cap)
                .into_tuple()
                .all(conn)
                .await?;
        let mut label_of: HashMap<i64, String> = HashMap::with_capacity(rows.len());
        let mut by_key: HashMap<String, Option<(i64, String)>> = HashMap::new();
        let mut labels = Vec::with_capacity(rows.len());
        let mut names: HashMap<String, u32> = HashMap::new();
        // Paths sort parents before children (`/1/` < `/1/5/`), so a parent's label exists.
        let mut sorted = rows;
        sorted.sort_by_key(|r| r.4.len());
        for (id, parent, name, code, path) in &sorted {
            let label = match parent.and_then(|p| label_of.get(&p)) {
                Some(pl) => format!("{pl}/{name}"),
                None => name.clone(),
            };
            label_of.insert(*id, label.clone());
            by_key.insert(label.clone(), Some((*id, path.clone())));
            if let Some(c) = code {
                by_key.insert(c.clone(), Some((*id, path.clone())));
            }
            *names.entry(name.clone()).or_default() += 1;
        }
        for (id, _, name, _, path) in &sorted {
            if names.get(name) == Some(&1) {
                by_key
                    .entry(name.clone())
                    .or_insert(Some((*id, path.clone())));
            }
            labels.push((path.clone(), label_of[id].clone()));
        }
        let mut labels: Vec<(String, String)> = labels;
        labels.sort();
        Ok(NodeResolver {
            by_key,
            label_of,
            labels: labels.into_iter().map(|(_, l)| l).collect(),
        })
    }

    /// How a file names node `id` so that this resolver finds it again: its own name when
    /// that is unique here, else its path of names.
    pub fn name_for(&self, id: i64, name: &str) -> Option<String> {
        match self.resolve(name) {
            Some((found, _)) if found == id => Some(name.to_string()),
            _ => self.label_of.get(&id).cloned(),
        }
    }

    pub fn resolve(&self, s: &str) -> Option<(i64, &str)> {
        let t = s.trim().trim_matches('/');
        self.by_key
            .get(t)
            .and_then(|v| v.as_ref())
            .map(|(id, p)| (*id, p.as_str()))
    }
}

//! Reading the tree: a node, lists and counts under the caller's scope, the tree's levels
//! as the picker opens them, and a node's breadcrumbs.

use super::*;

impl OrgRepo<'_> {
    /// The node's path when the caller holds `perm` over it; 404 otherwise.
    pub async fn path_of_readable(&self, id: i64, perm: Permission) -> Result<TreePath> {
        // A node at or above one of the caller's grants: its path came with the grants (an
        // assignment's node cannot be deleted, and the grants are read on every request).
        let p = match self.s.actor.grants.known_path(id) {
            Some(p) => p,
            None => {
                // Only the path: every scoped list under a node starts here.
                let path: Option<String> = org_node::Entity::find_by_id(id)
                    .select_only()
                    .column(org_node::Column::Path)
                    .into_tuple()
                    .one(self.s.db)
                    .await?;
                TreePath::parse(&path.ok_or(StorageError::NotFound)?)?
            }
        };
        if self.s.actor.can(perm, &p) {
            Ok(p)
        } else {
            Err(StorageError::NotFound)
        }
    }

    /// A node the caller may read.
    pub async fn get(&self, id: i64) -> Result<OrgNode> {
        let m = Self::load(self.s.db, id).await?;
        let p = TreePath::parse(&m.path)?;
        if !self.s.actor.can(Permission::OrgRead, &p) {
            return Err(StorageError::NotFound);
        }
        Ok(m.into())
    }

    async fn select(&self, f: &OrgFilter) -> Result<sea_orm::Select<org_node::Entity>> {
        let scopes = self.s.scopes(Permission::OrgRead)?;
        let mut q = org_node::Entity::find().filter(within_any(org_node::Column::Path, &scopes));
        if let Some(parent) = f.parent {
            self.get(parent).await?;
            q = q.filter(org_node::Column::ParentId.eq(parent));
        }
        if let Some(under) = f.under {
            let p = self.path_of_readable(under, Permission::OrgRead).await?;
            q = q.filter(within(org_node::Column::Path, &p));
        }
        if let Some(k) = f.kind.as_deref().filter(|k| !k.is_empty()) {
            q = q.filter(org_node::Column::Kind.eq(k));
        }
        if let Some(st) = f.status.as_deref().filter(|k| !k.is_empty()) {
            NodeStatus::parse(st)?;
            q = q.filter(org_node::Column::Status.eq(st));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            q = q.filter(
                sea_orm::Condition::any()
                    .add(like_expr(org_node::Column::Name, text))
                    .add(like_expr(org_node::Column::Code, text)),
            );
        }
        Ok(q)
    }

    /// Children of one parent in their set order; otherwise tree (pre-)order by path.
    fn ordered(
        q: sea_orm::Select<org_node::Entity>,
        f: &OrgFilter,
    ) -> sea_orm::Select<org_node::Entity> {
        if f.parent.is_some() {
            q.order_by_asc(org_node::Column::SortOrder)
                .order_by_asc(org_node::Column::Id)
        } else {
            q.order_by_asc(org_node::Column::Path)
        }
    }

    pub async fn list(&self, f: &OrgFilter, page: PageRequest) -> Result<Page<OrgNode>> {
        let q = self.select(f).await?;
        let p = fetch_page(self.s.db, q, |q| Self::ordered(q, f), page).await?;
        Ok(p.map(Into::into))
    }

    pub async fn all(&self, f: &OrgFilter, cap: u64) -> Result<Vec<OrgNode>> {
        Ok(Self::ordered(self.select(f).await?, f)
            .limit(cap)
            .all(self.s.db)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Names of the given nodes that the caller may read (for labelling lists).
    pub async fn names(&self, ids: &[i64]) -> Result<HashMap<i64, String>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let scopes = self.s.actor.grants.scopes(Permission::OrgRead);
        let rows = org_node::Entity::find()
            .filter(org_node::Column::Id.is_in(ids.to_vec()))
            .filter(within_any(org_node::Column::Path, &scopes))
            .all(self.s.db)
            .await?;
        Ok(rows.into_iter().map(|m| (m.id, m.name)).collect())
    }

    /// The tops of the caller's tree: the roots of its `org.read` subtrees (every root when
    /// the caller reads the whole tree).
    pub async fn roots(&self) -> Result<Vec<TreeItem>> {
        let scopes = self.s.actor.grants.scopes(Permission::OrgRead);
        let rows = if scopes.iter().any(|s| *s == TreePath::everything()) {
            org_node::Entity::find()
                .filter(org_node::Column::ParentId.is_null())
                .order_by_asc(org_node::Column::SortOrder)
                .order_by_asc(org_node::Column::Id)
                .all(self.s.db)
                .await?
        } else {
            let ids: Vec<i64> = scopes.iter().filter_map(|s| s.id()).collect();
            org_node::Entity::find()
                .filter(org_node::Column::Id.is_in(ids))
                .order_by_asc(org_node::Column::Path)
                .all(self.s.db)
                .await?
        };
        self.with_child_flags(rows).await
    }

    /// Children of a node the caller may read, each flagged when it has children of its own.
    pub async fn children(&self, id: i64) -> Result<Vec<TreeItem>> {
        self.get(id).await?;
        let rows = org_node::Entity::find()
            .filter(org_node::Column::ParentId.eq(id))
            .order_by_asc(org_node::Column::SortOrder)
            .order_by_asc(org_node::Column::Id)
            .all(self.s.db)
            .await?;
        self.with_child_flags(rows).await
    }

    pub(super) async fn with_child_flags(
        &self,
        rows: Vec<org_node::Model>,
    ) -> Result<Vec<TreeItem>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let parents: Vec<Option<i64>> = if ids.is_empty() {
            vec![]
        } else {
            org_node::Entity::find()
                .select_only()
                .column(org_node::Column::ParentId)
                .filter(org_node::Column::ParentId.is_in(ids))
                .distinct()
                .into_tuple()
                .all(self.s.db)
                .await?
        };
        Ok(rows
            .into_iter()
            .map(|m| {
                let has_children = parents.contains(&Some(m.id));
                TreeItem {
                    node: m.into(),
                    has_children,
                }
            })
            .collect())
    }

    /// The node's ancestors that the caller may read, top first, ending with the node.
    pub async fn breadcrumbs(&self, id: i64) -> Result<Vec<OrgNode>> {
        let node = self.get(id).await?;
        let ids = node.tree_path().ids();
        let rows = org_node::Entity::find()
            .filter(org_node::Column::Id.is_in(ids.clone()))
            .all(self.s.db)
            .await?;
        let mut by_id: HashMap<i64, org_node::Model> =
            rows.into_iter().map(|m| (m.id, m)).collect();
        Ok(ids
            .into_iter()
            .filter_map(|i| by_id.remove(&i))
            .filter(|m| {
                TreePath::parse(&m.path)
                    .map(|p| self.s.actor.can(Permission::OrgRead, &p))
                    .unwrap_or(false)
            })
            .map(Into::into)
            .collect())
    }

    /// The nodes under `under` (or in the caller's whole scope) by kind, with how many are
    /// disabled: read from the maintained subtree counts (`counts`), a few rows per top node.
    pub async fn counts(&self, under: Option<i64>) -> Result<OrgCounts> {
        let tops: Vec<i64> = match under {
            Some(n) => {
                self.path_of_readable(n, Permission::OrgRead).await?;
                vec![n]
            }
            None => {
                let scopes = self.s.scopes(Permission::OrgRead)?;
                if scopes.iter().any(|p| p.id().is_none()) {
                    org_node::Entity::find()
                        .select_only()
                        .column(org_node::Column::Id)
                        .filter(org_node::Column::ParentId.is_null())
                        .into_tuple()
                        .all(self.s.db)
                        .await?
                } else {
                    // A subtree inside another of the caller's is counted with it.
                    scopes
                        .iter()
                        .filter(|p| {
                            !scopes
                                .iter()
                                .any(|q| q != *p && p.as_str().starts_with(q.as_str()))
                        })
                        .filter_map(|p| p.id())
                        .collect()
                }
            }
        };
        let rows = super::counts::of(self.s.db, &tops).await?;
        let kinds = self.kinds().await?;
        let mut nodes = 0;
        let mut disabled = 0;
        let mut per: HashMap<String, u64> = HashMap::new();
        for (k, st, n) in rows {
            nodes += n as u64;
            if st == NodeStatus::Disabled.code() {
                disabled += n as u64;
            }
            *per.entry(k).or_default() += n as u64;
        }
        let by_kind = kinds
            .into_iter()
            .filter_map(|k| per.get(&k.code).map(|n| (k.code, *n)))
            .collect();
        Ok(OrgCounts {
            nodes,
            by_kind,
            disabled,
        })
    }
}

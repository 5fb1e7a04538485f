//! The one place where subtree scope is applied to queries.

use crate::kit::files::FileStore;
use crate::{Result, StorageError};
use sea_orm::sea_query::{Expr, IntoColumnRef, SimpleExpr};
use sea_orm::{Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PrimaryKeyTrait};
use touyan_domain::access::{Grants, Permission};
use touyan_domain::tree::TreePath;

/// Who is acting, with everything they may do. Built by the accounts area (`Auth`) from a
/// session or an API token, or by [`Actor::system`] for the command line.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub username: String,
    pub display_name: String,
    pub grants: Grants,
    pub token_id: Option<i64>,
    pub ip: Option<String>,
    pub locale: String,
    /// The account's home node, where its own events (logins, tokens) are filed.
    pub home: Option<(i64, TreePath)>,
}

impl Actor {
    /// The command line acting on the whole tree (demo data, `touyan admin`).
    pub fn system() -> Actor {
        use touyan_domain::access::Grant;
        Actor {
            user_id: None,
            username: "system".into(),
            display_name: "system".into(),
            grants: Grants::new(vec![Grant {
                permissions: Permission::ALL.into_iter().collect(),
                scope: TreePath::everything(),
            }]),
            token_id: None,
            ip: None,
            locale: "zh-CN".into(),
            home: None,
        }
    }

    pub fn home_ref(&self) -> Option<(i64, &TreePath)> {
        self.home.as_ref().map(|(i, p)| (*i, p))
    }

    pub fn can(&self, perm: Permission, target: &TreePath) -> bool {
        self.grants.allows(perm, target)
    }
}

/// Records as `actor` may see them. Handlers get one of these and nothing else.
#[derive(Clone, Copy)]
pub struct Scoped<'a> {
    pub(crate) db: &'a DatabaseConnection,
    pub(crate) actor: &'a Actor,
    pub(crate) files: &'a FileStore,
    pub(crate) hashing: &'a crate::kit::hashing::Hashing,
}

impl<'a> Scoped<'a> {
    pub(crate) fn new(
        db: &'a DatabaseConnection,
        actor: &'a Actor,
        files: &'a FileStore,
        hashing: &'a crate::kit::hashing::Hashing,
    ) -> Self {
        Scoped {
            db,
            actor,
            files,
            hashing,
        }
    }
    pub fn actor(&self) -> &'a Actor {
        self.actor
    }

    /// The subtrees where `perm` holds, or `NotFound` when there are none: a caller who may not
    /// read a kind of record anywhere is answered as if there were none.
    pub(crate) fn scopes(&self, perm: Permission) -> Result<Vec<TreePath>> {
        let s = self.actor.grants.scopes(perm);
        if s.is_empty() {
            Err(StorageError::NotFound)
        } else {
            Ok(s)
        }
    }

    /// Rows of `col` the caller may see with `perm`, narrowed to the subtree of `under` when
    /// given. A readable node's subtree lies inside the caller's scope (scopes are whole
    /// subtrees), so its one range replaces the scopes' ranges instead of repeating them.
    pub(crate) async fn visible<C: IntoColumnRef + Clone>(
        &self,
        col: C,
        perm: Permission,
        under: Option<i64>,
    ) -> Result<Condition> {
        match under {
            Some(id) => {
                let p = self.orgs().path_of_readable(id, perm).await?;
                Ok(Condition::all().add(within(col, &p)))
            }
            None => Ok(within_any(col, &self.scopes(perm)?)),
        }
    }

    /// `perm` over `target`, answering 404 when the caller cannot even read it (`read`) and
    /// 403 when it can read but not do this.
    pub(crate) fn require(
        &self,
        perm: Permission,
        read: Permission,
        target: &TreePath,
    ) -> Result<()> {
        if self.actor.can(perm, target) {
            Ok(())
        } else if self.actor.can(read, target) {
            Err(StorageError::Forbidden)
        } else {
            Err(StorageError::NotFound)
        }
    }
}

/// A kind of record filed in the tree, declared once in its area: the permission that reads
/// it, the one that changes it, and the path it is filed under. Loading one for reading or
/// for writing and filtering a list of them are [`Scoped::load_for_read`],
/// [`Scoped::load_for_write`] and [`Scoped::list_filter`], which answer alike for every kind:
/// 404 for a record the caller may not read (as for a missing id), 403 for one it reads but
/// may not change.
pub(crate) trait Guarded: EntityTrait {
    const READ: Permission;
    const WRITE: Permission;
    /// The column holding the record's node path.
    fn path_column() -> Self::Column;
    fn path_of(m: &Self::Model) -> &str;
}

impl Scoped<'_> {
    async fn load_guarded<E, C>(&self, conn: &C, id: i64) -> Result<(E::Model, TreePath)>
    where
        E: Guarded,
        E::PrimaryKey: PrimaryKeyTrait<ValueType = i64>,
        C: ConnectionTrait,
    {
        let m = E::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let p = TreePath::parse(E::path_of(&m))?;
        Ok((m, p))
    }

    /// The record `id` of kind `E` with its path, when the caller may read it.
    pub(crate) async fn load_for_read<E, C>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<(E::Model, TreePath)>
    where
        E: Guarded,
        E::PrimaryKey: PrimaryKeyTrait<ValueType = i64>,
        C: ConnectionTrait,
    {
        let (m, p) = self.load_guarded::<E, C>(conn, id).await?;
        if self.actor.can(E::READ, &p) {
            Ok((m, p))
        } else {
            Err(StorageError::NotFound)
        }
    }

    /// The record `id` of kind `E` with its path, when the caller may change it.
    pub(crate) async fn load_for_write<E, C>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<(E::Model, TreePath)>
    where
        E: Guarded,
        E::PrimaryKey: PrimaryKeyTrait<ValueType = i64>,
        C: ConnectionTrait,
    {
        let (m, p) = self.load_guarded::<E, C>(conn, id).await?;
        self.require(E::WRITE, E::READ, &p)?;
        Ok((m, p))
    }

    /// The records of kind `E` the caller may read, under the node `under` when given.
    pub(crate) async fn list_filter<E: Listed>(&self, under: Option<i64>) -> Result<Condition> {
        Ok(E::seen_from(&self.list_scopes::<E>(under).await?))
    }
}

/// `col` lies in one of the subtrees: an OR of key ranges, each an index range scan.
pub(crate) fn within_any<C: IntoColumnRef + Clone>(col: C, scopes: &[TreePath]) -> Condition {
    let mut c = Condition::any();
    if scopes.is_empty() {
        return c.add(Expr::val(1).eq(0));
    }
    for s in scopes {
        c = c.add(within(col.clone(), s));
    }
    c
}

pub(crate) fn within<C: IntoColumnRef + Clone>(col: C, s: &TreePath) -> SimpleExpr {
    Expr::col(col.clone())
        .gte(s.as_str())
        .and(Expr::col(col).lt(s.upper_bound()))
}

impl Actor {
    /// Someone acting without an account's session: a sign-in attempt under the name typed
    /// (and the account it names, if any), or the public form. Holds no grants; its writes
    /// are recorded under `name` and `ip`.
    pub(crate) fn unsigned(user_id: Option<i64>, name: &str, ip: Option<String>) -> Actor {
        Actor {
            user_id,
            username: name.to_string(),
            display_name: name.to_string(),
            grants: Grants::new(vec![]),
            token_id: None,
            ip,
            locale: "zh-CN".into(),
            home: None,
        }
    }
}

/// A kind of record listed by subtree: the permission that reads it and which records a set
/// of subtrees sees. [`Scoped::list_filter`] answers with it for every kind. Each [`Guarded`]
/// kind is one, seen where it is filed; a kind seen from more than one place (a service
/// request, through its reach rows) declares its own.
pub(crate) trait Listed: EntityTrait {
    const LIST_READ: Permission;
    /// The records seen from any of `scopes` (whole subtrees the caller reads).
    fn seen_from(scopes: &[TreePath]) -> Condition;
}

impl<E: Guarded> Listed for E {
    const LIST_READ: Permission = E::READ;
    fn seen_from(scopes: &[TreePath]) -> Condition {
        within_any(E::path_column(), scopes)
    }
}

impl Scoped<'_> {
    /// The subtrees a list of kind `E` starts from: the node `under` when given (which the
    /// caller must read), else every scope the caller reads the kind in.
    pub(crate) async fn list_scopes<E: Listed>(&self, under: Option<i64>) -> Result<Vec<TreePath>> {
        match under {
            Some(id) => Ok(vec![self.orgs().path_of_readable(id, E::LIST_READ).await?]),
            None => self.scopes(E::LIST_READ),
        }
    }
}

#[cfg(test)]
mod listed_tests {
    use super::*;
    use crate::entity::person;
    use crate::entity::request_tables::service_request as sr;
    use sea_orm::{DbBackend, QueryFilter, QueryTrait};

    fn sql<E: Listed>(scopes: &[TreePath]) -> String {
        E::find()
            .filter(E::seen_from(scopes))
            .build(DbBackend::Sqlite)
            .to_string()
    }

    #[test]
    fn a_filed_kind_is_seen_in_its_subtrees_and_a_request_from_its_reach_rows() {
        let a = TreePath::parse("/1/5/").unwrap();
        let b = TreePath::parse("/2/").unwrap();
        let people = sql::<person::Entity>(&[a.clone(), b.clone()]);
        assert!(people.contains("\"node_path\" >= '/1/5/'"), "{people}");
        assert!(people.contains("\"node_path\" >= '/2/'"), "{people}");

        let requests = sql::<sr::Entity>(&[a.clone(), b]);
        assert!(requests.contains("FROM \"request_reach\""), "{requests}");
        assert!(requests.contains("\"node_id\" IN (5, 2)"), "{requests}");

        // A scope over the whole forest sees every request: nothing is filtered.
        let all = sql::<sr::Entity>(&[a, TreePath::everything()]);
        assert!(
            all.ends_with("FROM \"service_request\" WHERE TRUE"),
            "{all}"
        );
    }
}

//! The one place where subtree scope is applied to queries.

use crate::kit::files::FileStore;
use crate::{Result, StorageError};
use sea_orm::sea_query::{Expr, IntoColumnRef, SimpleExpr};
use sea_orm::{Condition, DatabaseConnection};
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

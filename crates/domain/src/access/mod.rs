//! Roles scoped to subtrees. An assignment (user, role, node) grants the role's permissions
//! over that node's subtree and nowhere else; a check is always (permission, target path).
//! Scopes of different assignments are never merged across permissions.

mod declare;
pub mod kit;
#[cfg(test)]
mod tests;

pub use declare::{role, AreaAccess, BuiltinRole, BUILTIN_ROLES, PERMISSION_COUNT};

use crate::areas::AREAS;
use crate::tree::{minimal_prefixes, TreePath};
use crate::DomainError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One permission, named by its code (`studio.manage`). Each area declares its own as
/// associated constants (`Permission::StudioManage`) and lists them in its [`AreaAccess`];
/// permissions sort in the order of [`Permission::ALL`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Permission(&'static str);

impl Permission {
    /// Every permission, area after area in the order of `crate::areas::AREAS`.
    pub const ALL: [Permission; PERMISSION_COUNT] = declare::all_permissions();

    /// A permission with this code; only an area's declaration makes one.
    pub(crate) const fn new(code: &'static str) -> Permission {
        Permission(code)
    }

    pub fn code(self) -> &'static str {
        self.0
    }

    pub fn from_code(s: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.code() == s)
    }

    /// Permissions that only mean something over the whole tree (roles and dictionaries
    /// are shared by every node), so they are honoured only from a whole-tree assignment.
    pub fn is_global_only(self) -> bool {
        AREAS.iter().any(|a| a.global_only.contains(&self))
    }

    /// The place in [`Permission::ALL`], which orders permissions.
    fn rank(self) -> usize {
        Permission::ALL
            .iter()
            .position(|p| *p == self)
            .unwrap_or(usize::MAX)
    }
}

impl Ord for Permission {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.rank(), self.0).cmp(&(other.rank(), other.0))
    }
}

impl PartialOrd for Permission {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Debug for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Permission({})", self.0)
    }
}

impl Serialize for Permission {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Permission {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Permission::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown permission `{code}`")))
    }
}

pub type PermissionSet = BTreeSet<Permission>;

/// Parses a list of permission codes, refusing unknown ones and an empty list.
pub fn parse_permissions<S: AsRef<str>>(codes: &[S]) -> Result<PermissionSet, DomainError> {
    let mut set = PermissionSet::new();
    for c in codes {
        match Permission::from_code(c.as_ref().trim()) {
            Some(p) => {
                set.insert(p);
            }
            None => return Err(DomainError::field("permissions", "err.permission_unknown")),
        }
    }
    if set.is_empty() {
        return Err(DomainError::field("permissions", "err.permissions_empty"));
    }
    Ok(set)
}

/// One assignment as the checks see it: a set of permissions over one subtree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub permissions: PermissionSet,
    pub scope: TreePath,
}

/// Everything an authenticated caller may do, built once per request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grants(Vec<Grant>);

impl Grants {
    pub fn new(grants: Vec<Grant>) -> Self {
        Grants(grants)
    }

    /// Narrows every grant to `allowed` (an API token restricted to some permissions).
    pub fn restrict(&self, allowed: &PermissionSet) -> Self {
        Grants(
            self.0
                .iter()
                .map(|g| Grant {
                    permissions: g.permissions.intersection(allowed).copied().collect(),
                    scope: g.scope.clone(),
                })
                .filter(|g| !g.permissions.is_empty())
                .collect(),
        )
    }

    pub fn list(&self) -> &[Grant] {
        &self.0
    }

    /// Allowed iff one assignment grants `perm` with `target` inside its subtree.
    pub fn allows(&self, perm: Permission, target: &TreePath) -> bool {
        self.0.iter().any(|g| {
            g.permissions.contains(&perm)
                && target.is_within(&g.scope)
                && (!perm.is_global_only() || g.scope == TreePath::everything())
        })
    }

    /// The path of node `id` when some grant starts at it or below it; the path comes with
    /// the grants, so a list under one's own node needs no lookup of the node.
    pub fn known_path(&self, id: i64) -> Option<TreePath> {
        self.0.iter().find_map(|g| g.scope.prefix_to(id))
    }

    /// Whether `perm` holds over some subtree (a whole-tree permission only from a whole-tree
    /// assignment): a write route asks this before it reads the request's body.
    pub fn holds_anywhere(&self, perm: Permission) -> bool {
        self.0.iter().any(|g| {
            g.permissions.contains(&perm)
                && (!perm.is_global_only() || g.scope == TreePath::everything())
        })
    }

    /// Whether some grant, over whatever subtree, carries `perm`: for permissions about the
    /// caller's own things (its API tokens), which no subtree bounds.
    pub fn holds(&self, perm: Permission) -> bool {
        self.0.iter().any(|g| g.permissions.contains(&perm))
    }

    /// Whole-tree permissions (roles, dictionaries).
    pub fn allows_global(&self, perm: Permission) -> bool {
        self.allows(perm, &TreePath::everything())
    }

    /// The subtrees where `perm` holds, with covered ones removed: what a list is filtered by.
    pub fn scopes(&self, perm: Permission) -> Vec<TreePath> {
        minimal_prefixes(
            self.0
                .iter()
                .filter(|g| g.permissions.contains(&perm))
                .filter(|g| !perm.is_global_only() || g.scope == TreePath::everything())
                .map(|g| g.scope.clone())
                .collect(),
        )
    }

    /// Whether this caller may hand out `permissions` over `scope`: never more than it holds.
    pub fn can_grant(&self, permissions: &PermissionSet, scope: &TreePath) -> bool {
        self.allows(Permission::UserWrite, scope)
            && permissions.iter().all(|p| self.allows(*p, scope))
    }

    /// Whether this caller holds at least everything `other` holds, grant by grant. Managing
    /// another account (password, status, assignments) requires it, so nobody can take over
    /// an account that holds more than they do.
    pub fn covers(&self, other: &Grants) -> bool {
        other
            .0
            .iter()
            .all(|g| g.permissions.iter().all(|p| self.allows(*p, &g.scope)))
    }
}

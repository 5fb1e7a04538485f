//! Roles scoped to subtrees. An assignment (user, role, node) grants the role's permissions
//! over that node's subtree and nowhere else; a check is always (permission, target path).
//! Scopes of different assignments are never merged across permissions.

use crate::tree::{minimal_prefixes, TreePath};
use crate::DomainError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Permission {
    #[serde(rename = "org.read")]
    OrgRead,
    #[serde(rename = "org.write")]
    OrgWrite,
    #[serde(rename = "user.read")]
    UserRead,
    #[serde(rename = "user.write")]
    UserWrite,
    #[serde(rename = "audit.read")]
    AuditRead,
    #[serde(rename = "role.manage")]
    RoleManage,
    #[serde(rename = "dict.manage")]
    DictManage,
    #[serde(rename = "person.read")]
    PersonRead,
    #[serde(rename = "person.write")]
    PersonWrite,
    /// See identity numbers and phones in full; every full view is audited.
    #[serde(rename = "person.sensitive")]
    PersonSensitive,
    /// Hand development quotas down the tree.
    #[serde(rename = "quota.manage")]
    QuotaManage,
    /// Studios and everything recorded in them.
    #[serde(rename = "studio.read")]
    StudioRead,
    #[serde(rename = "studio.write")]
    StudioWrite,
    /// Lifecycle moves (挂牌, 示范, 预警, 摘牌): decisions of the supervising unit, not the studio.
    #[serde(rename = "studio.manage")]
    StudioManage,
    /// Service requests located, dispatched or handled in the subtree.
    #[serde(rename = "request.read")]
    RequestRead,
    /// Receive, dispatch, transfer, follow up, close and reopen requests (派单), and see the
    /// complainant's contact in full.
    #[serde(rename = "request.dispatch")]
    RequestDispatch,
    /// Accept, send back, ask for more time and reply to requests dispatched to the subtree.
    #[serde(rename = "request.handle")]
    RequestHandle,
    /// Request categories with their handling units and time limits (a whole-tree dictionary).
    #[serde(rename = "request.manage")]
    RequestManage,
    /// The working calendar (holidays, 调休 working days, working hours) that every time
    /// limit is counted on (a whole-tree dictionary).
    #[serde(rename = "calendar.manage")]
    CalendarManage,
    /// List, create and revoke one's own API tokens. A signed-in person always may; a token
    /// may only when it carries this permission, so one narrowed to reading cannot revoke
    /// its owner's other tokens.
    #[serde(rename = "token.manage")]
    TokenManage,
}

impl Permission {
    pub const ALL: [Permission; 20] = [
        Permission::OrgRead,
        Permission::OrgWrite,
        Permission::UserRead,
        Permission::UserWrite,
        Permission::AuditRead,
        Permission::RoleManage,
        Permission::DictManage,
        Permission::PersonRead,
        Permission::PersonWrite,
        Permission::PersonSensitive,
        Permission::QuotaManage,
        Permission::StudioRead,
        Permission::StudioWrite,
        Permission::StudioManage,
        Permission::RequestRead,
        Permission::RequestDispatch,
        Permission::RequestHandle,
        Permission::RequestManage,
        Permission::CalendarManage,
        Permission::TokenManage,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Permission::OrgRead => "org.read",
            Permission::OrgWrite => "org.write",
            Permission::UserRead => "user.read",
            Permission::UserWrite => "user.write",
            Permission::AuditRead => "audit.read",
            Permission::RoleManage => "role.manage",
            Permission::DictManage => "dict.manage",
            Permission::PersonRead => "person.read",
            Permission::PersonWrite => "person.write",
            Permission::PersonSensitive => "person.sensitive",
            Permission::QuotaManage => "quota.manage",
            Permission::StudioRead => "studio.read",
            Permission::StudioWrite => "studio.write",
            Permission::StudioManage => "studio.manage",
            Permission::RequestRead => "request.read",
            Permission::RequestDispatch => "request.dispatch",
            Permission::RequestHandle => "request.handle",
            Permission::RequestManage => "request.manage",
            Permission::CalendarManage => "calendar.manage",
            Permission::TokenManage => "token.manage",
        }
    }

    pub fn from_code(s: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.code() == s)
    }

    /// Permissions that only mean something over the whole tree (roles and dictionaries
    /// are shared by every node), so they are honoured only from a whole-tree assignment.
    pub fn is_global_only(self) -> bool {
        matches!(
            self,
            Permission::RoleManage
                | Permission::DictManage
                | Permission::RequestManage
                | Permission::CalendarManage
        )
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

/// The built-in roles, created by the first migration run.
pub struct BuiltinRole {
    pub code: &'static str,
    pub name: &'static str,
    pub permissions: &'static [Permission],
}

pub const BUILTIN_ROLES: [BuiltinRole; 7] = [
    BuiltinRole {
        code: "system_admin",
        name: "系统管理员",
        permissions: &Permission::ALL,
    },
    BuiltinRole {
        code: "org_admin",
        name: "组织管理员",
        permissions: &[
            Permission::OrgRead,
            Permission::OrgWrite,
            Permission::UserRead,
            Permission::UserWrite,
            Permission::AuditRead,
            Permission::PersonRead,
            Permission::PersonWrite,
            Permission::QuotaManage,
            Permission::StudioRead,
            Permission::StudioWrite,
            Permission::StudioManage,
            Permission::RequestRead,
            Permission::RequestDispatch,
            Permission::RequestHandle,
            Permission::TokenManage,
        ],
    },
    // 组织员: keeps the party-member records, so sees identity numbers and phones in full.
    BuiltinRole {
        code: "personnel",
        name: "组织员",
        permissions: &[
            Permission::OrgRead,
            Permission::PersonRead,
            Permission::PersonWrite,
            Permission::PersonSensitive,
            Permission::QuotaManage,
            Permission::TokenManage,
        ],
    },
    BuiltinRole {
        code: "readonly",
        name: "只读",
        permissions: &[
            Permission::OrgRead,
            Permission::UserRead,
            Permission::AuditRead,
            Permission::PersonRead,
            Permission::StudioRead,
            Permission::RequestRead,
            Permission::TokenManage,
        ],
    },
    // 工作室领衔人 (DESIGN "who uses it"): assigned at the studio's host unit; keeps members,
    // mentorship, achievements and activities, and reads the people it picks from.
    BuiltinRole {
        code: "studio_leader",
        name: "工作室领衔人",
        permissions: &[
            Permission::OrgRead,
            Permission::PersonRead,
            Permission::StudioRead,
            Permission::StudioWrite,
            Permission::TokenManage,
        ],
    },
    // 派单员 ("园区派单" [003]): receives requests in the subtree, dispatches them to handling
    // units, follows up and closes them.
    BuiltinRole {
        code: "dispatcher",
        name: "派单员",
        permissions: &[
            Permission::OrgRead,
            Permission::RequestRead,
            Permission::RequestDispatch,
            Permission::TokenManage,
        ],
    },
    // 承办员 ("部门接单" [003]): accepts and handles requests dispatched to the unit.
    BuiltinRole {
        code: "handler",
        name: "承办员",
        permissions: &[
            Permission::OrgRead,
            Permission::RequestRead,
            Permission::RequestHandle,
            Permission::TokenManage,
        ],
    },
];

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

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    fn p(s: &str) -> TreePath {
        TreePath::parse(s).unwrap()
    }
    fn grant(perms: &[Permission], scope: &str) -> Grant {
        Grant {
            permissions: perms.iter().copied().collect(),
            scope: p(scope),
        }
    }

    #[test]
    fn paths_known_from_the_grants() {
        let g = Grants::new(vec![
            grant(&[OrgRead], "/1/2/30/"),
            grant(&[RequestRead], "/1/4/"),
        ]);
        assert_eq!(g.known_path(30), Some(p("/1/2/30/")));
        assert_eq!(g.known_path(2), Some(p("/1/2/")));
        assert_eq!(g.known_path(4), Some(p("/1/4/")));
        assert_eq!(g.known_path(1), Some(p("/1/")));
        // Below a grant's node, or elsewhere: unknown, to be looked up.
        assert_eq!(g.known_path(31), None);
        assert_eq!(Grants::default().known_path(1), None);
    }

    #[test]
    fn held_anywhere_honours_whole_tree_only_permissions() {
        let g = Grants::new(vec![grant(&[OrgRead, PersonWrite, DictManage], "/1/5/")]);
        assert!(g.holds_anywhere(PersonWrite));
        assert!(g.holds_anywhere(OrgRead));
        assert!(!g.holds_anywhere(OrgWrite));
        // Dictionaries are shared by the whole tree: a subtree grant of them counts nowhere.
        assert!(!g.holds_anywhere(DictManage));
        let whole = Grants::new(vec![grant(&[DictManage], "/")]);
        assert!(whole.holds_anywhere(DictManage));
        assert!(!Grants::default().holds_anywhere(OrgRead));
    }

    #[test]
    fn allowed_only_inside_the_subtree() {
        let g = Grants::new(vec![grant(&[OrgRead, OrgWrite], "/1/5/")]);
        assert!(g.allows(OrgWrite, &p("/1/5/")));
        assert!(g.allows(OrgWrite, &p("/1/5/9/")));
        assert!(!g.allows(OrgWrite, &p("/1/")));
        assert!(!g.allows(OrgWrite, &p("/1/50/")));
        assert!(!g.allows(UserWrite, &p("/1/5/9/")));
    }

    #[test]
    fn scopes_are_not_merged_across_permissions() {
        // 管理员 of park A and 只读 of park B cannot edit B.
        let g = Grants::new(vec![
            grant(&[OrgRead, OrgWrite], "/1/2/"),
            grant(&[OrgRead], "/1/3/"),
        ]);
        assert!(g.allows(OrgRead, &p("/1/3/7/")));
        assert!(!g.allows(OrgWrite, &p("/1/3/7/")));
        assert_eq!(g.scopes(OrgRead), vec![p("/1/2/"), p("/1/3/")]);
        assert_eq!(g.scopes(OrgWrite), vec![p("/1/2/")]);
    }

    #[test]
    fn global_only_permissions_need_a_whole_tree_grant() {
        let local = Grants::new(vec![grant(&Permission::ALL, "/1/")]);
        assert!(!local.allows_global(RoleManage));
        assert!(!local.allows(RoleManage, &p("/1/2/")));
        assert!(local.scopes(RoleManage).is_empty());
        let global = Grants::new(vec![grant(&Permission::ALL, "/")]);
        assert!(global.allows_global(RoleManage));
    }

    #[test]
    fn grant_never_exceeds_what_is_held() {
        let g = Grants::new(vec![grant(
            &[OrgRead, OrgWrite, UserRead, UserWrite],
            "/1/2/",
        )]);
        let ro: PermissionSet = [OrgRead].into_iter().collect();
        let with_audit: PermissionSet = [OrgRead, AuditRead].into_iter().collect();
        assert!(g.can_grant(&ro, &p("/1/2/3/")));
        assert!(!g.can_grant(&ro, &p("/1/")), "outside own subtree");
        assert!(
            !g.can_grant(&with_audit, &p("/1/2/3/")),
            "holds no audit.read"
        );
        let reader = Grants::new(vec![grant(&[OrgRead, UserRead], "/1/2/")]);
        assert!(
            !reader.can_grant(&ro, &p("/1/2/3/")),
            "needs user.write to grant at all"
        );
    }

    #[test]
    fn covers_compares_grant_by_grant() {
        let admin_a = Grants::new(vec![grant(
            &[OrgRead, OrgWrite, UserRead, UserWrite],
            "/1/2/",
        )]);
        let clerk = Grants::new(vec![grant(&[OrgRead], "/1/2/4/")]);
        let boss = Grants::new(vec![grant(&Permission::ALL, "/")]);
        assert!(admin_a.covers(&clerk));
        assert!(!admin_a.covers(&boss));
        assert!(boss.covers(&admin_a));
        assert!(admin_a.covers(&Grants::default()));
    }

    #[test]
    fn restrict_narrows_a_token() {
        let g = Grants::new(vec![grant(&[OrgRead, OrgWrite], "/1/")]);
        let ro: PermissionSet = [OrgRead].into_iter().collect();
        let t = g.restrict(&ro);
        assert!(t.allows(OrgRead, &p("/1/2/")));
        assert!(!t.allows(OrgWrite, &p("/1/2/")));
    }

    #[test]
    fn token_management_is_held_anywhere_and_narrowed_away() {
        let g = Grants::new(vec![grant(&[OrgRead, TokenManage], "/1/2/")]);
        assert!(g.holds(TokenManage));
        let ro: PermissionSet = [OrgRead].into_iter().collect();
        assert!(!g.restrict(&ro).holds(TokenManage));
        for r in BUILTIN_ROLES.iter() {
            assert!(r.permissions.contains(&TokenManage), "{}", r.code);
        }
    }

    #[test]
    fn permission_codes_round_trip() {
        for perm in Permission::ALL {
            assert_eq!(Permission::from_code(perm.code()), Some(perm));
        }
        assert!(parse_permissions(&["org.read", "nope"]).is_err());
        assert!(parse_permissions::<&str>(&[]).is_err());
        assert_eq!(
            parse_permissions(&["org.read", "org.read"]).unwrap().len(),
            1
        );
    }
}

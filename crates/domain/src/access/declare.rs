//! How an area declares its permissions, and the lists built from every area's declaration:
//! `Permission::ALL` and `BUILTIN_ROLES`, both in the order of `crate::areas::AREAS`.

use super::Permission;
use crate::areas::AREAS;

/// What one area declares of access: its permissions in the order they are listed, those
/// honoured only from a whole-tree assignment, and what each built-in role gets of them.
pub struct AreaAccess {
    pub permissions: &'static [Permission],
    /// Permissions that only mean something over the whole tree (see
    /// [`Permission::is_global_only`]).
    pub global_only: &'static [Permission],
    /// (built-in role code, the permissions of this area it holds). The system administrator
    /// holds every permission and is not named here.
    pub roles: &'static [(&'static str, &'static [Permission])],
}

/// The codes of the built-in roles, for the areas' `roles` lists.
pub mod role {
    pub const SYSTEM_ADMIN: &str = "system_admin";
    pub const ORG_ADMIN: &str = "org_admin";
    pub const PERSONNEL: &str = "personnel";
    pub const READONLY: &str = "readonly";
    pub const STUDIO_LEADER: &str = "studio_leader";
    pub const DISPATCHER: &str = "dispatcher";
    pub const HANDLER: &str = "handler";
}

/// How many permissions the areas declare.
pub const PERMISSION_COUNT: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < AREAS.len() {
        n += AREAS[i].permissions.len();
        i += 1;
    }
    n
};

/// Every area's permissions, area after area.
pub(super) const fn all_permissions() -> [Permission; PERMISSION_COUNT] {
    let mut out = [Permission::new(""); PERMISSION_COUNT];
    let mut k = 0;
    let mut i = 0;
    while i < AREAS.len() {
        let ps = AREAS[i].permissions;
        let mut j = 0;
        while j < ps.len() {
            out[k] = ps[j];
            k += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// How many permissions the areas give built-in role `code`.
const fn held_count(code: &str) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < AREAS.len() {
        let roles = AREAS[i].roles;
        let mut j = 0;
        while j < roles.len() {
            if same(roles[j].0, code) {
                n += roles[j].1.len();
            }
            j += 1;
        }
        i += 1;
    }
    n
}

/// The permissions the areas give built-in role `code`, in the areas' order; `N` is
/// `held_count(code)`.
const fn held<const N: usize>(code: &str) -> [Permission; N] {
    let mut out = [Permission::new(""); N];
    let mut k = 0;
    let mut i = 0;
    while i < AREAS.len() {
        let roles = AREAS[i].roles;
        let mut j = 0;
        while j < roles.len() {
            if same(roles[j].0, code) {
                let ps = roles[j].1;
                let mut m = 0;
                while m < ps.len() {
                    out[k] = ps[m];
                    k += 1;
                    m += 1;
                }
            }
            j += 1;
        }
        i += 1;
    }
    out
}

/// A built-in role, written at start-up from this list.
pub struct BuiltinRole {
    pub code: &'static str,
    pub name: &'static str,
    pub permissions: &'static [Permission],
}

/// A built-in role holding what the areas give it.
macro_rules! builtin {
    ($code:expr, $name:expr) => {
        BuiltinRole {
            code: $code,
            name: $name,
            permissions: &held::<{ held_count($code) }>($code),
        }
    };
}

/// The built-in roles, each holding what every area gives it.
pub const BUILTIN_ROLES: [BuiltinRole; 7] = [
    BuiltinRole {
        code: role::SYSTEM_ADMIN,
        name: "系统管理员",
        permissions: &Permission::ALL,
    },
    builtin!(role::ORG_ADMIN, "组织管理员"),
    // 组织员: keeps the party-member records, so sees identity numbers and phones in full.
    builtin!(role::PERSONNEL, "组织员"),
    builtin!(role::READONLY, "只读"),
    // 工作室领衔人 (DESIGN "who uses it"): assigned at the studio's host unit; keeps members,
    // mentorship, achievements and activities, and reads the people it picks from.
    builtin!(role::STUDIO_LEADER, "工作室领衔人"),
    // 派单员 ("园区派单" [003]): receives requests in the subtree, dispatches them to handling
    // units, follows up and closes them.
    builtin!(role::DISPATCHER, "派单员"),
    // 承办员 ("部门接单" [003]): accepts and handles requests dispatched to the unit.
    builtin!(role::HANDLER, "承办员"),
];

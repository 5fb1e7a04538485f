//! Permissions of the kit's own areas, which belong to no product area: accounts, audit,
//! roles, dictionaries and API tokens. Each is one entry of `crate::areas::AREAS`.

use super::{role, AreaAccess, Permission};

#[allow(non_upper_case_globals)]
impl Permission {
    pub const UserRead: Permission = Permission::new("user.read");
    pub const UserWrite: Permission = Permission::new("user.write");
    pub const AuditRead: Permission = Permission::new("audit.read");
    pub const RoleManage: Permission = Permission::new("role.manage");
    pub const DictManage: Permission = Permission::new("dict.manage");
    /// List, create and revoke one's own API tokens. A signed-in person always may; a token
    /// may only when it carries this permission, so one narrowed to reading cannot revoke
    /// its owner's other tokens.
    pub const TokenManage: Permission = Permission::new("token.manage");
}

/// Accounts and their assignments.
pub const USERS: AreaAccess = AreaAccess {
    permissions: &[Permission::UserRead, Permission::UserWrite],
    global_only: &[],
    roles: &[
        (
            role::ORG_ADMIN,
            &[Permission::UserRead, Permission::UserWrite],
        ),
        (role::READONLY, &[Permission::UserRead]),
    ],
};

/// The audit log.
pub const AUDIT: AreaAccess = AreaAccess {
    permissions: &[Permission::AuditRead],
    global_only: &[],
    roles: &[
        (role::ORG_ADMIN, &[Permission::AuditRead]),
        (role::READONLY, &[Permission::AuditRead]),
    ],
};

/// Roles are shared by every node.
pub const ROLES: AreaAccess = AreaAccess {
    permissions: &[Permission::RoleManage],
    global_only: &[Permission::RoleManage],
    roles: &[],
};

/// Dictionaries (organization kinds, posts, studio kinds) are shared by every node.
pub const DICTIONARIES: AreaAccess = AreaAccess {
    permissions: &[Permission::DictManage],
    global_only: &[Permission::DictManage],
    roles: &[],
};

/// One's own API tokens: every built-in role may keep them.
pub const TOKENS: AreaAccess = AreaAccess {
    permissions: &[Permission::TokenManage],
    global_only: &[],
    roles: &[
        (role::ORG_ADMIN, &[Permission::TokenManage]),
        (role::PERSONNEL, &[Permission::TokenManage]),
        (role::READONLY, &[Permission::TokenManage]),
        (role::STUDIO_LEADER, &[Permission::TokenManage]),
        (role::DISPATCHER, &[Permission::TokenManage]),
        (role::HANDLER, &[Permission::TokenManage]),
    ],
};

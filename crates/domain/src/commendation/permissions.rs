//! The commendations' permissions and what the built-in roles get of them.

use crate::access::{role, AreaAccess, Permission};

#[allow(non_upper_case_globals)]
impl Permission {
    /// Commendations issued at the nodes read, and those an organization received.
    pub const CommendationRead: Permission = Permission::new("commendation.read");
    /// Draft, issue and revoke commendations at the nodes managed.
    pub const CommendationManage: Permission = Permission::new("commendation.manage");
}

pub const ACCESS: AreaAccess = AreaAccess {
    permissions: &[Permission::CommendationRead, Permission::CommendationManage],
    global_only: &[],
    roles: &[
        (
            role::ORG_ADMIN,
            &[Permission::CommendationRead, Permission::CommendationManage],
        ),
        (role::READONLY, &[Permission::CommendationRead]),
    ],
};

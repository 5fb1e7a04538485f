//! The enterprise ledger's permissions and what the built-in roles get of them.

use crate::access::{role, AreaAccess, Permission};

#[allow(non_upper_case_globals)]
impl Permission {
    /// Enterprise profiles (台账) and party-organization coverage in the subtree.
    pub const EnterpriseRead: Permission = Permission::new("enterprise.read");
    /// Record and change enterprise profiles and their yearly revenue.
    pub const EnterpriseWrite: Permission = Permission::new("enterprise.write");
}

pub const ACCESS: AreaAccess = AreaAccess {
    permissions: &[Permission::EnterpriseRead, Permission::EnterpriseWrite],
    global_only: &[],
    roles: &[
        (
            role::ORG_ADMIN,
            &[Permission::EnterpriseRead, Permission::EnterpriseWrite],
        ),
        (role::READONLY, &[Permission::EnterpriseRead]),
        // 组织员 reads where the members work.
        (role::PERSONNEL, &[Permission::EnterpriseRead]),
    ],
};

//! The service centres' permissions and what the built-in roles get of them.

use crate::access::{role, AreaAccess, Permission};

#[allow(non_upper_case_globals)]
impl Permission {
    /// Party-mass service centres and stations in the subtree.
    pub const CentreRead: Permission = Permission::new("centre.read");
    /// Record, change and remove service centres and the enterprises they serve.
    pub const CentreWrite: Permission = Permission::new("centre.write");
}

pub const ACCESS: AreaAccess = AreaAccess {
    permissions: &[Permission::CentreRead, Permission::CentreWrite],
    global_only: &[],
    roles: &[
        (
            role::ORG_ADMIN,
            &[Permission::CentreRead, Permission::CentreWrite],
        ),
        (role::READONLY, &[Permission::CentreRead]),
        (role::PERSONNEL, &[Permission::CentreRead]),
    ],
};

//! The organization tree's permissions and what the built-in roles get of them.

use crate::access::{role, AreaAccess, Permission};

#[allow(non_upper_case_globals)]
impl Permission {
    pub const OrgRead: Permission = Permission::new("org.read");
    pub const OrgWrite: Permission = Permission::new("org.write");
}

pub const ACCESS: AreaAccess = AreaAccess {
    permissions: &[Permission::OrgRead, Permission::OrgWrite],
    global_only: &[],
    roles: &[
        (
            role::ORG_ADMIN,
            &[Permission::OrgRead, Permission::OrgWrite],
        ),
        (role::PERSONNEL, &[Permission::OrgRead]),
        (role::READONLY, &[Permission::OrgRead]),
        (role::STUDIO_LEADER, &[Permission::OrgRead]),
        (role::DISPATCHER, &[Permission::OrgRead]),
        (role::HANDLER, &[Permission::OrgRead]),
    ],
};

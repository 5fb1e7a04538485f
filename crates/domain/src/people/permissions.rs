//! The people's permissions and what the built-in roles get of them.

use crate::access::{role, AreaAccess, Permission};

#[allow(non_upper_case_globals)]
impl Permission {
    pub const PersonRead: Permission = Permission::new("person.read");
    pub const PersonWrite: Permission = Permission::new("person.write");
    /// See identity numbers and phones in full; every full view is audited.
    pub const PersonSensitive: Permission = Permission::new("person.sensitive");
    /// Hand development quotas down the tree.
    pub const QuotaManage: Permission = Permission::new("quota.manage");
}

pub const ACCESS: AreaAccess = AreaAccess {
    permissions: &[
        Permission::PersonRead,
        Permission::PersonWrite,
        Permission::PersonSensitive,
        Permission::QuotaManage,
    ],
    global_only: &[],
    roles: &[
        (
            role::ORG_ADMIN,
            &[
                Permission::PersonRead,
                Permission::PersonWrite,
                Permission::QuotaManage,
            ],
        ),
        // 组织员 keeps the party-member records, so sees identity numbers and phones in full.
        (
            role::PERSONNEL,
            &[
                Permission::PersonRead,
                Permission::PersonWrite,
                Permission::PersonSensitive,
                Permission::QuotaManage,
            ],
        ),
        (role::READONLY, &[Permission::PersonRead]),
        (role::STUDIO_LEADER, &[Permission::PersonRead]),
    ],
};

//! The work cadence's permissions and what the built-in roles get of them.

use crate::access::{role, AreaAccess, Permission};

#[allow(non_upper_case_globals)]
impl Permission {
    /// Activity records, obligations and compliance in the subtree.
    pub const CadenceRead: Permission = Permission::new("cadence.read");
    /// Record, change and remove activities (meetings, lectures, 主题党日 …) and their
    /// attendance.
    pub const CadenceWrite: Permission = Permission::new("cadence.write");
    /// Set the obligations of the organizations below, and change locked activity records.
    pub const CadenceManage: Permission = Permission::new("cadence.manage");
}

pub const ACCESS: AreaAccess = AreaAccess {
    permissions: &[
        Permission::CadenceRead,
        Permission::CadenceWrite,
        Permission::CadenceManage,
    ],
    global_only: &[],
    roles: &[
        (
            role::ORG_ADMIN,
            &[
                Permission::CadenceRead,
                Permission::CadenceWrite,
                Permission::CadenceManage,
            ],
        ),
        (role::READONLY, &[Permission::CadenceRead]),
        (role::PERSONNEL, &[Permission::CadenceRead]),
    ],
};

//! The studios' permissions and what the built-in roles get of them.

use crate::access::{role, AreaAccess, Permission};

#[allow(non_upper_case_globals)]
impl Permission {
    /// Studios and everything recorded in them.
    pub const StudioRead: Permission = Permission::new("studio.read");
    pub const StudioWrite: Permission = Permission::new("studio.write");
    /// Lifecycle moves (挂牌, 示范, 预警, 摘牌): decisions of the supervising unit, not the studio.
    pub const StudioManage: Permission = Permission::new("studio.manage");
}

pub const ACCESS: AreaAccess = AreaAccess {
    permissions: &[
        Permission::StudioRead,
        Permission::StudioWrite,
        Permission::StudioManage,
    ],
    global_only: &[],
    roles: &[
        (
            role::ORG_ADMIN,
            &[
                Permission::StudioRead,
                Permission::StudioWrite,
                Permission::StudioManage,
            ],
        ),
        (role::READONLY, &[Permission::StudioRead]),
        // 工作室领衔人 keeps members, mentorship, achievements and activities.
        (
            role::STUDIO_LEADER,
            &[Permission::StudioRead, Permission::StudioWrite],
        ),
    ],
};

//! The work lists' permissions and what the built-in roles get of them.

use crate::access::{role, AreaAccess, Permission};

#[allow(non_upper_case_globals)]
impl Permission {
    /// Tasks issued at the nodes read, and the recipients' rows of the nodes read.
    pub const TaskRead: Permission = Permission::new("task.read");
    /// Receive a task issued to one's node and submit its feedback.
    pub const TaskWrite: Permission = Permission::new("task.write");
    /// Issue tasks to the nodes below, accept or return their feedback, remind them.
    pub const TaskManage: Permission = Permission::new("task.manage");
}

pub const ACCESS: AreaAccess = AreaAccess {
    permissions: &[
        Permission::TaskRead,
        Permission::TaskWrite,
        Permission::TaskManage,
    ],
    global_only: &[],
    roles: &[
        (
            role::ORG_ADMIN,
            &[
                Permission::TaskRead,
                Permission::TaskWrite,
                Permission::TaskManage,
            ],
        ),
        (role::READONLY, &[Permission::TaskRead]),
    ],
};

//! The service requests' permissions (with the working calendar their time limits are
//! counted on) and what the built-in roles get of them.

use crate::access::{role, AreaAccess, Permission};

#[allow(non_upper_case_globals)]
impl Permission {
    /// Service requests located, dispatched or handled in the subtree.
    pub const RequestRead: Permission = Permission::new("request.read");
    /// Receive, dispatch, transfer, follow up, close and reopen requests (派单), and see the
    /// complainant's contact in full.
    pub const RequestDispatch: Permission = Permission::new("request.dispatch");
    /// Accept, send back, ask for more time and reply to requests dispatched to the subtree.
    pub const RequestHandle: Permission = Permission::new("request.handle");
    /// Request categories with their handling units and time limits (a whole-tree dictionary).
    pub const RequestManage: Permission = Permission::new("request.manage");
    /// The working calendar (holidays, 调休 working days, working hours) that every time
    /// limit is counted on (a whole-tree dictionary).
    pub const CalendarManage: Permission = Permission::new("calendar.manage");
}

pub const ACCESS: AreaAccess = AreaAccess {
    permissions: &[
        Permission::RequestRead,
        Permission::RequestDispatch,
        Permission::RequestHandle,
        Permission::RequestManage,
        Permission::CalendarManage,
    ],
    global_only: &[Permission::RequestManage, Permission::CalendarManage],
    roles: &[
        (
            role::ORG_ADMIN,
            &[
                Permission::RequestRead,
                Permission::RequestDispatch,
                Permission::RequestHandle,
            ],
        ),
        (role::READONLY, &[Permission::RequestRead]),
        // 派单员 dispatches, 承办员 handles.
        (
            role::DISPATCHER,
            &[Permission::RequestRead, Permission::RequestDispatch],
        ),
        (
            role::HANDLER,
            &[Permission::RequestRead, Permission::RequestHandle],
        ),
    ],
};

//! The star ratings' permissions and what the built-in roles get of them.

use crate::access::{role, AreaAccess, Permission};

#[allow(non_upper_case_globals)]
impl Permission {
    /// Ratings, their history, notices and allowance batches at the nodes read.
    pub const RatingRead: Permission = Permission::new("rating.read");
    /// Set the rating rules of the nodes managed, rate, answer objections, compute, approve,
    /// pay and reverse allowance batches.
    pub const RatingManage: Permission = Permission::new("rating.manage");
}

pub const ACCESS: AreaAccess = AreaAccess {
    permissions: &[Permission::RatingRead, Permission::RatingManage],
    global_only: &[],
    roles: &[
        (
            role::ORG_ADMIN,
            &[Permission::RatingRead, Permission::RatingManage],
        ),
        (role::READONLY, &[Permission::RatingRead]),
    ],
};

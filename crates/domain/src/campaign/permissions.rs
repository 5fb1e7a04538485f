//! The campaigns' permissions and what the built-in roles get of them.

use crate::access::{role, AreaAccess, Permission};

#[allow(non_upper_case_globals)]
impl Permission {
    /// Campaigns run at the nodes read, with their targets, progress and milestones.
    pub const CampaignRead: Permission = Permission::new("campaign.read");
    /// Start campaigns at the nodes managed, set their targets, record values and
    /// milestones, close them.
    pub const CampaignManage: Permission = Permission::new("campaign.manage");
}

pub const ACCESS: AreaAccess = AreaAccess {
    permissions: &[Permission::CampaignRead, Permission::CampaignManage],
    global_only: &[],
    roles: &[
        (
            role::ORG_ADMIN,
            &[Permission::CampaignRead, Permission::CampaignManage],
        ),
        (role::READONLY, &[Permission::CampaignRead]),
    ],
};

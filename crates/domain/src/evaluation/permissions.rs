//! The evaluation area's permissions and what the built-in roles get of them.

use crate::access::{role, AreaAccess, Permission};

#[allow(non_upper_case_globals)]
impl Permission {
    /// Rubrics and rounds at the nodes read, with their targets and scores.
    pub const EvaluationRead: Permission = Permission::new("evaluation.read");
    /// Rubrics and rounds at the nodes managed: write rubrics, start rounds, move their state.
    pub const EvaluationManage: Permission = Permission::new("evaluation.manage");
    /// Self-assessment by the organization assessed (its own node).
    pub const EvaluationAssess: Permission = Permission::new("evaluation.assess");
    /// Scoring as a department: the indicators whose department lies within the scope.
    pub const EvaluationReview: Permission = Permission::new("evaluation.review");
}

pub const ACCESS: AreaAccess = AreaAccess {
    permissions: &[
        Permission::EvaluationRead,
        Permission::EvaluationManage,
        Permission::EvaluationAssess,
        Permission::EvaluationReview,
    ],
    global_only: &[],
    roles: &[
        (
            role::ORG_ADMIN,
            &[
                Permission::EvaluationRead,
                Permission::EvaluationManage,
                Permission::EvaluationAssess,
                Permission::EvaluationReview,
            ],
        ),
        (role::READONLY, &[Permission::EvaluationRead]),
    ],
};

//! Evaluation (考核评价, DESIGN module 5): versioned rubrics and the rounds that score
//! organizations against one frozen version — self-scores by each organization, scores by the
//! departments that score each indicator, figures of automatic indicators read once and kept
//! with the score — and the published results offered to the other areas (`RoundOffer`).
//!
//! Who reads what: rubrics and rounds are read with `evaluation.read` over their node and
//! changed with `evaluation.manage` over it. An organization assessed, its scores and its
//! evidence are filed at that organization: its own people read and self-assess them there
//! (`evaluation.assess`), without reading the round's other organizations. A department
//! scores (`evaluation.review`) the indicators whose department lies in its scope.

mod cadence_offer;
mod files;
pub(crate) mod manifest;
mod migration;
mod offer;
mod queue;
mod rounds;
mod rubrics;
mod scoring;
mod sheet;
mod targets;
mod totals;
mod views;

use crate::entity::evaluation_tables::{round, round_target, rubric};
use crate::scope::Guarded;
use crate::Scoped;
use touyan_domain::access::Permission;

pub use files::MAX_FILES;
pub use rounds::RoundFilter;
pub use rubrics::RubricFilter;
pub use scoring::Side;
pub use sheet::ExportLine;
pub use views::*;

pub struct EvaluationRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl<'a> Scoped<'a> {
    pub fn evaluation(self) -> EvaluationRepo<'a> {
        EvaluationRepo { s: self }
    }
}

/// A rubric is read with `evaluation.read` and changed with `evaluation.manage` over its node.
impl Guarded for rubric::Entity {
    const READ: Permission = Permission::EvaluationRead;
    const WRITE: Permission = Permission::EvaluationManage;
    fn path_column() -> rubric::Column {
        rubric::Column::NodePath
    }
    fn path_of(m: &rubric::Model) -> &str {
        &m.node_path
    }
}

/// A round is read with `evaluation.read` and run with `evaluation.manage` over its node.
impl Guarded for round::Entity {
    const READ: Permission = Permission::EvaluationRead;
    const WRITE: Permission = Permission::EvaluationManage;
    fn path_column() -> round::Column {
        round::Column::NodePath
    }
    fn path_of(m: &round::Model) -> &str {
        &m.node_path
    }
}

/// An organization assessed is read with `evaluation.read` over it and self-assessed with
/// `evaluation.assess` over it.
impl Guarded for round_target::Entity {
    const READ: Permission = Permission::EvaluationRead;
    const WRITE: Permission = Permission::EvaluationAssess;
    fn path_column() -> round_target::Column {
        round_target::Column::NodePath
    }
    fn path_of(m: &round_target::Model) -> &str {
        &m.node_path
    }
}

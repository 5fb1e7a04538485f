//! Studio activity records: office hours and questions (驻室答疑), incubated projects
//! (项目孵化), evaluations (考核评价) and support received (激励保障). Each reaches its
//! studio through the studio's scope checks; a delisted studio takes none of them new.

pub mod evaluation;
pub mod project;
pub mod question;
mod waiting;

pub use evaluation::{
    studio_totals, ActivityTotals, EvaluationRepo, EvaluationView, StageCount, SupportFilter,
    SupportRepo, SupportView,
};
pub use project::{
    BenefitView, MilestonePatch, MilestoneView, ProjectDetail, ProjectFilter, ProjectPatch,
    ProjectRepo, ProjectView, StageView, TeamInput, TeamMemberView, TotalsView,
};
pub use question::{OfficeHourView, QuestionFilter, QuestionRepo, QuestionView};
pub use waiting::{open_questions, OpenQuestions};

use super::{readable, takes_records};
use crate::entity::studio;
use crate::kit::sql::like_contains;
use crate::{Result, Scoped};
use sea_orm::sea_query::{Expr, Func, LikeExpr, SimpleExpr};
use sea_orm::ConnectionTrait;
use touyan_domain::tree::TreePath;

/// A studio anyone who reads it may add to (a question is raised by readers too): 404
/// outside the caller's scope, 409 when delisted.
pub(crate) async fn open_to_readers<C: ConnectionTrait>(
    s: &Scoped<'_>,
    conn: &C,
    id: i64,
) -> Result<(studio::Model, TreePath)> {
    let m = readable(s, conn, id).await?;
    let p = TreePath::parse(&m.node_path)?;
    takes_records(&m)?;
    Ok((m, p))
}

/// `col` contains `q`, ignoring the case of ASCII letters on both backends.
pub(crate) fn contains_ci(col: impl sea_orm::sea_query::IntoColumnRef, q: &str) -> SimpleExpr {
    Expr::expr(Func::lower(Expr::col(col)))
        .like(LikeExpr::new(like_contains(&q.to_lowercase())).escape('\\'))
}

pub(crate) use crate::kit::sql::nonblank;

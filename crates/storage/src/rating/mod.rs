//! Star ratings (星级评定) and the 红星津贴 allowance paid by star.
//!
//! A node's rule set (thresholds, caps, veto policy, the ±1 rule, notice days) rates the
//! organizations under it from a published evaluation round's outcome, read through the
//! list of areas (never the rounds' tables), or directly with a reason. Every rating goes
//! through a public notice; its moves are kept as history, and counts per node, period and
//! star are kept on every change so that a subtree's distribution is one read. Allowance
//! batches pay the party-affairs workers (read through the people area's offer of post
//! holders) by the final stars of a period.
//!
//! Who reads what: a rating is read with `rating.read` over the organization rated and
//! changed with `rating.manage` over the node that issued it; rule sets, amounts and batches
//! with `rating.read`/`rating.manage` over their node. Anyone else is answered 404.

mod allowance;
mod counts;
pub(crate) mod manifest;
mod migration;
mod payee;
mod public;
mod rate;
mod read;
mod rules;

use crate::entity::rating_tables::{allowance_batch, rating, rating_rule};
use crate::scope::Guarded;
use crate::Scoped;
use serde::Serialize;
use touyan_domain::access::Permission;

pub use allowance::PARTY_WORKER_POSTS;
pub use payee::BankAccount;
pub use read::{RatingFilter, RoundToRate};

pub struct RatingRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl<'a> Scoped<'a> {
    pub fn ratings(self) -> RatingRepo<'a> {
        RatingRepo { s: self }
    }
}

/// A rating is read with `rating.read` over the organization rated. (Its changes are
/// checked against the issuing node, above it.)
impl Guarded for rating::Entity {
    const READ: Permission = Permission::RatingRead;
    const WRITE: Permission = Permission::RatingManage;
    fn path_column() -> rating::Column {
        rating::Column::NodePath
    }
    fn path_of(m: &rating::Model) -> &str {
        &m.node_path
    }
}

/// A rule set belongs to its node.
impl Guarded for rating_rule::Entity {
    const READ: Permission = Permission::RatingRead;
    const WRITE: Permission = Permission::RatingManage;
    fn path_column() -> rating_rule::Column {
        rating_rule::Column::NodePath
    }
    fn path_of(m: &rating_rule::Model) -> &str {
        &m.node_path
    }
}

/// A batch belongs to the node that pays it.
impl Guarded for allowance_batch::Entity {
    const READ: Permission = Permission::RatingRead;
    const WRITE: Permission = Permission::RatingManage;
    fn path_column() -> allowance_batch::Column {
        allowance_batch::Column::NodePath
    }
    fn path_of(m: &allowance_batch::Model) -> &str {
        &m.node_path
    }
}

/// A node's rule set as read (the default scheme when the node has none of its own).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = RatingRuleView)]
pub struct RuleView {
    pub node_id: i64,
    /// The node whose rules apply (the node itself or the nearest above with a rule set);
    /// none: the default scheme.
    pub from_node_id: Option<i64>,
    /// Lowest score per star in hundredths, 1★ first (none: not given by score).
    pub thresholds: Vec<Option<i64>>,
    /// Largest share in percent per star, 1★ first (none: no cap).
    pub caps: Vec<Option<u32>>,
    /// `at_most_one` or `unrated`.
    pub veto_policy: String,
    pub step_limit: bool,
    pub notice_days: u32,
}

/// A rating as lists show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = RatingView)]
pub struct RatingView {
    pub id: i64,
    pub node_id: i64,
    pub node_name: String,
    pub period: String,
    /// 1–5; none: unrated.
    pub star: Option<u8>,
    /// Score in hundredths of a point.
    pub score: Option<i64>,
    pub vetoed: bool,
    pub round_id: Option<i64>,
    /// A direct rating's reason.
    pub direct_reason: Option<String>,
    /// `score`, `step_limit`, `veto`, `cap` or `direct`.
    pub basis: String,
    /// `notice` or `final` (final once the notice ended with every objection answered).
    pub state: String,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    pub notice_ends_on: String,
    pub issued_by_node_id: i64,
    /// Objections not yet answered.
    pub open_objections: i64,
}

/// An objection and its answer.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = RatingObjectionView)]
pub struct ObjectionView {
    pub id: i64,
    pub rating_id: i64,
    pub body: String,
    pub raised_by: String,
    pub raised_on: String,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_on: Option<String>,
}

/// A move of an organization's star.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = RatingMoveView)]
pub struct MoveView {
    pub period: String,
    pub from_star: Option<u8>,
    pub to_star: Option<u8>,
    pub basis: String,
    pub moved_on: String,
}

/// A rating with its objections.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = RatingDetail)]
pub struct RatingDetail {
    pub rating: RatingView,
    pub objections: Vec<ObjectionView>,
    /// The caller may answer objections (`rating.manage` over the issuing node).
    pub can_manage: bool,
}

/// How many organizations of a subtree hold each star in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = RatingDistribution)]
pub struct Distribution {
    pub period: String,
    /// Unrated first, then 1★ … 5★.
    pub counts: Vec<i64>,
}

/// A batch as lists show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = AllowanceBatchView)]
pub struct BatchView {
    pub id: i64,
    pub node_id: i64,
    pub node_name: String,
    pub period: String,
    /// `draft`, `approved` or `paid`.
    pub state: String,
    /// The batch it reverses.
    pub reverses_id: Option<i64>,
    /// The batch reversing it.
    pub reversed_by: Option<i64>,
    pub total_fen: i64,
    pub lines: i64,
    pub created_by: String,
    pub approved_by: Option<String>,
    pub paid_on: Option<String>,
}

/// A line of a batch.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = AllowanceLineView)]
pub struct LineView {
    pub person_id: i64,
    pub person_name: String,
    pub org_node_id: i64,
    pub org_name: String,
    pub star: Option<u8>,
    pub days: i64,
    pub amount_fen: i64,
    /// The payee's account number masked to its last four digits; none: no account yet.
    pub account: Option<String>,
}

/// A batch with its lines.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = AllowanceBatchDetail)]
pub struct BatchDetail {
    pub batch: BatchView,
    pub lines: Vec<LineView>,
    pub can_manage: bool,
    /// How many of the batch's payees have no bank account yet.
    pub missing_accounts: i64,
}

/// A party-affairs worker as a payee of the allowance, with the account masked.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = AllowancePayeeView)]
pub struct PayeeView {
    /// The person's id.
    pub id: i64,
    pub person_name: String,
    /// The organization of the person's latest party-affairs post.
    pub org_node_id: i64,
    pub org_name: String,
    /// `party_worker_full` or `party_worker_part`.
    pub post_code: String,
    pub bank_name: Option<String>,
    pub holder: Option<String>,
    /// The account number's last four digits after a mask (`**** 6789`); none: no account.
    pub account: Option<String>,
    pub updated_by: Option<String>,
    /// The caller may set the account.
    pub can_manage: bool,
}

/// A node's amounts for a period, in fen per worker, 1★ first.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = AllowanceAmountView)]
pub struct AmountView {
    pub node_id: i64,
    pub period: String,
    pub amounts_fen: Vec<i64>,
}

pub(crate) fn day(d: &chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn star_of(v: Option<i32>) -> Option<u8> {
    v.and_then(|s| u8::try_from(s).ok())
}

#[cfg(test)]
mod tests;

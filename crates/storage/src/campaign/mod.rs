//! Campaigns (专项行动): a node's drive with measurable targets, each read from a live figure
//! of another area (through the list of areas' figures, never their tables) or kept by hand,
//! milestones with their evidence, and a daily history of every target.
//!
//! Who reads what: a campaign is read by those with `campaign.read` over its node and
//! managed by those with `campaign.manage` over it; anyone else is answered as if it did not
//! exist. Its live figures count the whole subtree of its node.

mod change;
mod files;
pub(crate) mod manifest;
mod migration;
mod read;
mod snapshot;
mod tasks;
mod write;

use crate::entity::campaign_tables::campaign;
use crate::scope::Guarded;
use crate::Scoped;
use serde::Serialize;
use touyan_domain::access::Permission;

pub use files::{MilestoneFileView, MAX_FILES};
pub use read::CampaignFilter;
pub use tasks::LinkedTaskView;

pub struct CampaignRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl<'a> Scoped<'a> {
    pub fn campaigns(self) -> CampaignRepo<'a> {
        CampaignRepo { s: self }
    }
}

/// A campaign is read with `campaign.read` and changed with `campaign.manage` over its node.
impl Guarded for campaign::Entity {
    const READ: Permission = Permission::CampaignRead;
    const WRITE: Permission = Permission::CampaignManage;
    fn path_column() -> campaign::Column {
        campaign::Column::NodePath
    }
    fn path_of(m: &campaign::Model) -> &str {
        &m.node_path
    }
}

/// A campaign as lists show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CampaignView {
    pub id: i64,
    /// The node that runs it.
    pub node_id: i64,
    pub node_name: String,
    pub name: String,
    pub description: Option<String>,
    /// `YYYY-MM-DD`.
    pub start_on: String,
    pub end_on: String,
    /// `draft`, `active` or `closed`.
    pub status: String,
    pub created_by: String,
    pub targets: i64,
    /// The mean of its targets' progress now, in percent with one decimal; none without
    /// targets.
    pub progress_pct: Option<f64>,
    pub milestones: i64,
    pub milestones_done: i64,
}

/// A target's value on a day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PointView {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub value: f64,
}

/// A value kept by hand.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ValueView {
    pub id: i64,
    /// `YYYY-MM-DD`.
    pub on: String,
    pub value: f64,
    pub note: Option<String>,
    pub recorded_by: String,
}

/// A target with where it stands now and its history.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TargetView {
    pub id: i64,
    pub name: String,
    /// `count` or `rate` (percent).
    pub kind: String,
    pub baseline: f64,
    pub goal: f64,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    /// The live figure it follows (`GET /api/v1/figures`); none when kept by hand.
    pub figure: Option<String>,
    /// The value now: the live figure's, or the latest kept by hand (none before the first).
    pub value: Option<f64>,
    /// For a rate, its numerator and denominator now.
    pub numerator: Option<u64>,
    pub denominator: Option<u64>,
    /// Percent of the way from the baseline to the goal.
    pub progress_pct: f64,
    /// Percent of the time from the campaign's start to the due date gone by.
    pub elapsed_pct: f64,
    /// `reached`, `on_track` or `behind`.
    pub pace: String,
    /// The value day by day, oldest first (today's live value last).
    pub history: Vec<PointView>,
    /// The values kept by hand, latest first.
    pub values: Vec<ValueView>,
    /// Something was recorded against it (a value kept by hand, a point of its history): its
    /// kind, live figure and baseline no longer change.
    pub recorded: bool,
}

/// A milestone. (Named apart from a studio project's milestone in the API document.)
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = CampaignMilestoneView)]
pub struct MilestoneView {
    pub id: i64,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub done_on: Option<String>,
    pub evidence_note: Option<String>,
    pub evidence_link: Option<String>,
    /// Not done and past due.
    pub overdue: bool,
    /// Files given as evidence, oldest first.
    pub files: Vec<MilestoneFileView>,
}

/// A campaign with its targets and milestones.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CampaignDetail {
    pub campaign: CampaignView,
    pub targets: Vec<TargetView>,
    pub milestones: Vec<MilestoneView>,
    /// The work-list tasks issued for it that the caller reads, in the order linked.
    pub tasks: Vec<LinkedTaskView>,
    /// How many more tasks are linked that the caller does not read.
    pub tasks_hidden: i64,
    /// The caller manages it (`campaign.manage` over its node).
    pub can_manage: bool,
}

/// A live figure a target may follow.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FigureView {
    pub key: String,
    /// In Chinese.
    pub label: String,
    pub label_en: String,
    /// `count` or `rate`.
    pub kind: String,
}

/// Every live figure the areas offer.
pub fn figures() -> Vec<FigureView> {
    crate::areas::figure_keys()
        .map(|f| FigureView {
            key: f.key.into(),
            label: f.zh.into(),
            label_en: f.en.into(),
            kind: f.kind.code().into(),
        })
        .collect()
}

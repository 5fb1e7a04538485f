//! What the evaluation area answers: rubrics with their indicators, rounds with their
//! organizations and progress, and one organization's score sheet. Scores are in hundredths
//! of a point.

use serde::Serialize;

/// A rubric as lists show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationRubricView)]
pub struct RubricView {
    pub id: i64,
    pub node_id: i64,
    pub node_name: String,
    pub name: String,
    pub description: Option<String>,
    /// The template it was copied from.
    pub template: Option<String>,
    pub latest_version: i32,
    pub created_by: String,
}

/// One score level's guidance.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationGuidanceView)]
pub struct GuidanceView {
    pub score: i64,
    pub text: String,
}

/// An indicator of a rubric version.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationIndicatorView)]
pub struct IndicatorView {
    pub id: i64,
    pub parent_id: Option<i64>,
    /// Its key in the version's body: its place, from 1.
    pub key: String,
    pub parent_key: Option<String>,
    pub depth: i32,
    pub title: String,
    /// `scored`, `bonus`, `deduction`, `veto` or `automatic`.
    pub kind: String,
    /// In hundredths.
    pub max: i64,
    /// Has children and is not scored itself.
    pub section: bool,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub figure: Option<String>,
    pub full_at: Option<i64>,
    pub evidence_required: bool,
    pub guidance: Vec<GuidanceView>,
}

/// A rubric with one version's indicators.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationRubricDetail)]
pub struct RubricDetail {
    pub rubric: RubricView,
    pub version: i32,
    /// A round uses it: editing it is refused, a new version is made instead.
    pub frozen: bool,
    /// The sum of the scored and automatic maxima, in hundredths.
    pub base: i64,
    pub indicators: Vec<IndicatorView>,
    /// Every version, newest first, as (version, frozen).
    pub versions: Vec<VersionView>,
    pub can_manage: bool,
}

/// A version of a rubric.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationVersionView)]
pub struct VersionView {
    pub version: i32,
    pub frozen: bool,
    /// The sum of the scored and automatic maxima, in hundredths.
    pub base: i64,
    pub created_by: String,
    /// Milliseconds since the epoch.
    pub created_at: i64,
}

/// A round as lists show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationRoundView)]
pub struct RoundView {
    pub id: i64,
    pub node_id: i64,
    pub node_name: String,
    pub title: String,
    /// `2026`, `2026H1`, `2026Q3`.
    pub period: String,
    /// `draft`, `self_assessment`, `review`, `notice`, `published` or `reopened`.
    pub state: String,
    pub rubric_id: i64,
    pub rubric_name: String,
    pub version: i32,
    pub reopen_reason: Option<String>,
    pub targets: i64,
    pub created_by: String,
    /// `organizations` or `studios`.
    pub subject: String,
    /// When the targets were every organization of `selector_kinds` under a node: that node.
    pub selector_node_id: Option<i64>,
    pub selector_node_name: Option<String>,
    pub selector_kinds: Vec<String>,
    /// A studio round's rules, in hundredths: at or above proposes 示范, below proposes 预警,
    /// below (or a triggered veto) proposes 摘牌.
    pub demonstration_at: Option<i64>,
    pub warned_below: Option<i64>,
    pub delisted_below: Option<i64>,
}

/// An organization in a round's overview, with its totals in hundredths.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationTargetView)]
pub struct TargetView {
    pub id: i64,
    pub node_id: i64,
    pub node_name: String,
    pub self_total: Option<i64>,
    pub review_total: Option<i64>,
    /// The department's total less the organization's own.
    pub difference: Option<i64>,
    pub vetoed: bool,
    /// Set on publication.
    pub final_total: Option<i64>,
    /// In a studio round: the studio (hosted at the node) and, once published, the lifecycle
    /// move its result proposes (`demonstration`, `warned` or `delisted`).
    pub studio_id: Option<i64>,
    pub studio_name: Option<String>,
    pub proposal: Option<String>,
    /// Items scored by the organization and by the departments, of `items`.
    pub self_scored: i64,
    pub reviewed: i64,
    pub items: i64,
}

/// How far a scoring department has come in a round.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationDepartmentProgress)]
pub struct DepartmentProgress {
    /// None: the indicators any reviewer of the round scores.
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub scored: i64,
    pub total: i64,
}

/// A round with its organizations and the progress of each department.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationRoundDetail)]
pub struct RoundDetail {
    pub round: RoundView,
    /// In hundredths.
    pub base: i64,
    pub targets: Vec<TargetView>,
    pub departments: Vec<DepartmentProgress>,
    /// The rubric version's sections and items, in order.
    pub indicators: Vec<IndicatorView>,
    pub can_manage: bool,
}

/// A sheet in the reviewer's queue: an organization of a round under review with items the
/// caller's departments have still to score.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationQueueItem)]
pub struct QueueItem {
    pub round_id: i64,
    pub round_title: String,
    pub period: String,
    /// The organization's sheet (`/rounds/{round_id}/targets/{target_id}`).
    pub target_id: i64,
    pub node_id: i64,
    pub node_name: String,
    /// Items the caller's departments have still to score on it.
    pub left: i64,
}

/// A piece of evidence.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationEvidenceView)]
pub struct EvidenceView {
    pub id: i64,
    pub kind: String,
    pub record_id: Option<i64>,
    pub label: String,
    pub url: Option<String>,
    pub created_by: String,
    /// The linked record exists and the reader of the sheet reads it (its page may be
    /// opened).
    pub readable: bool,
    /// The record whose page shows it, when it has none of its own (an achievement's
    /// studio).
    pub parent_id: Option<i64>,
}

/// A file uploaded as evidence on an item.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationEvidenceFile)]
pub struct EvidenceFileView {
    pub id: i64,
    pub indicator_id: i64,
    pub file_name: String,
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// Added for the organization's own score (`self`) or a department's (`review`).
    pub side: String,
    pub created_by: String,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// The caller may remove it now.
    pub can_remove: bool,
}

/// The figure an automatic indicator was scored from, as read and kept.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationFigureRead)]
pub struct FigureRead {
    pub key: String,
    /// The query: subtree and days, as JSON.
    pub params: String,
    pub numerator: i64,
    pub denominator: Option<i64>,
    /// Milliseconds since the epoch.
    pub read_at: i64,
}

/// One indicator of an organization's sheet: its own score and the department's side by
/// side, with the difference, in hundredths.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationScoreView)]
pub struct ScoreView {
    pub indicator: IndicatorView,
    pub self_score: Option<i64>,
    pub self_note: Option<String>,
    pub reviewer_score: Option<i64>,
    pub reviewer_note: Option<String>,
    pub reviewer_name: Option<String>,
    /// The department's score less the organization's own.
    pub difference: Option<i64>,
    pub figure: Option<FigureRead>,
    pub evidence: Vec<EvidenceView>,
    /// Files uploaded as evidence, oldest first.
    pub files: Vec<EvidenceFileView>,
    /// The caller may give the self-score now / the department's score now.
    pub can_self_score: bool,
    pub can_review: bool,
}

/// One organization's sheet in a round.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationTargetSheet)]
pub struct TargetSheet {
    pub round: RoundView,
    pub target: TargetView,
    pub base: i64,
    /// Sections and items, in the rubric's order; sections carry no scores.
    pub scores: Vec<ScoreView>,
}

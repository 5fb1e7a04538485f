//! Work lists (工作清单): tasks a node issues to nodes below it, the recipients' steps, and
//! the rates kept per task and node in `task_count`, updated in the transaction of every
//! step and never summed from the recipients on a read.
//!
//! Who reads what: a task is read by those with `task.read` over the issuing node (with
//! every recipient's row and the rates) and by those with `task.read` over a recipient node
//! (that recipient's row alone). Anyone else is answered as if it did not exist.

mod change;
mod evidence;
mod figures;
mod files;
pub(crate) mod manifest;
mod migration;
mod notices;
mod offer;
mod read;
mod regroup;
mod steps;
mod tally;
mod write;

use crate::Scoped;
use chrono::NaiveDateTime;
use serde::Serialize;
use touyan_domain::task::{Answer, FormField};

pub use read::TaskFilter;

/// Now in Beijing, the clock due moments are read on.
pub fn now_beijing() -> NaiveDateTime {
    (chrono::Utc::now() + chrono::Duration::hours(8)).naive_utc()
}

pub(crate) fn moment(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

pub struct TaskRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl<'a> Scoped<'a> {
    pub fn tasks(self) -> TaskRepo<'a> {
        TaskRepo { s: self }
    }
}

/// A task as lists and pages show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TaskView {
    pub id: i64,
    /// The issuing node.
    pub node_id: i64,
    pub node_name: String,
    pub title: String,
    pub body: Option<String>,
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub due_at: String,
    /// Past due now.
    pub past_due: bool,
    pub fields: Vec<FormField>,
    pub issued_by: String,
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub issued_at: String,
    /// The caller reads the issuing node: it sees every recipient and the rates.
    pub issuer_view: bool,
    /// Recipients, accepted, accepted on time and overdue (for the issuer's view only).
    pub recipients: Option<i64>,
    pub accepted: Option<i64>,
    pub on_time: Option<i64>,
    pub overdue: Option<i64>,
    /// The state of the caller's own recipient row, when the task was issued to its node.
    pub my_state: Option<String>,
    /// Withdrawn (撤回) by its issuer: when (`YYYY-MM-DD HH:MM`, Beijing time), by whom, why.
    pub withdrawn_at: Option<String>,
    pub withdrawn_by: Option<String>,
    pub withdraw_reason: Option<String>,
}

/// A file of a task or of a recipient's feedback; downloaded at
/// `/api/v1/tasks/{task}/files/{id}`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TaskFileView {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: i64,
}

/// One recipient of a task and where it stands.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RecipientView {
    pub id: i64,
    pub task_id: i64,
    pub node_id: i64,
    pub node_name: String,
    /// `issued`, `received`, `submitted`, `returned` or `accepted`.
    pub state: String,
    pub received_at: Option<String>,
    pub submitted_at: Option<String>,
    /// Submitted after the due moment.
    pub late: bool,
    /// Not accepted and past due.
    pub overdue: bool,
    pub answers: Vec<Answer>,
    pub note: Option<String>,
    pub return_reason: Option<String>,
    pub accepted_at: Option<String>,
    /// Reminders (催办) sent to it.
    pub reminders: i64,
    pub files: Vec<TaskFileView>,
    /// The caller may receive and submit it.
    pub can_submit: bool,
}

/// A task with the recipients the caller reads, its files and what the caller may do.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TaskDetail {
    pub task: TaskView,
    pub recipients: Vec<RecipientView>,
    pub files: Vec<TaskFileView>,
    /// The caller accepts, returns and reminds (`task.manage` over the issuing node).
    pub can_manage: bool,
    /// The caller may edit it: it manages it, the task is not withdrawn and no recipient has
    /// submitted yet.
    pub can_edit: bool,
}

/// The counts of one node at or below the issuing node: its recipients at or below it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RateLine {
    pub node_id: i64,
    pub name: String,
    pub total: i64,
    pub received: i64,
    pub submitted: i64,
    pub accepted: i64,
    pub on_time: i64,
    /// Not accepted while past due.
    pub overdue: i64,
    /// Accepted in whole percent of the recipients.
    pub completion_pct: i64,
    /// Accepted having submitted on time, in whole percent of the recipients.
    pub on_time_pct: i64,
    /// It has nodes below with recipients to drill into.
    pub has_children: bool,
}

/// A task's rates at a node, with one line for each node below it on the way to
/// recipients, and the way down from the issuing node.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TaskRates {
    pub task_id: i64,
    pub level: RateLine,
    pub children: Vec<RateLine>,
    /// (id, name) from the issuing node down to the level's node.
    pub trail: Vec<(i64, String)>,
}

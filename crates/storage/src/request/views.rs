//! What a request looks like to its readers: the request, its timeline, its cards and files,
//! the detail that gathers them, and the list filter.

use super::*;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RequestView {
    pub id: i64,
    /// The tracking code, shown to the complainant.
    pub code: String,
    pub channel: String,
    pub category: String,
    pub urgency: String,
    pub node_id: i64,
    pub node_name: String,
    pub dispatcher_node_id: i64,
    pub dispatcher_node_name: String,
    pub handling_node_id: Option<i64>,
    pub handling_node_name: Option<String>,
    pub address: Option<String>,
    pub description: String,
    /// Masked (`张*`) unless the caller dispatches the request.
    pub contact_name: Option<String>,
    /// Masked (`138****5678`) unless the caller dispatches the request.
    pub contact_phone: Option<String>,
    pub hotline_no: Option<String>,
    pub enterprise_name: Option<String>,
    pub visit_id: Option<i64>,
    pub state: String,
    /// `open` or `closed`.
    pub category_of_state: String,
    pub round: i32,
    pub pending_extension_days: Option<i32>,
    pub rating: Option<String>,
    pub solved: Option<bool>,
    pub step: Option<String>,
    pub step_due_at: Option<i64>,
    pub follow_up_due_at: Option<i64>,
    /// True when the running step is past its due time now.
    pub overdue: bool,
    /// `yellow` or `red`: the highest card raised on the request.
    pub card: Option<String>,
    pub created_at: i64,
    pub received_at: Option<i64>,
    pub dispatched_at: Option<i64>,
    pub accepted_at: Option<i64>,
    pub replied_at: Option<i64>,
    pub closed_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventView {
    pub id: i64,
    pub round: i32,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    /// `dispatcher`, `handler`, `complainant` or `system`.
    pub role: String,
    pub actor_name: String,
    pub node_id: Option<i64>,
    pub node_name: Option<String>,
    pub note: Option<String>,
    /// What the action carried, as JSON (days, rating, solved, result, answer).
    pub detail: Option<serde_json::Value>,
    pub public: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CardView {
    pub round: i32,
    pub step: String,
    pub colour: String,
    pub due_at: i64,
    pub raised_at: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RequestFileView {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub public: bool,
    pub created_at: i64,
}

/// A request with its timeline, cards, files and what the caller may do next.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RequestDetail {
    pub request: RequestView,
    pub events: Vec<EventView>,
    pub cards: Vec<CardView>,
    pub files: Vec<RequestFileView>,
    /// Action codes the caller may take now.
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    /// Requests located, dispatched or handled under this node.
    pub under: Option<i64>,
    pub state: Option<String>,
    pub category: Option<String>,
    pub channel: Option<String>,
    /// Only requests whose running step is past due now.
    pub overdue: bool,
    /// `yellow` or `red`: requests holding that card (red counts as yellow too).
    pub card: Option<String>,
    /// Created at or after (Unix ms).
    pub from: Option<i64>,
    /// Created before (Unix ms).
    pub to: Option<i64>,
    /// Part of the description, address, tracking code or hotline number.
    pub q: Option<String>,
    /// A step of `touyan_domain::request::workflow::WAITING` (`dispatch`, `accept`, ...):
    /// only the requests waiting on the caller's step there.
    pub waiting: Option<String>,
    /// Only these requests (a selection); each still seen through the caller's scope.
    pub ids: Option<Vec<i64>>,
    pub sort: touyan_domain::sort::Sort<super::RequestSort>,
}

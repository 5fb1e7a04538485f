//! A task as the issuer gives it: who issues it, to whom (chosen nodes, or every node of a
//! kind under a node, resolved when issued), what, by when (Beijing time), and the feedback
//! form the recipients fill in.

use super::feedback::{parse_form, FormField};
use crate::fields::parse_text;
use crate::input::{loose_num_text, text};
use crate::{DomainError, FieldErrors};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;

/// Most nodes one task is issued to.
pub const MAX_RECIPIENTS: usize = 10_000;

// A task as the page form and the API body give it. (Kept out of the API schema's
// description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = TaskBody))]
pub struct TaskInput {
    /// The issuing node (the caller holds `task.manage` over it).
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub node_id: String,
    /// At most 100 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub title: String,
    /// What is asked, at most 20 000 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub body: String,
    /// `YYYY-MM-DD` (the end of that day) or `YYYY-MM-DD HH:MM`, Beijing time.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub due_at: String,
    /// Chosen recipient nodes, below the issuing node.
    #[serde(default)]
    pub recipients: Vec<i64>,
    /// With `under`: every node of this organization kind under that node.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub kind: String,
    /// The node whose subtree `kind` picks recipients in.
    #[serde(default)]
    pub under: Option<i64>,
    /// The feedback form, at most 10 fields.
    #[serde(default)]
    pub fields: Vec<FormField>,
}

/// A checked task, its recipients still to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub node_id: i64,
    pub title: String,
    pub body: Option<String>,
    pub due_at: NaiveDateTime,
    pub chosen: Vec<i64>,
    /// (organization kind, node) picking every node of the kind under the node.
    pub by_kind: Option<(String, i64)>,
    pub fields: Vec<FormField>,
}

/// A due moment: a day alone means its last minute.
pub fn parse_due(s: &str) -> Option<NaiveDateTime> {
    let t = s.trim();
    if let Some(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .filter(|d| (1900..=2200).contains(&d.year()))
    {
        let end = NaiveTime::from_hms_opt(23, 59, 59).expect("a time");
        return Some(d.and_time(end));
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        let beijing = FixedOffset::east_opt(8 * 3600).expect("an offset");
        return Some(dt.with_timezone(&beijing).naive_local());
    }
    let norm = t.replacen('T', " ", 1);
    ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&norm, f).ok())
        .filter(|dt| (1900..=2200).contains(&dt.year()))
}

impl TaskInput {
    /// Checks the input against the organization kinds; the due moment lies after `now`
    /// (Beijing).
    pub fn parse(&self, kinds: &[String], now: NaiveDateTime) -> Result<Task, DomainError> {
        let mut fe = FieldErrors::new();
        let node_id = self.node_id.trim().parse::<i64>().ok().filter(|v| *v > 0);
        if node_id.is_none() {
            fe.add("node_id", "err.required");
        }
        let title = fe
            .check(
                "title",
                parse_text("title", &self.title, 100, "err.too_long_100"),
            )
            .flatten();
        if title.is_none() && !fe.0.contains_key("title") {
            fe.add("title", "err.required");
        }
        let body = fe
            .check(
                "body",
                parse_text("body", &self.body, 20_000, "err.task_body_long"),
            )
            .flatten();
        let due_at = match self.due_at.trim() {
            "" => {
                fe.add("due_at", "err.required");
                None
            }
            t => match parse_due(t) {
                Some(d) if d <= now => {
                    fe.add("due_at", "err.task_due_past");
                    None
                }
                Some(d) => Some(d),
                None => {
                    fe.add("due_at", "err.task_due");
                    None
                }
            },
        };
        let mut chosen: Vec<i64> = Vec::new();
        for id in &self.recipients {
            if *id > 0 && !chosen.contains(id) {
                chosen.push(*id);
            }
        }
        let kind = self.kind.trim();
        let by_kind = match (kind.is_empty(), self.under) {
            (true, None) => None,
            (false, Some(u)) if kinds.iter().any(|k| k == kind) => Some((kind.to_string(), u)),
            (false, Some(_)) => {
                fe.add("kind", "err.choice");
                None
            }
            (true, Some(_)) => {
                fe.add("kind", "err.required");
                None
            }
            (false, None) => {
                fe.add("under", "err.required");
                None
            }
        };
        if chosen.is_empty() && by_kind.is_none() && !fe.0.contains_key("kind") {
            fe.add("recipients", "err.task_recipients");
        }
        if chosen.len() > MAX_RECIPIENTS {
            fe.add("recipients", "err.task_recipients_many");
        }
        let fields = fe.check("fields", parse_form(&self.fields));
        fe.into_result()?;
        Ok(Task {
            node_id: node_id.expect("checked"),
            title: title.expect("checked"),
            body,
            due_at: due_at.expect("checked"),
            chosen,
            by_kind,
            fields: fields.expect("checked"),
        })
    }
}

//! Changing a task once issued: the issuer edits its title, body, due moment and feedback
//! form while no recipient has submitted, or withdraws (撤回) it with a reason; a withdrawn
//! task takes no more steps and counts in no rate.

use super::feedback::FormField;
use super::input::TaskInput;
use crate::input::text;
use crate::{DomainError, FieldErrors};
use chrono::NaiveDateTime;
use serde::Deserialize;

// A task's new values as the page form and the API body give them.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = TaskEditBody))]
pub struct TaskEditInput {
    /// At most 100 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub title: String,
    /// At most 20 000 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub body: String,
    /// `YYYY-MM-DD` (the end of that day) or `YYYY-MM-DD HH:MM`, Beijing time.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub due_at: String,
    /// The feedback form, at most 10 fields.
    #[serde(default)]
    pub fields: Vec<FormField>,
}

/// A task's checked new values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskEdit {
    pub title: String,
    pub body: Option<String>,
    pub due_at: NaiveDateTime,
    pub fields: Vec<FormField>,
}

impl TaskEditInput {
    /// Checked as a new task's values are; the due moment lies after `now` (Beijing).
    pub fn parse(&self, now: NaiveDateTime) -> Result<TaskEdit, DomainError> {
        // The same rules as issuing, with the issuing node and recipients already settled.
        let as_new = TaskInput {
            node_id: "1".into(),
            title: self.title.clone(),
            body: self.body.clone(),
            due_at: self.due_at.clone(),
            recipients: vec![1],
            fields: self.fields.clone(),
            ..Default::default()
        };
        let t = as_new.parse(&[], now)?;
        Ok(TaskEdit {
            title: t.title,
            body: t.body,
            due_at: t.due_at,
            fields: t.fields,
        })
    }
}

/// A task is edited only while not withdrawn and before any recipient has submitted.
pub fn check_editable(withdrawn: bool, any_submitted: bool) -> Result<(), DomainError> {
    if withdrawn {
        Err(DomainError::field("state", "err.task_withdrawn"))
    } else if any_submitted {
        Err(DomainError::field("state", "err.task_edit_submitted"))
    } else {
        Ok(())
    }
}

/// A withdrawn task takes no step, reminder or second withdrawal.
pub fn check_live(withdrawn: bool) -> Result<(), DomainError> {
    if withdrawn {
        Err(DomainError::field("state", "err.task_withdrawn"))
    } else {
        Ok(())
    }
}

/// The reason a withdrawal gives: required, at most 500 characters.
pub fn parse_withdraw_reason(s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    let mut fe = FieldErrors::new();
    if t.is_empty() {
        fe.add("reason", "err.task_withdraw_reason");
    } else if t.chars().count() > 500 {
        fe.add("reason", "err.too_long_500");
    }
    fe.into_result()?;
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 6, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    fn fields_of(e: DomainError) -> Vec<(String, String)> {
        match e {
            DomainError::Invalid(f) => f.0.into_iter().collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_edit_is_checked_as_issuing_is_without_node_or_recipients() {
        let ok = TaskEditInput {
            title: " 报送计划 ".into(),
            due_at: "2026-06-30".into(),
            ..Default::default()
        }
        .parse(now())
        .unwrap();
        assert_eq!(ok.title, "报送计划");
        assert_eq!(ok.body, None);
        assert_eq!(ok.due_at.to_string(), "2026-06-30 23:59:59");
        let bad = TaskEditInput {
            due_at: "2026-05-01".into(),
            ..Default::default()
        }
        .parse(now())
        .unwrap_err();
        let f = fields_of(bad);
        let keys: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, vec!["due_at", "title"], "{f:?}");
    }

    #[test]
    fn a_task_is_edited_only_before_any_submission_and_while_live() {
        assert!(check_editable(false, false).is_ok());
        let f = fields_of(check_editable(false, true).unwrap_err());
        assert_eq!(f, vec![("state".into(), "err.task_edit_submitted".into())]);
        let f = fields_of(check_editable(true, false).unwrap_err());
        assert_eq!(f, vec![("state".into(), "err.task_withdrawn".into())]);
        assert!(check_live(false).is_ok());
        assert!(check_live(true).is_err());
    }

    #[test]
    fn a_withdrawal_gives_a_reason_of_at_most_500_characters() {
        assert_eq!(parse_withdraw_reason(" 重复下发 ").unwrap(), "重复下发");
        let f = fields_of(parse_withdraw_reason("  ").unwrap_err());
        assert_eq!(
            f,
            vec![("reason".into(), "err.task_withdraw_reason".into())]
        );
        let long = "字".repeat(501);
        let f = fields_of(parse_withdraw_reason(&long).unwrap_err());
        assert_eq!(f, vec![("reason".into(), "err.too_long_500".into())]);
    }
}

//! The feedback form an issuer defines (a short list of fields: text, number, yes-no) and
//! the answers a recipient fills in.

use crate::fields::parse_text;
use crate::input::text;
use crate::{DomainError, FieldErrors};
use serde::{Deserialize, Serialize};

/// Most fields one form has.
pub const MAX_FIELDS: usize = 10;

/// What kinds of answer a field takes.
pub const FIELD_KINDS: [&str; 3] = ["text", "number", "yes_no"];

/// One field of a feedback form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = TaskFormField))]
pub struct FormField {
    /// What the field asks, at most 50 characters.
    #[serde(default, deserialize_with = "text")]
    pub label: String,
    /// `text`, `number` or `yes_no`.
    #[serde(default, deserialize_with = "text")]
    pub kind: String,
}

/// Checks a form as the issuer gives it: labels given, distinct, short; known kinds.
pub fn parse_form(given: &[FormField]) -> Result<Vec<FormField>, DomainError> {
    let mut fe = FieldErrors::new();
    if given.len() > MAX_FIELDS {
        fe.add("fields", "err.task_fields_many");
    }
    let mut out: Vec<FormField> = Vec::new();
    for f in given {
        let label = f.label.trim();
        if label.is_empty() {
            fe.add("fields", "err.task_field_label");
        } else if label.chars().count() > 50 {
            fe.add("fields", "err.task_field_label_long");
        } else if out.iter().any(|o| o.label == label) {
            fe.add("fields", "err.task_field_twice");
        }
        let kind = f.kind.trim();
        if !FIELD_KINDS.contains(&kind) {
            fe.add("fields", "err.task_field_kind");
        }
        out.push(FormField {
            label: label.to_string(),
            kind: kind.to_string(),
        });
    }
    fe.into_result()?;
    Ok(out)
}

// Feedback as the recipient's form or the API body gives it. (Kept out of the API schema's
// description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = TaskFeedbackBody))]
pub struct FeedbackInput {
    /// One answer per field of the task's form, in its order: any text; a number; `yes` or
    /// `no`. A blank answer is allowed.
    #[serde(default)]
    pub answers: Vec<String>,
    /// A note to the issuer, at most 2 000 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub note: String,
}

/// One answer as stored and shown: the field's label and kind with the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = TaskAnswer))]
pub struct Answer {
    pub label: String,
    pub kind: String,
    pub value: String,
}

/// Checked feedback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    pub answers: Vec<Answer>,
    pub note: Option<String>,
}

impl FeedbackInput {
    /// Checks the answers against the task's form; errors name the field `answer_N` (from 0).
    pub fn parse(&self, form: &[FormField]) -> Result<Feedback, DomainError> {
        let mut fe = FieldErrors::new();
        if self.answers.len() > form.len() {
            fe.add("answers", "err.task_answers_many");
        }
        let mut answers = Vec::with_capacity(form.len());
        for (i, f) in form.iter().enumerate() {
            let v = self.answers.get(i).map_or("", |s| s.trim());
            let name = format!("answer_{i}");
            let ok = match f.kind.as_str() {
                _ if v.is_empty() => true,
                "number" => v.parse::<f64>().is_ok_and(f64::is_finite),
                "yes_no" => v == "yes" || v == "no",
                _ => v.chars().count() <= 500,
            };
            if !ok {
                let key = match f.kind.as_str() {
                    "number" => "err.task_number",
                    "yes_no" => "err.task_yes_no",
                    _ => "err.task_answer_long",
                };
                fe.add(&name, key);
            }
            answers.push(Answer {
                label: f.label.clone(),
                kind: f.kind.clone(),
                value: v.to_string(),
            });
        }
        let note = fe
            .check(
                "note",
                parse_text("note", &self.note, 2_000, "err.task_note_long"),
            )
            .flatten();
        fe.into_result()?;
        Ok(Feedback { answers, note })
    }
}

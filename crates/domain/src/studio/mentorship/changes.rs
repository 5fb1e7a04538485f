//! A mentorship and a training session as the API body gives them, one type for creating
//! and for changing: on a change an absent field keeps its value and null clears an
//! optional one; on creation whatever is not given is blank.

use super::{ApprenticeInput, MentorshipInput, TrainingInput};
use crate::input::{given_text, maybe_int_text};
use serde::Deserialize;

/// A mentorship. On PATCH absent fields are kept and `null` clears `plan` and
/// `planned_end_on`; `apprentices`, when given, is the whole new list.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = MentorshipBody)
)]
pub struct MentorshipPatch {
    pub title: Option<String>,
    pub mentor_id: Option<i64>,
    /// `pair` (一对一带教, exactly one apprentice) or `group` (1+5+N: at most 5 core).
    pub shape: Option<String>,
    pub apprentices: Option<Vec<ApprenticeInput>>,
    /// `YYYY-MM-DD`, not in the future.
    pub started_on: Option<String>,
    pub goals: Option<String>,
    #[serde(default, deserialize_with = "given_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub plan: Option<String>,
    /// On or after `started_on`.
    #[serde(default, deserialize_with = "given_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub planned_end_on: Option<String>,
}

impl MentorshipPatch {
    /// A new mentorship: every field not given is blank.
    pub fn into_input(self) -> MentorshipInput {
        MentorshipInput {
            title: self.title.unwrap_or_default(),
            mentor_id: self.mentor_id,
            shape: self.shape.unwrap_or_default(),
            apprentices: self.apprentices.unwrap_or_default(),
            started_on: self.started_on.unwrap_or_default(),
            goals: self.goals.unwrap_or_default(),
            plan: self.plan.unwrap_or_default(),
            planned_end_on: self.planned_end_on.unwrap_or_default(),
        }
    }
}

/// A training session. On PATCH absent fields are kept and `null` clears `place` and
/// `summary`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = TrainingBody))]
pub struct TrainingPatch {
    pub topic: Option<String>,
    /// `YYYY-MM-DD`, not in the future.
    pub held_on: Option<String>,
    /// At least 1.
    #[serde(default, deserialize_with = "maybe_int_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub expected: Option<String>,
    /// 0 to `expected`.
    #[serde(default, deserialize_with = "maybe_int_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub attended: Option<String>,
    #[serde(default, deserialize_with = "given_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub place: Option<String>,
    #[serde(default, deserialize_with = "given_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub summary: Option<String>,
    /// Shared with the studio's alliances; false when absent on creation.
    pub shared: Option<bool>,
}

impl TrainingPatch {
    /// A new training session: every field not given is blank, not shared.
    pub fn into_input(self) -> TrainingInput {
        TrainingInput {
            topic: self.topic.unwrap_or_default(),
            held_on: self.held_on.unwrap_or_default(),
            expected: self.expected.unwrap_or_default(),
            attended: self.attended.unwrap_or_default(),
            place: self.place.unwrap_or_default(),
            summary: self.summary.unwrap_or_default(),
            shared: self.shared.unwrap_or(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_keeps_and_null_clears() {
        let p: MentorshipPatch = serde_json::from_str(r#"{"plan": null, "title": "x"}"#).unwrap();
        assert_eq!(p.plan.as_deref(), Some(""));
        assert_eq!(p.planned_end_on, None);
        let t: TrainingPatch =
            serde_json::from_str(r#"{"expected": 12, "summary": null}"#).unwrap();
        assert_eq!(t.expected.as_deref(), Some("12"));
        assert_eq!(t.summary.as_deref(), Some(""));
        assert_eq!(t.place, None);
        let t = t.into_input();
        assert_eq!((t.attended.as_str(), t.shared), ("", false));
    }
}

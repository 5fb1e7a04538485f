//! What a studio's manager does with the lifecycle move a published evaluation round
//! proposes ("以评促建、以评促改" [002]): accepts it — the move is made with the round's title as
//! its reason and the decision's document number (文号) — or rejects it with a reason.

use super::MoveInput;
use crate::fields::parse_text;
use crate::input::text;
use crate::DomainError;
use chrono::NaiveDate;
use serde::Deserialize;

/// Accepting a proposed move, as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = AcceptProposalBody))]
pub struct AcceptInput {
    /// The decision's document number (文号), at most 100 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub document_no: String,
    /// The day of the move (`YYYY-MM-DD`, not in the future); today when blank.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub on: String,
}

impl AcceptInput {
    /// The lifecycle move to `to` that accepting makes, for the studio area's own checks
    /// (the move table, the document number, the day).
    pub fn to_move(&self, to: &str, round_title: &str, today: NaiveDate) -> MoveInput {
        let on = match self.on.trim() {
            "" => today.to_string(),
            d => d.to_string(),
        };
        MoveInput {
            to: to.to_string(),
            on,
            reason: round_title.chars().take(500).collect(),
            document_no: self.document_no.clone(),
            evaluation_id: None,
        }
    }
}

/// Rejecting a proposed move, as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = RejectProposalBody))]
pub struct RejectInput {
    /// Why the move is not made, at most 500 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub reason: String,
}

impl RejectInput {
    pub fn parse(&self) -> Result<String, DomainError> {
        match parse_text("reason", &self.reason, 500, "err.too_long_500")? {
            Some(r) => Ok(r),
            None => Err(DomainError::field("reason", "err.required")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::State;
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn accepting_makes_the_move_with_the_round_as_reason_and_needs_a_document() {
        let today = d("2026-06-30");
        let mut a = AcceptInput::default();
        let mv = a.to_move("demonstration", "2026 年工作室考核", today);
        assert_eq!(
            mv.parse(State::Listed, today).unwrap_err(),
            DomainError::field("document_no", "err.studio_document_required")
        );
        a.document_no = "朝工发〔2026〕9号".into();
        let r = a
            .to_move("demonstration", "2026 年工作室考核", today)
            .parse(State::Listed, today)
            .unwrap();
        assert_eq!((r.to, r.on), (State::Demonstration, today));
        assert_eq!(r.reason, "2026 年工作室考核");
        assert_eq!(r.document_no.as_deref(), Some("朝工发〔2026〕9号"));
        // The studio's own move table still rules: a delisted studio is not 示范.
        assert!(a
            .to_move("demonstration", "x", today)
            .parse(State::Delisted, today)
            .is_err());
        a.on = "2026-07-01".into();
        assert_eq!(
            a.to_move("warned", "x", today)
                .parse(State::Listed, today)
                .unwrap_err(),
            DomainError::field("on", "err.date_future")
        );
    }

    #[test]
    fn rejecting_needs_a_reason() {
        let mut r = RejectInput::default();
        assert_eq!(
            r.parse().unwrap_err(),
            DomainError::field("reason", "err.required")
        );
        r.reason = " 整改已完成 ".into();
        assert_eq!(r.parse().unwrap(), "整改已完成");
    }
}

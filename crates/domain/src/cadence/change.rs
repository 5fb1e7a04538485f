//! A change request (修改申请) to a locked activity record: its recorder proposes new values,
//! the same input an update takes, with a reason; a superior approves it (the values are then
//! written as an update would) or rejects it with a reason; its author may withdraw it while
//! it is pending. Only a pending request takes a step.

use super::activity::{Activity, ActivityInput, AttendanceInput};
use crate::fields::parse_text;
use crate::{DomainError, FieldErrors};

/// The most characters of a request's reason and of a decision's note.
pub const CHANGE_NOTE_MAX: usize = 500;

/// Where a change request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeState {
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}

impl ChangeState {
    pub const ALL: [ChangeState; 4] = [
        ChangeState::Pending,
        ChangeState::Approved,
        ChangeState::Rejected,
        ChangeState::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChangeState::Pending => "pending",
            ChangeState::Approved => "approved",
            ChangeState::Rejected => "rejected",
            ChangeState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<ChangeState> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
}

/// A step taken on a pending request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeStep {
    Approve,
    Reject,
    Withdraw,
}

/// Who may take a step: a superior of the organization that held the activity decides, the
/// request's author withdraws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeActor {
    Superior,
    Author,
}

impl ChangeStep {
    /// The step named in a path (`approve`, `reject`, `withdraw`).
    pub fn parse(s: &str) -> Option<ChangeStep> {
        match s {
            "approve" => Some(ChangeStep::Approve),
            "reject" => Some(ChangeStep::Reject),
            "withdraw" => Some(ChangeStep::Withdraw),
            _ => None,
        }
    }

    /// The audit action of the step.
    pub fn action(self) -> &'static str {
        match self {
            ChangeStep::Approve => "approve_change",
            ChangeStep::Reject => "reject_change",
            ChangeStep::Withdraw => "withdraw_change",
        }
    }

    /// Who takes it.
    pub fn taken_by(self) -> ChangeActor {
        match self {
            ChangeStep::Approve | ChangeStep::Reject => ChangeActor::Superior,
            ChangeStep::Withdraw => ChangeActor::Author,
        }
    }

    /// The state a request in `from` moves to, with the decision's note checked: a
    /// rejection needs one, any note is at most `CHANGE_NOTE_MAX` characters. A request no
    /// longer pending is refused.
    pub fn apply(
        self,
        from: ChangeState,
        note: &str,
    ) -> Result<(ChangeState, Option<String>), DomainError> {
        if from != ChangeState::Pending {
            return Err(DomainError::Refused("rule.cadence_change_decided"));
        }
        let note = parse_text("note", note, CHANGE_NOTE_MAX, "err.cadence_note_long")?;
        if self == ChangeStep::Reject && note.is_none() {
            return Err(DomainError::field("note", "err.cadence_reject_reason"));
        }
        let to = match self {
            ChangeStep::Approve => ChangeState::Approved,
            ChangeStep::Reject => ChangeState::Rejected,
            ChangeStep::Withdraw => ChangeState::Withdrawn,
        };
        Ok((to, note))
    }
}

/// A proposal as checked: the activity's new values and why they are asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub activity: Activity,
    pub reason: String,
}

/// Checks a proposal: the values as an update checks them (`types` known, held on or before
/// `today`), and a reason of at most `CHANGE_NOTE_MAX` characters, required.
pub fn parse_proposal(
    input: &ActivityInput,
    reason: &str,
    types: &[String],
    today: chrono::NaiveDate,
) -> Result<Proposal, DomainError> {
    let mut fe = FieldErrors::new();
    let reason = fe
        .check(
            "reason",
            parse_text("reason", reason, CHANGE_NOTE_MAX, "err.cadence_note_long"),
        )
        .flatten();
    if reason.is_none() && !fe.0.contains_key("reason") {
        fe.add("reason", "err.required");
    }
    let activity = match input.parse(types, today) {
        Ok(a) => Some(a),
        Err(DomainError::Invalid(more)) => {
            for (k, v) in more.0 {
                fe.0.entry(k).or_insert(v);
            }
            None
        }
        Err(e) => return Err(e),
    };
    fe.into_result()?;
    Ok(Proposal {
        activity: activity.expect("checked"),
        reason: reason.expect("checked"),
    })
}

impl Activity {
    /// The activity as the input that gives it again: what a change request keeps of its
    /// proposed values, checked again when applied.
    pub fn to_input(&self) -> ActivityInput {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        ActivityInput {
            node_id: self.node_id.to_string(),
            types: self.types.clone(),
            held_at: self.held_at.format("%Y-%m-%d %H:%M").to_string(),
            place: o(&self.place),
            centre_id: self.centre_id.map(|v| v.to_string()).unwrap_or_default(),
            host: o(&self.host),
            recorder: o(&self.recorder),
            lecturer: o(&self.lecturer),
            topic: self.topic.clone(),
            minutes: o(&self.minutes),
            attendance: self
                .attendance
                .iter()
                .map(|a| AttendanceInput {
                    person_id: a.person_id,
                    status: a.status.clone(),
                    reason: o(&a.reason),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn input() -> ActivityInput {
        ActivityInput {
            node_id: "7".into(),
            types: vec!["theme_day".into()],
            held_at: "2026-10-20 09:30".into(),
            place: "党员活动室".into(),
            topic: "主题党日".into(),
            attendance: vec![AttendanceInput {
                person_id: 3,
                status: "leave".into(),
                reason: "出差".into(),
            }],
            ..Default::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    fn types() -> Vec<String> {
        vec!["theme_day".into(), "party_lecture".into()]
    }

    #[test]
    fn only_a_pending_request_moves_and_each_step_has_its_end() {
        use ChangeState::*;
        use ChangeStep::*;
        assert_eq!(Approve.apply(Pending, "").unwrap(), (Approved, None));
        assert_eq!(
            Reject.apply(Pending, " 记录无误 ").unwrap(),
            (Rejected, Some("记录无误".into()))
        );
        assert_eq!(Withdraw.apply(Pending, "").unwrap().0, Withdrawn);
        for from in [Approved, Rejected, Withdrawn] {
            for step in [Approve, Reject, Withdraw] {
                let e = step.apply(from, "理由").unwrap_err();
                assert_eq!(e.key(), "rule.cadence_change_decided", "{from:?} {step:?}");
            }
        }
        for s in ChangeState::ALL {
            assert_eq!(ChangeState::parse(s.code()), Some(s));
        }
        assert_eq!(ChangeState::parse("open"), None);
    }

    #[test]
    fn a_rejection_needs_a_reason_and_notes_are_kept_short() {
        let DomainError::Invalid(fe) = ChangeStep::Reject
            .apply(ChangeState::Pending, "  ")
            .unwrap_err()
        else {
            panic!()
        };
        assert_eq!(fe.0["note"], "err.cadence_reject_reason");
        let long = "长".repeat(CHANGE_NOTE_MAX + 1);
        let DomainError::Invalid(fe) = ChangeStep::Approve
            .apply(ChangeState::Pending, &long)
            .unwrap_err()
        else {
            panic!()
        };
        assert_eq!(fe.0["note"], "err.cadence_note_long");
    }

    #[test]
    fn superiors_decide_and_authors_withdraw() {
        assert_eq!(ChangeStep::Approve.taken_by(), ChangeActor::Superior);
        assert_eq!(ChangeStep::Reject.taken_by(), ChangeActor::Superior);
        assert_eq!(ChangeStep::Withdraw.taken_by(), ChangeActor::Author);
        assert_eq!(ChangeStep::parse("reject"), Some(ChangeStep::Reject));
        assert_eq!(ChangeStep::parse("delete"), None);
    }

    #[test]
    fn a_proposal_is_checked_as_an_update_is_and_needs_a_reason() {
        let p = parse_proposal(&input(), "时间登记错误", &types(), today()).unwrap();
        assert_eq!(p.reason, "时间登记错误");
        assert_eq!(p.activity, input().parse(&types(), today()).unwrap());
        let mut bad = input();
        bad.topic = String::new();
        bad.held_at = "2099-01-01 09:00".into();
        let DomainError::Invalid(fe) = parse_proposal(&bad, "", &types(), today()).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(fe.0["reason"], "err.required");
        assert_eq!(fe.0["topic"], "err.required");
        assert_eq!(fe.0["held_at"], "err.date_future");
    }

    #[test]
    fn kept_values_give_the_same_activity_again() {
        let a = input().parse(&types(), today()).unwrap();
        let kept = serde_json::to_value(a.to_input()).unwrap();
        let back: ActivityInput = serde_json::from_value(kept).unwrap();
        assert_eq!(back.parse(&types(), today()).unwrap(), a);
    }
}

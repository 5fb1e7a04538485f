//! A recipient's way through a task: issued → received → submitted → accepted, or returned
//! with a reason → submitted again → accepted. Who moves it: the recipient receives and
//! submits, the issuer accepts and returns.

use crate::{DomainError, FieldErrors};
use chrono::NaiveDateTime;

/// Where a recipient stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    Issued,
    Received,
    Submitted,
    Returned,
    Accepted,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Issued,
        State::Received,
        State::Submitted,
        State::Returned,
        State::Accepted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Issued => "issued",
            State::Received => "received",
            State::Submitted => "submitted",
            State::Returned => "returned",
            State::Accepted => "accepted",
        }
    }

    pub fn from_code(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|c| c.code() == s)
    }

    /// Still waiting on the recipient (not submitted, or returned).
    pub fn open(self) -> bool {
        matches!(self, State::Issued | State::Received | State::Returned)
    }
}

/// A step on a recipient's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Receive,
    Submit,
    Accept,
    Return,
}

/// Which side takes a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The recipient node's staff (`task.write` over it).
    Recipient,
    /// The issuing node's staff (`task.manage` over it).
    Issuer,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Receive, Step::Submit, Step::Accept, Step::Return];

    pub fn code(self) -> &'static str {
        match self {
            Step::Receive => "receive",
            Step::Submit => "submit",
            Step::Accept => "accept",
            Step::Return => "return",
        }
    }

    pub fn from_code(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn side(self) -> Side {
        match self {
            Step::Receive | Step::Submit => Side::Recipient,
            Step::Accept | Step::Return => Side::Issuer,
        }
    }

    /// The state the step leads to from `from`; a step the state does not allow answers a
    /// field error under `state`. Submitting an issued task receives it on the way.
    pub fn from(self, from: State) -> Result<State, DomainError> {
        let to = match (self, from) {
            (Step::Receive, State::Issued) => State::Received,
            (Step::Submit, State::Issued | State::Received | State::Returned) => State::Submitted,
            (Step::Accept, State::Submitted) => State::Accepted,
            (Step::Return, State::Submitted) => State::Returned,
            _ => return Err(DomainError::field("state", "err.task_step")),
        };
        Ok(to)
    }
}

/// The reason a return gives: required, at most 500 characters.
pub fn parse_reason(s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    let mut fe = FieldErrors::new();
    if t.is_empty() {
        fe.add("reason", "err.task_reason");
    } else if t.chars().count() > 500 {
        fe.add("reason", "err.too_long_500");
    }
    fe.into_result()?;
    Ok(t.to_string())
}

/// Submitted after the due moment.
pub fn late(submitted_at: NaiveDateTime, due_at: NaiveDateTime) -> bool {
    submitted_at > due_at
}

/// Not accepted and past due at `now`.
pub fn overdue(state: State, due_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    state != State::Accepted && now > due_at
}

/// What a recipient's row adds to the counts kept for each node above it: one recipient,
/// received, submitted (or accepted), accepted, accepted and submitted on time.
pub fn flags(state: State, late: bool) -> [i64; 5] {
    let received = state != State::Issued;
    let submitted = matches!(state, State::Submitted | State::Accepted);
    let accepted = state == State::Accepted;
    let on_time = accepted && !late;
    [
        1,
        received as i64,
        submitted as i64,
        accepted as i64,
        on_time as i64,
    ]
}

/// `after - before`, what a move adds to each count.
pub fn delta(before: [i64; 5], after: [i64; 5]) -> [i64; 5] {
    let mut d = [0; 5];
    for i in 0..5 {
        d[i] = after[i] - before[i];
    }
    d
}

/// A share in whole percent of `part` in `total` (none of none is 0).
pub fn percent(part: i64, total: i64) -> i64 {
    if total <= 0 {
        0
    } else {
        (part * 100 + total / 2) / total
    }
}

//! Clocks, timed steps and a category's time limits.

use super::*;

/// What happens to a step's clock (时限计时).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Start the step's clock at `now`; its due time is [`due_for`] from `now`.
    Start(Step),
    /// The step is done: its clock stops and its cards stop.
    Stop(Step),
    /// Every running clock stops (sent back, withdrawn, reopened).
    StopAll,
    /// The reply's due time moves `days` working days later ([`extend_due`]).
    ExtendReply { days: u32 },
}

/// The timed steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// 接单: from dispatch to acceptance, in working hours.
    Accept,
    /// 答复: from acceptance to reply, in working days.
    Reply,
    /// 回访: from reply to follow-up, in working days.
    FollowUp,
}

impl Step {
    pub const ALL: [Step; 3] = [Step::Accept, Step::Reply, Step::FollowUp];

    pub fn code(self) -> &'static str {
        match self {
            Step::Accept => "accept",
            Step::Reply => "reply",
            Step::FollowUp => "follow_up",
        }
    }

    pub fn from_code(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// The outcome of an allowed action: the request's new facts and what the clocks do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    pub action: Action,
    pub from: State,
    pub to: State,
    pub next: RequestFacts,
    pub clocks: Vec<Clock>,
    /// The request went back to 已受理待派单 for another round (a new round of rating).
    pub reopened: bool,
}

/// A category's time limits and supervision rule (工单类别时限).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Accept within this many working hours of dispatch (接单时限).
    pub accept_within_hours: u32,
    /// Reply within this many working days of acceptance, the day of acceptance not counted
    /// (答复时限).
    pub reply_within_days: u32,
    /// Follow up within this many working days of the reply (回访时限).
    pub follow_up_within_days: u32,
    /// Calendar days after closing during which the complainant's 不满意 reopens the request.
    /// Calendar days, not working days: the complainant's side of the clock is not an office.
    pub reopen_window_days: u32,
    /// When a yellow card (黄牌) turns red (红牌): `None`, the default, means after the step's
    /// own limit once more, counted in working time from the due time — a step due in 2
    /// working hours is red 2 working hours after it went yellow, a 5-day reply 5 working days
    /// after. `Some(h)`: `h` working hours after the due time, whatever the step.
    pub red_after_work_hours: Option<u32>,
}

impl Default for Policy {
    /// A starting point for a new category, to be set by the administrator: accept within 2
    /// working hours, reply within 5 working days, follow up within 3, reopen within 7 days.
    fn default() -> Self {
        Policy {
            accept_within_hours: 2,
            reply_within_days: 5,
            follow_up_within_days: 3,
            reopen_window_days: 7,
            red_after_work_hours: None,
        }
    }
}

/// A category's limits as a form gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyInput {
    pub accept_within_hours: String,
    pub reply_within_days: String,
    pub follow_up_within_days: String,
    pub reopen_window_days: String,
    /// Blank for "the step's own limit again".
    pub red_after_work_hours: String,
}

fn number_in(
    fe: &mut FieldErrors,
    field: &str,
    s: &str,
    range: std::ops::RangeInclusive<u32>,
    key: &str,
) -> Option<u32> {
    let t = s.trim();
    if t.is_empty() {
        fe.add(field, "err.required");
        return None;
    }
    match t.parse::<u32>() {
        Ok(n) if range.contains(&n) => Some(n),
        Ok(_) => {
            fe.add(field, key);
            None
        }
        Err(_) => {
            fe.add(field, "err.number_invalid");
            None
        }
    }
}

impl PolicyInput {
    /// Accept 1–240 working hours, reply 1–90 working days, follow-up 1–30 working days,
    /// reopen window 0–365 days, red card blank or 1–2400 working hours.
    pub fn parse(&self) -> Result<Policy, DomainError> {
        let mut fe = FieldErrors::new();
        let accept = number_in(
            &mut fe,
            "accept_within_hours",
            &self.accept_within_hours,
            1..=240,
            "err.request_accept_hours_range",
        );
        let reply = number_in(
            &mut fe,
            "reply_within_days",
            &self.reply_within_days,
            1..=90,
            "err.request_reply_days_range",
        );
        let follow = number_in(
            &mut fe,
            "follow_up_within_days",
            &self.follow_up_within_days,
            1..=30,
            "err.request_follow_up_days_range",
        );
        let reopen = number_in(
            &mut fe,
            "reopen_window_days",
            &self.reopen_window_days,
            0..=365,
            "err.request_reopen_days_range",
        );
        let red = if self.red_after_work_hours.trim().is_empty() {
            None
        } else {
            number_in(
                &mut fe,
                "red_after_work_hours",
                &self.red_after_work_hours,
                1..=2400,
                "err.request_red_hours_range",
            )
        };
        fe.into_result()?;
        Ok(Policy {
            accept_within_hours: accept.expect("checked"),
            reply_within_days: reply.expect("checked"),
            follow_up_within_days: follow.expect("checked"),
            reopen_window_days: reopen.expect("checked"),
            red_after_work_hours: red,
        })
    }
}

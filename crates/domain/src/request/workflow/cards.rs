//! Due times on the working calendar and supervision cards (督办).

use super::*;

/// When a step started at `start` is due, on the calendar.
pub fn due_for(
    step: Step,
    start: NaiveDateTime,
    cal: &WorkCalendar,
    hours: &WorkHours,
    policy: &Policy,
) -> NaiveDateTime {
    match step {
        Step::Accept => add_work_hours(cal, hours, start, policy.accept_within_hours),
        Step::Reply => add_work_days(cal, hours, start, policy.reply_within_days),
        Step::FollowUp => add_work_days(cal, hours, start, policy.follow_up_within_days),
    }
}

/// The reply's due time after an approved extension of `days` working days: the close of the
/// `days`-th working day after the old due day.
pub fn extend_due(
    due: NaiveDateTime,
    days: u32,
    cal: &WorkCalendar,
    hours: &WorkHours,
) -> NaiveDateTime {
    add_work_days(cal, hours, due, days)
}

/// Supervision cards (督办): yellow when a step is overdue, red when still overdue past a
/// second limit ("协调智慧督办" [003]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Card {
    /// 黄牌
    Yellow,
    /// 红牌
    Red,
}

impl Card {
    pub fn code(self) -> &'static str {
        match self {
            Card::Yellow => "yellow",
            Card::Red => "red",
        }
    }

    pub fn from_code(s: &str) -> Option<Card> {
        [Card::Yellow, Card::Red]
            .into_iter()
            .find(|c| c.code() == s)
    }
}

/// When a step started at `step_start` and due at `due` turns red (see
/// [`Policy::red_after_work_hours`]): by default `due + (due − start)` in working time.
pub fn red_at(
    step_start: NaiveDateTime,
    due: NaiveDateTime,
    cal: &WorkCalendar,
    hours: &WorkHours,
    policy: &Policy,
) -> NaiveDateTime {
    let extra = match policy.red_after_work_hours {
        Some(h) => u64::from(h) * 60,
        None => work_minutes_between(cal, hours, step_start, due).max(1) as u64,
    };
    add_work_minutes(cal, hours, due, extra)
}

/// The card a running step deserves at `now`: none up to and including its due time, yellow
/// after it, red after [`red_at`].
pub fn card_due(
    step_start: NaiveDateTime,
    due: NaiveDateTime,
    now: NaiveDateTime,
    cal: &WorkCalendar,
    hours: &WorkHours,
    policy: &Policy,
) -> Option<Card> {
    if now <= due {
        None
    } else if now > red_at(step_start, due, cal, hours, policy) {
        Some(Card::Red)
    } else {
        Some(Card::Yellow)
    }
}

/// The cards to raise now for a running step, given those already raised for it: never the
/// same colour twice, so a job that runs again, or restarts, raises nothing new. A step found
/// already red (the job was down) gets its yellow card too, first, so every red card has the
/// yellow that preceded it.
#[allow(clippy::too_many_arguments)]
pub fn cards_to_raise(
    step_start: NaiveDateTime,
    due: NaiveDateTime,
    now: NaiveDateTime,
    cal: &WorkCalendar,
    hours: &WorkHours,
    policy: &Policy,
    raised: &[Card],
) -> Vec<Card> {
    let deserved: &[Card] = match card_due(step_start, due, now, cal, hours, policy) {
        None => &[],
        Some(Card::Yellow) => &[Card::Yellow],
        Some(Card::Red) => &[Card::Yellow, Card::Red],
    };
    deserved
        .iter()
        .copied()
        .filter(|c| !raised.contains(c))
        .collect()
}

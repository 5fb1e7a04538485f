//! Compliance: for an organization and a day, each of its obligations judged over the
//! period of its cycle that holds the day — done against required, entries made late, days
//! left — and, for a set of organizations, the share that keep all of theirs.

use super::obligation::Rule;
use super::period::Period;
use chrono::NaiveDate;

/// One obligation of one organization in one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub period: Period,
    pub deadline: NaiveDate,
    pub done: u32,
    pub required: u32,
    /// Of the activities done, how many were entered after their month had ended.
    pub late: u32,
    pub met: bool,
    /// Days until the deadline counted from `on` (0 on the day itself); none once it has
    /// passed.
    pub days_left: Option<i64>,
    /// Not met and the deadline has passed.
    pub missed: bool,
}

/// `rule` for the period of its cycle holding `on`, given the activities counted in that
/// period up to its deadline (`done`, of which `late` entered late).
pub fn judge(rule: &Rule, on: NaiveDate, done: u32, late: u32) -> Judged {
    let period = Period::containing(rule.cycle, on);
    let deadline = rule.deadline(&period);
    let met = done >= rule.min_count;
    let days_left = (deadline >= on).then(|| (deadline - on).num_days());
    Judged {
        period,
        deadline,
        done,
        required: rule.min_count,
        late,
        met,
        days_left,
        missed: !met && days_left.is_none(),
    }
}

/// The days an activity counts toward `rule` in the period holding `on`: from the period's
/// start to its deadline.
pub fn window(rule: &Rule, on: NaiveDate) -> (NaiveDate, NaiveDate) {
    let p = Period::containing(rule.cycle, on);
    (p.start(), rule.deadline(&p))
}

/// Organizations keeping every obligation, of those with any: (keeping, with obligations,
/// share in percent with one decimal; none when no organization has an obligation).
pub fn share<'a>(orgs: impl IntoIterator<Item = &'a [Judged]>) -> (u64, u64, Option<f64>) {
    let mut keeping = 0;
    let mut counted = 0;
    for lines in orgs {
        if lines.is_empty() {
            continue;
        }
        counted += 1;
        if lines.iter().all(|j| j.met) {
            keeping += 1;
        }
    }
    let rate = (counted > 0).then(|| (keeping as f64 * 1000.0 / counted as f64).round() / 10.0);
    (keeping, counted, rate)
}

//! The 红星津贴: an amount per star level for a period, paid to the party-affairs workers
//! (专职/兼职党务工作者) of each organization by its published star, pro rata for a worker
//! in post part of the period. A batch is drafted, approved, paid and then locked; a
//! correction is a new batch that reverses a paid one line by line, never an edit.

use super::period::{days_in_post, Period};
use super::stars::MAX_STAR;
use crate::money::Fen;
use crate::DomainError;
use chrono::NaiveDate;

/// A batch's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchState {
    Draft,
    Approved,
    Paid,
}

impl BatchState {
    pub const ALL: [BatchState; 3] = [BatchState::Draft, BatchState::Approved, BatchState::Paid];

    pub fn code(self) -> &'static str {
        match self {
            BatchState::Draft => "draft",
            BatchState::Approved => "approved",
            BatchState::Paid => "paid",
        }
    }

    pub fn from_code(s: &str) -> Option<BatchState> {
        BatchState::ALL.into_iter().find(|v| v.code() == s)
    }

    /// Lines may be recomputed or removed only in a draft.
    pub fn editable(self) -> bool {
        self == BatchState::Draft
    }

    /// The next state when approved (from a draft) or paid (from approved).
    pub fn advance(self, to: BatchState) -> Result<BatchState, DomainError> {
        match (self, to) {
            (BatchState::Draft, BatchState::Approved)
            | (BatchState::Approved, BatchState::Paid) => Ok(to),
            _ => Err(DomainError::Refused("err.rating_batch_state")),
        }
    }
}

/// Whether a batch may be reversed: it is paid, is not itself a reversal, and has not been
/// reversed already.
pub fn may_reverse(state: BatchState, is_reversal: bool, already_reversed: bool) -> bool {
    state == BatchState::Paid && !is_reversal && !already_reversed
}

/// The amounts per star for a period, index 0 for 1★ … 4 for 5★ (zero: nothing paid).
pub type AmountTable = [Fen; MAX_STAR as usize];

/// The amount of a star in a table.
pub fn amount_for(table: &AmountTable, star: Option<u8>) -> Fen {
    match star {
        Some(s @ 1..=MAX_STAR) => table[usize::from(s - 1)],
        _ => Fen::ZERO,
    }
}

/// The share of `amount` for `days` in post of a period of `period_days`: the amount times
/// the days over the period's days, rounded down to the fen (the payer keeps the fraction).
pub fn pro_rata(amount: Fen, days: i64, period_days: i64) -> Fen {
    if period_days <= 0 || days <= 0 {
        return Fen::ZERO;
    }
    let days = days.min(period_days);
    Fen((i128::from(amount.0) * i128::from(days) / i128::from(period_days)) as i64)
}

/// A worker in post at an organization, with the term's days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    pub person_id: i64,
    pub node_id: i64,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// One line of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub person_id: i64,
    pub node_id: i64,
    pub star: Option<u8>,
    pub days: i64,
    pub amount: Fen,
}

/// The lines of a period's batch: each worker with days in post is paid its organization's
/// star amount pro rata; an organization without a star, or a star with a zero amount, pays
/// nothing and gives no line. `star_of` answers an organization's published star.
pub fn batch_lines(
    period: &Period,
    table: &AmountTable,
    workers: &[Worker],
    star_of: impl Fn(i64) -> Option<u8>,
) -> Vec<Line> {
    let period_days = period.days();
    let mut out = Vec::new();
    for w in workers {
        let days = days_in_post(w.from, w.to, period);
        let star = star_of(w.node_id);
        let amount = pro_rata(amount_for(table, star), days, period_days);
        if amount.0 > 0 {
            out.push(Line {
                person_id: w.person_id,
                node_id: w.node_id,
                star,
                days,
                amount,
            });
        }
    }
    out
}

/// The lines of a batch reversing `lines`: the same lines with every amount negated, so the
/// two batches add up to nothing line by line.
pub fn reversal(lines: &[Line]) -> Vec<Line> {
    lines
        .iter()
        .map(|l| Line {
            amount: Fen(-l.amount.0),
            ..l.clone()
        })
        .collect()
}

/// The sum of lines in fen.
pub fn total(lines: &[Line]) -> Fen {
    Fen(lines.iter().map(|l| l.amount.0).sum())
}

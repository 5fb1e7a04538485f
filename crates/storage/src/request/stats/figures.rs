//! What the measures answer: the period asked for and the figures of requests.

use super::*;
use crate::{Result, StorageError};
use chrono::{Duration, NaiveDate, NaiveTime};
use serde::Serialize;
use touyan_domain::request::measure::{round1, Counts};
use touyan_domain::FieldErrors;

/// A period of Beijing days, both ends included; open ends are unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Period {
    /// `from` and `to` as typed (`2026-03-01`, `2026/3/1`, blank for open); `to` is included.
    pub fn parse(from: &str, to: &str) -> Result<Period> {
        let mut fe = FieldErrors::new();
        let from = fe
            .check("from", touyan_domain::fields::parse_date("from", from))
            .flatten();
        let to = fe
            .check("to", touyan_domain::fields::parse_date("to", to))
            .flatten();
        if let (Some(a), Some(b)) = (from, to) {
            if a > b {
                fe.add("to", "err.rstats_period_order");
            }
        }
        if fe.is_empty() {
            Ok(Period { from, to })
        } else {
            Err(StorageError::Invalid(fe))
        }
    }

    pub(super) fn days(&self) -> (i32, i32) {
        (
            self.from.map(day_number).unwrap_or(0),
            self.to.map(day_number).unwrap_or(99_999_999),
        )
    }

    /// The period as Unix milliseconds: `[start, end)`.
    pub fn instants(&self) -> (Option<i64>, Option<i64>) {
        let at = |d: NaiveDate| crate::request::from_local(d.and_time(NaiveTime::MIN));
        (
            self.from.map(at),
            self.to.map(|d| at(d + Duration::days(1))),
        )
    }
}

/// The measures of one set of requests.
#[derive(Debug, Clone, Default, Serialize, PartialEq, utoipa::ToSchema)]
pub struct RequestFigures {
    /// Requests taken in (收集), whatever became of them.
    pub collected: i64,
    /// Received (受理).
    pub received: i64,
    /// Dispatched whose acceptance is decided or awaited now (响应率's base).
    pub dispatched: i64,
    /// Accepted (接单) by the handling unit.
    pub accepted: i64,
    /// Accepted within the acceptance limit.
    pub accepted_in_time: i64,
    /// Replied (答复).
    pub replied: i64,
    /// Closed (已办结).
    pub closed: i64,
    /// Closed as solved (解决).
    pub solved: i64,
    /// Still open.
    pub open: i64,
    /// Withdrawn (已撤回).
    pub withdrawn: i64,
    /// Timed steps decided (acceptance, reply).
    pub steps_done: i64,
    pub steps_on_time: i64,
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub dissatisfied: i64,
    pub rated: i64,
    /// Requests given a yellow supervision card (黄牌; those given a red one too).
    pub yellow_cards: i64,
    /// Requests given a red card (红牌).
    pub red_cards: i64,
    /// Requests whose running step or follow-up is past due now.
    pub overdue: i64,
    /// 响应率: accepted in time / dispatched, percent to one decimal; null when none.
    pub response_rate: Option<f64>,
    /// 解决率: solved / closed.
    pub solution_rate: Option<f64>,
    /// 满意率: (满意 + 基本满意) / rated.
    pub satisfaction_rate: Option<f64>,
    /// 按时办理率: steps on time / steps decided.
    pub on_time_rate: Option<f64>,
}

impl RequestFigures {
    pub fn from_vector(v: &Vector, overdue: i64) -> RequestFigures {
        let u = |x: i64| x.max(0) as u64;
        let c = Counts {
            collected: u(v[0]),
            steps_done: u(v[10]),
            steps_on_time: u(v[11]),
            dispatched: u(v[2]),
            accepted_in_time: u(v[4]),
            closed: u(v[6]),
            solved: u(v[7]),
            satisfied: u(v[12]),
            basically_satisfied: u(v[13]),
            dissatisfied: u(v[14]),
        };
        RequestFigures {
            collected: v[0],
            received: v[1],
            dispatched: v[2],
            accepted: v[3],
            accepted_in_time: v[4],
            replied: v[5],
            closed: v[6],
            solved: v[7],
            open: v[8],
            withdrawn: v[9],
            steps_done: v[10],
            steps_on_time: v[11],
            satisfied: v[12],
            basically_satisfied: v[13],
            dissatisfied: v[14],
            rated: v[12] + v[13] + v[14],
            yellow_cards: v[15],
            red_cards: v[16],
            overdue,
            response_rate: c.response_rate().map(round1),
            solution_rate: c.solution_rate().map(round1),
            satisfaction_rate: c.satisfaction_rate().map(round1),
            on_time_rate: c.on_time_rate().map(round1),
        }
    }
}

/// One line of a breakdown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StatsLine {
    /// The category or channel code, or the handling unit's id as text.
    pub key: String,
    /// The name in the caller's language: the category's or the channel's name, or the
    /// unit's name as registered.
    pub name: String,
    /// The category's or the channel's English name; the unit's name otherwise.
    pub name_en: String,
    pub figures: RequestFigures,
}

/// One month's figures.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct MonthLine {
    /// The month, `YYYY-MM`.
    pub month: String,
    pub figures: RequestFigures,
}

/// A child node's figures for the requests that lie in its subtree.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StatsChild {
    pub node_id: i64,
    pub name: String,
    pub kind: String,
    pub has_children: bool,
    pub figures: RequestFigures,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RequestStats {
    /// The node measured; null when the caller's scope has several top nodes and the figures
    /// are theirs added up.
    pub node_id: Option<i64>,
    pub node_name: String,
    /// First day counted (Beijing date of creation), included; null for no bound.
    pub from: Option<NaiveDate>,
    /// Last day counted, included; null for no bound.
    pub to: Option<NaiveDate>,
    pub totals: RequestFigures,
    pub by_category: Vec<StatsLine>,
    pub by_channel: Vec<StatsLine>,
    pub by_handling_node: Vec<StatsLine>,
    /// Month by month (Beijing month of creation), oldest first, every month from the first
    /// to the last counted (or the period's bounds) even when nothing came in; they add up to
    /// `totals`.
    pub by_month: Vec<MonthLine>,
    /// Each child's figures for the requests lying in its subtree.
    pub children: Vec<StatsChild>,
    /// Requests located at the node itself (in no child's subtree).
    pub here: RequestFigures,
    /// Requests located outside the node and handled in its subtree. Children, `here` and
    /// `from_outside` add up to `totals`.
    pub from_outside: RequestFigures,
}

#[cfg(test)]
mod tests {
    use super::super::count::day_of;
    use super::*;
    use crate::StorageError;
    use chrono::NaiveDate;

    #[test]
    fn periods() {
        let p = Period::parse("2026-03-01", "2026/3/31").unwrap();
        assert_eq!(p.days(), (20260301, 20260331));
        let (a, b) = p.instants();
        assert_eq!(b.unwrap() - a.unwrap(), 31 * 86_400_000);
        assert!(matches!(
            Period::parse("2026-04-01", "2026-03-01"),
            Err(StorageError::Invalid(_))
        ));
        assert!(matches!(
            Period::parse("yesterday", ""),
            Err(StorageError::Invalid(_))
        ));
        assert_eq!(Period::parse("", "").unwrap(), Period::default());
        assert_eq!(
            day_of(crate::request::from_local(
                NaiveDate::from_ymd_opt(2026, 1, 1)
                    .unwrap()
                    .and_hms_opt(0, 30, 0)
                    .unwrap()
            )),
            20260101
        );
    }
}

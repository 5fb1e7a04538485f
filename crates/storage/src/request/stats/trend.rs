//! The month-by-month lines of the measures: the same daily counters, summed per Beijing
//! month, with the months in between that had nothing filled in as zeros.

use super::*;
use chrono::Datelike;
use std::collections::{BTreeMap, HashMap};

/// The longest run of empty months put in before the first month with requests: a period
/// bound far in the past does not draw decades of zeros.
const MAX_SPAN: i32 = 240;

/// A `YYYYMM` month as a count of months since year 0, and back.
fn index_of(ym: i32) -> i32 {
    (ym / 100) * 12 + (ym % 100 - 1)
}

fn month_of(index: i32) -> i32 {
    (index / 12) * 100 + index % 12 + 1
}

/// The months (`YYYYMM`) the trend shows: from the period's first month (or the first month
/// with requests) to its last (or the last month with requests).
fn span(counted: &[i32], period: Period) -> Vec<i32> {
    let ym = |d: chrono::NaiveDate| d.year() * 100 + d.month() as i32;
    let first = counted.iter().min().copied();
    let last = counted.iter().max().copied();
    let (Some(mut start), Some(end)) = (
        period.from.map(ym).or(first).or(period.to.map(ym)),
        period.to.map(ym).or(last).or(period.from.map(ym)),
    ) else {
        return vec![];
    };
    if index_of(end) - index_of(start) >= MAX_SPAN {
        start = first.unwrap_or(end).min(end);
    }
    (index_of(start)..=index_of(end)).map(month_of).collect()
}

/// One line per month of the span, in order; a month with nothing counted has zeros.
pub(super) fn month_lines(
    by: &BTreeMap<i32, Vector>,
    overdue: &HashMap<i32, i64>,
    period: Period,
) -> Vec<MonthLine> {
    let counted: Vec<i32> = by.keys().copied().collect();
    span(&counted, period)
        .into_iter()
        .map(|m| MonthLine {
            month: format!("{:04}-{:02}", m / 100, m % 100),
            figures: RequestFigures::from_vector(
                by.get(&m).unwrap_or(&[0; 17]),
                overdue.get(&m).copied().unwrap_or(0),
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(from: &str, to: &str) -> Period {
        Period::parse(from, to).unwrap()
    }

    #[test]
    fn months_fill_the_gaps_across_a_year_end() {
        assert_eq!(
            span(&[202511, 202602], Period::default()),
            vec![202511, 202512, 202601, 202602]
        );
        assert_eq!(span(&[], Period::default()), Vec::<i32>::new());
    }

    #[test]
    fn the_period_bounds_the_months() {
        assert_eq!(
            span(&[202603], period("2026-02-15", "2026-04-01")),
            vec![202602, 202603, 202604]
        );
        assert_eq!(span(&[], period("2026-02-15", "")), vec![202602]);
        assert_eq!(
            span(&[202605], period("", "2026-06-30")),
            vec![202605, 202606]
        );
    }

    #[test]
    fn a_far_bound_starts_at_the_first_month_counted() {
        let s = span(&[202601, 202603], period("1990-01-01", "2026-03-31"));
        assert_eq!(s, vec![202601, 202602, 202603]);
    }

    #[test]
    fn lines_add_up_and_carry_the_overdue() {
        let mut by = BTreeMap::new();
        let mut v = [0i64; 17];
        v[0] = 3;
        v[1] = 2;
        by.insert(202601, v);
        by.insert(202603, v);
        let overdue = HashMap::from([(202603, 1)]);
        let lines = month_lines(&by, &overdue, Period::default());
        let months: Vec<&str> = lines.iter().map(|l| l.month.as_str()).collect();
        assert_eq!(months, ["2026-01", "2026-02", "2026-03"]);
        assert_eq!(lines.iter().map(|l| l.figures.collected).sum::<i64>(), 6);
        assert_eq!(lines[1].figures, RequestFigures::default());
        assert_eq!(lines[2].figures.overdue, 1);
    }
}

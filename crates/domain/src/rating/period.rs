//! Rating periods as codes: a year `2026`, a half-year `2026H1`, a quarter `2026Q3`.

use chrono::{Datelike, NaiveDate};

/// A period with its first and last day (both inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub code: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Period {
    /// The period of a code; none for anything else (years 2000–2099 only).
    pub fn parse(code: &str) -> Option<Period> {
        let code = code.trim();
        let year: i32 = code.get(..4)?.parse().ok()?;
        if !(2000..=2099).contains(&year) {
            return None;
        }
        let (m1, m2) = match code.get(4..)? {
            "" => (1, 12),
            "H1" => (1, 6),
            "H2" => (7, 12),
            "Q1" => (1, 3),
            "Q2" => (4, 6),
            "Q3" => (7, 9),
            "Q4" => (10, 12),
            _ => return None,
        };
        let first = NaiveDate::from_ymd_opt(year, m1, 1)?;
        let last = last_of_month(year, m2)?;
        Some(Period {
            code: code.to_string(),
            first,
            last,
        })
    }

    /// The quarter a day falls in.
    pub fn quarter_of(day: NaiveDate) -> Period {
        let q = (day.month() - 1) / 3 + 1;
        Period::parse(&format!("{}Q{q}", day.year())).expect("a quarter of a valid day")
    }

    /// How many days the period has.
    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    /// The period of the same kind just before (for the ±1 rule and the trend).
    pub fn previous(&self) -> Option<Period> {
        let year: i32 = self.code[..4].parse().ok()?;
        let prev = match &self.code[4..] {
            "" => format!("{}", year - 1),
            "H1" => format!("{}H2", year - 1),
            "H2" => format!("{year}H1"),
            "Q1" => format!("{}Q4", year - 1),
            q => format!("{year}Q{}", q[1..].parse::<u32>().ok()? - 1),
        };
        Period::parse(&prev)
    }
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// Days of a term in post (from its first day, to its last day inclusive or still running)
/// that fall within a period.
pub fn days_in_post(
    term_from: Option<NaiveDate>,
    term_to: Option<NaiveDate>,
    period: &Period,
) -> i64 {
    let from = term_from.map_or(period.first, |d| d.max(period.first));
    let to = term_to.map_or(period.last, |d| d.min(period.last));
    if to < from {
        0
    } else {
        (to - from).num_days() + 1
    }
}

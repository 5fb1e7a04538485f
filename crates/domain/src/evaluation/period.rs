//! The period a round covers: a year (`2026`), a half-year (`2026H1`) or a quarter
//! (`2026Q3`).

use chrono::NaiveDate;
use std::fmt;

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodSpan {
    Year,
    Half(u8),
    Quarter(u8),
}

/// A checked period code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub year: i32,
    pub span: PeriodSpan,
}

impl Period {
    /// Parses `2026`, `2026H1`/`2026H2` or `2026Q1`…`2026Q4` (years 2000–2100).
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim().to_ascii_uppercase();
        if s.len() < 4 || !s.is_char_boundary(4) {
            return None;
        }
        let (y, rest) = s.split_at(4);
        let year: i32 = y.parse().ok().filter(|y| (2000..=2100).contains(y))?;
        let span = match rest {
            "" => PeriodSpan::Year,
            "H1" => PeriodSpan::Half(1),
            "H2" => PeriodSpan::Half(2),
            "Q1" => PeriodSpan::Quarter(1),
            "Q2" => PeriodSpan::Quarter(2),
            "Q3" => PeriodSpan::Quarter(3),
            "Q4" => PeriodSpan::Quarter(4),
            _ => return None,
        };
        Some(Period { year, span })
    }

    /// The code as stored.
    pub fn code(&self) -> String {
        self.to_string()
    }

    /// The first and last months, 1–12.
    fn months(&self) -> (u32, u32) {
        match self.span {
            PeriodSpan::Year => (1, 12),
            PeriodSpan::Half(h) => {
                let first = (u32::from(h) - 1) * 6 + 1;
                (first, first + 5)
            }
            PeriodSpan::Quarter(q) => {
                let first = (u32::from(q) - 1) * 3 + 1;
                (first, first + 2)
            }
        }
    }

    /// The first day.
    pub fn start(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.months().0, 1).expect("a valid month")
    }

    /// The last day.
    pub fn end(&self) -> NaiveDate {
        let last = self.months().1;
        let next = if last == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, last + 1, 1)
        };
        next.expect("a valid month")
            .pred_opt()
            .expect("a day before")
    }
}

impl Period {
    /// The day a published round counts as an inspection (巡查) toward the work cadence's
    /// 一季一巡查 [004]: the day it was published, kept within the period it assessed (a Q3
    /// round published in October inspected Q3, and counts on Q3's last day).
    pub fn inspection_day(&self, published_on: NaiveDate) -> NaiveDate {
        published_on.clamp(self.start(), self.end())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span {
            PeriodSpan::Year => write!(f, "{}", self.year),
            PeriodSpan::Half(h) => write!(f, "{}H{h}", self.year),
            PeriodSpan::Quarter(q) => write!(f, "{}Q{q}", self.year),
        }
    }
}

//! Cycles and periods of party work (每月、每季度、每半年、每年), worked out on the day an
//! activity was held in Beijing time — never on the day it was entered.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime};

/// How often an obligation recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cycle {
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl Cycle {
    pub const ALL: [Cycle; 4] = [Cycle::Month, Cycle::Quarter, Cycle::HalfYear, Cycle::Year];

    pub fn code(self) -> &'static str {
        match self {
            Cycle::Month => "month",
            Cycle::Quarter => "quarter",
            Cycle::HalfYear => "half_year",
            Cycle::Year => "year",
        }
    }

    pub fn from_code(s: &str) -> Option<Cycle> {
        Cycle::ALL.into_iter().find(|c| c.code() == s)
    }

    /// Months in one period.
    pub fn months(self) -> u32 {
        match self {
            Cycle::Month => 1,
            Cycle::Quarter => 3,
            Cycle::HalfYear => 6,
            Cycle::Year => 12,
        }
    }
}

/// One period of a cycle: the `index`-th (from 1) of its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub cycle: Cycle,
    pub year: i32,
    pub index: u32,
}

impl Period {
    /// The period of `cycle` that `day` lies in.
    pub fn containing(cycle: Cycle, day: NaiveDate) -> Period {
        Period {
            cycle,
            year: day.year(),
            index: (day.month() - 1) / cycle.months() + 1,
        }
    }

    /// Its first day.
    pub fn start(&self) -> NaiveDate {
        let month = (self.index - 1) * self.cycle.months() + 1;
        NaiveDate::from_ymd_opt(self.year, month, 1).expect("a period starts on a real day")
    }

    /// Its last day.
    pub fn end(&self) -> NaiveDate {
        self.next().start().pred_opt().expect("a day before")
    }

    /// The period after it.
    pub fn next(&self) -> Period {
        let per_year = 12 / self.cycle.months();
        if self.index == per_year {
            Period {
                year: self.year + 1,
                index: 1,
                ..*self
            }
        } else {
            Period {
                index: self.index + 1,
                ..*self
            }
        }
    }

    /// The period before it.
    pub fn previous(&self) -> Period {
        if self.index == 1 {
            Period {
                year: self.year - 1,
                index: 12 / self.cycle.months(),
                ..*self
            }
        } else {
            Period {
                index: self.index - 1,
                ..*self
            }
        }
    }

    /// `2026-12`, `2026-Q4`, `2026-H2` or `2026`.
    pub fn key(&self) -> String {
        match self.cycle {
            Cycle::Month => format!("{}-{:02}", self.year, self.index),
            Cycle::Quarter => format!("{}-Q{}", self.year, self.index),
            Cycle::HalfYear => format!("{}-H{}", self.year, self.index),
            Cycle::Year => format!("{}", self.year),
        }
    }

    /// A key as [`Period::key`] writes it.
    pub fn parse(key: &str) -> Option<Period> {
        let (year, rest) = match key.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (key, None),
        };
        if year.len() != 4 {
            return None;
        }
        let year: i32 = year.parse().ok().filter(|y| (1900..=2200).contains(y))?;
        let (cycle, index) = match rest {
            None => (Cycle::Year, 1),
            Some(r) if r.starts_with('Q') => (Cycle::Quarter, r[1..].parse().ok()?),
            Some(r) if r.starts_with('H') => (Cycle::HalfYear, r[1..].parse().ok()?),
            Some(r) if r.len() == 2 => (Cycle::Month, r.parse().ok()?),
            Some(_) => return None,
        };
        (1..=12 / cycle.months())
            .contains(&index)
            .then_some(Period { cycle, year, index })
    }
}

/// Beijing time, UTC+8 all year (no daylight saving).
pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("a valid offset")
}

/// When an activity was held, as people give it: `2026-11-20 14:30` or `2026-11-20T14:30`
/// (Beijing time), or with an offset (`2026-11-20T06:30:00Z`, turned into Beijing time).
pub fn parse_held_at(s: &str) -> Option<NaiveDateTime> {
    let t = s.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Some(dt.with_timezone(&beijing()).naive_local());
    }
    let norm = t.replacen('T', " ", 1);
    ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&norm, f).ok())
        .filter(|dt| (1900..=2200).contains(&dt.year()))
}

/// Today's day in Beijing for a moment in milliseconds since the epoch.
pub fn beijing_day(ms: i64) -> NaiveDate {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&beijing())
        .date_naive()
}

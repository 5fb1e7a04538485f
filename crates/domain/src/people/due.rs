//! Pipeline steps falling due (工作台待办): whom a branch should now consider for the next
//! step, by the dates the rules measure from.
//!
//! - `development`: an activist trained for a year may be made a development object
//!   (《中国共产党发展党员工作细则》第十三条: 经过一年以上培养教育和考察).
//! - `full`: a probationary member whose probation (one year, plus any extension: 党章第七条)
//!   has run out is due for the branch's decision on full membership.

use super::Status;
use chrono::{Months, NaiveDate};

/// One kind of step falling due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub code: &'static str,
    /// The status the person is in.
    pub status: Status,
    /// Months since the date the rule measures from (`activist_on`, `probation_on`).
    pub months: u32,
    /// Whether a probation extension adds its months.
    pub extended: bool,
}

pub const DUE: [Due; 2] = [
    Due {
        code: "development",
        status: Status::Activist,
        months: 12,
        extended: false,
    },
    Due {
        code: "full",
        status: Status::Probationary,
        months: 12,
        extended: true,
    },
];

/// The longest probation extension the pipeline records, in months (党章第七条: 不能超过一年).
pub const MAX_EXTENSION_MONTHS: u32 = 12;

impl Due {
    pub fn from_code(code: &str) -> Option<&'static Due> {
        DUE.iter().find(|d| d.code == code)
    }

    /// The latest start date that is due on `today`, with `extension` months added to the
    /// rule's months.
    pub fn started_by(&self, today: NaiveDate, extension: u32) -> NaiveDate {
        today
            .checked_sub_months(Months::new(self.months + extension))
            .unwrap_or(NaiveDate::MIN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_year_after_the_start_is_due_and_a_day_less_is_not() {
        let dev = Due::from_code("development").unwrap();
        let today = d(2026, 12, 4);
        assert_eq!(dev.started_by(today, 0), d(2025, 12, 4));
        let full = Due::from_code("full").unwrap();
        assert_eq!(full.started_by(today, 6), d(2025, 6, 4));
        assert!(Due::from_code("x").is_none());
    }

    /// The due dates agree with the pipeline's own rule: an activist who started on the date
    /// `started_by` gives may be made a development object today, one who started a day later
    /// may not.
    #[test]
    fn due_agrees_with_the_pipeline_rule() {
        use crate::people::{Pipeline, Step};
        let dev = Due::from_code("development").unwrap();
        let today = d(2026, 12, 4);
        let birth = d(1990, 1, 1);
        for (since, ok) in [
            (dev.started_by(today, 0), true),
            (dev.started_by(today, 0).succ_opt().unwrap(), false),
        ] {
            let p = Pipeline {
                status: Some(Status::Activist),
                applied_on: Some(d(2020, 1, 1)),
                activist_on: Some(since),
                ..Default::default()
            };
            let r = p.step(Step::MakeDevelopmentObject, today, birth, today);
            assert_eq!(r.is_ok(), ok, "{since}: {r:?}");
        }
    }
}

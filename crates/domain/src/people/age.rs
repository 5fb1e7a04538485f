//! Age in whole years and the age bands a party-member count is reported in (the bands of
//! the yearly 党内统计 tables: 30 and under, then five-year bands to 60, then over 60).

use chrono::{Datelike, NaiveDate};

/// The bands, youngest first: each is the highest age it holds, the last holds the rest.
pub const AGE_BANDS: [(&str, u32); 8] = [
    ("to30", 30),
    ("31_35", 35),
    ("36_40", 40),
    ("41_45", 45),
    ("46_50", 50),
    ("51_55", 55),
    ("56_60", 60),
    ("over60", u32::MAX),
];

/// Whole years from `birth` to `on` (0 before the first birthday; a 29 February birthday
/// falls on 1 March in other years).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    if on < birth {
        return 0;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// The index in [`AGE_BANDS`] of someone born on `birth`, on `on`.
pub fn age_band(birth: NaiveDate, on: NaiveDate) -> usize {
    let age = age_on(birth, on);
    AGE_BANDS
        .iter()
        .position(|(_, top)| age <= *top)
        .unwrap_or(AGE_BANDS.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn age_turns_on_the_birthday() {
        assert_eq!(age_on(d(1990, 6, 15), d(2026, 6, 14)), 35);
        assert_eq!(age_on(d(1990, 6, 15), d(2026, 6, 15)), 36);
        assert_eq!(age_on(d(2000, 2, 29), d(2026, 2, 28)), 25);
        assert_eq!(age_on(d(2000, 2, 29), d(2026, 3, 1)), 26);
        assert_eq!(age_on(d(2030, 1, 1), d(2026, 1, 1)), 0);
    }

    #[test]
    fn bands_hold_their_top_age_and_the_last_holds_the_rest() {
        let on = d(2026, 12, 5);
        assert_eq!(age_band(d(1996, 12, 5), on), 0); // 30
        assert_eq!(age_band(d(1995, 12, 5), on), 1); // 31
        assert_eq!(age_band(d(1966, 12, 5), on), 6); // 60
        assert_eq!(age_band(d(1966, 12, 4), on), 6); // still 60
        assert_eq!(age_band(d(1965, 12, 5), on), 7); // 61
        assert_eq!(age_band(d(1920, 1, 1), on), 7);
    }
}

//! Back-filling activity records from a spreadsheet: the cells a row gives beyond what a form
//! gives — several types in one cell, a time of day as typed or as Excel keeps it, the
//! attendance as numbers (实到, 请假) against the 应到 the roster of the day gives.

use chrono::NaiveTime;

/// Most rows one file back-fills: a year of a district's branches' meetings is split by
/// park or by quarter.
pub const MAX_IMPORT_ROWS: usize = 5_000;

/// The types a cell names, split at 、 , ， ; ； or a line break; blanks dropped.
pub fn split_types(cell: &str) -> Vec<String> {
    cell.split(['、', ',', '，', ';', '；', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// A time of day as a sheet gives it: `9:30`, `09:30:00`, or the fraction of a day Excel
/// keeps a time as (`0.395833…`).
pub fn parse_time_cell(cell: &str) -> Option<NaiveTime> {
    let t = cell.trim().replace('：', ":");
    if let Some(v) = NaiveTime::parse_from_str(&t, "%H:%M")
        .ok()
        .or_else(|| NaiveTime::parse_from_str(&t, "%H:%M:%S").ok())
    {
        return Some(v);
    }
    let f: f64 = t.parse().ok()?;
    if !(0.0..1.0).contains(&f) {
        return None;
    }
    let seconds = (f * 86_400.0).round() as u32;
    NaiveTime::from_num_seconds_from_midnight_opt(seconds.min(86_399), 0)
}

/// A head count: a whole number from 0 (blank is 0); `err.number_invalid` otherwise.
pub fn parse_count(cell: &str) -> Result<i64, &'static str> {
    let t = cell.trim();
    if t.is_empty() {
        return Ok(0);
    }
    // A number cell may come as `12.0`.
    let n: f64 = t.parse().map_err(|_| "err.number_invalid")?;
    if n < 0.0 || n.fract() != 0.0 || n > 100_000.0 {
        return Err("err.number_invalid");
    }
    Ok(n as i64)
}

/// The attendance a row gives against the roster of its day: (应到, 实到, 请假, 缺席). Those
/// present and on leave cannot outnumber those expected.
pub fn attendance_of(expected: i64, present: i64, on_leave: i64) -> Option<[i64; 4]> {
    let absent = expected - present - on_leave;
    (absent >= 0).then_some([expected, present, on_leave, absent])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_names_several_types() {
        assert_eq!(
            split_types(" 支部党员大会、党课 ,主题党日；"),
            vec!["支部党员大会", "党课", "主题党日"]
        );
        assert!(split_types(" ").is_empty());
    }

    #[test]
    fn a_time_is_typed_or_kept_as_a_fraction_of_a_day() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time_cell("9:30"), t(9, 30));
        assert_eq!(parse_time_cell("14：00"), t(14, 0));
        assert_eq!(parse_time_cell("09:30:00"), t(9, 30));
        assert_eq!(parse_time_cell("0.395833333"), t(9, 30));
        assert_eq!(parse_time_cell("1.5"), None);
        assert_eq!(parse_time_cell("上午"), None);
    }

    #[test]
    fn counts_are_whole_and_the_present_fit_the_roster() {
        assert_eq!(parse_count(""), Ok(0));
        assert_eq!(parse_count("12.0"), Ok(12));
        assert_eq!(parse_count("-1"), Err("err.number_invalid"));
        assert_eq!(parse_count("2.5"), Err("err.number_invalid"));
        assert_eq!(parse_count("十"), Err("err.number_invalid"));
        assert_eq!(attendance_of(10, 7, 2), Some([10, 7, 2, 1]));
        assert_eq!(attendance_of(10, 9, 2), None);
    }
}

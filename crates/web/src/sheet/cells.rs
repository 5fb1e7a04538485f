//! Turning a cell into text: numbers, dates and times as a person typed them.

use super::*;

/// A header text reduced for matching: no surrounding spaces, no leading
/// "*" (ASCII or full width), ASCII lowercase.
pub(super) fn header_key(text: &str) -> String {
    text.trim()
        .trim_start_matches(['*', '＊'])
        .trim()
        .to_ascii_lowercase()
}

/// One cell as the text a caller sees.
pub(super) fn cell_text(v: &DataRef<'_>, kind: ColumnKind) -> String {
    match v {
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::Float(f) => plain_number(*f, kind),
        DataRef::Int(i) => plain_number(*i as f64, kind),
        DataRef::Bool(b) => if *b { "true" } else { "false" }.to_owned(),
        DataRef::DateTime(dt) => date_time(dt),
        DataRef::DateTimeIso(s) => iso_date(s.trim()).to_owned(),
        DataRef::DurationIso(s) => s.trim().to_owned(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

/// A number without a date format: a date in a date column when it is a
/// plausible serial, otherwise the number itself.
pub(super) fn plain_number(f: f64, kind: ColumnKind) -> String {
    if kind == ColumnKind::Date && SERIAL_DATES.contains(&f) {
        if let Some(date) = serial_date(f, false) {
            return date;
        }
    }
    number(f)
}

/// Rust's shortest round-trip form, which never uses an exponent and drops
/// ".0" from whole numbers: 13812345678.0 → "13812345678".
pub(super) fn number(f: f64) -> String {
    if f == 0.0 {
        // Also turns -0 into "0".
        return "0".to_owned();
    }
    f.to_string()
}

/// A date-formatted number: its date, or the number for durations and
/// values outside Excel's dates (such as times of day alone).
pub(super) fn date_time(dt: &ExcelDateTime) -> String {
    let f = dt.as_f64();
    // calamine hides the flags unless its chrono feature is on; equality
    // with rebuilt values reveals them.
    let like = |kind, is_1904| *dt == ExcelDateTime::new(f, kind, is_1904);
    if like(ExcelDateTimeType::TimeDelta, false) || like(ExcelDateTimeType::TimeDelta, true) {
        return number(f);
    }
    serial_date(f, like(ExcelDateTimeType::DateTime, true)).unwrap_or_else(|| number(f))
}

/// "YYYY-MM-DD" of an Excel serial day number (time of day dropped).
pub(super) fn serial_date(serial: f64, is_1904: bool) -> Option<String> {
    let first = if is_1904 { 0.0 } else { 1.0 };
    if !(first..SERIAL_MAX + 1.0).contains(&serial) {
        return None;
    }
    // Round to the millisecond first so 23:59:59.9999… is not a day early.
    let days = ((serial * MS_PER_DAY).round() / MS_PER_DAY).floor() as i64;
    let unix_days = if is_1904 {
        days - EPOCH_1904
    } else if days < 60 {
        // Excel counts a 29 February 1900 that never was: serials before
        // it are one day later than the 1899-12-30 epoch says.
        days + 1 - EPOCH_1900
    } else {
        days - EPOCH_1900
    };
    let (y, m, d) = civil_date(unix_days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Proleptic Gregorian (year, month, day) of a count of days since
/// 1970-01-01, by way of 400-year eras that start on 1 March.
pub(super) fn civil_date(unix_days: i64) -> (i64, u32, u32) {
    let shifted = unix_days + 719_468; // days since 0000-03-01
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The date part of an ISO 8601 date or date-time; anything else as given.
pub(super) fn iso_date(s: &str) -> &str {
    let b = s.as_bytes();
    let looks_like_date = b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b[..10]
            .iter()
            .enumerate()
            .all(|(i, ch)| i == 4 || i == 7 || ch.is_ascii_digit());
    if looks_like_date {
        &s[..10]
    } else {
        s
    }
}

//! Field parsers every area's input shares: dates as people type them, free text with a
//! length limit, notes, mobile numbers.

use crate::{DomainError, FieldErrors};
use chrono::{Datelike, NaiveDate};

/// A mainland mobile number: 11 digits beginning 13–19. Spaces, dashes and a leading +86
/// are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mobile(String);

impl Mobile {
    pub fn parse(s: &str) -> Result<Mobile, DomainError> {
        let mut t: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if let Some(rest) = t.strip_prefix("+86") {
            t = rest.to_string();
        }
        if t.is_empty() {
            return Err(DomainError::field("phone", "err.required"));
        }
        let b = t.as_bytes();
        if b.len() != 11 || !b.iter().all(u8::is_ascii_digit) || b[0] != b'1' || b[1] < b'3' {
            return Err(DomainError::field("phone", "err.phone_format"));
        }
        Ok(Mobile(t))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

/// A date as people type it: `2024-03-01`, `2024/3/1`, `2024.03.01` or `20240301`.
/// Blank is `None`.
pub fn parse_date(field: &str, s: &str) -> Result<Option<NaiveDate>, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let day = iso_day(t).or_else(|| {
        let norm: String = t
            .chars()
            .map(|c| if matches!(c, '/' | '.') { '-' } else { c })
            .collect();
        NaiveDate::parse_from_str(&norm, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(&norm, "%Y%m%d"))
            .ok()
    });
    day.filter(|d| (1900..=2200).contains(&d.year()))
        .map(Some)
        .ok_or_else(|| DomainError::field(field, "err.date_format"))
}

/// `YYYY-MM-DD` exactly, read without a format string: the form spreadsheet dates are
/// handed on in, so a large import reads most of its dates here. Anything else is `None`
/// and goes through the general formats.
fn iso_day(t: &str) -> Option<NaiveDate> {
    let b = t.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// A record's short note: blank is none, at most 500 characters.
pub fn parse_note(s: &str) -> Result<Option<String>, DomainError> {
    parse_text("note", s, 500, "err.too_long_500")
}

pub fn parse_text(
    field: &str,
    s: &str,
    max: usize,
    key: &str,
) -> Result<Option<String>, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > max {
        return Err(DomainError::field(field, key));
    }
    Ok(Some(t.to_string()))
}

/// A date that must be given and may not lie after `today`.
pub fn required_past_date(
    fe: &mut FieldErrors,
    field: &str,
    v: &str,
    today: NaiveDate,
) -> Option<NaiveDate> {
    match fe.check(field, parse_date(field, v)) {
        Some(None) => {
            fe.add(field, "err.required");
            None
        }
        Some(Some(d)) if d > today => {
            fe.add(field, "err.date_future");
            None
        }
        other => other.flatten(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_the_shapes_people_type() {
        assert_eq!(parse_date("x", "2024.3.1").unwrap(), Some(d(2024, 3, 1)));
        assert_eq!(parse_date("x", " ").unwrap(), None);
        assert!(parse_date("x", "2024-02-30").is_err());
        assert!(parse_date("x", "1800-01-01").is_err());
    }

    #[test]
    fn the_iso_shortcut_reads_what_the_general_format_reads() {
        assert_eq!(iso_day("2024-03-01"), Some(d(2024, 3, 1)));
        for s in [
            "2024-3-01",
            "2024-03-1",
            "2024/03/01",
            "2024-0a-01",
            "-024-03-01",
            "2024-02-30",
            "2024-13-01",
            "２０２４-03-01",
        ] {
            assert_eq!(iso_day(s), None, "{s}");
        }
        assert_eq!(parse_date("x", "2024-3-1").unwrap(), Some(d(2024, 3, 1)));
        let mut day = d(2023, 1, 1);
        while day < d(2025, 1, 1) {
            let s = day.to_string();
            assert_eq!(
                iso_day(&s),
                NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok(),
                "{s}"
            );
            day = day.succ_opt().unwrap();
        }
    }
}

/// A place in a list, 0 when not given.
pub fn parse_sort_order(v: Option<i64>) -> Result<i32, DomainError> {
    match v {
        None => Ok(0),
        Some(n) if (-1_000_000..=1_000_000).contains(&n) => Ok(n as i32),
        Some(_) => Err(DomainError::field("sort_order", "err.sort_order_range")),
    }
}

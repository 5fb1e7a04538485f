//! Sign-in to an activity by a short code (签到码) the host shows on a phone, or a QR code
//! opening the sign-in page with it: a member on the activity's roster who is signed in
//! enters it and is marked present. A code is opened on the day the activity is held and
//! holds until that day ends (Beijing time).

use super::period::beijing;
use crate::{DomainError, FieldErrors};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// Digits in a code: short enough to read off a phone across a room; guessing is held back by
/// the limit on attempts.
pub const CODE_LEN: usize = 6;

/// A code as typed: digits only, spaces and dashes ignored.
pub fn parse_code(s: &str) -> Result<String, DomainError> {
    let code: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let mut fe = FieldErrors::new();
    if code.is_empty() {
        fe.add("code", "err.required");
    } else if code.chars().count() != CODE_LEN || !code.chars().all(|c| c.is_ascii_digit()) {
        fe.add("code", "err.cadence_code_shape");
    }
    fe.into_result()?;
    Ok(code)
}

/// The code of `CODE_LEN` digits drawn from `n` (a random number).
pub fn code_of(n: u64) -> String {
    let modulus = 10u64.pow(CODE_LEN as u32);
    format!("{:0width$}", n % modulus, width = CODE_LEN)
}

/// Until when a code opened `now` for an activity held on `held_on` holds: the end of that
/// day in Beijing; refused unless `now` falls on that day.
pub fn open_until(held_on: NaiveDate, now: DateTime<Utc>) -> Result<DateTime<Utc>, DomainError> {
    let today = now.with_timezone(&beijing()).date_naive();
    if today != held_on {
        return Err(DomainError::field("signin", "err.cadence_signin_day"));
    }
    let next = held_on.succ_opt().expect("a day after");
    let end = beijing()
        .from_local_datetime(&next.and_hms_opt(0, 0, 0).expect("midnight"))
        .single()
        .expect("a fixed offset has one");
    Ok(end.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_typed_with_or_without_spaces() {
        assert_eq!(parse_code(" 123 456 ").unwrap(), "123456");
        assert_eq!(parse_code("123-456").unwrap(), "123456");
        for bad in ["12345", "1234567", "12a456"] {
            let DomainError::Invalid(fe) = parse_code(bad).unwrap_err() else {
                panic!()
            };
            assert_eq!(fe.0["code"], "err.cadence_code_shape", "{bad}");
        }
        let DomainError::Invalid(fe) = parse_code("  ").unwrap_err() else {
            panic!()
        };
        assert_eq!(fe.0["code"], "err.required");
        assert_eq!(code_of(42), "000042");
        assert_eq!(code_of(9_876_543_210), "543210");
    }

    #[test]
    fn a_code_opens_on_the_day_held_and_holds_until_it_ends_in_beijing() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        // 2026-12-05 17:00 UTC is 01:00 on the 6th in Beijing.
        let now = Utc.with_ymd_and_hms(2026, 12, 5, 17, 0, 0).unwrap();
        assert_eq!(
            open_until(d, now).unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 6, 16, 0, 0).unwrap()
        );
        let before = Utc.with_ymd_and_hms(2026, 12, 5, 15, 59, 0).unwrap();
        assert!(open_until(d, before).is_err());
        let after = Utc.with_ymd_and_hms(2026, 12, 6, 16, 0, 0).unwrap();
        assert!(open_until(d, after).is_err());
    }
}

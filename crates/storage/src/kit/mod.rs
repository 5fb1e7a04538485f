//! The storage crate's kit: pieces every area uses and that import no area — SQL helpers,
//! the file store, the import answer, the clock and text helpers.

use chrono::NaiveDate;

pub mod area;
pub(crate) mod calendar;
pub mod callers;
pub mod files;
pub(crate) mod hashing;
pub mod import;
pub mod ledger;
pub mod lookup;
pub mod notice;
pub(crate) mod order;
pub mod sql;
pub(crate) mod subtrees;
pub(crate) mod work;

/// Today in Beijing (UTC+8), the date records are checked against.
pub fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// The day in Beijing (UTC+8) of a moment in milliseconds since the epoch.
pub fn beijing_day_of(ms: i64) -> NaiveDate {
    (chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default() + chrono::Duration::hours(8))
        .date_naive()
}

/// Percent-encodes all but unreserved characters, for a value put in a link.
pub(crate) fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

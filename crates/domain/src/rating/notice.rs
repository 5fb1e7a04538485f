//! The public notice (公示) of a rating: it runs for a set number of days from the day the
//! rating is issued, during which anyone may object; a rating is final only once the window
//! has ended and every objection is answered (a common rule uses five days).

use chrono::{Days, NaiveDate};

/// Longest notice a rule set may ask for.
pub const MAX_NOTICE_DAYS: u32 = 30;

/// The last day of a notice of `days` days starting on `issued_on` (the issue day counts as
/// the first day). A notice of no days ends the day before: the rating is final at once.
pub fn notice_ends_on(issued_on: NaiveDate, days: u32) -> NaiveDate {
    if days == 0 {
        issued_on.pred_opt().unwrap_or(issued_on)
    } else {
        issued_on + Days::new(u64::from(days) - 1)
    }
}

/// Whether a rating whose notice ends on `ends_on` is final on `today` with `open_objections`
/// still unanswered: from the day after the window, with none open.
pub fn is_final(ends_on: NaiveDate, today: NaiveDate, open_objections: u64) -> bool {
    today > ends_on && open_objections == 0
}

/// Objections may be raised while the window runs (its last day included).
pub fn may_object(ends_on: NaiveDate, today: NaiveDate) -> bool {
    today <= ends_on
}

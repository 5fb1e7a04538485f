//! Service requests (诉求与工单, DESIGN module 7): what residents and enterprises raise and
//! what grid workers find, taken in through several channels and carried round the closed loop
//! of the 12345 hotline rules — receive, dispatch, accept, handle, reply, supervise, close,
//! follow up, rate ("问题上报—接收分流—协调智慧督办—评价反馈" [003]).
//!
//! - [`calendar`]: working time on a calendar of holidays and 调休 days kept as data.
//! - [`intake`]: a new request as a channel gives it; phones; tracking codes.
//! - [`workflow`]: states and actions as data, the one transition check, time limits and
//!   supervision cards.
//! - [`measure`]: 响应率, 解决率, 满意率 and the on-time rate.

pub mod calendar;
pub mod intake;
pub mod measure;
pub mod workflow;

use crate::people::parse_text;
use crate::FieldErrors;

/// A required free text: trimmed, at most `max` characters. `None` (with the error recorded
/// under `field`) when blank or too long.
pub(crate) fn required_text(
    fe: &mut FieldErrors,
    field: &str,
    s: &str,
    max: usize,
    too_long: &str,
) -> Option<String> {
    match fe.check(field, parse_text(field, s, max, too_long)) {
        Some(Some(t)) => Some(t),
        Some(None) => {
            fe.add(field, "err.required");
            None
        }
        None => None,
    }
}

/// An optional free text: `Some(None)` when blank, `None` (with the error recorded) when too
/// long.
pub(crate) fn optional_text(
    fe: &mut FieldErrors,
    field: &str,
    s: &str,
    max: usize,
    too_long: &str,
) -> Option<Option<String>> {
    fe.check(field, parse_text(field, s, max, too_long))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts() {
        let mut fe = FieldErrors::new();
        assert_eq!(
            required_text(&mut fe, "a", " x ", 3, "test.too_long"),
            Some("x".into())
        );
        assert_eq!(required_text(&mut fe, "b", "  ", 3, "test.too_long"), None);
        assert_eq!(
            required_text(&mut fe, "c", "abcd", 3, "test.too_long"),
            None
        );
        assert_eq!(
            optional_text(&mut fe, "d", "", 3, "test.too_long"),
            Some(None)
        );
        assert_eq!(
            optional_text(&mut fe, "e", "abcd", 3, "test.too_long"),
            None
        );
        assert_eq!(fe.0.len(), 3);
        assert_eq!(fe.0["b"], "err.required");
        assert_eq!(fe.0["c"], "test.too_long");
        assert_eq!(fe.0["e"], "test.too_long");
    }
}

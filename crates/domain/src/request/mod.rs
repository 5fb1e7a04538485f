//! Service requests (诉求与工单, DESIGN module 7): what residents and enterprises raise and
//! what grid workers find, taken in through several channels and carried round the closed loop
//! of the 12345 hotline rules — receive, dispatch, accept, handle, reply, supervise, close,
//! follow up, rate ("问题上报—接收分流—协调智慧督办—评价反馈" [003]).
//!
//! - [`intake`]: a new request as a channel gives it; phones; tracking codes.
//! - [`entries`]: a visit, an enterprise's order and a public request as they are given.
//! - [`workflow`]: states and actions as data, the one transition check, time limits and
//!   supervision cards.
//! - [`measure`]: 响应率, 解决率, 满意率 and the on-time rate.

pub mod entries;
pub mod intake;
pub mod measure;
pub mod permissions;
pub mod workflow;

use crate::fields::parse_text;
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

/// The nodes from which a request is seen: every node on the way down to where it is, to the
/// unit dispatching it and to the unit handling it, each once, in ascending id order. A
/// caller whose scope starts at node X sees the request exactly when X is one of them, so a
/// scoped list is one equality on a node id instead of an OR of three path ranges.
pub fn reach(paths: &[Option<&crate::tree::TreePath>]) -> Vec<i64> {
    let mut ids: Vec<i64> = paths.iter().flatten().flat_map(|p| p.ids()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[cfg(test)]
mod reach_tests {
    use super::reach;
    use crate::tree::TreePath;

    fn p(s: &str) -> TreePath {
        TreePath::parse(s).unwrap()
    }

    #[test]
    fn a_request_handled_where_it_is_reaches_its_own_ancestry_once() {
        let located = p("/1/2/5/9/");
        let dispatcher = p("/1/2/5/");
        assert_eq!(
            reach(&[Some(&located), Some(&dispatcher), None]),
            vec![1, 2, 5, 9]
        );
    }

    #[test]
    fn a_unit_in_another_branch_adds_its_own_ancestry() {
        let located = p("/1/2/5/9/");
        let dispatcher = p("/1/2/5/");
        let handler = p("/1/3/7/");
        assert_eq!(
            reach(&[Some(&located), Some(&dispatcher), Some(&handler)]),
            vec![1, 2, 3, 5, 7, 9]
        );
    }

    #[test]
    fn the_whole_forest_prefix_reaches_no_node() {
        assert!(reach(&[Some(&TreePath::everything()), None]).is_empty());
    }
}

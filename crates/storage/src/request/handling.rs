//! Who handles a request decides who sees it: `handling_path` (and with it the request's
//! reach rows) follows `handling_node_id` in the same write, whatever the action. A request
//! sent back, reopened or withdrawn has no handling unit and so no handling path; one
//! dispatched or transferred takes the path of its new unit.

use crate::entity::org_node;
use crate::entity::request_tables::service_request as sr;
use crate::{Result, StorageError};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

/// What becomes of the handling path when the handling unit goes from `before` to `after`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathChange {
    /// The same unit, whose path is on the row already.
    Keep,
    /// Nobody handles it: no path (also mending a path left behind by an earlier write).
    Clear,
    /// A new unit: its path is read.
    Of(i64),
}

/// The rule, for the unit on the row (`before`, with whether a path is stored) and the unit
/// the action leaves (`after`).
pub(crate) fn path_change(before: Option<i64>, has_path: bool, after: Option<i64>) -> PathChange {
    match after {
        None => PathChange::Clear,
        Some(n) if before == Some(n) && has_path => PathChange::Keep,
        Some(n) => PathChange::Of(n),
    }
}

/// The handling path after an action that leaves `after` as the handling unit of a request
/// stored with unit `before` and path `path`.
pub(crate) async fn path_after<C: ConnectionTrait>(
    conn: &C,
    before: Option<i64>,
    path: Option<&str>,
    after: Option<i64>,
) -> Result<Option<String>> {
    Ok(match path_change(before, path.is_some(), after) {
        PathChange::Keep => path.map(str::to_owned),
        PathChange::Clear => None,
        PathChange::Of(id) => Some(
            org_node::Entity::find_by_id(id)
                .one(conn)
                .await?
                .ok_or_else(|| StorageError::field("node_id", "err.node_missing"))?
                .path,
        ),
    })
}

/// Clears the handling path of every request that has no handling unit yet kept the path of
/// a unit it left (sent back, reopened or withdrawn before the path followed the unit), with
/// its reach rows and measures; answers how many were mended.
pub async fn mend_left_paths<C: ConnectionTrait>(conn: &C) -> Result<u64> {
    let stale = sr::Entity::find()
        .filter(sr::Column::HandlingNodeId.is_null())
        .filter(sr::Column::HandlingPath.is_not_null())
        .all(conn)
        .await?;
    for before in &stale {
        let mut am: sr::ActiveModel = before.clone().into();
        am.handling_path = Set(None);
        let after = am.update(conn).await?;
        super::stats::on_change(conn, Some(before), &after).await?;
    }
    Ok(stale.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use touyan_domain::request::workflow::{
        apply_action, Action, Policy, RequestFacts, Role, State,
    };

    #[test]
    fn the_path_follows_the_unit() {
        // Sent back, reopened, withdrawn: no unit, no path, even one left stale.
        assert_eq!(path_change(Some(7), true, None), PathChange::Clear);
        assert_eq!(path_change(None, true, None), PathChange::Clear);
        assert_eq!(path_change(None, false, None), PathChange::Clear);
        // Dispatched, re-dispatched, transferred: the new unit's path.
        assert_eq!(path_change(None, false, Some(8)), PathChange::Of(8));
        assert_eq!(path_change(None, true, Some(8)), PathChange::Of(8));
        assert_eq!(path_change(Some(7), true, Some(8)), PathChange::Of(8));
        // Same unit: kept, unless the path is missing.
        assert_eq!(path_change(Some(7), true, Some(7)), PathChange::Keep);
        assert_eq!(path_change(Some(7), false, Some(7)), PathChange::Of(7));
    }

    /// Every action that changes the handling unit (by the workflow's own rules) changes the
    /// path; every other keeps it.
    #[test]
    fn each_handover_action_moves_the_path() {
        let now = NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("a date");
        let p = Policy::default();
        let at = |state: State| RequestFacts {
            state,
            handling_node: matches!(
                state,
                State::Dispatched | State::Accepted | State::Replied | State::Closed
            )
            .then_some(7),
            closed_at: (state == State::Closed).then_some(now),
            ..Default::default()
        };
        let reason = || "不属本单位职责".to_string();
        let cases: Vec<(State, Role, Action, PathChange)> = vec![
            (
                State::Received,
                Role::Dispatcher,
                Action::Dispatch {
                    node_id: 8,
                    note: None,
                },
                PathChange::Of(8),
            ),
            (
                State::Dispatched,
                Role::Handler,
                Action::SendBack { reason: reason() },
                PathChange::Clear,
            ),
            (
                State::Accepted,
                Role::Handler,
                Action::SendBack { reason: reason() },
                PathChange::Clear,
            ),
            (
                State::Accepted,
                Role::Dispatcher,
                Action::Transfer {
                    node_id: 8,
                    reason: reason(),
                },
                PathChange::Of(8),
            ),
            (
                State::Closed,
                Role::Dispatcher,
                Action::Reopen { reason: reason() },
                PathChange::Clear,
            ),
            (
                State::Received,
                Role::Dispatcher,
                Action::Withdraw { note: None },
                PathChange::Clear,
            ),
            (
                State::Dispatched,
                Role::Handler,
                Action::Accept { note: None },
                PathChange::Keep,
            ),
        ];
        for (state, role, action, expected) in cases {
            let req = at(state);
            let e = apply_action(&req, role, &action, now, &p)
                .unwrap_or_else(|err| panic!("{action:?}: {err:?}"));
            let stored_path = req.handling_node.is_some();
            assert_eq!(
                path_change(req.handling_node, stored_path, e.next.handling_node),
                expected,
                "{action:?}"
            );
        }
    }
}

//! One workflow action written to a request: the domain's rules applied to the row as read,
//! the row changed only if nobody changed it meanwhile, and the action put on the timeline.

use super::{category, facts_of, from_local, handling, policy_of, to_local};
use crate::audit::Entry;
use crate::entity::request_tables::{request_event, service_request as sr};
use crate::kit::work::{StateMove, Work};
use crate::{now_ms, Result};
use chrono::NaiveDateTime;
use sea_orm::{ActiveValue::Set, ConnectionTrait, Iterable, ModelTrait};
use serde_json::json;
use touyan_domain::calendar::{WorkCalendar, WorkHours};
use touyan_domain::request::workflow::{
    apply, due_for, extend_due, Action, ActionInput, Clock, Effect, Policy, Role, Step,
};

/// What an action carried, for the timeline.
fn detail_of(a: &Action) -> (Option<String>, serde_json::Value) {
    match a {
        Action::Receive { note }
        | Action::Accept { note }
        | Action::ApproveExtension { note }
        | Action::Withdraw { note } => (note.clone(), json!({})),
        Action::Dispatch { node_id, note } => (note.clone(), json!({"node_id": node_id})),
        Action::SendBack { reason }
        | Action::RefuseExtension { reason }
        | Action::Reopen { reason } => (Some(reason.clone()), json!({})),
        Action::Transfer { node_id, reason } => (Some(reason.clone()), json!({"node_id": node_id})),
        Action::RequestExtension { days, reason } => (Some(reason.clone()), json!({"days": days})),
        Action::Reply { result, evidence } => (Some(result.clone()), json!({"evidence": evidence})),
        Action::FollowUp { answer, rating } => (
            Some(answer.clone()),
            json!({"rating": rating.map(|r| r.code())}),
        ),
        Action::Close { solved, note } => (note.clone(), json!({"solved": solved})),
        Action::Rate { rating, comment } => (comment.clone(), json!({"rating": rating.code()})),
    }
}

/// Applies an allowed action's effect to the row: state, facts, clocks, milestones.
pub(crate) fn apply_effect(
    am: &mut sr::ActiveModel,
    m: &sr::Model,
    e: &Effect,
    now: NaiveDateTime,
    cal: &WorkCalendar,
    hours: &WorkHours,
    policy: &Policy,
) {
    let now_ms = from_local(now);
    am.state = Set(e.to.code().into());
    am.handling_node_id = Set(e.next.handling_node);
    am.pending_extension_days = Set(e.next.pending_extension.map(|d| d as i32));
    am.rated_this_round = Set(e.next.rated_this_round);
    am.closed_at = Set(e.next.closed_at.map(from_local));
    if let Some(r) = e.action.rating() {
        am.rating = Set(Some(r.code().into()));
    }
    match &e.action {
        Action::Receive { .. } => am.received_at = Set(Some(now_ms)),
        Action::Dispatch { .. } | Action::Transfer { .. } => {
            am.dispatched_at = Set(Some(now_ms));
        }
        Action::Accept { .. } => {
            am.accepted_at = Set(Some(now_ms));
            am.accepted_in_time = Set(Some(m.step_due_at.is_none_or(|d| now_ms <= d)));
        }
        Action::Reply { .. } => {
            am.replied_at = Set(Some(now_ms));
            am.replied_in_time = Set(Some(m.step_due_at.is_none_or(|d| now_ms <= d)));
        }
        Action::Close { solved, .. } => am.solved = Set(Some(*solved)),
        _ => {}
    }
    if e.reopened {
        am.round = Set(m.round + 1);
        am.rated_this_round = Set(false);
        am.solved = Set(None);
        am.accepted_in_time = Set(None);
        am.replied_in_time = Set(None);
    }
    let mut step = m.step.clone();
    let mut started = m.step_started_at;
    let mut due = m.step_due_at;
    let mut follow = m.follow_up_due_at;
    for c in &e.clocks {
        match c {
            Clock::Start(Step::FollowUp) => {
                follow = Some(from_local(due_for(Step::FollowUp, now, cal, hours, policy)));
            }
            Clock::Start(s) => {
                step = Some(s.code().into());
                started = Some(now_ms);
                due = Some(from_local(due_for(*s, now, cal, hours, policy)));
            }
            Clock::Stop(Step::FollowUp) => follow = None,
            Clock::Stop(s) => {
                if step.as_deref() == Some(s.code()) {
                    step = None;
                    started = None;
                    due = None;
                }
            }
            Clock::StopAll => {
                step = None;
                started = None;
                due = None;
                follow = None;
            }
            Clock::ExtendReply { days } => {
                if step.as_deref() == Some(Step::Reply.code()) {
                    if let Some(d) = due {
                        due = Some(from_local(extend_due(to_local(d), *days, cal, hours)));
                    }
                }
            }
        }
    }
    am.step = Set(step);
    am.step_started_at = Set(started);
    am.step_due_at = Set(due);
    am.follow_up_due_at = Set(follow);
    am.updated_at = Set(now_ms);
}

/// The timeline entry of one action, to be written with the row it changed.
#[allow(clippy::too_many_arguments)]
fn event_row(
    m: &sr::Model,
    round: i32,
    e: &Effect,
    role: Role,
    user_id: Option<i64>,
    actor_name: &str,
    now_ms: i64,
) -> request_event::ActiveModel {
    let (note, detail) = detail_of(&e.action);
    let node = match &e.action {
        Action::Dispatch { node_id, .. } | Action::Transfer { node_id, .. } => Some(*node_id),
        _ => None,
    };
    // Internal exchanges between units stay off the complainant's page.
    let public = !matches!(
        e.action,
        Action::SendBack { .. }
            | Action::RequestExtension { .. }
            | Action::ApproveExtension { .. }
            | Action::RefuseExtension { .. }
    );
    request_event::ActiveModel {
        request_id: Set(m.id),
        round: Set(round),
        action: Set(e.action.kind().code().into()),
        from_state: Set(Some(e.from.code().into())),
        to_state: Set(e.to.code().into()),
        role: Set(role.code().into()),
        user_id: Set(user_id),
        actor_name: Set(actor_name.to_string()),
        node_id: Set(node),
        note: Set(note),
        detail: Set(Some(detail.to_string())),
        public: Set(public),
        created_at: Set(now_ms),
        ..Default::default()
    }
}

/// One action on `m` worked out as of now under its category's rules: the row after it and
/// its timeline entry, neither written (see [`write_action`]).
pub(crate) async fn plan_now<C: ConnectionTrait>(
    conn: &C,
    m: &sr::Model,
    role: Role,
    input: &ActionInput,
    who: (Option<i64>, &str),
) -> Result<(sr::Model, request_event::ActiveModel)> {
    let rules = Rules::load(conn, &m.category).await?;
    plan_under(conn, &rules, m, role, input, who, now_ms()).await
}

/// What an action on a request of one category is judged against: the category's time
/// limits and the working calendar.
pub(crate) struct Rules {
    policy: Policy,
    cal: WorkCalendar,
    hours: WorkHours,
}

impl Rules {
    pub(crate) async fn load<C: ConnectionTrait>(conn: &C, category_code: &str) -> Result<Rules> {
        let cat = category(conn, category_code).await?;
        let (cal, hours) = crate::kit::calendar::load_calendar(conn).await?;
        Ok(Rules {
            policy: policy_of(&cat),
            cal,
            hours,
        })
    }
}

/// The rules of each category met, read once each, for a caller that writes many requests in
/// one transaction.
#[derive(Default)]
pub(crate) struct RulesCache(std::collections::HashMap<String, Rules>);

impl RulesCache {
    pub(crate) async fn get<C: ConnectionTrait>(
        &mut self,
        conn: &C,
        category_code: &str,
    ) -> Result<&Rules> {
        if !self.0.contains_key(category_code) {
            let rules = Rules::load(conn, category_code).await?;
            self.0.insert(category_code.to_string(), rules);
        }
        Ok(&self.0[category_code])
    }
}

/// One action worked out on the row `m` as read, with the rules already read: the row after
/// it and its timeline entry, neither written. The only read is the new handling unit's path.
pub(crate) async fn plan_under<C: ConnectionTrait>(
    conn: &C,
    rules: &Rules,
    m: &sr::Model,
    role: Role,
    input: &ActionInput,
    (user_id, actor_name): (Option<i64>, &str),
    now_ms: i64,
) -> Result<(sr::Model, request_event::ActiveModel)> {
    let Rules { policy, cal, hours } = rules;
    let now = to_local(now_ms);
    let effect = apply(&facts_of(m), role, input, now, policy)?;
    // Whoever handles it sees it: the path (and so the reach rows) follows the unit.
    let handling_path = handling::path_after(
        conn,
        m.handling_node_id,
        m.handling_path.as_deref(),
        effect.next.handling_node,
    )
    .await?;
    let mut am: sr::ActiveModel = m.clone().into();
    apply_effect(&mut am, m, &effect, now, cal, hours, policy);
    am.handling_path = Set(handling_path);
    // Every column of the row was read or set, so the row as it will be needs no read.
    let after = sea_orm::TryIntoModel::try_into_model(am)?;
    let round = if effect.reopened {
        m.round
    } else {
        after.round
    };
    let event = event_row(&after, round, &effect, role, user_id, actor_name, now_ms);
    Ok((after, event))
}

/// The move of a request's row from `before` to `after` as read: the columns in which they
/// differ (and `updated_at`), made only if its state and its last change are still those
/// read (a change meanwhile refuses the write).
pub(crate) fn request_move<'e>(
    before: &sr::Model,
    after: &sr::Model,
    entry: Entry<'e>,
) -> StateMove<'e, sr::Entity> {
    let mut set = vec![(sr::Column::UpdatedAt, after.updated_at.into())];
    for c in sr::Column::iter().filter(|c| !matches!(c, sr::Column::UpdatedAt)) {
        let v = after.get(c);
        if before.get(c) != v {
            set.push((c, v));
        }
    }
    StateMove {
        id_column: sr::Column::Id,
        id: before.id,
        state_column: sr::Column::State,
        from: Some(before.state.clone().into()),
        set,
        unchanged: vec![(sr::Column::UpdatedAt, before.updated_at.into())],
        refused: "rule.request_changed_meanwhile",
        entry,
    }
}

/// Writes an action worked out by [`plan_under`]: the row moved from `before` to `after`
/// (see [`request_move`]), its timeline entry, and `entry`; with `None`, the action is one
/// of many a single entry of the write covers (an import). Answers the timeline entry as
/// written. The counters are the caller's to move.
pub(crate) async fn write_action(
    work: &Work<'_>,
    before: &sr::Model,
    after: &sr::Model,
    event: request_event::ActiveModel,
    entry: Option<Entry<'_>>,
) -> Result<request_event::Model> {
    match entry {
        Some(e) => work.move_state(request_move(before, after, e), event).await,
        None => {
            let mv = request_move(before, after, covered(before.id));
            work.move_state_covered(mv, event).await
        }
    }
}

/// The entry of a move another entry of its write covers; never recorded.
fn covered(id: i64) -> Entry<'static> {
    Entry {
        action: "move",
        record_type: "service_request",
        record_id: Some(id.to_string()),
        node: None,
        before: None,
        after: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> sr::Model {
        let am = sr::ActiveModel {
            id: Set(7),
            code: Set("C".into()),
            channel: Set("window".into()),
            category: Set("other".into()),
            urgency: Set("normal".into()),
            node_id: Set(3),
            node_path: Set("/1/3/".into()),
            dispatcher_node_id: Set(1),
            dispatcher_path: Set("/1/".into()),
            handling_node_id: Set(None),
            handling_path: Set(None),
            address: Set(None),
            description: Set("d".into()),
            contact_name: Set(None),
            contact_phone: Set(None),
            hotline_no: Set(None),
            enterprise_name: Set(None),
            visit_id: Set(None),
            state: Set("submitted".into()),
            round: Set(1),
            pending_extension_days: Set(None),
            rated_this_round: Set(false),
            rating: Set(None),
            solved: Set(None),
            step: Set(None),
            step_started_at: Set(None),
            step_due_at: Set(None),
            follow_up_due_at: Set(None),
            card: Set(None),
            created_by: Set(None),
            created_at: Set(10),
            received_at: Set(None),
            dispatched_at: Set(None),
            accepted_at: Set(None),
            accepted_in_time: Set(None),
            replied_at: Set(None),
            replied_in_time: Set(None),
            closed_at: Set(None),
            updated_at: Set(10),
        };
        sea_orm::TryIntoModel::try_into_model(am).unwrap()
    }

    #[test]
    fn a_move_sets_what_changed_from_the_state_and_time_read() {
        let before = row();
        let after = sr::Model {
            state: "received".into(),
            received_at: Some(20),
            updated_at: 20,
            ..before.clone()
        };
        let mv = request_move(&before, &after, covered(7));
        let set: Vec<String> = mv.set.iter().map(|(c, _)| format!("{c:?}")).collect();
        assert_eq!(set, ["UpdatedAt", "State", "ReceivedAt"]);
        assert_eq!(mv.from, Some("submitted".into()));
        let unchanged: Vec<String> = mv
            .unchanged
            .iter()
            .map(|(c, v)| format!("{c:?}={v:?}"))
            .collect();
        assert_eq!(
            unchanged,
            [format!("UpdatedAt={:?}", sea_orm::Value::from(10i64))]
        );
        assert_eq!(mv.refused, "rule.request_changed_meanwhile");
    }
}

//! The one transition check: who may take which action now, and what follows.

use super::*;

fn refused(rule: &'static str) -> DomainError {
    DomainError::Refused(rule)
}

/// Whether `role` may take `kind` on `req` at all: the role, then the state.
pub fn check_allowed(
    req: &RequestFacts,
    role: Role,
    kind: ActionKind,
) -> Result<&'static ActionDef, DomainError> {
    let def = kind.def();
    if !def.roles.contains(&role) {
        return Err(refused("rule.request_role_not_allowed"));
    }
    if role == Role::Complainant && !req.has_complainant {
        return Err(refused("rule.request_no_complainant"));
    }
    if !def.from.contains(&req.state) {
        return Err(refused("rule.request_action_not_allowed"));
    }
    Ok(def)
}

fn within_reopen_window(req: &RequestFacts, now: NaiveDateTime, policy: &Policy) -> bool {
    req.closed_at.is_some_and(|c| {
        c.checked_add_days(Days::new(u64::from(policy.reopen_window_days)))
            .is_none_or(|end| now <= end)
    })
}

/// The rules that need no input beyond the action's kind: checked before the fields, so a
/// refused action is refused whatever was typed.
fn check_rules(
    req: &RequestFacts,
    role: Role,
    kind: ActionKind,
    now: NaiveDateTime,
    policy: &Policy,
) -> Result<&'static ActionDef, DomainError> {
    let def = check_allowed(req, role, kind)?;
    match kind {
        // One extension request at a time.
        A::RequestExtension if req.pending_extension.is_some() => {
            Err(refused("rule.request_extension_pending"))
        }
        A::ApproveExtension | A::RefuseExtension if req.pending_extension.is_none() => {
            Err(refused("rule.request_no_extension"))
        }
        // 一轮一评: one rating per round; a reopened request is rated again.
        A::Rate if req.rated_this_round => Err(refused("rule.request_rated")),
        // The complainant may reopen only within the window; the centre may at any time.
        A::Reopen if role == Role::Complainant && !within_reopen_window(req, now, policy) => {
            Err(refused("rule.request_reopen_window"))
        }
        _ => Ok(def),
    }
}

/// The actions `role` may take on `req` now: the buttons to show.
pub fn available_actions(
    req: &RequestFacts,
    role: Role,
    now: NaiveDateTime,
    policy: &Policy,
) -> Vec<ActionKind> {
    ACTIONS
        .iter()
        .map(|d| d.kind)
        .filter(|k| check_rules(req, role, *k, now, policy).is_ok())
        .collect()
}

/// Checks `action` by `role` on `req` at `now` and says what follows. The one place every
/// transition goes through: role, then state, then the action's own rules, then its fields.
pub fn apply(
    req: &RequestFacts,
    role: Role,
    action: &ActionInput,
    now: NaiveDateTime,
    policy: &Policy,
) -> Result<Effect, DomainError> {
    check_rules(req, role, action.kind()?, now, policy)?;
    apply_action(req, role, &action.parse()?, now, policy)
}

/// [`apply`] for an action already parsed (an import, a job, a test).
pub fn apply_action(
    req: &RequestFacts,
    role: Role,
    action: &Action,
    now: NaiveDateTime,
    policy: &Policy,
) -> Result<Effect, DomainError> {
    let def = check_rules(req, role, action.kind(), now, policy)?;
    let mut next = *req;
    let mut clocks = Vec::new();
    let mut reopened = false;
    if let Target::To(s) = def.to {
        next.state = s;
    }
    match action {
        Action::Receive { .. }
        | Action::RequestExtension { .. }
        | Action::RefuseExtension { .. } => {}
        Action::Dispatch { node_id, .. } => {
            next.handling_node = Some(*node_id);
            clocks.push(Clock::Start(Step::Accept));
        }
        Action::Accept { .. } => {
            clocks.push(Clock::Stop(Step::Accept));
            clocks.push(Clock::Start(Step::Reply));
        }
        Action::SendBack { .. } => {
            next.handling_node = None;
            clocks.push(Clock::StopAll);
        }
        Action::Transfer { node_id, .. } => {
            // 转办 goes to another node; transferring to the same one would only reset its clock.
            if req.handling_node == Some(*node_id) {
                return Err(refused("rule.request_transfer_same_node"));
            }
            next.handling_node = Some(*node_id);
            clocks.push(Clock::StopAll);
            clocks.push(Clock::Start(Step::Accept));
        }
        Action::Reply { .. } => {
            clocks.push(Clock::Stop(Step::Reply));
            if req.has_complainant {
                clocks.push(Clock::Start(Step::FollowUp));
            }
        }
        Action::FollowUp { .. } => clocks.push(Clock::Stop(Step::FollowUp)),
        Action::Close { .. } => {
            next.closed_at = Some(now);
            // With nobody to visit (未诉先办), closing ends the loop. Otherwise a follow-up
            // not yet made stays due: closing does not excuse the 回访.
            if !req.has_complainant {
                clocks.push(Clock::StopAll);
            }
        }
        Action::Reopen { .. } => reopened = true,
        Action::Rate { .. } | Action::Withdraw { .. } | Action::ApproveExtension { .. } => {}
    }
    extension(action, req, &mut next, &mut clocks);
    if let Some(r) = action.rating() {
        if req.rated_this_round {
            return Err(refused("rule.request_rated"));
        }
        next.rated_this_round = true;
        // "评价反馈" [003]: 不满意 within the window after closing sends the request back for
        // another round. Before closing, the centre weighs the answer when it closes.
        if r == Rating::Dissatisfied
            && req.state == State::Closed
            && within_reopen_window(req, now, policy)
        {
            reopened = true;
        }
    }
    if reopened {
        next.state = State::Received;
        next.handling_node = None;
        next.pending_extension = None;
        next.rated_this_round = false;
        next.closed_at = None;
        clocks.push(Clock::StopAll);
    }
    if action.kind() == A::Withdraw {
        clocks.push(Clock::StopAll);
    }
    Ok(Effect {
        action: action.clone(),
        from: req.state,
        to: next.state,
        next,
        clocks,
        reopened,
    })
}

/// What an action does to an extension asked for: asked, granted (the reply is due later),
/// refused, or dropped when the request leaves 办理中.
fn extension(
    action: &Action,
    req: &RequestFacts,
    next: &mut RequestFacts,
    clocks: &mut Vec<Clock>,
) {
    match action {
        Action::RequestExtension { days, .. } => next.pending_extension = Some(*days),
        Action::ApproveExtension { .. } => {
            clocks.push(Clock::ExtendReply {
                days: req.pending_extension.expect("checked by the rules"),
            });
            next.pending_extension = None;
        }
        Action::RefuseExtension { .. } => next.pending_extension = None,
        // Leaving 办理中 drops an undecided request.
        Action::Reply { .. } | Action::SendBack { .. } | Action::Transfer { .. } => {
            next.pending_extension = None
        }
        _ => {}
    }
}

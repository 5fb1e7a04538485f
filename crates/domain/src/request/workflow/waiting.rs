//! What waits on a staff member's step (工作台待办): for each step, the state a request sits
//! in and the role that takes it on, read from the workflow's own actions. A workbench counts
//! them and the request list filters by them (`waiting=`), so the two agree.

use super::{ActionKind, Role, State};

/// One step a request can wait on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    pub code: &'static str,
    pub state: State,
    pub role: Role,
    /// The action that moves it on.
    pub action: ActionKind,
    /// Only requests whose handler asked for more time (the extension awaiting approval).
    pub extension_asked: bool,
}

const fn w(
    code: &'static str,
    state: State,
    role: Role,
    action: ActionKind,
    extension_asked: bool,
) -> Waiting {
    Waiting {
        code,
        state,
        role,
        action,
        extension_asked,
    }
}

/// The steps, in the order of the loop: the centre receives and dispatches, the unit accepts
/// and replies, the centre decides on more time and closes after the follow-up.
pub const WAITING: [Waiting; 6] = [
    w(
        "receive",
        State::Submitted,
        Role::Dispatcher,
        ActionKind::Receive,
        false,
    ),
    w(
        "dispatch",
        State::Received,
        Role::Dispatcher,
        ActionKind::Dispatch,
        false,
    ),
    w(
        "accept",
        State::Dispatched,
        Role::Handler,
        ActionKind::Accept,
        false,
    ),
    w(
        "reply",
        State::Accepted,
        Role::Handler,
        ActionKind::Reply,
        false,
    ),
    w(
        "extension",
        State::Accepted,
        Role::Dispatcher,
        ActionKind::ApproveExtension,
        true,
    ),
    w(
        "close",
        State::Replied,
        Role::Dispatcher,
        ActionKind::Close,
        false,
    ),
];

impl Waiting {
    pub fn from_code(code: &str) -> Option<&'static Waiting> {
        WAITING.iter().find(|w| w.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::workflow::ACTIONS;

    /// Each step is one the workflow lets its role take from its state, so the workbench
    /// never lists a request its holder cannot move on.
    #[test]
    fn every_step_is_an_action_of_its_role_from_its_state() {
        for s in WAITING {
            let def = ACTIONS
                .iter()
                .find(|a| a.kind == s.action)
                .expect("an action");
            assert!(def.from.contains(&s.state), "{}", s.code);
            assert!(def.roles.contains(&s.role), "{}", s.code);
        }
    }

    #[test]
    fn codes_are_unique_and_found() {
        for s in WAITING {
            assert_eq!(Waiting::from_code(s.code), Some(&s));
        }
        assert_eq!(Waiting::from_code("nope"), None);
        let mut codes: Vec<_> = WAITING.iter().map(|w| w.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), WAITING.len());
    }
}

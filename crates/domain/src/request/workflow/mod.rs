//! The closed loop of a service request (诉求工单), after the 12345 hotline rules: receive →
//! dispatch → accept → handle → reply → supervise → close → follow up → rate; in the seeds'
//! words "问题上报—接收分流—协调智慧督办—评价反馈" [003] and "收集+协调解决+结果回访" [002].
//! States and actions are data ([`STATES`], [`ACTIONS`]); every transition, whatever the
//! channel it comes through (web form, API, tracking page, import, background job), is checked
//! by [`apply`] alone. Time limits and supervision cards (督办黄牌、红牌) have files of their own.

use super::{optional_text, required_text};
use crate::calendar::{
    add_work_days, add_work_hours, add_work_minutes, work_minutes_between, WorkCalendar, WorkHours,
};
use crate::{DomainError, FieldErrors};
use chrono::{Days, NaiveDateTime};

mod cards;
mod category;
mod input;
mod limits;
#[cfg(test)]
mod tests;
mod transition;
mod waiting;

pub use cards::*;
pub use category::*;
pub use input::*;
pub use limits::*;
pub use transition::*;
pub use waiting::*;

/// Open requests are still being worked on and count in backlogs; closed ones are finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    Open,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum State {
    /// 待受理
    #[default]
    Submitted,
    /// 已受理待派单
    Received,
    /// 已派单待接单
    Dispatched,
    /// 办理中
    Accepted,
    /// 已答复待回访
    Replied,
    /// 已办结
    Closed,
    /// 已撤回
    Withdrawn,
}

/// A state as data: its code, names and category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateDef {
    pub state: State,
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub category: Category,
}

const fn st(
    state: State,
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    category: Category,
) -> StateDef {
    StateDef {
        state,
        code,
        zh,
        en,
        category,
    }
}

/// The states, in the order of the loop.
pub const STATES: [StateDef; 7] = [
    st(
        State::Submitted,
        "submitted",
        "待受理",
        "Submitted",
        Category::Open,
    ),
    st(
        State::Received,
        "received",
        "已受理待派单",
        "Received, awaiting dispatch",
        Category::Open,
    ),
    st(
        State::Dispatched,
        "dispatched",
        "已派单待接单",
        "Dispatched, awaiting acceptance",
        Category::Open,
    ),
    st(
        State::Accepted,
        "accepted",
        "办理中",
        "In progress",
        Category::Open,
    ),
    st(
        State::Replied,
        "replied",
        "已答复待回访",
        "Replied, awaiting follow-up",
        Category::Open,
    ),
    st(
        State::Closed,
        "closed",
        "已办结",
        "Closed",
        Category::Closed,
    ),
    st(
        State::Withdrawn,
        "withdrawn",
        "已撤回",
        "Withdrawn",
        Category::Closed,
    ),
];

impl State {
    pub const ALL: [State; 7] = [
        State::Submitted,
        State::Received,
        State::Dispatched,
        State::Accepted,
        State::Replied,
        State::Closed,
        State::Withdrawn,
    ];

    pub fn def(self) -> &'static StateDef {
        STATES
            .iter()
            .find(|d| d.state == self)
            .expect("every state is in STATES")
    }

    pub fn code(self) -> &'static str {
        self.def().code
    }

    pub fn from_code(s: &str) -> Option<State> {
        STATES.iter().find(|d| d.code == s).map(|d| d.state)
    }

    pub fn category(self) -> Category {
        self.def().category
    }

    pub fn is_open(self) -> bool {
        self.category() == Category::Open
    }
}

/// Who acts. Whether a given user holds the role over the request's node (a dispatcher over
/// the receiving node, a handler of the handling node, the complainant by the tracking code)
/// is decided by the caller's access checks before [`apply`] is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// 受理派单员: the centre that receives, dispatches and supervises.
    Dispatcher,
    /// 承办单位: the node the request is dispatched to.
    Handler,
    /// 诉求人, through the tracking code.
    Complainant,
    /// The platform itself (imports, background jobs).
    System,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Dispatcher,
        Role::Handler,
        Role::Complainant,
        Role::System,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Dispatcher => "dispatcher",
            Role::Handler => "handler",
            Role::Complainant => "complainant",
            Role::System => "system",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionKind {
    Receive,
    Dispatch,
    Accept,
    SendBack,
    Transfer,
    RequestExtension,
    ApproveExtension,
    RefuseExtension,
    Reply,
    FollowUp,
    Close,
    Reopen,
    Rate,
    Withdraw,
}

/// Where an action leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    To(State),
    /// The state does not change (an extension, a follow-up, a rating).
    Same,
}

/// An action as data: from which states, to which, by whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionDef {
    pub kind: ActionKind,
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub from: &'static [State],
    pub to: Target,
    pub roles: &'static [Role],
}

use ActionKind as A;
use Role::{Complainant, Dispatcher, Handler, System};
use State::{Accepted, Closed, Dispatched, Received, Replied, Submitted, Withdrawn};

/// The actions. A 12345 batch import is received by the platform (`System`) on the centre's
/// behalf, since the hotline has accepted the call already. A closed request goes back for
/// another round by the centre's `reopen` (with a reason, at any time), or within the reopen
/// window by the complainant: a 不满意 rating (see [`apply`]) or an explicit `reopen` (the
/// tracking page's "仍未解决" button).
pub const ACTIONS: [ActionDef; 14] = [
    ActionDef {
        kind: A::Receive,
        code: "receive",
        zh: "受理",
        en: "Receive",
        from: &[Submitted],
        to: Target::To(Received),
        roles: &[Dispatcher, System],
    },
    ActionDef {
        kind: A::Dispatch,
        code: "dispatch",
        zh: "派单",
        en: "Dispatch",
        from: &[Received],
        to: Target::To(Dispatched),
        roles: &[Dispatcher],
    },
    ActionDef {
        kind: A::Accept,
        code: "accept",
        zh: "接单",
        en: "Accept",
        from: &[Dispatched],
        to: Target::To(Accepted),
        roles: &[Handler],
    },
    ActionDef {
        kind: A::SendBack,
        code: "send_back",
        zh: "退单",
        en: "Send back",
        from: &[Dispatched, Accepted],
        to: Target::To(Received),
        roles: &[Handler],
    },
    ActionDef {
        kind: A::Transfer,
        code: "transfer",
        zh: "转办",
        en: "Transfer",
        from: &[Dispatched, Accepted],
        to: Target::To(Dispatched),
        roles: &[Dispatcher, Handler],
    },
    ActionDef {
        kind: A::RequestExtension,
        code: "request_extension",
        zh: "申请延期",
        en: "Request extension",
        from: &[Accepted],
        to: Target::Same,
        roles: &[Handler],
    },
    ActionDef {
        kind: A::ApproveExtension,
        code: "approve_extension",
        zh: "同意延期",
        en: "Approve extension",
        from: &[Accepted],
        to: Target::Same,
        roles: &[Dispatcher],
    },
    ActionDef {
        kind: A::RefuseExtension,
        code: "refuse_extension",
        zh: "不同意延期",
        en: "Refuse extension",
        from: &[Accepted],
        to: Target::Same,
        roles: &[Dispatcher],
    },
    ActionDef {
        kind: A::Reply,
        code: "reply",
        zh: "答复",
        en: "Reply",
        from: &[Accepted],
        to: Target::To(Replied),
        roles: &[Handler],
    },
    ActionDef {
        kind: A::FollowUp,
        code: "follow_up",
        zh: "回访",
        en: "Follow up",
        from: &[Replied, Closed],
        to: Target::Same,
        roles: &[Dispatcher],
    },
    ActionDef {
        kind: A::Close,
        code: "close",
        zh: "办结",
        en: "Close",
        from: &[Replied],
        to: Target::To(Closed),
        roles: &[Dispatcher],
    },
    ActionDef {
        kind: A::Reopen,
        code: "reopen",
        zh: "重启",
        en: "Reopen",
        from: &[Closed],
        to: Target::To(Received),
        roles: &[Dispatcher, Complainant],
    },
    ActionDef {
        kind: A::Rate,
        code: "rate",
        zh: "评价",
        en: "Rate",
        from: &[Replied, Closed],
        to: Target::Same,
        roles: &[Complainant, Dispatcher],
    },
    ActionDef {
        kind: A::Withdraw,
        code: "withdraw",
        zh: "撤回",
        en: "Withdraw",
        from: &[Submitted, Received],
        to: Target::To(Withdrawn),
        roles: &[Complainant, Dispatcher],
    },
];

impl ActionKind {
    pub fn def(self) -> &'static ActionDef {
        ACTIONS
            .iter()
            .find(|d| d.kind == self)
            .expect("every action is in ACTIONS")
    }

    pub fn code(self) -> &'static str {
        self.def().code
    }

    pub fn from_code(s: &str) -> Option<ActionKind> {
        ACTIONS.iter().find(|d| d.code == s).map(|d| d.kind)
    }
}

/// The complainant's rating (评价).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rating {
    /// 满意
    Satisfied,
    /// 基本满意
    BasicallySatisfied,
    /// 不满意
    Dissatisfied,
}

impl Rating {
    pub const ALL: [Rating; 3] = [
        Rating::Satisfied,
        Rating::BasicallySatisfied,
        Rating::Dissatisfied,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rating::Satisfied => "satisfied",
            Rating::BasicallySatisfied => "basically_satisfied",
            Rating::Dissatisfied => "dissatisfied",
        }
    }

    pub fn from_code(s: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.code() == s)
    }

    /// 满意 and 基本满意 both count as satisfied in 满意率.
    pub fn counts_satisfied(self) -> bool {
        self != Rating::Dissatisfied
    }
}

/// What the rules need to know about a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestFacts {
    pub state: State,
    /// The node it is dispatched to (承办单位).
    pub handling_node: Option<i64>,
    /// Working days asked in an extension request awaiting the dispatcher's decision.
    pub pending_extension: Option<u32>,
    /// Rated since it was last (re)opened.
    pub rated_this_round: bool,
    pub closed_at: Option<NaiveDateTime>,
    /// False for grid-patrol requests (未诉先办), which nobody raised: no complainant acts,
    /// and there is nobody to follow up with.
    pub has_complainant: bool,
}

impl Default for RequestFacts {
    fn default() -> Self {
        RequestFacts {
            state: State::Submitted,
            handling_node: None,
            pending_extension: None,
            rated_this_round: false,
            closed_at: None,
            has_complainant: true,
        }
    }
}

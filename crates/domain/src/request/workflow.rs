//! The closed loop of a service request (诉求工单), after the 12345 hotline rules: receive →
//! dispatch → accept → handle → reply → supervise → close → follow up → rate; in the seeds'
//! words "问题上报—接收分流—协调智慧督办—评价反馈" [003] and "收集+协调解决+结果回访" [002].
//! States and actions are data ([`STATES`], [`ACTIONS`]); every transition, whatever the
//! channel it comes through (web form, API, tracking page, import, background job), is checked
//! by [`apply`] alone. Time limits and supervision cards (督办黄牌、红牌) are at the end.

use super::calendar::{
    add_work_days, add_work_hours, add_work_minutes, work_minutes_between, WorkCalendar, WorkHours,
};
use super::{optional_text, required_text};
use crate::{DomainError, FieldErrors};
use chrono::{Days, NaiveDateTime};

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

/// The most working days one extension may ask for.
pub const MAX_EXTENSION_DAYS: u32 = 30;

/// An action as a form, an API body or the tracking page gives it. Only the fields the action
/// uses are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionInput {
    /// An action code of [`ACTIONS`].
    pub action: String,
    /// Required for send_back, transfer, request_extension, refuse_extension and reopen; a
    /// note elsewhere. Up to 500 characters.
    pub reason: String,
    /// The handling node, for dispatch and transfer.
    pub node_id: Option<i64>,
    /// Working days asked, for request_extension: 1–30.
    pub days: String,
    /// The reply's result (办理结果), for reply. Up to 2000 characters.
    pub result: String,
    /// Files attached to a reply (办理佐证), by id; optional.
    pub evidence: Vec<i64>,
    /// What the complainant said at the follow-up visit (回访情况). Up to 2000 characters.
    pub answer: String,
    /// A rating code: required for rate, optional at follow_up.
    pub rating: String,
    /// Whether the problem was solved, for close.
    pub solved: Option<bool>,
}

/// A checked action with what it carries, ready to record in the request's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Receive {
        note: Option<String>,
    },
    Dispatch {
        node_id: i64,
        note: Option<String>,
    },
    Accept {
        note: Option<String>,
    },
    SendBack {
        reason: String,
    },
    Transfer {
        node_id: i64,
        reason: String,
    },
    RequestExtension {
        days: u32,
        reason: String,
    },
    ApproveExtension {
        note: Option<String>,
    },
    RefuseExtension {
        reason: String,
    },
    Reply {
        result: String,
        evidence: Vec<i64>,
    },
    FollowUp {
        answer: String,
        rating: Option<Rating>,
    },
    Close {
        solved: bool,
        note: Option<String>,
    },
    Reopen {
        reason: String,
    },
    Rate {
        rating: Rating,
        comment: Option<String>,
    },
    Withdraw {
        note: Option<String>,
    },
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Receive { .. } => A::Receive,
            Action::Dispatch { .. } => A::Dispatch,
            Action::Accept { .. } => A::Accept,
            Action::SendBack { .. } => A::SendBack,
            Action::Transfer { .. } => A::Transfer,
            Action::RequestExtension { .. } => A::RequestExtension,
            Action::ApproveExtension { .. } => A::ApproveExtension,
            Action::RefuseExtension { .. } => A::RefuseExtension,
            Action::Reply { .. } => A::Reply,
            Action::FollowUp { .. } => A::FollowUp,
            Action::Close { .. } => A::Close,
            Action::Reopen { .. } => A::Reopen,
            Action::Rate { .. } => A::Rate,
            Action::Withdraw { .. } => A::Withdraw,
        }
    }

    /// The rating the action records, if any.
    pub fn rating(&self) -> Option<Rating> {
        match self {
            Action::Rate { rating, .. } => Some(*rating),
            Action::FollowUp { rating, .. } => *rating,
            _ => None,
        }
    }
}

impl ActionInput {
    /// The action code alone.
    pub fn kind(&self) -> Result<ActionKind, DomainError> {
        match self.action.trim() {
            "" => Err(DomainError::field("action", "err.required")),
            c => ActionKind::from_code(c).ok_or_else(|| DomainError::field("action", "err.choice")),
        }
    }

    /// The action with its fields checked, every bad field reported at once.
    pub fn parse(&self) -> Result<Action, DomainError> {
        let kind = self.kind()?;
        let mut fe = FieldErrors::new();
        let reason_req = |fe: &mut FieldErrors| {
            required_text(fe, "reason", &self.reason, 500, "err.too_long_500")
        };
        let note = |fe: &mut FieldErrors| {
            optional_text(fe, "reason", &self.reason, 500, "err.too_long_500")
        };
        let node = |fe: &mut FieldErrors| {
            if self.node_id.is_none() {
                fe.add("node_id", "err.request_node_required");
            }
            self.node_id
        };
        let rating = |fe: &mut FieldErrors, required: bool| match self.rating.trim() {
            "" => {
                if required {
                    fe.add("rating", "err.required");
                }
                None
            }
            r => Rating::from_code(r).or_else(|| {
                fe.add("rating", "err.choice");
                None
            }),
        };
        let action = match kind {
            A::Receive => note(&mut fe).map(|note| Action::Receive { note }),
            A::Accept => note(&mut fe).map(|note| Action::Accept { note }),
            A::ApproveExtension => note(&mut fe).map(|note| Action::ApproveExtension { note }),
            A::Withdraw => note(&mut fe).map(|note| Action::Withdraw { note }),
            A::Dispatch => {
                let n = node(&mut fe);
                let note = note(&mut fe);
                n.zip(note)
                    .map(|(node_id, note)| Action::Dispatch { node_id, note })
            }
            A::SendBack => reason_req(&mut fe).map(|reason| Action::SendBack { reason }),
            A::RefuseExtension => {
                reason_req(&mut fe).map(|reason| Action::RefuseExtension { reason })
            }
            A::Reopen => reason_req(&mut fe).map(|reason| Action::Reopen { reason }),
            A::Transfer => {
                let n = node(&mut fe);
                let reason = reason_req(&mut fe);
                n.zip(reason)
                    .map(|(node_id, reason)| Action::Transfer { node_id, reason })
            }
            A::RequestExtension => {
                let days = match self.days.trim() {
                    "" => {
                        fe.add("days", "err.required");
                        None
                    }
                    s => match s.parse::<u32>() {
                        // 延期: at most 30 working days at a time.
                        Ok(d) if (1..=MAX_EXTENSION_DAYS).contains(&d) => Some(d),
                        Ok(_) => {
                            fe.add("days", "err.request_extension_days");
                            None
                        }
                        Err(_) => {
                            fe.add("days", "err.number_invalid");
                            None
                        }
                    },
                };
                let reason = reason_req(&mut fe);
                days.zip(reason)
                    .map(|(days, reason)| Action::RequestExtension { days, reason })
            }
            A::Reply => {
                let result =
                    required_text(&mut fe, "result", &self.result, 2000, "err.too_long_2000");
                let mut evidence = self.evidence.clone();
                evidence.sort_unstable();
                evidence.dedup();
                result.map(|result| Action::Reply { result, evidence })
            }
            A::FollowUp => {
                let answer =
                    required_text(&mut fe, "answer", &self.answer, 2000, "err.too_long_2000");
                let r = rating(&mut fe, false);
                answer.map(|answer| Action::FollowUp { answer, rating: r })
            }
            A::Close => {
                if self.solved.is_none() {
                    fe.add("solved", "err.required");
                }
                let note = note(&mut fe);
                self.solved
                    .zip(note)
                    .map(|(solved, note)| Action::Close { solved, note })
            }
            A::Rate => {
                let r = rating(&mut fe, true);
                let comment = note(&mut fe);
                r.zip(comment)
                    .map(|(rating, comment)| Action::Rate { rating, comment })
            }
        };
        fe.into_result()?;
        Ok(action.expect("every field checked"))
    }
}

/// What happens to a step's clock (时限计时).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Start the step's clock at `now`; its due time is [`due_for`] from `now`.
    Start(Step),
    /// The step is done: its clock stops and its cards stop.
    Stop(Step),
    /// Every running clock stops (sent back, withdrawn, reopened).
    StopAll,
    /// The reply's due time moves `days` working days later ([`extend_due`]).
    ExtendReply { days: u32 },
}

/// The timed steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// 接单: from dispatch to acceptance, in working hours.
    Accept,
    /// 答复: from acceptance to reply, in working days.
    Reply,
    /// 回访: from reply to follow-up, in working days.
    FollowUp,
}

impl Step {
    pub const ALL: [Step; 3] = [Step::Accept, Step::Reply, Step::FollowUp];

    pub fn code(self) -> &'static str {
        match self {
            Step::Accept => "accept",
            Step::Reply => "reply",
            Step::FollowUp => "follow_up",
        }
    }

    pub fn from_code(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// The outcome of an allowed action: the request's new facts and what the clocks do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    pub action: Action,
    pub from: State,
    pub to: State,
    pub next: RequestFacts,
    pub clocks: Vec<Clock>,
    /// The request went back to 已受理待派单 for another round (a new round of rating).
    pub reopened: bool,
}

/// A category's time limits and supervision rule (工单类别时限).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Accept within this many working hours of dispatch (接单时限).
    pub accept_within_hours: u32,
    /// Reply within this many working days of acceptance, the day of acceptance not counted
    /// (答复时限).
    pub reply_within_days: u32,
    /// Follow up within this many working days of the reply (回访时限).
    pub follow_up_within_days: u32,
    /// Calendar days after closing during which the complainant's 不满意 reopens the request.
    /// Calendar days, not working days: the complainant's side of the clock is not an office.
    pub reopen_window_days: u32,
    /// When a yellow card (黄牌) turns red (红牌): `None`, the default, means after the step's
    /// own limit once more, counted in working time from the due time — a step due in 2
    /// working hours is red 2 working hours after it went yellow, a 5-day reply 5 working days
    /// after. `Some(h)`: `h` working hours after the due time, whatever the step.
    pub red_after_work_hours: Option<u32>,
}

impl Default for Policy {
    /// A starting point for a new category, to be set by the administrator: accept within 2
    /// working hours, reply within 5 working days, follow up within 3, reopen within 7 days.
    fn default() -> Self {
        Policy {
            accept_within_hours: 2,
            reply_within_days: 5,
            follow_up_within_days: 3,
            reopen_window_days: 7,
            red_after_work_hours: None,
        }
    }
}

/// A category's limits as a form gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyInput {
    pub accept_within_hours: String,
    pub reply_within_days: String,
    pub follow_up_within_days: String,
    pub reopen_window_days: String,
    /// Blank for "the step's own limit again".
    pub red_after_work_hours: String,
}

fn number_in(
    fe: &mut FieldErrors,
    field: &str,
    s: &str,
    range: std::ops::RangeInclusive<u32>,
    key: &str,
) -> Option<u32> {
    let t = s.trim();
    if t.is_empty() {
        fe.add(field, "err.required");
        return None;
    }
    match t.parse::<u32>() {
        Ok(n) if range.contains(&n) => Some(n),
        Ok(_) => {
            fe.add(field, key);
            None
        }
        Err(_) => {
            fe.add(field, "err.number_invalid");
            None
        }
    }
}

impl PolicyInput {
    /// Accept 1–240 working hours, reply 1–90 working days, follow-up 1–30 working days,
    /// reopen window 0–365 days, red card blank or 1–2400 working hours.
    pub fn parse(&self) -> Result<Policy, DomainError> {
        let mut fe = FieldErrors::new();
        let accept = number_in(
            &mut fe,
            "accept_within_hours",
            &self.accept_within_hours,
            1..=240,
            "err.request_accept_hours_range",
        );
        let reply = number_in(
            &mut fe,
            "reply_within_days",
            &self.reply_within_days,
            1..=90,
            "err.request_reply_days_range",
        );
        let follow = number_in(
            &mut fe,
            "follow_up_within_days",
            &self.follow_up_within_days,
            1..=30,
            "err.request_follow_up_days_range",
        );
        let reopen = number_in(
            &mut fe,
            "reopen_window_days",
            &self.reopen_window_days,
            0..=365,
            "err.request_reopen_days_range",
        );
        let red = if self.red_after_work_hours.trim().is_empty() {
            None
        } else {
            number_in(
                &mut fe,
                "red_after_work_hours",
                &self.red_after_work_hours,
                1..=2400,
                "err.request_red_hours_range",
            )
        };
        fe.into_result()?;
        Ok(Policy {
            accept_within_hours: accept.expect("checked"),
            reply_within_days: reply.expect("checked"),
            follow_up_within_days: follow.expect("checked"),
            reopen_window_days: reopen.expect("checked"),
            red_after_work_hours: red,
        })
    }
}

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

/// When a step started at `start` is due, on the calendar.
pub fn due_for(
    step: Step,
    start: NaiveDateTime,
    cal: &WorkCalendar,
    hours: &WorkHours,
    policy: &Policy,
) -> NaiveDateTime {
    match step {
        Step::Accept => add_work_hours(cal, hours, start, policy.accept_within_hours),
        Step::Reply => add_work_days(cal, hours, start, policy.reply_within_days),
        Step::FollowUp => add_work_days(cal, hours, start, policy.follow_up_within_days),
    }
}

/// The reply's due time after an approved extension of `days` working days: the close of the
/// `days`-th working day after the old due day.
pub fn extend_due(
    due: NaiveDateTime,
    days: u32,
    cal: &WorkCalendar,
    hours: &WorkHours,
) -> NaiveDateTime {
    add_work_days(cal, hours, due, days)
}

/// Supervision cards (督办): yellow when a step is overdue, red when still overdue past a
/// second limit ("协调智慧督办" [003]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Card {
    /// 黄牌
    Yellow,
    /// 红牌
    Red,
}

impl Card {
    pub fn code(self) -> &'static str {
        match self {
            Card::Yellow => "yellow",
            Card::Red => "red",
        }
    }

    pub fn from_code(s: &str) -> Option<Card> {
        [Card::Yellow, Card::Red]
            .into_iter()
            .find(|c| c.code() == s)
    }
}

/// When a step started at `step_start` and due at `due` turns red (see
/// [`Policy::red_after_work_hours`]): by default `due + (due − start)` in working time.
pub fn red_at(
    step_start: NaiveDateTime,
    due: NaiveDateTime,
    cal: &WorkCalendar,
    hours: &WorkHours,
    policy: &Policy,
) -> NaiveDateTime {
    let extra = match policy.red_after_work_hours {
        Some(h) => u64::from(h) * 60,
        None => work_minutes_between(cal, hours, step_start, due).max(1) as u64,
    };
    add_work_minutes(cal, hours, due, extra)
}

/// The card a running step deserves at `now`: none up to and including its due time, yellow
/// after it, red after [`red_at`].
pub fn card_due(
    step_start: NaiveDateTime,
    due: NaiveDateTime,
    now: NaiveDateTime,
    cal: &WorkCalendar,
    hours: &WorkHours,
    policy: &Policy,
) -> Option<Card> {
    if now <= due {
        None
    } else if now > red_at(step_start, due, cal, hours, policy) {
        Some(Card::Red)
    } else {
        Some(Card::Yellow)
    }
}

/// The cards to raise now for a running step, given those already raised for it: never the
/// same colour twice, so a job that runs again, or restarts, raises nothing new. A step found
/// already red (the job was down) gets its yellow card too, first, so every red card has the
/// yellow that preceded it.
#[allow(clippy::too_many_arguments)]
pub fn cards_to_raise(
    step_start: NaiveDateTime,
    due: NaiveDateTime,
    now: NaiveDateTime,
    cal: &WorkCalendar,
    hours: &WorkHours,
    policy: &Policy,
    raised: &[Card],
) -> Vec<Card> {
    let deserved: &[Card] = match card_due(step_start, due, now, cal, hours, policy) {
        None => &[],
        Some(Card::Yellow) => &[Card::Yellow],
        Some(Card::Red) => &[Card::Yellow, Card::Red],
    };
    deserved
        .iter()
        .copied()
        .filter(|c| !raised.contains(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::calendar::{parse_schedule, WorkCalendar};

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn now() -> NaiveDateTime {
        t("2026-03-04 10:00")
    }

    fn at(state: State) -> RequestFacts {
        RequestFacts {
            state,
            handling_node: matches!(state, Dispatched | Accepted | Replied | Closed).then_some(7),
            closed_at: (state == Closed).then(|| t("2026-03-02 15:00")),
            ..RequestFacts::default()
        }
    }

    fn input(action: &str) -> ActionInput {
        ActionInput {
            action: action.into(),
            ..Default::default()
        }
    }

    /// A complete input for every action, valid whatever the action.
    fn full(action: &str) -> ActionInput {
        ActionInput {
            action: action.into(),
            reason: "原因说明".into(),
            node_id: Some(9),
            days: "3".into(),
            result: "已修复路灯".into(),
            evidence: vec![3, 1, 3],
            answer: "群众表示满意".into(),
            rating: "satisfied".into(),
            solved: Some(true),
        }
    }

    fn go(req: &RequestFacts, role: Role, i: &ActionInput) -> Result<Effect, DomainError> {
        apply(req, role, i, now(), &Policy::default())
    }

    fn refusal(r: Result<Effect, DomainError>) -> &'static str {
        match r {
            Err(DomainError::Refused(k)) => k,
            other => panic!("{other:?}"),
        }
    }

    fn fields(r: Result<impl std::fmt::Debug, DomainError>) -> Vec<(String, String)> {
        match r {
            Err(DomainError::Invalid(fe)) => fe.0.into_iter().collect(),
            other => panic!("{other:?}"),
        }
    }

    fn f(field: &str, key: &str) -> (String, String) {
        (field.into(), key.into())
    }

    #[test]
    fn states_and_actions_are_data() {
        assert_eq!(STATES.len(), State::ALL.len());
        for s in State::ALL {
            assert_eq!(State::from_code(s.code()), Some(s));
            assert_eq!(s.is_open(), !matches!(s, Closed | Withdrawn), "{s:?}");
        }
        assert_eq!(Received.def().zh, "已受理待派单");
        let mut codes: Vec<&str> = ACTIONS.iter().map(|a| a.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ACTIONS.len());
        for a in ACTIONS {
            assert_eq!(ActionKind::from_code(a.code), Some(a.kind));
            assert_eq!(a.kind.code(), a.code);
            assert!(!a.from.is_empty() && !a.roles.is_empty());
            // Nothing leaves a withdrawn request; only reopen, follow_up and rate touch a
            // closed one.
            assert!(!a.from.contains(&Withdrawn));
            if a.from.contains(&Closed) {
                assert!(matches!(a.kind, A::Reopen | A::FollowUp | A::Rate));
            }
        }
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        for r in Rating::ALL {
            assert_eq!(Rating::from_code(r.code()), Some(r));
            assert_eq!(r.counts_satisfied(), r != Rating::Dissatisfied);
        }
        for s in Step::ALL {
            assert_eq!(Step::from_code(s.code()), Some(s));
        }
        assert_eq!(Card::from_code("red"), Some(Card::Red));
    }

    /// Every (action, state, role) outside the table is refused, naming the rule; every one
    /// inside is allowed (given good fields and no other rule in the way).
    #[test]
    fn the_table_decides_every_combination() {
        for a in ACTIONS {
            for s in State::ALL {
                for role in Role::ALL {
                    let mut req = at(s);
                    if matches!(a.kind, A::ApproveExtension | A::RefuseExtension) {
                        req.pending_extension = Some(2);
                    }
                    let r = go(&req, role, &full(a.code));
                    if !a.roles.contains(&role) {
                        assert_eq!(
                            refusal(r),
                            "rule.request_role_not_allowed",
                            "{} {s:?} {role:?}",
                            a.code
                        );
                    } else if !a.from.contains(&s) {
                        assert_eq!(
                            refusal(r),
                            "rule.request_action_not_allowed",
                            "{} {s:?} {role:?}",
                            a.code
                        );
                    } else {
                        let e = r.unwrap_or_else(|e| panic!("{} {s:?} {role:?}: {e:?}", a.code));
                        assert_eq!(e.from, s);
                        match a.to {
                            Target::To(to) => assert_eq!(e.to, to, "{}", a.code),
                            Target::Same => assert_eq!(e.to, s, "{}", a.code),
                        }
                        assert_eq!(e.action.kind(), a.kind);
                    }
                }
            }
        }
    }

    #[test]
    fn the_loop_from_submission_to_rating() {
        let p = Policy::default();
        let mut req = RequestFacts::default();
        let step = |req: &mut RequestFacts, role, i: ActionInput| {
            let e = apply(req, role, &i, now(), &p).unwrap();
            *req = e.next;
            e
        };
        let e = step(&mut req, Dispatcher, input("receive"));
        assert_eq!(e.to, Received);
        assert!(e.clocks.is_empty());
        let e = step(
            &mut req,
            Dispatcher,
            ActionInput {
                node_id: Some(7),
                ..input("dispatch")
            },
        );
        assert_eq!(e.clocks, [Clock::Start(Step::Accept)]);
        assert_eq!(req.handling_node, Some(7));
        let e = step(&mut req, Handler, input("accept"));
        assert_eq!(
            e.clocks,
            [Clock::Stop(Step::Accept), Clock::Start(Step::Reply)]
        );
        let e = step(
            &mut req,
            Handler,
            ActionInput {
                days: "5".into(),
                reason: "需协调燃气公司".into(),
                ..input("request_extension")
            },
        );
        assert_eq!((e.to, req.pending_extension), (Accepted, Some(5)));
        let e = step(&mut req, Dispatcher, input("approve_extension"));
        assert_eq!(e.clocks, [Clock::ExtendReply { days: 5 }]);
        assert_eq!(req.pending_extension, None);
        let e = step(
            &mut req,
            Handler,
            ActionInput {
                result: "已完成管道更换".into(),
                evidence: vec![5, 2, 5],
                ..input("reply")
            },
        );
        assert_eq!(
            e.clocks,
            [Clock::Stop(Step::Reply), Clock::Start(Step::FollowUp)]
        );
        assert_eq!(
            e.action,
            Action::Reply {
                result: "已完成管道更换".into(),
                evidence: vec![2, 5]
            }
        );
        assert_eq!(req.state, Replied);
        let e = step(
            &mut req,
            Dispatcher,
            ActionInput {
                answer: "电话回访，诉求人认可".into(),
                ..input("follow_up")
            },
        );
        assert_eq!(e.clocks, [Clock::Stop(Step::FollowUp)]);
        assert!(!req.rated_this_round);
        let e = step(
            &mut req,
            Dispatcher,
            ActionInput {
                solved: Some(true),
                ..input("close")
            },
        );
        assert_eq!(e.to, Closed);
        assert!(e.clocks.is_empty());
        assert_eq!(req.closed_at, Some(now()));
        assert!(!req.state.is_open());
        let e = step(
            &mut req,
            Complainant,
            ActionInput {
                rating: "basically_satisfied".into(),
                ..input("rate")
            },
        );
        assert_eq!((e.to, e.reopened), (Closed, false));
        assert!(req.rated_this_round);
        assert_eq!(
            refusal(go(
                &req,
                Complainant,
                &ActionInput {
                    rating: "satisfied".into(),
                    ..input("rate")
                }
            )),
            "rule.request_rated"
        );
    }

    #[test]
    fn actions_carry_their_required_fields() {
        let a = at(Accepted);
        assert_eq!(
            fields(go(&at(Received), Dispatcher, &input("dispatch"))),
            [f("node_id", "err.request_node_required")]
        );
        assert_eq!(
            fields(go(&a, Handler, &input("send_back"))),
            [f("reason", "err.required")]
        );
        assert_eq!(
            fields(go(&a, Handler, &input("transfer"))),
            [
                f("node_id", "err.request_node_required"),
                f("reason", "err.required")
            ]
        );
        assert_eq!(
            fields(go(&a, Handler, &input("request_extension"))),
            [f("days", "err.required"), f("reason", "err.required")]
        );
        for (days, key) in [
            ("0", "err.request_extension_days"),
            ("31", "err.request_extension_days"),
            ("两天", "err.number_invalid"),
            ("-1", "err.number_invalid"),
        ] {
            let i = ActionInput {
                days: days.into(),
                reason: "x".into(),
                ..input("request_extension")
            };
            assert_eq!(fields(go(&a, Handler, &i)), [f("days", key)], "{days}");
        }
        for days in ["1", " 30 "] {
            let i = ActionInput {
                days: days.into(),
                reason: "x".into(),
                ..input("request_extension")
            };
            assert!(go(&a, Handler, &i).is_ok());
        }
        let pending = RequestFacts {
            pending_extension: Some(3),
            ..a
        };
        assert_eq!(
            fields(go(&pending, Dispatcher, &input("refuse_extension"))),
            [f("reason", "err.required")]
        );
        assert_eq!(
            fields(go(&a, Handler, &input("reply"))),
            [f("result", "err.required")]
        );
        assert_eq!(
            fields(go(
                &a,
                Handler,
                &ActionInput {
                    result: "长".repeat(2001),
                    ..input("reply")
                }
            )),
            [f("result", "err.too_long_2000")]
        );
        let r = at(Replied);
        assert_eq!(
            fields(go(&r, Dispatcher, &input("follow_up"))),
            [f("answer", "err.required")]
        );
        assert_eq!(
            fields(go(
                &r,
                Dispatcher,
                &ActionInput {
                    answer: "x".into(),
                    rating: "so-so".into(),
                    ..input("follow_up")
                }
            )),
            [f("rating", "err.choice")]
        );
        assert_eq!(
            fields(go(&r, Dispatcher, &input("close"))),
            [f("solved", "err.required")]
        );
        assert_eq!(
            fields(go(&r, Complainant, &input("rate"))),
            [f("rating", "err.required")]
        );
        assert_eq!(
            fields(go(&at(Closed), Dispatcher, &input("reopen"))),
            [f("reason", "err.required")]
        );
        assert_eq!(
            fields(go(
                &at(Submitted),
                Complainant,
                &ActionInput {
                    reason: "长".repeat(501),
                    ..input("withdraw")
                }
            )),
            [f("reason", "err.too_long_500")]
        );
        assert_eq!(
            fields(go(&a, Handler, &input("fly"))),
            [f("action", "err.choice")]
        );
        assert_eq!(
            fields(go(&a, Handler, &input(" "))),
            [f("action", "err.required")]
        );
        // Optional notes are optional.
        assert!(go(&at(Submitted), Complainant, &input("withdraw")).is_ok());
        assert!(go(&at(Dispatched), Handler, &input("accept")).is_ok());
    }

    #[test]
    fn refusals_come_before_field_errors() {
        // A handler may not dispatch, whatever the form says.
        assert_eq!(
            refusal(go(&at(Received), Handler, &input("dispatch"))),
            "rule.request_role_not_allowed"
        );
        // Replying to a request not yet accepted is refused, fields or not.
        assert_eq!(
            refusal(go(&at(Dispatched), Handler, &input("reply"))),
            "rule.request_action_not_allowed"
        );
        let pending = RequestFacts {
            pending_extension: Some(2),
            ..at(Accepted)
        };
        assert_eq!(
            refusal(go(&pending, Handler, &input("request_extension"))),
            "rule.request_extension_pending"
        );
    }

    #[test]
    fn send_back_and_transfer() {
        let p = Policy::default();
        for s in [Dispatched, Accepted] {
            let req = RequestFacts {
                pending_extension: (s == Accepted).then_some(2),
                ..at(s)
            };
            let e = go(
                &req,
                Handler,
                &ActionInput {
                    reason: "不属于本单位职责".into(),
                    ..input("send_back")
                },
            )
            .unwrap();
            assert_eq!(e.to, Received);
            assert_eq!(e.next.handling_node, None);
            assert_eq!(e.next.pending_extension, None);
            assert_eq!(e.clocks, [Clock::StopAll]);
            for role in [Dispatcher, Handler] {
                let e = go(
                    &req,
                    role,
                    &ActionInput {
                        node_id: Some(8),
                        reason: "属供水公司".into(),
                        ..input("transfer")
                    },
                )
                .unwrap();
                assert_eq!(e.to, Dispatched);
                assert_eq!(e.next.handling_node, Some(8));
                assert_eq!(e.next.pending_extension, None);
                assert_eq!(e.clocks, [Clock::StopAll, Clock::Start(Step::Accept)]);
                let same = ActionInput {
                    node_id: Some(7),
                    reason: "x".into(),
                    ..input("transfer")
                };
                assert_eq!(
                    refusal(apply(&req, role, &same, now(), &p)),
                    "rule.request_transfer_same_node"
                );
            }
        }
        // After being sent back, the centre dispatches again.
        let back = go(
            &at(Accepted),
            Handler,
            &ActionInput {
                reason: "x".into(),
                ..input("send_back")
            },
        )
        .unwrap()
        .next;
        assert!(go(
            &back,
            Dispatcher,
            &ActionInput {
                node_id: Some(8),
                ..input("dispatch")
            }
        )
        .is_ok());
    }

    #[test]
    fn extensions_one_at_a_time_and_only_when_asked() {
        let a = at(Accepted);
        assert_eq!(
            refusal(go(&a, Dispatcher, &input("approve_extension"))),
            "rule.request_no_extension"
        );
        assert_eq!(
            refusal(go(
                &a,
                Dispatcher,
                &ActionInput {
                    reason: "x".into(),
                    ..input("refuse_extension")
                }
            )),
            "rule.request_no_extension"
        );
        let asked = go(
            &a,
            Handler,
            &ActionInput {
                days: "10".into(),
                reason: "需招标".into(),
                ..input("request_extension")
            },
        )
        .unwrap();
        assert!(asked.clocks.is_empty());
        let pending = asked.next;
        assert_eq!(pending.pending_extension, Some(10));
        assert_eq!(
            refusal(go(
                &pending,
                Handler,
                &ActionInput {
                    days: "1".into(),
                    reason: "x".into(),
                    ..input("request_extension")
                }
            )),
            "rule.request_extension_pending"
        );
        // A handler cannot approve its own request.
        assert_eq!(
            refusal(go(&pending, Handler, &input("approve_extension"))),
            "rule.request_role_not_allowed"
        );
        let refused = go(
            &pending,
            Dispatcher,
            &ActionInput {
                reason: "时限内可办结".into(),
                ..input("refuse_extension")
            },
        )
        .unwrap();
        assert_eq!(refused.next.pending_extension, None);
        assert!(refused.clocks.is_empty());
        let approved = go(&pending, Dispatcher, &input("approve_extension")).unwrap();
        assert_eq!(approved.clocks, [Clock::ExtendReply { days: 10 }]);
        // After a decision, another may be asked.
        assert!(go(
            &approved.next,
            Handler,
            &ActionInput {
                days: "2".into(),
                reason: "x".into(),
                ..input("request_extension")
            }
        )
        .is_ok());
        // Replying drops an undecided request.
        let replied = go(
            &pending,
            Handler,
            &ActionInput {
                result: "已办".into(),
                ..input("reply")
            },
        )
        .unwrap();
        assert_eq!(replied.next.pending_extension, None);
    }

    #[test]
    fn ratings_once_per_round_and_dissatisfaction_reopens_within_the_window() {
        let p = Policy::default(); // reopen window 7 days
        let closed = at(Closed); // closed 2026-03-02 15:00
        let bad = ActionInput {
            rating: "dissatisfied".into(),
            ..input("rate")
        };
        let e = apply(&closed, Complainant, &bad, t("2026-03-09 15:00"), &p).unwrap();
        assert!(e.reopened);
        assert_eq!(e.to, Received);
        assert_eq!(
            e.next,
            RequestFacts {
                state: Received,
                ..RequestFacts::default()
            }
        );
        assert_eq!(e.clocks, [Clock::StopAll]);
        assert_eq!(
            e.action,
            Action::Rate {
                rating: Rating::Dissatisfied,
                comment: None
            }
        );
        // After the window the rating still counts, but the request stays closed.
        let late = apply(&closed, Complainant, &bad, t("2026-03-09 15:01"), &p).unwrap();
        assert!(!late.reopened);
        assert_eq!(late.to, Closed);
        assert!(late.next.rated_this_round);
        // Satisfied does not reopen.
        let ok = apply(
            &closed,
            Complainant,
            &ActionInput {
                rating: "satisfied".into(),
                ..input("rate")
            },
            t("2026-03-03 09:00"),
            &p,
        )
        .unwrap();
        assert!(!ok.reopened);
        // Not satisfied before closing: recorded, and the centre decides when it closes.
        let e = go(&at(Replied), Complainant, &bad).unwrap();
        assert_eq!(
            (e.to, e.reopened, e.next.rated_this_round),
            (Replied, false, true)
        );
        assert_eq!(refusal(go(&e.next, Dispatcher, &bad)), "rule.request_rated");
        // The dispatcher records the rating at the follow-up visit; the same rules apply.
        let fu = ActionInput {
            answer: "诉求人仍不满意".into(),
            rating: "dissatisfied".into(),
            ..input("follow_up")
        };
        let e = apply(&closed, Dispatcher, &fu, t("2026-03-05 10:00"), &p).unwrap();
        assert!(e.reopened);
        assert_eq!(e.to, Received);
        let rated = RequestFacts {
            rated_this_round: true,
            ..closed
        };
        assert_eq!(refusal(go(&rated, Dispatcher, &fu)), "rule.request_rated");
        // A follow-up without a rating is fine after rating.
        assert!(go(
            &rated,
            Dispatcher,
            &ActionInput {
                answer: "x".into(),
                ..input("follow_up")
            }
        )
        .is_ok());
        // A reopened request is rated again in its next round.
        assert!(!e.next.rated_this_round);
    }

    #[test]
    fn reopening() {
        let p = Policy::default();
        let closed = RequestFacts {
            rated_this_round: true,
            ..at(Closed)
        };
        let ask = ActionInput {
            reason: "路灯又不亮了".into(),
            ..input("reopen")
        };
        // The centre may reopen at any time.
        let e = apply(&closed, Dispatcher, &ask, t("2026-12-01 10:00"), &p).unwrap();
        assert!(e.reopened);
        assert_eq!(
            e.next,
            RequestFacts {
                state: Received,
                ..RequestFacts::default()
            }
        );
        // The complainant only within the window.
        assert!(
            apply(&closed, Complainant, &ask, t("2026-03-09 15:00"), &p)
                .unwrap()
                .reopened
        );
        assert_eq!(
            refusal(apply(&closed, Complainant, &ask, t("2026-03-09 15:01"), &p)),
            "rule.request_reopen_window"
        );
        let no_window = Policy {
            reopen_window_days: 0,
            ..p
        };
        assert_eq!(
            refusal(apply(
                &closed,
                Complainant,
                &ask,
                t("2026-03-02 15:01"),
                &no_window
            )),
            "rule.request_reopen_window"
        );
        // A closed request without its closing time is outside any window.
        let odd = RequestFacts {
            closed_at: None,
            ..closed
        };
        assert_eq!(
            refusal(apply(&odd, Complainant, &ask, now(), &p)),
            "rule.request_reopen_window"
        );
    }

    #[test]
    fn withdrawing_and_receiving() {
        for s in [Submitted, Received] {
            for role in [Complainant, Dispatcher] {
                let e = go(&at(s), role, &input("withdraw")).unwrap();
                assert_eq!(e.to, Withdrawn);
                assert_eq!(e.clocks, [Clock::StopAll]);
            }
        }
        assert_eq!(
            refusal(go(&at(Dispatched), Complainant, &input("withdraw"))),
            "rule.request_action_not_allowed"
        );
        // A hotline import is received by the platform.
        assert_eq!(
            go(&at(Submitted), System, &input("receive")).unwrap().to,
            Received
        );
        assert_eq!(
            refusal(go(&at(Submitted), Complainant, &input("receive"))),
            "rule.request_role_not_allowed"
        );
    }

    #[test]
    fn patrol_requests_have_no_complainant() {
        let req = RequestFacts {
            has_complainant: false,
            ..at(Replied)
        };
        assert_eq!(
            refusal(go(
                &req,
                Complainant,
                &ActionInput {
                    rating: "satisfied".into(),
                    ..input("rate")
                }
            )),
            "rule.request_no_complainant"
        );
        let a = RequestFacts {
            has_complainant: false,
            ..at(Accepted)
        };
        let e = go(
            &a,
            Handler,
            &ActionInput {
                result: "已清理".into(),
                ..input("reply")
            },
        )
        .unwrap();
        assert_eq!(e.clocks, [Clock::Stop(Step::Reply)]);
        let e = go(
            &req,
            Dispatcher,
            &ActionInput {
                solved: Some(true),
                ..input("close")
            },
        )
        .unwrap();
        assert_eq!(e.clocks, [Clock::StopAll]);
        assert_eq!(
            refusal(go(&at(Submitted), Complainant, &input("receive"))),
            "rule.request_role_not_allowed"
        );
    }

    #[test]
    fn buttons_to_show() {
        let p = Policy::default();
        let now = now();
        assert_eq!(
            available_actions(&at(Submitted), Dispatcher, now, &p),
            [A::Receive, A::Withdraw]
        );
        assert_eq!(
            available_actions(&at(Dispatched), Handler, now, &p),
            [A::Accept, A::SendBack, A::Transfer]
        );
        assert_eq!(
            available_actions(&at(Accepted), Handler, now, &p),
            [A::SendBack, A::Transfer, A::RequestExtension, A::Reply]
        );
        let pending = RequestFacts {
            pending_extension: Some(1),
            ..at(Accepted)
        };
        assert_eq!(
            available_actions(&pending, Dispatcher, now, &p),
            [A::Transfer, A::ApproveExtension, A::RefuseExtension]
        );
        assert_eq!(
            available_actions(&at(Replied), Complainant, now, &p),
            [A::Rate]
        );
        assert_eq!(
            available_actions(&at(Closed), Complainant, t("2026-04-01 10:00"), &p),
            [A::Rate]
        );
        assert_eq!(
            available_actions(&at(Closed), Complainant, now, &p),
            [A::Reopen, A::Rate]
        );
        assert!(available_actions(&at(Withdrawn), Dispatcher, now, &p).is_empty());
        assert!(available_actions(&at(Accepted), System, now, &p).is_empty());
    }

    #[test]
    fn policy_input() {
        let ok = PolicyInput {
            accept_within_hours: "4".into(),
            reply_within_days: "15".into(),
            follow_up_within_days: "2".into(),
            reopen_window_days: "0".into(),
            red_after_work_hours: "".into(),
        };
        assert_eq!(
            ok.parse().unwrap(),
            Policy {
                accept_within_hours: 4,
                reply_within_days: 15,
                follow_up_within_days: 2,
                reopen_window_days: 0,
                red_after_work_hours: None
            }
        );
        assert_eq!(
            PolicyInput {
                red_after_work_hours: "16".into(),
                ..ok.clone()
            }
            .parse()
            .unwrap()
            .red_after_work_hours,
            Some(16)
        );
        let bad = PolicyInput {
            accept_within_hours: "0".into(),
            reply_within_days: "91".into(),
            follow_up_within_days: "".into(),
            reopen_window_days: "一周".into(),
            red_after_work_hours: "0".into(),
        };
        assert_eq!(
            fields(bad.parse()),
            [
                f("accept_within_hours", "err.request_accept_hours_range"),
                f("follow_up_within_days", "err.required"),
                f("red_after_work_hours", "err.request_red_hours_range"),
                f("reopen_window_days", "err.number_invalid"),
                f("reply_within_days", "err.request_reply_days_range"),
            ]
        );
    }

    fn cal2026() -> WorkCalendar {
        let text =
            "2026-02-14 workday 春节调休\n2026-02-15 holiday 春节\n2026-02-16 holiday 春节\n\
                    2026-02-17 holiday 春节\n2026-02-18 holiday 春节\n2026-02-19 holiday 春节\n\
                    2026-02-20 holiday 春节\n2026-02-21 holiday 春节\n2026-02-22 holiday 春节\n\
                    2026-02-23 holiday 春节\n2026-02-28 workday 春节调休";
        WorkCalendar::from_entries(&parse_schedule(text).unwrap())
    }

    #[test]
    fn due_times_on_the_calendar() {
        let (c, h, p) = (cal2026(), WorkHours::default(), Policy::default());
        // Dispatched Friday 16:00 before the festival: accept by 10:00 on the 调休 Saturday.
        assert_eq!(
            due_for(Step::Accept, t("2026-02-13 16:00"), &c, &h, &p),
            t("2026-02-14 10:00")
        );
        // Accepted on the 14th: 5 working days are 24, 25, 26, 27 and Saturday 28.
        assert_eq!(
            due_for(Step::Reply, t("2026-02-14 10:00"), &c, &h, &p),
            t("2026-02-28 17:00")
        );
        assert_eq!(
            due_for(Step::FollowUp, t("2026-02-28 16:00"), &c, &h, &p),
            t("2026-03-04 17:00")
        );
        // A 3-day extension of a reply due Saturday the 28th: 2, 3, 4 March.
        assert_eq!(
            extend_due(t("2026-02-28 17:00"), 3, &c, &h),
            t("2026-03-04 17:00")
        );
    }

    #[test]
    fn cards_yellow_then_red_never_twice() {
        let (c, h, p) = (WorkCalendar::new(), WorkHours::default(), Policy::default());
        // Dispatched Wednesday 2026-03-04 10:00, accept within 2 working hours: due 12:00,
        // red 2 working hours later, 14:00.
        let start = t("2026-03-04 10:00");
        let due = due_for(Step::Accept, start, &c, &h, &p);
        assert_eq!(due, t("2026-03-04 12:00"));
        assert_eq!(red_at(start, due, &c, &h, &p), t("2026-03-04 14:00"));
        let card = |now: &str| card_due(start, due, t(now), &c, &h, &p);
        assert_eq!(card("2026-03-04 11:59"), None);
        assert_eq!(card("2026-03-04 12:00"), None);
        assert_eq!(card("2026-03-04 12:01"), Some(Card::Yellow));
        assert_eq!(card("2026-03-04 14:00"), Some(Card::Yellow));
        assert_eq!(card("2026-03-04 14:01"), Some(Card::Red));
        let raise =
            |now: &str, raised: &[Card]| cards_to_raise(start, due, t(now), &c, &h, &p, raised);
        assert!(raise("2026-03-04 11:00", &[]).is_empty());
        assert_eq!(raise("2026-03-04 13:00", &[]), [Card::Yellow]);
        assert!(raise("2026-03-04 13:05", &[Card::Yellow]).is_empty());
        assert_eq!(raise("2026-03-04 15:00", &[Card::Yellow]), [Card::Red]);
        assert!(raise("2026-03-04 15:05", &[Card::Yellow, Card::Red]).is_empty());
        // The job was down through the yellow period: both, yellow first.
        assert_eq!(raise("2026-03-05 09:00", &[]), [Card::Yellow, Card::Red]);

        // A 5-day reply accepted Friday 2026-03-06 turns yellow after Friday 13th 17:00 and
        // red after 5 more working days, Friday 20th 17:00 — counting 40 working hours of the
        // step (from Monday 09:00: the Friday afternoon after 17:00 is not worked).
        let start = t("2026-03-06 17:30");
        let due = due_for(Step::Reply, start, &c, &h, &p);
        assert_eq!(due, t("2026-03-13 17:00"));
        assert_eq!(red_at(start, due, &c, &h, &p), t("2026-03-20 17:00"));
        assert_eq!(
            card_due(start, due, t("2026-03-14 10:00"), &c, &h, &p),
            Some(Card::Yellow)
        );
        assert_eq!(
            card_due(start, due, t("2026-03-23 09:00"), &c, &h, &p),
            Some(Card::Red)
        );
        // A fixed red limit: 8 working hours after the due time.
        let fixed = Policy {
            red_after_work_hours: Some(8),
            ..p
        };
        assert_eq!(red_at(start, due, &c, &h, &fixed), t("2026-03-16 17:00"));
    }
}

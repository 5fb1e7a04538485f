//! An action as a form gives it, checked into an [`Action`].

use super::*;
use crate::input::{loose_num_text, text};
use serde::Deserialize;

/// The most working days one extension may ask for.
pub const MAX_EXTENSION_DAYS: u32 = 30;

// An action as the page form, the API body or the tracking page gives it, read alike
// through its `Deserialize`: the action must be sent, the rest are blank when not given, and
// only the fields the action uses are read. (Kept out of the API schema's description, which
// is the body's own.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = ActionBody))]
pub struct ActionInput {
    /// `dispatch`, `accept`, `send_back`, `transfer`, `request_extension`,
    /// `approve_extension`, `refuse_extension`, `reply`, `follow_up`, `close`, `reopen`,
    /// `rate` or `withdraw`.
    pub action: String,
    /// Required for send_back, transfer, request_extension, refuse_extension and reopen; a
    /// note otherwise (at most 500 characters).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub reason: String,
    /// The handling unit, for dispatch and transfer.
    pub node_id: Option<i64>,
    /// Working days asked, 1–30, for request_extension.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<u32>))]
    pub days: String,
    /// The result (办理结果), for reply.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub result: String,
    /// Ids of the request's files cited as evidence (办理佐证), for reply.
    #[serde(default)]
    pub evidence: Vec<i64>,
    /// What the complainant said (回访情况), for follow_up.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub answer: String,
    /// `satisfied`, `basically_satisfied` or `dissatisfied`: required for rate, optional at
    /// follow_up.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub rating: String,
    /// Whether the problem was solved, for close.
    pub solved: Option<bool>,
}

// A rating of the answer, as the tracking page's API takes it. (Kept out of the API
// schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = RatingBody))]
pub struct RatingInput {
    /// `satisfied` (满意), `basically_satisfied` (基本满意) or `dissatisfied` (不满意).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub rating: String,
    /// At most 500 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub comment: String,
}

impl RatingInput {
    /// The rating as the action it is; the comment is its reason.
    pub fn action(self) -> ActionInput {
        ActionInput {
            action: "rate".into(),
            rating: self.rating,
            reason: self.comment,
            ..Default::default()
        }
    }
}

// A reason given on the tracking page's API, to reopen or withdraw a request. (Kept out of
// the API schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = ReasonBody))]
pub struct ReasonInput {
    /// Why; required to reopen, optional to withdraw. At most 500 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub reason: String,
}

impl ReasonInput {
    /// The reason for `action` (`reopen` or `withdraw`).
    pub fn action(self, action: &str) -> ActionInput {
        ActionInput {
            action: action.into(),
            reason: self.reason,
            ..Default::default()
        }
    }
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
                let days = self.extension_days(&mut fe);
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

    /// The working days an extension asks for (延期: at most 30 at a time).
    fn extension_days(&self, fe: &mut FieldErrors) -> Option<u32> {
        match self.days.trim() {
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
        }
    }
}

//! An action as a form gives it, checked into an [`Action`].

use super::*;

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

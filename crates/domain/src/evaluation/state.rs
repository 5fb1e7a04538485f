//! The states of a round and the moves between them: draft → self-assessment → review →
//! public notice (公示) → published, and a published round reopened by the superior with a
//! reason, which goes back to review.

/// A round's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundState {
    Draft,
    SelfAssessment,
    Review,
    Notice,
    Published,
    /// Reopened after publication; the departments score again, as in review.
    Reopened,
}

impl RoundState {
    pub const ALL: [RoundState; 6] = [
        RoundState::Draft,
        RoundState::SelfAssessment,
        RoundState::Review,
        RoundState::Notice,
        RoundState::Published,
        RoundState::Reopened,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RoundState::Draft => "draft",
            RoundState::SelfAssessment => "self_assessment",
            RoundState::Review => "review",
            RoundState::Notice => "notice",
            RoundState::Published => "published",
            RoundState::Reopened => "reopened",
        }
    }

    pub fn from_code(s: &str) -> Option<RoundState> {
        RoundState::ALL.into_iter().find(|v| v.code() == s.trim())
    }

    /// Organizations give their self-scores.
    pub fn takes_self_scores(self) -> bool {
        self == RoundState::SelfAssessment
    }

    /// Departments give their scores.
    pub fn takes_reviews(self) -> bool {
        matches!(self, RoundState::Review | RoundState::Reopened)
    }
}

/// Whether a round may move from `from` to `to`. Reopening (published → reopened) needs a
/// reason and the superior; the caller checks both.
pub fn move_allowed(from: RoundState, to: RoundState) -> bool {
    use RoundState::*;
    matches!(
        (from, to),
        (Draft, SelfAssessment)
            | (SelfAssessment, Review)
            | (Review, Notice)
            | (Notice, Review)
            | (Notice, Published)
            | (Published, Reopened)
            | (Reopened, Notice)
    )
}

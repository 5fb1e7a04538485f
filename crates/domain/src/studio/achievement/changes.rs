//! An achievement as the API body gives it, one type for creating and for changing.

use super::AchievementInput;
use serde::Deserialize;

/// An achievement as the API takes it. Dates are `YYYY-MM-DD`; on PATCH absent fields stay
/// and `""` clears a number.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = AchievementBody)
)]
pub struct AchievementPatch {
    /// `invention_patent`, `utility_patent`, `design_patent`, `software_copyright`,
    /// `innovation`, `standard`, `paper`, `research_topic` or `award`.
    pub kind: Option<String>,
    /// 2–200 characters.
    pub title: Option<String>,
    /// Patent application number (专利申请号), required for the three patent kinds, checked
    /// by its check character; `ZL`/`CN` prefixes and spaces are accepted.
    pub application_no: Option<String>,
    /// Grant or publication number, `CN 1234567 B`.
    pub grant_no: Option<String>,
    /// Software copyright registration number, `2019SR0123456`.
    pub registration_no: Option<String>,
    /// `national`, `provincial`, `city` or `district`; required for awards.
    pub level: Option<String>,
    /// An award's rank (一等奖 ...), required for awards.
    pub rank: Option<String>,
    pub achieved_on: Option<String>,
    pub note: Option<String>,
    /// Shared with the studio's alliances; false when absent on creation.
    pub shared: Option<bool>,
    /// Listed on the studio's public page; true when absent on creation.
    pub public: Option<bool>,
    /// People ids, in order; on PATCH replaces the list when given.
    pub contributors: Option<Vec<i64>>,
}

impl AchievementPatch {
    /// The body laid over `base` (the record being changed, or an empty one).
    pub fn over(self, base: AchievementInput) -> (AchievementInput, Option<Vec<i64>>) {
        let pick = |v: Option<String>, old: String| v.unwrap_or(old);
        let input = AchievementInput {
            kind: pick(self.kind, base.kind),
            title: pick(self.title, base.title),
            application_no: pick(self.application_no, base.application_no),
            grant_no: pick(self.grant_no, base.grant_no),
            registration_no: pick(self.registration_no, base.registration_no),
            level: pick(self.level, base.level),
            rank: pick(self.rank, base.rank),
            achieved_on: pick(self.achieved_on, base.achieved_on),
            note: pick(self.note, base.note),
            shared: self.shared.unwrap_or(base.shared),
            public: self.public.unwrap_or(base.public),
        };
        (input, self.contributors)
    }
}

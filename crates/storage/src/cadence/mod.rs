//! The work cadence (工作节奏): obligations set everywhere or for a subtree, activity records
//! with their attendance, and compliance summed from the per-day counts kept with every
//! activity written. Activities are read with `cadence.read` and recorded with
//! `cadence.write` over the organization that held them; obligations are set by a
//! superior with `cadence.manage`.

mod activity;
mod activity_write;
mod behind;
mod change;
mod compliance;
mod evidence;
mod figures;
mod files;
mod held;
mod import;
pub(crate) mod manifest;
mod migration;
mod obligation;
mod signin;
mod tally;

pub use activity::{ActivityFilter, ActivityView, AttendanceView, RosterEntry};
pub use behind::BehindCount;
pub use change::ChangeView;
pub use compliance::{BehindLine, ChildLine, Compliance, ObligationLine, TrendPoint};
pub use files::{ActivityFileView, MAX_FILES};
pub use import::ActivityRow;
pub use obligation::ObligationView;
pub use signin::{SignedIn, SigninView};

use crate::Scoped;

pub struct CadenceRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl CadenceRepo<'_> {
    /// The parts of organizations obligations may name besides kinds (a studio's host), as
    /// entries like the organization kinds'.
    pub fn roles(&self) -> Vec<crate::dict::DictEntry> {
        crate::areas::cadence_roles()
            .enumerate()
            .map(|(i, (code, zh, en))| crate::dict::DictEntry {
                code: code.to_string(),
                name: zh.to_string(),
                name_en: en.to_string(),
                sort_order: 10_000 + i as i32,
                builtin: true,
            })
            .collect()
    }

    /// The activity types' codes, in dictionary order.
    pub async fn type_codes(&self) -> crate::Result<Vec<String>> {
        Ok(self
            .s
            .dict()
            .entries("activity_type")
            .await?
            .into_iter()
            .map(|e| e.code)
            .collect())
    }
}

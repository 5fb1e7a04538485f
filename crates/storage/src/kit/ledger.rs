//! The personal growth ledger's events (个人台账): what any area records about a person, as
//! one timeline entry. The people area assembles the timeline; other areas hand it their
//! events through their manifest's `person_events`.

use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LedgerEvent {
    pub on: NaiveDate,
    /// What happened, as a translation key under `ledger.` (`post_start`, `step.admit`, ...).
    pub kind: String,
    /// The module the event comes from (`post`, `pipeline`, `honour`, `note`).
    pub source: String,
    /// Record text, in the record's own words (names, titles).
    pub title: String,
    pub detail: Option<String>,
    /// Who recorded it, when the source keeps that.
    pub by: Option<String>,
}

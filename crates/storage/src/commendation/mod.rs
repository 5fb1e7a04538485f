//! Commendations (通报表扬): a node's notice naming organizations and people with the
//! honour each receives, drafted by hand or from a published evaluation round's best
//! results (read through the list of areas, never the rounds' tables), issued under a
//! document number and then locked. On issue every person named gets the honour in the
//! honours ledger through the list of areas (the people area keeps it), in the same unit of
//! work; a revocation withdraws those honours again, with its reason audited.
//!
//! Who reads what: a commendation is read with `commendation.read` and changed with
//! `commendation.manage` over the node that issues it; what an organization received is
//! read with `commendation.read` over the organization. Anyone else is answered 404.

pub(crate) mod manifest;
mod migration;
mod read;
mod write;

use crate::entity::commendation_tables::commendation;
use crate::scope::Guarded;
use crate::Scoped;
use serde::Serialize;
use touyan_domain::access::Permission;

pub use read::CommendationFilter;

pub struct CommendationRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl<'a> Scoped<'a> {
    pub fn commendations(self) -> CommendationRepo<'a> {
        CommendationRepo { s: self }
    }
}

/// A commendation is read with `commendation.read` and changed with `commendation.manage`
/// over the node that issues it.
impl Guarded for commendation::Entity {
    const READ: Permission = Permission::CommendationRead;
    const WRITE: Permission = Permission::CommendationManage;
    fn path_column() -> commendation::Column {
        commendation::Column::NodePath
    }
    fn path_of(m: &commendation::Model) -> &str {
        &m.node_path
    }
}

/// A commendation as lists show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommendationView {
    pub id: i64,
    /// The node that issues it.
    pub node_id: i64,
    pub node_name: String,
    /// The published evaluation round it follows.
    pub round_id: Option<i64>,
    pub title: String,
    /// The document number (文号).
    pub doc_number: String,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    /// The level of the honours recorded (`district`, ...).
    pub level: String,
    /// `draft`, `issued` or `revoked`.
    pub state: String,
    pub revoke_reason: Option<String>,
    pub revoked_on: Option<String>,
    /// How many organizations it names.
    pub organizations: i64,
    /// How many people it names.
    pub people: i64,
    pub created_by: String,
}

/// An organization named, with its honour.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommendedOrgView {
    pub id: i64,
    pub node_id: i64,
    pub node_name: String,
    pub honour: String,
}

/// A person named, with the honour and the node as written in the notice.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommendedPersonView {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub node_id: i64,
    pub node_name: String,
    pub honour: String,
    /// The honour recorded in the honours ledger (issued; none once revoked).
    pub honour_id: Option<i64>,
}

/// A commendation with those it names.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommendationDetail {
    pub commendation: CommendationView,
    pub organizations: Vec<CommendedOrgView>,
    pub people: Vec<CommendedPersonView>,
    /// The caller manages it (`commendation.manage` over its node).
    pub can_manage: bool,
}

/// A commendation an organization received (issued, not revoked).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReceivedView {
    pub commendation_id: i64,
    pub title: String,
    pub doc_number: String,
    pub issued_on: String,
    pub issuer_name: String,
    pub honour: String,
}

pub(crate) fn day(d: &chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

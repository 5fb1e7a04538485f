//! The enterprise ledger (企业台账): each enterprise node's profile, read and changed through
//! the caller's scope (`enterprise.read`, `enterprise.write` over the node), its revenue by
//! year, its party-building status derived from the tree and the people records, and the
//! coverage of any node the caller reads.

mod census;
mod census_fill;
mod chain;
mod counts;
mod coverage;
mod facts;
mod figures;
mod import;
mod instructor;
mod links;
mod listing;
pub(crate) mod manifest;
mod marks;
mod migration;
mod parks;
mod write;

pub use census::{CensusRowView, CensusView, CensusYear};
pub use census_fill::{CensusFillRow, CensusFilled};
pub use chain::{ChainMemberView, ChainView};
pub use coverage::{Coverage, CoverageBy, CoverageRow};
pub use facts::PARTY_ORGANIZATION_KINDS;
pub use import::EnterpriseRow;
pub use instructor::{AssignmentView, InstructorView, TeamMemberView, TeamView};
pub use links::{IncubatorView, LinkView};
pub use parks::{
    ParkFilter, ParkLevelLine, ParkProfileView, ParkSummary, ParkView, ParksOverview, PARK_KIND,
};

use crate::entity::enterprise_tables::{
    enterprise, enterprise_link, enterprise_revenue, instructor_assignment,
};
use crate::entity::org_node;
use crate::kit::sql::{like_expr, nonblank};
use crate::{Page, Result, Scoped, StorageError};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;
use touyan_domain::enterprise::{
    party_status, should_have_own_branch, Cover, CreditCode, PartyFacts, PartyStatus,
};
use touyan_domain::paging::PageRequest;
use touyan_domain::tree::TreePath;

/// An enterprise's profile with its derived party status, as lists and pages show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EnterpriseView {
    /// The enterprise's node.
    pub id: i64,
    pub name: String,
    /// The node above it (its park or grid).
    pub parent_name: Option<String>,
    pub credit_code: String,
    pub legal_rep: Option<String>,
    pub industry: Option<String>,
    pub size: Option<String>,
    pub employees: Option<i64>,
    pub founded_on: Option<chrono::NaiveDate>,
    pub address: Option<String>,
    pub status: String,
    pub status_on: Option<chrono::NaiveDate>,
    /// The party organization tied to it now (its own filed elsewhere, or a covering branch).
    pub link: Option<LinkView>,
    /// `own`, `joint`, `incubation`, `members_only` or `none`.
    pub party_status: String,
    pub own_organizations: u64,
    /// Full and probationary members filed at the enterprise or under it.
    pub members: u64,
    pub full_members: u64,
    /// Three or more full members and no organization of its own (党章 第三十条).
    pub should_have_own_branch: bool,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct EnterpriseFilter {
    pub under: Option<i64>,
    /// Part of the name, or a whole credit code.
    pub q: Option<String>,
    pub status: Option<String>,
    pub industry: Option<String>,
    pub size: Option<String>,
    /// A party status code.
    pub party: Option<String>,
    /// Only those that should have their own branch and have none.
    pub breaking_rule: bool,
    /// With `revenue_at_least`: only those whose revenue of this year reached it.
    pub revenue_year: Option<i32>,
    /// In yuan.
    pub revenue_at_least: Option<i64>,
    /// Only those no instructor is sent to now (the gap list).
    pub without_instructor: bool,
    /// Only those this party organization is linked to now (a joint or incubation branch
    /// covering them, or their own filed elsewhere).
    pub covered_by: Option<i64>,
}

/// Most enterprises an export reads.
pub const EXPORT_CAP: u64 = 20_000;

pub struct EnterpriseRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

/// The enterprises whose revenue of `year` reached `yuan`.
fn reaching(year: i32, yuan: i64) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(enterprise_revenue::Column::NodeId)
        .from(enterprise_revenue::Entity)
        .and_where(enterprise_revenue::Column::Year.eq(year))
        .and_where(enterprise_revenue::Column::AmountFen.gte(yuan.saturating_mul(100)))
        .to_owned()
}

impl EnterpriseRepo<'_> {
    /// The profiles the filter keeps but for the party status, and the subtrees they are
    /// read from.
    async fn select(
        &self,
        f: &EnterpriseFilter,
    ) -> Result<(sea_orm::Select<enterprise::Entity>, Vec<TreePath>)> {
        let scopes = self.s.list_scopes::<enterprise::Entity>(f.under).await?;
        let seen = <enterprise::Entity as crate::scope::Listed>::seen_from(&scopes);
        let mut q = enterprise::Entity::find().filter(seen);
        if let Some(t) = nonblank(&f.q) {
            match CreditCode::parse(&t) {
                Ok(code) => q = q.filter(enterprise::Column::CreditCode.eq(code.as_str())),
                Err(_) => {
                    let named = Query::select()
                        .column(org_node::Column::Id)
                        .from(org_node::Entity)
                        .and_where(like_expr(org_node::Column::Name, &t))
                        .to_owned();
                    q = q.filter(enterprise::Column::NodeId.in_subquery(named));
                }
            }
        }
        if let Some(v) = nonblank(&f.status) {
            q = q.filter(enterprise::Column::Status.eq(v));
        }
        if let Some(v) = nonblank(&f.industry) {
            q = q.filter(enterprise::Column::Industry.eq(v));
        }
        if let Some(v) = nonblank(&f.size) {
            q = q.filter(enterprise::Column::Size.eq(v));
        }
        if f.without_instructor {
            let sent = Query::select()
                .column(instructor_assignment::Column::NodeId)
                .from(instructor_assignment::Entity)
                .and_where(instructor_assignment::Column::UntilOn.is_null())
                .to_owned();
            q = q.filter(enterprise::Column::NodeId.not_in_subquery(sent));
        }
        if let Some(org) = f.covered_by {
            let linked = Query::select()
                .column(enterprise_link::Column::NodeId)
                .from(enterprise_link::Entity)
                .and_where(enterprise_link::Column::OrgNodeId.eq(org))
                .and_where(enterprise_link::Column::UntilOn.is_null())
                .to_owned();
            q = q.filter(enterprise::Column::NodeId.in_subquery(linked));
        }
        match (f.revenue_year, f.revenue_at_least) {
            (Some(year), Some(yuan)) => {
                q = q.filter(enterprise::Column::NodeId.in_subquery(reaching(year, yuan)));
            }
            (None, None) => {}
            (None, Some(_)) => return Err(StorageError::field("revenue_year", "err.required")),
            (Some(_), None) => return Err(StorageError::field("revenue_at_least", "err.required")),
        }
        Ok((q, scopes))
    }

    pub async fn list(
        &self,
        f: &EnterpriseFilter,
        page: PageRequest,
    ) -> Result<Page<EnterpriseView>> {
        let (mut q, scopes) = self.select(f).await?;
        // The party status is derived: it is read from the enterprises' marks, those in the
        // same subtrees (so that the marks are read by their path, not all of them).
        let party = match nonblank(&f.party) {
            Some(code) => Some(
                PartyStatus::from_code(&code)
                    .ok_or_else(|| StorageError::field("party", "err.choice"))?,
            ),
            None => None,
        };
        if party.is_some() || f.breaking_rule {
            let marked = marks::marked(party.map(PartyStatus::code), f.breaking_rule, &scopes);
            q = q.filter(enterprise::Column::NodeId.in_subquery(marked));
        }
        listing::page_of(self.s.db, q, page).await
    }

    /// Up to `cap` enterprises for an export, in list order.
    pub async fn all(&self, f: &EnterpriseFilter, cap: u64) -> Result<Vec<EnterpriseView>> {
        let per_page = cap.min(EXPORT_CAP);
        Ok(self.list(f, PageRequest { page: 1, per_page }).await?.items)
    }

    /// One profile: in the caller's scope, or a member of a chain it reads (audited).
    pub async fn get(&self, id: i64) -> Result<EnterpriseView> {
        let m = self.readable(id).await?;
        Ok(self.views(vec![m]).await?.remove(0))
    }

    /// Whether node `id` has a profile the caller reads (none when it has none).
    pub async fn of_node(&self, id: i64) -> Result<Option<EnterpriseView>> {
        match self.get(id).await {
            Ok(v) => Ok(Some(v)),
            Err(StorageError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub(crate) async fn views(&self, rows: Vec<enterprise::Model>) -> Result<Vec<EnterpriseView>> {
        let (links, facts) = profile_facts(self.s.db, &rows).await?;
        let linked: Vec<enterprise_link::Model> = links.values().cloned().collect();
        let mut link_views: HashMap<i64, LinkView> =
            links::views_by_node(self.s.db, linked).await?;
        let ids: Vec<i64> = rows.iter().map(|m| m.node_id).collect();
        let nodes: HashMap<i64, org_node::Model> = crate::find_in(
            self.s.db,
            org_node::Entity::find(),
            org_node::Column::Id,
            &ids,
        )
        .await?
        .into_iter()
        .map(|n| (n.id, n))
        .collect();
        let parent_ids: Vec<i64> = nodes.values().filter_map(|n| n.parent_id).collect();
        let parents = crate::kit::sql::node_names(self.s.db, parent_ids).await?;
        Ok(rows
            .into_iter()
            .zip(facts)
            .map(|(m, f)| {
                let link = link_views.remove(&m.node_id);
                let node = nodes.get(&m.node_id);
                let name = node.map(|n| n.name.clone()).unwrap_or_default();
                let parent = node
                    .and_then(|n| n.parent_id)
                    .and_then(|p| parents.get(&p).cloned());
                view(m, name, parent, link, &f)
            })
            .collect())
    }

    /// An enterprise's revenue by year, latest first.
    pub async fn revenues(&self, id: i64) -> Result<Vec<RevenueView>> {
        self.readable(id).await?;
        Ok(enterprise_revenue::Entity::find()
            .filter(enterprise_revenue::Column::NodeId.eq(id))
            .order_by_desc(enterprise_revenue::Column::Year)
            .all(self.s.db)
            .await?
            .into_iter()
            .map(|r| RevenueView {
                id: r.id,
                year: r.year,
                amount_fen: r.amount_fen,
                amount: touyan_domain::money::Fen(r.amount_fen).yuan(),
            })
            .collect())
    }
}

/// One year's revenue.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RevenueView {
    pub id: i64,
    pub year: i32,
    pub amount_fen: i64,
    /// In yuan, as text (`120,000,000.00`).
    pub amount: String,
}

/// The current links (by path) and the party facts of `profiles`, in order: the tree and
/// the people records, the link, and — for a profile recorded before links existed — its old
/// cover flag.
pub(crate) async fn profile_facts<C: sea_orm::ConnectionTrait>(
    conn: &C,
    profiles: &[enterprise::Model],
) -> Result<(HashMap<String, enterprise_link::Model>, Vec<PartyFacts>)> {
    let paths: Vec<String> = profiles.iter().map(|m| m.node_path.clone()).collect();
    let links = links::current_by_path(conn, &paths).await?;
    let mut facts = facts::facts_with(conn, &paths, &links).await?;
    for (m, f) in profiles.iter().zip(facts.iter_mut()) {
        f.cover = f
            .cover
            .or(legacy_cover(&m.node_path, &links, m.cover.as_deref()));
    }
    Ok((links, facts))
}

/// The cover flag profiles carried before links existed, read only for one without a link.
fn legacy_cover(
    path: &str,
    links: &HashMap<String, enterprise_link::Model>,
    flag: Option<&str>,
) -> Option<Cover> {
    if links.contains_key(path) {
        None
    } else {
        flag.and_then(Cover::from_code)
    }
}

fn view(
    m: enterprise::Model,
    name: String,
    parent: Option<String>,
    link: Option<LinkView>,
    f: &PartyFacts,
) -> EnterpriseView {
    EnterpriseView {
        id: m.node_id,
        name,
        parent_name: parent,
        credit_code: m.credit_code,
        legal_rep: m.legal_rep,
        industry: m.industry,
        size: m.size,
        employees: m.employees,
        founded_on: m.founded_on,
        address: m.address,
        status: m.status,
        status_on: m.status_on,
        link,
        party_status: party_status(f).code().to_string(),
        own_organizations: f.own_organizations,
        members: f.members,
        full_members: f.full_members,
        should_have_own_branch: should_have_own_branch(f),
        updated_at: m.updated_at,
    }
}

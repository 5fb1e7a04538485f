//! A page of the ledger in one statement: the page of profiles the filter keeps, joined to
//! their nodes' names, their marks and their current links, so that a list costs its count
//! and its page and nothing more. The derived figures come from the marks, which every change
//! of the records they are worked out from keeps up to date.

use super::{EnterpriseView, LinkView};
use crate::entity::enterprise_tables::enterprise;
use crate::{count_rows, Page, Result};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, FromQueryResult, QueryOrder, QuerySelect, QueryTrait,
    Statement,
};
use touyan_domain::enterprise::PartyStatus;
use touyan_domain::paging::PageRequest;

/// What the page statement answers per enterprise.
#[derive(Debug, FromQueryResult)]
struct Row {
    node_id: i64,
    credit_code: String,
    legal_rep: Option<String>,
    industry: Option<String>,
    size: Option<String>,
    employees: Option<i64>,
    founded_on: Option<chrono::NaiveDate>,
    address: Option<String>,
    status: String,
    status_on: Option<chrono::NaiveDate>,
    updated_at: i64,
    name: Option<String>,
    parent_name: Option<String>,
    party: Option<String>,
    own_organizations: Option<i64>,
    members: Option<i64>,
    full_members: Option<i64>,
    breaking: Option<bool>,
    link_id: Option<i64>,
    link_kind: Option<String>,
    link_org_node_id: Option<i64>,
    link_org_name: Option<String>,
    link_from_on: Option<chrono::NaiveDate>,
    link_until_on: Option<chrono::NaiveDate>,
    link_outcome: Option<String>,
}

/// The joins around the page `e`: the node and the node above it, the mark, and the current
/// link (the latest, should two be open) with its organization's name.
const AROUND: &str = "SELECT e.node_id, e.credit_code, e.legal_rep, e.industry, e.size, \
     e.employees, e.founded_on, e.address, e.status, e.status_on, e.updated_at, \
     n.name AS name, pn.name AS parent_name, \
     m.party, m.own_organizations, m.members, m.full_members, m.breaking, \
     l.id AS link_id, l.kind AS link_kind, l.org_node_id AS link_org_node_id, \
     lo.name AS link_org_name, l.from_on AS link_from_on, l.until_on AS link_until_on, \
     l.outcome AS link_outcome \
     FROM ({page}) e \
     LEFT JOIN org_node n ON n.id = e.node_id \
     LEFT JOIN org_node pn ON pn.id = n.parent_id \
     LEFT JOIN enterprise_mark m ON m.node_id = e.node_id \
     LEFT JOIN enterprise_link l ON l.id = (SELECT MAX(x.id) FROM enterprise_link x \
         WHERE x.node_id = e.node_id AND x.until_on IS NULL) \
     LEFT JOIN org_node lo ON lo.id = l.org_node_id \
     ORDER BY e.node_path";

/// The count of what `filtered` keeps and one page of it in path order, as views.
pub(super) async fn page_of(
    db: &DatabaseConnection,
    filtered: sea_orm::Select<enterprise::Entity>,
    page: PageRequest,
) -> Result<Page<EnterpriseView>> {
    let backend = db.get_database_backend();
    let inner = filtered
        .clone()
        .order_by_asc(enterprise::Column::NodePath)
        .offset(page.offset())
        .limit(page.per_page)
        .build(backend);
    let sql = AROUND.replace("{page}", &inner.sql);
    let stmt = match inner.values {
        Some(v) => Statement::from_sql_and_values(backend, sql, v.0),
        None => Statement::from_string(backend, sql),
    };
    let rows = Row::find_by_statement(stmt).all(db);
    let (total, rows) = tokio::try_join!(count_rows(db, filtered), rows)?;
    Ok(Page {
        items: rows.into_iter().map(view).collect(),
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

fn view(r: Row) -> EnterpriseView {
    let link = match (r.link_id, r.link_kind, r.link_org_node_id, r.link_from_on) {
        (Some(id), Some(kind), Some(org_node_id), Some(from_on)) => Some(LinkView {
            id,
            kind,
            org_node_id,
            org_name: r.link_org_name.unwrap_or_default(),
            from_on,
            until_on: r.link_until_on,
            outcome: r.link_outcome,
        }),
        _ => None,
    };
    EnterpriseView {
        id: r.node_id,
        name: r.name.unwrap_or_default(),
        parent_name: r.parent_name,
        credit_code: r.credit_code,
        legal_rep: r.legal_rep,
        industry: r.industry,
        size: r.size,
        employees: r.employees,
        founded_on: r.founded_on,
        address: r.address,
        status: r.status,
        status_on: r.status_on,
        link,
        party_status: r
            .party
            .unwrap_or_else(|| PartyStatus::None.code().to_string()),
        own_organizations: r.own_organizations.unwrap_or(0).max(0) as u64,
        members: r.members.unwrap_or(0).max(0) as u64,
        full_members: r.full_members.unwrap_or(0).max(0) as u64,
        should_have_own_branch: r.breaking.unwrap_or(false),
        updated_at: r.updated_at,
    }
}

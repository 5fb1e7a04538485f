//! The annual census (起底): a year's snapshot of the figures of every enterprise under a
//! node — taken again, it is replaced —, corrected row by row by the park, compared with the
//! year before, and the yearly totals as the coverage's trend.

use super::census_fill::{fill_entry, write_fill};
use super::*;
use crate::audit::Entry;
use crate::entity::enterprise_tables::enterprise_census as census;
use crate::kit::lookup::node_for;
use crate::kit::work::Work;
use crate::now_ms;
use crate::scope::{within, Guarded};
use sea_orm::ActiveValue::Set;
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::enterprise::census::{
    change, CensusChange, CensusFigures, CensusFill, CensusTotals,
};
use touyan_domain::money::Fen;

/// A census row is read and corrected as the ledger is, over its enterprise's node.
impl Guarded for census::Entity {
    const READ: Permission = Permission::EnterpriseRead;
    const WRITE: Permission = Permission::EnterpriseWrite;
    fn path_column() -> census::Column {
        census::Column::NodePath
    }
    fn path_of(m: &census::Model) -> &str {
        &m.node_path
    }
}

/// One enterprise's line of a census, beside its figures of the year before.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CensusRowView {
    pub id: i64,
    pub enterprise_id: i64,
    pub name: String,
    pub status: String,
    pub party: String,
    pub employees: Option<i64>,
    pub members: i64,
    pub revenue_fen: Option<i64>,
    pub filled: bool,
    /// The year before, when that census holds the enterprise.
    pub previous_party: Option<String>,
    pub previous_employees: Option<i64>,
    pub previous_members: Option<i64>,
    pub previous_revenue_fen: Option<i64>,
}

/// A year's census under a node: its totals, the year before's, the change, the lines.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CensusView {
    pub year: i32,
    pub totals: CensusTotals,
    pub previous: Option<CensusTotals>,
    pub change: Option<CensusChange>,
    pub rows: Vec<CensusRowView>,
}

/// A year's totals, for the trend.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CensusYear {
    pub year: i32,
    pub totals: CensusTotals,
}

pub(super) fn row_view(
    m: census::Model,
    name: String,
    before: Option<&census::Model>,
) -> CensusRowView {
    CensusRowView {
        id: m.id,
        enterprise_id: m.node_id,
        name,
        status: m.status,
        party: m.party,
        employees: m.employees,
        members: m.members,
        revenue_fen: m.revenue_fen,
        filled: m.filled,
        previous_party: before.map(|b| b.party.clone()),
        previous_employees: before.and_then(|b| b.employees),
        previous_members: before.map(|b| b.members),
        previous_revenue_fen: before.and_then(|b| b.revenue_fen),
    }
}

fn figures(m: &census::Model) -> CensusFigures {
    CensusFigures {
        operating: m.status == "operating",
        party: PartyStatus::from_code(&m.party),
        employees: m.employees,
        members: m.members.max(0) as u64,
        revenue: m.revenue_fen.map(Fen),
    }
}

impl EnterpriseRepo<'_> {
    /// Takes the census of `year` under node `under` (which the caller may change the ledger
    /// of): every enterprise's figures of today, replacing that year's earlier rows for them.
    /// Answers how many enterprises it holds.
    pub async fn take_census(&self, under: i64, year: i32) -> Result<u64> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, path) = node_for(&self.s, txn, under, Permission::EnterpriseWrite, "under").await?;
        let profiles = enterprise::Entity::find()
            .filter(within(enterprise::Column::NodePath, &path))
            .all(txn)
            .await?;
        let (_, facts) = profile_facts(txn, &profiles).await?;
        let ids: Vec<i64> = profiles.iter().map(|m| m.node_id).collect();
        let revenues: HashMap<i64, i64> = crate::find_in(
            txn,
            enterprise_revenue::Entity::find().filter(enterprise_revenue::Column::Year.eq(year)),
            enterprise_revenue::Column::NodeId,
            &ids,
        )
        .await?
        .into_iter()
        .map(|r| (r.node_id, r.amount_fen))
        .collect();
        census::Entity::delete_many()
            .filter(census::Column::Year.eq(year))
            .filter(within(census::Column::NodePath, &path))
            .exec(txn)
            .await?;
        let now = now_ms();
        let rows: Vec<census::ActiveModel> = profiles
            .iter()
            .zip(&facts)
            .map(|(m, f)| {
                let f = *f;
                census::ActiveModel {
                    node_id: Set(m.node_id),
                    node_path: Set(m.node_path.clone()),
                    year: Set(year),
                    status: Set(m.status.clone()),
                    party: Set(party_status(&f).code().to_string()),
                    employees: Set(m.employees),
                    members: Set(f.members as i64),
                    revenue_fen: Set(revenues.get(&m.node_id).copied()),
                    filled: Set(false),
                    taken_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
            })
            .collect();
        let n = rows.len() as u64;
        for chunk in rows.chunks(crate::IN_CHUNK / 4) {
            census::Entity::insert_many(chunk.to_vec())
                .exec(txn)
                .await?;
        }
        work.record(Entry {
            action: "create",
            record_type: "enterprise_census",
            record_id: Some(year.to_string()),
            node: Some((under, &path)),
            before: None,
            after: Some(json!({"year": year, "enterprises": n})),
        })
        .await?;
        work.commit().await?;
        Ok(n)
    }

    async fn census_rows(&self, under: Option<i64>, year: i32) -> Result<Vec<census::Model>> {
        let seen = self.s.list_filter::<census::Entity>(under).await?;
        Ok(census::Entity::find()
            .filter(seen)
            .filter(census::Column::Year.eq(year))
            .order_by_asc(census::Column::NodePath)
            .all(self.s.db)
            .await?)
    }

    /// The census of `year` under `under` beside the year before's.
    pub async fn census(&self, under: Option<i64>, year: i32) -> Result<CensusView> {
        let rows = self.census_rows(under, year).await?;
        let before = self.census_rows(under, year - 1).await?;
        let totals = CensusTotals::of(&rows.iter().map(figures).collect::<Vec<_>>());
        let previous = (!before.is_empty())
            .then(|| CensusTotals::of(&before.iter().map(figures).collect::<Vec<_>>()));
        let before: HashMap<i64, census::Model> =
            before.into_iter().map(|m| (m.node_id, m)).collect();
        let names =
            crate::kit::sql::node_names(self.s.db, rows.iter().map(|r| r.node_id).collect())
                .await?;
        let rows = rows
            .into_iter()
            .map(|m| {
                let name = names.get(&m.node_id).cloned().unwrap_or_default();
                let b = before.get(&m.node_id);
                row_view(m, name, b)
            })
            .collect();
        Ok(CensusView {
            year,
            change: previous.as_ref().map(|p| change(p, &totals)),
            totals,
            previous,
            rows,
        })
    }

    /// The latest year a census holds enterprises under `under`, if any.
    pub async fn latest_census_year(&self, under: Option<i64>) -> Result<Option<i32>> {
        let seen = self.s.list_filter::<census::Entity>(under).await?;
        let year: Option<Option<i32>> = census::Entity::find()
            .select_only()
            .column_as(census::Column::Year.max(), "year")
            .filter(seen)
            .into_tuple()
            .one(self.s.db)
            .await?;
        Ok(year.flatten())
    }

    /// Each census year's totals under `under`, oldest first: the coverage's trend. One
    /// grouped read of the snapshots' operating rows, summed by year.
    pub async fn census_trend(&self, under: Option<i64>) -> Result<Vec<CensusYear>> {
        use sea_orm::sea_query::Expr;
        let seen = self.s.list_filter::<census::Entity>(under).await?;
        let organized: Vec<String> = PartyStatus::ALL
            .into_iter()
            .filter(|p| p.organized())
            .map(|p| format!("'{}'", p.code()))
            .collect();
        let sum = |e: String| Expr::cust(format!("CAST(SUM({e}) AS BIGINT)"));
        let rows: Vec<(i32, i64, i64, i64, i64, i64)> = census::Entity::find()
            .select_only()
            .column(census::Column::Year)
            .column_as(Expr::cust("COUNT(*)"), "n")
            .column_as(
                sum(format!(
                    "CASE WHEN party IN ({}) THEN 1 ELSE 0 END",
                    organized.join(", ")
                )),
                "organized",
            )
            .column_as(sum("COALESCE(employees, 0)".into()), "employees")
            .column_as(
                sum("CASE WHEN members > 0 THEN members ELSE 0 END".into()),
                "members",
            )
            .column_as(sum("COALESCE(revenue_fen, 0)".into()), "revenue")
            .filter(seen)
            .filter(census::Column::Status.eq("operating"))
            .group_by(census::Column::Year)
            .order_by_asc(census::Column::Year)
            .into_tuple()
            .all(self.s.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(year, n, organized, employees, members, revenue)| CensusYear {
                    year,
                    totals: CensusTotals::summed(
                        n as u64,
                        organized as u64,
                        employees,
                        members as u64,
                        revenue,
                    ),
                },
            )
            .collect())
    }

    /// Whether the caller reads census row `id` (not found otherwise).
    pub async fn check_census(&self, id: i64) -> Result<()> {
        self.s
            .load_for_read::<census::Entity, _>(self.s.db, id)
            .await
            .map(drop)
    }

    /// Corrects one census row with the park's own count.
    pub async fn fill_census(&self, id: i64, fill: CensusFill) -> Result<CensusRowView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let (m, path) = self
            .s
            .load_for_write::<census::Entity, _>(work.txn(), id)
            .await?;
        let year = m.year;
        let (after, before, after_json) = write_fill(&work, m, &fill, now_ms()).await?;
        work.record(fill_entry(&after, &path, before, after_json))
            .await?;
        work.commit().await?;
        let before = census::Entity::find()
            .filter(census::Column::NodeId.eq(after.node_id))
            .filter(census::Column::Year.eq(year - 1))
            .one(self.s.db)
            .await?;
        let name = crate::kit::sql::node_names(self.s.db, vec![after.node_id])
            .await?
            .remove(&after.node_id)
            .unwrap_or_default();
        Ok(row_view(after, name, before.as_ref()))
    }
}

//! Each enterprise's mark: its derived party status, members and the rule of three, kept up
//! to date in the transaction of every change that can alter them — its profile and links
//! here, and, through the list of areas' change hook, nodes and people filed at or under it
//! anywhere in the product. Coverage is summed from the marks.

use super::*;
use crate::entity::enterprise_tables::enterprise_mark as mark;
use crate::kit::area::Answer;
use crate::scope::Guarded;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseTransaction, PaginatorTrait};
use std::collections::BTreeSet;
use touyan_domain::access::Permission;
use touyan_domain::tree::TreePath;

/// A mark is read as the profile is.
impl Guarded for mark::Entity {
    const READ: Permission = Permission::EnterpriseRead;
    const WRITE: Permission = Permission::EnterpriseWrite;
    fn path_column() -> mark::Column {
        mark::Column::NodePath
    }
    fn path_of(m: &mark::Model) -> &str {
        &m.node_path
    }
}

/// Works the marks of `profiles` out again and stores them: their facts read at once, the
/// rows written a chunk at a time.
pub(super) async fn remark_profiles<C: ConnectionTrait>(
    conn: &C,
    profiles: &[enterprise::Model],
) -> Result<()> {
    let (_, facts) = profile_facts(conn, &profiles).await?;
    let rows: Vec<mark::ActiveModel> = profiles
        .iter()
        .zip(facts)
        .map(|(m, f)| mark::ActiveModel {
            node_id: Set(m.node_id),
            node_path: Set(m.node_path.clone()),
            operating: Set(m.status == "operating"),
            party: Set(party_status(&f).code().to_string()),
            members: Set(f.members as i64),
            full_members: Set(f.full_members as i64),
            breaking: Set(should_have_own_branch(&f)),
            industry: Set(m.industry.clone()),
            size: Set(m.size.clone()),
            own_organizations: Set(f.own_organizations as i64),
        })
        .collect();
    for chunk in profiles.chunks(crate::IN_CHUNK) {
        let ids: Vec<i64> = chunk.iter().map(|m| m.node_id).collect();
        mark::Entity::delete_many()
            .filter(mark::Column::NodeId.is_in(ids))
            .exec(conn)
            .await?;
    }
    for part in rows.chunks(crate::IN_CHUNK / 5) {
        mark::Entity::insert_many(part.to_vec()).exec(conn).await?;
    }
    Ok(())
}

/// The mark of enterprise node `id` after its profile or links changed (removed with the
/// profile).
pub(crate) async fn remark<C: ConnectionTrait>(conn: &C, id: i64) -> Result<()> {
    match enterprise::Entity::find_by_id(id).one(conn).await? {
        Some(m) => remark_profiles(conn, &[m]).await,
        None => {
            mark::Entity::delete_by_id(id).exec(conn).await?;
            Ok(())
        }
    }
}

/// The marks of enterprise nodes `ids` after their profiles were written.
pub(crate) async fn remark_many<C: ConnectionTrait>(conn: &C, ids: &[i64]) -> Result<()> {
    let profiles = crate::find_in(
        conn,
        enterprise::Entity::find(),
        enterprise::Column::NodeId,
        ids,
    )
    .await?;
    remark_profiles(conn, &profiles).await
}

/// The marks of the enterprises at or above any of `paths` (their records changed).
pub(crate) async fn remark_around<C: ConnectionTrait>(conn: &C, paths: &[TreePath]) -> Result<()> {
    let ids: BTreeSet<i64> = paths.iter().flat_map(|p| p.ids()).collect();
    let ids: Vec<i64> = ids.into_iter().collect();
    remark_many(conn, &ids).await
}

/// The hook the list of areas calls when records at some paths changed.
pub(super) fn records_changed<'a>(
    txn: &'a DatabaseTransaction,
    paths: &'a [TreePath],
) -> Answer<'a, ()> {
    Box::pin(remark_around(txn, paths))
}

/// Every mark worked out afresh (after the migration that made them).
pub(super) fn rebuild(txn: &DatabaseTransaction) -> Answer<'_, ()> {
    Box::pin(async move {
        mark::Entity::delete_many().exec(txn).await?;
        let profiles = enterprise::Entity::find().all(txn).await?;
        remark_profiles(txn, &profiles).await
    })
}

/// The grouped figures of the operating enterprises the filter keeps: (party, members,
/// breaking) lines with their count, added into a coverage.
pub(super) async fn sum_marks(s: &Scoped<'_>, under: Option<i64>) -> Result<Coverage> {
    let seen = s.list_filter::<mark::Entity>(under).await?;
    let rows: Vec<(String, i64, i64, i64)> = mark::Entity::find()
        .select_only()
        .column(mark::Column::Party)
        .column_as(mark::Column::NodeId.count(), "n")
        .column_as(Expr::cust("CAST(SUM(members) AS BIGINT)"), "members")
        .column_as(
            Expr::cust("CAST(SUM(CASE WHEN breaking THEN 1 ELSE 0 END) AS BIGINT)"),
            "breaking",
        )
        .filter(seen)
        .filter(mark::Column::Operating.eq(true))
        .group_by(mark::Column::Party)
        .into_tuple()
        .all(s.db)
        .await?;
    let mut c = Coverage::default();
    for (party, n, members, breaking) in rows {
        c.add_many(&party, n as u64, members as u64, breaking as u64);
    }
    Ok(c.rated())
}

/// The marks of the operating enterprises the filter keeps, for a breakdown.
pub(super) async fn operating_marks(
    s: &Scoped<'_>,
    under: Option<i64>,
) -> Result<Vec<mark::Model>> {
    let seen = s.list_filter::<mark::Entity>(under).await?;
    Ok(mark::Entity::find()
        .filter(seen)
        .filter(mark::Column::Operating.eq(true))
        .all(s.db)
        .await?)
}

/// The enterprises in `scopes` whose mark has `party` (or breaks the rule), for the list's
/// filters.
pub(super) fn marked(
    party: Option<&str>,
    breaking: bool,
    scopes: &[TreePath],
) -> sea_orm::sea_query::SelectStatement {
    let mut c =
        sea_orm::Condition::all().add(crate::scope::within_any(mark::Column::NodePath, scopes));
    if let Some(p) = party {
        c = c.add(mark::Column::Party.eq(p));
    }
    if breaking {
        c = c.add(mark::Column::Breaking.eq(true));
    }
    sea_orm::sea_query::Query::select()
        .column(mark::Column::NodeId)
        .from(mark::Entity)
        .cond_where(c)
        .to_owned()
}

impl EnterpriseRepo<'_> {
    /// The same figure as [`EnterpriseRepo::coverage`], worked out from the tree and the
    /// people records without the marks: for checking the marks, and as the benchmark's
    /// baseline.
    pub async fn coverage_counted(&self, under: Option<i64>) -> Result<Coverage> {
        let seen = self.s.list_filter::<enterprise::Entity>(under).await?;
        let profiles = enterprise::Entity::find()
            .filter(seen)
            .filter(enterprise::Column::Status.eq("operating"))
            .all(self.s.db)
            .await?;
        let (_, facts) = profile_facts(self.s.db, &profiles).await?;
        let mut c = Coverage::default();
        for f in &facts {
            c.add(f);
        }
        Ok(c.rated())
    }
}

impl crate::Store {
    /// Works every enterprise's mark out afresh from the records, in one transaction (for
    /// data written around the product, as the benchmark's generator does); answers how
    /// many enterprises were marked.
    pub async fn recount_enterprise_marks(&self) -> Result<u64> {
        let txn = crate::begin_write(self.raw_connection()).await?;
        rebuild(&txn).await?;
        let n = mark::Entity::find().count(&txn).await?;
        txn.commit().await?;
        Ok(n)
    }
}

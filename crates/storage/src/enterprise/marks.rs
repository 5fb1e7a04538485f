//! Each enterprise's mark: its derived party status, members and the rule of three, and the
//! chains it is a current member of, kept up to date in the transaction of every change that
//! can alter them — its profile, links and chain memberships here, and, through the list of
//! areas' change hook, nodes and people filed at or under it anywhere in the product. Coverage
//! is summed from the marks.

use super::*;
use crate::entity::enterprise_tables::{enterprise_count as count, enterprise_mark as mark};
use crate::kit::area::Answer;
use crate::scope::Guarded;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseTransaction, PaginatorTrait};
use std::collections::BTreeSet;
use touyan_domain::access::Permission;
use touyan_domain::enterprise::tally::chains_text;
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
    let (_, facts) = profile_facts(conn, profiles).await?;
    let ids: Vec<i64> = profiles.iter().map(|m| m.node_id).collect();
    let chains = super::chain::current_chains_of(conn, &ids).await?;
    let marks: Vec<mark::Model> = profiles
        .iter()
        .zip(facts)
        .map(|(m, f)| mark::Model {
            node_id: m.node_id,
            node_path: m.node_path.clone(),
            operating: m.status == "operating",
            party: party_status(&f).code().to_string(),
            members: f.members as i64,
            full_members: f.full_members as i64,
            breaking: should_have_own_branch(&f),
            industry: m.industry.clone(),
            size: m.size.clone(),
            own_organizations: f.own_organizations as i64,
            chains: chains_text(
                chains
                    .get(&m.node_id)
                    .map(Vec::as_slice)
                    .unwrap_or_default(),
            ),
        })
        .collect();
    store_marks(conn, &ids, marks).await
}

/// Replaces the marks of enterprise nodes `ids` by `marks` (those of the nodes that still
/// have a profile), moving the kept coverage by the difference.
async fn store_marks<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
    marks: Vec<mark::Model>,
) -> Result<()> {
    let before = crate::find_in(conn, mark::Entity::find(), mark::Column::NodeId, ids).await?;
    super::counts::shift(conn, &before, &marks).await?;
    for chunk in ids.chunks(crate::IN_CHUNK) {
        mark::Entity::delete_many()
            .filter(mark::Column::NodeId.is_in(chunk.to_vec()))
            .exec(conn)
            .await?;
    }
    let rows: Vec<mark::ActiveModel> = marks
        .into_iter()
        .map(|m| mark::ActiveModel::from(m).reset_all())
        .collect();
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
        None => store_marks(conn, &[id], Vec::new()).await,
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

/// The enterprises in the moved subtree now count for other nodes above them: their marks,
/// still at the paths they were counted at, are worked out again at the new ones.
pub(super) fn after_move<'a>(txn: &'a DatabaseTransaction, moved: &'a TreePath) -> Answer<'a, ()> {
    Box::pin(async move {
        let profiles = enterprise::Entity::find()
            .filter(crate::scope::within(enterprise::Column::NodePath, moved))
            .all(txn)
            .await?;
        for part in profiles.chunks(crate::IN_CHUNK * 4) {
            remark_profiles(txn, part).await?;
        }
        Ok(())
    })
}

/// Every mark worked out afresh (after the migration that made them).
pub(super) fn rebuild(txn: &DatabaseTransaction) -> Answer<'_, ()> {
    Box::pin(async move {
        mark::Entity::delete_many().exec(txn).await?;
        count::Entity::delete_many().exec(txn).await?;
        let profiles = enterprise::Entity::find().all(txn).await?;
        remark_profiles(txn, &profiles).await
    })
}

/// The coverage of the operating enterprises under `under` (or the caller's whole scope), as
/// the counts kept per node give it.
pub(super) async fn sum_marks(s: &Scoped<'_>, under: Option<i64>) -> Result<Coverage> {
    let scopes = s.list_scopes::<mark::Entity>(under).await?;
    super::counts::read(s.db, &scopes).await
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

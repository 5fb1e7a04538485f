//! The coverage kept per node (`enterprise_count`): every change of marks hands its old and
//! new marks here, and the lines of every node above the enterprises touched move by the
//! difference (`touyan_domain::enterprise::tally`). Reading the coverage of a node is then
//! its few lines, plus its own mark when it is an enterprise itself.

use super::Coverage;
use crate::entity::enterprise_tables::{enterprise_count as count, enterprise_mark as mark};
use crate::Result;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IdenStatic, QueryFilter,
};
use touyan_domain::enterprise::tally::{deltas, Counted, FOREST};
use touyan_domain::tree::{minimal_prefixes, TreePath};

/// Lines written per statement.
const LINES: usize = 100;

/// What an operating enterprise's mark counts for (none when it is not operating).
fn counted(m: &mark::Model) -> Result<Option<Counted>> {
    if !m.operating {
        return Ok(None);
    }
    Ok(Some(Counted {
        path: TreePath::parse(&m.node_path)?,
        party: m.party.clone(),
        members: m.members,
        breaking: m.breaking,
    }))
}

/// Moves the kept coverage from what the marks `before` counted to what `after` count.
pub(super) async fn shift<C: ConnectionTrait>(
    conn: &C,
    before: &[mark::Model],
    after: &[mark::Model],
) -> Result<()> {
    let old: Vec<Counted> = before
        .iter()
        .map(counted)
        .filter_map(|c| c.transpose())
        .collect::<Result<_>>()?;
    let new: Vec<Counted> = after
        .iter()
        .map(counted)
        .filter_map(|c| c.transpose())
        .collect::<Result<_>>()?;
    let lines: Vec<count::ActiveModel> = deltas(&old, &new)
        .into_iter()
        .map(|((node_id, party), d)| count::ActiveModel {
            node_id: Set(node_id),
            party: Set(party),
            n: Set(d.n),
            members: Set(d.members),
            breaking: Set(d.breaking),
        })
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    let added = |c: count::Column| {
        Expr::col((count::Entity, c)).add(Expr::cust(format!("excluded.{}", c.as_str())))
    };
    let mut touched = Vec::with_capacity(lines.len());
    for part in lines.chunks(LINES) {
        touched.extend(part.iter().filter_map(|l| l.node_id.clone().take()));
        count::Entity::insert_many(part.to_vec())
            .on_conflict(
                OnConflict::columns([count::Column::NodeId, count::Column::Party])
                    .value(count::Column::N, added(count::Column::N))
                    .value(count::Column::Members, added(count::Column::Members))
                    .value(count::Column::Breaking, added(count::Column::Breaking))
                    .to_owned(),
            )
            .exec_without_returning(conn)
            .await?;
    }
    touched.sort_unstable();
    touched.dedup();
    for ids in touched.chunks(crate::IN_CHUNK) {
        count::Entity::delete_many()
            .filter(count::Column::NodeId.is_in(ids.to_vec()))
            .filter(count::Column::N.lte(0))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// The kept coverage of the subtrees `scopes` (those inside another are counted once).
pub(super) async fn read<C: ConnectionTrait>(conn: &C, scopes: &[TreePath]) -> Result<Coverage> {
    let scopes = minimal_prefixes(scopes.to_vec());
    let mut nodes = Vec::with_capacity(scopes.len());
    for s in &scopes {
        nodes.push(s.id().unwrap_or(FOREST));
    }
    let mut c = Coverage::default();
    if nodes.is_empty() {
        return Ok(c.rated());
    }
    for line in count::Entity::find()
        .filter(count::Column::NodeId.is_in(nodes.clone()))
        .all(conn)
        .await?
    {
        c.add_many(
            &line.party,
            line.n as u64,
            line.members as u64,
            line.breaking as u64,
        );
    }
    // A node that is an enterprise counts itself too (its lines hold those under it).
    for m in mark::Entity::find()
        .filter(mark::Column::NodeId.is_in(nodes))
        .filter(mark::Column::Operating.eq(true))
        .all(conn)
        .await?
    {
        c.add_many(&m.party, 1, m.members as u64, u64::from(m.breaking));
    }
    Ok(c.rated())
}

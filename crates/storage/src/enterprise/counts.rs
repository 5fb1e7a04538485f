//! The coverage kept per node (`enterprise_count`): every change of marks hands its old and
//! new marks here, and the lines of every node above the enterprises touched move by the
//! difference (`touyan_domain::enterprise::tally`), in all, by industry section, by size and
//! by industrial chain. Reading the coverage of a node, or its breakdown by children,
//! industry, size or chain, is then a few lines, plus the own marks of the nodes read when
//! they are enterprises themselves.

use super::Coverage;
use crate::entity::enterprise_tables::{enterprise_count as count, enterprise_mark as mark};
use crate::entity::org_node;
use crate::Result;
use sea_orm::sea_query::{Expr, OnConflict, Query, SelectStatement};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IdenStatic, QueryFilter,
};
use std::collections::BTreeMap;
use touyan_domain::enterprise::tally::{
    deltas, parse_chains, Counted, ALL, BY_CHAIN, FOREST, IN_ANY_CHAIN,
};
use touyan_domain::tree::{minimal_prefixes, TreePath};

/// Lines written per statement.
const LINES: usize = 100;

/// The chains a mark was counted under.
fn chains_of(m: &mark::Model) -> Result<Vec<i64>> {
    parse_chains(&m.chains).ok_or_else(|| {
        sea_orm::DbErr::Custom(format!(
            "enterprise mark {}: chains {:?}",
            m.node_id, m.chains
        ))
        .into()
    })
}

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
        industry: m.industry.clone().unwrap_or_default(),
        size: m.size.clone().unwrap_or_default(),
        chains: chains_of(m)?,
    }))
}

fn all_counted(marks: &[mark::Model]) -> Result<Vec<Counted>> {
    marks
        .iter()
        .map(counted)
        .filter_map(|c| c.transpose())
        .collect()
}

/// Moves the kept coverage from what the marks `before` counted to what `after` count.
pub(super) async fn shift<C: ConnectionTrait>(
    conn: &C,
    before: &[mark::Model],
    after: &[mark::Model],
) -> Result<()> {
    let lines: Vec<count::ActiveModel> = deltas(&all_counted(before)?, &all_counted(after)?)
        .into_iter()
        .map(|((node_id, dim, party), d)| count::ActiveModel {
            node_id: Set(node_id),
            dim: Set(dim),
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
                OnConflict::columns([
                    count::Column::NodeId,
                    count::Column::Dim,
                    count::Column::Party,
                ])
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

/// The nodes whose lines give the coverage of the subtrees `scopes` (those inside another are
/// counted once; the whole forest is node 0).
fn scope_nodes(scopes: &[TreePath]) -> Vec<i64> {
    minimal_prefixes(scopes.to_vec())
        .iter()
        .map(|s| s.id().unwrap_or(FOREST))
        .collect()
}

/// Adds a kept line to `c`.
fn add_line(c: &mut Coverage, line: &count::Model) {
    c.add_many(
        &line.party,
        line.n as u64,
        line.members as u64,
        line.breaking as u64,
    );
}

/// Adds an enterprise's own mark to `c`.
fn add_mark(c: &mut Coverage, m: &mark::Model) {
    c.add_many(&m.party, 1, m.members as u64, u64::from(m.breaking));
}

/// The operating marks of the nodes `nodes` themselves (a node that is an enterprise counts
/// itself; its lines hold only those under it).
async fn own_marks<C: ConnectionTrait>(conn: &C, nodes: Vec<i64>) -> Result<Vec<mark::Model>> {
    Ok(mark::Entity::find()
        .filter(mark::Column::NodeId.is_in(nodes))
        .filter(mark::Column::Operating.eq(true))
        .all(conn)
        .await?)
}

/// The kept lines of the nodes `nodes` whose dimension meets `dims`.
async fn kept_lines<C: ConnectionTrait>(
    conn: &C,
    nodes: &[i64],
    dims: sea_orm::sea_query::SimpleExpr,
) -> Result<Vec<count::Model>> {
    Ok(count::Entity::find()
        .filter(count::Column::NodeId.is_in(nodes.to_vec()))
        .filter(dims)
        .all(conn)
        .await?)
}

/// The kept coverage of the subtrees `scopes` (those inside another are counted once).
pub(super) async fn read<C: ConnectionTrait>(conn: &C, scopes: &[TreePath]) -> Result<Coverage> {
    let nodes = scope_nodes(scopes);
    let mut c = Coverage::default();
    if nodes.is_empty() {
        return Ok(c.rated());
    }
    for line in kept_lines(conn, &nodes, count::Column::Dim.eq(ALL)).await? {
        add_line(&mut c, &line);
    }
    for m in own_marks(conn, nodes).await? {
        add_mark(&mut c, &m);
    }
    Ok(c.rated())
}

/// The kept coverage of the subtrees `scopes` by the code of one dimension (`prefix` is
/// `industry:` or `size:`; an unrecorded code is `""`): the lines of that dimension of the
/// scopes' nodes, and the scopes' own marks by `code_of`.
pub(super) async fn read_by<C: ConnectionTrait>(
    conn: &C,
    scopes: &[TreePath],
    prefix: &str,
    code_of: fn(&mark::Model) -> Option<String>,
) -> Result<BTreeMap<String, Coverage>> {
    let nodes = scope_nodes(scopes);
    let mut out: BTreeMap<String, Coverage> = BTreeMap::new();
    if nodes.is_empty() {
        return Ok(out);
    }
    for line in kept_lines(conn, &nodes, count::Column::Dim.starts_with(prefix)).await? {
        let code = line.dim.strip_prefix(prefix).unwrap_or_default();
        add_line(out.entry(code.to_string()).or_default(), &line);
    }
    for m in own_marks(conn, nodes).await? {
        add_mark(out.entry(code_of(&m).unwrap_or_default()).or_default(), &m);
    }
    Ok(out)
}

/// The kept coverage of the subtrees `scopes` by industrial chain, keyed by the chain's node
/// id, with `*` for the enterprises in any chain (each once) and `""` for all of them: the
/// scopes' nodes' lines in all and by chain in one read, and the scopes' own marks with the
/// chains they were counted under in another.
pub(super) async fn read_chains<C: ConnectionTrait>(
    conn: &C,
    scopes: &[TreePath],
) -> Result<BTreeMap<String, Coverage>> {
    let nodes = scope_nodes(scopes);
    let mut out: BTreeMap<String, Coverage> = BTreeMap::new();
    if nodes.is_empty() {
        return Ok(out);
    }
    let dims = count::Column::Dim
        .eq(ALL)
        .or(count::Column::Dim.starts_with(BY_CHAIN));
    for line in kept_lines(conn, &nodes, dims).await? {
        let key = line.dim.strip_prefix(BY_CHAIN).unwrap_or_default();
        add_line(out.entry(key.to_string()).or_default(), &line);
    }
    for m in own_marks(conn, nodes).await? {
        let chains = chains_of(&m)?;
        add_mark(out.entry(String::new()).or_default(), &m);
        if chains.is_empty() {
            continue;
        }
        let any = IN_ANY_CHAIN.strip_prefix(BY_CHAIN).unwrap_or_default();
        let keys = std::iter::once(any.to_string()).chain(chains.iter().map(|c| c.to_string()));
        for key in keys {
            add_mark(out.entry(key).or_default(), &m);
        }
    }
    Ok(out)
}

/// The kept coverage under node `id` by its children (keyed by the child's id; the node's
/// own mark, when it is an operating enterprise, under `""`): the children's lines in one
/// read, and the own marks of the node and its children in another, both by index.
pub(super) async fn read_children<C: ConnectionTrait>(
    conn: &C,
    id: i64,
) -> Result<BTreeMap<String, Coverage>> {
    let children = || -> SelectStatement {
        Query::select()
            .column(org_node::Column::Id)
            .from(org_node::Entity)
            .and_where(org_node::Column::ParentId.eq(id))
            .to_owned()
    };
    let mut out: BTreeMap<String, Coverage> = BTreeMap::new();
    for line in count::Entity::find()
        .filter(count::Column::NodeId.in_subquery(children()))
        .filter(count::Column::Dim.eq(ALL))
        .all(conn)
        .await?
    {
        add_line(out.entry(line.node_id.to_string()).or_default(), &line);
    }
    // The node itself is asked for inside the subquery: `IN (children) OR node_id = id` made
    // PostgreSQL filter every mark through a hashed subplan (a scan of the whole table, the
    // same few milliseconds under any node), where this is found by the indexes.
    let node_and_children = Query::select()
        .column(org_node::Column::Id)
        .from(org_node::Entity)
        .cond_where(
            org_node::Column::ParentId
                .eq(id)
                .or(org_node::Column::Id.eq(id)),
        )
        .to_owned();
    for m in mark::Entity::find()
        .filter(mark::Column::NodeId.in_subquery(node_and_children))
        .filter(mark::Column::Operating.eq(true))
        .all(conn)
        .await?
    {
        let key = if m.node_id == id {
            String::new()
        } else {
            m.node_id.to_string()
        };
        add_mark(out.entry(key).or_default(), &m);
    }
    Ok(out)
}

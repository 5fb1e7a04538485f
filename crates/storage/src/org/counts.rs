//! How many nodes of each kind and status each node's subtree holds (itself included), kept in
//! `org_count` by every change of the tree, so the figures of a scope are read from a few rows
//! whatever its size: a city's 20 000 nodes cost what a grid's one does.

use crate::kit::sql::stmt;
use crate::Result;
use sea_orm::sea_query::{Alias, Expr, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction, Statement};
use std::collections::HashMap;
use touyan_domain::tree::TreePath;

fn t() -> Alias {
    Alias::new("org_count")
}
fn c(name: &str) -> Alias {
    Alias::new(name)
}

/// Adds `n` (which may be negative) nodes of `kind` and `status` to the counts of `ids`.
pub(crate) async fn add(
    txn: &DatabaseTransaction,
    ids: &[i64],
    kind: &str,
    status: &str,
    n: i64,
) -> Result<()> {
    if ids.is_empty() || n == 0 {
        return Ok(());
    }
    let mut q = Query::insert();
    q.into_table(t())
        .columns([c("node_id"), c("kind"), c("status"), c("n")]);
    for id in ids {
        q.values_panic([(*id).into(), kind.into(), status.into(), n.into()]);
    }
    q.on_conflict(
        OnConflict::columns([c("node_id"), c("kind"), c("status")])
            .value(
                c("n"),
                Expr::col((t(), c("n"))).add(Expr::cust("excluded.n")),
            )
            .to_owned(),
    );
    let b = txn.get_database_backend();
    txn.execute(b.build(&q)).await?;
    Ok(())
}

/// A node at `path` counted (`n` = 1) or uncounted (-1) in its own and its ancestors' counts.
pub(crate) async fn count_node(
    txn: &DatabaseTransaction,
    path: &TreePath,
    kind: &str,
    status: &str,
    n: i64,
) -> Result<()> {
    add(txn, &path.ids(), kind, status, n).await
}

/// A subtree (its top's own counts) moved from under `old_above` to under `new_above`.
pub(crate) async fn move_subtree(
    txn: &DatabaseTransaction,
    top: i64,
    old_above: &[i64],
    new_above: &[i64],
) -> Result<()> {
    let b = txn.get_database_backend();
    let rows = txn
        .query_all(stmt(
            b,
            "SELECT kind, status, n FROM org_count WHERE node_id = ? AND n <> 0",
            vec![top.into()],
        ))
        .await?;
    for r in rows {
        let kind: String = r.try_get_by_index(0)?;
        let status: String = r.try_get_by_index(1)?;
        let n: i64 = r.try_get_by_index(2)?;
        add(txn, old_above, &kind, &status, -n).await?;
        add(txn, new_above, &kind, &status, n).await?;
    }
    Ok(())
}

/// A deleted node's own counts go with it.
pub(crate) async fn forget(txn: &DatabaseTransaction, id: i64) -> Result<()> {
    let b = txn.get_database_backend();
    txn.execute(stmt(
        b,
        "DELETE FROM org_count WHERE node_id = ?",
        vec![id.into()],
    ))
    .await?;
    Ok(())
}

/// The counts of the subtrees of `ids`, added up, as (kind, status, n).
pub(crate) async fn of<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<Vec<(String, String, i64)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let q = Query::select()
        .column(c("kind"))
        .column(c("status"))
        .expr(Expr::cust("CAST(SUM(n) AS BIGINT)"))
        .from(t())
        .and_where(Expr::col(c("node_id")).is_in(ids.iter().copied()))
        .group_by_col(c("kind"))
        .group_by_col(c("status"))
        .to_owned();
    let b = conn.get_database_backend();
    let rows = conn.query_all(b.build(&q)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let n: i64 = r.try_get_by_index(2)?;
        if n != 0 {
            out.push((r.try_get_by_index(0)?, r.try_get_by_index(1)?, n));
        }
    }
    Ok(out)
}

/// Every count made again from the nodes (after a bulk load, or for a database stored
/// before the counts existed).
pub(crate) async fn rebuild(txn: &DatabaseTransaction) -> Result<()> {
    let b = txn.get_database_backend();
    txn.execute(Statement::from_string(b, "DELETE FROM org_count"))
        .await?;
    let rows = txn
        .query_all(Statement::from_string(
            b,
            "SELECT path, kind, status FROM org_node",
        ))
        .await?;
    let mut counts: HashMap<(i64, String, String), i64> = HashMap::new();
    for r in rows {
        let path: String = r.try_get_by_index(0)?;
        let kind: String = r.try_get_by_index(1)?;
        let status: String = r.try_get_by_index(2)?;
        for id in TreePath::parse(&path)?.ids() {
            *counts
                .entry((id, kind.clone(), status.clone()))
                .or_default() += 1;
        }
    }
    let all: Vec<_> = counts.into_iter().collect();
    for chunk in all.chunks(500) {
        let mut q = Query::insert();
        q.into_table(t())
            .columns([c("node_id"), c("kind"), c("status"), c("n")]);
        for ((id, kind, status), n) in chunk {
            q.values_panic([
                (*id).into(),
                kind.as_str().into(),
                status.as_str().into(),
                (*n).into(),
            ]);
        }
        txn.execute(b.build(&q)).await?;
    }
    Ok(())
}

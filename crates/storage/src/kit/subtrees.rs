//! Grouped reads over many subtrees at once: the subtrees' key ranges are bound as a small
//! table (`sub(lo, hi)`) that a statement joins to a record table by path and groups by, a
//! few hundred subtrees a statement, instead of one statement per subtree.

use crate::Result;
use sea_orm::{ConnectionTrait, Value};
use std::collections::HashMap;
use touyan_domain::tree::TreePath;

/// Subtrees per statement (two bound values each): well inside every backend's limit.
const SUBTREES: usize = 400;

/// Integer sums per subtree. `select` follows `WITH sub(lo, hi) AS (VALUES ...)`: it joins
/// `sub` to records at or under each subtree (`x.node_path >= sub.lo AND x.node_path <
/// sub.hi`), selects `sub.lo` and then `columns` integer columns (cast to BIGINT), and
/// groups by `sub.lo`; `values` are its own bound values, placed after the table's. Answers
/// the columns for each of `paths` in order (a path may repeat or lie inside another), zeros
/// for a subtree without records.
pub(crate) async fn sums<C: ConnectionTrait>(
    conn: &C,
    paths: &[TreePath],
    select: &str,
    values: &[Value],
    columns: usize,
) -> Result<Vec<Vec<u64>>> {
    let mut distinct: Vec<&TreePath> = paths.iter().collect();
    distinct.sort();
    distinct.dedup();
    let mut found: HashMap<String, Vec<u64>> = HashMap::new();
    for part in distinct.chunks(SUBTREES) {
        let rows = vec!["(?, ?)"; part.len()].join(", ");
        let sql = format!("WITH sub(lo, hi) AS (VALUES {rows}) {select}");
        let mut bound: Vec<Value> = Vec::with_capacity(part.len() * 2 + values.len());
        for p in part {
            bound.push(p.as_str().into());
            bound.push(p.upper_bound().into());
        }
        bound.extend(values.iter().cloned());
        let backend = conn.get_database_backend();
        for row in conn
            .query_all(crate::kit::sql::stmt(backend, &sql, bound))
            .await?
        {
            let lo: String = row.try_get_by_index(0)?;
            let mut sums = Vec::with_capacity(columns);
            for i in 0..columns {
                let n: i64 = row.try_get_by_index(1 + i)?;
                sums.push(n.max(0) as u64);
            }
            found.insert(lo, sums);
        }
    }
    Ok(paths
        .iter()
        .map(|p| {
            found
                .get(p.as_str())
                .cloned()
                .unwrap_or_else(|| vec![0; columns])
        })
        .collect())
}

//! Counts kept per node, period and star (0: unrated): every organization rated counts at
//! its own node and at each node above it, so the distribution of any subtree is one read.
//! A change of star moves one count at every level; a subtree move rebuilds them all from
//! the ratings, and the scan that rebuilds them also checks them.

use super::{star_of, Distribution};
use crate::entity::rating_tables::{rating, rating_count as cnt};
use crate::kit::sql::stmt;
use crate::scope::within;
use crate::Result;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
};
use std::collections::BTreeMap;
use touyan_domain::tree::TreePath;

/// Adds `delta` to the count of `star` in `period` at the node of `path` and every node
/// above it.
pub(crate) async fn bump<C: ConnectionTrait>(
    conn: &C,
    path: &TreePath,
    period: &str,
    star: Option<u8>,
    delta: i64,
) -> Result<()> {
    let b = conn.get_database_backend();
    let ids = path.ids();
    for id in ids {
        let at = path.prefix_to(id).expect("an id of the path");
        conn.execute(stmt(
            b,
            "INSERT INTO rating_count (node_id, period, star, node_path, \"count\") \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT (node_id, period, star) \
             DO UPDATE SET \"count\" = rating_count.\"count\" + excluded.\"count\"",
            vec![
                id.into(),
                period.into(),
                i32::from(star.unwrap_or(0)).into(),
                at.as_str().into(),
                delta.into(),
            ],
        ))
        .await?;
    }
    Ok(())
}

/// The kept counts of the subtree at `path` (the node's own rows), by period.
pub(crate) async fn kept<C: ConnectionTrait>(
    conn: &C,
    node_id: i64,
    period: Option<&str>,
) -> Result<Vec<Distribution>> {
    let mut q = cnt::Entity::find().filter(cnt::Column::NodeId.eq(node_id));
    if let Some(p) = period {
        q = q.filter(cnt::Column::Period.eq(p));
    }
    let rows = q.all(conn).await?;
    Ok(to_distributions(
        rows.into_iter().map(|r| (r.period, r.star, r.count)),
    ))
}

/// The same counts by reading every rating of the subtree at `path`.
pub(crate) async fn scanned<C: ConnectionTrait>(
    conn: &C,
    path: &TreePath,
    period: Option<&str>,
) -> Result<Vec<Distribution>> {
    let mut q = rating::Entity::find()
        .select_only()
        .column(rating::Column::Period)
        .column(rating::Column::Star)
        .filter(within(rating::Column::NodePath, path));
    if let Some(p) = period {
        q = q.filter(rating::Column::Period.eq(p));
    }
    let rows: Vec<(String, Option<i32>)> = q.into_tuple().all(conn).await?;
    Ok(to_distributions(
        rows.into_iter()
            .map(|(p, s)| (p, i32::from(star_of(s).unwrap_or(0)), 1)),
    ))
}

fn to_distributions(rows: impl Iterator<Item = (String, i32, i64)>) -> Vec<Distribution> {
    let mut by: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for (period, star, n) in rows {
        let e = by.entry(period).or_insert_with(|| vec![0; 6]);
        if let Some(slot) = usize::try_from(star).ok().and_then(|s| e.get_mut(s)) {
            *slot += n;
        }
    }
    by.into_iter()
        .filter(|(_, c)| c.iter().any(|n| *n != 0))
        .map(|(period, counts)| Distribution { period, counts })
        .collect()
}

/// Throws the kept counts away and counts every rating again (after a subtree moved).
pub(crate) async fn rebuild(txn: &DatabaseTransaction) -> Result<()> {
    cnt::Entity::delete_many().exec(txn).await?;
    let rows: Vec<(String, String, Option<i32>)> = rating::Entity::find()
        .select_only()
        .column(rating::Column::NodePath)
        .column(rating::Column::Period)
        .column(rating::Column::Star)
        .into_tuple()
        .all(txn)
        .await?;
    let mut sums: BTreeMap<(String, String, i32), i64> = BTreeMap::new();
    for (path, period, star) in rows {
        let path = TreePath::parse(&path)?;
        let star = i32::from(star_of(star).unwrap_or(0));
        for id in path.ids() {
            let at = path.prefix_to(id).expect("an id of the path");
            *sums
                .entry((at.as_str().to_string(), period.clone(), star))
                .or_default() += 1;
        }
    }
    for chunk in sums.into_iter().collect::<Vec<_>>().chunks(200) {
        let rows = chunk.iter().map(|((path, period, star), n)| {
            let p = TreePath::parse(path).expect("a path written above");
            cnt::ActiveModel {
                node_id: sea_orm::Set(p.id().expect("a node's path")),
                period: sea_orm::Set(period.clone()),
                star: sea_orm::Set(*star),
                node_path: sea_orm::Set(path.clone()),
                count: sea_orm::Set(*n),
            }
        });
        cnt::Entity::insert_many(rows).exec(txn).await?;
    }
    Ok(())
}

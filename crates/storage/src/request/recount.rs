//! After a subtree moved: the requests in it count for other nodes above them now, so their
//! contributions move from the nodes their marks were counted at to those the rows name.

use super::stats::{mark_row, Contribution, Deltas};
use crate::entity::request_stats::mark;
use crate::entity::request_tables::service_request as sr;
use crate::scope::within;
use crate::Result;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;
use touyan_domain::tree::TreePath;

/// Requests per batch.
const BATCH: u64 = 2000;

/// Moves the counters of every request placed or handled in the subtree at `moved`, batch by
/// batch; answers how many requests' counters moved.
pub(crate) async fn recount_under<C: ConnectionTrait>(conn: &C, moved: &TreePath) -> Result<u64> {
    let mut after = 0i64;
    let mut n = 0u64;
    loop {
        let rows = sr::Entity::find()
            .filter(sr::Column::Id.gt(after))
            .filter(
                Condition::any()
                    .add(within(sr::Column::NodePath, moved))
                    .add(within(sr::Column::HandlingPath, moved)),
            )
            .order_by_asc(sr::Column::Id)
            .limit(BATCH)
            .all(conn)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let marks: HashMap<i64, Contribution> =
            crate::find_in(conn, mark::Entity::find(), mark::Column::RequestId, &ids)
                .await?
                .iter()
                .map(|m| (m.request_id, Contribution::of_mark(m)))
                .collect();
        let mut d = Deltas::default();
        let mut changed = Vec::new();
        for r in &rows {
            let now = Contribution::of(r);
            let last = marks.get(&r.id);
            if last == Some(&now) {
                continue;
            }
            if let Some(l) = last {
                d.add(l, -1);
            }
            d.add(&now, 1);
            changed.push((r.id, now));
        }
        if changed.is_empty() {
            continue;
        }
        d.write(conn, 200).await?;
        let changed_ids: Vec<i64> = changed.iter().map(|(id, _)| *id).collect();
        for chunk in changed_ids.chunks(crate::IN_CHUNK) {
            mark::Entity::delete_many()
                .filter(mark::Column::RequestId.is_in(chunk.to_vec()))
                .exec(conn)
                .await?;
        }
        let rows: Vec<mark::ActiveModel> =
            changed.into_iter().map(|(id, c)| mark_row(id, c)).collect();
        for chunk in rows.chunks(500) {
            mark::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(conn)
                .await?;
        }
        n += changed_ids.len() as u64;
    }
    Ok(n)
}

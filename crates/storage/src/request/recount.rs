//! After a subtree moved: the requests in it count for other nodes above them now, so their
//! contributions move from the nodes their marks were counted at to those the rows name.

use super::stats::remark;
use crate::entity::request_tables::service_request as sr;
use crate::scope::within;
use crate::Result;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
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
        n += remark(conn, &rows).await?;
    }
    Ok(n)
}

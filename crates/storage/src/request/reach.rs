//! Keeps `request_reach` in step with the requests: the nodes from which each request is
//! seen (`touyan_domain::request::reach`). Written with every change that moves a request's
//! paths or its time, and rebuilt for the requests of a subtree when the subtree moves.

use crate::entity::request_tables::{request_reach as rr, service_request as sr};
use crate::scope::within;
use crate::Result;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use touyan_domain::request::reach;
use touyan_domain::tree::TreePath;

/// Rows per `INSERT`: four values each, well inside every backend's parameter limit.
const CHUNK: usize = 1000;

/// The reach rows of one request.
fn rows_of(m: &sr::Model) -> Vec<rr::ActiveModel> {
    let parse = |p: &str| TreePath::parse(p).ok();
    let located = parse(&m.node_path);
    let dispatcher = parse(&m.dispatcher_path);
    let handler = m.handling_path.as_deref().and_then(parse);
    reach(&[located.as_ref(), dispatcher.as_ref(), handler.as_ref()])
        .into_iter()
        .map(|node_id| rr::ActiveModel {
            request_id: Set(m.id),
            node_id: Set(node_id),
            created_at: Set(m.created_at),
            category: Set(m.category.clone()),
        })
        .collect()
}

/// Whether a change from `before` to `after` changes where or when the request is seen.
pub(crate) fn moved(before: Option<&sr::Model>, after: &sr::Model) -> bool {
    before.is_none_or(|b| {
        b.node_path != after.node_path
            || b.dispatcher_path != after.dispatcher_path
            || b.handling_path != after.handling_path
            || b.created_at != after.created_at
            || b.category != after.category
    })
}

async fn insert<C: ConnectionTrait>(conn: &C, rows: Vec<rr::ActiveModel>) -> Result<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(CHUNK).collect();
        rr::Entity::insert_many(chunk).exec(conn).await?;
    }
    Ok(())
}

/// Writes the reach of requests afresh, replacing what they had.
pub(crate) async fn write<C: ConnectionTrait>(conn: &C, requests: &[sr::Model]) -> Result<()> {
    if requests.is_empty() {
        return Ok(());
    }
    rr::Entity::delete_many()
        .filter(rr::Column::RequestId.is_in(requests.iter().map(|m| m.id)))
        .exec(conn)
        .await?;
    insert(conn, requests.iter().flat_map(rows_of).collect()).await
}

/// Rebuilds the reach of every request with a path in the subtree `under` (every request when
/// none), batch by batch in id order; answers how many requests it rewrote.
pub async fn rebuild<C: ConnectionTrait>(conn: &C, under: Option<&TreePath>) -> Result<u64> {
    if under.is_none() {
        rr::Entity::delete_many().exec(conn).await?;
    }
    let mut after = 0i64;
    let mut n = 0u64;
    loop {
        let mut q = sr::Entity::find().filter(sr::Column::Id.gt(after));
        if let Some(p) = under {
            q = q.filter(
                Condition::any()
                    .add(within(sr::Column::NodePath, p))
                    .add(within(sr::Column::DispatcherPath, p))
                    .add(within(sr::Column::HandlingPath, p)),
            );
        }
        let batch = q.order_by_asc(sr::Column::Id).limit(2000).all(conn).await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        n += batch.len() as u64;
        if under.is_some() {
            write(conn, &batch).await?;
        } else {
            insert(conn, batch.iter().flat_map(rows_of).collect()).await?;
        }
    }
    Ok(n)
}

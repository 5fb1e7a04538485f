//! The request area's entry in the list of areas.

use crate::entity::request_tables::request_reach as rr;
use crate::entity::request_tables::visit;
use crate::entity::request_tables::{request_category, service_request as sr};
use crate::kit::area::{Answer, AreaManifest};
use crate::scope::{Guarded, Listed};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
};
use touyan_domain::access::Permission;
use touyan_domain::tree::TreePath;

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    path_tables: &["visit", "service_request"],
    path_columns: &[
        ("service_request", "dispatcher_path"),
        ("service_request", "handling_path"),
    ],
    // What each request was last counted at, brought up to date by `after_move`.
    counted_paths: &[
        ("request_stat_mark", "node_path"),
        ("request_stat_mark", "handling_path"),
    ],
    attached_to_node: Some(attached_to_node),
    after_move: Some(after_move),
    migrations: super::migration::all,
    repairs: &[
        ("m0009_request_stats", count_all),
        ("m0010_request_reach", reach_all),
        ("m0011_request_handling_path", mend_paths),
    ],
    tallies: &[("visits", super::visit::tally::visits)],
    figures: super::figures::FIGURES,
    evidence: &[
        ("request", super::evidence::request),
        ("file", super::evidence::file),
    ],
    ..AreaManifest::named("request")
};

/// Requests stored before the counters existed are counted.
fn count_all(txn: &DatabaseTransaction) -> Answer<'_, ()> {
    Box::pin(async move { super::stats::rebuild(txn).await.map(|_| ()) })
}

/// Requests stored before the reach rows existed get theirs.
fn reach_all(txn: &DatabaseTransaction) -> Answer<'_, ()> {
    Box::pin(async move { super::reach::rebuild(txn, None).await.map(|_| ()) })
}

/// Requests that kept the path of a unit they left lose it (and its reach and counts).
fn mend_paths(txn: &DatabaseTransaction) -> Answer<'_, ()> {
    Box::pin(async move { super::handling::mend_left_paths(txn).await.map(|_| ()) })
}

/// Requests at the node as their place, dispatcher or handler, visits to it, and categories
/// whose default unit it is.
fn attached_to_node(txn: &DatabaseTransaction, node_id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        Ok(sr::Entity::find()
            .filter(
                Condition::any()
                    .add(sr::Column::NodeId.eq(node_id))
                    .add(sr::Column::DispatcherNodeId.eq(node_id))
                    .add(sr::Column::HandlingNodeId.eq(node_id)),
            )
            .count(txn)
            .await?
            + visit::Entity::find()
                .filter(visit::Column::NodeId.eq(node_id))
                .count(txn)
                .await?
            + request_category::Entity::find()
                .filter(request_category::Column::DefaultNodeId.eq(node_id))
                .count(txn)
                .await?)
    })
}

/// The requests in the moved subtree are now seen from, and counted for, other nodes above it.
fn after_move<'a>(txn: &'a DatabaseTransaction, moved: &'a TreePath) -> Answer<'a, ()> {
    Box::pin(async move {
        super::reach::rebuild(txn, Some(moved)).await?;
        super::recount::recount_under(txn, moved).await?;
        Ok(())
    })
}

/// The area's repositories, reached from the caller's scoped handle.
impl<'a> crate::Scoped<'a> {
    pub fn requests(self) -> super::RequestRepo<'a> {
        super::RequestRepo { s: self }
    }
}

/// A visit is read with `request.read` over the visited node; those who dispatch record it.
impl Guarded for visit::Entity {
    const READ: Permission = Permission::RequestRead;
    const WRITE: Permission = Permission::RequestDispatch;
    fn path_column() -> visit::Column {
        visit::Column::NodePath
    }
    fn path_of(m: &visit::Model) -> &str {
        &m.node_path
    }
}

/// A request is seen from the nodes of its reach rows (`request_reach`: its place, its
/// dispatcher, its handler and the nodes above them); a scope over the whole forest sees
/// every request.
impl Listed for sr::Entity {
    const LIST_READ: Permission = Permission::RequestRead;
    fn seen_from(scopes: &[TreePath]) -> Condition {
        let mut nodes = Vec::with_capacity(scopes.len());
        for p in scopes {
            match p.id() {
                Some(id) => nodes.push(id),
                None => return Condition::all(),
            }
        }
        Condition::all().add(
            sr::Column::Id.in_subquery(
                Query::select()
                    .column(rr::Column::RequestId)
                    .from(rr::Entity)
                    .and_where(rr::Column::NodeId.is_in(nodes))
                    .to_owned(),
            ),
        )
    }
}

//! The work lists' entry in the list of areas.

use crate::entity::task_tables::{task, task_recipient as rec};
use crate::kit::area::{Answer, AreaManifest, TaskOffer};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};
use touyan_domain::tree::TreePath;

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    path_tables: &[
        "task",
        "task_recipient",
        "task_count",
        "task_reminder",
        "task_file",
    ],
    attached_to_node: Some(attached_to_node),
    // The counts' rows are rewritten with the nodes; those of tasks issued above a moved
    // subtree are then worked out again along the new ways down.
    after_move: Some(after_move),
    migrations: super::migration::all,
    tallies: &[("task_completion", super::tally::task_completion)],
    figures: super::figures::FIGURES,
    evidence: &[("task", super::evidence::task)],
    tasks: Some(TaskOffer {
        refs: super::offer::task_refs,
        issued_under: super::offer::issued_under,
    }),
    ..AreaManifest::named("task")
};

/// The tasks issued above the moved subtree to recipients in it are counted anew.
fn after_move<'a>(txn: &'a DatabaseTransaction, moved: &'a TreePath) -> Answer<'a, ()> {
    Box::pin(super::regroup::regroup(txn, moved))
}

/// Tasks issued at the node and issued to it: the node is not deleted from under them.
fn attached_to_node(txn: &DatabaseTransaction, node_id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        let issued = task::Entity::find()
            .filter(task::Column::NodeId.eq(node_id))
            .count(txn)
            .await?;
        let received = rec::Entity::find()
            .filter(rec::Column::NodeId.eq(node_id))
            .count(txn)
            .await?;
        Ok(issued + received)
    })
}

//! The star ratings' entry in the list of areas.

use crate::entity::rating_tables::{allowance_amount, allowance_batch, rating, rating_rule};
use crate::kit::area::{Answer, AreaManifest, PublicOffer};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};
use touyan_domain::tree::TreePath;

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    path_tables: &[
        "rating_rule",
        "rating",
        "rating_move",
        "rating_objection",
        "allowance_amount",
        "allowance_batch",
        "allowance_line",
    ],
    counted_paths: &[("rating_count", "node_path")],
    attached_to_node: Some(attached_to_node),
    after_move: Some(after_move),
    migrations: super::migration::all,
    public_facts: Some(PublicOffer {
        kinds: &touyan_domain::rating::RATED_KINDS,
        facts: super::public::facts,
    }),
    ..AreaManifest::named("rating")
};

/// Ratings of the node, its rule set, amounts and batches: the node is not deleted from
/// under them.
fn attached_to_node(txn: &DatabaseTransaction, node_id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        Ok(rating::Entity::find()
            .filter(rating::Column::NodeId.eq(node_id))
            .count(txn)
            .await?
            + rating_rule::Entity::find()
                .filter(rating_rule::Column::NodeId.eq(node_id))
                .count(txn)
                .await?
            + allowance_amount::Entity::find()
                .filter(allowance_amount::Column::NodeId.eq(node_id))
                .count(txn)
                .await?
            + allowance_batch::Entity::find()
                .filter(allowance_batch::Column::NodeId.eq(node_id))
                .count(txn)
                .await?)
    })
}

/// A moved subtree counts under other nodes now: the kept counts are counted again.
fn after_move<'a>(txn: &'a DatabaseTransaction, _moved: &'a TreePath) -> Answer<'a, ()> {
    Box::pin(async move { super::counts::rebuild(txn).await })
}

//! The studio area's entry in the list of areas.

use crate::entity::{alliance, studio};
use crate::kit::area::{Answer, AreaManifest};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    path_tables: &["studio", "alliance"],
    attached_to_node: Some(attached_to_node),
    uses_entry: Some(uses_entry),
    ..AreaManifest::named("studio")
};

/// Studios and alliances at the node.
fn attached_to_node(txn: &DatabaseTransaction, node_id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        Ok(studio::Entity::find()
            .filter(studio::Column::NodeId.eq(node_id))
            .count(txn)
            .await?
            + alliance::Entity::find()
                .filter(alliance::Column::NodeId.eq(node_id))
                .count(txn)
                .await?)
    })
}

/// Studios of a kind of the `studio_kind` dictionary.
fn uses_entry<'a>(txn: &'a DatabaseTransaction, dict: &'a str, code: &'a str) -> Answer<'a, u64> {
    Box::pin(async move {
        if dict != "studio_kind" {
            return Ok(0);
        }
        Ok(studio::Entity::find()
            .filter(studio::Column::Kind.eq(code))
            .count(txn)
            .await?)
    })
}

//! The commendations' entry in the list of areas.

use crate::entity::commendation_tables::{commendation, commendation_org};
use crate::kit::area::{Answer, AreaManifest};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    path_tables: &["commendation", "commendation_org"],
    attached_to_node: Some(attached_to_node),
    migrations: super::migration::all,
    ..AreaManifest::named("commendation")
};

/// Commendations issued by the node or naming it: the node is not deleted from under them.
fn attached_to_node(txn: &DatabaseTransaction, node_id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        Ok(commendation::Entity::find()
            .filter(commendation::Column::NodeId.eq(node_id))
            .count(txn)
            .await?
            + commendation_org::Entity::find()
                .filter(commendation_org::Column::NodeId.eq(node_id))
                .count(txn)
                .await?)
    })
}

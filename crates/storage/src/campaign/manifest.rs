//! The campaigns' entry in the list of areas.

use crate::entity::campaign_tables::campaign;
use crate::kit::area::{Answer, AreaManifest};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    path_tables: &[
        "campaign",
        "campaign_target",
        "campaign_value",
        "campaign_snapshot",
        "campaign_milestone",
        "campaign_task",
        "campaign_file",
    ],
    attached_to_node: Some(attached_to_node),
    migrations: super::migration::all,
    ..AreaManifest::named("campaign")
};

/// Campaigns run by the node: the node is not deleted from under them.
fn attached_to_node(txn: &DatabaseTransaction, node_id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        Ok(campaign::Entity::find()
            .filter(campaign::Column::NodeId.eq(node_id))
            .count(txn)
            .await?)
    })
}

//! The service centres' entry in the list of areas.

use crate::entity::centre_tables::{centre, centre_enterprise};
use crate::kit::area::{Answer, AreaManifest, CentreOffer};
use crate::scope::Guarded;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};
use touyan_domain::access::Permission;

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    path_tables: &["centre", "centre_enterprise"],
    attached_to_node: Some(attached_to_node),
    migrations: super::migration::all,
    centres: Some(CentreOffer {
        usable: super::offer::usable,
        by_id: super::offer::by_id,
    }),
    ..AreaManifest::named("centre")
};

/// Centres hosted at the node and centres serving it (an enterprise node): the node is not
/// deleted from under them.
fn attached_to_node(txn: &DatabaseTransaction, node_id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        let hosted = centre::Entity::find()
            .filter(centre::Column::NodeId.eq(node_id))
            .count(txn)
            .await?;
        let served = centre_enterprise::Entity::find()
            .filter(centre_enterprise::Column::NodeId.eq(node_id))
            .count(txn)
            .await?;
        Ok(hosted + served)
    })
}

impl<'a> crate::Scoped<'a> {
    pub fn centres(self) -> super::CentreRepo<'a> {
        super::CentreRepo { s: self }
    }
}

/// A centre is read with `centre.read` and changed with `centre.write` over its host node.
impl Guarded for centre::Entity {
    const READ: Permission = Permission::CentreRead;
    const WRITE: Permission = Permission::CentreWrite;
    fn path_column() -> centre::Column {
        centre::Column::NodePath
    }
    fn path_of(m: &centre::Model) -> &str {
        &m.node_path
    }
}

//! The enterprise ledger's entry in the list of areas.

use crate::entity::enterprise_tables::enterprise;
use crate::kit::area::{Answer, AreaManifest};
use crate::scope::Guarded;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};
use touyan_domain::access::Permission;

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    path_tables: &["enterprise"],
    attached_to_node: Some(attached_to_node),
    migrations: super::migration::all,
    ..AreaManifest::named("enterprise")
};

/// A profile on the node: the node is not deleted while its ledger entry stands.
fn attached_to_node(txn: &DatabaseTransaction, node_id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        Ok(enterprise::Entity::find()
            .filter(enterprise::Column::NodeId.eq(node_id))
            .count(txn)
            .await?)
    })
}

impl<'a> crate::Scoped<'a> {
    pub fn enterprises(self) -> super::EnterpriseRepo<'a> {
        super::EnterpriseRepo { s: self }
    }
}

/// A profile is read with `enterprise.read` and changed with `enterprise.write` over its
/// enterprise's node.
impl Guarded for enterprise::Entity {
    const READ: Permission = Permission::EnterpriseRead;
    const WRITE: Permission = Permission::EnterpriseWrite;
    fn path_column() -> enterprise::Column {
        enterprise::Column::NodePath
    }
    fn path_of(m: &enterprise::Model) -> &str {
        &m.node_path
    }
}

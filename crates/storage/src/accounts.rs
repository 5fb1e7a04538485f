//! The accounts area's entry in the list of areas (its code is in `auth`, `user`, `role`,
//! `token` and `login_guard`).

use crate::entity::{app_user, assignment};
use crate::kit::area::{Answer, AreaManifest};
use crate::scope::Guarded;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};
use touyan_domain::access::Permission;

/// The accounts' entry in the list of areas: accounts have a home node and role assignments
/// are made at one.
pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    path_tables: &["app_user", "assignment"],
    attached_to_node: Some(attached_to_node),
    ..AreaManifest::named("accounts")
};

/// Accounts whose home is the node and roles assigned at it.
fn attached_to_node(txn: &DatabaseTransaction, node_id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        Ok(app_user::Entity::find()
            .filter(app_user::Column::NodeId.eq(node_id))
            .count(txn)
            .await?
            + assignment::Entity::find()
                .filter(assignment::Column::NodeId.eq(node_id))
                .count(txn)
                .await?)
    })
}

/// An account is read with `user.read` and changed with `user.write` over its home node
/// (changing one asks more: see `UserRepo::manageable`).
impl Guarded for app_user::Entity {
    const READ: Permission = Permission::UserRead;
    const WRITE: Permission = Permission::UserWrite;
    fn path_column() -> app_user::Column {
        app_user::Column::NodePath
    }
    fn path_of(m: &app_user::Model) -> &str {
        &m.node_path
    }
}

//! What the register offers the other areas: the centres an organization may hold its
//! activities at, and centres by id.

use crate::entity::centre_tables::centre;
use crate::kit::area::{Answer, CentreRef};
use crate::scope::within;
use sea_orm::sea_query::Condition;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
};
use touyan_domain::tree::TreePath;

fn refs(rows: Vec<centre::Model>) -> Vec<CentreRef> {
    rows.into_iter()
        .map(|m| CentreRef {
            id: m.id,
            name: m.name,
            address: m.address,
            status: m.status,
        })
        .collect()
}

/// Centres hosted at the node at `path` or above it, and those under it.
// Centres are public facts (their public page shows name and address): naming them leaks no scope.
pub(super) fn usable<'a>(
    txn: &'a DatabaseTransaction,
    path: &'a TreePath,
) -> Answer<'a, Vec<CentreRef>> {
    Box::pin(async move {
        let above: Vec<String> = path
            .ids()
            .into_iter()
            .filter_map(|id| path.prefix_to(id))
            .map(|p| p.as_str().to_string())
            .collect();
        let rows = centre::Entity::find()
            .filter(
                Condition::any()
                    .add(centre::Column::NodePath.is_in(above))
                    .add(within(centre::Column::NodePath, path)),
            )
            .order_by_asc(centre::Column::NodePath)
            .order_by_asc(centre::Column::Id)
            .all(txn)
            .await?;
        Ok(refs(rows))
    })
}

/// The centres of `ids`.
pub(super) fn by_id<'a>(db: &'a DatabaseConnection, ids: &'a [i64]) -> Answer<'a, Vec<CentreRef>> {
    Box::pin(async move {
        let rows = crate::find_in(db, centre::Entity::find(), centre::Column::Id, ids).await?;
        Ok(refs(rows))
    })
}

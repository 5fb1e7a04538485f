//! The organization area's entry in the list of areas: the tree is the foundation every
//! other area hangs on, so it declares only its own migrations and repairs here.

use crate::entity::org_node;
use crate::kit::area::{Answer, AreaManifest};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QuerySelect,
};
use touyan_domain::spell::spell_key;

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    migrations: super::migration::all,
    repairs: &[
        ("m0014_org_spell", spell_all),
        ("m0015_org_counts", count_all),
    ],
    ..AreaManifest::named("org")
};

/// Nodes without a spelling key (stored before the keys existed, or written in bulk) get
/// theirs.
fn spell_all(txn: &DatabaseTransaction) -> Answer<'_, ()> {
    Box::pin(async move {
        let rows: Vec<(i64, String)> = org_node::Entity::find()
            .select_only()
            .column(org_node::Column::Id)
            .column(org_node::Column::Name)
            .filter(org_node::Column::Spell.eq(""))
            .into_tuple()
            .all(txn)
            .await?;
        for (id, name) in rows {
            org_node::ActiveModel {
                id: Set(id),
                spell: Set(spell_key(&name)),
                ..Default::default()
            }
            .update(txn)
            .await?;
        }
        Ok(())
    })
}

/// The subtree counts made again from the nodes.
fn count_all(txn: &DatabaseTransaction) -> Answer<'_, ()> {
    Box::pin(super::counts::rebuild(txn))
}

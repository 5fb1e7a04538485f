//! The work cadence's entry in the list of areas.

use crate::entity::cadence_tables::{cadence_activity, cadence_obligation};
use crate::kit::area::{Answer, AreaManifest, HeldAtCentreOffer};
use crate::scope::Guarded;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};
use touyan_domain::access::Permission;

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    path_tables: &[
        "cadence_activity",
        "cadence_attendance",
        "cadence_change",
        "cadence_count",
        "cadence_obligation",
    ],
    attached_to_node: Some(attached_to_node),
    uses_entry: Some(uses_entry),
    migrations: super::migration::all,
    tallies: &[("chain_councils", super::tally::chain_councils)],
    figures: super::figures::FIGURES,
    evidence: &[("activity", super::evidence::activity)],
    held_at_centre: Some(HeldAtCentreOffer {
        readable: super::held::readable,
        public: super::held::public,
        count: super::held::count,
    }),
    ..AreaManifest::named("cadence")
};

/// Activities held by the node and obligations set at it: the node is not deleted from
/// under them.
fn attached_to_node(txn: &DatabaseTransaction, node_id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        let held = cadence_activity::Entity::find()
            .filter(cadence_activity::Column::NodeId.eq(node_id))
            .count(txn)
            .await?;
        let set = cadence_obligation::Entity::find()
            .filter(cadence_obligation::Column::NodeId.eq(node_id))
            .count(txn)
            .await?;
        Ok(held + set)
    })
}

/// Obligations and activities naming an activity type.
fn uses_entry<'a>(txn: &'a DatabaseTransaction, dict: &'a str, code: &'a str) -> Answer<'a, u64> {
    Box::pin(async move {
        if dict != "activity_type" {
            return Ok(0);
        }
        let rules = cadence_obligation::Entity::find()
            .filter(cadence_obligation::Column::ActivityType.eq(code))
            .count(txn)
            .await?;
        let held = cadence_activity::Entity::find()
            .filter(super::activity::has_type(code))
            .count(txn)
            .await?;
        Ok(rules + held)
    })
}

impl<'a> crate::Scoped<'a> {
    pub fn cadence(self) -> super::CadenceRepo<'a> {
        super::CadenceRepo { s: self }
    }
}

/// An activity is read with `cadence.read` and changed with `cadence.write` over the node
/// that held it.
impl Guarded for cadence_activity::Entity {
    const READ: Permission = Permission::CadenceRead;
    const WRITE: Permission = Permission::CadenceWrite;
    fn path_column() -> cadence_activity::Column {
        cadence_activity::Column::NodePath
    }
    fn path_of(m: &cadence_activity::Model) -> &str {
        &m.node_path
    }
}

#[cfg(test)]
mod tests {
    use touyan_domain::cadence::{ROLES, STUDIO_SEEDED};

    /// The parts the seeded obligations name are those an area offers, in the same words.
    #[test]
    fn every_part_an_obligation_names_is_offered_by_an_area() {
        let offered: Vec<_> = crate::areas::cadence_roles().collect();
        for (parts, ..) in STUDIO_SEEDED {
            for p in *parts {
                assert!(offered.iter().any(|(c, ..)| c == p), "{p}");
            }
        }
        for r in ROLES {
            assert!(offered.contains(r), "{r:?}");
        }
    }
}

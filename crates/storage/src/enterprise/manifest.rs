//! The enterprise ledger's entry in the list of areas.

use crate::entity::enterprise_tables::{
    chain_member, enterprise, enterprise_census, enterprise_link, guidance_team,
    instructor_assignment,
};
use crate::kit::area::{Answer, AreaManifest};
use crate::scope::Guarded;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};
use touyan_domain::access::Permission;

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    path_tables: &[
        "enterprise",
        "enterprise_link",
        "chain_member",
        "instructor_assignment",
        "guidance_team",
        "enterprise_census",
        "enterprise_park",
    ],
    path_columns: &[
        ("enterprise_link", "org_path"),
        ("chain_member", "chain_path"),
    ],
    // Where each mark was counted, brought up to date by `after_move`.
    counted_paths: &[("enterprise_mark", "node_path")],
    attached_to_node: Some(attached_to_node),
    after_move: Some(super::marks::after_move),
    migrations: super::migration::all,
    // The marks and the kept counts are worked out after the last migration that changed
    // their columns (the marks' chains, which brought the lines per chain); a database still
    // before m0023 or m0028 takes those migrations in the same start and so one rebuild.
    repairs: &[("m0040_enterprise_chain_counts", super::marks::rebuild)],
    records_changed: Some(super::marks::records_changed),
    figures: super::figures::FIGURES,
    ..AreaManifest::named("enterprise")
};

/// A profile on the node, links to it or from it, chain memberships of it or in it,
/// instructors sent to it, teams formed at it, its census rows, its park profile or a park
/// profile naming it as the park's committee: the node is not deleted while they stand.
fn attached_to_node(txn: &DatabaseTransaction, node_id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        Ok(enterprise::Entity::find()
            .filter(enterprise::Column::NodeId.eq(node_id))
            .count(txn)
            .await?
            + enterprise_link::Entity::find()
                .filter(
                    enterprise_link::Column::NodeId
                        .eq(node_id)
                        .or(enterprise_link::Column::OrgNodeId.eq(node_id)),
                )
                .count(txn)
                .await?
            + chain_member::Entity::find()
                .filter(
                    chain_member::Column::NodeId
                        .eq(node_id)
                        .or(chain_member::Column::ChainNodeId.eq(node_id)),
                )
                .count(txn)
                .await?
            + instructor_assignment::Entity::find()
                .filter(instructor_assignment::Column::NodeId.eq(node_id))
                .count(txn)
                .await?
            + guidance_team::Entity::find()
                .filter(guidance_team::Column::NodeId.eq(node_id))
                .count(txn)
                .await?
            + enterprise_census::Entity::find()
                .filter(enterprise_census::Column::NodeId.eq(node_id))
                .count(txn)
                .await?
            + crate::entity::enterprise_park::Entity::find()
                .filter(
                    crate::entity::enterprise_park::Column::NodeId
                        .eq(node_id)
                        .or(crate::entity::enterprise_park::Column::CommitteeNodeId.eq(node_id)),
                )
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

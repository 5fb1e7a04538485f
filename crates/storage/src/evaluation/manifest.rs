//! The evaluation area's entry in the list of areas.

use crate::entity::evaluation_tables::{round, round_target, rubric, rubric_indicator};
use crate::kit::area::{Answer, AreaManifest, RoundOffer};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    path_tables: &[
        "rubric",
        "rubric_version",
        "rubric_indicator",
        "round",
        "round_target",
        "round_score",
        "round_evidence",
        "round_file",
    ],
    attached_to_node: Some(attached_to_node),
    migrations: super::migration::all,
    cadence: Some(super::cadence_offer::OFFER),
    rounds: Some(RoundOffer {
        published: super::offer::published,
        outcome: super::offer::outcome,
        studio_results: super::offer::studio_results,
    }),
    ..AreaManifest::named("evaluation")
};

/// Rubrics and rounds of the node, organizations it has assessed and indicators it scores:
/// the node is not deleted from under them.
fn attached_to_node(txn: &DatabaseTransaction, node_id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        let rubrics = rubric::Entity::find()
            .filter(rubric::Column::NodeId.eq(node_id))
            .count(txn)
            .await?;
        let rounds = round::Entity::find()
            .filter(round::Column::NodeId.eq(node_id))
            .count(txn)
            .await?;
        let targets = round_target::Entity::find()
            .filter(round_target::Column::NodeId.eq(node_id))
            .count(txn)
            .await?;
        let scored = rubric_indicator::Entity::find()
            .filter(rubric_indicator::Column::DepartmentId.eq(node_id))
            .count(txn)
            .await?;
        Ok(rubrics + rounds + targets + scored)
    })
}

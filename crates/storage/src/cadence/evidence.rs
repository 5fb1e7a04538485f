//! Activities (组织生活记录) as evidence of an evaluation score: linked only when the caller
//! reads them.

use crate::entity::cadence_tables::cadence_activity;
use crate::kit::area::{found, Answer, EvidenceFound};
use crate::Scoped;

/// Activity `id`, read with `cadence.read` over the node that held it.
pub(super) fn activity(s: Scoped<'_>, id: i64) -> Answer<'_, Option<EvidenceFound>> {
    Box::pin(async move {
        found(
            s.load_for_read::<cadence_activity::Entity, _>(s.db, id)
                .await,
            None,
        )
    })
}

//! Studio achievements as evidence of an evaluation score: linked only when the caller reads
//! their studio; their page is the studio's.

use crate::entity::achievement_tables::studio_achievement as ach;
use crate::kit::area::{found, Answer, EvidenceFound};
use crate::Scoped;
use sea_orm::EntityTrait;

/// Achievement `id`, read with `studio.read` over its studio.
pub(super) fn achievement(s: Scoped<'_>, id: i64) -> Answer<'_, Option<EvidenceFound>> {
    Box::pin(async move {
        let Some(m) = ach::Entity::find_by_id(id).one(s.db).await? else {
            return Ok(None);
        };
        let read = s
            .load_under_for_read::<ach::Entity, _>(s.db, m.studio_id, id)
            .await;
        found(read, Some(m.studio_id))
    })
}

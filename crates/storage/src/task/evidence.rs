//! Tasks as evidence of an evaluation score: linked only when the caller reads them.

use crate::kit::area::{found, Answer, EvidenceFound};
use crate::Scoped;

/// Task `id`, read as its page reads it (at the issuing node or as a recipient).
pub(super) fn task(s: Scoped<'_>, id: i64) -> Answer<'_, Option<EvidenceFound>> {
    Box::pin(async move { found(s.tasks().load_task(s.db, id).await, None) })
}

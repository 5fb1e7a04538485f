//! Requests and their files as evidence of an evaluation score: linked only when the caller
//! reads them.

use crate::entity::request_tables::request_file;
use crate::kit::area::{found, Answer, EvidenceFound};
use crate::Scoped;
use sea_orm::EntityTrait;

/// Request `id`, read as its page reads it.
pub(super) fn request(s: Scoped<'_>, id: i64) -> Answer<'_, Option<EvidenceFound>> {
    Box::pin(async move { found(s.requests().readable(s.db, id).await, None) })
}

/// A file of a request, read with its request.
pub(super) fn file(s: Scoped<'_>, id: i64) -> Answer<'_, Option<EvidenceFound>> {
    Box::pin(async move {
        let Some(f) = request_file::Entity::find_by_id(id).one(s.db).await? else {
            return Ok(None);
        };
        found(s.requests().readable(s.db, f.request_id).await, None)
    })
}

//! Measures of service requests (being written).

use crate::entity::request_tables::service_request as sr;
use crate::Result;
use sea_orm::ConnectionTrait;

/// Called after every write to a request (`before` is `None` for a new one).
pub(crate) async fn on_change<C: ConnectionTrait>(
    _conn: &C,
    _before: Option<&sr::Model>,
    _after: &sr::Model,
) -> Result<()> {
    Ok(())
}

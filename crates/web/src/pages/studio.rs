//! Studio pages: the list, each studio's page with a tab per mechanism, "my studio",
//! alliances, and the public showcase at `/s/{slug}`.

use crate::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
}

//! Studios over the API: registry, members, lifecycle moves, files, alliances.

use crate::AppState;
use axum::Router;
use utoipa::OpenApi;

pub fn routes() -> Router<AppState> {
    Router::new()
}

#[derive(OpenApi)]
#[openapi(paths())]
pub struct Doc;

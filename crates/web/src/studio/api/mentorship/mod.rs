//! Mentorship (名师帮带) and training sessions (学习培训) of a studio over the API: mentorships
//! with their session records, closing and outcomes; training sessions with their materials;
//! the mentorship ledger as .xlsx.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::require::require;
use crate::xlsx::{self, Cell, EXPORT_CAP};
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::files::MAX_FILE_BYTES;
use touyan_domain::studio::mentorship::{hours_text, CloseInput, OutcomeInput, SessionInput};
use touyan_storage::kit::files::Upload;
use touyan_storage::studio::mentorship::{
    MentorshipCounts, MentorshipFilter, MentorshipPatch, MentorshipView, OutcomeView, SessionView,
    TrainingPatch, TrainingView,
};
use touyan_storage::studio::FileView;
use touyan_storage::StorageError;
use utoipa::OpenApi;

mod export;
mod mentorships;
mod progress;
mod training;

use export::*;
use mentorships::*;
use progress::*;
use training::*;

/// One material per call, plus room for the form's framing.
const MATERIAL_LIMIT: usize = MAX_FILE_BYTES + 64 * 1024;

pub fn routes() -> crate::routes::Routes {
    let write = || require(Permission::StudioWrite);
    crate::routes::Routes::new()
        .route("/v1/mentorships/export.xlsx", get(export_all))
        .route(
            "/v1/studios/{id}/mentorships",
            post(create_mentorship)
                .route_layer(write())
                .get(list_mentorships),
        )
        .route(
            "/v1/studios/{id}/mentorships/export.xlsx",
            get(export_studio),
        )
        .route("/v1/studios/{id}/mentorships/counts", get(counts))
        .route(
            "/v1/studios/{id}/mentorships/{mid}",
            axum::routing::patch(update_mentorship)
                .delete(delete_mentorship)
                .route_layer(write())
                .get(get_mentorship),
        )
        .route(
            "/v1/studios/{id}/mentorships/{mid}/sessions",
            post(add_session).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/mentorships/{mid}/sessions/{rid}",
            delete(delete_session).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/mentorships/{mid}/close",
            post(close).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/mentorships/{mid}/outcomes",
            post(add_outcome).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/mentorships/{mid}/outcomes/{oid}",
            delete(delete_outcome).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/sessions",
            post(create_training)
                .route_layer(write())
                .get(list_training),
        )
        .route(
            "/v1/studios/{id}/sessions/{sid}",
            axum::routing::patch(update_training)
                .delete(delete_training)
                .route_layer(write())
                .get(get_training),
        )
        .route(
            "/v1/studios/{id}/sessions/{sid}/materials",
            post(add_material)
                .layer(DefaultBodyLimit::max(MATERIAL_LIMIT))
                .route_layer(write()),
        )
}

// ---- mentorships

#[derive(OpenApi)]
#[openapi(paths(
    list_mentorships,
    create_mentorship,
    get_mentorship,
    update_mentorship,
    delete_mentorship,
    add_session,
    delete_session,
    close,
    add_outcome,
    delete_outcome,
    counts,
    export_studio,
    export_all,
    list_training,
    create_training,
    get_training,
    update_training,
    delete_training,
    add_material,
))]
pub struct Doc;

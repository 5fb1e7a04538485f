//! Studios over the API: registry, lifecycle moves, members, photos and files, counts,
//! exports, alliances, and the public showcase.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::{require, require_any};
use crate::upload_guard::file_part;
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::studio::{
    AllianceInput, JoinInput, MemberInput, MoveInput, PhotoInput, StudioInput, StudioPatch,
};
use touyan_storage::kit::files::Upload;
use touyan_storage::studio::{
    AllianceMemberView, AllianceView, FileView, MemberView, MoveView, PublicStudio, SharedItem,
    StudioCounts, StudioFilter, StudioNew, StudioView,
};
use touyan_storage::{Scoped, StorageError};
use utoipa::OpenApi;

mod alliances;
mod charts;
mod members;
mod photos;
mod studios;

use alliances::*;
use charts::*;
use members::*;
pub(crate) use photos::store_photo;
use photos::*;
use studios::*;

pub fn routes() -> crate::routes::Routes {
    let write = || require(Permission::StudioWrite);
    let manage = || require(Permission::StudioManage);
    crate::routes::Routes::new()
        .route("/v1/studios", post(create).route_layer(write()).get(list))
        .route("/v1/studios/counts", get(counts))
        .route("/v1/studios/charts", get(charts))
        .route("/v1/achievements/charts", get(achievement_chart))
        .route("/v1/studios/mine", get(mine))
        .route("/v1/studios/export.xlsx", get(export))
        .route("/v1/studios/members/export.xlsx", get(export_members))
        .route(
            "/v1/studios/{id}",
            axum::routing::patch(update)
                .delete(remove)
                .route_layer(write())
                .get(get_one),
        )
        .route(
            "/v1/studios/{id}/transitions",
            post(transition).route_layer(manage()).get(moves),
        )
        .route(
            "/v1/studios/{id}/members",
            post(add_member).route_layer(write()).get(members),
        )
        .route(
            "/v1/studios/{id}/members/{mid}",
            axum::routing::patch(update_member)
                .delete(remove_member)
                .route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/photos",
            post(upload_photo)
                .route_layer(write())
                .get(photos)
                .layer(DefaultBodyLimit::max(crate::upload_guard::UPLOAD_LIMIT)),
        )
        .route(
            "/v1/studios/{id}/photo",
            post(set_photo).route_layer(write()),
        )
        .route(
            "/v1/studios/files/{fid}",
            delete(delete_file).route_layer(write()),
        )
        .route("/v1/studios/{id}/alliances", get(studio_alliances))
        .route(
            "/v1/alliances",
            post(create_alliance).route_layer(manage()).get(alliances),
        )
        .route(
            "/v1/alliances/{id}",
            axum::routing::patch(update_alliance)
                .route_layer(manage())
                .get(alliance),
        )
        .route(
            "/v1/alliances/{id}/members",
            post(join_alliance)
                .route_layer(manage())
                .get(alliance_members),
        )
        // The alliance's runner removes a member, or a studio's keeper takes it out.
        .route(
            "/v1/alliances/{id}/members/{studio_id}",
            delete(leave_alliance).route_layer(require_any(&[
                Permission::StudioManage,
                Permission::StudioWrite,
            ])),
        )
        .route("/v1/alliances/{id}/shared", get(shared))
        .route("/v1/public/studios/{slug}", get(public_studio))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list, create, get_one, update, remove, counts, charts, achievement_chart, mine, export, export_members,
        moves, transition, members, add_member, update_member, remove_member,
        photos, upload_photo, set_photo, delete_file, studio_alliances,
        alliances, create_alliance, alliance, update_alliance, alliance_members, join_alliance,
        leave_alliance, shared, public_studio,
    ),
    tags((name = "studios", description = "Studios (工作室): registry, lifecycle, members, files, alliances")),
)]
pub struct Doc;

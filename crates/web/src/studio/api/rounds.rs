//! A studio's evaluation history over the API: the published studio rounds that assessed it,
//! each with its score, the lifecycle move its rules propose and what was done with it; the
//! proposals awaiting a decision; accepting (the move made) and rejecting them.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::studio::proposal::{AcceptInput, RejectInput};
use touyan_storage::studio::proposals::{PendingProposalView, StudioRoundView};
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    let manage = || require(Permission::StudioManage);
    crate::routes::Routes::new()
        .route("/v1/studios/{id}/rounds", get(history))
        .route("/v1/studio-proposals", get(pending))
        .route(
            "/v1/studios/{id}/rounds/{round_id}/accept",
            post(accept).route_layer(manage()),
        )
        .route(
            "/v1/studios/{id}/rounds/{round_id}/reject",
            post(reject).route_layer(manage()),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(history, pending, accept, reject),
    components(schemas(StudioRoundView, PendingProposalView, AcceptInput, RejectInput)),
    tags((name = "studios", description = "Studios (工作室): registry, lifecycle, members, files, alliances")),
)]
pub struct Doc;

/// The published studio rounds that assessed the studio, newest first: the score (in
/// hundredths), the move the round's rules propose (`demonstration` 示范, `warned` 预警,
/// `delisted` 摘牌) and what was done (`pending`, `accepted`, `rejected`).
#[utoipa::path(get, path = "/api/v1/studios/{id}/rounds", tag = "studios",
    params(("id" = i64, Path, description = "Id of the studio")),
    responses((status = 200, body = Vec<StudioRoundView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn history(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<StudioRoundView>>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.studios().evaluation_history(id).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PendingQuery {
    /// Studios hosted in this node's subtree (the caller's scope when absent).
    pub(crate) under: Option<i64>,
    pub(crate) page: Option<i64>,
    pub(crate) per_page: Option<i64>,
}

/// Proposals of published studio rounds that nobody has accepted or rejected, for the studios
/// the caller reads, newest round first.
#[utoipa::path(get, path = "/api/v1/studio-proposals", tag = "studios", params(PendingQuery),
    responses((status = 200, body = PageOf<PendingProposalView>), (status = 400, body = crate::api::ErrorBody)))]
pub async fn pending(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<PendingQuery>,
) -> WebResult<Json<PageOf<PendingProposalView>>> {
    let page = page_request(q.page, q.per_page)?;
    let s = st.store.scoped(&me.actor);
    Ok(Json(
        s.studios().pending_proposals(q.under, page).await?.into(),
    ))
}

/// Accepts the move a published round proposes for the studio (`studio.manage` over it): the
/// studio's lifecycle move is made with the round's title as its reason and the document
/// number given; refused (409) when already decided or when the studio's move table does not
/// allow it from its present state.
#[utoipa::path(post, path = "/api/v1/studios/{id}/rounds/{round_id}/accept", tag = "studios",
    params(("id" = i64, Path, description = "Id of the studio"), ("round_id" = i64, Path, description = "The round")),
    request_body = AcceptInput,
    responses((status = 200, body = StudioRoundView), (status = 404, body = crate::api::ErrorBody),
        (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn accept(
    State(st): State<AppState>,
    me: Authed,
    Path((id, round_id)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<AcceptInput>,
) -> WebResult<Json<StudioRoundView>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(
        s.studios().accept_proposal(id, round_id, &input).await?,
    ))
}

/// Rejects the move a published round proposes for the studio, with a reason.
#[utoipa::path(post, path = "/api/v1/studios/{id}/rounds/{round_id}/reject", tag = "studios",
    params(("id" = i64, Path, description = "Id of the studio"), ("round_id" = i64, Path, description = "The round")),
    request_body = RejectInput,
    responses((status = 200, body = StudioRoundView), (status = 404, body = crate::api::ErrorBody),
        (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn reject(
    State(st): State<AppState>,
    me: Authed,
    Path((id, round_id)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<RejectInput>,
) -> WebResult<Json<StudioRoundView>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(
        s.studios().reject_proposal(id, round_id, &input).await?,
    ))
}

//! Commendations over the API: listed and drafted, one with those it names, a draft
//! replaced, issued or revoked; the list as .xlsx.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::commendation::{CommendationInput, OrgLineInput, PersonLineInput, RevokeInput};
use touyan_storage::commendation::{
    CommendationDetail, CommendationFilter, CommendationView, CommendedOrgView, CommendedPersonView,
};
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    let manage = || require(Permission::CommendationManage);
    crate::routes::Routes::new()
        .route(
            "/v1/commendations",
            get(list).merge(post(create).route_layer(manage())),
        )
        .route("/v1/commendations/export.xlsx", get(super::io::export_api))
        .route(
            "/v1/commendations/{id}",
            get(get_one).merge(axum::routing::put(replace).route_layer(manage())),
        )
        .route(
            "/v1/commendations/{id}/issue",
            post(issue).route_layer(manage()),
        )
        .route(
            "/v1/commendations/{id}/revoke",
            post(revoke).route_layer(manage()),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(list, create, super::io::export_api, get_one, replace, issue, revoke),
    components(schemas(CommendationView, CommendationDetail, CommendedOrgView,
        CommendedPersonView, CommendationInput, OrgLineInput, PersonLineInput, RevokeInput)),
    tags((name = "commendations", description = "Commendations (通报表扬): a node's staff (`commendation.manage` over it) draft a notice with a title, a document number (文号), a date and the level of the honours, naming organizations (with the honour's name, e.g. 示范党支部) and people (e.g. 优秀共产党员, 先进个人) at or under the node. A draft may follow a published evaluation round at or under the node; with `top` and `org_honour` its organizations are filled with the round's best results (vetoed ones left out, equal scores in the order of the node ids). A draft is replaced whole until it is issued; issuing locks it and records, in the same write, an honour in the honours ledger for each person named (shown in their growth ledger); an issued commendation is only revoked, with a reason, which withdraws those honours. A commendation is read with `commendation.read` over its node; anyone else is answered 404.")),
)]
pub struct Doc;

/// The area's part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    Doc::openapi()
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommendationQuery {
    /// Commendations issued at nodes in this subtree.
    pub(crate) under: Option<i64>,
    /// Part of the title or the document number.
    pub(crate) q: Option<String>,
    /// `draft`, `issued` or `revoked`.
    pub(crate) state: Option<String>,
    /// Dated in this year.
    pub(crate) year: Option<i32>,
    pub(crate) page: Option<i64>,
    pub(crate) per_page: Option<i64>,
}

impl CommendationQuery {
    pub(crate) fn filter(&self) -> CommendationFilter {
        CommendationFilter {
            under: self.under,
            q: self.q.clone(),
            state: self.state.clone(),
            year: self.year,
        }
    }
}

/// Commendations issued at the caller's nodes, latest first, with how many organizations
/// and people each names.
#[utoipa::path(get, path = "/api/v1/commendations", tag = "commendations", params(CommendationQuery),
    responses((status = 200, body = PageOf<CommendationView>), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<CommendationQuery>,
) -> WebResult<Json<PageOf<CommendationView>>> {
    let page = page_request(q.page, q.per_page)?;
    let s = st.store.scoped(&me.actor);
    Ok(Json(
        s.commendations().list(&q.filter(), page).await?.into(),
    ))
}

/// Drafts a commendation at a node the caller manages commendations at.
#[utoipa::path(post, path = "/api/v1/commendations", tag = "commendations", request_body = CommendationInput,
    responses((status = 201, body = CommendationDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<CommendationInput>,
) -> WebResult<(StatusCode, Json<CommendationDetail>)> {
    let s = st.store.scoped(&me.actor);
    Ok((
        StatusCode::CREATED,
        Json(s.commendations().create(&input).await?),
    ))
}

/// A commendation with the organizations and people it names.
#[utoipa::path(get, path = "/api/v1/commendations/{id}", tag = "commendations",
    params(("id" = i64, Path, description = "The commendation")),
    responses((status = 200, body = CommendationDetail), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<CommendationDetail>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .commendations()
            .detail(id)
            .await?,
    ))
}

/// Replaces a draft whole; an issued or revoked commendation is refused (409).
#[utoipa::path(put, path = "/api/v1/commendations/{id}", tag = "commendations",
    params(("id" = i64, Path, description = "The commendation")), request_body = CommendationInput,
    responses((status = 200, body = CommendationDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn replace(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CommendationInput>,
) -> WebResult<Json<CommendationDetail>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.commendations().update(id, &input).await?))
}

/// Issues a draft: locked, and each person named gets the honour in the honours ledger.
#[utoipa::path(post, path = "/api/v1/commendations/{id}/issue", tag = "commendations",
    params(("id" = i64, Path, description = "The commendation")),
    responses((status = 200, body = CommendationDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody)))]
pub async fn issue(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<CommendationDetail>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.commendations().issue(id).await?))
}

/// Revokes an issued commendation with a reason; the honours it recorded are withdrawn.
#[utoipa::path(post, path = "/api/v1/commendations/{id}/revoke", tag = "commendations",
    params(("id" = i64, Path, description = "The commendation")), request_body = RevokeInput,
    responses((status = 200, body = CommendationDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn revoke(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<RevokeInput>,
) -> WebResult<Json<CommendationDetail>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.commendations().revoke(id, &input).await?))
}

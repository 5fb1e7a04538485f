//! The enterprise ledger over the API: profiles listed, read, recorded, changed and removed,
//! each year's revenue, party-organization coverage of a node, and the ledger as .xlsx.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::enterprise::{EnterpriseInput, RevenueInput};
use touyan_storage::enterprise::{
    Coverage, CoverageBy, CoverageRow, EnterpriseFilter, EnterpriseView, RevenueView,
};
use touyan_storage::kit::today;
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    let write = || require(Permission::EnterpriseWrite);
    crate::routes::Routes::new()
        .route("/v1/enterprises", get(list))
        .route("/v1/enterprises/export.xlsx", get(export))
        .route(
            "/v1/enterprises/{node_id}",
            get(get_one).merge(axum::routing::put(save).delete(remove).route_layer(write())),
        )
        .route(
            "/v1/enterprises/{node_id}/revenues",
            get(revenues).merge(axum::routing::post(set_revenue).route_layer(write())),
        )
        .route(
            "/v1/enterprises/{node_id}/revenues/{rid}",
            delete(remove_revenue).route_layer(write()),
        )
        .route("/v1/coverage", get(coverage))
        .route("/v1/coverage/breakdown", get(breakdown))
        .merge(super::ties_api::routes())
        .merge(super::census::api_routes())
        .merge(super::parks::api_routes())
        .merge(super::io::api_routes())
}

#[derive(OpenApi)]
#[openapi(
    paths(list, export, get_one, save, remove, revenues, set_revenue, remove_revenue, coverage, breakdown),
    components(schemas(EnterpriseView, RevenueView, Coverage, CoverageRow)),
    tags((name = "enterprises", description = "The enterprise ledger (企业台账): a profile on each enterprise node with its unified social credit code (GB 32100-2015), revenue by year, and its party-building status derived from the tree (a party organization at or under it) and the people records (members filed there); coverage of any node. Read with `enterprise.read`, changed with `enterprise.write` over the enterprise's node.")),
)]
pub struct Doc;

/// The area's part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    let mut d = Doc::openapi();
    d.merge(super::ties_api::doc());
    d.merge(super::census::doc());
    d.merge(super::parks::doc());
    d.merge(super::io::Doc::openapi());
    d
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnterpriseQuery {
    /// Enterprises in this subtree.
    under: Option<i64>,
    /// Part of the name, or a whole credit code.
    q: Option<String>,
    /// `operating`, `moved_out` or `closed`.
    status: Option<String>,
    /// A section of GB/T 4754-2017, `A`–`T`.
    industry: Option<String>,
    /// `large`, `medium`, `small` or `micro`.
    size: Option<String>,
    /// Derived party status: `own`, `joint`, `incubation`, `members_only` or `none`.
    party: Option<String>,
    /// Only those with three or more full members and no organization of their own.
    #[serde(default)]
    breaking_rule: bool,
    /// With `revenue_at_least`: the year whose revenue is compared.
    revenue_year: Option<i32>,
    /// Only those whose revenue of `revenue_year` reached this many yuan (e.g. 100000000
    /// for 亿元以上).
    revenue_at_least: Option<i64>,
    /// Only those no instructor is sent to now (the gap list).
    #[serde(default)]
    without_instructor: bool,
    /// Only those this party organization (a joint or incubation branch) is linked to now.
    covered_by: Option<i64>,
    page: Option<i64>,
    per_page: Option<i64>,
}

impl EnterpriseQuery {
    pub(crate) fn filter(&self) -> EnterpriseFilter {
        EnterpriseFilter {
            under: self.under,
            q: self.q.clone(),
            status: self.status.clone(),
            industry: self.industry.clone(),
            size: self.size.clone(),
            party: self.party.clone(),
            breaking_rule: self.breaking_rule,
            revenue_year: self.revenue_year,
            revenue_at_least: self.revenue_at_least,
            without_instructor: self.without_instructor,
            covered_by: self.covered_by,
        }
    }
}

/// Enterprises with a profile in the caller's subtrees.
#[utoipa::path(get, path = "/api/v1/enterprises", tag = "enterprises", params(EnterpriseQuery),
    responses((status = 200, body = PageOf<EnterpriseView>), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<EnterpriseQuery>,
) -> WebResult<Json<PageOf<EnterpriseView>>> {
    let page = page_request(q.page, q.per_page)?;
    let p = st
        .store
        .scoped(&me.actor)
        .enterprises()
        .list(&q.filter(), page)
        .await?;
    Ok(Json(p.into()))
}

#[utoipa::path(get, path = "/api/v1/enterprises/{node_id}", tag = "enterprises",
    params(("node_id" = i64, Path, description = "The enterprise's node")),
    responses((status = 200, body = EnterpriseView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<EnterpriseView>> {
    Ok(Json(
        st.store.scoped(&me.actor).enterprises().get(id).await?,
    ))
}

/// Records the profile of an enterprise node, or replaces the one it has.
#[utoipa::path(put, path = "/api/v1/enterprises/{node_id}", tag = "enterprises",
    params(("node_id" = i64, Path, description = "The enterprise's node (of kind 企业)")),
    request_body = EnterpriseInput,
    responses((status = 200, body = EnterpriseView), (status = 409, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn save(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EnterpriseInput>,
) -> WebResult<Json<EnterpriseView>> {
    let e = input.parse(today())?;
    Ok(Json(
        st.store.scoped(&me.actor).enterprises().save(id, e).await?,
    ))
}

/// Removes a profile and its revenue; the node stays.
#[utoipa::path(delete, path = "/api/v1/enterprises/{node_id}", tag = "enterprises",
    params(("node_id" = i64, Path, description = "The enterprise's node")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn remove(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store.scoped(&me.actor).enterprises().delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/enterprises/{node_id}/revenues", tag = "enterprises",
    params(("node_id" = i64, Path, description = "The enterprise's node")),
    responses((status = 200, body = [RevenueView]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn revenues(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<RevenueView>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .enterprises()
            .revenues(id)
            .await?,
    ))
}

/// Sets one year's revenue (营业收入); a second value for the year replaces the first.
#[utoipa::path(post, path = "/api/v1/enterprises/{node_id}/revenues", tag = "enterprises",
    params(("node_id" = i64, Path, description = "The enterprise's node")),
    request_body = RevenueInput,
    responses((status = 201, body = RevenueView), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn set_revenue(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<RevenueInput>,
) -> WebResult<(StatusCode, Json<RevenueView>)> {
    let r = input.parse(today())?;
    let v = st
        .store
        .scoped(&me.actor)
        .enterprises()
        .set_revenue(id, r)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(delete, path = "/api/v1/enterprises/{node_id}/revenues/{rid}", tag = "enterprises",
    params(("node_id" = i64, Path, description = "The enterprise's node"), ("rid" = i64, Path, description = "The revenue record")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn remove_revenue(
    State(st): State<AppState>,
    me: Authed,
    Path((id, rid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .enterprises()
        .delete_revenue(id, rid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    /// The node whose subtree is counted; the caller's whole scope when absent.
    under: Option<i64>,
}

/// Party-organization coverage of the operating enterprises under a node: own organization,
/// joint or incubation branch, members only, none; the organization and work coverage rates.
#[utoipa::path(get, path = "/api/v1/coverage", tag = "enterprises", params(CoverageQuery),
    responses((status = 200, body = Coverage), (status = 404, body = crate::api::ErrorBody)))]
pub async fn coverage(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<CoverageQuery>,
) -> WebResult<Json<Coverage>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .enterprises()
            .coverage(q.under)
            .await?,
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BreakdownQuery {
    /// The node whose subtree is counted (required to go by its children).
    under: Option<i64>,
    /// `child` (the node's children), `industry` (the default), `size` or `chain` (the chain
    /// committees enterprises are current members of; one in two chains counts in both, and
    /// the line with an empty key holds those in none).
    by: Option<String>,
}

/// The coverage under a node line by line — by its children, by industry, by size or by
/// industrial chain; the lines add up to `/api/v1/coverage` (by chain, an enterprise in two
/// chains is counted in each).
#[utoipa::path(get, path = "/api/v1/coverage/breakdown", tag = "enterprises", params(BreakdownQuery),
    responses((status = 200, body = [CoverageRow]), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn breakdown(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<BreakdownQuery>,
) -> WebResult<Json<Vec<CoverageRow>>> {
    let by = CoverageBy::parse(q.by.as_deref().unwrap_or("industry"))?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .enterprises()
            .coverage_by(q.under, by)
            .await?,
    ))
}

/// The ledger as .xlsx, with the list's filters (audited), in the import template's columns
/// (the latest year's revenue as its pair) and then the derived party columns: edited, it
/// imports back.
#[utoipa::path(get, path = "/api/v1/enterprises/export.xlsx", tag = "enterprises", params(EnterpriseQuery),
    responses((status = 200, description = "The ledger as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody)))]
pub async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<EnterpriseQuery>,
) -> WebResult<Response> {
    super::io::export(&st.store.scoped(&me.actor), me.ctx.tr(), &q.filter()).await
}

//! The register over the API: centres listed with filters, read, recorded, changed and
//! removed, the enterprises each serves replaced, the register as .xlsx.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::xlsx::{self, Cell};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::centre::{CentreInput, ServedInput};
use touyan_storage::centre::{CentreCounts, CentreFilter, CentreView, ServedEnterprise};
use touyan_storage::kit::today;
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    let write = || require(Permission::CentreWrite);
    crate::routes::Routes::new()
        .route(
            "/v1/centres",
            get(list).merge(post(create).route_layer(write())),
        )
        .route("/v1/centres/export.xlsx", get(export))
        .route("/v1/centres/counts", get(counts))
        .route(
            "/v1/centres/{id}",
            get(get_one).merge(put(update).delete(remove).route_layer(write())),
        )
        .route(
            "/v1/centres/{id}/enterprises",
            put(set_served).route_layer(write()),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(list, create, export, counts, get_one, update, remove, set_served),
    components(schemas(CentreView, ServedEnterprise, CentreCounts)),
    tags((name = "centres", description = "Party-mass service centres and stations (党群服务中心, 共享式党群服务站): kind, host node, address, facilities, opening hours, status, and the enterprise nodes each serves. Read with `centre.read`, changed with `centre.write` over the host node; the enterprises served must be enterprise nodes the caller may change centres at. An open centre also has a public page at `/p/centres/{id}`.")),
)]
pub struct Doc;

/// The area's part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    Doc::openapi()
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CentreQuery {
    /// Centres hosted in this subtree.
    under: Option<i64>,
    /// `centre` or `station`.
    kind: Option<String>,
    /// `open` or `closed`.
    status: Option<String>,
    /// Part of the name or of the address.
    q: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

impl CentreQuery {
    fn filter(&self) -> CentreFilter {
        CentreFilter {
            under: self.under,
            kind: self.kind.clone(),
            status: self.status.clone(),
            q: self.q.clone(),
        }
    }
}

/// Centres and stations in the caller's subtrees.
#[utoipa::path(get, path = "/api/v1/centres", tag = "centres", params(CentreQuery),
    responses((status = 200, body = PageOf<CentreView>), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<CentreQuery>,
) -> WebResult<Json<PageOf<CentreView>>> {
    let page = page_request(q.page, q.per_page)?;
    let p = st
        .store
        .scoped(&me.actor)
        .centres()
        .list(&q.filter(), page)
        .await?;
    Ok(Json(p.into()))
}

/// How many centres the list's filters find, by kind and by status.
#[utoipa::path(get, path = "/api/v1/centres/counts", tag = "centres", params(CentreQuery),
    responses((status = 200, body = CentreCounts), (status = 404, body = crate::api::ErrorBody)))]
pub async fn counts(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<CentreQuery>,
) -> WebResult<Json<CentreCounts>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.centres().counts(&q.filter()).await?))
}

/// Records a centre at a node the caller may change centres at.
#[utoipa::path(post, path = "/api/v1/centres", tag = "centres", request_body = CentreInput,
    responses((status = 201, body = CentreView), (status = 403, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<CentreInput>,
) -> WebResult<(StatusCode, Json<CentreView>)> {
    let c = input.parse(today())?;
    let v = st.store.scoped(&me.actor).centres().create(c).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/centres/{id}", tag = "centres",
    params(("id" = i64, Path, description = "The centre")),
    responses((status = 200, body = CentreView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<CentreView>> {
    Ok(Json(st.store.scoped(&me.actor).centres().get(id).await?))
}

/// Replaces a centre's fields (its host may change to another node in reach).
#[utoipa::path(put, path = "/api/v1/centres/{id}", tag = "centres",
    params(("id" = i64, Path, description = "The centre")),
    request_body = CentreInput,
    responses((status = 200, body = CentreView), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CentreInput>,
) -> WebResult<Json<CentreView>> {
    let c = input.parse(today())?;
    Ok(Json(
        st.store.scoped(&me.actor).centres().update(id, c).await?,
    ))
}

/// Removes a centre and its list of enterprises served.
#[utoipa::path(delete, path = "/api/v1/centres/{id}", tag = "centres",
    params(("id" = i64, Path, description = "The centre")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn remove(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store.scoped(&me.actor).centres().delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Replaces the enterprises a centre serves (enterprise nodes in the caller's reach).
#[utoipa::path(put, path = "/api/v1/centres/{id}/enterprises", tag = "centres",
    params(("id" = i64, Path, description = "The centre")),
    request_body = ServedInput,
    responses((status = 200, body = CentreView), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn set_served(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ServedInput>,
) -> WebResult<Json<CentreView>> {
    let ids = input.parse()?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .centres()
            .set_served(id, &ids)
            .await?,
    ))
}

/// The register as .xlsx, with the list's filters (audited).
#[utoipa::path(get, path = "/api/v1/centres/export.xlsx", tag = "centres", params(CentreQuery),
    responses((status = 200, description = "The register as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody)))]
pub async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<CentreQuery>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let f = q.filter();
    let rows = s.centres().all(&f, xlsx::EXPORT_CAP).await?;
    s.audit()
        .note(
            "export",
            "centre",
            Permission::CentreRead,
            f.under,
            Some(serde_json::json!({"rows": rows.len()})),
        )
        .await?;
    let label = |key: String| -> Cell { tr.t(&key).into() };
    let data = rows
        .iter()
        .map(|c| {
            let facilities: Vec<&str> = c
                .facilities
                .iter()
                .map(|f| tr.t(&format!("centre.facility.{f}")))
                .collect();
            let served: Vec<&str> = c.enterprises.iter().map(|e| e.name.as_str()).collect();
            vec![
                c.name.as_str().into(),
                label(format!("centre.kind.{}", c.kind)),
                c.node_name.as_str().into(),
                c.address.clone().into(),
                facilities.join("、").into(),
                c.hours.clone().into(),
                c.phone.clone().into(),
                c.area_m2.into(),
                c.opened_on.map(|d| d.to_string()).into(),
                label(format!("centre.status.{}", c.status)),
                c.closed_on.map(|d| d.to_string()).into(),
                served.join("、").into(),
            ]
        })
        .collect();
    let h = [
        "centre.col.name",
        "centre.col.kind",
        "centre.col.host",
        "centre.col.address",
        "centre.col.facilities",
        "centre.col.hours",
        "centre.col.phone",
        "centre.col.area",
        "centre.col.opened_on",
        "centre.col.status",
        "centre.col.closed_on",
        "centre.col.enterprises",
    ];
    xlsx::download_keys(tr, "centres.xlsx", "centre.sheet", &h, data)
}

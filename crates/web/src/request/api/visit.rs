//! Visits (走访) with the requests their problems became, enterprise orders (企业下单) entered
//! by staff, and the 12345 hotline's batch files.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::import_answer::AdmittedFile;
use crate::request::io as request_io;
use crate::require::{require, require_any};
use crate::upload_guard::IMPORT_LIMIT;
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::fields::parse_date;
use touyan_domain::request::entries::OrderInput;
use touyan_storage::request::visit::{VisitDetail, VisitFilter, VisitInput, VisitView};
use touyan_storage::request::RequestView;
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    let works = || require_any(&[Permission::RequestDispatch, Permission::RequestHandle]);
    crate::routes::Routes::new()
        .route("/v1/visits", post(create).route_layer(works()).get(list))
        .route("/v1/visits/{id}", get(get_one))
        .route(
            "/v1/enterprises/{node_id}/orders",
            post(enterprise_order).route_layer(works()),
        )
        .route("/v1/requests/import-template.xlsx", get(template))
        .route(
            "/v1/requests/import",
            post(import)
                .layer(DefaultBodyLimit::max(IMPORT_LIMIT))
                .route_layer(require(Permission::RequestDispatch)),
        )
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VisitQuery {
    /// Visits of nodes in this subtree.
    under: Option<i64>,
    /// `enterprise` or `household`.
    kind: Option<String>,
    /// Visited on or after (`YYYY-MM-DD`).
    from: Option<String>,
    /// Visited on or before (`YYYY-MM-DD`).
    to: Option<String>,
    /// Part of the visitor's name, the household or the notes.
    q: Option<String>,
    /// Visits by this person of the ledger.
    visitor_person_id: Option<i64>,
    page: Option<i64>,
    per_page: Option<i64>,
}

fn day(field: &str, v: &Option<String>) -> WebResult<Option<NaiveDate>> {
    Ok(parse_date(field, v.as_deref().unwrap_or(""))?)
}

impl VisitQuery {
    fn filter(&self) -> WebResult<VisitFilter> {
        Ok(VisitFilter {
            under: self.under,
            kind: self.kind.clone(),
            from: day("from", &self.from)?,
            to: day("to", &self.to)?,
            q: self.q.clone(),
            visitor_person_id: self.visitor_person_id,
        })
    }
}

/// Visits in the caller's subtrees (`request.read`), the latest first.
#[utoipa::path(get, path = "/api/v1/visits", tag = "requests", params(VisitQuery),
    responses((status = 200, body = PageOf<VisitView>), (status = 422, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<VisitQuery>,
) -> WebResult<Json<PageOf<VisitView>>> {
    let page = page_request(q.page, q.per_page)?;
    let p = st
        .store
        .scoped(&me.actor)
        .visits()
        .list(&q.filter()?, page)
        .await?;
    Ok(Json(p.into()))
}

/// Records a visit and turns every problem into a request, received at once; all or
/// nothing. Needs `request.dispatch` or `request.handle` over the visited node.
#[utoipa::path(post, path = "/api/v1/visits", tag = "requests", request_body = VisitInput,
    responses((status = 201, body = VisitDetail), (status = 403, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<VisitInput>,
) -> WebResult<(StatusCode, Json<VisitDetail>)> {
    let v = st.store.scoped(&me.actor).visits().create(&input).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// A visit with the requests raised on it that the caller may see.
#[utoipa::path(get, path = "/api/v1/visits/{id}", tag = "requests", params(("id" = i64, Path, description = "Id of the visit")),
    responses((status = 200, body = VisitDetail), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<VisitDetail>> {
    Ok(Json(st.store.scoped(&me.actor).visits().get(id).await?))
}

/// 企业下单: a request of channel `enterprise` located at the enterprise's node and carrying
/// its name, received at once. Needs `request.dispatch` or `request.handle` there.
#[utoipa::path(post, path = "/api/v1/enterprises/{node_id}/orders", tag = "requests", params(("node_id" = i64, Path, description = "Id of the enterprise node")), request_body = OrderInput,
    responses((status = 201, body = RequestView), (status = 403, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn enterprise_order(
    State(st): State<AppState>,
    me: Authed,
    Path(node_id): Path<i64>,
    ApiJson(b): ApiJson<OrderInput>,
) -> WebResult<(StatusCode, Json<RequestView>)> {
    let input = b.request();
    let r = st
        .store
        .scoped(&me.actor)
        .requests()
        .enterprise_order(node_id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// A blank 12345 hotline file: order number, call time, category, location, address,
/// content, contact and urgency, with dropdowns for the category, the location (the nodes
/// where the caller dispatches) and the urgency.
#[utoipa::path(get, path = "/api/v1/requests/import-template.xlsx", tag = "requests",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn template(State(st): State<AppState>, me: Authed) -> WebResult<Response> {
    request_io::template(&st.store.scoped(&me.actor), me.ctx.tr()).await
}

/// Orders transferred by the 12345 hotline, all or nothing: 200 with the count, or 422 with
/// every bad cell (sheet, row, column, value, reason) and a link to the file with those
/// cells marked. Order numbers repeated in the file or already recorded are refused. The
/// requests keep the call time as their creation time and are received at once.
#[utoipa::path(post, path = "/api/v1/requests/import", tag = "requests",
    request_body(content_type = "multipart/form-data", description = "`file`: an .xlsx filled from the template"),
    responses((status = 200, body = crate::import_answer::ImportDone), (status = 400, body = crate::api::ErrorBody), (status = 403, body = crate::api::ErrorBody), (status = 413, body = crate::api::ErrorBody), (status = 422, body = crate::import_answer::ImportUnprocessable), (status = 429, body = crate::api::ErrorBody)))]
pub async fn import(
    State(st): State<AppState>,
    me: Authed,
    up: AdmittedFile,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let imported =
        request_io::import(&st.store.scoped(&me.actor), tr, &up.name, up.bytes.into()).await?;
    Ok(crate::import_answer::api_answer(tr, imported))
}

#[derive(OpenApi)]
#[openapi(paths(list, create, get_one, enterprise_order, template, import))]
pub struct Doc;

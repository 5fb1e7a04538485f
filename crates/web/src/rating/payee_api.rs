//! The 红星津贴's payees over the API: the party-affairs workers in reach with their bank
//! accounts masked, one payee, and setting a payee's account.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::{get, put};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::rating::PayeeInput;
use touyan_storage::rating::PayeeView;
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    let manage = || require(Permission::RatingManage);
    crate::routes::Routes::new()
        .route("/v1/allowances/payees", get(list))
        .route(
            "/v1/allowances/payees/{person_id}",
            get(one).merge(put(set).route_layer(manage())),
        )
}

#[derive(OpenApi)]
#[openapi(paths(list, one, set), components(schemas(PayeeView, PayeeInput)))]
pub struct PayeeDoc;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PayeeQuery {
    /// Payees holding party-affairs posts in this subtree.
    pub(crate) under: Option<i64>,
    pub(crate) page: Option<i64>,
    pub(crate) per_page: Option<i64>,
}

/// The party-affairs workers in reach as payees, those without a bank account first; the
/// account numbers masked to their last four digits.
#[utoipa::path(get, path = "/api/v1/allowances/payees", tag = "allowances", params(PayeeQuery),
    responses((status = 200, body = PageOf<PayeeView>), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<PayeeQuery>,
) -> WebResult<Json<PageOf<PayeeView>>> {
    let page = page_request(q.page, q.per_page)?;
    let r = st.store.scoped(&me.actor).ratings();
    Ok(Json(r.payees(q.under, page).await?.into()))
}

/// A payee with the account number masked.
#[utoipa::path(get, path = "/api/v1/allowances/payees/{person_id}", tag = "allowances",
    params(("person_id" = i64, Path, description = "The person")),
    responses((status = 200, body = PayeeView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn one(
    State(st): State<AppState>,
    me: Authed,
    Path(person_id): Path<i64>,
) -> WebResult<Json<PayeeView>> {
    let r = st.store.scoped(&me.actor).ratings();
    Ok(Json(r.payee(person_id).await?))
}

/// Sets or changes a payee's bank account (audited with the number masked); the answer shows
/// it masked.
#[utoipa::path(put, path = "/api/v1/allowances/payees/{person_id}", tag = "allowances",
    params(("person_id" = i64, Path, description = "The person")), request_body = PayeeInput,
    responses((status = 200, body = PayeeView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn set(
    State(st): State<AppState>,
    me: Authed,
    Path(person_id): Path<i64>,
    ApiJson(input): ApiJson<PayeeInput>,
) -> WebResult<Json<PayeeView>> {
    let r = st.store.scoped(&me.actor).ratings();
    Ok(Json(r.set_payee(person_id, &input).await?))
}

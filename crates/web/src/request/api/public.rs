//! The public side of service requests over the API, open without signing in: the
//! categories and locations a request is filed under, submitting one (answered with its
//! tracking code), reading it back through the code, and the complainant's rating, reopening
//! and withdrawal. Every route is limited per client address (see `ratelimit`); past the limit
//! it answers 429 with `Retry-After`.

use crate::api::{ApiJson, ApiQuery};
use crate::ctx::Ctx;
use crate::error::{WebError, WebResult};
use crate::ratelimit::{Bucket, Slot};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Json;
use serde::{Deserialize, Serialize};
use touyan_domain::request::entries::PublicRequestInput;
use touyan_domain::request::intake::display_tracking_code;
use touyan_domain::request::workflow::{ActionInput, RatingInput, ReasonInput};
use touyan_storage::request::public::{
    PublicCategory, PublicEvent, PublicFile, PublicLocation, PublicRequest, PublicSubmission,
};
use touyan_storage::StorageError;
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/v1/public/categories", get(categories))
        .route("/v1/public/locations", get(locations))
        .route("/v1/public/requests", post(submit))
        .route("/v1/public/requests/{code}", get(track))
        .route("/v1/public/requests/{code}/rating", post(rate))
        .route("/v1/public/requests/{code}/reopen", post(reopen))
        .route("/v1/public/requests/{code}/withdraw", post(withdraw))
}

#[derive(OpenApi)]
#[openapi(
    paths(categories, locations, submit, track, rate, reopen, withdraw),
    components(schemas(PublicCategory, PublicLocation, PublicRequest, PublicEvent, PublicFile,
        PublicRequestInput, Submitted, RatingInput, ReasonInput, Acted)),
    tags((name = "public", description = "诉求 from residents and enterprises, without signing in. A request is submitted with its location (a community, grid, park or street from /api/v1/public/locations) and answered with a tracking code of 20 characters (100 random bits); the code alone opens the public timeline — state, the handling unit, its reply and closing words, the photos — and never the contact data, internal notes or staff names. Per client address: 5 submissions per 10 minutes, 60 look-ups by code per minute, 10 ratings or other actions per 10 minutes, 120 location searches per minute; past that, 429 with Retry-After. The counts are kept in memory and start again when the server restarts.")),
)]
pub struct Doc;

/// Takes a slot of `bucket` for the caller's address, or answers 429.
pub(crate) fn limit(st: &AppState, ctx: &Ctx, bucket: Bucket) -> WebResult<Slot> {
    st.limiter
        .take(bucket, ctx.ip.as_deref())
        .map_err(WebError::Throttled)
}

/// Gives a slot back when the attempt was refused for its input.
pub(crate) fn refund<T>(st: &AppState, slot: Slot, r: &Result<T, StorageError>) {
    if matches!(r, Err(StorageError::Invalid(_))) {
        st.limiter.give_back(slot);
    }
}

/// The active request categories.
#[utoipa::path(get, path = "/api/v1/public/categories", tag = "public",
    responses((status = 200, body = [PublicCategory])))]
pub async fn categories(State(st): State<AppState>) -> WebResult<Json<Vec<PublicCategory>>> {
    Ok(Json(st.store.public_categories().await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LocationQuery {
    /// Part of the name; the top levels when blank.
    q: Option<String>,
}

/// Communities, grids, parks and streets whose name holds `q`, at most 50, each with its
/// full name from the top of the tree down.
#[utoipa::path(get, path = "/api/v1/public/locations", tag = "public", params(LocationQuery),
    responses((status = 200, body = [PublicLocation]), (status = 429, body = crate::api::ErrorBody)))]
pub async fn locations(
    State(st): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<LocationQuery>,
) -> WebResult<Json<Vec<PublicLocation>>> {
    limit(&st, &ctx, Bucket::Search)?;
    Ok(Json(
        st.store
            .public_locations(q.q.as_deref().unwrap_or(""))
            .await?,
    ))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Submitted {
    /// The tracking code: keep it to follow the request.
    code: String,
    /// The code in groups of five, for reading out and printing.
    display_code: String,
    /// The tracking page.
    tracking_url: String,
}

/// Submits a request; answers its tracking code.
#[utoipa::path(post, path = "/api/v1/public/requests", tag = "public", request_body = PublicRequestInput,
    responses((status = 201, body = Submitted), (status = 422, body = crate::api::ErrorBody), (status = 429, body = crate::api::ErrorBody)))]
pub async fn submit(
    State(st): State<AppState>,
    ctx: Ctx,
    ApiJson(b): ApiJson<PublicRequestInput>,
) -> WebResult<(StatusCode, Json<Submitted>)> {
    let slot = limit(&st, &ctx, Bucket::Submit)?;
    let (requester, input) = b.into_parts();
    let sub = PublicSubmission {
        requester,
        input,
        photos: vec![],
        ip: ctx.ip.clone(),
    };
    let r = st.store.submit_public(&sub).await;
    refund(&st, slot, &r);
    let code = r?;
    Ok((
        StatusCode::CREATED,
        Json(Submitted {
            display_code: display_tracking_code(&code),
            tracking_url: format!("/track/{code}"),
            code,
        }),
    ))
}

/// The public timeline behind a tracking code (spaces, hyphens and lower case are fine).
#[utoipa::path(get, path = "/api/v1/public/requests/{code}", tag = "public",
    params(("code" = String, Path, description = "The tracking code")),
    responses((status = 200, body = PublicRequest), (status = 404, body = crate::api::ErrorBody), (status = 429, body = crate::api::ErrorBody)))]
pub async fn track(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> WebResult<Json<PublicRequest>> {
    limit(&st, &ctx, Bucket::Lookup)?;
    Ok(Json(st.store.track(&code).await?))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Acted {
    /// True when the action sent the closed request back for another round (a 不满意 within
    /// the window after closing, or a reopening).
    reopened: bool,
    request: PublicRequest,
}

async fn act(st: &AppState, ctx: &Ctx, code: &str, input: ActionInput) -> WebResult<Json<Acted>> {
    let slot = limit(st, ctx, Bucket::Act)?;
    let r = st.store.act_public(code, &input, ctx.ip.clone()).await;
    refund(st, slot, &r);
    let (request, reopened) = r?;
    Ok(Json(Acted { reopened, request }))
}

/// Rates the answer, once per round: 满意, 基本满意 or 不满意. A 不满意 within the reopen
/// window after closing sends the request back for another round.
#[utoipa::path(post, path = "/api/v1/public/requests/{code}/rating", tag = "public", request_body = RatingInput,
    params(("code" = String, Path, description = "The tracking code")),
    responses((status = 200, body = Acted), (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody), (status = 429, body = crate::api::ErrorBody)))]
pub async fn rate(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(b): ApiJson<RatingInput>,
) -> WebResult<Json<Acted>> {
    act(&st, &ctx, &code, b.action()).await
}

/// "仍未解决": sends a closed request back for another round, within the reopen window.
#[utoipa::path(post, path = "/api/v1/public/requests/{code}/reopen", tag = "public", request_body = ReasonInput,
    params(("code" = String, Path, description = "The tracking code")),
    responses((status = 200, body = Acted), (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody), (status = 429, body = crate::api::ErrorBody)))]
pub async fn reopen(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(b): ApiJson<ReasonInput>,
) -> WebResult<Json<Acted>> {
    act(&st, &ctx, &code, b.action("reopen")).await
}

/// Withdraws a request not yet dispatched.
#[utoipa::path(post, path = "/api/v1/public/requests/{code}/withdraw", tag = "public", request_body = ReasonInput,
    params(("code" = String, Path, description = "The tracking code")),
    responses((status = 200, body = Acted), (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody), (status = 429, body = crate::api::ErrorBody)))]
pub async fn withdraw(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(b): ApiJson<ReasonInput>,
) -> WebResult<Json<Acted>> {
    act(&st, &ctx, &code, b.action("withdraw")).await
}

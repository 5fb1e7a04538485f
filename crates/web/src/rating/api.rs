//! Star ratings and the 红星津贴 over the API: ratings listed, one with its objections, an
//! organization's history, a subtree's distribution, rule sets, direct ratings and ratings
//! from a published round; amount tables, batches computed, approved, paid and reversed,
//! the paid total, and the payout list and bank-transfer sheet as .xlsx.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Json;
use serde::{Deserialize, Serialize};
use touyan_domain::access::Permission;
use touyan_domain::rating::{
    AmountInput, BatchInput, BatchState, DirectInput, RuleInput, TextInput,
};
use touyan_storage::rating::{
    AmountView, BatchDetail, BatchView, Distribution, LineView, MoveView, ObjectionView,
    RatingDetail, RatingFilter, RatingView, RuleView,
};
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    let manage = || require(Permission::RatingManage);
    let read = || require(Permission::RatingRead);
    crate::routes::Routes::new()
        .route("/v1/ratings", get(list))
        .route(
            "/v1/ratings/direct",
            post(rate_direct).route_layer(manage()),
        )
        .route(
            "/v1/ratings/from-round",
            post(from_round).route_layer(manage()),
        )
        .route("/v1/ratings/export.xlsx", get(super::io::ratings_api))
        .route("/v1/ratings/distribution", get(distribution))
        .route("/v1/ratings/history/{node_id}", get(history))
        .route(
            "/v1/ratings/rules/{node_id}",
            get(rules).merge(post(set_rules).route_layer(manage())),
        )
        .route("/v1/ratings/{id}", get(get_one))
        .route(
            "/v1/ratings/{id}/objections",
            post(object).route_layer(read()),
        )
        .route(
            "/v1/ratings/{id}/objections/{oid}/answer",
            post(answer).route_layer(manage()),
        )
        .route(
            "/v1/allowances",
            get(batches).merge(post(compute).route_layer(manage())),
        )
        .route("/v1/allowances/total", get(total))
        .route(
            "/v1/allowances/amounts/{node_id}",
            get(amounts).merge(post(set_amounts).route_layer(manage())),
        )
        .route("/v1/allowances/{id}", get(batch))
        .route(
            "/v1/allowances/{id}/approve",
            post(approve).route_layer(manage()),
        )
        .route("/v1/allowances/{id}/pay", post(pay).route_layer(manage()))
        .route(
            "/v1/allowances/{id}/reverse",
            post(reverse).route_layer(manage()),
        )
        .route(
            "/v1/allowances/{id}/payout.xlsx",
            get(super::io::payout_api),
        )
        .route("/v1/allowances/{id}/bank.xlsx", get(super::io::bank_api))
        .merge(super::payee_api::routes())
}

#[derive(OpenApi)]
#[openapi(
    paths(list, rate_direct, from_round, distribution, history, rules, set_rules, get_one,
        object, answer, batches, compute, total, amounts, set_amounts, batch, approve, pay,
        reverse, super::io::ratings_api, super::io::payout_api, super::io::bank_api),
    components(schemas(RatingView, RatingDetail, ObjectionView, MoveView, Distribution,
        RuleView, AmountView, BatchView, BatchDetail, LineView, RuleInput, DirectInput,
        TextInput, AmountInput, BatchInput, RoundBody, RatedCount, HistoryView, TotalView)),
    tags((name = "ratings", description = "Star ratings (星级评定): a node's rule set gives stars from a published evaluation round's score (in hundredths) by thresholds; with the ±1 rule on, a star moves at most one level from the previous period's; a veto (一票否决) caps it at 1★ or leaves the organization unrated; caps per superior (the rated organizations' parent) keep at most floor(share × rated) of each capped star — direct ratings first, then the higher score, then the star held since the earlier date, then the lower node id — and push the rest one star down, in turn. A direct rating (直接定级) with its reason stands as given. Every rating is under public notice (公示) for the rule set's days; objections are raised while it runs and answered by the issuing node; a rating is final once the window ended with every objection answered. Ratings are read with `rating.read` over the organization rated; anyone else is answered 404."),
        (name = "allowances", description = "The 红星津贴: amounts per star and period in fen; a node's batch for a period pays each party-affairs worker (专职/兼职党务工作者 posts) of every organization under it by its final star, pro rata by days in post (rounded down to the fen). A batch is drafted, approved, paid and then locked; a correction is a new batch reversing a paid one line by line. The payout list and a bank-transfer sheet download as .xlsx. Each party-affairs worker has a payee bank account, set with `rating.manage` over an organization where the person holds such a post; the number is shown masked to its last four digits everywhere but the bank-transfer sheet.")),
)]
pub struct Doc;

/// The area's part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    let mut d = Doc::openapi();
    d.merge(super::payee_api::PayeeDoc::openapi());
    d
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RatingQuery {
    /// Ratings of organizations in this subtree.
    pub(crate) under: Option<i64>,
    /// `2026Q1` and the like.
    pub(crate) period: Option<String>,
    /// `notice`: ratings still under notice.
    pub(crate) state: Option<String>,
    pub(crate) page: Option<i64>,
    pub(crate) per_page: Option<i64>,
}

impl RatingQuery {
    pub(crate) fn filter(&self) -> RatingFilter {
        RatingFilter {
            under: self.under,
            period: self.period.clone(),
            state: self.state.clone(),
        }
    }
}

/// Ratings in reach, latest period first.
#[utoipa::path(get, path = "/api/v1/ratings", tag = "ratings", params(RatingQuery),
    responses((status = 200, body = PageOf<RatingView>), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<RatingQuery>,
) -> WebResult<Json<PageOf<RatingView>>> {
    let page = page_request(q.page, q.per_page)?;
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.ratings().list(&q.filter(), page).await?.into()))
}

/// Rates an organization directly with a reason, as issued by its parent.
#[utoipa::path(post, path = "/api/v1/ratings/direct", tag = "ratings", request_body = DirectInput,
    responses((status = 201, body = RatingDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn rate_direct(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<DirectInput>,
) -> WebResult<(StatusCode, Json<RatingDetail>)> {
    let s = st.store.scoped(&me.actor);
    Ok((
        StatusCode::CREATED,
        Json(s.ratings().rate_direct(&input).await?),
    ))
}

/// A published round to rate from.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(as = RatingRoundBody)]
pub struct RoundBody {
    pub round_id: i64,
}

/// How many organizations a request rated.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = RatingRatedCount)]
pub struct RatedCount {
    pub rated: usize,
}

/// Rates the organizations of a published evaluation round by the rules of its node.
#[utoipa::path(post, path = "/api/v1/ratings/from-round", tag = "ratings", request_body = RoundBody,
    responses((status = 201, body = RatedCount), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn from_round(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(body): ApiJson<RoundBody>,
) -> WebResult<(StatusCode, Json<RatedCount>)> {
    let s = st.store.scoped(&me.actor);
    let rated = s.ratings().rate_round(body.round_id).await?;
    Ok((StatusCode::CREATED, Json(RatedCount { rated })))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DistributionQuery {
    /// The subtree's node.
    pub(crate) node_id: i64,
    /// One period; all periods (the trend) when left out.
    pub(crate) period: Option<String>,
    /// `scan` counts the ratings themselves instead of reading the kept counts.
    pub(crate) source: Option<String>,
}

/// A subtree's star distribution by period (unrated first, then 1★ … 5★), oldest first.
#[utoipa::path(get, path = "/api/v1/ratings/distribution", tag = "ratings", params(DistributionQuery),
    responses((status = 200, body = [Distribution]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn distribution(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<DistributionQuery>,
) -> WebResult<Json<Vec<Distribution>>> {
    let r = st.store.scoped(&me.actor).ratings();
    let p = q.period.as_deref().filter(|p| !p.is_empty());
    Ok(Json(match q.source.as_deref() {
        Some("scan") => r.distribution_scan(q.node_id, p).await?,
        _ => r.distribution(q.node_id, p).await?,
    }))
}

/// An organization's moves and ratings.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = RatingHistoryView)]
pub struct HistoryView {
    pub moves: Vec<MoveView>,
    pub ratings: Vec<RatingView>,
}

/// An organization's star history: every move up or down, and its ratings.
#[utoipa::path(get, path = "/api/v1/ratings/history/{node_id}", tag = "ratings",
    params(("node_id" = i64, Path, description = "The organization")),
    responses((status = 200, body = HistoryView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn history(
    State(st): State<AppState>,
    me: Authed,
    Path(node_id): Path<i64>,
) -> WebResult<Json<HistoryView>> {
    let (moves, ratings) = st
        .store
        .scoped(&me.actor)
        .ratings()
        .history(node_id)
        .await?;
    Ok(Json(HistoryView { moves, ratings }))
}

/// The rules that apply at a node.
#[utoipa::path(get, path = "/api/v1/ratings/rules/{node_id}", tag = "ratings",
    params(("node_id" = i64, Path, description = "The node")),
    responses((status = 200, body = RuleView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn rules(
    State(st): State<AppState>,
    me: Authed,
    Path(node_id): Path<i64>,
) -> WebResult<Json<RuleView>> {
    Ok(Json(
        st.store.scoped(&me.actor).ratings().rules(node_id).await?,
    ))
}

/// Sets a node's own rule set.
#[utoipa::path(post, path = "/api/v1/ratings/rules/{node_id}", tag = "ratings",
    params(("node_id" = i64, Path, description = "The node")), request_body = RuleInput,
    responses((status = 200, body = RuleView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn set_rules(
    State(st): State<AppState>,
    me: Authed,
    Path(node_id): Path<i64>,
    ApiJson(input): ApiJson<RuleInput>,
) -> WebResult<Json<RuleView>> {
    let r = st.store.scoped(&me.actor).ratings();
    Ok(Json(r.set_rules(node_id, &input).await?))
}

/// A rating with its objections and answers.
#[utoipa::path(get, path = "/api/v1/ratings/{id}", tag = "ratings",
    params(("id" = i64, Path, description = "The rating")),
    responses((status = 200, body = RatingDetail), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<RatingDetail>> {
    Ok(Json(st.store.scoped(&me.actor).ratings().detail(id).await?))
}

/// Raises an objection while the rating's notice runs.
#[utoipa::path(post, path = "/api/v1/ratings/{id}/objections", tag = "ratings",
    params(("id" = i64, Path, description = "The rating")), request_body = TextInput,
    responses((status = 201, body = RatingDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn object(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TextInput>,
) -> WebResult<(StatusCode, Json<RatingDetail>)> {
    let r = st.store.scoped(&me.actor).ratings();
    Ok((StatusCode::CREATED, Json(r.object(id, &input).await?)))
}

/// Answers an objection (the issuing node's staff).
#[utoipa::path(post, path = "/api/v1/ratings/{id}/objections/{oid}/answer", tag = "ratings",
    params(("id" = i64, Path, description = "The rating"), ("oid" = i64, Path, description = "The objection")),
    request_body = TextInput,
    responses((status = 200, body = RatingDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn answer(
    State(st): State<AppState>,
    me: Authed,
    Path((id, oid)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<TextInput>,
) -> WebResult<Json<RatingDetail>> {
    let r = st.store.scoped(&me.actor).ratings();
    Ok(Json(r.answer(id, oid, &input).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BatchQuery {
    /// Batches of nodes in this subtree.
    pub(crate) under: Option<i64>,
    pub(crate) page: Option<i64>,
    pub(crate) per_page: Option<i64>,
}

/// Allowance batches in reach, latest period first.
#[utoipa::path(get, path = "/api/v1/allowances", tag = "allowances", params(BatchQuery),
    responses((status = 200, body = PageOf<BatchView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn batches(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<BatchQuery>,
) -> WebResult<Json<PageOf<BatchView>>> {
    let page = page_request(q.page, q.per_page)?;
    let r = st.store.scoped(&me.actor).ratings();
    Ok(Json(r.batches(q.under, page).await?.into()))
}

/// Computes a node's batch for a period from the final stars (a new draft, or the draft again).
#[utoipa::path(post, path = "/api/v1/allowances", tag = "allowances", request_body = BatchInput,
    responses((status = 201, body = BatchDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn compute(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<BatchInput>,
) -> WebResult<(StatusCode, Json<BatchDetail>)> {
    let r = st.store.scoped(&me.actor).ratings();
    Ok((StatusCode::CREATED, Json(r.compute_batch(&input).await?)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TotalQuery {
    /// The subtree's node.
    pub(crate) node_id: i64,
    /// Periods from this one on (`2020`: since 2020).
    pub(crate) since: Option<String>,
}

/// What a subtree has paid.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = AllowanceTotalView)]
pub struct TotalView {
    pub node_id: i64,
    pub since: String,
    /// Paid batches, reversals netted, in fen.
    pub total_fen: i64,
}

/// The fen paid by a subtree's batches since a period, reversals netted.
#[utoipa::path(get, path = "/api/v1/allowances/total", tag = "allowances", params(TotalQuery),
    responses((status = 200, body = TotalView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn total(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<TotalQuery>,
) -> WebResult<Json<TotalView>> {
    let since = q.since.clone().unwrap_or_else(|| "2000".into());
    let r = st.store.scoped(&me.actor).ratings();
    let total_fen = r.paid_total(q.node_id, &since).await?;
    Ok(Json(TotalView {
        node_id: q.node_id,
        since,
        total_fen,
    }))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// `2026Q1` and the like.
    pub(crate) period: Option<String>,
}

/// The amounts that apply at a node for a period, in fen, 1★ first.
#[utoipa::path(get, path = "/api/v1/allowances/amounts/{node_id}", tag = "allowances",
    params(("node_id" = i64, Path, description = "The node"), PeriodQuery),
    responses((status = 200, body = AmountView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn amounts(
    State(st): State<AppState>,
    me: Authed,
    Path(node_id): Path<i64>,
    ApiQuery(q): ApiQuery<PeriodQuery>,
) -> WebResult<Json<AmountView>> {
    let r = st.store.scoped(&me.actor).ratings();
    let period = q.period.unwrap_or_default();
    Ok(Json(r.amounts(node_id, period.trim()).await?))
}

/// Sets a node's amounts for a period (yuan per worker for each star).
#[utoipa::path(post, path = "/api/v1/allowances/amounts/{node_id}", tag = "allowances",
    params(("node_id" = i64, Path, description = "The node")), request_body = AmountInput,
    responses((status = 200, body = AmountView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn set_amounts(
    State(st): State<AppState>,
    me: Authed,
    Path(node_id): Path<i64>,
    ApiJson(input): ApiJson<AmountInput>,
) -> WebResult<Json<AmountView>> {
    let r = st.store.scoped(&me.actor).ratings();
    Ok(Json(r.set_amounts(node_id, &input).await?))
}

/// A batch with its lines.
#[utoipa::path(get, path = "/api/v1/allowances/{id}", tag = "allowances",
    params(("id" = i64, Path, description = "The batch")),
    responses((status = 200, body = BatchDetail), (status = 404, body = crate::api::ErrorBody)))]
pub async fn batch(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<BatchDetail>> {
    Ok(Json(st.store.scoped(&me.actor).ratings().batch(id).await?))
}

/// Approves a draft batch.
#[utoipa::path(post, path = "/api/v1/allowances/{id}/approve", tag = "allowances",
    params(("id" = i64, Path, description = "The batch")),
    responses((status = 200, body = BatchDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn approve(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<BatchDetail>> {
    let r = st.store.scoped(&me.actor).ratings();
    Ok(Json(r.advance_batch(id, BatchState::Approved).await?))
}

/// Marks an approved batch paid: it is locked from then on.
#[utoipa::path(post, path = "/api/v1/allowances/{id}/pay", tag = "allowances",
    params(("id" = i64, Path, description = "The batch")),
    responses((status = 200, body = BatchDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn pay(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<BatchDetail>> {
    let r = st.store.scoped(&me.actor).ratings();
    Ok(Json(r.advance_batch(id, BatchState::Paid).await?))
}

/// Drafts a batch reversing a paid one line by line.
#[utoipa::path(post, path = "/api/v1/allowances/{id}/reverse", tag = "allowances",
    params(("id" = i64, Path, description = "The paid batch")),
    responses((status = 201, body = BatchDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody)))]
pub async fn reverse(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<(StatusCode, Json<BatchDetail>)> {
    let r = st.store.scoped(&me.actor).ratings();
    Ok((StatusCode::CREATED, Json(r.reverse_batch(id).await?)))
}

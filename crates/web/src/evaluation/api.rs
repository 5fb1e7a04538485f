//! Evaluation over the API: rubrics (listed, written, read by version, edited while no round
//! uses a version, the next version made), rounds (listed, started, read, moved through their
//! states), one organization's sheet with its scores and evidence, and a round's scores as
//! .xlsx.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::{require, require_any};
use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::evaluation::{
    EvidenceInput, GuidanceInput, IndicatorInput, ReopenInput, RoundInput, RoundState, RubricInput,
    ScoreInput, TEMPLATES,
};
use touyan_domain::DomainError;
use touyan_storage::evaluation::{
    DepartmentProgress, EvidenceFileView, EvidenceView, FigureRead, GuidanceView, IndicatorView,
    QueueItem, RoundDetail, RoundFilter, RoundView, RubricDetail, RubricFilter, RubricView,
    ScoreView, Side, TargetSheet, TargetView, VersionView,
};
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    let manage = || require(Permission::EvaluationManage);
    crate::routes::Routes::new()
        .route(
            "/v1/rubrics",
            get(list_rubrics).merge(post(create_rubric).route_layer(manage())),
        )
        .route("/v1/rubrics/{id}", get(get_rubric))
        .route(
            "/v1/rubrics/{id}/versions",
            post(new_version).route_layer(manage()),
        )
        .route(
            "/v1/rubrics/{id}/versions/{version}",
            put(edit_version).route_layer(manage()),
        )
        .route("/v1/rubric-templates", get(list_templates))
        .route(
            "/v1/rubric-templates/{code}",
            post(copy_template).route_layer(manage()),
        )
        .route(
            "/v1/rounds",
            get(list_rounds).merge(post(create_round).route_layer(manage())),
        )
        .route("/v1/rounds/review", get(super::queue::list))
        .route("/v1/rounds/{id}", get(get_round))
        .route(
            "/v1/rounds/{id}/state",
            post(move_round).route_layer(manage()),
        )
        .route("/v1/rounds/{id}/export.xlsx", get(super::io::export_api))
        .route("/v1/rounds/{id}/targets/{tid}", get(get_sheet))
        .route(
            "/v1/rounds/{id}/targets/{tid}/indicators/{iid}/self",
            put(self_score).route_layer(require(Permission::EvaluationAssess)),
        )
        .route(
            "/v1/rounds/{id}/targets/{tid}/indicators/{iid}/review",
            put(review_score).route_layer(require(Permission::EvaluationReview)),
        )
        .route(
            "/v1/rounds/{id}/targets/{tid}/indicators/{iid}/evidence",
            post(add_evidence).route_layer(require_any(&[
                Permission::EvaluationAssess,
                Permission::EvaluationReview,
            ])),
        )
        .route(
            "/v1/rounds/{id}/targets/{tid}/indicators/{iid}/files",
            post(super::files::upload_api)
                .route_layer(require_any(&[
                    Permission::EvaluationAssess,
                    Permission::EvaluationReview,
                ]))
                .layer(DefaultBodyLimit::max(crate::upload_guard::UPLOAD_LIMIT)),
        )
        .route(
            "/v1/rounds/{id}/targets/{tid}/indicators/{iid}/files/{fid}",
            get(super::files::download_api).merge(delete(super::files::delete_api).route_layer(
                require_any(&[Permission::EvaluationAssess, Permission::EvaluationReview]),
            )),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(list_rubrics, create_rubric, list_templates, copy_template, get_rubric, new_version, edit_version, list_rounds,
        create_round, super::queue::list, get_round, move_round, super::io::export_api, get_sheet, self_score,
        review_score, add_evidence, super::files::upload_api, super::files::download_api,
        super::files::delete_api),
    components(schemas(RubricView, RubricDetail, IndicatorView, GuidanceView, VersionView,
        RoundView, RoundDetail, TargetView, DepartmentProgress, TargetSheet, ScoreView,
        EvidenceView, EvidenceFileView, FigureRead, RubricInput, IndicatorInput, GuidanceInput, RoundInput,
        ScoreInput, EvidenceInput, MoveInput, TemplateView, TemplateUse, QueueItem)),
    tags((name = "evaluation", description = "Evaluation (考核评价): a node's staff (`evaluation.manage` over it) write rubrics — a tree of up to three levels of indicators, each with a maximum in points (two decimals; every score in this API is in hundredths of a point), a kind (`scored`, `bonus` added on top, `deduction` taken off, `veto` — 一票否决, which marks the result vetoed —, or `automatic`, scored from a live figure of another area, `GET /api/v1/figures`), the department (a node) that scores it, guidance per score level and whether evidence is required. A section's maximum is the sum of its items'; the base is the sum of the scored and automatic maxima. A rubric version is frozen once a round uses it: editing it answers 409, and `POST /api/v1/rubrics/{id}/versions` makes the next version. A round scores organizations in its node's subtree for a period (`2026`, `2026H1`, `2026Q3`) and moves draft → self_assessment → review → notice → published; a published round is reopened (→ reopened → notice) only by the superior (`evaluation.manage` above its node) with a reason. The organization self-scores with `evaluation.assess` over itself; a department scores with `evaluation.review` over the indicator's department. Entering review reads each automatic indicator's figure once and keeps its key, query, value and moment with the score, so a published score never changes. Evidence that links a record (`activity`, `task`, `request`, `achievement`, `file` — a request's file) must name one that exists and that the caller reads (422 on `record_id` otherwise). A file uploaded on an item (`.../indicators/{iid}/files`, multipart `file`: images, PDF, Office documents or text, checked by content, up to 20 MiB, 10 an item) is evidence too, taken from whoever may add evidence now, downloaded by the sheet's readers and removed only by the side that added it while the round still takes that side's scores (409 otherwise). `GET /api/v1/rounds/review` is the reviewer's queue. An organization's sheet is read with `evaluation.read` over the organization; rounds and rubrics with it over their node; anything else answers 404.")),
)]
pub struct Doc;

/// The area's part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    Doc::openapi()
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RubricQuery {
    /// Rubrics of nodes in this subtree.
    pub(crate) under: Option<i64>,
    /// Part of the name.
    pub(crate) q: Option<String>,
    pub(crate) page: Option<i64>,
    pub(crate) per_page: Option<i64>,
}

/// Rubrics of the caller's nodes, newest first.
#[utoipa::path(get, path = "/api/v1/rubrics", tag = "evaluation", params(RubricQuery),
    responses((status = 200, body = PageOf<RubricView>), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn list_rubrics(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<RubricQuery>,
) -> WebResult<Json<PageOf<RubricView>>> {
    let page = page_request(q.page, q.per_page)?;
    let f = RubricFilter {
        under: q.under,
        q: q.q.clone(),
    };
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.evaluation().rubrics(&f, page).await?.into()))
}

/// Writes a rubric (its version 1) at a node the caller manages.
#[utoipa::path(post, path = "/api/v1/rubrics", tag = "evaluation", request_body = RubricInput,
    responses((status = 201, body = RubricDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_rubric(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<RubricInput>,
) -> WebResult<(StatusCode, Json<RubricDetail>)> {
    let s = st.store.scoped(&me.actor);
    let d = s.evaluation().create_rubric(&input).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

/// A rubric template.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = RubricTemplateView)]
pub struct TemplateView {
    pub code: &'static str,
    pub name: &'static str,
    pub name_en: &'static str,
}

/// The rubric templates a node may copy: the five "过硬" standards, the secretary studio
/// rubric and the grid-worker rubric.
#[utoipa::path(get, path = "/api/v1/rubric-templates", tag = "evaluation",
    responses((status = 200, body = [TemplateView])))]
pub async fn list_templates(_me: Authed) -> Json<Vec<TemplateView>> {
    Json(
        TEMPLATES
            .iter()
            .map(|(code, name, name_en)| TemplateView {
                code,
                name,
                name_en,
            })
            .collect(),
    )
}

/// Where a template is copied to.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = RubricTemplateUse)]
pub struct TemplateUse {
    /// The node that will own the copy (the caller holds `evaluation.manage` over it).
    #[serde(default, deserialize_with = "touyan_domain::input::loose_num_text")]
    #[schema(value_type = i64)]
    pub node_id: String,
}

/// Copies a template to a node as its own rubric (version 1).
#[utoipa::path(post, path = "/api/v1/rubric-templates/{code}", tag = "evaluation",
    params(("code" = String, Path, description = "The template")), request_body = TemplateUse,
    responses((status = 201, body = RubricDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn copy_template(
    State(st): State<AppState>,
    me: Authed,
    Path(code): Path<String>,
    ApiJson(input): ApiJson<TemplateUse>,
) -> WebResult<(StatusCode, Json<RubricDetail>)> {
    let node = input
        .node_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| DomainError::field("node_id", "err.required"))?;
    let s = st.store.scoped(&me.actor);
    let d = s.evaluation().copy_template(&code, node).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// The version; the latest when not given.
    pub(crate) version: Option<i32>,
}

/// A rubric with one version's indicators.
#[utoipa::path(get, path = "/api/v1/rubrics/{id}", tag = "evaluation",
    params(("id" = i64, Path, description = "The rubric"), VersionQuery),
    responses((status = 200, body = RubricDetail), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_rubric(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<VersionQuery>,
) -> WebResult<Json<RubricDetail>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.evaluation().rubric(id, q.version).await?))
}

/// Makes the next version of a rubric from the body.
#[utoipa::path(post, path = "/api/v1/rubrics/{id}/versions", tag = "evaluation",
    params(("id" = i64, Path, description = "The rubric")), request_body = RubricInput,
    responses((status = 201, body = RubricDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn new_version(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<RubricInput>,
) -> WebResult<(StatusCode, Json<RubricDetail>)> {
    let s = st.store.scoped(&me.actor);
    let d = s.evaluation().new_version(id, &input).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

/// Rewrites a version no round uses yet; a frozen one answers 409.
#[utoipa::path(put, path = "/api/v1/rubrics/{id}/versions/{version}", tag = "evaluation",
    params(("id" = i64, Path, description = "The rubric"), ("version" = i32, Path, description = "The version")),
    request_body = RubricInput,
    responses((status = 200, body = RubricDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn edit_version(
    State(st): State<AppState>,
    me: Authed,
    Path((id, version)): Path<(i64, i32)>,
    ApiJson(input): ApiJson<RubricInput>,
) -> WebResult<Json<RubricDetail>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(
        s.evaluation().edit_version(id, version, &input).await?,
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoundQuery {
    /// Rounds run at nodes in this subtree.
    pub(crate) under: Option<i64>,
    /// Part of the title.
    pub(crate) q: Option<String>,
    /// A state code.
    pub(crate) state: Option<String>,
    /// A period code.
    pub(crate) period: Option<String>,
    pub(crate) page: Option<i64>,
    pub(crate) per_page: Option<i64>,
}

impl RoundQuery {
    pub(crate) fn filter(&self) -> RoundFilter {
        RoundFilter {
            under: self.under,
            q: self.q.clone(),
            state: self.state.clone(),
            period: self.period.clone(),
        }
    }
}

/// Rounds run at the caller's nodes, latest period first.
#[utoipa::path(get, path = "/api/v1/rounds", tag = "evaluation", params(RoundQuery),
    responses((status = 200, body = PageOf<RoundView>), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn list_rounds(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<RoundQuery>,
) -> WebResult<Json<PageOf<RoundView>>> {
    let page = page_request(q.page, q.per_page)?;
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.evaluation().rounds(&q.filter(), page).await?.into()))
}

/// Starts a round (as a draft) on the latest version of a rubric, which is frozen from then on.
#[utoipa::path(post, path = "/api/v1/rounds", tag = "evaluation", request_body = RoundInput,
    responses((status = 201, body = RoundDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_round(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<RoundInput>,
) -> WebResult<(StatusCode, Json<RoundDetail>)> {
    let s = st.store.scoped(&me.actor);
    let d = s.evaluation().create_round(&input).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

/// A round with its organizations (own and department totals, difference) and the progress
/// of each scoring department.
#[utoipa::path(get, path = "/api/v1/rounds/{id}", tag = "evaluation",
    params(("id" = i64, Path, description = "The round")),
    responses((status = 200, body = RoundDetail), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_round(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<RoundDetail>> {
    Ok(Json(
        st.store.scoped(&me.actor).evaluation().round(id).await?,
    ))
}

/// A move of a round's state.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = RoundMoveBody)]
pub struct MoveInput {
    /// `self_assessment`, `review`, `notice`, `published` or `reopened`.
    #[serde(default)]
    pub to: String,
    /// Why a published round is reopened (required then).
    #[serde(default)]
    pub reason: String,
}

/// Moves a round to its next state (or back from notice to review; a published round is
/// reopened by the superior with a reason).
#[utoipa::path(post, path = "/api/v1/rounds/{id}/state", tag = "evaluation",
    params(("id" = i64, Path, description = "The round")), request_body = MoveInput,
    responses((status = 200, body = RoundDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn move_round(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MoveInput>,
) -> WebResult<Json<RoundDetail>> {
    let to =
        RoundState::from_code(&input.to).ok_or_else(|| DomainError::field("to", "err.choice"))?;
    let reopen = ReopenInput {
        reason: input.reason,
    };
    let s = st.store.scoped(&me.actor);
    Ok(Json(
        s.evaluation().move_round(id, to, Some(&reopen)).await?,
    ))
}

/// One organization's sheet: each indicator with its own score and the department's side
/// by side, the difference, the figure kept and the evidence.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/targets/{tid}", tag = "evaluation",
    params(("id" = i64, Path, description = "The round"), ("tid" = i64, Path, description = "The organization assessed (its entry in the round)")),
    responses((status = 200, body = TargetSheet), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_sheet(
    State(st): State<AppState>,
    me: Authed,
    Path((id, tid)): Path<(i64, i64)>,
) -> WebResult<Json<TargetSheet>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .evaluation()
            .sheet(id, tid)
            .await?,
    ))
}

/// The organization's own score of an item, while the round takes self-scores.
#[utoipa::path(put, path = "/api/v1/rounds/{id}/targets/{tid}/indicators/{iid}/self", tag = "evaluation",
    params(("id" = i64, Path, description = "The round"), ("tid" = i64, Path, description = "The organization assessed"),
    ("iid" = i64, Path, description = "The indicator")), request_body = ScoreInput,
    responses((status = 200, body = TargetSheet), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn self_score(
    State(st): State<AppState>,
    me: Authed,
    Path((id, tid, iid)): Path<(i64, i64, i64)>,
    ApiJson(input): ApiJson<ScoreInput>,
) -> WebResult<Json<TargetSheet>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(
        s.evaluation()
            .score(id, tid, iid, Side::SelfScore, &input)
            .await?,
    ))
}

/// A department's score of an item whose department lies in the caller's scope, while the
/// round takes reviews.
#[utoipa::path(put, path = "/api/v1/rounds/{id}/targets/{tid}/indicators/{iid}/review", tag = "evaluation",
    params(("id" = i64, Path, description = "The round"), ("tid" = i64, Path, description = "The organization assessed"),
    ("iid" = i64, Path, description = "The indicator")), request_body = ScoreInput,
    responses((status = 200, body = TargetSheet), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn review_score(
    State(st): State<AppState>,
    me: Authed,
    Path((id, tid, iid)): Path<(i64, i64, i64)>,
    ApiJson(input): ApiJson<ScoreInput>,
) -> WebResult<Json<TargetSheet>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(
        s.evaluation()
            .score(id, tid, iid, Side::Review, &input)
            .await?,
    ))
}

/// Links evidence — an existing record or a URL — to an item of an organization.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/targets/{tid}/indicators/{iid}/evidence", tag = "evaluation",
    params(("id" = i64, Path, description = "The round"), ("tid" = i64, Path, description = "The organization assessed"),
    ("iid" = i64, Path, description = "The indicator")), request_body = EvidenceInput,
    responses((status = 201, body = TargetSheet), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_evidence(
    State(st): State<AppState>,
    me: Authed,
    Path((id, tid, iid)): Path<(i64, i64, i64)>,
    ApiJson(input): ApiJson<EvidenceInput>,
) -> WebResult<(StatusCode, Json<TargetSheet>)> {
    let s = st.store.scoped(&me.actor);
    let d = s.evaluation().add_evidence(id, tid, iid, &input).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

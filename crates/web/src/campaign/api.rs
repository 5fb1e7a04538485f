//! Campaigns over the API: the live figures a target may follow, campaigns listed and
//! started, one campaign with its targets and milestones, and the writes on them; the list
//! as .xlsx.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::campaign::{
    CampaignEditInput, CampaignInput, DoneInput, MilestoneInput, Status, TargetInput,
    TaskLinkInput, ValueInput,
};
use touyan_storage::campaign::{
    figures, CampaignDetail, CampaignFilter, CampaignView, FigureView, LinkedTaskView,
    MilestoneView, PointView, TargetView, ValueView,
};
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    let manage = || require(Permission::CampaignManage);
    crate::routes::Routes::new()
        .route("/v1/figures", get(list_figures))
        .route(
            "/v1/campaigns",
            get(list).merge(post(create).route_layer(manage())),
        )
        .route("/v1/campaigns/export.xlsx", get(super::io::export_api))
        .route(
            "/v1/campaigns/{id}",
            get(get_one).merge(put(update).delete(remove).route_layer(manage())),
        )
        .route(
            "/v1/campaigns/{id}/targets",
            post(add_target).route_layer(manage()),
        )
        .route(
            "/v1/campaigns/{id}/targets/{tid}",
            put(update_target)
                .delete(remove_target)
                .route_layer(manage()),
        )
        .route(
            "/v1/campaigns/{id}/tasks",
            post(link_task).route_layer(manage()),
        )
        .route(
            "/v1/campaigns/{id}/tasks/{task_id}",
            axum::routing::delete(unlink_task).route_layer(manage()),
        )
        .route(
            "/v1/campaigns/{id}/targets/{tid}/values",
            post(record_value).route_layer(manage()),
        )
        .route(
            "/v1/campaigns/{id}/milestones",
            post(add_milestone).route_layer(manage()),
        )
        .route(
            "/v1/campaigns/{id}/milestones/{mid}/done",
            post(complete_milestone).route_layer(manage()),
        )
        .route(
            "/v1/campaigns/{id}/milestones/{mid}/files",
            get(super::files::list_api).merge(
                post(super::files::upload_api)
                    .layer(axum::extract::DefaultBodyLimit::max(
                        crate::upload_guard::UPLOAD_LIMIT,
                    ))
                    .route_layer(manage()),
            ),
        )
        .route(
            "/v1/campaigns/{id}/milestones/{mid}/files/{fid}",
            get(super::files::download_api)
                .merge(axum::routing::delete(super::files::delete_api).route_layer(manage())),
        )
        .route(
            "/v1/campaigns/{id}/close",
            post(close).route_layer(manage()),
        )
        .route(
            "/v1/campaigns/{id}/activate",
            post(activate).route_layer(manage()),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(list_figures, list, create, super::io::export_api, get_one, update, remove, add_target,
        update_target, remove_target, link_task, unlink_task, record_value, add_milestone, complete_milestone,
        super::files::list_api, super::files::upload_api, super::files::download_api,
        super::files::delete_api, close,
        activate),
    components(schemas(FigureView, CampaignView, CampaignDetail, TargetView, PointView,
        ValueView, MilestoneView, CampaignInput, CampaignEditInput, TargetInput, ValueInput,
        MilestoneInput, DoneInput, TaskLinkInput, LinkedTaskView,
        touyan_storage::campaign::MilestoneFileView)),
    tags((name = "campaigns", description = "Campaigns (专项行动): a node's staff (`campaign.manage` over it) start a campaign — name, description, start and end, status draft, active or closed — and give it measurable targets: a count or a rate in percent, from a baseline to a goal by a due date, either bound to a live figure another area offers (`GET /api/v1/figures`: enterprise coverage rate, instructors sent, members recruited, requests solved, visits made, each counted over the campaign's node's subtree from its start to today) or recorded by hand with a date and a note. Progress is the share of the way from baseline to goal (clamped to 0–100 %); the pace compares it with the share of the time from the start to the due date gone by (`reached`, `on_track`, `behind`). A point of each target's history is written every day for bound targets and whenever a value is recorded. Milestones have a due date and, once done, the day with a note or a link as evidence. A campaign's name, description and days change (`PUT`; the days keep every due date); a target's name, goal and due date change, its kind, live figure and baseline only while nothing was recorded against it; a target is deleted with its values and history; a campaign is deleted only while it has no progress history and no milestone done (422 on `campaign` otherwise). Every change is audited with the values before and after. The work-list tasks (工作清单) issued for a campaign are linked to it by task id (`POST …/tasks`; 422 on `task_id` for a task the caller does not read) and unlinked (`DELETE …/tasks/{task_id}`); the campaign lists those the caller reads with their completion and on-time rates, taken from the counts the work lists keep. A milestone keeps evidence files (`…/milestones/{mid}/files`: images, PDF, Office documents, text, up to 20 MiB each and 30 a milestone, checked by content), downloaded by the campaign's readers and removed only while the milestone is not done. A campaign is read by those with `campaign.read` over its node; anyone else is answered 404. A closed campaign takes no further change.")),
)]
pub struct Doc;

/// The area's part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    Doc::openapi()
}

/// The live figures a target may follow, with their labels and kinds.
#[utoipa::path(get, path = "/api/v1/figures", tag = "campaigns",
    responses((status = 200, body = [FigureView])))]
pub async fn list_figures(_me: Authed) -> Json<Vec<FigureView>> {
    Json(figures())
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CampaignQuery {
    /// Campaigns run at nodes in this subtree.
    pub(crate) under: Option<i64>,
    /// Part of the name.
    pub(crate) q: Option<String>,
    /// `draft`, `active` or `closed`.
    pub(crate) status: Option<String>,
    pub(crate) page: Option<i64>,
    pub(crate) per_page: Option<i64>,
}

impl CampaignQuery {
    pub(crate) fn filter(&self) -> CampaignFilter {
        CampaignFilter {
            under: self.under,
            q: self.q.clone(),
            status: self.status.clone(),
        }
    }
}

/// Campaigns run at the caller's nodes, latest start first.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns", params(CampaignQuery),
    responses((status = 200, body = PageOf<CampaignView>), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<CampaignQuery>,
) -> WebResult<Json<PageOf<CampaignView>>> {
    let page = page_request(q.page, q.per_page)?;
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.campaigns().list(&q.filter(), page).await?.into()))
}

/// Starts a campaign at a node the caller manages campaigns at.
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", request_body = CampaignInput,
    responses((status = 201, body = CampaignDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<CampaignInput>,
) -> WebResult<(StatusCode, Json<CampaignDetail>)> {
    let s = st.store.scoped(&me.actor);
    Ok((
        StatusCode::CREATED,
        Json(s.campaigns().create(&input).await?),
    ))
}

/// A campaign with its targets (value now, progress, pace, history) and milestones.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign")),
    responses((status = 200, body = CampaignDetail), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<CampaignDetail>> {
    Ok(Json(
        st.store.scoped(&me.actor).campaigns().detail(id).await?,
    ))
}

/// Changes a campaign's name, description and days (not its node or status).
#[utoipa::path(put, path = "/api/v1/campaigns/{id}", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign")), request_body = CampaignEditInput,
    responses((status = 200, body = CampaignDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CampaignEditInput>,
) -> WebResult<Json<CampaignDetail>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.campaigns().update(id, &input).await?))
}

/// Deletes a campaign with its targets and milestones, while it has no progress history and
/// no milestone done (422 on `campaign` otherwise).
#[utoipa::path(delete, path = "/api/v1/campaigns/{id}", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn remove(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store.scoped(&me.actor).campaigns().delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes a target: name, goal and due date; kind, live figure and baseline only while
/// nothing was recorded against it (422 on those fields otherwise).
#[utoipa::path(put, path = "/api/v1/campaigns/{id}/targets/{tid}", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign"), ("tid" = i64, Path, description = "The target")),
    request_body = TargetInput,
    responses((status = 200, body = CampaignDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_target(
    State(st): State<AppState>,
    me: Authed,
    Path((id, tid)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<TargetInput>,
) -> WebResult<Json<CampaignDetail>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.campaigns().update_target(id, tid, &input).await?))
}

/// Deletes a target with its recorded values and history.
#[utoipa::path(delete, path = "/api/v1/campaigns/{id}/targets/{tid}", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign"), ("tid" = i64, Path, description = "The target")),
    responses((status = 200, body = CampaignDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody)))]
pub async fn remove_target(
    State(st): State<AppState>,
    me: Authed,
    Path((id, tid)): Path<(i64, i64)>,
) -> WebResult<Json<CampaignDetail>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.campaigns().delete_target(id, tid).await?))
}

/// Links a work-list task the caller reads to the campaign.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/tasks", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign")), request_body = TaskLinkInput,
    responses((status = 201, body = CampaignDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn link_task(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TaskLinkInput>,
) -> WebResult<(StatusCode, Json<CampaignDetail>)> {
    let s = st.store.scoped(&me.actor);
    let d = s.campaigns().link_task(id, &input).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

/// Unlinks a task from the campaign (404 when it is not linked).
#[utoipa::path(delete, path = "/api/v1/campaigns/{id}/tasks/{task_id}", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign"), ("task_id" = i64, Path, description = "The task")),
    responses((status = 200, body = CampaignDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody)))]
pub async fn unlink_task(
    State(st): State<AppState>,
    me: Authed,
    Path((id, task_id)): Path<(i64, i64)>,
) -> WebResult<Json<CampaignDetail>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.campaigns().unlink_task(id, task_id).await?))
}

/// Adds a target, bound to a live figure or recorded by hand.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/targets", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign")), request_body = TargetInput,
    responses((status = 201, body = CampaignDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_target(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TargetInput>,
) -> WebResult<(StatusCode, Json<CampaignDetail>)> {
    let s = st.store.scoped(&me.actor);
    let d = s.campaigns().add_target(id, &input).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

/// Records a value of a target kept by hand, as of a day.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/targets/{tid}/values", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign"), ("tid" = i64, Path, description = "The target")),
    request_body = ValueInput,
    responses((status = 201, body = CampaignDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn record_value(
    State(st): State<AppState>,
    me: Authed,
    Path((id, tid)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<ValueInput>,
) -> WebResult<(StatusCode, Json<CampaignDetail>)> {
    let s = st.store.scoped(&me.actor);
    let d = s.campaigns().record_value(id, tid, &input).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

/// Adds a milestone.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/milestones", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign")), request_body = MilestoneInput,
    responses((status = 201, body = CampaignDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_milestone(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MilestoneInput>,
) -> WebResult<(StatusCode, Json<CampaignDetail>)> {
    let s = st.store.scoped(&me.actor);
    let d = s.campaigns().add_milestone(id, &input).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

/// Marks a milestone done, with a note or a link as evidence.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/milestones/{mid}/done", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign"), ("mid" = i64, Path, description = "The milestone")),
    request_body = DoneInput,
    responses((status = 200, body = CampaignDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn complete_milestone(
    State(st): State<AppState>,
    me: Authed,
    Path((id, mid)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<DoneInput>,
) -> WebResult<Json<CampaignDetail>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(
        s.campaigns().complete_milestone(id, mid, &input).await?,
    ))
}

/// Closes a campaign: it takes no further change.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/close", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign")),
    responses((status = 200, body = CampaignDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody)))]
pub async fn close(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<CampaignDetail>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.campaigns().set_status(id, Status::Closed).await?))
}

/// Sets a draft campaign running.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/activate", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign")),
    responses((status = 200, body = CampaignDetail), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody)))]
pub async fn activate(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<CampaignDetail>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.campaigns().set_status(id, Status::Active).await?))
}

//! Work lists over the API: tasks listed and issued, one task with its recipients, the rates
//! at a node, reminders, files, and each recipient's steps; both lists as .xlsx.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::upload_guard::{file_part, UPLOAD_LIMIT};
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Json;
use serde::{Deserialize, Serialize};
use touyan_domain::access::Permission;
use touyan_domain::task::{Answer, FeedbackInput, FormField, TaskEditInput, TaskInput};
use touyan_storage::kit::files::Upload;
use touyan_storage::task::{
    now_beijing, RateLine, RecipientView, TaskDetail, TaskFileView, TaskFilter, TaskRates, TaskView,
};
use touyan_storage::Scoped;
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    let write = || require(Permission::TaskWrite);
    let manage = || require(Permission::TaskManage);
    let limit = || DefaultBodyLimit::max(UPLOAD_LIMIT);
    crate::routes::Routes::new()
        .route(
            "/v1/tasks",
            get(list).merge(post(issue).route_layer(manage())),
        )
        .route("/v1/tasks/export.xlsx", get(super::io::export_api))
        .route(
            "/v1/tasks/{id}",
            get(get_one).merge(put(edit).route_layer(manage())),
        )
        .route(
            "/v1/tasks/{id}/withdraw",
            post(withdraw).route_layer(manage()),
        )
        .route("/v1/tasks/{id}/rates", get(rates))
        .route("/v1/tasks/{id}/remind", post(remind).route_layer(manage()))
        .route(
            "/v1/tasks/{id}/files",
            post(attach).layer(limit()).route_layer(manage()),
        )
        .route("/v1/tasks/{id}/files/{fid}", get(download))
        .route("/v1/tasks/{id}/recipients", get(recipients))
        .route(
            "/v1/tasks/{id}/recipients/export.xlsx",
            get(super::io::recipients_api),
        )
        .route("/v1/tasks/{id}/recipients/{rid}", get(recipient))
        .route(
            "/v1/tasks/{id}/recipients/{rid}/receive",
            post(receive).route_layer(write()),
        )
        .route(
            "/v1/tasks/{id}/recipients/{rid}/submit",
            post(submit).route_layer(write()),
        )
        .route(
            "/v1/tasks/{id}/recipients/{rid}/files",
            post(attach_feedback).layer(limit()).route_layer(write()),
        )
        .route(
            "/v1/tasks/{id}/recipients/{rid}/accept",
            post(accept).route_layer(manage()),
        )
        .route(
            "/v1/tasks/{id}/recipients/{rid}/return",
            post(send_back).route_layer(manage()),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(list, issue, super::io::export_api, get_one, edit, withdraw, rates, remind, attach, download,
        recipients, super::io::recipients_api, recipient, receive, submit, attach_feedback,
        accept, send_back),
    components(schemas(TaskView, TaskDetail, RecipientView, TaskFileView, TaskRates, RateLine,
        TaskInput, TaskEditInput, FeedbackInput, FormField, Answer, ReturnBody, WithdrawBody,
        Reminded)),
    tags((name = "tasks", description = "Work lists (工作清单): a node's staff (`task.manage` over it) issue a task — title, body, due moment in Beijing time, attachments and a feedback form of text, number and yes-no fields — to chosen nodes below, or to every node of a kind under a node, resolved into recipients when issued. Each recipient moves issued → received → submitted (answers, note, files; `task.write` over the recipient) → accepted, or returned with a reason and submitted again (`task.manage` over the issuing node). Overdue: not accepted and past due; submitted after due: late. Rates of completion and of work on time are read from counts kept per task and node at every level below the issuing node. A task is read by those with `task.read` over the issuing node, and by those over a recipient node, who see that recipient's row alone; anyone else is answered 404.")),
)]
pub struct Doc;

/// The area's part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    Doc::openapi()
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    /// `issued` (issued at the nodes the caller reads) or `received` (issued from above to
    /// them); both when absent.
    pub(crate) mailbox: Option<String>,
    /// Tasks issued at, or issued to, nodes in this subtree.
    pub(crate) under: Option<i64>,
    /// Part of the title.
    pub(crate) q: Option<String>,
    /// Past due with a recipient not yet accepted (`true`), or not (`false`).
    pub(crate) overdue: Option<bool>,
    /// Due within so many days from now (1 to 366) with a recipient still to submit.
    pub(crate) due_within: Option<i64>,
    pub(crate) page: Option<i64>,
    pub(crate) per_page: Option<i64>,
}

impl TaskQuery {
    pub(crate) fn filter(&self) -> TaskFilter {
        TaskFilter {
            mailbox: self.mailbox.clone(),
            under: self.under,
            q: self.q.clone(),
            overdue: self.overdue,
            due_within: self.due_within.map(|d| d.clamp(1, 366)),
        }
    }
}

/// Tasks issued at the caller's nodes or to them, latest first.
#[utoipa::path(get, path = "/api/v1/tasks", tag = "tasks", params(TaskQuery),
    responses((status = 200, body = PageOf<TaskView>), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<TaskQuery>,
) -> WebResult<Json<PageOf<TaskView>>> {
    let page = page_request(q.page, q.per_page)?;
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.tasks().list(&q.filter(), page).await?.into()))
}

/// The organization kinds a task's `kind` is checked against.
pub(crate) async fn kinds(s: Scoped<'_>) -> WebResult<Vec<String>> {
    Ok(s.dict()
        .kind_names()
        .await?
        .into_iter()
        .map(|k| k.code)
        .collect())
}

/// Issues a task from a node the caller manages tasks at, to nodes below it.
#[utoipa::path(post, path = "/api/v1/tasks", tag = "tasks", request_body = TaskInput,
    responses((status = 201, body = TaskDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn issue(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<TaskInput>,
) -> WebResult<(StatusCode, Json<TaskDetail>)> {
    let s = st.store.scoped(&me.actor);
    let t = input.parse(&kinds(s).await?, now_beijing())?;
    Ok((StatusCode::CREATED, Json(s.tasks().issue(t).await?)))
}

/// A task with the recipients the caller reads: all of them on the issuer's side, its own
/// row alone for a recipient.
#[utoipa::path(get, path = "/api/v1/tasks/{id}", tag = "tasks",
    params(("id" = i64, Path, description = "The task")),
    responses((status = 200, body = TaskDetail), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<TaskDetail>> {
    Ok(Json(st.store.scoped(&me.actor).tasks().detail(id).await?))
}

/// The recipients of a task the caller reads.
#[utoipa::path(get, path = "/api/v1/tasks/{id}/recipients", tag = "tasks",
    params(("id" = i64, Path, description = "The task")),
    responses((status = 200, body = [RecipientView]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn recipients(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<RecipientView>>> {
    let d = st.store.scoped(&me.actor).tasks().detail(id).await?;
    Ok(Json(d.recipients))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RatesQuery {
    /// The node whose lines below are shown; the issuing node when absent.
    pub(crate) under: Option<i64>,
}

/// Completion and on-time rates at a node at or below the issuing node, with a line per node
/// below it (issuer's side only).
#[utoipa::path(get, path = "/api/v1/tasks/{id}/rates", tag = "tasks",
    params(("id" = i64, Path, description = "The task"), RatesQuery),
    responses((status = 200, body = TaskRates), (status = 404, body = crate::api::ErrorBody)))]
pub async fn rates(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<RatesQuery>,
) -> WebResult<Json<TaskRates>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .tasks()
            .rates(id, q.under)
            .await?,
    ))
}

/// The issuer edits the task's title, body, due moment and feedback form; refused (422,
/// under `state`) once a recipient has submitted or the task is withdrawn. The recipients are
/// told in their bell.
#[utoipa::path(put, path = "/api/v1/tasks/{id}", tag = "tasks",
    params(("id" = i64, Path, description = "The task")), request_body = TaskEditInput,
    responses((status = 200, body = TaskDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn edit(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TaskEditInput>,
) -> WebResult<Json<TaskDetail>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.tasks().edit(id, &input).await?))
}

/// Why a task is withdrawn.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct WithdrawBody {
    /// Required, at most 500 characters.
    #[serde(default, deserialize_with = "touyan_domain::input::text")]
    pub reason: String,
}

/// The issuer withdraws (撤回) the task with a reason: its recipients see it withdrawn and
/// take no more steps, and it counts in no rate. The recipients are told in their bell.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/withdraw", tag = "tasks",
    params(("id" = i64, Path, description = "The task")), request_body = WithdrawBody,
    responses((status = 200, body = TaskDetail), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn withdraw(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<WithdrawBody>,
) -> WebResult<Json<TaskDetail>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.tasks().withdraw(id, &body.reason).await?))
}

/// How many recipients a reminder reached.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Reminded {
    pub reminded: u64,
}

/// Reminds (催办) every recipient not yet submitted or returned; recorded with when and by
/// whom.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/remind", tag = "tasks",
    params(("id" = i64, Path, description = "The task")),
    responses((status = 200, body = Reminded), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn remind(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Reminded>> {
    let n = st.store.scoped(&me.actor).tasks().remind(id).await?;
    Ok(Json(Reminded { reminded: n }))
}

/// Attaches a file (pdf, image, docx, xlsx, pptx or txt; at most 20 MiB) to the task.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/files", tag = "tasks",
    params(("id" = i64, Path, description = "The task")),
    request_body(content_type = "multipart/form-data", description = "`file`: the document"),
    responses((status = 201, body = TaskFileView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn attach(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<(StatusCode, Json<TaskFileView>)> {
    let (file_name, bytes) = file_part(&mut m).await?;
    let up = Upload { file_name, bytes };
    let f = st.store.scoped(&me.actor).tasks().attach(id, &up).await?;
    Ok((StatusCode::CREATED, Json(f)))
}

/// Attaches a file to a recipient's feedback while it is still to submit.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/recipients/{rid}/files", tag = "tasks",
    params(("id" = i64, Path, description = "The task"), ("rid" = i64, Path, description = "The recipient")),
    request_body(content_type = "multipart/form-data", description = "`file`: the document"),
    responses((status = 201, body = TaskFileView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn attach_feedback(
    State(st): State<AppState>,
    me: Authed,
    Path((id, rid)): Path<(i64, i64)>,
    mut m: Multipart,
) -> WebResult<(StatusCode, Json<TaskFileView>)> {
    let (file_name, bytes) = file_part(&mut m).await?;
    let up = Upload { file_name, bytes };
    let s = st.store.scoped(&me.actor);
    let f = s.tasks().attach_feedback(id, rid, &up).await?;
    Ok((StatusCode::CREATED, Json(f)))
}

/// A file of the task or of a recipient the caller reads.
#[utoipa::path(get, path = "/api/v1/tasks/{id}/files/{fid}", tag = "tasks",
    params(("id" = i64, Path, description = "The task"), ("fid" = i64, Path, description = "The file")),
    responses((status = 200, description = "The file's bytes"), (status = 404, body = crate::api::ErrorBody)))]
pub async fn download(
    State(st): State<AppState>,
    me: Authed,
    Path((id, fid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let (f, bytes) = st.store.scoped(&me.actor).tasks().file(id, fid).await?;
    Ok(file_response(&f, bytes))
}

pub(crate) fn file_response(f: &TaskFileView, bytes: Vec<u8>) -> Response {
    let mut resp = crate::xlsx::attachment(&f.file_name, bytes).into_response();
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&f.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    resp
}

#[utoipa::path(get, path = "/api/v1/tasks/{id}/recipients/{rid}", tag = "tasks",
    params(("id" = i64, Path, description = "The task"), ("rid" = i64, Path, description = "The recipient")),
    responses((status = 200, body = RecipientView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn recipient(
    State(st): State<AppState>,
    me: Authed,
    Path((id, rid)): Path<(i64, i64)>,
) -> WebResult<Json<RecipientView>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.tasks().recipient(id, rid).await?))
}

/// The recipient acknowledges the task (签收).
#[utoipa::path(post, path = "/api/v1/tasks/{id}/recipients/{rid}/receive", tag = "tasks",
    params(("id" = i64, Path, description = "The task"), ("rid" = i64, Path, description = "The recipient")),
    responses((status = 200, body = RecipientView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn receive(
    State(st): State<AppState>,
    me: Authed,
    Path((id, rid)): Path<(i64, i64)>,
) -> WebResult<Json<RecipientView>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.tasks().receive(id, rid).await?))
}

/// The recipient submits (or, once returned, submits again) its feedback.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/recipients/{rid}/submit", tag = "tasks",
    params(("id" = i64, Path, description = "The task"), ("rid" = i64, Path, description = "The recipient")),
    request_body = FeedbackInput,
    responses((status = 200, body = RecipientView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn submit(
    State(st): State<AppState>,
    me: Authed,
    Path((id, rid)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<FeedbackInput>,
) -> WebResult<Json<RecipientView>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.tasks().submit(id, rid, input).await?))
}

/// The issuer accepts a submitted feedback.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/recipients/{rid}/accept", tag = "tasks",
    params(("id" = i64, Path, description = "The task"), ("rid" = i64, Path, description = "The recipient")),
    responses((status = 200, body = RecipientView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn accept(
    State(st): State<AppState>,
    me: Authed,
    Path((id, rid)): Path<(i64, i64)>,
) -> WebResult<Json<RecipientView>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.tasks().accept(id, rid).await?))
}

/// Why a feedback goes back.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct ReturnBody {
    /// Required, at most 500 characters.
    #[serde(default, deserialize_with = "touyan_domain::input::text")]
    pub reason: String,
}

/// The issuer returns a submitted feedback with a reason; the recipient submits again.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/recipients/{rid}/return", tag = "tasks",
    params(("id" = i64, Path, description = "The task"), ("rid" = i64, Path, description = "The recipient")),
    request_body = ReturnBody,
    responses((status = 200, body = RecipientView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn send_back(
    State(st): State<AppState>,
    me: Authed,
    Path((id, rid)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<ReturnBody>,
) -> WebResult<Json<RecipientView>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.tasks().send_back(id, rid, body.reason).await?))
}

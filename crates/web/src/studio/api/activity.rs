//! Studio activity over the API: office hours and questions (驻室答疑), incubated projects
//! (项目孵化) with stages, milestones, benefit and files, evaluations (考核评价) and support
//! (激励保障), and a studio's activity totals.

use crate::api::{double_option, page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::upload_guard::file_part;
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, patch, post};
use axum::Json;
use serde::{Deserialize, Serialize};
use touyan_domain::access::Permission;
use touyan_domain::studio::activity::{
    EvaluationInput, OfficeHourInput, QuestionInput, SupportInput,
};
use touyan_domain::studio::project::{BenefitInput, MilestoneInput, ProjectInput, StageMoveInput};
use touyan_storage::kit::files::Upload;
use touyan_storage::studio::activity::{
    ActivityTotals, BenefitView, EvaluationView, MilestonePatch, MilestoneView, OfficeHourView,
    ProjectDetail, ProjectFilter, ProjectPatch, ProjectView, QuestionFilter, QuestionView,
    SupportFilter, SupportView, TeamInput,
};
use touyan_storage::studio::FileView;
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    let upload = DefaultBodyLimit::max(crate::upload_guard::UPLOAD_LIMIT);
    // Anyone who reads a studio may ask it a question; the studio's keepers record the rest,
    // and its supervising unit evaluates it.
    let read = || require(Permission::StudioRead);
    let write = || require(Permission::StudioWrite);
    let manage = || require(Permission::StudioManage);
    crate::routes::Routes::new()
        .route("/v1/questions", get(search_questions))
        .route(
            "/v1/studios/{id}/questions",
            post(ask).route_layer(read()).get(list_questions),
        )
        .route(
            "/v1/studios/{id}/questions/{qid}",
            delete(delete_question)
                .route_layer(write())
                .get(get_question),
        )
        .route(
            "/v1/studios/{id}/questions/{qid}/answer",
            post(answer).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/office-hours",
            post(add_office_hour).route_layer(write()).get(office_hours),
        )
        .route(
            "/v1/studios/{id}/office-hours/{hid}",
            delete(delete_office_hour).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/projects",
            post(create_project).route_layer(write()).get(list_projects),
        )
        .route(
            "/v1/studios/{id}/projects/{pid}",
            patch(update_project)
                .delete(delete_project)
                .route_layer(write())
                .get(get_project),
        )
        .route(
            "/v1/studios/{id}/projects/{pid}/stage",
            post(move_stage).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/projects/{pid}/milestones",
            post(add_milestone).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/projects/{pid}/milestones/{mid}",
            patch(update_milestone)
                .delete(delete_milestone)
                .route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/projects/{pid}/benefits",
            post(add_benefit).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/projects/{pid}/benefits/{bid}",
            delete(delete_benefit).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/projects/{pid}/files",
            post(upload_project_file).layer(upload).route_layer(write()),
        )
        .route(
            "/v1/studios/{id}/evaluations",
            post(create_evaluation)
                .route_layer(manage())
                .get(list_evaluations),
        )
        .route(
            "/v1/studios/{id}/evaluations/{eid}",
            delete(delete_evaluation)
                .route_layer(manage())
                .get(get_evaluation),
        )
        .route(
            "/v1/studios/{id}/support",
            post(create_support).route_layer(write()).get(list_support),
        )
        .route(
            "/v1/studios/{id}/support/{sid}",
            delete(delete_support).route_layer(write()),
        )
        .route("/v1/studios/{id}/activity-totals", get(totals))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        search_questions, list_questions, ask, get_question, delete_question, answer,
        office_hours, add_office_hour, delete_office_hour,
        list_projects, create_project, get_project, update_project, delete_project, move_stage,
        add_milestone, update_milestone, delete_milestone, add_benefit, delete_benefit,
        upload_project_file,
        list_evaluations, create_evaluation, get_evaluation, delete_evaluation,
        list_support, create_support, delete_support, totals,
    ),
    components(schemas(TeamInput, NumText)),
    tags((name = "studio activity", description = "Studio office hours and questions (驻室答疑), incubated projects (项目孵化), evaluations (考核评价) and support (激励保障)")),
)]
pub struct Doc;

/// A number given as JSON number or as text (`12.5`, `"1.5万"`, `"2025H1"`).
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum NumText {
    Int(i64),
    Float(f64),
    Text(String),
}

impl NumText {
    fn text(&self) -> String {
        match self {
            NumText::Int(n) => n.to_string(),
            // The shortest text that reads back as the same number: what the caller wrote.
            NumText::Float(f) => f.to_string(),
            NumText::Text(s) => s.clone(),
        }
    }
}

fn opt_text(v: &Option<NumText>) -> String {
    v.as_ref().map(NumText::text).unwrap_or_default()
}

fn s(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

// ---- questions and office hours

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuestionQuery {
    /// Part of the title, the question or the answer (ASCII letters in any case).
    q: Option<String>,
    /// `true`: answered only; `false`: open only.
    answered: Option<bool>,
    /// Search only: studios filed in this subtree.
    under: Option<i64>,
    page: Option<i64>,
    per_page: Option<i64>,
}

impl QuestionQuery {
    fn filter(&self) -> QuestionFilter {
        QuestionFilter {
            q: self.q.clone(),
            answered: self.answered,
            under: self.under,
        }
    }
}

/// Questions of every studio in the caller's scope.
#[utoipa::path(get, path = "/api/v1/questions", tag = "studio activity", params(QuestionQuery),
    responses((status = 200, body = PageOf<QuestionView>)))]
pub async fn search_questions(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<QuestionQuery>,
) -> WebResult<Json<PageOf<QuestionView>>> {
    let page = page_request(q.page, q.per_page)?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_questions()
            .search(&q.filter(), page)
            .await?
            .into(),
    ))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/questions", tag = "studio activity",
    params(("id" = i64, Path), QuestionQuery),
    responses((status = 200, body = PageOf<QuestionView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_questions(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<QuestionQuery>,
) -> WebResult<Json<PageOf<QuestionView>>> {
    let page = page_request(q.page, q.per_page)?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_questions()
            .list(id, &q.filter(), page)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct QuestionBody {
    /// 2–200 characters.
    title: String,
    /// Up to 5000 characters.
    body: Option<String>,
    /// Who asked, when recorded for someone else; the caller's name when absent.
    asker_name: Option<String>,
}

/// Raises a question; anyone who reads the studio may.
#[utoipa::path(post, path = "/api/v1/studios/{id}/questions", tag = "studio activity",
    params(("id" = i64, Path)), request_body = QuestionBody,
    responses((status = 201, body = QuestionView), (status = 409, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn ask(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<QuestionBody>,
) -> WebResult<(StatusCode, Json<QuestionView>)> {
    let input = QuestionInput {
        title: b.title,
        body: s(&b.body),
        asker_name: s(&b.asker_name),
    };
    let v = st
        .store
        .scoped(&me.actor)
        .studio_questions()
        .ask(id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/questions/{qid}", tag = "studio activity",
    params(("id" = i64, Path), ("qid" = i64, Path)),
    responses((status = 200, body = QuestionView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_question(
    State(st): State<AppState>,
    me: Authed,
    Path((id, qid)): Path<(i64, i64)>,
) -> WebResult<Json<QuestionView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_questions()
            .get(id, qid)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/questions/{qid}", tag = "studio activity",
    params(("id" = i64, Path), ("qid" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_question(
    State(st): State<AppState>,
    me: Authed,
    Path((id, qid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_questions()
        .delete(id, qid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AnswerBody {
    /// Up to 5000 characters.
    answer: String,
    /// The person answering: a member of the studio now or its leader. Absent: the person
    /// the caller's account is linked to.
    answerer_id: Option<i64>,
}

/// Answers a question (`studio.write`).
#[utoipa::path(post, path = "/api/v1/studios/{id}/questions/{qid}/answer", tag = "studio activity",
    params(("id" = i64, Path), ("qid" = i64, Path)), request_body = AnswerBody,
    responses((status = 200, body = QuestionView), (status = 403, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn answer(
    State(st): State<AppState>,
    me: Authed,
    Path((id, qid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<AnswerBody>,
) -> WebResult<Json<QuestionView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_questions()
            .answer(id, qid, &b.answer, b.answerer_id)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/office-hours", tag = "studio activity",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<OfficeHourView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn office_hours(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<OfficeHourView>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_questions()
            .office_hours(id)
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OfficeHourBody {
    /// 1 (Monday) to 7 (Sunday).
    #[schema(value_type = i32)]
    weekday: NumText,
    /// `HH:MM`.
    starts: String,
    /// `HH:MM`, after `starts`.
    ends: String,
    place: String,
    host_id: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/office-hours", tag = "studio activity",
    params(("id" = i64, Path)), request_body = OfficeHourBody,
    responses((status = 201, body = OfficeHourView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_office_hour(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<OfficeHourBody>,
) -> WebResult<(StatusCode, Json<OfficeHourView>)> {
    let input = OfficeHourInput {
        weekday: b.weekday.text(),
        starts: b.starts,
        ends: b.ends,
        place: b.place,
    };
    let v = st
        .store
        .scoped(&me.actor)
        .studio_questions()
        .add_office_hour(id, &input, b.host_id)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/office-hours/{hid}", tag = "studio activity",
    params(("id" = i64, Path), ("hid" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_office_hour(
    State(st): State<AppState>,
    me: Authed,
    Path((id, hid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_questions()
        .delete_office_hour(id, hid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- projects

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectQuery {
    /// `idea`, `project`, `result` or `benefit`.
    stage: Option<String>,
    /// Part of the title.
    q: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/projects", tag = "studio activity",
    params(("id" = i64, Path), ProjectQuery),
    responses((status = 200, body = PageOf<ProjectView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_projects(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<ProjectQuery>,
) -> WebResult<Json<PageOf<ProjectView>>> {
    let page = page_request(q.page, q.per_page)?;
    let f = ProjectFilter {
        stage: q.stage,
        q: q.q,
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_projects()
            .list(id, &f, page)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ProjectBody {
    /// 2–200 characters.
    title: String,
    description: Option<String>,
    started_on: String,
    /// 投入 in yuan: a number, or text such as `"12.5万"` or `"1,234.56"`.
    #[schema(value_type = Option<String>)]
    investment: Option<NumText>,
    /// Shared with the studio's alliances.
    shared: Option<bool>,
    team: Option<Vec<TeamInput>>,
}

/// Starts a project at 创意 (idea).
#[utoipa::path(post, path = "/api/v1/studios/{id}/projects", tag = "studio activity",
    params(("id" = i64, Path)), request_body = ProjectBody,
    responses((status = 201, body = ProjectDetail), (status = 409, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_project(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ProjectBody>,
) -> WebResult<(StatusCode, Json<ProjectDetail>)> {
    let input = ProjectInput {
        title: b.title,
        description: s(&b.description),
        started_on: b.started_on,
        investment: opt_text(&b.investment),
        shared: b.shared.unwrap_or(false),
    };
    let v = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .create(id, &input, b.team.as_deref().unwrap_or(&[]))
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/projects/{pid}", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)),
    responses((status = 200, body = ProjectDetail), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_project(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
) -> WebResult<Json<ProjectDetail>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_projects()
            .get(id, pid)
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ProjectPatchBody {
    title: Option<String>,
    description: Option<String>,
    started_on: Option<String>,
    #[schema(value_type = Option<String>)]
    investment: Option<NumText>,
    shared: Option<bool>,
    /// Replaces the team when given.
    team: Option<Vec<TeamInput>>,
}

#[utoipa::path(patch, path = "/api/v1/studios/{id}/projects/{pid}", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)), request_body = ProjectPatchBody,
    responses((status = 200, body = ProjectDetail), (status = 404, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_project(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<ProjectPatchBody>,
) -> WebResult<Json<ProjectDetail>> {
    let patch = ProjectPatch {
        title: b.title,
        description: b.description,
        started_on: b.started_on,
        investment: b.investment.as_ref().map(NumText::text),
        shared: b.shared,
        team: b.team,
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_projects()
            .update(id, pid, &patch)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/projects/{pid}", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_project(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_projects()
        .delete(id, pid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StageBody {
    /// The next stage: `project`, `result` or `benefit`.
    to: String,
    /// Not before the last move, not after today.
    on: String,
    note: Option<String>,
}

/// Moves a project one stage forward; a skip or a step back answers 409 naming the rule.
#[utoipa::path(post, path = "/api/v1/studios/{id}/projects/{pid}/stage", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)), request_body = StageBody,
    responses((status = 200, body = ProjectDetail), (status = 409, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn move_stage(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<StageBody>,
) -> WebResult<Json<ProjectDetail>> {
    let input = StageMoveInput {
        to: b.to,
        on: b.on,
        note: s(&b.note),
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_projects()
            .move_stage(id, pid, &input)
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MilestoneBody {
    title: String,
    due_on: String,
    done_on: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/projects/{pid}/milestones", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)), request_body = MilestoneBody,
    responses((status = 201, body = MilestoneView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_milestone(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<MilestoneBody>,
) -> WebResult<(StatusCode, Json<MilestoneView>)> {
    let input = MilestoneInput {
        title: b.title,
        due_on: b.due_on,
        done_on: s(&b.done_on),
    };
    let v = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .add_milestone(id, pid, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MilestonePatchBody {
    title: Option<String>,
    due_on: Option<String>,
    /// The day it was done; `null` marks it not done.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    done_on: Option<Option<String>>,
}

#[utoipa::path(patch, path = "/api/v1/studios/{id}/projects/{pid}/milestones/{mid}", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path), ("mid" = i64, Path)),
    request_body = MilestonePatchBody,
    responses((status = 200, body = MilestoneView), (status = 404, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_milestone(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid, mid)): Path<(i64, i64, i64)>,
    ApiJson(b): ApiJson<MilestonePatchBody>,
) -> WebResult<Json<MilestoneView>> {
    let patch = MilestonePatch {
        title: b.title,
        due_on: b.due_on,
        done_on: b.done_on.map(|d| d.unwrap_or_default()),
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_projects()
            .update_milestone(id, pid, mid, &patch)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/projects/{pid}/milestones/{mid}", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path), ("mid" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_milestone(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid, mid)): Path<(i64, i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_projects()
        .delete_milestone(id, pid, mid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BenefitBody {
    #[schema(value_type = i32)]
    year: NumText,
    /// 增收 in yuan (number or text such as `"3万"`).
    #[schema(value_type = Option<String>)]
    revenue: Option<NumText>,
    /// 节支 in yuan.
    #[schema(value_type = Option<String>)]
    saving: Option<NumText>,
    note: Option<String>,
}

/// Records one year's benefit; the project must have reached 成果 (result).
#[utoipa::path(post, path = "/api/v1/studios/{id}/projects/{pid}/benefits", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)), request_body = BenefitBody,
    responses((status = 201, body = BenefitView), (status = 409, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn add_benefit(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<BenefitBody>,
) -> WebResult<(StatusCode, Json<BenefitView>)> {
    let input = BenefitInput {
        year: b.year.text(),
        revenue: opt_text(&b.revenue),
        saving: opt_text(&b.saving),
        note: s(&b.note),
    };
    let v = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .add_benefit(id, pid, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/projects/{pid}/benefits/{bid}", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path), ("bid" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_benefit(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid, bid)): Path<(i64, i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_projects()
        .delete_benefit(id, pid, bid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Attaches a file to a project (multipart, part `file`; pdf, images, Office files, text).
#[utoipa::path(post, path = "/api/v1/studios/{id}/projects/{pid}/files", tag = "studio activity",
    params(("id" = i64, Path), ("pid" = i64, Path)),
    request_body(content_type = "multipart/form-data"),
    responses((status = 201, body = FileView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn upload_project_file(
    State(st): State<AppState>,
    me: Authed,
    Path((id, pid)): Path<(i64, i64)>,
    mut m: Multipart,
) -> WebResult<(StatusCode, Json<FileView>)> {
    let (file_name, bytes) = file_part(&mut m).await?;
    let f = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .attach(id, pid, &Upload { file_name, bytes })
        .await?;
    Ok((StatusCode::CREATED, Json(f)))
}

// ---- evaluations and support

#[utoipa::path(get, path = "/api/v1/studios/{id}/evaluations", tag = "studio activity",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<EvaluationView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_evaluations(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<EvaluationView>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_evaluations()
            .list(id)
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EvaluationBody {
    /// `2025`, `2025H1`, `2025Q3`.
    #[schema(value_type = String)]
    period: NumText,
    evaluated_on: String,
    /// 0–100, one decimal at most.
    #[schema(value_type = String)]
    score: NumText,
    /// `excellent`, `good`, `pass` or `fail`; absent: the score's band (90/80/60).
    grade: Option<String>,
    /// Needed when the grade differs from the score's band.
    override_reason: Option<String>,
    document_no: Option<String>,
    comment: Option<String>,
}

/// Records an evaluation (`studio.manage` over the studio).
#[utoipa::path(post, path = "/api/v1/studios/{id}/evaluations", tag = "studio activity",
    params(("id" = i64, Path)), request_body = EvaluationBody,
    responses((status = 201, body = EvaluationView), (status = 403, body = crate::api::ErrorBody),
        (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_evaluation(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<EvaluationBody>,
) -> WebResult<(StatusCode, Json<EvaluationView>)> {
    let input = EvaluationInput {
        period: b.period.text(),
        evaluated_on: b.evaluated_on,
        score: b.score.text(),
        grade: s(&b.grade),
        override_reason: s(&b.override_reason),
        document_no: s(&b.document_no),
        comment: s(&b.comment),
    };
    let v = st
        .store
        .scoped(&me.actor)
        .studio_evaluations()
        .create(id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/evaluations/{eid}", tag = "studio activity",
    params(("id" = i64, Path), ("eid" = i64, Path)),
    responses((status = 200, body = EvaluationView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_evaluation(
    State(st): State<AppState>,
    me: Authed,
    Path((id, eid)): Path<(i64, i64)>,
) -> WebResult<Json<EvaluationView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_evaluations()
            .get(id, eid)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/evaluations/{eid}", tag = "studio activity",
    params(("id" = i64, Path), ("eid" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody),
        (status = 409, body = crate::api::ErrorBody)))]
pub async fn delete_evaluation(
    State(st): State<AppState>,
    me: Authed,
    Path((id, eid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_evaluations()
        .delete(id, eid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SupportQuery {
    /// `funding`, `reward` or `material`.
    kind: Option<String>,
    /// Received in this year.
    year: Option<i32>,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/studios/{id}/support", tag = "studio activity",
    params(("id" = i64, Path), SupportQuery),
    responses((status = 200, body = PageOf<SupportView>), (status = 404, body = crate::api::ErrorBody)))]
pub async fn list_support(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<SupportQuery>,
) -> WebResult<Json<PageOf<SupportView>>> {
    let page = page_request(q.page, q.per_page)?;
    let f = SupportFilter {
        kind: q.kind,
        year: q.year,
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_support()
            .list(id, &f, page)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SupportBody {
    /// `funding` 经费, `reward` 奖励 or `material` 物资.
    kind: String,
    /// In yuan (number or text such as `"5万"`); required and above zero for funding and
    /// rewards, an optional value for material.
    #[schema(value_type = Option<String>)]
    amount: Option<NumText>,
    received_on: String,
    /// Who gave it.
    source: String,
    note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/studios/{id}/support", tag = "studio activity",
    params(("id" = i64, Path)), request_body = SupportBody,
    responses((status = 201, body = SupportView), (status = 409, body = crate::api::ErrorBody),
        (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_support(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<SupportBody>,
) -> WebResult<(StatusCode, Json<SupportView>)> {
    let input = SupportInput {
        kind: b.kind,
        amount: opt_text(&b.amount),
        received_on: b.received_on,
        source: b.source,
        note: s(&b.note),
    };
    let v = st
        .store
        .scoped(&me.actor)
        .studio_support()
        .create(id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(delete, path = "/api/v1/studios/{id}/support/{sid}", tag = "studio activity",
    params(("id" = i64, Path), ("sid" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn delete_support(
    State(st): State<AppState>,
    me: Authed,
    Path((id, sid)): Path<(i64, i64)>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .studio_support()
        .delete(id, sid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Support received, projects by stage, benefit, questions and the latest evaluation.
#[utoipa::path(get, path = "/api/v1/studios/{id}/activity-totals", tag = "studio activity",
    params(("id" = i64, Path)),
    responses((status = 200, body = ActivityTotals), (status = 404, body = crate::api::ErrorBody)))]
pub async fn totals(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<ActivityTotals>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .studio_support()
            .totals(id)
            .await?,
    ))
}

//! Studio activity over the API: office hours and questions (驻室答疑), incubated projects
//! (项目孵化) with stages, milestones, benefit and files, evaluations (考核评价) and support
//! (激励保障), and a studio's activity totals.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
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
    AnswerInput, EvaluationInput, OfficeHourInput, QuestionInput, SupportInput,
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

mod assessment;
mod project_parts;
mod projects;
mod questions;

use assessment::*;
use project_parts::*;
use projects::*;
use questions::*;

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

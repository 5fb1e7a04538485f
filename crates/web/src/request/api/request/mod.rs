//! Service requests for staff over the API: the category dictionary, the scoped list with its
//! filters and .xlsx export, staff intake, a request's details and timeline, actions through
//! the one transition check, attachments, and the supervision list (督办).

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::require::{require, require_any};
use crate::upload_guard::file_part;
use crate::xlsx::{self, Cell};
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, patch, post};
use axum::Json;
use chrono::{Days, NaiveDate, NaiveTime};
use serde::Deserialize;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::fields::parse_date;
use touyan_domain::request::intake::{display_tracking_code, Channel, RequestInput};
use touyan_domain::request::workflow::{ActionInput, State as RState};
use touyan_domain::FieldErrors;
use touyan_storage::kit::files::Upload;
use touyan_storage::request::cards::{SupervisionFilter, SupervisionItem};
use touyan_storage::request::category::{CategoryInput, CategoryPatch, CategoryView};
use touyan_storage::request::{
    from_local, HandlingUnit, RequestDetail, RequestFileView, RequestFilter, RequestView,
    WaitingCount,
};
use touyan_storage::{Scoped, StorageError};
use utoipa::OpenApi;

mod actions;
mod categories;
mod create;
mod export;
mod list;
mod supervision;

use actions::*;
use categories::*;
use create::*;
pub(crate) use create::{take_in, STAFF_CHANNELS};
pub(crate) use export::category_names;
use export::*;
use list::*;
pub(crate) use list::{waiting_codes, RequestQuery};
pub(crate) use supervision::SupervisionQuery;
use supervision::*;

pub fn routes() -> crate::routes::Routes {
    // Staff enter and act on requests where they dispatch or handle them.
    let works = || require_any(&[Permission::RequestDispatch, Permission::RequestHandle]);
    let manage = || require(Permission::RequestManage);
    crate::routes::Routes::new()
        .route(
            "/v1/request-categories",
            post(create_category).route_layer(manage()).get(categories),
        )
        .route(
            "/v1/request-categories/{code}",
            patch(update_category).route_layer(manage()),
        )
        .route("/v1/requests", post(create).route_layer(works()).get(list))
        .route("/v1/requests/export.xlsx", get(export))
        .route("/v1/requests/supervision", get(supervision))
        .route("/v1/requests/waiting", get(waiting))
        .route("/v1/requests/{id}", get(get_one))
        .route("/v1/requests/{id}/actions", post(act).route_layer(works()))
        .route("/v1/requests/{id}/units", get(units))
        .route(
            "/v1/requests/{id}/files",
            post(upload)
                .layer(DefaultBodyLimit::max(crate::upload_guard::UPLOAD_LIMIT))
                .route_layer(works()),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(
        categories, create_category, update_category, list, create, export, supervision, waiting,
        get_one, act, units, upload,
    ),
    components(schemas(
        CategoryView, RequestView, RequestDetail, RequestFileView, HandlingUnit, SupervisionItem,
        CategoryInput, CategoryPatch, RequestInput, ActionInput, WaitingCount,
    )),
    tags((name = "requests", description = "Service requests (诉求工单): intake, dispatch (派单), acceptance (接单), handling, reply, follow-up (回访), closing, supervision cards (督办黄牌、红牌). A request is seen by those with `request.read` over its location, its dispatching unit or its handling unit; dispatchers need `request.dispatch` over the dispatching unit, handlers `request.handle` over the handling unit. An action the rules refuse answers 409 with the rule's message.")),
)]
pub struct Doc;

//! The work cadence over the API: obligations listed and set, activities listed, recorded,
//! read, changed and removed, an organization's roster on a day, compliance under a node,
//! and both as .xlsx.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::cadence::{ActivityInput, ObligationInput};
use touyan_domain::fields::parse_date;
use touyan_storage::cadence::{
    ActivityFilter, ActivityView, AttendanceView, BehindLine, ChildLine, Compliance,
    ObligationLine, ObligationView, RosterEntry, SignedIn, SigninView, TrendPoint,
};
use touyan_storage::kit::today;
use touyan_storage::Scoped;
use utoipa::OpenApi;

/// The most lines of the behind list a view carries (its total is given; the export has
/// them all).
pub(crate) const BEHIND_CAP: usize = 500;

pub fn routes() -> crate::routes::Routes {
    let write = || require(Permission::CadenceWrite);
    let manage = || require(Permission::CadenceManage);
    crate::routes::Routes::new()
        .route(
            "/v1/obligations",
            get(obligations).merge(post(create_obligation).route_layer(manage())),
        )
        .route(
            "/v1/obligations/{id}",
            put(update_obligation)
                .delete(remove_obligation)
                .route_layer(manage()),
        )
        .route(
            "/v1/activities",
            get(list).merge(post(create).route_layer(write())),
        )
        .route("/v1/activities/export.xlsx", get(super::io::export_api))
        .route(
            "/v1/activities/import-template.xlsx",
            get(super::import::template_api),
        )
        .route(
            "/v1/activities/import",
            post(super::import::import_api)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::upload_guard::IMPORT_LIMIT,
                ))
                .route_layer(write()),
        )
        .route("/v1/activities/roster", get(roster))
        .route(
            "/v1/activities/{id}",
            get(get_one).merge(put(update).delete(remove).route_layer(write())),
        )
        .route(
            "/v1/activities/{id}/signin",
            post(super::signin::open_api).route_layer(write()),
        )
        .route("/v1/signin", post(super::signin::sign_in_api))
        .route(
            "/v1/activities/{id}/changes",
            get(super::changes::list_api)
                .merge(post(super::changes::propose_api).route_layer(write())),
        )
        .route(
            "/v1/activities/{id}/changes/{cid}",
            get(super::changes::get_api),
        )
        .route(
            "/v1/activities/{id}/changes/{cid}/approve",
            post(super::changes::approve_api).route_layer(manage()),
        )
        .route(
            "/v1/activities/{id}/changes/{cid}/reject",
            post(super::changes::reject_api).route_layer(manage()),
        )
        .route(
            "/v1/activities/{id}/changes/{cid}/withdraw",
            post(super::changes::withdraw_api).route_layer(write()),
        )
        .route(
            "/v1/activities/{id}/files",
            get(super::files::list_api)
                .merge(post(super::files::upload_api).route_layer(write()))
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::upload_guard::UPLOAD_LIMIT,
                )),
        )
        .route(
            "/v1/activities/{id}/files/{fid}",
            get(super::files::download_api)
                .merge(axum::routing::delete(super::files::delete_api).route_layer(write())),
        )
        .route("/v1/compliance", get(compliance))
        .route("/v1/compliance/export.xlsx", get(super::io::compliance_api))
}

#[derive(OpenApi)]
#[openapi(
    paths(obligations, create_obligation, update_obligation, remove_obligation, list, create,
        super::io::export_api, super::import::template_api, super::import::import_api, roster,
        get_one, update, remove, compliance, super::io::compliance_api,
        super::signin::open_api, super::signin::sign_in_api, super::files::list_api,
        super::files::upload_api, super::files::download_api, super::files::delete_api,
        super::changes::list_api, super::changes::get_api, super::changes::propose_api,
        super::changes::approve_api, super::changes::reject_api, super::changes::withdraw_api),
    components(schemas(ObligationView, ActivityView, AttendanceView, RosterEntry, Compliance,
        ChildLine, ObligationLine, BehindLine, TrendPoint, SigninView, SignedIn,
        super::signin::SignInBody, touyan_storage::cadence::ActivityFileView,
        touyan_storage::cadence::ChangeView, super::changes::ChangeBody,
        super::changes::DecisionBody)),
    tags((name = "cadence", description = "The work cadence (工作节奏): obligations as data — organizations of some kinds hold an activity type at least so often a month, quarter, half-year or year (三会一课, 主题党日, 组织生活会, 民主评议党员, 四个一 …), set everywhere or for a subtree by a superior (`cadence.manage` over the node's parent; a minimum of 0 lifts an inherited one) —, activity records with attendance against the roster of their day (`cadence.read`, `cadence.write` over the organization; entries made after the month held are marked late; a record older than 30 days is changed only by a superior, directly or by approving a change request its recorder proposes), and compliance under a node on a day, judged on the day held in Beijing time.")),
)]
pub struct Doc;

/// The area's part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    Doc::openapi()
}

/// The organization kinds (and the parts other areas tell of, a studio's host) and activity
/// types an input is checked against.
pub(crate) async fn choices(s: Scoped<'_>) -> WebResult<(Vec<String>, Vec<String>)> {
    let kinds = s
        .dict()
        .kind_names()
        .await?
        .into_iter()
        .chain(s.cadence().roles())
        .map(|k| k.code)
        .collect();
    Ok((kinds, s.cadence().type_codes().await?))
}

/// The obligations reaching the caller's part of the tree.
#[utoipa::path(get, path = "/api/v1/obligations", tag = "cadence",
    responses((status = 200, body = [ObligationView]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn obligations(
    State(st): State<AppState>,
    me: Authed,
) -> WebResult<Json<Vec<ObligationView>>> {
    Ok(Json(
        st.store.scoped(&me.actor).cadence().obligations().await?,
    ))
}

/// Sets an obligation for a node's subtree (or everywhere, for those who manage the whole
/// tree).
#[utoipa::path(post, path = "/api/v1/obligations", tag = "cadence", request_body = ObligationInput,
    responses((status = 201, body = ObligationView), (status = 403, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_obligation(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<ObligationInput>,
) -> WebResult<(StatusCode, Json<ObligationView>)> {
    let s = st.store.scoped(&me.actor);
    let (kinds, types) = choices(s).await?;
    let o = input.parse(&kinds, &types)?;
    Ok((
        StatusCode::CREATED,
        Json(s.cadence().create_obligation(o).await?),
    ))
}

/// Changes an obligation (where it is set stays).
#[utoipa::path(put, path = "/api/v1/obligations/{id}", tag = "cadence",
    params(("id" = i64, Path, description = "The obligation")), request_body = ObligationInput,
    responses((status = 200, body = ObligationView), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_obligation(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ObligationInput>,
) -> WebResult<Json<ObligationView>> {
    let s = st.store.scoped(&me.actor);
    let (kinds, types) = choices(s).await?;
    let o = input.parse(&kinds, &types)?;
    Ok(Json(s.cadence().update_obligation(id, o).await?))
}

/// Removes an obligation; a built-in one is refused (409).
#[utoipa::path(delete, path = "/api/v1/obligations/{id}", tag = "cadence",
    params(("id" = i64, Path, description = "The obligation")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody)))]
pub async fn remove_obligation(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .cadence()
        .delete_obligation(id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    /// Activities of organizations in this subtree.
    pub(crate) under: Option<i64>,
    /// An activity-type code.
    pub(crate) activity_type: Option<String>,
    /// Held on or after this day.
    pub(crate) from: Option<String>,
    /// Held on or before this day.
    pub(crate) to: Option<String>,
    /// Part of the topic.
    pub(crate) q: Option<String>,
    /// Only those entered late (`true`) or in time (`false`).
    pub(crate) late: Option<bool>,
    /// `pending`: only those with a change request waiting on a decision.
    pub(crate) changes: Option<String>,
    /// Only those held at this service centre.
    pub(crate) centre_id: Option<i64>,
    pub(crate) page: Option<i64>,
    pub(crate) per_page: Option<i64>,
}

impl ActivityQuery {
    pub(crate) fn filter(&self) -> WebResult<ActivityFilter> {
        let day = |field: &str, v: &Option<String>| -> WebResult<Option<NaiveDate>> {
            Ok(parse_date(field, v.as_deref().unwrap_or(""))?)
        };
        Ok(ActivityFilter {
            under: self.under,
            activity_type: self.activity_type.clone(),
            from: day("from", &self.from)?,
            to: day("to", &self.to)?,
            q: self.q.clone(),
            late: self.late,
            pending_change: self.changes.as_deref() == Some("pending"),
            centre_id: self.centre_id,
        })
    }
}

/// Activities held by organizations in the caller's subtrees, latest first.
#[utoipa::path(get, path = "/api/v1/activities", tag = "cadence", params(ActivityQuery),
    responses((status = 200, body = PageOf<ActivityView>), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<ActivityQuery>,
) -> WebResult<Json<PageOf<ActivityView>>> {
    let page = page_request(q.page, q.per_page)?;
    let s = st.store.scoped(&me.actor);
    Ok(Json(
        s.cadence().activities(&q.filter()?, page).await?.into(),
    ))
}

/// Records an activity with its attendance (everyone on the roster not listed was present).
#[utoipa::path(post, path = "/api/v1/activities", tag = "cadence", request_body = ActivityInput,
    responses((status = 201, body = ActivityView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<ActivityInput>,
) -> WebResult<(StatusCode, Json<ActivityView>)> {
    let s = st.store.scoped(&me.actor);
    let a = input.parse(&s.cadence().type_codes().await?, today())?;
    Ok((
        StatusCode::CREATED,
        Json(s.cadence().create_activity(a).await?),
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RosterQuery {
    /// The organization.
    node_id: i64,
    /// The day (today when absent).
    on: Option<String>,
}

/// The members an activity held by the organization on the day expects (应到).
#[utoipa::path(get, path = "/api/v1/activities/roster", tag = "cadence", params(RosterQuery),
    responses((status = 200, body = [RosterEntry]), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn roster(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<RosterQuery>,
) -> WebResult<Json<Vec<RosterEntry>>> {
    let on = parse_date("on", q.on.as_deref().unwrap_or(""))?.unwrap_or_else(today);
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .cadence()
            .roster(q.node_id, on)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "cadence",
    params(("id" = i64, Path, description = "The activity")),
    responses((status = 200, body = ActivityView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<ActivityView>> {
    Ok(Json(
        st.store.scoped(&me.actor).cadence().activity(id).await?.0,
    ))
}

/// Replaces an activity's fields and attendance; a locked one only by a superior (409
/// otherwise).
#[utoipa::path(put, path = "/api/v1/activities/{id}", tag = "cadence",
    params(("id" = i64, Path, description = "The activity")), request_body = ActivityInput,
    responses((status = 200, body = ActivityView), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ActivityInput>,
) -> WebResult<Json<ActivityView>> {
    let s = st.store.scoped(&me.actor);
    let a = input.parse(&s.cadence().type_codes().await?, today())?;
    Ok(Json(s.cadence().update_activity(id, a).await?))
}

#[utoipa::path(delete, path = "/api/v1/activities/{id}", tag = "cadence",
    params(("id" = i64, Path, description = "The activity")),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody),
    (status = 409, body = crate::api::ErrorBody)))]
pub async fn remove(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<StatusCode> {
    st.store
        .scoped(&me.actor)
        .cadence()
        .delete_activity(id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComplianceQuery {
    /// The node whose organizations are judged; the caller's own subtree when absent.
    pub(crate) under: Option<i64>,
    /// The day judged (today when absent): each obligation over the period of its cycle
    /// holding it.
    pub(crate) on: Option<String>,
}

impl ComplianceQuery {
    /// The compliance asked for, with up to `behind_cap` lines behind.
    pub(crate) async fn read(&self, s: Scoped<'_>, behind_cap: usize) -> WebResult<Compliance> {
        let on = parse_date("on", self.on.as_deref().unwrap_or(""))?.unwrap_or_else(today);
        let under = match self.under {
            Some(id) => id,
            None => s.cadence().default_node().await?,
        };
        Ok(s.cadence().compliance(under, on, behind_cap).await?)
    }
}

/// Who keeps the rhythm under a node: each obligation of each organization judged over its
/// current period, the share keeping all (in all, by child, by month), and who is behind.
#[utoipa::path(get, path = "/api/v1/compliance", tag = "cadence", params(ComplianceQuery),
    responses((status = 200, body = Compliance), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn compliance(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<ComplianceQuery>,
) -> WebResult<Json<Compliance>> {
    Ok(Json(q.read(st.store.scoped(&me.actor), BEHIND_CAP).await?))
}

//! Service requests for staff over the API: the category dictionary, the scoped list with its
//! filters and .xlsx export, staff intake, a request's details and timeline, actions through
//! the one transition check, attachments, and the supervision list (督办).

use crate::api::{double_option, page_request, ApiJson, ApiQuery, PageOf};
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
use touyan_domain::request::workflow::{ActionInput, PolicyInput, State as RState};
use touyan_domain::FieldErrors;
use touyan_storage::kit::files::Upload;
use touyan_storage::request::cards::{SupervisionFilter, SupervisionItem};
use touyan_storage::request::category::{CategoryInput, CategoryPatch, CategoryView};
use touyan_storage::request::{
    from_local, HandlingUnit, RequestDetail, RequestFileView, RequestFilter, RequestView,
};
use touyan_storage::{Scoped, StorageError};
use utoipa::OpenApi;

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
        categories, create_category, update_category, list, create, export, supervision,
        get_one, act, units, upload,
    ),
    components(schemas(
        CategoryView, RequestView, RequestDetail, RequestFileView, HandlingUnit, SupervisionItem,
        CategoryBody, CategoryPatchBody, RequestBody, ActionBody,
    )),
    tags((name = "requests", description = "Service requests (诉求工单): intake, dispatch (派单), acceptance (接单), handling, reply, follow-up (回访), closing, supervision cards (督办黄牌、红牌). A request is seen by those with `request.read` over its location, its dispatching unit or its handling unit; dispatchers need `request.dispatch` over the dispatching unit, handlers `request.handle` over the handling unit. An action the rules refuse answers 409 with the rule's message.")),
)]
pub struct Doc;

// ---------------------------------------------------------------------------------------
// Categories.

/// The category dictionary, in its order; everyone signed in reads it.
#[utoipa::path(get, path = "/api/v1/request-categories", tag = "requests",
    responses((status = 200, body = Vec<CategoryView>)))]
pub async fn categories(
    State(st): State<AppState>,
    me: Authed,
) -> WebResult<Json<Vec<CategoryView>>> {
    Ok(Json(
        st.store.scoped(&me.actor).requests().categories().await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CategoryBody {
    /// 2–40 lower-case letters, digits or `_`, starting with a letter.
    code: String,
    name_zh: String,
    /// The Chinese name when blank.
    name_en: Option<String>,
    default_node_id: Option<i64>,
    /// 1–240 working hours.
    accept_within_hours: u32,
    /// 1–90 working days.
    reply_within_days: u32,
    /// 1–30 working days.
    follow_up_within_days: u32,
    /// 0–365 calendar days; 7 when absent.
    reopen_window_days: Option<u32>,
    /// 1–2400 working hours; absent or `null`: the step's own limit once more.
    red_after_work_hours: Option<u32>,
    sort_order: Option<i32>,
    /// True when absent.
    active: Option<bool>,
}

/// A new category (`request.manage` over the whole tree; 403 otherwise).
#[utoipa::path(post, path = "/api/v1/request-categories", tag = "requests", request_body = CategoryBody,
    responses((status = 201, body = CategoryView), (status = 403, body = crate::api::ErrorBody),
              (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create_category(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<CategoryBody>,
) -> WebResult<(StatusCode, Json<CategoryView>)> {
    let input = CategoryInput {
        name_zh: b.name_zh,
        name_en: b.name_en.unwrap_or_default(),
        default_node_id: b.default_node_id,
        policy: PolicyInput {
            accept_within_hours: b.accept_within_hours.to_string(),
            reply_within_days: b.reply_within_days.to_string(),
            follow_up_within_days: b.follow_up_within_days.to_string(),
            reopen_window_days: b.reopen_window_days.unwrap_or(7).to_string(),
            red_after_work_hours: b
                .red_after_work_hours
                .map(|h| h.to_string())
                .unwrap_or_default(),
        },
        sort_order: b.sort_order,
        active: b.active.unwrap_or(true),
    };
    let v = st
        .store
        .scoped(&me.actor)
        .requests()
        .create_category(&b.code, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// Changes to a category; absent fields keep their value, `null` clears the default unit or
/// the red-card hours.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct CategoryPatchBody {
    name_zh: Option<String>,
    name_en: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    default_node_id: Option<Option<i64>>,
    accept_within_hours: Option<u32>,
    reply_within_days: Option<u32>,
    follow_up_within_days: Option<u32>,
    reopen_window_days: Option<u32>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<u32>)]
    red_after_work_hours: Option<Option<u32>>,
    sort_order: Option<i32>,
    active: Option<bool>,
}

/// Changes a category (`request.manage` over the whole tree). New limits apply to steps
/// started from now on.
#[utoipa::path(patch, path = "/api/v1/request-categories/{code}", tag = "requests", params(("code" = String, Path, description = "Code of the request category")), request_body = CategoryPatchBody,
    responses((status = 200, body = CategoryView), (status = 403, body = crate::api::ErrorBody),
              (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn update_category(
    State(st): State<AppState>,
    me: Authed,
    Path(code): Path<String>,
    ApiJson(b): ApiJson<CategoryPatchBody>,
) -> WebResult<Json<CategoryView>> {
    let n = |v: Option<u32>| v.map(|x| x.to_string());
    let patch = CategoryPatch {
        name_zh: b.name_zh,
        name_en: b.name_en,
        default_node_id: b.default_node_id,
        accept_within_hours: n(b.accept_within_hours),
        reply_within_days: n(b.reply_within_days),
        follow_up_within_days: n(b.follow_up_within_days),
        reopen_window_days: n(b.reopen_window_days),
        red_after_work_hours: b
            .red_after_work_hours
            .map(|h| h.map(|x| x.to_string()).unwrap_or_default()),
        sort_order: b.sort_order,
        active: b.active,
    };
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .requests()
            .update_category(&code, &patch)
            .await?,
    ))
}

// ---------------------------------------------------------------------------------------
// The list and its filters.

/// The list's filters as the query string gives them; the pages use the same.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestQuery {
    /// Requests located, dispatched or handled under this node.
    pub under: Option<String>,
    /// A state code (`submitted`, `received`, `dispatched`, `accepted`, `replied`, `closed`,
    /// `withdrawn`) or a state category: `open`, `closed`.
    pub state: Option<String>,
    /// A category code.
    pub category: Option<String>,
    /// `public_form`, `window`, `doorstep`, `enterprise`, `visit`, `patrol` or `hotline`.
    pub channel: Option<String>,
    /// `true`: only requests whose running step is past its due time.
    pub overdue: Option<String>,
    /// `yellow` (any card) or `red`.
    pub card: Option<String>,
    /// Created on or after this day, Beijing time (YYYY-MM-DD).
    pub from: Option<String>,
    /// Created on or before this day, Beijing time (YYYY-MM-DD).
    pub to: Option<String>,
    /// Part of the description or address, a tracking code or a 12345 order number.
    pub q: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

fn blank(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Unix ms of the start of a Beijing day.
fn day_start(d: NaiveDate) -> i64 {
    from_local(d.and_time(NaiveTime::MIN))
}

impl RequestQuery {
    /// The filter, every bad parameter reported at once (422).
    pub fn filter(&self) -> WebResult<RequestFilter> {
        let mut fe = FieldErrors::new();
        let under = match blank(&self.under) {
            None => None,
            Some(s) => s.parse::<i64>().map(Some).unwrap_or_else(|_| {
                fe.add("under", "err.number_invalid");
                None
            }),
        };
        let state = blank(&self.state);
        if let Some(s) = &state {
            if s != "open" && s != "closed" && RState::from_code(s).is_none() {
                fe.add("state", "err.choice_invalid");
            }
        }
        let channel = blank(&self.channel);
        if channel
            .as_deref()
            .is_some_and(|c| Channel::from_code(c).is_none())
        {
            fe.add("channel", "err.choice_invalid");
        }
        let card = blank(&self.card);
        if card.as_deref().is_some_and(|c| c != "yellow" && c != "red") {
            fe.add("card", "err.choice_invalid");
        }
        let overdue = match blank(&self.overdue).as_deref() {
            None | Some("false") | Some("0") => false,
            Some("true") | Some("1") | Some("on") => true,
            Some(_) => {
                fe.add("overdue", "err.choice_invalid");
                false
            }
        };
        let from = fe
            .check(
                "from",
                parse_date("from", self.from.as_deref().unwrap_or("")),
            )
            .flatten();
        let to = fe
            .check("to", parse_date("to", self.to.as_deref().unwrap_or("")))
            .flatten();
        if let (Some(a), Some(b)) = (from, to) {
            if b < a {
                fe.add("to", "err.rq_to_before_from");
            }
        }
        if !fe.is_empty() {
            return Err(StorageError::Invalid(fe).into());
        }
        Ok(RequestFilter {
            under,
            state,
            category: blank(&self.category),
            channel,
            overdue,
            card,
            from: from.map(day_start),
            to: to
                .and_then(|d| d.checked_add_days(Days::new(1)))
                .map(day_start),
            q: blank(&self.q),
        })
    }

    /// The query string of the filters (for links), ending in `&` or empty.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let t = |v: &Option<String>| blank(v).unwrap_or_default();
        vec![
            ("under", t(&self.under)),
            ("state", t(&self.state)),
            ("category", t(&self.category)),
            ("channel", t(&self.channel)),
            ("overdue", t(&self.overdue)),
            ("card", t(&self.card)),
            ("from", t(&self.from)),
            ("to", t(&self.to)),
            ("q", t(&self.q)),
        ]
    }
}

fn number(field: &str, v: &Option<String>) -> WebResult<Option<i64>> {
    match blank(v) {
        None => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .map(Some)
            .map_err(|_| StorageError::field(field, "err.number_invalid").into()),
    }
}

/// The requests the caller sees, newest first.
#[utoipa::path(get, path = "/api/v1/requests", tag = "requests", params(RequestQuery),
    responses((status = 200, body = PageOf<RequestView>), (status = 422, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<RequestQuery>,
) -> WebResult<Json<PageOf<RequestView>>> {
    let page = page_request(number("page", &q.page)?, number("per_page", &q.per_page)?)?;
    let f = q.filter()?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .requests()
            .list(&f, page)
            .await?
            .into(),
    ))
}

// ---------------------------------------------------------------------------------------
// Intake.

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct RequestBody {
    /// `window` (窗口帮办), `doorstep` (上门代办), `enterprise` (企业下单), `visit` (走访) or
    /// `patrol` (网格巡查, 未诉先办: no contact). 12345 orders come through the import, the
    /// public form through `/api/v1/public/requests`.
    channel: Option<String>,
    category: Option<String>,
    /// Where the request lies; the caller must dispatch or handle requests there.
    node_id: Option<i64>,
    address: Option<String>,
    /// 5–2000 characters.
    description: Option<String>,
    contact_name: Option<String>,
    /// A mobile or a landline with its area code.
    contact_phone: Option<String>,
    /// `normal` (default), `urgent` or `critical`.
    urgency: Option<String>,
    /// Required for `enterprise`.
    enterprise_name: Option<String>,
}

/// The channels staff take requests through.
pub const STAFF_CHANNELS: [Channel; 5] = [
    Channel::Window,
    Channel::Doorstep,
    Channel::Enterprise,
    Channel::Visit,
    Channel::Patrol,
];

/// Staff intake: the request is received at once, ready to dispatch.
pub(crate) async fn take_in(s: Scoped<'_>, input: &RequestInput) -> WebResult<RequestView> {
    let ch = input.channel.trim();
    if Channel::from_code(ch).is_some_and(|c| !STAFF_CHANNELS.contains(&c)) {
        // Report the other fields along with the channel.
        let mut fe = FieldErrors::new();
        fe.add("channel", "err.rq_channel_not_staff");
        let cats: Vec<String> = s
            .requests()
            .categories()
            .await?
            .into_iter()
            .filter(|c| c.active)
            .map(|c| c.code)
            .collect();
        let mut probe = input.clone();
        probe.channel = Channel::Window.code().into();
        probe.hotline_no.clear();
        if let Err(touyan_domain::DomainError::Invalid(x)) = probe.parse(&cats) {
            for (k, v) in x.0 {
                fe.add(&k, &v);
            }
        }
        return Err(StorageError::Invalid(fe).into());
    }
    Ok(s.requests().create(input).await?)
}

impl RequestBody {
    fn input(self) -> RequestInput {
        RequestInput {
            channel: self.channel.unwrap_or_default(),
            category: self.category.unwrap_or_default(),
            node_id: self.node_id,
            address: self.address.unwrap_or_default(),
            description: self.description.unwrap_or_default(),
            contact_name: self.contact_name.unwrap_or_default(),
            contact_phone: self.contact_phone.unwrap_or_default(),
            urgency: self.urgency.unwrap_or_default(),
            hotline_no: String::new(),
            enterprise_name: self.enterprise_name.unwrap_or_default(),
        }
    }
}

/// Staff intake (window, doorstep, enterprise, visit, patrol); received at once.
#[utoipa::path(post, path = "/api/v1/requests", tag = "requests", request_body = RequestBody,
    responses((status = 201, body = RequestView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<RequestBody>,
) -> WebResult<(StatusCode, Json<RequestView>)> {
    let v = take_in(st.store.scoped(&me.actor), &b.input()).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// A request with its whole timeline, cards, files and the actions the caller may take.
#[utoipa::path(get, path = "/api/v1/requests/{id}", tag = "requests", params(("id" = i64, Path, description = "Id of the request")),
    responses((status = 200, body = RequestDetail), (status = 404, body = crate::api::ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<RequestDetail>> {
    Ok(Json(st.store.scoped(&me.actor).requests().get(id).await?))
}

// ---------------------------------------------------------------------------------------
// Actions.

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct ActionBody {
    /// `dispatch`, `accept`, `send_back`, `transfer`, `request_extension`,
    /// `approve_extension`, `refuse_extension`, `reply`, `follow_up`, `close`, `reopen`,
    /// `rate` or `withdraw`.
    action: String,
    /// Required for send_back, transfer, request_extension, refuse_extension and reopen; a
    /// note otherwise (at most 500 characters).
    reason: Option<String>,
    /// The handling unit, for dispatch and transfer.
    node_id: Option<i64>,
    /// Working days asked, 1–30, for request_extension.
    #[schema(value_type = Option<u32>)]
    days: Option<serde_json::Value>,
    /// The result (办理结果), for reply.
    result: Option<String>,
    /// Ids of the request's files cited as evidence (办理佐证), for reply.
    #[serde(default)]
    evidence: Vec<i64>,
    /// What the complainant said (回访情况), for follow_up.
    answer: Option<String>,
    /// `satisfied`, `basically_satisfied` or `dissatisfied`: required for rate, optional at
    /// follow_up.
    rating: Option<String>,
    /// Whether the problem was solved, for close.
    solved: Option<bool>,
}

/// A number or a text as the text the domain parses.
fn text_of(v: &Option<serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string(),
    }
}

impl ActionBody {
    fn input(self) -> ActionInput {
        ActionInput {
            action: self.action,
            reason: self.reason.unwrap_or_default(),
            node_id: self.node_id,
            days: text_of(&self.days),
            result: self.result.unwrap_or_default(),
            evidence: self.evidence,
            answer: self.answer.unwrap_or_default(),
            rating: self.rating.unwrap_or_default(),
            solved: self.solved,
        }
    }
}

/// Takes an action on a request. The caller's role on it comes from its permissions; an
/// action its role or the request's state does not allow answers 409 naming the rule; bad
/// fields answer 422; a caller who only reads the request gets 403.
#[utoipa::path(post, path = "/api/v1/requests/{id}/actions", tag = "requests", params(("id" = i64, Path, description = "Id of the request")), request_body = ActionBody,
    responses((status = 200, body = RequestView), (status = 403, body = crate::api::ErrorBody),
              (status = 404, body = crate::api::ErrorBody), (status = 409, body = crate::api::ErrorBody),
              (status = 422, body = crate::api::ErrorBody)))]
pub async fn act(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ActionBody>,
) -> WebResult<Json<RequestView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .requests()
            .act(id, &b.input())
            .await?,
    ))
}

/// The units the caller may dispatch or transfer the request to besides the nodes of its own
/// scope: departments along the dispatching chain, the category's default unit first. A caller
/// who may neither dispatch nor transfer the request gets 403.
#[utoipa::path(get, path = "/api/v1/requests/{id}/units", tag = "requests", params(("id" = i64, Path, description = "Id of the request")),
    responses((status = 200, body = Vec<HandlingUnit>), (status = 403, body = crate::api::ErrorBody),
              (status = 404, body = crate::api::ErrorBody)))]
pub async fn units(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<HandlingUnit>>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .requests()
            .handling_units(id)
            .await?,
    ))
}

/// Attaches a photo or an evidence file (pdf, image, docx, xlsx, pptx or txt; at most 20 MiB)
/// to a request the caller dispatches or handles; downloaded at `/requests/files/{id}`, cited
/// by a reply's `evidence`.
#[utoipa::path(post, path = "/api/v1/requests/{id}/files", tag = "requests", params(("id" = i64, Path, description = "Id of the request")),
    request_body(content_type = "multipart/form-data", description = "`file`: the photo or document"),
    responses((status = 201, body = RequestFileView), (status = 403, body = crate::api::ErrorBody),
              (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn upload(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<(StatusCode, Json<RequestFileView>)> {
    let (file_name, bytes) = upload_part(&mut m).await?;
    let f = st
        .store
        .scoped(&me.actor)
        .requests()
        .attach(id, &Upload { file_name, bytes })
        .await?;
    Ok((StatusCode::CREATED, Json(f)))
}

// ---------------------------------------------------------------------------------------
// Supervision.

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SupervisionQuery {
    pub under: Option<String>,
    /// `yellow` (any card) or `red`.
    pub card: Option<String>,
    /// `true`: also finished requests that were carded.
    pub finished: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

impl SupervisionQuery {
    pub fn filter(&self) -> WebResult<SupervisionFilter> {
        let card = blank(&self.card);
        if card.as_deref().is_some_and(|c| c != "yellow" && c != "red") {
            return Err(StorageError::field("card", "err.choice_invalid").into());
        }
        Ok(SupervisionFilter {
            under: number("under", &self.under)?,
            card,
            finished: matches!(blank(&self.finished).as_deref(), Some("true" | "1" | "on")),
        })
    }
}

/// Requests holding supervision cards and those running over their time, newest card first,
/// with how long each is overdue in working time.
#[utoipa::path(get, path = "/api/v1/requests/supervision", tag = "requests", params(SupervisionQuery),
    responses((status = 200, body = PageOf<SupervisionItem>), (status = 422, body = crate::api::ErrorBody)))]
pub async fn supervision(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<SupervisionQuery>,
) -> WebResult<Json<PageOf<SupervisionItem>>> {
    let page = page_request(number("page", &q.page)?, number("per_page", &q.per_page)?)?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .requests()
            .supervision(&q.filter()?, page)
            .await?
            .into(),
    ))
}

// ---------------------------------------------------------------------------------------
// Export.

/// Category names in the caller's language, by code.
pub(crate) async fn category_names(s: Scoped<'_>, tr: Tr) -> WebResult<HashMap<String, String>> {
    Ok(s.requests()
        .categories()
        .await?
        .into_iter()
        .map(|c| {
            let name = if tr.lang == Lang::En {
                c.name_en
            } else {
                c.name_zh
            };
            (c.code, name)
        })
        .collect())
}

const EXPORT_HEADERS: [&str; 26] = [
    "rq.col.code",
    "rq.col.channel",
    "rq.col.category",
    "rq.col.urgency",
    "rq.col.state",
    "rq.col.node",
    "rq.col.dispatcher",
    "rq.col.handler",
    "rq.col.address",
    "rq.col.description",
    "rq.col.contact_name",
    "rq.col.contact_phone",
    "rq.col.enterprise_name",
    "rq.col.hotline_no",
    "rq.col.created_at",
    "rq.col.dispatched_at",
    "rq.col.accepted_at",
    "rq.col.replied_at",
    "rq.col.closed_at",
    "rq.col.step",
    "rq.col.step_due_at",
    "rq.col.overdue",
    "rq.col.card",
    "rq.col.round",
    "rq.col.rating",
    "rq.col.solved",
];

/// The filtered list as an .xlsx file with Chinese (or English) headers; contacts masked
/// unless the caller dispatches the request.
#[utoipa::path(get, path = "/api/v1/requests/export.xlsx", tag = "requests", params(RequestQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              (status = 422, body = crate::api::ErrorBody)))]
pub async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<RequestQuery>,
) -> WebResult<Response> {
    let f = q.filter()?;
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let items = s.requests().all(&f, xlsx::EXPORT_CAP).await?;
    let cats = category_names(s, tr).await?;
    let label = |prefix: &str, code: &str| tr.t(&format!("{prefix}.{code}")).to_string();
    let yes_no = |b: bool| tr.t(if b { "rq.yes" } else { "rq.no" }).to_string();
    let when = |v: Option<i64>| Cell::from(v.map(xlsx::fmt_ms));
    let rows = items
        .into_iter()
        .map(|r| {
            vec![
                Cell::from(display_tracking_code(&r.code)),
                label("rq.channel", &r.channel).into(),
                Cell::from(cats.get(&r.category).cloned().unwrap_or(r.category.clone())),
                label("rq.urgency", &r.urgency).into(),
                label("rq.state", &r.state).into(),
                r.node_name.into(),
                r.dispatcher_node_name.into(),
                r.handling_node_name.into(),
                r.address.into(),
                r.description.into(),
                r.contact_name.into(),
                r.contact_phone.into(),
                r.enterprise_name.into(),
                r.hotline_no.into(),
                Cell::from(xlsx::fmt_ms(r.created_at)),
                when(r.dispatched_at),
                when(r.accepted_at),
                when(r.replied_at),
                when(r.closed_at),
                Cell::from(r.step.as_deref().map(|s| label("rq.step", s))),
                when(r.step_due_at),
                Cell::from(yes_no(r.overdue)),
                Cell::from(r.card.as_deref().map(|c| label("rq.card", c))),
                Cell::Int(i64::from(r.round)),
                Cell::from(r.rating.as_deref().map(|c| label("rq.rating", c))),
                Cell::from(r.solved.map(yes_no)),
            ]
        })
        .collect();
    xlsx::download_keys(
        tr,
        tr.t("rq.export_file"),
        "rq.sheet",
        &EXPORT_HEADERS,
        rows,
    )
}

/// The `file` part of a multipart body; a missing one is named as an attachment's.
pub(crate) async fn upload_part(m: &mut Multipart) -> WebResult<(String, Vec<u8>)> {
    match file_part(m).await {
        Err(WebError::Storage(StorageError::Invalid(fe)))
            if fe.0.get("file").is_some_and(|k| k == "err.file_required") =>
        {
            Err(StorageError::field("file", "err.rq_file_required").into())
        }
        other => other,
    }
}

//! The caller's notifications over the API: listed newest first with the unread count and
//! the reminders derived for the caller today, one marked read, all marked read. Only the
//! caller's own are ever reached: another user's id answers 404.

use crate::api::{page_request, ApiQuery};
use crate::area::reminders;
use crate::areas::AREAS;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Json;
use serde::{Deserialize, Serialize};
use touyan_storage::kit::today;
use touyan_storage::notice::NoticeView;
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/v1/notifications", get(list))
        .route("/v1/notifications/read-all", post(read_all))
        .route("/v1/notifications/{id}/read", post(read_one))
}

#[derive(OpenApi)]
#[openapi(
    paths(list, read_one, read_all),
    components(schemas(NoticeItem, NoticeList, ReminderItem, ReadAll)),
    tags((name = "notice", description = "Notifications (通知): what happened for the caller to see — written by other areas' writes for the users concerned (a task issued to them, say), each with its text in the caller's language and the record it links to — listed newest first and marked read by their own user only (another user's id answers 404); and the reminders derived for the caller when read (obligations falling behind in their current period across the caller's scope), which are not stored and are never marked read.")),
)]
pub struct Doc;

/// The area's part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    Doc::openapi()
}

/// One notification with its text in the caller's language.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NoticeItem {
    pub id: i64,
    /// The translation key it was written with.
    pub kind: String,
    pub text: String,
    /// The path of the record it is about.
    pub link: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub read_at: Option<i64>,
}

impl NoticeItem {
    pub(crate) fn of(tr: crate::i18n::Tr, n: NoticeView) -> NoticeItem {
        NoticeItem {
            text: super::text(tr, &n),
            id: n.id,
            kind: n.kind,
            link: n.link,
            created_at: n.created_at,
            read_at: n.read_at,
        }
    }
}

/// A reminder derived for the caller today.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ReminderItem {
    pub text: String,
    pub link: String,
    /// Its deadline has passed.
    pub urgent: bool,
}

/// A page of the caller's notifications, newest first, with the unread count and the
/// reminders (on the first page only).
#[derive(Serialize, utoipa::ToSchema)]
pub struct NoticeList {
    pub items: Vec<NoticeItem>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub unread: u64,
    pub reminders: Vec<ReminderItem>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReadAll {
    /// How many were unread.
    pub marked: u64,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NoticeQuery {
    pub(crate) page: Option<i64>,
    pub(crate) per_page: Option<i64>,
}

/// The caller's notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notice", params(NoticeQuery),
    responses((status = 200, body = NoticeList), (status = 422, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<NoticeQuery>,
) -> WebResult<Json<NoticeList>> {
    let req = page_request(q.page, q.per_page)?;
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let p = s.notices().list(req).await?;
    let unread = s.notices().unread().await?;
    let reminders = if p.page == 1 {
        reminders(AREAS, s, tr, today()).await?
    } else {
        vec![]
    };
    Ok(Json(NoticeList {
        items: p.items.into_iter().map(|n| NoticeItem::of(tr, n)).collect(),
        total: p.total,
        page: p.page,
        per_page: p.per_page,
        unread,
        reminders: reminders
            .into_iter()
            .map(|r| ReminderItem {
                text: r.text,
                link: r.href,
                urgent: r.urgent,
            })
            .collect(),
    }))
}

/// Marks one of the caller's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notice",
    params(("id" = i64, Path, description = "The notification")),
    responses((status = 200, body = NoticeItem), (status = 404, body = crate::api::ErrorBody)))]
pub async fn read_one(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Json<NoticeItem>> {
    let n = st.store.scoped(&me.actor).notices().mark_read(id).await?;
    Ok(Json(NoticeItem::of(me.ctx.tr(), n)))
}

/// Marks every notification of the caller read.
#[utoipa::path(post, path = "/api/v1/notifications/read-all", tag = "notice",
    responses((status = 200, body = ReadAll)))]
pub async fn read_all(State(st): State<AppState>, me: Authed) -> WebResult<Json<ReadAll>> {
    let marked = st.store.scoped(&me.actor).notices().mark_all_read().await?;
    Ok(Json(ReadAll { marked }))
}

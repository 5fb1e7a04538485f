//! The reviewer's queue: the sheets of rounds under review with items the caller's
//! departments have still to score, as a page and over the API.

use crate::api::{page_request, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::pages::{page, parse_page, Layout, Me, Pager};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use touyan_storage::evaluation::QueueItem;

#[derive(Deserialize, Default)]
pub(crate) struct PageQ {
    page: Option<String>,
    per_page: Option<String>,
}

#[derive(Template)]
#[template(path = "evaluation/queue.html")]
struct QueuePage {
    l: Layout,
    rows: Vec<QueueItem>,
    pager: Pager,
}

pub(crate) async fn index(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<PageQ>,
) -> WebResult<Response> {
    let req = parse_page(&q.page, &q.per_page)?;
    let p = st
        .store
        .scoped(&me.actor)
        .evaluation()
        .review_queue(req)
        .await?;
    Ok(page(&QueuePage {
        l: Layout::new(&me.ctx, "evaluation", "evaluation.queue", "/rounds/review"),
        pager: Pager::new(req, p.total, &[]),
        rows: p.items,
    }))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    pub(crate) page: Option<i64>,
    pub(crate) per_page: Option<i64>,
}

/// The reviewer's queue: organizations of rounds under review with items that a department
/// the caller reviews for (`evaluation.review` over it; over the round's node for an item of
/// no department) has not scored yet, newest round first; only sheets the caller reads.
#[utoipa::path(get, path = "/api/v1/rounds/review", tag = "evaluation", params(QueueQuery),
    responses((status = 200, body = PageOf<QueueItem>), (status = 422, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> WebResult<Json<PageOf<QueueItem>>> {
    let page = page_request(q.page, q.per_page)?;
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.evaluation().review_queue(page).await?.into()))
}

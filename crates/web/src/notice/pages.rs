//! The notifications' pages: the list with the reminders of today first, marking one read
//! (and going on to its record) or all, and the bell's unread count for the page header.

use crate::area::{reminders, Reminder};
use crate::areas::AREAS;
use crate::error::WebResult;
use crate::pages::{page, parse_page, see_other, Layout, Me, Pager};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use touyan_storage::kit::today;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/notifications", get(index))
        .route("/notifications/badge", get(badge))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/{id}/read", post(read_one))
        .merge(super::feed::routes())
}

#[derive(Deserialize, Default)]
struct ListQ {
    page: Option<String>,
    per_page: Option<String>,
    ok: Option<String>,
}

/// One notification as the list shows it.
struct Row {
    id: i64,
    text: String,
    when: String,
    unread: bool,
}

#[derive(Template)]
#[template(path = "notice/list.html")]
struct ListPage {
    l: Layout,
    rows: Vec<Row>,
    pager: Pager,
    unread: u64,
    unread_text: String,
    reminders: Vec<Reminder>,
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let req = parse_page(&q.page, &q.per_page)?;
    let p = s.notices().list(req).await?;
    let unread = s.notices().unread().await?;
    let reminders = if p.page == 1 {
        reminders(AREAS, s, tr, today()).await?
    } else {
        vec![]
    };
    let rows = p
        .items
        .iter()
        .map(|n| Row {
            id: n.id,
            text: super::text(tr, n),
            when: crate::xlsx::fmt_ms(n.created_at),
            unread: n.read_at.is_none(),
        })
        .collect();
    Ok(page(&ListPage {
        l: Layout::new(
            &me.ctx,
            "notifications",
            "nav.notifications",
            "/notifications",
        )
        .with_flash(q.ok.as_deref()),
        rows,
        pager: Pager::new(req, p.total, &[]),
        unread_text: unread_text(tr, unread),
        unread,
        reminders,
    }))
}

#[derive(Template)]
#[template(path = "notice/badge.html")]
struct Badge {
    unread: u64,
    unread_text: String,
}

/// The bell's count, fetched by the page header once the page has loaded (one count of
/// the caller's unread rows; the reminders are worked out on the list only).
async fn badge(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    let unread = st.store.scoped(&me.actor).notices().unread().await?;
    let b = Badge {
        unread_text: unread_text(me.ctx.tr(), unread),
        unread,
    };
    Ok(Html(
        b.render()
            .map_err(|e| crate::error::WebError::Internal(format!("template: {e}")))?,
    )
    .into_response())
}

/// Marks one of the caller's notifications read; with `open` set, goes on to its record.
async fn read_one(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    RawForm(raw): RawForm,
) -> WebResult<Response> {
    let n = st.store.scoped(&me.actor).notices().mark_read(id).await?;
    let open = form_urlencoded::parse(&raw).any(|(k, v)| k == "open" && v == "1");
    Ok(if open {
        see_other(&n.link)
    } else {
        see_other("/notifications?ok=ok.notice_read")
    })
}

async fn read_all(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    st.store.scoped(&me.actor).notices().mark_all_read().await?;
    Ok(see_other("/notifications?ok=ok.notice_read_all"))
}

fn unread_text(tr: crate::i18n::Tr, n: u64) -> String {
    tr.tf("notice.unread_count", &[("n", &n.to_string())])
}

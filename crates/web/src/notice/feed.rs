//! The calendar feed: the caller's page to issue, re-issue and revoke its secret address,
//! and the address itself, `/calendar/{secret}.ics`, answered without a session (the secret
//! is the credential) with every area's dated items of the owner's scope from 90 days back.

use crate::area::{feed_items, FeedItem, FeedWhen};
use crate::areas::AREAS;
use crate::error::WebResult;
use crate::i18n::{Lang, Tr};
use crate::pages::{page, see_other, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::Duration;
use serde::Deserialize;
use touyan_domain::notice::ics::{render, Event, Feed, When};
use touyan_domain::notice::{FEED_DAYS_AHEAD, FEED_DAYS_BACK};
use touyan_storage::kit::today;
use touyan_storage::notice::FeedView;
use touyan_storage::StorageError;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/feed", get(show).post(issue))
        .route("/feed/revoke", post(revoke))
        .route("/calendar/{token}", get(calendar))
}

/// This site's address as the caller reached it.
fn origin(st: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    let scheme = if st.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

#[derive(Deserialize, Default)]
struct ShowQ {
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "notice/feed.html")]
struct FeedPage {
    l: Layout,
    live: Option<FeedView>,
    /// The address with its secret, shown once right after it was issued.
    address: Option<String>,
}

async fn show(State(st): State<AppState>, me: Me, Query(q): Query<ShowQ>) -> WebResult<Response> {
    let live = st.store.scoped(&me.actor).notices().feed().await?;
    Ok(page(&FeedPage {
        l: Layout::new(&me.ctx, "feed", "nav.feed", "/feed").with_flash(q.ok.as_deref()),
        live,
        address: None,
    }))
}

/// Issues a new address (the one before stops answering) and shows it this once.
async fn issue(State(st): State<AppState>, me: Me, headers: HeaderMap) -> WebResult<Response> {
    let (v, secret) = st.store.scoped(&me.actor).notices().issue_feed().await?;
    let address = format!("{}/calendar/{secret}.ics", origin(&st, &headers));
    Ok(page(&FeedPage {
        l: Layout::new(&me.ctx, "feed", "nav.feed", "/feed"),
        live: Some(v),
        address: Some(address),
    }))
}

async fn revoke(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    st.store.scoped(&me.actor).notices().revoke_feed().await?;
    Ok(see_other("/feed?ok=ok.notice_feed_revoked"))
}

/// An item of an area as an event of the feed.
fn event(item: FeedItem, origin: &str) -> Event {
    Event {
        uid: format!("{}@touyan", item.key),
        when: match item.when {
            FeedWhen::At(t, minutes) => When::Beijing(t, minutes),
            FeedWhen::Day(d) => When::Day(d),
        },
        summary: item.title,
        description: item.details,
        location: item.place,
        url: Some(format!("{origin}{}", item.href)),
    }
}

/// The feed at `/calendar/{secret}.ics`: 404 for an unknown or revoked secret, alike.
async fn calendar(
    State(st): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> WebResult<Response> {
    let secret = token.strip_suffix(".ics").ok_or(StorageError::NotFound)?;
    let actor = st
        .store
        .feed_caller(secret)
        .await?
        .ok_or(StorageError::NotFound)?;
    let tr = Tr::new(Lang::from_code(&actor.locale).unwrap_or(Lang::ZhCn));
    let s = st.store.scoped(&actor);
    let day = today();
    let from = day - Duration::days(FEED_DAYS_BACK);
    let to = day + Duration::days(FEED_DAYS_AHEAD);
    let origin = origin(&st, &headers);
    let items = feed_items(AREAS, s, tr, from, to).await?;
    let feed = Feed {
        name: tr.t("notice.feed_name").to_string(),
        stamp: chrono::Utc::now(),
        events: items.into_iter().map(|i| event(i, &origin)).collect(),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        render(&feed),
    )
        .into_response())
}

//! Notifications (通知) and the calendar feed (日历订阅): the bell in the page header with
//! the caller's unread count, the list of the caller's notifications with the reminders
//! every area derives for them (`crate::area::reminders`), marking read, and the secret
//! iCalendar address of the caller's scope's dated items (`crate::area::feed_items`).

pub(crate) mod api;
mod feed;
mod pages;

use crate::area::{groups, NavEntry, Shown, WebArea};

/// The area's entry in the list of areas (`crate::areas`).
pub(crate) const AREA: WebArea = WebArea {
    name: "notice",
    api: Some(api::routes),
    openapi: Some(api::doc),
    pages: pages::routes,
    nav: &[
        NavEntry {
            group: &groups::PERSONAL,
            href: "/notifications",
            label: "nav.notifications",
            section: "notifications",
            order: 101,
            shown: Shown::Always,
        },
        NavEntry {
            group: &groups::PERSONAL,
            href: "/feed",
            label: "nav.feed",
            section: "feed",
            order: 102,
            shown: Shown::Always,
        },
    ],
    // Every form is the caller's own: open to everyone signed in.
    form_writes: &[],
    locales: &[(
        include_str!("../../locales/notice.zh-CN.toml"),
        include_str!("../../locales/notice.en.toml"),
    )],
    jobs: &[],
    node_panels: &[],
    todos: None,
    home_charts: None,
    home_panels: None,
    reminders: None,
    feed_items: None,
};

/// A notification's text in the reader's language: its kind's translation with the
/// arguments filled in.
pub(crate) fn text(tr: crate::i18n::Tr, n: &touyan_storage::notice::NoticeView) -> String {
    let args: Vec<(&str, &str)> = n
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    tr.tf(&n.kind, &args)
}

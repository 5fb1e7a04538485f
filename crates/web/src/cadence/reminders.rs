//! What the cadence tells the caller beside the notifications and in the calendar feed:
//! obligations falling behind in their current period across the caller's scope ("3 个组织
//! 本月主题党日未按要求开展"), and the activities held in the caller's scope.

use super::io::{named, type_names};
use crate::area::{FeedAnswer, FeedItem, FeedWhen, Reminder, ReminderAnswer};
use crate::i18n::Tr;
use chrono::{NaiveDate, NaiveDateTime};
use touyan_domain::access::Permission;
use touyan_storage::cadence::ActivityFilter;
use touyan_storage::Scoped;

/// The most activities the feed carries.
const FEED_CAP: u64 = 2_000;
/// How long an activity is shown to last in a calendar: the records keep only its start.
const ACTIVITY_MINUTES: u32 = 90;

/// For those who record or set the cadence: each obligation some organizations of their
/// scope are behind on this period, linked to the compliance view.
pub(crate) fn behind(s: Scoped<'_>, tr: Tr, today: NaiveDate) -> ReminderAnswer<'_> {
    Box::pin(async move {
        let g = &s.actor().grants;
        let acts = [Permission::CadenceWrite, Permission::CadenceManage];
        if !acts.iter().any(|p| g.holds_anywhere(*p)) {
            return Ok(vec![]);
        }
        let lines = s.cadence().behind_counts(today).await?;
        if lines.is_empty() {
            return Ok(vec![]);
        }
        let names = type_names(s, tr).await?;
        Ok(lines
            .into_iter()
            .map(|b| {
                let ty = names
                    .get(&b.activity_type)
                    .cloned()
                    .unwrap_or(b.activity_type);
                let n = b.organizations.to_string();
                let period = tr.t(&format!("cadence.remind.{}", b.cycle));
                Reminder {
                    text: tr.tf(
                        "cadence.remind.behind",
                        &[("n", &n), ("period", period), ("type", &ty)],
                    ),
                    href: "/compliance".into(),
                    urgent: b.overdue > 0,
                }
            })
            .collect())
    })
}

/// The activities held in the caller's scope between two days, for the calendar feed.
pub(crate) fn activities(s: Scoped<'_>, tr: Tr, from: NaiveDate, to: NaiveDate) -> FeedAnswer<'_> {
    Box::pin(async move {
        if !s.actor().grants.holds_anywhere(Permission::CadenceRead) {
            return Ok(vec![]);
        }
        let f = ActivityFilter {
            from: Some(from),
            to: Some(to),
            ..Default::default()
        };
        let rows = s.cadence().all_activities(&f, FEED_CAP).await?;
        let names = type_names(s, tr).await?;
        Ok(rows
            .into_iter()
            .filter_map(|a| {
                let at = NaiveDateTime::parse_from_str(&a.held_at, "%Y-%m-%d %H:%M").ok()?;
                let types = named(&names, &a.types);
                Some(FeedItem {
                    key: format!("cadence-activity-{}", a.id),
                    when: FeedWhen::At(at, ACTIVITY_MINUTES),
                    title: format!("{types}：{}", a.topic),
                    details: Some(format!("{}\n{}", a.node_name, types)),
                    place: a.place,
                    href: format!("/activities/{}", a.id),
                })
            })
            .collect())
    })
}

//! What the work lists tell the caller beside the notifications and in the calendar feed:
//! the tasks waiting on the recipients the caller acts for that fall due within three days
//! ("2 项任务 3 天内到期") or are past due, and the due days of the tasks the caller reads.

use crate::area::{FeedAnswer, FeedItem, FeedWhen, Reminder, ReminderAnswer};
use crate::i18n::Tr;
use chrono::NaiveDate;
use touyan_domain::access::Permission;
use touyan_storage::Scoped;

/// How many days ahead a task counts as due soon.
const SOON_DAYS: i64 = 3;
/// The most tasks the feed carries.
const FEED_CAP: u64 = 2_000;

/// For the staff of recipient nodes: the tasks still to submit due within three days, and
/// those past due (urgent), each linked to the received list filtered alike.
pub(super) fn due_soon(s: Scoped<'_>, tr: Tr, _today: NaiveDate) -> ReminderAnswer<'_> {
    Box::pin(async move {
        let (soon, past) = s.tasks().due_soon(SOON_DAYS).await?;
        let mut out = vec![];
        if past > 0 {
            out.push(Reminder {
                text: tr.tf("task.due.overdue", &[("n", &past.to_string())]),
                href: "/tasks?mailbox=received&overdue=true".into(),
                urgent: true,
            });
        }
        if soon > 0 {
            out.push(Reminder {
                text: tr.tf("task.due.due_soon", &[("n", &soon.to_string())]),
                href: format!("/tasks?mailbox=received&due_within={SOON_DAYS}"),
                urgent: false,
            });
        }
        Ok(out)
    })
}

/// The due day of every task the caller reads between two days, as a whole-day item.
pub(super) fn due_dates(s: Scoped<'_>, tr: Tr, from: NaiveDate, to: NaiveDate) -> FeedAnswer<'_> {
    Box::pin(async move {
        if !s.actor().grants.holds_anywhere(Permission::TaskRead) {
            return Ok(vec![]);
        }
        let rows = s.tasks().due_between(from, to, FEED_CAP).await?;
        Ok(rows
            .into_iter()
            .filter_map(|t| {
                let day = NaiveDate::parse_from_str(t.due_at.get(..10)?, "%Y-%m-%d").ok()?;
                Some(FeedItem {
                    key: format!("task-due-{}", t.id),
                    when: FeedWhen::Day(day),
                    title: tr.tf("task.due.feed_due", &[("title", &t.title)]),
                    details: Some(format!("{}\n{}", t.node_name, t.due_at)),
                    place: None,
                    href: format!("/tasks/{}", t.id),
                })
            })
            .collect())
    })
}

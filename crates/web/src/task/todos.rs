//! What waits on a recipient's staff, for the workbench: the tasks issued to their nodes not
//! yet submitted (or returned), and how many of them are past due.

use crate::area::{Todo, TodoAnswer};
use crate::i18n::Tr;
use touyan_storage::Scoped;

/// The area's `todos`.
pub(super) fn open(s: Scoped<'_>, tr: Tr) -> TodoAnswer<'_> {
    Box::pin(async move {
        let (total, overdue) = s.tasks().waiting().await?;
        if total == 0 {
            return Ok(vec![]);
        }
        Ok(vec![Todo {
            label: tr.t("todo.task.open").to_string(),
            total,
            href: "/tasks?mailbox=received".into(),
            overdue,
            overdue_href: "/tasks?mailbox=received&overdue=true".into(),
            carded: 0,
            carded_href: "/tasks?mailbox=received".into(),
        }])
    })
}

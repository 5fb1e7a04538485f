//! The requests waiting on the caller, for the workbench: one to-do per step the caller takes
//! somewhere, each linked to the request list filtered by that step.

use crate::area::{Todo, TodoAnswer};
use crate::i18n::Tr;
use touyan_storage::Scoped;

/// The area's `todos`.
pub(super) fn requests(s: Scoped<'_>, tr: Tr) -> TodoAnswer<'_> {
    Box::pin(async move {
        let counts = s.requests().waiting().await?;
        Ok(counts
            .into_iter()
            .map(|c| {
                let href = format!("/requests?waiting={}", c.step);
                Todo {
                    label: tr.t(&format!("todo.rq.{}", c.step)).to_string(),
                    total: c.total,
                    overdue: c.overdue,
                    overdue_href: format!("{href}&overdue=true"),
                    carded: c.carded,
                    carded_href: format!("{href}&card=yellow"),
                    href,
                }
            })
            .collect())
    })
}

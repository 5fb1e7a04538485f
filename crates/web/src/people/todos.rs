//! Pipeline steps falling due, for the workbench: one to-do per step, linked to the people
//! list filtered by it.

use crate::area::{Todo, TodoAnswer};
use crate::i18n::Tr;
use touyan_storage::Scoped;

/// The area's `todos`.
pub(super) fn pipeline(s: Scoped<'_>, tr: Tr) -> TodoAnswer<'_> {
    Box::pin(async move {
        let counts = s.people().due().await?;
        Ok(counts
            .into_iter()
            .map(|c| Todo {
                label: tr.t(&format!("todo.pp.{}", c.due)).to_string(),
                total: c.total,
                href: format!("/people?due={}", c.due),
                overdue: 0,
                overdue_href: String::new(),
                carded: 0,
                carded_href: String::new(),
            })
            .collect())
    })
}

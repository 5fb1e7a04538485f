//! What waits on a studio's keepers, for the workbench: per studio the caller keeps, the
//! questions no one has answered yet, each linked to the studio's open questions.

use crate::area::{Todo, TodoAnswer};
use crate::i18n::Tr;
use touyan_storage::studio::activity::open_questions;
use touyan_storage::Scoped;

/// At most this many studios' to-dos, those with the most open questions first.
const STUDIOS: u64 = 5;

/// The area's `todos`.
pub(super) fn questions(s: Scoped<'_>, tr: Tr) -> TodoAnswer<'_> {
    Box::pin(async move {
        let open = open_questions(s, STUDIOS).await?;
        Ok(open
            .into_iter()
            .map(|o| {
                let href = format!("/studios/{}/questions?answered=false", o.studio_id);
                Todo {
                    label: format!("{} · {}", o.studio_name, tr.t("todo.st.questions")),
                    total: o.open,
                    overdue: 0,
                    overdue_href: href.clone(),
                    carded: 0,
                    carded_href: href.clone(),
                    href,
                }
            })
            .collect())
    })
}

//! The star panel of the organization's page: its current final star.

use super::pages::stars;
use crate::area::PanelAnswer;
use crate::error::WebError;
use crate::i18n::Tr;
use askama::Template;
use touyan_storage::rating::RatingView;
use touyan_storage::{Scoped, StorageError};

/// What the organization page's star panel shows.
#[derive(Template)]
#[template(path = "rating/panel.html")]
struct StarPanel {
    tr: Tr,
    node_id: i64,
    current: Option<RatingView>,
    stars: String,
}

/// The organization's current final star, when the caller reads ratings there.
pub(crate) fn star_panel(s: Scoped<'_>, tr: Tr, id: i64) -> PanelAnswer<'_> {
    Box::pin(async move {
        let current = match s.ratings().current_star(id).await {
            Ok(c) => c,
            Err(StorageError::NotFound) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let panel = StarPanel {
            tr,
            node_id: id,
            stars: current
                .as_ref()
                .map(|c| stars(tr, &c.star))
                .unwrap_or_default(),
            current,
        };
        let html = panel
            .render()
            .map_err(|e| WebError::Internal(format!("template: {e}")))?;
        Ok(Some(html))
    })
}

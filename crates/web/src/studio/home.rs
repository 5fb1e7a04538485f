//! The studio area's charts on the workbench: studios of the caller's scope by kind and by
//! level, and their achievements by year — the same counts as the studio and achievement
//! lists' filters.

use super::charts::{achievement_charts, studio_charts};
use crate::area::ChartAnswer;
use crate::i18n::Tr;
use touyan_domain::access::Permission;
use touyan_storage::Scoped;

/// The area's `home_charts`.
pub(super) fn charts(s: Scoped<'_>, tr: Tr) -> ChartAnswer<'_> {
    Box::pin(async move {
        if s.actor().grants.scopes(Permission::StudioRead).is_empty() {
            return Ok(vec![]);
        }
        let counts = s.studios().counts(None).await?;
        if counts.studios == 0 {
            return Ok(vec![]);
        }
        let names = super::io::kind_names(s, tr).await?;
        let studios = studio_charts(tr, &names, &counts);
        let ach = s.studio_achievements().counts(None, None).await?;
        let achievements = achievement_charts(tr, &ach);
        Ok(vec![studios.kind, studios.level, achievements.year])
    })
}

/// One of the caller's own studios on the workbench: its state and each mechanism's figures.
struct Mine {
    studio: touyan_storage::studio::StudioView,
    state: &'static str,
    summary: Vec<(&'static str, String, String)>,
}

#[derive(askama::Template)]
#[template(path = "studio/home_mine.html")]
struct MinePanel<'a> {
    tr: Tr,
    items: &'a [Mine],
}

/// At most this many of the caller's studios are shown in full on the workbench.
const MINE: usize = 3;

/// The area's `home_panels`: a studio leader's (or member's) workbench opens on the studios
/// the account's person leads or belongs to.
pub(super) fn mine(s: Scoped<'_>, tr: Tr) -> crate::area::HomePanelAnswer<'_> {
    Box::pin(async move {
        if s.actor().grants.scopes(Permission::StudioRead).is_empty() {
            return Ok(vec![]);
        }
        let studios = match s.studios().mine().await {
            Ok(v) => v,
            Err(touyan_storage::StorageError::NotFound) => vec![],
            Err(e) => return Err(e.into()),
        };
        let mut items = Vec::new();
        for studio in studios.into_iter().take(MINE) {
            let summary = super::pages::studio::mechanisms(s, tr, studio.id).await?;
            let state = tr.t(&format!("studio.state.{}", studio.state));
            items.push(Mine {
                studio,
                state,
                summary,
            });
        }
        if items.is_empty() {
            return Ok(vec![]);
        }
        let html = askama::Template::render(&MinePanel { tr, items: &items })
            .map_err(|e| crate::error::WebError::Internal(e.to_string()))?;
        Ok(vec![html])
    })
}

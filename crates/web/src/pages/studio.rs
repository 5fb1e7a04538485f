//! Studio pages: the list, each studio's page with a tab per mechanism, "my studio",
//! alliances, and the public showcase at `/s/{slug}`.

use crate::error::WebResult;
use crate::i18n::{Lang, Tr};
use crate::AppState;
use axum::Router;
use touyan_storage::studio::StudioView;
use touyan_storage::Scoped;

pub fn routes() -> Router<AppState> {
    Router::new()
}

/// One tab of a studio's page.
pub struct Tab {
    pub href: String,
    pub label: &'static str,
    pub active: bool,
}

/// The tabs of a studio's page, in the order of the seven mechanisms [000]: code, path under
/// `/studios/{id}`, label key.
const TABS: [(&str, &str, &str); 8] = [
    ("overview", "", "studio.tab.overview"),
    ("training", "/training", "studio.tab.training"),
    ("mentorships", "/mentorships", "studio.tab.mentorships"),
    ("questions", "/questions", "studio.tab.questions"),
    ("projects", "/projects", "studio.tab.projects"),
    ("achievements", "/achievements", "studio.tab.achievements"),
    ("evaluations", "/evaluations", "studio.tab.evaluations"),
    ("support", "/support", "studio.tab.support"),
];

/// What every tab of a studio's page shows above its own content (`studio_head.html`).
pub struct StudioHead {
    pub id: i64,
    pub name: String,
    pub state: String,
    pub state_label: &'static str,
    pub kind_label: String,
    pub level_label: &'static str,
    pub demonstration: bool,
    pub demonstration_label: &'static str,
    pub leader_label: &'static str,
    pub leader_name: Option<String>,
    pub node_name: String,
    pub list_label: &'static str,
    pub closed_label: &'static str,
    pub tabs: Vec<Tab>,
    /// The caller may change the studio's records (`studio.write`).
    pub can_write: bool,
    /// The studio takes new records (not delisted) and the caller may write: show add forms.
    pub open: bool,
    /// The caller makes lifecycle decisions and records evaluations (`studio.manage`).
    pub can_manage: bool,
    pub studio: StudioView,
}

/// A studio kind's name in the page's language.
pub(crate) async fn kind_label(s: Scoped<'_>, tr: Tr, code: &str) -> WebResult<String> {
    Ok(s.dict()
        .entries("studio_kind")
        .await?
        .into_iter()
        .find(|e| e.code == code)
        .map(|e| {
            if tr.lang == Lang::En {
                e.name_en
            } else {
                e.name
            }
        })
        .unwrap_or_else(|| code.to_string()))
}

impl StudioHead {
    /// The studio `id` as the caller sees it (404 outside its scope), with `tab` active.
    pub async fn load(s: Scoped<'_>, tr: Tr, id: i64, tab: &str) -> WebResult<StudioHead> {
        let repo = s.studios();
        let v = repo.get(id).await?;
        let (can_write, open) = repo.can_write(id).await?;
        let can_manage = repo.can_manage(id).await?;
        let tabs = TABS
            .iter()
            .map(|(code, path, key)| Tab {
                href: format!("/studios/{id}{path}"),
                label: tr.t(key),
                active: *code == tab,
            })
            .collect();
        Ok(StudioHead {
            id,
            name: v.name.clone(),
            state: v.state.clone(),
            state_label: tr.t(&format!("studio.state.{}", v.state)),
            kind_label: kind_label(s, tr, &v.kind).await?,
            level_label: tr.t(&format!("studio.level.{}", v.level)),
            demonstration: v.demonstration,
            demonstration_label: tr.t("studio.demonstration"),
            leader_label: tr.t("studio.leader"),
            leader_name: v.leader_name.clone(),
            node_name: v.node_name.clone(),
            list_label: tr.t("studio.title.list"),
            closed_label: tr.t("studio.closed"),
            tabs,
            can_write,
            open,
            can_manage,
            studio: v,
        })
    }
}

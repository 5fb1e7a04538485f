//! Studio pages: the list, each studio's page with a tab per mechanism, "my studio",
//! alliances, file downloads, and the public showcase at `/s/{slug}`.

use crate::ctx::Ctx;
use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::pages::{
    form_failure, opt_id, page, parse_page, parse_sort, render, see_other, Errors, Layout, Me,
    Pager, SortHeads,
};
use crate::pages::{label_opts, Opt};
use crate::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::studio::{
    next_states, MoveInput, State as StudioState, StudioInput, LEVELS, MEMBER_ROLES,
};
use touyan_storage::kit::today;
use touyan_storage::people::PersonFilter;
use touyan_storage::studio::{
    AllianceMemberView, AllianceView, FileView, MemberView, MoveView, PublicStudio, SharedItem,
    StudioCounts, StudioFilter, StudioNew, StudioView,
};
use touyan_storage::{Scoped, StorageError};

mod alliances;
mod files;
mod form;
mod list;
mod members;
mod page;
mod public;

use alliances::*;
use files::*;
use form::*;
use list::*;
use members::*;
pub(crate) use page::mechanisms;
use page::*;
use public::*;

pub fn routes() -> crate::routes::Routes {
    let upload = DefaultBodyLimit::max(crate::upload_guard::UPLOAD_LIMIT);
    crate::routes::Routes::new()
        .route("/studios", get(index).post(create))
        .route("/studios/new", get(new_form))
        .route("/studios/files/{fid}", get(download))
        .route("/studios/{id}", get(show).post(update))
        .route("/studios/{id}/move", post(transition))
        .route("/studios/{id}/delete", post(delete))
        .route("/studios/{id}/members", post(add_member))
        .route("/studios/{id}/members/{mid}/leave", post(member_leaves))
        .route("/studios/{id}/members/{mid}/remove", post(remove_member))
        .route("/studios/{id}/photos", post(upload_photo).layer(upload))
        .route("/studios/{id}/photos/{fid}/cover", post(set_cover))
        .route("/studios/{id}/files/{fid}/delete", post(delete_file))
        .route("/my-studio", get(mine))
        .route("/alliances", get(alliances).post(create_alliance))
        .route("/alliances/{id}", get(alliance))
        .route("/alliances/{id}/join", post(join_alliance))
        .route("/alliances/{id}/leave/{sid}", post(leave_alliance))
        .route("/s/{slug}", get(public_page))
        .route("/s/{slug}/photo", get(public_photo))
}

// ---------------------------------------------------------------------------------------
// The head every tab of a studio's page shares.

/// One tab of a studio's page.
pub struct Tab {
    pub href: String,
    pub label: &'static str,
    pub active: bool,
}

/// The tabs of a studio's page, in the order of the seven mechanisms [000]: code, path under
/// `/studios/{id}`, label key.
const TABS: [(&str, &str, &str); 9] = [
    ("overview", "", "studio.tab.overview"),
    ("training", "/training", "studio.tab.training"),
    ("mentorships", "/mentorships", "studio.tab.mentorships"),
    ("questions", "/questions", "studio.tab.questions"),
    ("projects", "/projects", "studio.tab.projects"),
    ("achievements", "/achievements", "studio.tab.achievements"),
    ("evaluations", "/evaluations", "studio.tab.evaluations"),
    ("rounds", "/rounds", "stround.tab"),
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
    Ok(crate::studio::io::kind_names(s, tr)
        .await?
        .remove(code)
        .unwrap_or_else(|| code.to_string()))
}

impl StudioHead {
    /// The studio `id` as the caller sees it (404 outside its scope), with `tab` active.
    pub async fn load(s: Scoped<'_>, tr: Tr, id: i64, tab: &str) -> WebResult<StudioHead> {
        let repo = s.studios();
        let (v, rights) = repo.get_with_rights(id).await?;
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
            can_write: rights.write,
            open: rights.open,
            can_manage: rights.manage,
            studio: v,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Shared bits.

async fn kind_opts(s: Scoped<'_>, tr: Tr) -> WebResult<Vec<Opt>> {
    Ok(s.dict()
        .entries("studio_kind")
        .await?
        .into_iter()
        .map(|e| Opt {
            label: if tr.lang == Lang::En {
                e.name_en
            } else {
                e.name
            },
            code: e.code,
        })
        .collect())
}

fn layout(me: &Me, section: &str, title_key: &str, path: &str, flash: Option<&str>) -> Layout {
    let mut l = Layout::new(&me.ctx, section, title_key, path);
    l.flash = flash
        .filter(|k| k.starts_with("ok."))
        .map(|k| l.tr.t(k).to_string());
    l
}

fn blank(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// The `file` part of a page's multipart form (the CSRF part was checked on the way in).
pub(crate) async fn form_file(m: &mut Multipart) -> WebResult<Option<(String, Vec<u8>)>> {
    while let Some(field) = m
        .next_field()
        .await
        .map_err(|_| WebError::BadRequest("err.body_too_large"))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("").to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|_| WebError::BadRequest("err.body_too_large"))?;
            if name.is_empty() && bytes.is_empty() {
                return Ok(None);
            }
            return Ok(Some((name, bytes.to_vec())));
        }
    }
    Ok(None)
}

//! Studio achievement pages: the achievements tab of a studio's page (the list with evidence,
//! adding with contributors and files, editing, deleting), the list across the caller's scope
//! with counts by kind and year, and the spreadsheet import.

use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::import_answer::{CellError, Imported};
use crate::pages::{
    form_errors, form_failure, opt_id, page, parse_page, parse_sort, render, see_other, Errors,
    Layout, Me, Pager, SortHeads,
};
use crate::pages::{label_opts, Opt};
use crate::studio::achievement_io;
use crate::studio::pages::studio::StudioHead;
use crate::upload_guard::IMPORT_LIMIT;
use crate::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::paging::PageRequest;
use touyan_domain::studio::achievement::{AchievementInput, Kind, LEVELS, SUGGESTED_RANKS};
use touyan_domain::FieldErrors;
use touyan_storage::kit::files::Upload;
use touyan_storage::kit::today;
use touyan_storage::studio::achievement::{AchievementCounts, AchievementFilter, AchievementView};
use touyan_storage::studio::StudioFilter;
use touyan_storage::StorageError;

mod edit;
mod form;
mod import;
mod index;
mod tab;

use edit::*;
use form::*;
use import::*;
use index::*;
use tab::*;

pub fn routes() -> crate::routes::Routes {
    let upload = || DefaultBodyLimit::max(IMPORT_LIMIT);
    crate::routes::Routes::new()
        .route(
            "/studios/{id}/achievements",
            get(tab).post(create).layer(upload()),
        )
        .route(
            "/studios/{id}/achievements/{aid}",
            get(edit_form).post(update).layer(upload()),
        )
        .route("/studios/{id}/achievements/{aid}/delete", post(delete))
        .route(
            "/studios/{id}/achievements/{aid}/evidence/{fid}/delete",
            post(delete_evidence),
        )
        .route("/achievements", get(index))
        .route(
            "/achievements/import",
            get(import_page).post(import_upload).layer(upload()),
        )
        .route("/achievements/import/report/{token}", get(import_report))
}

/// A page frame whose flash may be one of this module's `ach.ok.*` notices; the pages of
/// every studio's achievements are under their menu entry, a studio's under the studios'.
fn layout(me: &Me, title_key: &str, path: &str, flash: Option<&str>) -> Layout {
    let section = match path.starts_with("/achievements") {
        true => "achievements",
        false => "studios",
    };
    let mut l = Layout::new(&me.ctx, section, title_key, path);
    l.flash = flash
        .filter(|k| k.starts_with("ach.ok.") || k.starts_with("ok."))
        .map(|k| l.tr.t(k).to_string());
    l
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn blank(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

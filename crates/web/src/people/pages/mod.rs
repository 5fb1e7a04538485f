//! People and party members: the list, a person's page (details, pipeline, posts, honours,
//! the growth ledger), the spreadsheet imports, development quotas and honours.

use crate::area::PanelAnswer;
use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::import_answer::{CellError, Imported};
use crate::pages::{
    form_errors, form_failure, opt_id, page, parse_page, parse_sort, render, see_other, Errors,
    Layout, Me, Pager, SortHeads,
};
use crate::pages::{label_opts, Opt};
use crate::people::io::{self as people_io, Ledger};
use crate::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::fields::{parse_date, parse_note};
use touyan_domain::paging::PageRequest;
use touyan_domain::people::{
    parse_honour, parse_term, PersonInput, Status, Step, EDUCATION, ETHNICITIES, HONOUR_LEVELS,
};
use touyan_domain::{DomainError, FieldErrors};
use touyan_storage::kit::today;
use touyan_storage::people::{
    HonourFilter, HonourView, PersonFilter, PersonView, PostFilter, PostView, QuotaFilter,
    QuotaView, TitleCount,
};
use touyan_storage::{Scoped, StorageError};

mod actions;
mod form;
mod honours;
mod import;
mod list;
mod person;
mod quotas;

use actions::*;
use form::*;
use honours::*;
use import::*;
use list::*;
use person::*;
use quotas::*;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/people", get(index).post(create))
        .route("/people/new", get(new_form))
        .route("/people/pick", get(super::picker::pick))
        .route("/people/import", get(import_page))
        .route(
            "/people/import/{slug}",
            post(import_upload).layer(DefaultBodyLimit::max(48 * 1024 * 1024)),
        )
        .route("/people/import/report/{token}", get(import_report))
        .route("/people/{id}", get(show).post(update))
        .route("/people/{id}/transition", post(transition))
        .route("/people/{id}/posts", post(add_post))
        .route("/people/{id}/honours", post(add_honour))
        .route("/people/{id}/notes", post(add_note))
        .route("/people/{id}/delete", post(delete))
        .route("/posts/{id}/end", post(end_post))
        .route("/posts/{id}/delete", post(delete_post))
        .route("/honours", get(honours))
        .route("/honours/{id}/delete", post(delete_honour))
        .route("/quotas", get(quotas).post(allocate))
}

/// Up to this many of a person's posts and honours are shown on their page.
const ALL: PageRequest = PageRequest {
    page: 1,
    per_page: 200,
};

fn status_opts(tr: Tr) -> Vec<Opt> {
    let codes: Vec<&str> = Status::ALL.iter().map(|s| s.code()).collect();
    label_opts(tr, "pstatus", &codes)
}

fn ethnicity_opts() -> Vec<Opt> {
    ETHNICITIES
        .iter()
        .map(|e| Opt {
            code: e.to_string(),
            label: e.to_string(),
        })
        .collect()
}

/// The posts of the dictionary, named in the page's language.
async fn post_opts(s: Scoped<'_>, tr: Tr) -> WebResult<Vec<Opt>> {
    Ok(s.dict()
        .entries("post")
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

/// A page frame whose flash may be one of this module's `pok.*` notices.
fn layout(me: &Me, section: &str, title_key: &str, path: &str, flash: Option<&str>) -> Layout {
    let mut l = Layout::new(&me.ctx, section, title_key, path);
    l.flash = flash
        .filter(|k| k.starts_with("pok.") || k.starts_with("ok."))
        .map(|k| l.tr.t(k).to_string());
    l
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn required_date(field: &str, v: &Option<String>) -> WebResult<NaiveDate> {
    parse_date(field, v.as_deref().unwrap_or(""))?
        .ok_or_else(|| StorageError::field(field, "err.required").into())
}

fn i32_of(field: &str, key: &str, v: Option<i64>) -> WebResult<Option<i32>> {
    v.map(|n| i32::try_from(n).map_err(|_| StorageError::field(field, key).into()))
        .transpose()
}

fn label(l: &Layout, prefix: &str, code: &str) -> &'static str {
    l.t(&format!("{prefix}.{code}"))
}

/// `path` with the list's filters as its query.
fn with_query(path: &str, pager: &Pager) -> String {
    match pager.base.trim_end_matches('&') {
        "" => path.to_string(),
        q => format!("{path}?{q}"),
    }
}

fn day(v: &Option<NaiveDate>) -> String {
    v.map(|d| d.to_string()).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// The organization page's panel.

/// What the organization page's "人员统计" panel shows, labelled.
#[derive(Template)]
#[template(path = "people/counts_panel.html")]
pub struct CountsPanel {
    tr: Tr,
    node_id: i64,
    title: String,
    people: u64,
    members: u64,
    workers_full: u64,
    workers_part: u64,
    applicants: u64,
    quota_received: Option<i64>,
    quota_used: u64,
    by_status: Vec<(&'static str, u64)>,
    honours: Vec<TitleCount>,
}

/// The panel for node `id` when the caller may read the people there (the area's
/// `node_panels`).
pub(crate) fn counts_panel(s: Scoped<'_>, tr: Tr, id: i64) -> PanelAnswer<'_> {
    Box::pin(async move {
        let year = today().year();
        // Storage decides: a node whose people the caller may not read answers NotFound.
        let c = match s.people().counts(Some(id), year).await {
            Ok(c) => c,
            Err(StorageError::NotFound) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let panel = CountsPanel {
            tr,
            node_id: id,
            title: tr.tf("ppanel.title", &[("year", &year.to_string())]),
            people: c.people,
            members: c.members,
            workers_full: c.party_workers_full,
            workers_part: c.party_workers_part,
            applicants: c.applicants_this_year,
            quota_received: c.quota_received,
            quota_used: c.quota_used,
            by_status: Status::ALL
                .iter()
                .map(|st| {
                    (
                        tr.t(&format!("pstatus.{}", st.code())),
                        c.by_status.get(st.code()).copied().unwrap_or(0),
                    )
                })
                .collect(),
            honours: c.honours,
        };
        let html = panel
            .render()
            .map_err(|e| WebError::Internal(format!("template: {e}")))?;
        Ok(Some(html))
    })
}

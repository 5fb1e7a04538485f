//! Service-request pages for staff: the list with its filters, staff intake, a request's page
//! with its timeline and one small form per action the caller may take, attachments, the
//! supervision list (督办) and the category dictionary.

use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::pages::{
    form_failure, page, parse_page, render, see_other, Errors, Layout, Me, Pager, SortHeads,
};
use crate::pages::{label_opts, Opt};
use crate::request::api::request::{
    category_names, take_in, RequestQuery, SupervisionQuery, STAFF_CHANNELS,
};
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
use touyan_domain::request::intake::{display_tracking_code, RequestInput, Urgency};
use touyan_domain::request::workflow::{ActionInput, PolicyInput, Rating, ACTIONS, STATES};
use touyan_storage::kit::files::Upload;
use touyan_storage::request::cards::SupervisionItem;
use touyan_storage::request::category::{CategoryInput, CategoryPatch, CategoryView};
use touyan_storage::request::{EventView, HandlingUnit, RequestDetail, RequestView};
use touyan_storage::{Scoped, StorageError};

mod actions;
mod categories;
mod detail;
mod list;
mod new;
mod supervision;

use actions::*;
use categories::*;
use detail::*;
use list::*;
use new::*;
use supervision::*;

pub fn routes() -> crate::routes::Routes {
    let upload = DefaultBodyLimit::max(crate::upload_guard::UPLOAD_LIMIT);
    crate::routes::Routes::new()
        .route("/requests", get(index).post(create))
        .route("/requests/new", get(new_form))
        .route("/requests/files/{fid}", get(download))
        .route("/requests/{id}", get(show))
        .route("/requests/{id}/act", post(act))
        .route("/requests/{id}/reply", post(reply).layer(upload))
        .route("/requests/{id}/files", post(upload_file).layer(upload))
        .route("/supervision", get(supervision))
        .route("/request-categories", get(categories).post(create_category))
        .route("/request-categories/{code}", post(update_category))
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// A page frame whose flash may be one of the `ok.*` notices.
fn layout(me: &Me, section: &str, title_key: &str, path: &str, flash: Option<&str>) -> Layout {
    Layout::new(&me.ctx, section, title_key, path).with_flash(flash)
}

/// What the templates of this module share: labels by prefix and code, categories by code.
pub struct Labels {
    tr: Tr,
    cats: HashMap<String, String>,
}

impl Labels {
    async fn load(s: Scoped<'_>, tr: Tr) -> WebResult<Labels> {
        Ok(Labels {
            tr,
            cats: category_names(s, tr).await?,
        })
    }

    pub fn of(&self, prefix: &str, code: &str) -> &'static str {
        self.tr.t(&format!("{prefix}.{code}"))
    }

    pub fn cat<'a>(&'a self, code: &'a str) -> &'a str {
        self.cats.get(code).map(String::as_str).unwrap_or(code)
    }

    pub fn code(&self, code: &str) -> String {
        display_tracking_code(code)
    }

    /// Working minutes as hours and minutes.
    pub fn overdue(&self, minutes: &i64) -> String {
        let h = (minutes / 60).to_string();
        let m = (minutes % 60).to_string();
        self.tr.tf("rq.overdue_for", &[("h", &h), ("m", &m)])
    }
}

fn category_opts(cats: &[CategoryView], lang: Lang, active_only: bool) -> Vec<Opt> {
    cats.iter()
        .filter(|c| c.active || !active_only)
        .map(|c| Opt {
            code: c.code.clone(),
            label: if lang == Lang::En {
                c.name_en.clone()
            } else {
                c.name_zh.clone()
            },
        })
        .collect()
}

#[derive(Deserialize, Default)]
struct OkQ {
    ok: Option<String>,
}

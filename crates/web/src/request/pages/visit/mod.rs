//! Visits (走访): the list, the form with its list of problems (a row more at a click, or
//! by submitting without script), a visit with the requests it raised; and the page that
//! takes the 12345 hotline's batch files.

use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::import_answer::{CellError, Imported};
use crate::pages::Opt;
use crate::pages::{
    form_errors, opt_id, page, parse_page, render, see_other, Errors, Layout, Me, Pager,
};
use crate::request::io as request_io;
use crate::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Form;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use touyan_domain::access::Permission;
use touyan_domain::fields::parse_date;
use touyan_domain::request::intake::Urgency;
use touyan_domain::request::workflow::State as RequestState;
use touyan_storage::people::PersonFilter;
use touyan_storage::request::visit::{
    ProblemInput, VisitDetail, VisitFilter, VisitInput, VisitView, MAX_PROBLEMS,
};
use touyan_storage::{Scoped, StorageError};

mod create;
mod form;
mod import;
mod list;
mod show;

use create::*;
use form::*;
use import::*;
use list::*;
use show::*;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/visits", get(index).post(create))
        .route("/visits/new", get(new_form))
        .route("/visits/new/problem", get(problem_row))
        .route("/visits/{id}", get(show))
        .route(
            "/requests/import",
            get(import_page)
                .post(import_upload)
                .layer(DefaultBodyLimit::max(crate::upload_guard::IMPORT_LIMIT)),
        )
        .route("/requests/import/report/{token}", get(import_report))
}

/// Blank problem rows a new form starts with.
const FIRST_ROWS: usize = 2;

/// The post of the ledger whose holders visit enterprises (DESIGN module 1).
const INSTRUCTOR_POST: &str = "instructor";

/// Most people the visitor choice lists.
const VISITOR_CHOICES: u64 = 500;

/// A page frame whose flash may be one of this module's notices; the import's pages are
/// under their own menu entry, the others under the visits'.
fn layout(me: &Me, title_key: &str, path: &str, flash: Option<&str>) -> Layout {
    let section = match path.starts_with("/requests/import") {
        true => "request_import",
        false => "visits",
    };
    let mut l = Layout::new(&me.ctx, section, title_key, path);
    l.flash = flash
        .filter(|k| k.starts_with("rvisit.ok_") || k.starts_with("ok."))
        .map(|k| l.tr.t(k).to_string());
    l
}

fn text(v: &Option<String>) -> String {
    v.as_deref().map(str::trim).unwrap_or_default().to_string()
}

fn blank(v: &Option<String>) -> Option<String> {
    Some(text(v)).filter(|s| !s.is_empty())
}

/// Category names by code, in the page's language, in their order.
async fn category_opts(s: Scoped<'_>, tr: Tr) -> WebResult<Vec<Opt>> {
    Ok(s.visits()
        .categories()
        .await?
        .into_iter()
        .map(|c| Opt {
            label: if tr.lang == Lang::En {
                c.name_en
            } else {
                c.name_zh
            },
            code: c.code,
        })
        .collect())
}

fn urgency_opts(tr: Tr) -> Vec<Opt> {
    Urgency::ALL
        .iter()
        .map(|u| Opt {
            code: u.code().to_string(),
            label: tr.t(&format!("rvisit.urgency.{}", u.code())).to_string(),
        })
        .collect()
}

/// The state of a request in the page's language.
fn state_label(tr: Tr, code: &str) -> String {
    match RequestState::from_code(code) {
        Some(s) if tr.lang == Lang::En => s.def().en.to_string(),
        Some(s) => s.def().zh.to_string(),
        None => code.to_string(),
    }
}

/// 404 unless the caller reads requests somewhere.
fn require_read(me: &Me) -> WebResult<()> {
    if me.actor.grants.scopes(Permission::RequestRead).is_empty() {
        Err(StorageError::NotFound.into())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn problem_rows_are_read_by_position() {
        let (vals, rows, add) = read_form(vec![
            p("_csrf", "x"),
            p("node_id", "7"),
            p("p_category", "enterprise"),
            p("p_description", "用工难"),
            p("p_urgency", "normal"),
            p("p_category", "municipal"),
            p("p_description", "路灯坏了"),
            p("p_urgency", "urgent"),
            p("household", ""),
        ]);
        assert!(!add);
        assert_eq!(vals.get("node_id").map(String::as_str), Some("7"));
        assert!(!vals.contains_key("_csrf"));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].category, "municipal");
        assert_eq!(rows[1].description, "路灯坏了");
        assert_eq!(rows[1].urgency, "urgent");
        let (_, rows, add) = read_form(vec![p("add_row", "1"), p("p_category", "")]);
        assert!(add);
        assert!(problem_input(&rows[0]).is_blank());
    }
}

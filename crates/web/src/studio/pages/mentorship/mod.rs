//! The mentorship (名师帮带) and training (学习培训) tabs of a studio's page: the list of
//! mentorships with a form for a new pair or group, each mentorship's page (sessions,
//! outcomes, the closing evaluation), and the training sessions with their materials.

use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::pages::Opt;
use crate::pages::{form_failure, parse_page, render, see_other, Errors, Layout, Me, Pager};
use crate::studio::pages::studio::StudioHead;
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use touyan_domain::files::MAX_FILE_BYTES;
use touyan_domain::studio::mentorship::{
    ApprenticeInput, CloseInput, MentorshipInput, OutcomeInput, SessionInput, TrainingInput,
    GRADES, OUTCOME_KINDS, SHAPES, TIERS,
};
use touyan_storage::kit::files::Upload;
use touyan_storage::kit::today;
use touyan_storage::studio::mentorship::{
    MentorshipCounts, MentorshipFilter, MentorshipPatch, MentorshipView, TrainingView,
};
use touyan_storage::{Scoped, StorageError};

mod detail;
/// A new training session may carry several materials at once.
mod list;
mod training;
mod writes;

use detail::*;
use list::*;
use training::*;
use writes::*;

const TRAINING_FORM_LIMIT: usize = crate::upload_guard::IMPORT_LIMIT;
/// One material, plus room for the form's other parts.
const MATERIAL_FORM_LIMIT: usize = MAX_FILE_BYTES + 64 * 1024;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route(
            "/studios/{id}/mentorships",
            get(list_page).post(create_mentorship),
        )
        .route(
            "/studios/{id}/mentorships/{mid}",
            get(detail_page).post(update_mentorship),
        )
        .route(
            "/studios/{id}/mentorships/{mid}/delete",
            post(delete_mentorship),
        )
        .route(
            "/studios/{id}/mentorships/{mid}/sessions",
            post(add_session),
        )
        .route(
            "/studios/{id}/mentorships/{mid}/sessions/{rid}/delete",
            post(delete_session),
        )
        .route("/studios/{id}/mentorships/{mid}/close", post(close))
        .route(
            "/studios/{id}/mentorships/{mid}/outcomes",
            post(add_outcome),
        )
        .route(
            "/studios/{id}/mentorships/{mid}/outcomes/{oid}/delete",
            post(delete_outcome),
        )
        .route(
            "/studios/{id}/training",
            get(training_page)
                .post(create_training)
                .layer(DefaultBodyLimit::max(TRAINING_FORM_LIMIT)),
        )
        .route(
            "/studios/{id}/training/{tid}/materials",
            post(add_material).layer(DefaultBodyLimit::max(MATERIAL_FORM_LIMIT)),
        )
        .route("/studios/{id}/training/{tid}/delete", post(delete_training))
}

fn opts(tr: Tr, prefix: &str, codes: &[&str]) -> Vec<Opt> {
    codes
        .iter()
        .map(|c| Opt {
            code: c.to_string(),
            label: tr.t(&format!("{prefix}{c}")).to_string(),
        })
        .collect()
}

/// A form's fields as typed, in order (a field may repeat, like the apprentices picked).
#[derive(Default)]
pub struct Vals(Vec<(String, String)>);

impl Vals {
    fn parse(body: &[u8]) -> Vals {
        Vals(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub fn val(&self, field: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    fn all(&self, field: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == field)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn has(&self, field: &str, value: &str) -> bool {
        self.0.iter().any(|(k, v)| k == field && v == value)
    }

    fn checked(&self, field: &str) -> bool {
        matches!(self.val(field), "on" | "true" | "1")
    }

    /// The fields as a write's input, read through the input's own `Deserialize` (a
    /// repeated name gives its first value); a field the input needs and the form left out
    /// is reported as required.
    fn read<T: serde::de::DeserializeOwned>(&self) -> Result<T, WebError> {
        crate::pages::read_fields(&self.0)
    }

    fn id(&self, field: &str) -> Result<Option<i64>, WebError> {
        crate::pages::opt_id(field, &Some(self.val(field).to_string()))
    }

    fn set(&mut self, field: &str, value: String) {
        self.0.push((field.to_string(), value));
    }
}

fn layout(me: &Me, title_key: &str, path: &str, flash: Option<&str>) -> Layout {
    Layout::new(&me.ctx, "studios", title_key, path).with_flash(flash)
}

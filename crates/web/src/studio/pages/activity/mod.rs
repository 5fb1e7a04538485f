//! Studio pages for four mechanisms [000]: 驻室答疑 (office hours and questions), 项目孵化
//! (projects, with a page each), 考核评价 (evaluations beside the lifecycle moves) and 激励保障
//! (support received). Forms post to sub-paths and come back with a notice (303), or with
//! their errors beside the fields (422).

use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::pages::{form_failure, parse_page, render, see_other, Errors, Layout, Me, Pager};
use crate::pages::{label_opts, Opt};
use crate::studio::pages::studio::{form_file, StudioHead};
use crate::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use touyan_domain::paging::PageRequest;
use touyan_domain::studio::activity::{
    fmt_score, AnswerInput, EvaluationInput, Fen, OfficeHourInput, QuestionInput, SupportInput,
    GRADES, SUPPORT_KINDS,
};
use touyan_domain::studio::project::{
    BenefitInput, MilestoneInput, ProjectInput, Stage, StageMoveInput,
};
use touyan_domain::FieldErrors;
use touyan_storage::kit::files::Upload;
use touyan_storage::kit::today;
use touyan_storage::studio::activity::{
    ActivityTotals, EvaluationView, MilestonePatch, OfficeHourView, ProjectDetail, ProjectFilter,
    ProjectPatch, ProjectView, QuestionFilter, QuestionView, SupportFilter, SupportView, TeamInput,
};
use touyan_storage::studio::MoveView;
use touyan_storage::{Scoped, StorageError};

mod evaluations;
mod project;
mod projects;
mod questions;
mod support;

use evaluations::*;
use project::*;
use projects::*;
use questions::*;
use support::*;

pub fn routes() -> crate::routes::Routes {
    let upload = DefaultBodyLimit::max(crate::upload_guard::UPLOAD_LIMIT);
    crate::routes::Routes::new()
        .route("/studios/{id}/questions", get(questions).post(ask))
        .route("/studios/{id}/questions/{qid}/answer", post(answer))
        .route(
            "/studios/{id}/questions/{qid}/delete",
            post(delete_question),
        )
        .route("/studios/{id}/office-hours", post(add_hour))
        .route("/studios/{id}/office-hours/{hid}/delete", post(delete_hour))
        .route("/studios/{id}/projects", get(projects).post(create_project))
        .route(
            "/studios/{id}/projects/{pid}",
            get(project).post(update_project),
        )
        .route("/studios/{id}/projects/{pid}/delete", post(delete_project))
        .route("/studios/{id}/projects/{pid}/stage", post(move_stage))
        .route(
            "/studios/{id}/projects/{pid}/milestones",
            post(add_milestone),
        )
        .route(
            "/studios/{id}/projects/{pid}/milestones/{mid}/done",
            post(milestone_done),
        )
        .route(
            "/studios/{id}/projects/{pid}/milestones/{mid}/delete",
            post(delete_milestone),
        )
        .route("/studios/{id}/projects/{pid}/benefits", post(add_benefit))
        .route(
            "/studios/{id}/projects/{pid}/benefits/{bid}/delete",
            post(delete_benefit),
        )
        .route(
            "/studios/{id}/projects/{pid}/files",
            post(upload_file).layer(upload),
        )
        .route(
            "/studios/{id}/evaluations",
            get(evaluations).post(add_evaluation),
        )
        .route(
            "/studios/{id}/evaluations/{eid}/delete",
            post(delete_evaluation),
        )
        .route("/studios/{id}/support", get(support).post(add_support))
        .route("/studios/{id}/support/{sid}/delete", post(delete_support))
}

// ---------------------------------------------------------------------------------------
// Shared pieces.

/// Every field a form sent, in order (repeated names kept, for team rows).
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
struct Fields(Vec<(String, String)>);

impl Fields {
    fn get(&self, k: &str) -> String {
        self.0
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
    fn all(&self, k: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    }
    /// The fields as a write's input, read through the input's own `Deserialize` (a
    /// repeated name gives its first value); a field the input needs and the form left out
    /// is reported as required.
    fn read<T: serde::de::DeserializeOwned>(&self) -> WebResult<T> {
        crate::pages::read_fields(&self.0)
    }
    fn checked(&self, k: &str) -> bool {
        matches!(self.get(k).as_str(), "1" | "on" | "true")
    }
    /// An optional person or record number; a bad one is an error on `field`.
    fn opt_id(&self, k: &str, fe: &mut FieldErrors) -> Option<i64> {
        let v = self.get(k);
        let t = v.trim();
        if t.is_empty() {
            return None;
        }
        match t.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                fe.add(k, "err.number_invalid");
                None
            }
        }
    }
}

/// A form that failed: which one, what was typed, what was wrong.
struct Failed {
    form: &'static str,
    /// The record the form was about (a question answered, a milestone), if any.
    target: i64,
    input: Fields,
    errors: Errors,
}

impl Failed {
    fn none() -> Failed {
        Failed {
            form: "",
            target: 0,
            input: Fields::default(),
            errors: Errors::default(),
        }
    }
}

/// What a page shows of a failed form.
struct FormState {
    form: &'static str,
    target: i64,
    input: Fields,
    errors: Errors,
}

impl FormState {
    fn of(f: Failed) -> FormState {
        FormState {
            form: f.form,
            target: f.target,
            input: f.input,
            errors: f.errors,
        }
    }
    fn val(&self, form: &str, field: &str) -> String {
        if self.form == form {
            self.input.get(field)
        } else {
            String::new()
        }
    }
    fn err(&self, form: &str, field: &str) -> &str {
        if self.form == form {
            self.errors.get(field)
        } else {
            ""
        }
    }
}

fn layout(me: &Me, head: &StudioHead, path: &str, flash: Option<&str>) -> Layout {
    let mut l = Layout::new(&me.ctx, "studios", "studio.title.list", path);
    l.title = head.name.clone();
    l.flash = flash
        .filter(|k| k.starts_with("ok."))
        .map(|k| l.tr.t(k).to_string());
    l
}

/// The people who speak for a studio: its leader and its members now.
async fn studio_people(s: Scoped<'_>, tr: Tr, head: &StudioHead) -> WebResult<Vec<Opt>> {
    let today = today();
    let mut out = vec![];
    if let (Some(id), Some(name)) = (head.studio.leader_id, &head.studio.leader_name) {
        out.push(Opt {
            code: id.to_string(),
            label: format!("{name} · {}", tr.t("studio.leader")),
        });
    }
    for m in s.studios().members(head.id).await? {
        let current = m.joined_on <= today && m.left_on.is_none_or(|d| d > today);
        if current && Some(m.person_id) != head.studio.leader_id {
            out.push(Opt {
                code: m.person_id.to_string(),
                label: m.person_name,
            });
        }
    }
    Ok(out)
}

fn yuan(fen: &i64) -> String {
    Fen(*fen).yuan()
}

fn wan(fen: &i64) -> String {
    Fen(*fen).wan()
}

/// Redirects to `to` with a notice, or hands back the failure for a re-render.
fn done<T>(r: WebResult<T>, to: String, ok: &str) -> Result<Response, WebError> {
    r.map(|_| see_other(&format!("{to}?ok={ok}")))
}

/// Turns a write's error into the failed form's state (field errors and rule refusals), or
/// passes any other error on.
fn failed(
    e: WebError,
    tr: Tr,
    form: &'static str,
    target: i64,
    input: Fields,
) -> WebResult<Failed> {
    Ok(Failed {
        form,
        target,
        input,
        errors: Errors(form_failure(e, tr)?),
    })
}

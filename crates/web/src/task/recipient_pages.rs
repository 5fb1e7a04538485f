//! A recipient's feedback page: the task's form to fill in and submit (for the recipient's
//! staff), the answers given, and accepting or returning them (for the issuer's staff).

use crate::error::WebResult;
use crate::pages::{form_failure, page, render, see_other, Errors, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::task::FeedbackInput;
use touyan_storage::task::{RecipientView, TaskDetail};

use crate::pages::Fields;

#[derive(Template)]
#[template(path = "task/recipient.html")]
struct RecipientPage {
    l: Layout,
    d: TaskDetail,
    r: RecipientView,
    values: BTreeMap<String, String>,
    errors: Errors,
}

impl RecipientPage {
    fn state(&self, s: &str) -> &'static str {
        self.l.t(&format!("task.state.{s}"))
    }
    /// What the form shows in answer `i`: what was sent back, else what was given before.
    fn answer(&self, i: &usize) -> &str {
        let k = format!("answer_{i}");
        match self.values.get(&k) {
            Some(v) => v,
            None => self.r.answers.get(*i).map_or("", |a| a.value.as_str()),
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct Q {
    ok: Option<String>,
}

async fn render_page(
    st: &AppState,
    me: &Me,
    (id, rid): (i64, i64),
    flash: Option<&str>,
    values: BTreeMap<String, String>,
    errors: BTreeMap<String, String>,
) -> WebResult<RecipientPage> {
    let s = st.store.scoped(&me.actor);
    let r = s.tasks().recipient(id, rid).await?;
    let d = s.tasks().detail(id).await?;
    let path = format!("/tasks/{id}/recipients/{rid}");
    Ok(RecipientPage {
        l: Layout::new(&me.ctx, "tasks", "task.feedback_title", &path).with_flash(flash),
        d,
        r,
        values,
        errors: Errors(errors),
    })
}

pub(super) async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
    Query(q): Query<Q>,
) -> WebResult<Response> {
    let p = render_page(
        &st,
        &me,
        ids,
        q.ok.as_deref(),
        BTreeMap::new(),
        BTreeMap::new(),
    )
    .await?;
    Ok(page(&p))
}

fn back((id, rid): (i64, i64), ok: &str) -> Response {
    see_other(&format!("/tasks/{id}/recipients/{rid}?ok={ok}"))
}

/// A step's answer: back to the page with a note, or the page again with the errors.
async fn answered(
    st: &AppState,
    me: &Me,
    ids: (i64, i64),
    r: Result<RecipientView, touyan_storage::StorageError>,
    ok: &str,
    fields: &Fields,
) -> WebResult<Response> {
    match r {
        Ok(_) => Ok(back(ids, ok)),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            let values = fields.iter().cloned().collect();
            let p = render_page(st, me, ids, None, values, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

pub(super) async fn receive(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .tasks()
        .receive(ids.0, ids.1)
        .await;
    answered(&st, &me, ids, r, "ok.task_received", &vec![]).await
}

pub(super) async fn submit(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let input = FeedbackInput {
        answers: (0..touyan_domain::task::MAX_FIELDS)
            .map(|i| get(&format!("answer_{i}")))
            .collect::<Vec<_>>(),
        note: get("note"),
    };
    // Answers past the form's fields are blank (the form has no more).
    let mut input = input;
    while input.answers.last().is_some_and(|a| a.trim().is_empty()) {
        input.answers.pop();
    }
    let r = st
        .store
        .scoped(&me.actor)
        .tasks()
        .submit(ids.0, ids.1, input)
        .await;
    answered(&st, &me, ids, r, "ok.task_submitted", &fields).await
}

pub(super) async fn accept(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .tasks()
        .accept(ids.0, ids.1)
        .await;
    answered(&st, &me, ids, r, "ok.task_accepted", &vec![]).await
}

pub(super) async fn send_back(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let reason = fields
        .iter()
        .find(|(n, _)| n == "reason")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let r = st
        .store
        .scoped(&me.actor)
        .tasks()
        .send_back(ids.0, ids.1, reason)
        .await;
    answered(&st, &me, ids, r, "ok.task_returned", &fields).await
}

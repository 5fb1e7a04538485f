//! The page to edit a task: its issuer changes the title, body, due moment and feedback form
//! while the task is live and no recipient has submitted (the same rule as the API's edit);
//! otherwise the page says why and offers no form.

use super::pages::{input_of, Fields};
use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, page, render, see_other, Errors, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use std::collections::BTreeMap;
use touyan_domain::task::{TaskEditInput, FIELD_KINDS, MAX_FIELDS};
use touyan_storage::task::TaskDetail;
use touyan_storage::StorageError;

#[derive(Template)]
#[template(path = "task/edit.html")]
struct EditPage {
    l: Layout,
    d: TaskDetail,
    values: BTreeMap<String, String>,
    errors: Errors,
    rows: Vec<usize>,
    field_kinds: [&'static str; 3],
    /// Why the task can no longer be edited (a translation key), if so.
    locked: Option<&'static str>,
}

impl EditPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
    fn row_val(&self, k: &str, i: &usize) -> &str {
        self.val(&format!("{k}_{i}"))
    }
}

/// The task's stored values as the form's fields.
fn values_of(d: &TaskDetail) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    v.insert("title".to_string(), d.task.title.clone());
    v.insert("body".to_string(), d.task.body.clone().unwrap_or_default());
    // `YYYY-MM-DD HH:MM` as a datetime-local input takes it.
    v.insert("due_at".to_string(), d.task.due_at.replacen(' ', "T", 1));
    for (i, f) in d.task.fields.iter().enumerate() {
        v.insert(format!("label_{i}"), f.label.clone());
        v.insert(format!("kind_{i}"), f.kind.clone());
    }
    v
}

/// The task for its editor: managed by the caller (403 when it only reads it, 404 when it
/// reads nothing of it).
async fn load(st: &AppState, me: &Me, id: i64) -> WebResult<TaskDetail> {
    let d = st.store.scoped(&me.actor).tasks().detail(id).await?;
    if !d.can_manage {
        return Err(WebError::Storage(StorageError::Forbidden));
    }
    Ok(d)
}

fn edit_page(
    me: &Me,
    d: TaskDetail,
    values: BTreeMap<String, String>,
    errors: BTreeMap<String, String>,
) -> EditPage {
    let locked = if d.task.withdrawn_at.is_some() {
        Some("err.task_withdrawn")
    } else if !d.can_edit {
        Some("err.task_edit_submitted")
    } else {
        None
    };
    let path = format!("/tasks/{}/edit", d.task.id);
    EditPage {
        l: Layout::new(&me.ctx, "tasks", "task.edit_title", &path),
        d,
        values,
        errors: Errors(errors),
        rows: (0..MAX_FIELDS).collect(),
        field_kinds: FIELD_KINDS,
        locked,
    }
}

pub(super) async fn form(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let d = load(&st, &me, id).await?;
    let values = values_of(&d);
    Ok(page(&edit_page(&me, d, values, BTreeMap::new())))
}

pub(super) async fn save(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let t = input_of(&fields);
    let input = TaskEditInput {
        title: t.title,
        body: t.body,
        due_at: t.due_at,
        fields: t.fields,
    };
    let s = st.store.scoped(&me.actor);
    match s.tasks().edit(id, &input).await {
        Ok(_) => Ok(see_other(&format!("/tasks/{id}?ok=ok.task_edited"))),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            let d = load(&st, &me, id).await?;
            let p = edit_page(&me, d, fields.into_iter().collect(), errors);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

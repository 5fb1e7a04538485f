//! The work lists' spreadsheets: the task list with its filters, and one task's recipients
//! with their states and answers.

use super::api::TaskQuery;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::xlsx::{self, Cell};
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use touyan_domain::access::Permission;
use touyan_storage::Scoped;

fn opt(v: Option<i64>) -> Cell {
    v.map_or(Cell::Empty, Cell::Int)
}

pub(crate) async fn export(s: Scoped<'_>, tr: Tr, q: &TaskQuery) -> WebResult<Response> {
    let f = q.filter();
    let rows = s.tasks().all(&f, xlsx::EXPORT_CAP).await?;
    s.audit()
        .note(
            "export",
            "task",
            Permission::TaskRead,
            f.under,
            Some(serde_json::json!({"rows": rows.len()})),
        )
        .await?;
    let data = rows
        .iter()
        .map(|t| {
            vec![
                t.title.as_str().into(),
                t.node_name.as_str().into(),
                t.issued_at.as_str().into(),
                t.due_at.as_str().into(),
                opt(t.recipients),
                opt(t.accepted),
                opt(t.on_time),
                opt(t.overdue),
                t.my_state
                    .as_ref()
                    .map_or(Cell::Empty, |s| tr.t(&format!("task.state.{s}")).into()),
                t.issued_by.as_str().into(),
            ]
        })
        .collect();
    let h = [
        "task.col.title",
        "task.col.issuer",
        "task.col.issued_at",
        "task.col.due_at",
        "task.col.recipients",
        "task.col.accepted",
        "task.col.on_time",
        "task.col.overdue",
        "task.col.my_state",
        "task.col.issued_by",
    ];
    xlsx::download_keys(tr, "tasks.xlsx", "task.sheet_tasks", &h, data)
}

/// Tasks as .xlsx, with the list's filters (audited).
#[utoipa::path(get, path = "/api/v1/tasks/export.xlsx", tag = "tasks", params(TaskQuery),
    responses((status = 200, description = "Tasks as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn export_api(
    State(st): State<AppState>,
    me: Authed,
    crate::api::ApiQuery(q): crate::api::ApiQuery<TaskQuery>,
) -> WebResult<Response> {
    export(st.store.scoped(&me.actor), me.ctx.tr(), &q).await
}

pub(crate) async fn recipients(s: Scoped<'_>, tr: Tr, id: i64) -> WebResult<Response> {
    let d = s.tasks().detail(id).await?;
    s.audit()
        .note(
            "export",
            "task_recipient",
            Permission::TaskRead,
            Some(d.task.node_id).filter(|_| d.task.issuer_view),
            Some(serde_json::json!({"task_id": id, "rows": d.recipients.len()})),
        )
        .await?;
    let yes_no = |b: bool| -> Cell { tr.t(if b { "task.yes" } else { "task.no" }).into() };
    let data = d
        .recipients
        .iter()
        .map(|r| {
            let answers = r
                .answers
                .iter()
                .map(|a| format!("{}：{}", a.label, a.value))
                .collect::<Vec<_>>()
                .join("；");
            vec![
                r.node_name.as_str().into(),
                tr.t(&format!("task.state.{}", r.state)).into(),
                r.received_at.clone().into(),
                r.submitted_at.clone().into(),
                yes_no(r.late),
                yes_no(r.overdue),
                answers.into(),
                r.note.clone().into(),
                r.return_reason.clone().into(),
                r.accepted_at.clone().into(),
                r.reminders.into(),
            ]
        })
        .collect();
    let h = [
        "task.col.recipient",
        "task.col.state",
        "task.col.received_at",
        "task.col.submitted_at",
        "task.col.late",
        "task.col.overdue_now",
        "task.col.answers",
        "task.col.note",
        "task.col.return_reason",
        "task.col.accepted_at",
        "task.col.reminders",
    ];
    xlsx::download_keys(
        tr,
        "task-recipients.xlsx",
        "task.sheet_recipients",
        &h,
        data,
    )
}

/// One task's recipients the caller reads, as .xlsx (audited).
#[utoipa::path(get, path = "/api/v1/tasks/{id}/recipients/export.xlsx", tag = "tasks",
    params(("id" = i64, Path, description = "The task")),
    responses((status = 200, description = "Recipients as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody)))]
pub async fn recipients_api(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    recipients(st.store.scoped(&me.actor), me.ctx.tr(), id).await
}

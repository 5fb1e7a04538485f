//! The work lists' pages: the list (issued by me / to my nodes, filters, export), the form
//! to issue a task, and one task with its recipients, states and rates chart.

use crate::charts::{Chart, Series};
use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::pages::{
    form_failure, opt_id, page, parse_page, render, see_other, Errors, Layout, Me, Pager,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::access::Permission;
use touyan_domain::task::{FormField, TaskInput, FIELD_KINDS, MAX_FIELDS};
use touyan_storage::task::{now_beijing, TaskDetail, TaskFilter, TaskRates, TaskView};

pub fn routes() -> crate::routes::Routes {
    use super::recipient_pages as r;
    crate::routes::Routes::new()
        .route("/tasks", get(index))
        .route("/tasks/new", get(new_form).post(create))
        .route("/tasks/{id}", get(show))
        .route(
            "/tasks/{id}/edit",
            get(super::edit_page::form).post(super::edit_page::save),
        )
        .route("/tasks/{id}/remind", post(remind))
        .route("/tasks/{id}/withdraw", post(withdraw))
        .route("/tasks/{id}/recipients/{rid}", get(r::show))
        .route("/tasks/{id}/recipients/{rid}/receive", post(r::receive))
        .route("/tasks/{id}/recipients/{rid}/submit", post(r::submit))
        .route("/tasks/{id}/recipients/{rid}/accept", post(r::accept))
        .route("/tasks/{id}/recipients/{rid}/return", post(r::send_back))
}

#[derive(Deserialize, Default)]
struct ListQ {
    mailbox: Option<String>,
    under: Option<String>,
    q: Option<String>,
    overdue: Option<String>,
    due_within: Option<String>,
    ok: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

#[derive(Template)]
#[template(path = "task/list.html")]
struct ListPage {
    l: Layout,
    rows: Vec<TaskView>,
    pager: Pager,
    f: BTreeMap<&'static str, String>,
    can_issue: bool,
    export_href: String,
}

impl ListPage {
    fn val(&self, k: &str) -> &str {
        self.f.get(k).map(String::as_str).unwrap_or("")
    }
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let req = parse_page(&q.page, &q.per_page)?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default().trim().to_string();
    let mailbox = Some(text(&q.mailbox)).filter(|m| m == "issued" || m == "received");
    let overdue = (text(&q.overdue) == "true").then_some(true);
    let due_within = text(&q.due_within)
        .parse::<i64>()
        .ok()
        .map(|d| d.clamp(1, 366));
    let filter = TaskFilter {
        mailbox: mailbox.clone(),
        under: opt_id("under", &q.under)?,
        q: q.q.clone(),
        overdue,
        due_within,
    };
    let p = s.tasks().list(&filter, req).await?;
    let params = vec![
        ("mailbox", mailbox.unwrap_or_default()),
        ("under", text(&q.under)),
        ("q", text(&q.q)),
        (
            "overdue",
            overdue.map(|b| b.to_string()).unwrap_or_default(),
        ),
        (
            "due_within",
            due_within.map(|d| d.to_string()).unwrap_or_default(),
        ),
    ];
    let pager = Pager::new(req, p.total, &params);
    let export_href = format!(
        "/api/v1/tasks/export.xlsx?{}",
        pager.base.trim_end_matches('&')
    );
    Ok(page(&ListPage {
        l: Layout::new(&me.ctx, "tasks", "nav.tasks", "/tasks").with_flash(q.ok.as_deref()),
        rows: p.items,
        pager,
        f: params.into_iter().collect(),
        can_issue: me.actor.grants.holds_anywhere(Permission::TaskManage),
        export_href,
    }))
}

pub(super) use crate::pages::Fields;

/// The new-task form: its values, its errors, the organization kinds to pick by.
#[derive(Template)]
#[template(path = "task/new.html")]
struct NewPage {
    l: Layout,
    values: BTreeMap<String, String>,
    errors: Errors,
    kinds: Vec<(String, String)>,
    rows: Vec<usize>,
    field_kinds: [&'static str; 3],
}

impl NewPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
    fn row_val(&self, k: &str, i: &usize) -> &str {
        self.val(&format!("{k}_{i}"))
    }
}

async fn new_page(
    st: &AppState,
    me: &Me,
    fields: &Fields,
    errors: BTreeMap<String, String>,
) -> WebResult<NewPage> {
    let s = st.store.scoped(&me.actor);
    let kinds = s
        .dict()
        .kind_names()
        .await?
        .into_iter()
        .map(|k| {
            let name = if me.ctx.tr().lang == crate::i18n::Lang::En {
                k.name_en
            } else {
                k.name
            };
            (k.code, name)
        })
        .collect();
    Ok(NewPage {
        l: Layout::new(&me.ctx, "tasks", "task.new_title", "/tasks/new"),
        values: fields.iter().cloned().collect(),
        errors: Errors(errors),
        kinds,
        rows: (0..MAX_FIELDS.min(5)).collect(),
        field_kinds: FIELD_KINDS,
    })
}

async fn new_form(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    Ok(page(&new_page(&st, &me, &vec![], BTreeMap::new()).await?))
}

/// The form's fields as the API's input.
pub(super) fn input_of(fields: &Fields) -> TaskInput {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let form = (0..MAX_FIELDS)
        .map(|i| FormField {
            label: get(&format!("label_{i}")),
            kind: get(&format!("kind_{i}")),
        })
        .filter(|f| !f.label.is_empty())
        .collect();
    TaskInput {
        node_id: get("node_id"),
        title: get("title"),
        body: get("body"),
        due_at: get("due_at"),
        recipients: fields
            .iter()
            .filter(|(n, _)| n == "recipient")
            .filter_map(|(_, v)| v.trim().parse().ok())
            .collect(),
        kind: get("kind"),
        under: get("under").parse().ok(),
        fields: form,
    }
}

async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async {
        let t = input_of(&fields).parse(&super::api::kinds(s).await?, now_beijing())?;
        Ok::<_, WebError>(s.tasks().issue(t).await?)
    }
    .await;
    match r {
        Ok(d) => Ok(see_other(&format!(
            "/tasks/{}?ok=ok.task_issued",
            d.task.id
        ))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let p = new_page(&st, &me, &fields, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

#[derive(Template)]
#[template(path = "task/show.html")]
struct ShowPage {
    l: Layout,
    d: TaskDetail,
    rates: Option<TaskRates>,
    chart: Option<Chart>,
    /// Field errors of the withdrawal form.
    errors: Errors,
}

impl ShowPage {
    fn state(&self, s: &str) -> &'static str {
        self.l.t(&format!("task.state.{s}"))
    }
    fn kind(&self, k: &str) -> &'static str {
        self.l.t(&format!("task.kind.{k}"))
    }
}

fn rates_chart(tr: Tr, r: &TaskRates) -> Chart {
    let pct = |name: &str, v: Vec<i64>| Series {
        name: name.to_string(),
        kind: "bar",
        unit: "%",
        data: v.into_iter().map(|n| Some(n as f64)).collect(),
    };
    Chart {
        key: "task_rates",
        kind: "bar",
        title: tr.t("task.chart_rates").to_string(),
        label_name: tr.t("task.col.node").to_string(),
        labels: r.children.iter().map(|c| c.name.clone()).collect(),
        series: vec![
            pct(
                tr.t("task.col.completion"),
                r.children.iter().map(|c| c.completion_pct).collect(),
            ),
            pct(
                tr.t("task.col.on_time_rate"),
                r.children.iter().map(|c| c.on_time_pct).collect(),
            ),
        ],
    }
}

#[derive(Deserialize, Default)]
struct ShowQ {
    under: Option<String>,
    ok: Option<String>,
}

async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ShowQ>,
) -> WebResult<Response> {
    let p = show_page(&st, &me, id, &q, Errors::default()).await?;
    Ok(page(&p))
}

async fn show_page(
    st: &AppState,
    me: &Me,
    id: i64,
    q: &ShowQ,
    errors: Errors,
) -> WebResult<ShowPage> {
    let s = st.store.scoped(&me.actor);
    let d = s.tasks().detail(id).await?;
    let rates = if d.task.issuer_view {
        Some(s.tasks().rates(id, opt_id("under", &q.under)?).await?)
    } else {
        None
    };
    let chart = rates.as_ref().map(|r| rates_chart(me.ctx.tr(), r));
    let path = format!("/tasks/{id}");
    Ok(ShowPage {
        l: Layout::new(&me.ctx, "tasks", "task.title", &path).with_flash(q.ok.as_deref()),
        d,
        rates,
        chart,
        errors,
    })
}

/// Withdraws the task with the reason given; a missing reason shows the page again (422).
async fn withdraw(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let reason = fields
        .iter()
        .find(|(n, _)| n == "reason")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    match st
        .store
        .scoped(&me.actor)
        .tasks()
        .withdraw(id, &reason)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/tasks/{id}?ok=ok.task_withdrawn"))),
        Err(e) => {
            let errors = Errors(form_failure(e.into(), me.ctx.tr())?);
            let p = show_page(&st, &me, id, &ShowQ::default(), errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

async fn remind(State(st): State<AppState>, me: Me, Path(id): Path<i64>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    match s.tasks().remind(id).await {
        Ok(_) => Ok(see_other(&format!("/tasks/{id}?ok=ok.task_reminded"))),
        Err(touyan_storage::StorageError::Invalid(_)) => {
            Ok(see_other(&format!("/tasks/{id}?ok=ok.task_none_to_remind")))
        }
        Err(e) => Err(e.into()),
    }
}

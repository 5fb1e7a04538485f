//! The commendations' pages: the list (filters, pages, export) and the draft's form, to
//! start one or change a draft's header; one commendation and its forms are in
//! `show_pages`.

use crate::error::WebResult;
use crate::pages::{
    form_failure, opt_id, page, parse_page, render, see_other, Errors, Layout, Me, Pager,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::access::Permission;
use touyan_domain::commendation::{CommendationInput, State as CState, LEVELS};
use touyan_storage::commendation::{CommendationFilter, CommendationView};

pub fn routes() -> crate::routes::Routes {
    use super::show_pages as s;
    crate::routes::Routes::new()
        .route("/commendations", get(index))
        .route("/commendations/new", get(new_form).post(create))
        .route("/commendations/{id}", get(s::show))
        .route("/commendations/{id}/edit", get(s::edit_form).post(s::edit))
        .route("/commendations/{id}/lines", post(s::add_line))
        .route("/commendations/{id}/lines/remove", post(s::remove_line))
        .route("/commendations/{id}/issue", post(s::issue))
        .route("/commendations/{id}/revoke", post(s::revoke))
}

/// A form's fields, as posted.
pub(crate) use crate::pages::{field, Fields};

/// The header fields of the draft's form, over what a draft already names.
pub(crate) fn header_input(fields: &Fields, base: CommendationInput) -> CommendationInput {
    CommendationInput {
        node_id: field(fields, "node_id"),
        round_id: field(fields, "round_id"),
        title: field(fields, "title"),
        doc_number: field(fields, "doc_number"),
        issued_on: field(fields, "issued_on"),
        level: field(fields, "level"),
        top: field(fields, "top"),
        org_honour: field(fields, "org_honour"),
        ..base
    }
}

#[derive(Deserialize, Default)]
struct ListQ {
    under: Option<String>,
    q: Option<String>,
    state: Option<String>,
    year: Option<String>,
    ok: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

#[derive(Template)]
#[template(path = "commendation/list.html")]
struct ListPage {
    l: Layout,
    rows: Vec<CommendationView>,
    pager: Pager,
    f: BTreeMap<&'static str, String>,
    states: [CState; 3],
    can_start: bool,
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
    let state = Some(text(&q.state)).filter(|s| CState::from_code(s).is_some());
    let year = opt_id("year", &q.year)?;
    let filter = CommendationFilter {
        under: opt_id("under", &q.under)?,
        q: q.q.clone(),
        state: state.clone(),
        year: year.and_then(|y| i32::try_from(y).ok()),
    };
    let p = s.commendations().list(&filter, req).await?;
    let params = vec![
        ("under", text(&q.under)),
        ("q", text(&q.q)),
        ("state", state.unwrap_or_default()),
        ("year", year.map(|y| y.to_string()).unwrap_or_default()),
    ];
    let pager = Pager::new(req, p.total, &params);
    let export_href = format!(
        "/api/v1/commendations/export.xlsx?{}",
        pager.base.trim_end_matches('&')
    );
    Ok(page(&ListPage {
        l: Layout::new(
            &me.ctx,
            "commendations",
            "nav.commendations",
            "/commendations",
        )
        .with_flash(q.ok.as_deref()),
        rows: p.items,
        pager,
        f: params.into_iter().collect(),
        states: CState::ALL,
        can_start: me
            .actor
            .grants
            .holds_anywhere(Permission::CommendationManage),
        export_href,
    }))
}

/// The draft's form: a new commendation, or the header of draft `id`.
#[derive(Template)]
#[template(path = "commendation/form.html")]
pub(crate) struct FormPage {
    pub l: Layout,
    pub id: Option<i64>,
    pub values: BTreeMap<String, String>,
    pub errors: Errors,
    /// Published rounds to draft from, as (id, title, period).
    pub rounds: Vec<(i64, String, String)>,
    pub levels: [&'static str; 6],
}

impl FormPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }

    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/commendations/{id}/edit"),
            None => "/commendations/new".into(),
        }
    }
}

pub(crate) async fn form_page(
    st: &AppState,
    me: &Me,
    id: Option<i64>,
    values: BTreeMap<String, String>,
    errors: BTreeMap<String, String>,
) -> WebResult<FormPage> {
    let s = st.store.scoped(&me.actor);
    let (title, path) = match id {
        Some(id) => (
            "commendation.edit_title",
            format!("/commendations/{id}/edit"),
        ),
        None => ("commendation.new_title", "/commendations/new".into()),
    };
    Ok(FormPage {
        l: Layout::new(&me.ctx, "commendations", title, &path),
        id,
        values,
        errors: Errors(errors),
        rounds: s.commendations().published_rounds().await?,
        levels: LEVELS,
    })
}

async fn new_form(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    let values = [("level".to_string(), "district".to_string())]
        .into_iter()
        .collect();
    Ok(page(
        &form_page(&st, &me, None, values, BTreeMap::new()).await?,
    ))
}

async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let input = header_input(&fields, CommendationInput::default());
    match s.commendations().create(&input).await {
        Ok(d) => Ok(see_other(&format!(
            "/commendations/{}?ok=ok.commendation_created",
            d.commendation.id
        ))),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            let p = form_page(&st, &me, None, fields.into_iter().collect(), errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

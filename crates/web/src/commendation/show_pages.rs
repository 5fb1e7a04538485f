//! One commendation's page — the header, the organizations and the people it names — and
//! its forms: change the draft's header, add or remove someone, issue, revoke; the panel of
//! the organization's page with the commendations it received.

use super::pages::{field, form_page, header_input, Fields};
use crate::area::PanelAnswer;
use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::pages::{form_failure, page, render, see_other, Errors, FormFailure, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::commendation::{CommendationInput, OrgLineInput, PersonLineInput, RevokeInput};
use touyan_storage::commendation::{CommendationDetail, ReceivedView};
use touyan_storage::{Scoped, StorageError};

/// A draft as the API body gives it, to change one part of it and write it whole.
fn input_of(d: &CommendationDetail) -> CommendationInput {
    let c = &d.commendation;
    CommendationInput {
        node_id: c.node_id.to_string(),
        round_id: c.round_id.map(|r| r.to_string()).unwrap_or_default(),
        title: c.title.clone(),
        doc_number: c.doc_number.clone(),
        issued_on: c.issued_on.clone(),
        level: c.level.clone(),
        top: String::new(),
        org_honour: String::new(),
        organizations: d
            .organizations
            .iter()
            .map(|o| OrgLineInput {
                node_id: o.node_id.to_string(),
                honour: o.honour.clone(),
            })
            .collect(),
        people: d
            .people
            .iter()
            .map(|p| PersonLineInput {
                person_id: p.person_id.to_string(),
                honour: p.honour.clone(),
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "commendation/show.html")]
struct ShowPage {
    l: Layout,
    d: CommendationDetail,
    /// The caller may change it now (manages it, and it is a draft).
    editable: bool,
    errors: Errors,
    values: BTreeMap<String, String>,
}

impl ShowPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct ShowQ {
    ok: Option<String>,
}

async fn show_page(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    errors: BTreeMap<String, String>,
    values: BTreeMap<String, String>,
) -> WebResult<ShowPage> {
    let d = st
        .store
        .scoped(&me.actor)
        .commendations()
        .detail(id)
        .await?;
    let path = format!("/commendations/{id}");
    Ok(ShowPage {
        l: Layout::new(&me.ctx, "commendations", "commendation.title", &path).with_flash(flash),
        editable: d.can_manage && d.commendation.state == "draft",
        d,
        errors: Errors(errors),
        values,
    })
}

pub(crate) async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ShowQ>,
) -> WebResult<Response> {
    let p = show_page(
        &st,
        &me,
        id,
        q.ok.as_deref(),
        BTreeMap::new(),
        BTreeMap::new(),
    )
    .await?;
    Ok(page(&p))
}

/// The answer to one of the page's forms: back to the page with `ok`, or the page again
/// with the form's field errors under `form.<field>` and what was typed.
async fn answer(
    st: &AppState,
    me: &Me,
    id: i64,
    form: &str,
    fields: &Fields,
    r: Result<CommendationDetail, StorageError>,
    ok: &str,
) -> WebResult<Response> {
    match r {
        Ok(_) => Ok(see_other(&format!("/commendations/{id}?ok={ok}"))),
        Err(e) => {
            let f = FormFailure::of(form, WebError::from(e), me.ctx.tr(), fields)?;
            let p = show_page(st, me, id, None, f.errors, f.values).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

pub(crate) async fn edit_form(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    s.commendations().check_writable(id).await?;
    let d = s.commendations().detail(id).await?;
    let i = input_of(&d);
    let values = [
        ("node_id", i.node_id),
        ("round_id", i.round_id),
        ("title", i.title),
        ("doc_number", i.doc_number),
        ("issued_on", i.issued_on),
        ("level", i.level),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Ok(page(
        &form_page(&st, &me, Some(id), values, BTreeMap::new()).await?,
    ))
}

pub(crate) async fn edit(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    s.commendations().check_writable(id).await?;
    let d = s.commendations().detail(id).await?;
    let input = header_input(&fields, input_of(&d));
    match s.commendations().update(id, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "/commendations/{id}?ok=ok.commendation_saved"
        ))),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            let p = form_page(&st, &me, Some(id), fields.into_iter().collect(), errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

/// Adds an organization (`kind=org`, `node_id`) or a person (`kind=person`, `person_id`)
/// with the honour, at the end of its list.
pub(crate) async fn add_line(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    s.commendations().check_writable(id).await?;
    let d = s.commendations().detail(id).await?;
    let mut input = input_of(&d);
    let honour = field(&fields, "honour");
    let form = if field(&fields, "kind") == "person" {
        input.people.push(PersonLineInput {
            person_id: field(&fields, "person_id"),
            honour,
        });
        "person"
    } else {
        input.organizations.push(OrgLineInput {
            node_id: field(&fields, "node_id"),
            honour,
        });
        "org"
    };
    let r = s.commendations().update(id, &input).await;
    answer(&st, &me, id, form, &fields, r, "ok.commendation_saved").await
}

/// Removes an organization (`kind=org`, `node_id`) or a person (`kind=person`,
/// `person_id`) from the draft.
pub(crate) async fn remove_line(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    s.commendations().check_writable(id).await?;
    let d = s.commendations().detail(id).await?;
    let mut input = input_of(&d);
    if field(&fields, "kind") == "person" {
        let gone = field(&fields, "person_id");
        input.people.retain(|p| p.person_id != gone);
    } else {
        let gone = field(&fields, "node_id");
        input.organizations.retain(|o| o.node_id != gone);
    }
    let r = s.commendations().update(id, &input).await;
    answer(&st, &me, id, "remove", &fields, r, "ok.commendation_saved").await
}

pub(crate) async fn issue(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let r = st.store.scoped(&me.actor).commendations().issue(id).await;
    answer(&st, &me, id, "issue", &fields, r, "ok.commendation_issued").await
}

pub(crate) async fn revoke(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    s.commendations().check_writable(id).await?;
    let input = RevokeInput {
        reason: field(&fields, "reason"),
    };
    let r = s.commendations().revoke(id, &input).await;
    answer(
        &st,
        &me,
        id,
        "revoke",
        &fields,
        r,
        "ok.commendation_revoked",
    )
    .await
}

/// What the organization page's commendations panel shows.
#[derive(Template)]
#[template(path = "commendation/panel.html")]
struct ReceivedPanel {
    tr: Tr,
    rows: Vec<ReceivedView>,
}

/// The commendations the organization received, with their count, when the caller reads
/// commendations there.
pub(crate) fn received_panel(s: Scoped<'_>, tr: Tr, id: i64) -> PanelAnswer<'_> {
    Box::pin(async move {
        let rows = match s.commendations().received(id).await? {
            Some(rows) => rows,
            None => return Ok(None),
        };
        let html = ReceivedPanel { tr, rows }
            .render()
            .map_err(|e| WebError::Internal(format!("template: {e}")))?;
        Ok(Some(html))
    })
}

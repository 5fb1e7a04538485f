//! The pages to change a campaign and one of its targets, and to delete either: the forms
//! come back with the field errors and what was typed on 422; a campaign that can no longer
//! be deleted says why on its edit page.

use super::pages::{field, Fields};
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::pages::{form_failure, page, render, see_other, Errors, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use std::collections::BTreeMap;
use touyan_domain::campaign::{CampaignEditInput, TargetInput};
use touyan_storage::campaign::{figures, CampaignDetail, TargetView};
use touyan_storage::StorageError;

/// Campaign `id` for its editor: managed by the caller (403 when it only reads it, 404 when
/// it reads nothing of it).
async fn load(st: &AppState, me: &Me, id: i64) -> WebResult<CampaignDetail> {
    let d = st.store.scoped(&me.actor).campaigns().detail(id).await?;
    if !d.can_manage {
        return Err(WebError::Storage(StorageError::Forbidden));
    }
    Ok(d)
}

fn fields_map(fields: &Fields) -> BTreeMap<String, String> {
    fields.iter().cloned().collect()
}

#[derive(Template)]
#[template(path = "campaign/edit.html")]
struct EditPage {
    l: Layout,
    d: CampaignDetail,
    values: BTreeMap<String, String>,
    errors: Errors,
}

impl EditPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }

    /// Nothing was recorded against its targets yet, so it may move to another organization.
    fn can_move(&self) -> bool {
        !self.d.targets.iter().any(|t| t.recorded)
    }
}

/// The campaign's stored header as the form's fields.
fn header_values(d: &CampaignDetail) -> BTreeMap<String, String> {
    let c = &d.campaign;
    [
        ("name", c.name.clone()),
        ("description", c.description.clone().unwrap_or_default()),
        ("start_on", c.start_on.clone()),
        ("end_on", c.end_on.clone()),
        ("node_id", c.node_id.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn edit_page(
    me: &Me,
    d: CampaignDetail,
    values: Option<BTreeMap<String, String>>,
    errors: BTreeMap<String, String>,
) -> EditPage {
    let path = format!("/campaigns/{}/edit", d.campaign.id);
    EditPage {
        l: Layout::new(&me.ctx, "campaigns", "campaign.edit_title", &path),
        values: values.unwrap_or_else(|| header_values(&d)),
        d,
        errors: Errors(errors),
    }
}

pub(crate) async fn edit_form(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let d = load(&st, &me, id).await?;
    Ok(page(&edit_page(&me, d, None, BTreeMap::new())))
}

pub(crate) async fn save(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = CampaignEditInput {
        name: field(&fields, "name"),
        description: field(&fields, "description"),
        start_on: field(&fields, "start_on"),
        end_on: field(&fields, "end_on"),
        node_id: field(&fields, "node_id"),
    };
    let s = st.store.scoped(&me.actor);
    match s.campaigns().update(id, &input).await {
        Ok(_) => Ok(see_other(&format!("/campaigns/{id}?ok=ok.campaign_saved"))),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            let d = load(&st, &me, id).await?;
            let p = edit_page(&me, d, Some(fields_map(&fields)), errors);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

pub(crate) async fn delete(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    match s.campaigns().delete(id).await {
        Ok(()) => Ok(see_other("/campaigns?ok=ok.campaign_deleted")),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            let d = load(&st, &me, id).await?;
            let p = edit_page(&me, d, None, errors);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

#[derive(Template)]
#[template(path = "campaign/target_edit.html")]
struct TargetEditPage {
    l: Layout,
    d: CampaignDetail,
    target: TargetView,
    /// The live figures a target may follow, as (key, label, kind).
    figures: Vec<(String, String, String)>,
    values: BTreeMap<String, String>,
    errors: Errors,
}

impl TargetEditPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
}

/// A number as the form shows it.
fn num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn target_values(t: &TargetView) -> BTreeMap<String, String> {
    [
        ("name", t.name.clone()),
        ("kind", t.kind.clone()),
        ("figure", t.figure.clone().unwrap_or_default()),
        ("baseline", num(t.baseline)),
        ("goal", num(t.goal)),
        ("due_on", t.due_on.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn target_page(
    me: &Me,
    d: CampaignDetail,
    tid: i64,
    values: Option<BTreeMap<String, String>>,
    errors: BTreeMap<String, String>,
) -> WebResult<TargetEditPage> {
    let t = d
        .targets
        .iter()
        .find(|t| t.id == tid)
        .cloned()
        .ok_or(WebError::NotFound)?;
    let en = me.ctx.tr().lang == Lang::En;
    let figures = figures()
        .into_iter()
        .map(|f| (f.key, if en { f.label_en } else { f.label }, f.kind))
        .collect();
    let path = format!("/campaigns/{}/targets/{tid}/edit", d.campaign.id);
    Ok(TargetEditPage {
        l: Layout::new(&me.ctx, "campaigns", "campaign.edit_target", &path),
        values: values.unwrap_or_else(|| target_values(&t)),
        target: t,
        d,
        figures,
        errors: Errors(errors),
    })
}

pub(crate) async fn target_form(
    State(st): State<AppState>,
    me: Me,
    Path((id, tid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let d = load(&st, &me, id).await?;
    Ok(page(&target_page(&me, d, tid, None, BTreeMap::new())?))
}

pub(crate) async fn save_target(
    State(st): State<AppState>,
    me: Me,
    Path((id, tid)): Path<(i64, i64)>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = TargetInput {
        name: field(&fields, "name"),
        kind: field(&fields, "kind"),
        baseline: field(&fields, "baseline"),
        goal: field(&fields, "goal"),
        due_on: field(&fields, "due_on"),
        figure: field(&fields, "figure"),
    };
    let s = st.store.scoped(&me.actor);
    match s.campaigns().update_target(id, tid, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "/campaigns/{id}?ok=ok.campaign_target_saved"
        ))),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            let d = load(&st, &me, id).await?;
            let p = target_page(&me, d, tid, Some(fields_map(&fields)), errors)?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

pub(crate) async fn delete_target(
    State(st): State<AppState>,
    me: Me,
    Path((id, tid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    s.campaigns().delete_target(id, tid).await?;
    Ok(see_other(&format!(
        "/campaigns/{id}?ok=ok.campaign_target_deleted"
    )))
}

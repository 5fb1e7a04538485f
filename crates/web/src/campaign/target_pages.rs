//! One campaign's page — its targets with progress bars and a chart of each one's history
//! against its goal, the values kept by hand, the milestones — and the page's forms: add a
//! target, record a value, add a milestone, mark one done, activate or close the campaign.

use super::pages::{field, Fields};
use crate::charts::{Chart, Series};
use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::pages::{render, see_other, Errors, FormFailure, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::campaign::{DoneInput, MilestoneInput, Status, TargetInput, ValueInput};
use touyan_storage::campaign::{figures, CampaignDetail, TargetView};
use touyan_storage::StorageError;

/// A number as shown: whole numbers without a fraction, others with one decimal.
fn num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

/// A target with what its card shows, in the caller's language.
pub(crate) struct TargetRow {
    pub t: TargetView,
    pub unit: &'static str,
    pub value: String,
    pub baseline: String,
    pub goal: String,
    pub progress: String,
    pub elapsed: String,
    pub figure_label: String,
    pub chart: Chart,
}

fn target_chart(tr: Tr, t: &TargetView, unit: &'static str) -> Chart {
    let n = t.history.len();
    Chart {
        key: "campaign_target",
        kind: "line",
        title: format!("{} · {}", tr.t("campaign.chart_history"), t.name),
        label_name: tr.t("campaign.col.day").to_string(),
        labels: t.history.iter().map(|p| p.day.clone()).collect(),
        series: vec![
            Series {
                name: tr.t("campaign.col.value").to_string(),
                kind: "line",
                unit,
                data: t.history.iter().map(|p| Some(p.value)).collect(),
            },
            Series {
                name: tr.t("campaign.goal_line").to_string(),
                kind: "line",
                unit,
                data: vec![Some(t.goal); n],
            },
        ],
    }
}

fn rows(tr: Tr, d: &CampaignDetail) -> Vec<TargetRow> {
    let labels: BTreeMap<String, String> = figures()
        .into_iter()
        .map(|f| {
            (
                f.key,
                if tr.lang == Lang::En {
                    f.label_en
                } else {
                    f.label
                },
            )
        })
        .collect();
    d.targets
        .iter()
        .map(|t| {
            let unit = if t.kind == "rate" { "%" } else { "" };
            TargetRow {
                unit,
                value: t.value.map(num).unwrap_or_default(),
                baseline: num(t.baseline),
                goal: num(t.goal),
                progress: num(t.progress_pct),
                elapsed: num(t.elapsed_pct),
                figure_label: t
                    .figure
                    .as_ref()
                    .and_then(|k| labels.get(k).cloned())
                    .unwrap_or_default(),
                chart: target_chart(tr, t, unit),
                t: t.clone(),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "campaign/show.html")]
pub(super) struct ShowPage {
    l: Layout,
    d: CampaignDetail,
    targets: Vec<TargetRow>,
    /// The live figures a target may follow, as (key, label, kind).
    figures: Vec<(String, String, String)>,
    /// Tasks the caller may link, as (id, title).
    task_choices: Vec<(i64, String)>,
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

pub(super) async fn show_page(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    errors: BTreeMap<String, String>,
    values: BTreeMap<String, String>,
) -> WebResult<ShowPage> {
    let tr = me.ctx.tr();
    let d = st.store.scoped(&me.actor).campaigns().detail(id).await?;
    let path = format!("/campaigns/{id}");
    let figures = figures()
        .into_iter()
        .map(|f| {
            let label = if tr.lang == Lang::En {
                f.label_en
            } else {
                f.label
            };
            (f.key, label, f.kind)
        })
        .collect();
    let task_choices = super::task_links::choices(st, me, &d).await?;
    Ok(ShowPage {
        l: Layout::new(&me.ctx, "campaigns", "campaign.title", &path).with_flash(flash),
        targets: rows(tr, &d),
        d,
        figures,
        task_choices,
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
    Ok(crate::pages::page(&p))
}

/// The answer to one of the page's forms: back to the page with `ok`, or the page again
/// with the form's field errors under `form.<field>` and what was typed.
pub(super) async fn answer(
    st: &AppState,
    me: &Me,
    id: i64,
    form: &str,
    fields: &Fields,
    r: Result<CampaignDetail, StorageError>,
    ok: &str,
) -> WebResult<Response> {
    match r {
        Ok(_) => Ok(see_other(&format!("/campaigns/{id}?ok={ok}"))),
        Err(e) => {
            let f = FormFailure::of(form, WebError::from(e), me.ctx.tr(), fields)?;
            let p = show_page(st, me, id, None, f.errors, f.values).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

pub(crate) async fn add_target(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
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
    let r = st
        .store
        .scoped(&me.actor)
        .campaigns()
        .add_target(id, &input)
        .await;
    answer(
        &st,
        &me,
        id,
        "target",
        &fields,
        r,
        "ok.campaign_target_added",
    )
    .await
}

pub(crate) async fn record_value(
    State(st): State<AppState>,
    me: Me,
    Path((id, tid)): Path<(i64, i64)>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = ValueInput {
        on: field(&fields, "on"),
        value: field(&fields, "value"),
        note: field(&fields, "note"),
    };
    let s = st.store.scoped(&me.actor);
    let r = s.campaigns().record_value(id, tid, &input).await;
    let form = format!("value{tid}");
    answer(
        &st,
        &me,
        id,
        &form,
        &fields,
        r,
        "ok.campaign_value_recorded",
    )
    .await
}

pub(crate) async fn add_milestone(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = MilestoneInput {
        name: field(&fields, "name"),
        due_on: field(&fields, "due_on"),
    };
    let s = st.store.scoped(&me.actor);
    let r = s.campaigns().add_milestone(id, &input).await;
    answer(
        &st,
        &me,
        id,
        "milestone",
        &fields,
        r,
        "ok.campaign_milestone_added",
    )
    .await
}

pub(crate) async fn complete(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid)): Path<(i64, i64)>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = DoneInput {
        done_on: field(&fields, "done_on"),
        note: field(&fields, "note"),
        link: field(&fields, "link"),
    };
    let s = st.store.scoped(&me.actor);
    let r = s.campaigns().complete_milestone(id, mid, &input).await;
    let form = format!("done{mid}");
    answer(
        &st,
        &me,
        id,
        &form,
        &fields,
        r,
        "ok.campaign_milestone_done",
    )
    .await
}

pub(crate) async fn close(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    s.campaigns().set_status(id, Status::Closed).await?;
    Ok(see_other(&format!("/campaigns/{id}?ok=ok.campaign_closed")))
}

pub(crate) async fn activate(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    s.campaigns().set_status(id, Status::Active).await?;
    Ok(see_other(&format!(
        "/campaigns/{id}?ok=ok.campaign_activated"
    )))
}

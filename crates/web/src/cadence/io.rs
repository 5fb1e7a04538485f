//! The cadence's spreadsheets: activities with the list's filters, and compliance under a
//! node — every obligation not met, with the share by child.

use super::api::{ActivityQuery, ComplianceQuery};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::xlsx::{self, Cell};
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_storage::Scoped;

/// Activity-type names in the caller's language.
pub(crate) async fn type_names(s: Scoped<'_>, tr: Tr) -> WebResult<HashMap<String, String>> {
    crate::dict_names::dict_names(s, tr, "activity_type").await
}

/// The codes named, joined by 、.
pub(crate) fn named(names: &HashMap<String, String>, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| names.get(c).map_or(c.as_str(), String::as_str))
        .collect::<Vec<_>>()
        .join("、")
}

pub(crate) async fn export(s: Scoped<'_>, tr: Tr, q: &ActivityQuery) -> WebResult<Response> {
    let f = q.filter()?;
    let rows = s.cadence().all_activities(&f, xlsx::EXPORT_CAP).await?;
    s.audit()
        .note(
            "export",
            "cadence_activity",
            Permission::CadenceRead,
            f.under,
            Some(serde_json::json!({"rows": rows.len()})),
        )
        .await?;
    let names = type_names(s, tr).await?;
    let yes_no = |b: bool| -> Cell { tr.t(if b { "cadence.yes" } else { "cadence.no" }).into() };
    let data = rows
        .iter()
        .map(|a| {
            vec![
                a.held_at.as_str().into(),
                a.node_name.as_str().into(),
                named(&names, &a.types).into(),
                a.topic.as_str().into(),
                a.place.clone().into(),
                a.host.clone().into(),
                a.recorder.clone().into(),
                a.lecturer.clone().into(),
                a.expected.into(),
                a.present.into(),
                a.on_leave.into(),
                a.absent.into(),
                yes_no(a.late),
                a.recorded_on.to_string().into(),
                a.recorded_by.as_str().into(),
                a.centre_name.clone().into(),
            ]
        })
        .collect();
    let h = [
        "cadence.col.held_at",
        "cadence.col.node",
        "cadence.col.types",
        "cadence.col.topic",
        "cadence.col.place",
        "cadence.col.host",
        "cadence.col.recorder",
        "cadence.col.lecturer",
        "cadence.col.expected",
        "cadence.col.present",
        "cadence.col.on_leave",
        "cadence.col.absent",
        "cadence.col.late",
        "cadence.col.recorded_on",
        "cadence.col.recorded_by",
        "cadence.col.centre",
    ];
    xlsx::download_keys(tr, "activities.xlsx", "cadence.sheet_activities", &h, data)
}

/// Activities as .xlsx, with the list's filters (audited).
#[utoipa::path(get, path = "/api/v1/activities/export.xlsx", tag = "cadence", params(ActivityQuery),
    responses((status = 200, description = "Activities as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn export_api(
    State(st): State<AppState>,
    me: Authed,
    crate::api::ApiQuery(q): crate::api::ApiQuery<ActivityQuery>,
) -> WebResult<Response> {
    export(st.store.scoped(&me.actor), me.ctx.tr(), &q).await
}

pub(crate) async fn compliance(s: Scoped<'_>, tr: Tr, q: &ComplianceQuery) -> WebResult<Response> {
    let c = q.read(s, xlsx::EXPORT_CAP as usize).await?;
    s.audit()
        .note(
            "export",
            "cadence_compliance",
            Permission::CadenceRead,
            Some(c.node_id),
            Some(serde_json::json!({"rows": c.behind.len(), "on": c.on})),
        )
        .await?;
    let names = type_names(s, tr).await?;
    let data = c
        .behind
        .iter()
        .map(|b| {
            vec![
                b.name.as_str().into(),
                names
                    .get(&b.activity_type)
                    .map_or(b.activity_type.as_str(), String::as_str)
                    .into(),
                tr.t(&format!("cadence.cycle.{}", b.cycle)).into(),
                b.period.as_str().into(),
                i64::from(b.done).into(),
                i64::from(b.required).into(),
                b.deadline.to_string().into(),
                b.days_left.into(),
            ]
        })
        .collect();
    let h = [
        "cadence.col.organization",
        "cadence.col.activity_type",
        "cadence.col.cycle",
        "cadence.col.period",
        "cadence.col.done",
        "cadence.col.required",
        "cadence.col.deadline",
        "cadence.col.days_left",
    ];
    xlsx::download_keys(tr, "compliance.xlsx", "cadence.sheet_behind", &h, data)
}

/// What is behind under a node on a day, as .xlsx (audited): every obligation not met in
/// its current period, with the organization, the period, done and required and the days
/// left.
#[utoipa::path(get, path = "/api/v1/compliance/export.xlsx", tag = "cadence", params(ComplianceQuery),
    responses((status = 200, description = "What is behind, as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn compliance_api(
    State(st): State<AppState>,
    me: Authed,
    crate::api::ApiQuery(q): crate::api::ApiQuery<ComplianceQuery>,
) -> WebResult<Response> {
    compliance(st.store.scoped(&me.actor), me.ctx.tr(), &q).await
}

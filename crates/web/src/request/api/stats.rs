//! The measures of service requests over the API: counts, the three rates of 接诉即办 and the
//! on-time rate for a node and period, broken down by category, channel, handling unit and
//! child node; their .xlsx export; and the figures of enterprise visits.

use crate::api::ApiQuery;
use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::xlsx;
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Json;
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_storage::request::stats::{
    Period, RequestFigures, RequestStats, StatsChild, StatsLine, VisitFigures, VisitLine,
    VisitStats,
};
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/v1/requests/stats", get(stats))
        .route("/v1/requests/stats/export.xlsx", get(export))
        .route("/v1/visits/stats", get(visit_stats))
}

#[derive(OpenApi)]
#[openapi(
    paths(stats, export, visit_stats),
    components(schemas(RequestStats, RequestFigures, StatsLine, StatsChild, VisitStats, VisitFigures, VisitLine)),
    tags((name = "request-stats", description = "Measures of service requests (诉求工单): counts, 响应率, 解决率, 满意率 and the on-time rate for any node and period, read from maintained daily counters. A request counts in the period of the Beijing day it was created, with its outcome so far; it counts for a node when it lies in the node's subtree or is handled there (the requests the node's list shows). Needs `request.read` over the node (404 otherwise).")),
)]
pub struct Doc;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// The node measured; the caller's scope when absent (its top nodes added up when it has
    /// several).
    pub under: Option<i64>,
    /// First day, `YYYY-MM-DD` (Beijing date of creation), included.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`, included.
    pub to: Option<String>,
}

impl StatsQuery {
    pub fn period(&self) -> Result<Period, WebError> {
        Ok(Period::parse(
            self.from.as_deref().unwrap_or(""),
            self.to.as_deref().unwrap_or(""),
        )?)
    }
}

/// The measures of a node and period. Rates are percentages to one decimal, null when there
/// is nothing to measure. 422 names a bad `from` or `to`.
#[utoipa::path(get, path = "/api/v1/requests/stats", tag = "request-stats", params(StatsQuery),
    responses((status = 200, body = RequestStats), (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn stats(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> WebResult<Json<RequestStats>> {
    let period = q.period()?;
    let mut s = st
        .store
        .scoped(&me.actor)
        .requests()
        .stats(q.under, period)
        .await?;
    localize(me.ctx.tr(), &mut s);
    Ok(Json(s))
}

/// Puts every name of the answer in the caller's language: categories by their names,
/// channels by their labels (the code stays in `key`), the whole scope by its label.
/// Units and nodes are named as they are registered.
pub(crate) fn localize(tr: Tr, s: &mut RequestStats) {
    if s.node_name.is_empty() {
        s.node_name = tr.t("rstats.scope_all").to_string();
    }
    for l in &mut s.by_category {
        l.name = line_name(tr, l);
    }
    let en = Tr::new(Lang::En);
    for l in &mut s.by_channel {
        l.name = channel_name(tr, &l.key);
        l.name_en = channel_name(en, &l.key);
    }
}

/// [`localize`] for the visit figures: the line of visits outside any park is named.
pub(crate) fn localize_visits(tr: Tr, s: &mut VisitStats) {
    if s.node_name.is_empty() {
        s.node_name = tr.t("rstats.scope_all").to_string();
    }
    for l in s.by_park.iter_mut().filter(|l| l.key.is_empty()) {
        l.name = tr.t("rstats.no_park").to_string();
    }
}

/// The same measures as a workbook: totals, then a sheet per breakdown (category, channel,
/// handling unit, child node).
#[utoipa::path(get, path = "/api/v1/requests/stats/export.xlsx", tag = "request-stats", params(StatsQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> WebResult<Response> {
    export_stats(&st, &me, &q).await
}

/// Enterprise and household visits (走访) of a node and period: visits, distinct places
/// visited, problems recorded, requests raised and solved; per visitor and per park.
#[utoipa::path(get, path = "/api/v1/visits/stats", tag = "request-stats", params(StatsQuery),
    responses((status = 200, body = VisitStats), (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn visit_stats(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> WebResult<Json<VisitStats>> {
    let period = q.period()?;
    let mut s = st
        .store
        .scoped(&me.actor)
        .requests()
        .visit_stats(q.under, period)
        .await?;
    localize_visits(me.ctx.tr(), &mut s);
    Ok(Json(s))
}

/// The figures' columns: translation key and value.
pub(crate) fn columns(f: &RequestFigures) -> Vec<(&'static str, xlsx::Cell)> {
    let rate = |r: Option<f64>| match r {
        Some(p) => xlsx::Cell::Text(format!("{p:.1}%")),
        None => xlsx::Cell::Text("—".into()),
    };
    vec![
        ("rstats.collected", f.collected.into()),
        ("rstats.received", f.received.into()),
        ("rstats.dispatched", f.dispatched.into()),
        ("rstats.accepted", f.accepted.into()),
        ("rstats.accepted_in_time", f.accepted_in_time.into()),
        ("rstats.replied", f.replied.into()),
        ("rstats.closed", f.closed.into()),
        ("rstats.solved", f.solved.into()),
        ("rstats.open", f.open.into()),
        ("rstats.withdrawn", f.withdrawn.into()),
        ("rstats.overdue", f.overdue.into()),
        ("rstats.yellow_cards", f.yellow_cards.into()),
        ("rstats.red_cards", f.red_cards.into()),
        ("rstats.satisfied", f.satisfied.into()),
        ("rstats.basically_satisfied", f.basically_satisfied.into()),
        ("rstats.dissatisfied", f.dissatisfied.into()),
        ("rstats.response_rate", rate(f.response_rate)),
        ("rstats.solution_rate", rate(f.solution_rate)),
        ("rstats.satisfaction_rate", rate(f.satisfaction_rate)),
        ("rstats.on_time_rate", rate(f.on_time_rate)),
    ]
}

/// A channel's name in the caller's language.
pub(crate) fn channel_name(tr: Tr, code: &str) -> String {
    let key = format!("rstats.channel.{code}");
    let t = tr.t(&key);
    if t == key {
        code.to_string()
    } else {
        t.to_string()
    }
}

/// A breakdown line's name in the caller's language.
pub(crate) fn line_name(tr: Tr, l: &StatsLine) -> String {
    if tr.lang == Lang::En {
        l.name_en.clone()
    } else {
        l.name.clone()
    }
}

fn write_sheet(
    wb: &mut Workbook,
    tr: Tr,
    sheet_key: &str,
    first_key: &str,
    rows: Vec<(String, &RequestFigures)>,
) -> Result<(), WebError> {
    let err = |e: rust_xlsxwriter::XlsxError| WebError::Internal(e.to_string());
    let ws: &mut Worksheet = wb.add_worksheet();
    ws.set_name(tr.t(sheet_key)).map_err(err)?;
    let bold = Format::new().set_bold();
    let mut headers = vec![tr.t(first_key)];
    headers.extend(
        columns(&RequestFigures::default())
            .iter()
            .map(|(k, _)| tr.t(k)),
    );
    for (c, h) in headers.iter().enumerate() {
        ws.write_with_format(0, c as u16, *h, &bold).map_err(err)?;
        ws.set_column_width(c as u16, if c == 0 { 24 } else { 12 })
            .map_err(err)?;
    }
    ws.set_freeze_panes(1, 1).map_err(err)?;
    for (r, (name, f)) in rows.into_iter().enumerate() {
        let r = r as u32 + 1;
        ws.write(r, 0, name).map_err(err)?;
        for (c, (_, cell)) in columns(f).into_iter().enumerate() {
            let c = c as u16 + 1;
            match cell {
                xlsx::Cell::Text(s) => ws.write(r, c, s).map(|_| ()),
                xlsx::Cell::Int(n) => ws.write(r, c, n as f64).map(|_| ()),
                xlsx::Cell::Empty => Ok(()),
            }
            .map_err(err)?;
        }
    }
    Ok(())
}

/// The period as the sheets and file name show it.
pub(crate) fn period_label(tr: Tr, s: &RequestStats) -> String {
    match (s.from, s.to) {
        (None, None) => tr.t("rstats.all_time").to_string(),
        (a, b) => format!(
            "{} – {}",
            a.map(|d| d.to_string()).unwrap_or_default(),
            b.map(|d| d.to_string()).unwrap_or_default()
        ),
    }
}

pub(crate) async fn export_stats(
    st: &AppState,
    me: &Authed,
    q: &StatsQuery,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let period = q.period()?;
    let s = st.store.scoped(&me.actor);
    let stats = s.requests().stats(q.under, period).await?;
    let mut wb = Workbook::new();
    let title = if stats.node_name.is_empty() {
        tr.t("rstats.scope_all").to_string()
    } else {
        stats.node_name.clone()
    };
    let mut totals: Vec<(String, &RequestFigures)> = vec![(
        format!("{title} ({})", period_label(tr, &stats)),
        &stats.totals,
    )];
    if stats.node_id.is_some() {
        totals.push((tr.t("rstats.here").to_string(), &stats.here));
        totals.push((tr.t("rstats.from_outside").to_string(), &stats.from_outside));
    }
    write_sheet(&mut wb, tr, "rstats.sheet_totals", "rstats.node", totals)?;
    write_sheet(
        &mut wb,
        tr,
        "rstats.sheet_category",
        "rstats.category",
        stats
            .by_category
            .iter()
            .map(|l| (line_name(tr, l), &l.figures))
            .collect(),
    )?;
    write_sheet(
        &mut wb,
        tr,
        "rstats.sheet_channel",
        "rstats.channel_col",
        stats
            .by_channel
            .iter()
            .map(|l| (channel_name(tr, &l.key), &l.figures))
            .collect(),
    )?;
    write_sheet(
        &mut wb,
        tr,
        "rstats.sheet_handler",
        "rstats.handling_node",
        stats
            .by_handling_node
            .iter()
            .map(|l| (line_name(tr, l), &l.figures))
            .collect(),
    )?;
    write_sheet(
        &mut wb,
        tr,
        "rstats.sheet_children",
        "rstats.child",
        stats
            .children
            .iter()
            .map(|c| (c.name.clone(), &c.figures))
            .collect(),
    )?;
    let bytes = wb
        .save_to_buffer()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    s.audit()
        .note(
            "export",
            "request_stats",
            Permission::RequestRead,
            stats.node_id,
            Some(serde_json::json!({"from": stats.from, "to": stats.to})),
        )
        .await?;
    Ok(xlsx::attachment(
        &format!("{}.xlsx", tr.t("rstats.file_name")),
        bytes,
    ))
}

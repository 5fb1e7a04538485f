//! The measures page of service requests: for a node and a period, the counts, the three
//! rates of 接诉即办 with the on-time rate as bars, the breakdowns by category, channel and
//! handling unit, each child node with a link one level down, and the enterprise visits.

use crate::error::WebResult;
use crate::i18n::Tr;
use crate::pages::{form_failure, page, render, Errors, Layout, Me};
use crate::request::api::charts::{child_lines, stats_charts, StatsCharts};
use crate::request::api::stats::{channel_name, line_name, StatsQuery};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use touyan_domain::request::measure::format_rate;
use touyan_storage::request::stats::{RequestFigures, RequestStats, VisitFigures, VisitStats};

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/requests/stats", get(index))
        .route("/requests/stats/export.xlsx", get(export))
}

/// The page's fields arrive as text: an empty one is no filter.
#[derive(Deserialize, Default)]
struct Q {
    under: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

impl Q {
    fn query(&self) -> WebResult<StatsQuery> {
        Ok(StatsQuery {
            under: crate::pages::opt_id("under", &self.under)?,
            from: self.from.clone(),
            to: self.to.clone(),
        })
    }
    fn text(v: &Option<String>) -> String {
        v.as_deref().unwrap_or("").trim().to_string()
    }
    /// The period as a query string (`from=…&to=…`), for links that keep it.
    fn period_qs(&self) -> String {
        format!(
            "from={}&to={}",
            urlencoding::encode(&Self::text(&self.from)),
            urlencoding::encode(&Self::text(&self.to))
        )
    }
}

/// A rate as a bar.
struct Bar {
    label: &'static str,
    text: String,
    /// Width in percent, 0 when there is nothing to measure.
    width: f64,
    /// What the rate divides, e.g. `3 / 5`.
    of: String,
}

/// One line of a table: a name, an optional link one level down, the figures as shown.
struct Row {
    name: String,
    href: Option<String>,
    f: RequestFigures,
    /// The share of the table's largest `collected`, in percent, for the bar behind it.
    share: f64,
}

#[derive(Template)]
#[template(path = "request/request_stats.html")]
struct StatsPage {
    l: Layout,
    under: String,
    from: String,
    to: String,
    errors: Errors,
    stats: Option<RequestStats>,
    visits: Option<VisitStats>,
    /// Up-links: the node's ancestors the caller may read, top first, without the node.
    crumbs: Vec<(i64, String)>,
    bars: Vec<Bar>,
    children: Vec<Row>,
    categories: Vec<Row>,
    channels: Vec<Row>,
    handlers: Vec<Row>,
    visitors: Vec<(String, VisitFigures)>,
    parks: Vec<(String, VisitFigures)>,
    export_href: String,
    /// The charts, drawn from `charts_src` (the same figures) and shown as tables without it.
    charts: Option<StatsCharts>,
    charts_src: String,
}

impl StatsPage {
    fn rate(&self, r: &Option<f64>) -> String {
        format_rate(*r)
    }
}

fn bars(tr: Tr, f: &RequestFigures) -> Vec<Bar> {
    let bar = |label: &'static str, r: Option<f64>, num: i64, den: i64| Bar {
        label: tr.t(label),
        text: format_rate(r),
        width: r.unwrap_or(0.0).clamp(0.0, 100.0),
        of: format!("{num} / {den}"),
    };
    vec![
        bar(
            "rstats.response_rate",
            f.response_rate,
            f.accepted_in_time,
            f.dispatched,
        ),
        bar("rstats.solution_rate", f.solution_rate, f.solved, f.closed),
        bar(
            "rstats.satisfaction_rate",
            f.satisfaction_rate,
            f.satisfied + f.basically_satisfied,
            f.rated,
        ),
        bar(
            "rstats.on_time_rate",
            f.on_time_rate,
            f.steps_on_time,
            f.steps_done,
        ),
    ]
}

fn rows(lines: Vec<(String, Option<String>, RequestFigures)>) -> Vec<Row> {
    let max = lines
        .iter()
        .map(|(_, _, f)| f.collected)
        .max()
        .unwrap_or(0)
        .max(1);
    lines
        .into_iter()
        .map(|(name, href, f)| Row {
            share: f.collected.max(0) as f64 * 100.0 / max as f64,
            name,
            href,
            f,
        })
        .collect()
}

/// The page before anything is read: the fields as typed, nothing measured yet.
fn blank_page(q: &Q, me: &Me) -> StatsPage {
    StatsPage {
        under: Q::text(&q.under),
        from: Q::text(&q.from),
        to: Q::text(&q.to),
        errors: Errors::default(),
        stats: None,
        visits: None,
        crumbs: vec![],
        bars: vec![],
        children: vec![],
        categories: vec![],
        channels: vec![],
        handlers: vec![],
        visitors: vec![],
        parks: vec![],
        export_href: String::new(),
        charts: None,
        charts_src: String::new(),
        l: Layout::new(&me.ctx, "request_stats", "rstats.title", "/requests/stats"),
    }
}

/// The node's children, each linked one level down, then what was collected at the node
/// itself and what came in from outside its subtree.
fn child_rows(tr: Tr, stats: &RequestStats, drill: &impl Fn(i64) -> String) -> Vec<Row> {
    rows(
        child_lines(tr, stats)
            .into_iter()
            .map(|(name, id, f)| (name, id.map(drill), f))
            .collect(),
    )
}

/// The breakdowns by category, channel and handling unit (linked one level down).
fn breakdowns(p: &mut StatsPage, tr: Tr, stats: &RequestStats, drill: &impl Fn(i64) -> String) {
    p.categories = rows(
        stats
            .by_category
            .iter()
            .map(|x| (line_name(tr, x), None, x.figures.clone()))
            .collect(),
    );
    p.channels = rows(
        stats
            .by_channel
            .iter()
            .map(|x| (channel_name(tr, &x.key), None, x.figures.clone()))
            .collect(),
    );
    p.handlers = rows(
        stats
            .by_handling_node
            .iter()
            .map(|x| {
                (
                    line_name(tr, x),
                    x.key.parse::<i64>().ok().map(drill),
                    x.figures.clone(),
                )
            })
            .collect(),
    );
}

/// The enterprise visits by visitor and by park.
fn visit_lines(p: &mut StatsPage, tr: Tr, visits: &VisitStats) {
    let none = tr.t("rstats.no_park");
    p.visitors = visits
        .by_visitor
        .iter()
        .map(|v| (v.name.clone(), v.figures.clone()))
        .collect();
    p.parks = visits
        .by_park
        .iter()
        .map(|v| {
            (
                if v.key.is_empty() {
                    none.to_string()
                } else {
                    v.name.clone()
                },
                v.figures.clone(),
            )
        })
        .collect();
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<Q>) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let mut p = blank_page(&q, &me);
    let s = st.store.scoped(&me.actor);
    let loaded = async {
        let sq = q.query()?;
        let period = sq.period()?;
        let stats = s.requests().stats(sq.under, period).await?;
        let visits = s.requests().visit_stats(sq.under, period).await?;
        Ok::<_, crate::error::WebError>((sq, stats, visits))
    }
    .await;
    let (sq, stats, visits) = match loaded {
        Ok(x) => x,
        Err(e) => {
            p.errors = Errors(form_failure(e, tr)?);
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p));
        }
    };
    let period = q.period_qs();
    if let Some(id) = stats.node_id {
        let trail = s.orgs().breadcrumbs(id).await?;
        p.crumbs = trail
            .iter()
            .filter(|n| n.id != id)
            .map(|n| (n.id, n.name.clone()))
            .collect();
        p.l.title = format!("{} · {}", tr.t("rstats.title"), stats.node_name);
    }
    let drill = |id: i64| format!("/requests/stats?under={id}&{period}");
    p.bars = bars(tr, &stats.totals);
    p.children = child_rows(tr, &stats, &drill);
    breakdowns(&mut p, tr, &stats, &drill);
    visit_lines(&mut p, tr, &visits);
    let under_qs = sq.under.map(|u| format!("under={u}&")).unwrap_or_default();
    p.export_href = format!("/requests/stats/export.xlsx?{under_qs}{period}");
    p.charts_src = format!("/api/v1/requests/stats/charts?{under_qs}{period}");
    p.charts = Some(stats_charts(tr, &stats));
    p.stats = Some(stats);
    p.visits = Some(visits);
    Ok(page(&p))
}

async fn export(State(st): State<AppState>, me: Me, Query(q): Query<Q>) -> WebResult<Response> {
    crate::request::api::stats::export_stats(&st, &me, &q.query()?).await
}

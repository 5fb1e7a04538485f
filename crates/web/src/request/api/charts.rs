//! The request statistics as charts: for the statistics page's figures, the month-by-month
//! trend with the three rates, the distribution by category and the comparison of child
//! organizations, each as the labels and series a chart draws. They are made from the same
//! measures as the page's tables ([`RequestRepo::stats`]); nothing is counted a second way.
//!
//! [`RequestRepo::stats`]: touyan_storage::request::RequestRepo

use super::stats::{line_name, StatsQuery};
use crate::api::ApiQuery;
pub use crate::charts::{Chart, Series};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::Json;
use serde::Serialize;
use touyan_storage::request::stats::{RequestFigures, RequestStats};
use utoipa::OpenApi;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new().route("/v1/requests/stats/charts", get(charts))
}

#[derive(OpenApi)]
#[openapi(paths(charts), components(schemas(StatsCharts, Chart, Series)))]
pub struct Doc;

/// The charts of the statistics page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StatsCharts {
    /// Requests received (已受理) per month with 响应率, 解决率 and 满意率.
    pub trend: Chart,
    /// Requests collected per category.
    pub categories: Chart,
    /// Requests collected and solved per child organization, then at the node itself and
    /// from outside its subtree (the rows of the page's table by child node).
    pub children: Chart,
}

impl StatsCharts {
    /// The charts in the order the page shows them.
    pub fn all(&self) -> [&Chart; 3] {
        [&self.trend, &self.categories, &self.children]
    }
}

fn count(n: i64) -> Option<f64> {
    Some(n as f64)
}

fn counts(tr: Tr, key: &str, kind: &'static str, values: Vec<i64>) -> Series {
    Series {
        name: tr.t(key).to_string(),
        kind,
        unit: "",
        data: values.into_iter().map(count).collect(),
    }
}

fn rates(tr: Tr, key: &str, values: Vec<Option<f64>>) -> Series {
    Series {
        name: tr.t(key).to_string(),
        kind: "line",
        unit: "%",
        data: values,
    }
}

/// The rows of the comparison of child nodes: each child (with its id), then what was
/// collected at the node itself and what came in from outside, when there is any.
pub(crate) fn child_lines(tr: Tr, s: &RequestStats) -> Vec<(String, Option<i64>, RequestFigures)> {
    let mut lines: Vec<(String, Option<i64>, RequestFigures)> = s
        .children
        .iter()
        .map(|c| (c.name.clone(), Some(c.node_id), c.figures.clone()))
        .collect();
    if s.node_id.is_some() {
        if s.here.collected > 0 {
            lines.push((tr.t("rstats.here").to_string(), None, s.here.clone()));
        }
        if s.from_outside.collected > 0 {
            let name = tr.t("rstats.from_outside").to_string();
            lines.push((name, None, s.from_outside.clone()));
        }
    }
    lines
}

pub(crate) fn trend(tr: Tr, s: &RequestStats) -> Chart {
    let f = |pick: fn(&RequestFigures) -> Option<f64>| -> Vec<Option<f64>> {
        s.by_month.iter().map(|m| pick(&m.figures)).collect()
    };
    let received = s.by_month.iter().map(|m| m.figures.received).collect();
    Chart {
        key: "trend",
        kind: "line",
        title: tr.t("rstats.chart_trend").to_string(),
        label_name: tr.t("rstats.month").to_string(),
        labels: s.by_month.iter().map(|m| m.month.clone()).collect(),
        series: vec![
            counts(tr, "rstats.received", "bar", received),
            rates(tr, "rstats.response_rate", f(|x| x.response_rate)),
            rates(tr, "rstats.solution_rate", f(|x| x.solution_rate)),
            rates(tr, "rstats.satisfaction_rate", f(|x| x.satisfaction_rate)),
        ],
    }
}

fn categories(tr: Tr, s: &RequestStats) -> Chart {
    let collected = s.by_category.iter().map(|c| c.figures.collected).collect();
    Chart {
        key: "categories",
        kind: "pie",
        title: tr.t("rstats.chart_categories").to_string(),
        label_name: tr.t("rstats.category").to_string(),
        labels: s.by_category.iter().map(|c| line_name(tr, c)).collect(),
        series: vec![counts(tr, "rstats.collected", "pie", collected)],
    }
}

fn children(tr: Tr, s: &RequestStats) -> Chart {
    let lines = child_lines(tr, s);
    let collected = lines.iter().map(|l| l.2.collected).collect();
    let solved = lines.iter().map(|l| l.2.solved).collect();
    Chart {
        key: "children",
        kind: "bar",
        title: tr.t("rstats.chart_children").to_string(),
        label_name: tr.t("rstats.child").to_string(),
        labels: lines.into_iter().map(|l| l.0).collect(),
        series: vec![
            counts(tr, "rstats.collected", "bar", collected),
            counts(tr, "rstats.solved", "bar", solved),
        ],
    }
}

/// The charts of a node's measures, named in the caller's language.
pub(crate) fn stats_charts(tr: Tr, s: &RequestStats) -> StatsCharts {
    StatsCharts {
        trend: trend(tr, s),
        categories: categories(tr, s),
        children: children(tr, s),
    }
}

/// The statistics page's charts for a node and period: the same figures as
/// `/api/v1/requests/stats` (its `by_month`, `by_category` and `children` lines) as labels
/// and series. Needs `request.read` over the node (404 otherwise); 422 names a bad `from` or
/// `to`.
#[utoipa::path(get, path = "/api/v1/requests/stats/charts", tag = "request-stats", params(StatsQuery),
    responses((status = 200, body = StatsCharts), (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn charts(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> WebResult<Json<StatsCharts>> {
    let period = q.period()?;
    let s = st
        .store
        .scoped(&me.actor)
        .requests()
        .stats(q.under, period)
        .await?;
    Ok(Json(stats_charts(me.ctx.tr(), &s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use touyan_storage::request::stats::{MonthLine, StatsChild};

    fn figures(collected: i64, solved: i64, rate: Option<f64>) -> RequestFigures {
        RequestFigures {
            collected,
            received: collected,
            solved,
            solution_rate: rate,
            ..Default::default()
        }
    }

    fn stats() -> RequestStats {
        RequestStats {
            node_id: Some(1),
            node_name: "甲园区".into(),
            from: None,
            to: None,
            totals: figures(5, 2, Some(40.0)),
            by_category: vec![],
            by_channel: vec![],
            by_handling_node: vec![],
            by_month: vec![
                MonthLine {
                    month: "2026-01".into(),
                    figures: figures(4, 2, Some(50.0)),
                },
                MonthLine {
                    month: "2026-02".into(),
                    figures: figures(1, 0, None),
                },
            ],
            children: vec![StatsChild {
                node_id: 7,
                name: "甲一网格".into(),
                kind: "grid".into(),
                has_children: false,
                figures: figures(4, 2, None),
            }],
            here: figures(1, 0, None),
            from_outside: RequestFigures::default(),
        }
    }

    #[test]
    fn the_trend_has_received_bars_and_rate_lines() {
        let c = stats_charts(Tr::new(Lang::ZhCn), &stats());
        assert_eq!(c.trend.labels, ["2026-01", "2026-02"]);
        assert_eq!(c.trend.series[0].name, "已受理");
        assert_eq!(c.trend.series[0].data, [Some(4.0), Some(1.0)]);
        let solution = &c.trend.series[2];
        assert_eq!((solution.kind, solution.unit), ("line", "%"));
        assert_eq!(solution.data, [Some(50.0), None]);
        assert_eq!(
            c.trend.rows()[0],
            (
                "2026-01",
                vec!["4".into(), "—".into(), "50%".into(), "—".into()]
            )
        );
    }

    #[test]
    fn the_children_include_the_node_itself_but_not_an_empty_outside() {
        let c = stats_charts(Tr::new(Lang::En), &stats());
        assert_eq!(c.children.labels.len(), 2);
        assert_eq!(c.children.labels[0], "甲一网格");
        assert_eq!(c.children.series[0].data, [Some(4.0), Some(1.0)]);
        assert_eq!(c.children.series[1].data, [Some(2.0), Some(0.0)]);
        let lines = child_lines(Tr::new(Lang::En), &stats());
        assert_eq!(lines[0].1, Some(7));
        assert_eq!(lines[1].1, None);
    }

    #[test]
    fn a_cell_shows_its_unit_and_a_dash_for_nothing() {
        let s = Series {
            name: "x".into(),
            kind: "line",
            unit: "%",
            data: vec![Some(45.5), None],
        };
        assert_eq!(
            (s.cell(0), s.cell(1), s.cell(2)),
            ("45.5%".into(), "—".into(), "—".into())
        );
    }
}

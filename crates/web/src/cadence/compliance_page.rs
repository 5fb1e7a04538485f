//! The compliance page: who keeps the rhythm under a node on a day — the headline figures,
//! the drill-down by child, each obligation across the organizations that have it, what is
//! behind, the monthly trend and the children compared as charts, and the export.

use super::api::{ComplianceQuery, BEHIND_CAP};
use super::io::type_names;
use crate::charts::{Chart, Series};
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::pages::{opt_id, page, parse_page, Layout, Me, Pager};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_storage::cadence::{ChildLine, Compliance, TrendPoint};

#[derive(Deserialize, Default)]
pub(crate) struct PageQ {
    under: Option<String>,
    on: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

#[derive(Template)]
#[template(path = "cadence/compliance.html")]
struct CompliancePage {
    l: Layout,
    /// The compliance, its behind list cut to the page shown.
    v: Compliance,
    /// Lines of the behind list read (up to the cap; the total may be more).
    listed: u64,
    pager: Pager,
    names: HashMap<String, String>,
    trend: Chart,
    children: Chart,
    export_href: String,
    can_write: bool,
}

impl CompliancePage {
    fn rate(&self, r: &Option<f64>) -> String {
        r.map(|v| format!("{v:.1}%")).unwrap_or_else(|| "—".into())
    }
    fn type_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.names.get(code).map_or(code, String::as_str)
    }
    fn cycle(&self, code: &str) -> &'static str {
        self.l.t(&format!("cadence.cycle.{code}"))
    }
    fn drill(&self, node: &i64) -> String {
        format!("/compliance?under={node}&on={}", self.v.on)
    }
    /// More are behind than the page lists (the export has them all).
    fn cut(&self) -> bool {
        self.v.behind_total > self.listed
    }
    fn child_name(&self, c: &ChildLine) -> String {
        child_label(self.l.tr, c)
    }
}

/// A child's name in the drill-down, the node itself marked as such.
fn child_label(tr: Tr, c: &ChildLine) -> String {
    if c.itself {
        format!("{}（{}）", c.name, tr.t("cadence.itself"))
    } else {
        c.name.clone()
    }
}

/// Organizations counted and keeping all, as bars, with the share as a line.
fn series(tr: Tr, lines: &[(u64, u64, Option<f64>)]) -> Vec<Series> {
    vec![
        Series::counts(
            tr.t("cadence.organizations"),
            "bar",
            lines.iter().map(|l| l.0),
        ),
        Series::counts(tr.t("cadence.keeping"), "bar", lines.iter().map(|l| l.1)),
        Series {
            name: tr.t("cadence.rate").to_string(),
            kind: "line",
            unit: "%",
            data: lines.iter().map(|l| l.2).collect(),
        },
    ]
}

fn trend_chart(tr: Tr, trend: &[TrendPoint]) -> Chart {
    let lines: Vec<_> = trend
        .iter()
        .map(|p| (p.organizations, p.keeping, p.rate))
        .collect();
    Chart {
        key: "cadence_trend",
        kind: "line",
        title: tr.t("cadence.chart_trend").to_string(),
        label_name: tr.t("cadence.month").to_string(),
        labels: trend.iter().map(|p| p.month.clone()).collect(),
        series: series(tr, &lines),
    }
}

fn children_chart(tr: Tr, children: &[ChildLine]) -> Chart {
    let lines: Vec<_> = children
        .iter()
        .map(|c| (c.organizations, c.keeping, c.rate))
        .collect();
    Chart {
        key: "cadence_children",
        kind: "bar",
        title: tr.t("cadence.chart_children").to_string(),
        label_name: tr.t("cadence.col.organization").to_string(),
        labels: children.iter().map(|c| child_label(tr, c)).collect(),
        series: series(tr, &lines),
    }
}

pub(crate) async fn show(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<PageQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let query = ComplianceQuery {
        under: opt_id("under", &q.under)?,
        on: q.on.clone().filter(|t| !t.trim().is_empty()),
    };
    let req = parse_page(&q.page, &q.per_page)?;
    let mut c = query.read(s, BEHIND_CAP).await?;
    let all = std::mem::take(&mut c.behind);
    let listed = all.len() as u64;
    let params = [("under", c.node_id.to_string()), ("on", c.on.to_string())];
    let pager = Pager::new(req, listed, &params);
    c.behind = all
        .into_iter()
        .skip(req.offset() as usize)
        .take(req.per_page as usize)
        .collect();
    let export_href = format!(
        "/api/v1/compliance/export.xlsx?under={}&on={}",
        c.node_id, c.on
    );
    Ok(page(&CompliancePage {
        l: Layout::new(&me.ctx, "compliance", "nav.compliance", "/compliance"),
        names: type_names(s, tr).await?,
        trend: trend_chart(tr, &c.trend),
        children: children_chart(tr, &c.children),
        export_href,
        can_write: me.actor.grants.holds_anywhere(Permission::CadenceWrite),
        v: c,
        listed,
        pager,
    }))
}

//! A subtree's ratings with its star distribution and trend, the notice page, and an
//! organization's star history.

use super::pages::{points, stars};
use crate::charts::{Chart, Series};
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::pages::{opt_id, page, parse_page, Layout, Me, Pager};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use touyan_storage::rating::{Distribution, MoveView, RatingFilter, RatingView};
use touyan_storage::{Scoped, StorageError};

fn star_names(tr: Tr) -> Vec<String> {
    let mut v = vec![tr.t("rating.unrated").to_string()];
    v.extend((1..=5).map(|s| format!("{s}★")));
    v
}

/// The distribution of the latest period as a pie, and the trend of every star by period.
fn charts(tr: Tr, d: &[Distribution]) -> Vec<Chart> {
    let names = star_names(tr);
    let mut out = vec![];
    if let Some(last) = d.last() {
        out.push(Chart {
            key: "rating_distribution",
            kind: "pie",
            title: tr.tf("rating.chart_distribution", &[("period", &last.period)]),
            label_name: tr.t("rating.col.star").to_string(),
            labels: names.clone(),
            series: vec![Series::counts(
                tr.t("rating.col.count"),
                "pie",
                last.counts.iter().map(|n| (*n).max(0) as u64),
            )],
        });
    }
    out.push(Chart {
        key: "rating_trend",
        kind: "line",
        title: tr.t("rating.chart_trend").to_string(),
        label_name: tr.t("rating.col.period").to_string(),
        labels: d.iter().map(|x| x.period.clone()).collect(),
        series: (0..6)
            .map(|s| {
                Series::counts(
                    &names[s],
                    "line",
                    d.iter().map(|x| x.counts[s].max(0) as u64),
                )
            })
            .collect(),
    });
    out
}

#[derive(Deserialize, Default)]
pub(crate) struct ListQ {
    under: Option<String>,
    period: Option<String>,
    ok: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

#[derive(Template)]
#[template(path = "rating/list.html")]
struct ListPage {
    l: Layout,
    rows: Vec<RatingView>,
    pager: Pager,
    under: String,
    period: String,
    charts: Vec<Chart>,
    node_id: Option<i64>,
    can_manage: bool,
    export_href: String,
}

impl ListPage {
    fn stars(&self, s: &Option<u8>) -> String {
        stars(self.l.tr, s)
    }
    fn points(&self, s: &Option<i64>) -> String {
        points(s)
    }
}

/// The node a subtree's charts are drawn for: the one asked, else the caller's home node.
fn chart_node(s: &Scoped<'_>, under: Option<i64>) -> Option<i64> {
    under.or_else(|| s.actor().home_ref().map(|(id, _)| id))
}

pub(crate) async fn index(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let req = parse_page(&q.page, &q.per_page)?;
    let under = opt_id("under", &q.under)?;
    let period = q.period.clone().unwrap_or_default().trim().to_string();
    let f = RatingFilter {
        under,
        period: Some(period.clone()).filter(|p| !p.is_empty()),
        state: None,
    };
    let p = s.ratings().list(&f, req).await?;
    let node_id = chart_node(&s, under);
    let dist = match node_id {
        Some(n) => match s.ratings().distribution(n, None).await {
            Ok(d) => d,
            Err(StorageError::NotFound) => vec![],
            Err(e) => return Err(e.into()),
        },
        None => vec![],
    };
    let params = vec![
        ("under", under.map(|u| u.to_string()).unwrap_or_default()),
        ("period", period.clone()),
    ];
    let pager = Pager::new(req, p.total, &params);
    let tr = me.ctx.tr();
    let export_href = format!(
        "/api/v1/ratings/export.xlsx?{}",
        pager.base.trim_end_matches('&')
    );
    Ok(page(&ListPage {
        export_href,
        l: Layout::new(&me.ctx, "ratings", "nav.ratings", "/ratings").with_flash(q.ok.as_deref()),
        rows: p.items,
        pager,
        under: params[0].1.clone(),
        period,
        charts: if dist.is_empty() {
            vec![]
        } else {
            charts(tr, &dist)
        },
        node_id,
        can_manage: me
            .actor
            .grants
            .holds_anywhere(touyan_domain::access::Permission::RatingManage),
    }))
}

#[derive(Template)]
#[template(path = "rating/notice.html")]
struct NoticePage {
    l: Layout,
    rows: Vec<RatingView>,
    pager: Pager,
}

impl NoticePage {
    fn stars(&self, s: &Option<u8>) -> String {
        stars(self.l.tr, s)
    }
}

pub(crate) async fn notice(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let req = parse_page(&q.page, &q.per_page)?;
    let f = RatingFilter {
        under: opt_id("under", &q.under)?,
        period: None,
        state: Some("notice".into()),
    };
    let p = s.ratings().list(&f, req).await?;
    let pager = Pager::new(req, p.total, &[]);
    Ok(page(&NoticePage {
        l: Layout::new(&me.ctx, "ratings", "rating.notice_title", "/ratings/notice"),
        rows: p.items,
        pager,
    }))
}

#[derive(Template)]
#[template(path = "rating/history.html")]
struct HistoryPage {
    l: Layout,
    node_id: i64,
    node_name: String,
    moves: Vec<MoveView>,
    rows: Vec<RatingView>,
    charts: Vec<Chart>,
}

impl HistoryPage {
    fn stars(&self, s: &Option<u8>) -> String {
        stars(self.l.tr, s)
    }
    fn points(&self, s: &Option<i64>) -> String {
        points(s)
    }
}

pub(crate) async fn history(
    State(st): State<AppState>,
    me: Me,
    Path(node_id): Path<i64>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let (moves, rows) = s.ratings().history(node_id).await?;
    // The name as the ratings carry it; an organization not yet rated is named by the tree.
    let node_name = match rows.first() {
        Some(r) => r.node_name.clone(),
        None => s
            .orgs()
            .get(node_id)
            .await
            .map(|n| n.name)
            .unwrap_or_default(),
    };
    let tr = me.ctx.tr();
    // The star of each period, oldest first (unrated as 0), when there are two or more.
    let charts = if rows.len() < 2 {
        vec![]
    } else {
        vec![Chart {
            key: "rating_history",
            kind: "line",
            title: tr.t("rating.chart_history").to_string(),
            label_name: tr.t("rating.col.period").to_string(),
            labels: rows.iter().rev().map(|r| r.period.clone()).collect(),
            series: vec![Series::counts(
                tr.t("rating.col.star"),
                "line",
                rows.iter().rev().map(|r| u64::from(r.star.unwrap_or(0))),
            )],
        }]
    };
    let mut l = Layout::new(
        &me.ctx,
        "ratings",
        "rating.history_title",
        &format!("/ratings/history/{node_id}"),
    );
    l.title = format!("{} · {node_name}", l.title);
    Ok(page(&HistoryPage {
        l,
        node_id,
        node_name,
        moves,
        rows,
        charts,
    }))
}

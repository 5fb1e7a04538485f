//! The ratings' pages: a subtree's ratings with its star distribution and trend, the notice
//! page, one rating with its objections and answers, an organization's star history, rule
//! settings and the direct-rating form; the star panel of the organization's page.

use crate::area::PanelAnswer;
use crate::charts::{Chart, Series};
use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::pages::{
    form_failure, opt_id, page, parse_page, render, see_other, Errors, Layout, Me, Pager,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::rating::{DirectInput, RuleInput, TextInput};
use touyan_storage::rating::{
    Distribution, MoveView, RatingDetail, RatingFilter, RatingView, RuleView,
};
use touyan_storage::{Scoped, StorageError};

pub fn routes() -> crate::routes::Routes {
    use super::allowance_pages as a;
    crate::routes::Routes::new()
        .route("/ratings", get(index))
        .route("/ratings/notice", get(notice))
        .route("/ratings/direct", get(direct_form).post(direct))
        .route("/ratings/history/{node_id}", get(history))
        .route("/ratings/rules/{node_id}", get(rules_form).post(set_rules))
        .route("/ratings/{id}", get(show))
        .route("/ratings/{id}/objections", post(object))
        .route("/ratings/{id}/objections/{oid}/answer", post(answer))
        .route("/allowances", get(a::index).post(a::compute))
        .route(
            "/allowances/amounts/{node_id}",
            get(a::amounts_form).post(a::set_amounts),
        )
        .route("/allowances/{id}", get(a::show))
        .route("/allowances/{id}/approve", post(a::approve))
        .route("/allowances/{id}/pay", post(a::pay))
        .route("/allowances/{id}/reverse", post(a::reverse))
        .merge(super::rounds_page::routes())
}

/// A form's fields, as posted.
pub(crate) use crate::pages::{field, Fields};

/// Stars as shown: ★★★ (none: unrated).
pub(crate) fn stars(tr: Tr, s: &Option<u8>) -> String {
    match s {
        Some(n) => "★".repeat(usize::from(*n)),
        None => tr.t("rating.unrated").to_string(),
    }
}

/// A score in hundredths as points (`92.50`).
pub(crate) fn points(s: &Option<i64>) -> String {
    s.map(|v| format!("{}.{:02}", v / 100, v % 100))
        .unwrap_or_default()
}

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
struct ListQ {
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

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
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

async fn notice(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
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
#[template(path = "rating/show.html")]
struct ShowPage {
    l: Layout,
    d: RatingDetail,
    errors: Errors,
}

impl ShowPage {
    fn stars(&self, s: &Option<u8>) -> String {
        stars(self.l.tr, s)
    }
    fn points(&self, s: &Option<i64>) -> String {
        points(s)
    }
}

#[derive(Deserialize, Default)]
struct OkQ {
    ok: Option<String>,
}

async fn show_page(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    errors: BTreeMap<String, String>,
) -> WebResult<ShowPage> {
    let d = st.store.scoped(&me.actor).ratings().detail(id).await?;
    Ok(ShowPage {
        l: Layout::new(
            &me.ctx,
            "ratings",
            "rating.title",
            &format!("/ratings/{id}"),
        )
        .with_flash(flash),
        d,
        errors: Errors(errors),
    })
}

async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    Ok(page(
        &show_page(&st, &me, id, q.ok.as_deref(), BTreeMap::new()).await?,
    ))
}

/// Back to the rating with `ok`, or its page again with the form's errors.
async fn after(
    st: &AppState,
    me: &Me,
    id: i64,
    form: &str,
    r: Result<RatingDetail, StorageError>,
    ok: &str,
) -> WebResult<Response> {
    match r {
        Ok(_) => Ok(see_other(&format!("/ratings/{id}?ok={ok}"))),
        Err(e) => {
            let errors = form_failure(WebError::from(e), me.ctx.tr())?
                .into_iter()
                .map(|(k, v)| (format!("{form}.{k}"), v))
                .collect();
            let p = show_page(st, me, id, None, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

async fn object(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = TextInput {
        body: field(&fields, "body"),
    };
    let r = st
        .store
        .scoped(&me.actor)
        .ratings()
        .object(id, &input)
        .await;
    after(&st, &me, id, "objection", r, "ok.rating_objected").await
}

async fn answer(
    State(st): State<AppState>,
    me: Me,
    Path((id, oid)): Path<(i64, i64)>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = TextInput {
        body: field(&fields, "body"),
    };
    let s = st.store.scoped(&me.actor);
    let r = s.ratings().answer(id, oid, &input).await;
    after(
        &st,
        &me,
        id,
        &format!("answer{oid}"),
        r,
        "ok.rating_answered",
    )
    .await
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

async fn history(
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

#[derive(Template)]
#[template(path = "rating/rules.html")]
struct RulesPage {
    l: Layout,
    r: RuleView,
    /// The rules come from a node above.
    inherited: bool,
    values: BTreeMap<String, String>,
    errors: Errors,
}

impl RulesPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
}

fn rule_values(r: &RuleView) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    for i in 0..5 {
        v.insert(format!("threshold_{}", i + 1), points(&r.thresholds[i]));
        let cap = r.caps[i].map(|c| c.to_string()).unwrap_or_default();
        v.insert(format!("cap_{}", i + 1), cap);
    }
    v.insert("veto_policy".into(), r.veto_policy.clone());
    v.insert(
        "step_limit".into(),
        if r.step_limit { "on" } else { "" }.into(),
    );
    v.insert("notice_days".into(), r.notice_days.to_string());
    v
}

async fn rules_form(
    State(st): State<AppState>,
    me: Me,
    Path(node_id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    let r = st.store.scoped(&me.actor).ratings().rules(node_id).await?;
    let path = format!("/ratings/rules/{node_id}");
    Ok(page(&RulesPage {
        l: Layout::new(&me.ctx, "ratings", "rating.rules_title", &path).with_flash(q.ok.as_deref()),
        values: rule_values(&r),
        inherited: r.from_node_id.is_some_and(|n| n != node_id),
        r,
        errors: Errors::default(),
    }))
}

async fn set_rules(
    State(st): State<AppState>,
    me: Me,
    Path(node_id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let f = |k: &str| field(&fields, k);
    let input = RuleInput {
        threshold_1: f("threshold_1"),
        threshold_2: f("threshold_2"),
        threshold_3: f("threshold_3"),
        threshold_4: f("threshold_4"),
        threshold_5: f("threshold_5"),
        cap_1: f("cap_1"),
        cap_2: f("cap_2"),
        cap_3: f("cap_3"),
        cap_4: f("cap_4"),
        cap_5: f("cap_5"),
        veto_policy: f("veto_policy"),
        step_limit: f("step_limit"),
        notice_days: f("notice_days"),
    };
    let repo = st.store.scoped(&me.actor).ratings();
    match repo.set_rules(node_id, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "/ratings/rules/{node_id}?ok=ok.rating_rules_saved"
        ))),
        Err(e) => {
            let errors = form_failure(WebError::from(e), me.ctx.tr())?;
            let r = repo.rules(node_id).await?;
            let path = format!("/ratings/rules/{node_id}");
            let p = RulesPage {
                l: Layout::new(&me.ctx, "ratings", "rating.rules_title", &path),
                inherited: r.from_node_id.is_some_and(|n| n != node_id),
                r,
                values: fields.into_iter().collect(),
                errors: Errors(errors),
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

#[derive(Template)]
#[template(path = "rating/direct.html")]
struct DirectPage {
    l: Layout,
    values: BTreeMap<String, String>,
    errors: Errors,
}

impl DirectPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
}

async fn direct_form(me: Me) -> WebResult<Response> {
    Ok(page(&DirectPage {
        l: Layout::new(&me.ctx, "ratings", "rating.direct_title", "/ratings/direct"),
        values: BTreeMap::new(),
        errors: Errors::default(),
    }))
}

async fn direct(
    State(st): State<AppState>,
    me: Me,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let input = DirectInput {
        node_id: field(&fields, "node_id"),
        period: field(&fields, "period"),
        star: field(&fields, "star"),
        reason: field(&fields, "reason"),
    };
    match st
        .store
        .scoped(&me.actor)
        .ratings()
        .rate_direct(&input)
        .await
    {
        Ok(d) => Ok(see_other(&format!(
            "/ratings/{}?ok=ok.rating_rated",
            d.rating.id
        ))),
        Err(e) => {
            let errors = form_failure(WebError::from(e), me.ctx.tr())?;
            let p = DirectPage {
                l: Layout::new(&me.ctx, "ratings", "rating.direct_title", "/ratings/direct"),
                values: fields.into_iter().collect(),
                errors: Errors(errors),
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

/// What the organization page's star panel shows.
#[derive(Template)]
#[template(path = "rating/panel.html")]
struct StarPanel {
    tr: Tr,
    node_id: i64,
    current: Option<RatingView>,
    stars: String,
}

/// The organization's current final star, when the caller reads ratings there.
pub(crate) fn star_panel(s: Scoped<'_>, tr: Tr, id: i64) -> PanelAnswer<'_> {
    Box::pin(async move {
        let current = match s.ratings().current_star(id).await {
            Ok(c) => c,
            Err(StorageError::NotFound) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let panel = StarPanel {
            tr,
            node_id: id,
            stars: current
                .as_ref()
                .map(|c| stars(tr, &c.star))
                .unwrap_or_default(),
            current,
        };
        let html = panel
            .render()
            .map_err(|e| WebError::Internal(format!("template: {e}")))?;
        Ok(Some(html))
    })
}

//! The ledger's pages: the list with its filters, the coverage of the filtered node and its
//! chart; one enterprise's page with its profile, revenue and party status, where the profile
//! is first recorded on an enterprise node and later changed or removed.

use crate::charts::{Chart, Series};
use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::pages::{
    form_failure, label_opts, opt_id, page, parse_page, read_fields, render, see_other, Errors,
    Layout, Me, Opt, Pager,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use chrono::Datelike;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::enterprise::links::LinkKind;
use touyan_domain::enterprise::{
    EnterpriseInput, PartyStatus, RevenueInput, INDUSTRIES, OVER_100_MILLION, OVER_1_BILLION,
    SIZES, STATUSES,
};
use touyan_storage::enterprise::{
    AssignmentView, Coverage, CoverageBy, CoverageRow, EnterpriseFilter, EnterpriseView, LinkView,
    RevenueView,
};
use touyan_storage::kit::today;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/enterprises", get(index))
        .route("/enterprises/{id}", get(show).post(save))
        .route("/enterprises/{id}/delete", post(remove))
        .route("/enterprises/{id}/revenues", post(add_revenue))
        .route(
            "/enterprises/{id}/revenues/{rid}/delete",
            post(remove_revenue),
        )
        .merge(super::ties_pages::routes())
        .merge(super::census::page_routes())
        .merge(super::parks_pages::page_routes())
        .merge(super::io::page_routes())
}

fn party_codes() -> Vec<&'static str> {
    PartyStatus::ALL.iter().map(|p| p.code()).collect()
}

#[derive(Deserialize, Default)]
struct ListQ {
    under: Option<String>,
    q: Option<String>,
    status: Option<String>,
    industry: Option<String>,
    size: Option<String>,
    party: Option<String>,
    breaking_rule: Option<String>,
    without_instructor: Option<String>,
    /// A party organization: only the enterprises it is linked to now.
    covered_by: Option<String>,
    /// The breakdown of the coverage: `child`, `industry` or `size`.
    by: Option<String>,
    revenue_year: Option<String>,
    ok: Option<String>,
    /// A revenue band: `100m` (亿元以上) or `1b` (十亿元以上).
    revenue: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

#[derive(Template)]
#[template(path = "enterprise/enterprises.html")]
struct ListPage {
    l: Layout,
    items: Vec<EnterpriseView>,
    pager: Pager,
    f: BTreeMap<&'static str, String>,
    coverage: Coverage,
    chart: Chart,
    /// `child`, `industry` or `size`.
    by: &'static str,
    lines: Vec<CoverageRow>,
    /// The lines' organization coverage rates compared.
    lines_chart: Chart,
    /// The coverage by census year, when two years or more were taken under the node.
    trend_chart: Option<Chart>,
    statuses: Vec<Opt>,
    industries: Vec<Opt>,
    sizes: Vec<Opt>,
    parties: Vec<Opt>,
    export_href: String,
    /// The organization the list is narrowed to, by name (from the rows' links).
    covering_name: String,
}

impl ListPage {
    fn val(&self, k: &str) -> &str {
        self.f.get(k).map(String::as_str).unwrap_or("")
    }
    fn label(&self, prefix: &str, code: &str) -> &'static str {
        self.l.t(&format!("{prefix}.{code}"))
    }
    fn opt_label(&self, prefix: &str, code: &Option<String>) -> &'static str {
        code.as_deref()
            .map(|c| self.label(prefix, c))
            .unwrap_or("—")
    }
    fn rate(&self, r: &Option<f64>) -> String {
        rate_text(r)
    }
    fn line_name(&self, row: &CoverageRow) -> String {
        line_label(self.l.tr, self.by, row)
    }
    fn by_col(&self) -> &'static str {
        self.l.t(&format!("ent.by_{}_col", self.by))
    }
    fn by_name(&self, b: &str) -> &'static str {
        self.l.t(&format!("ent.by_{b}"))
    }
    /// The address of this page broken down by `by`, with its filters.
    fn by_href(&self, by: &str) -> String {
        format!("/enterprises?{}by={by}", self.pager.base)
    }
}

/// A coverage rate as the pages show it: one decimal and a percent sign, a dash for none.
pub(super) fn rate_text(r: &Option<f64>) -> String {
    r.map(|v| format!("{v:.1}%")).unwrap_or_else(|| "—".into())
}

/// A breakdown line's label: the child's name, the industry or size in words, or "none
/// recorded" (for a child: the node itself).
fn line_label(tr: Tr, by: &str, row: &CoverageRow) -> String {
    if row.key.is_empty() {
        return tr
            .t(match by {
                "child" => "ent.line_here",
                "chain" => "ent.line_no_chain",
                _ => "ent.line_none",
            })
            .to_string();
    }
    match by {
        "child" | "chain" => row.name.clone().unwrap_or_else(|| row.key.clone()),
        "industry" => tr.t(&format!("ent.industry.{}", row.key)).to_string(),
        _ => tr.t(&format!("ent.size.{}", row.key)).to_string(),
    }
}

/// The breakdown's lines compared: enterprises and those with an organization, and the rate.
fn lines_chart(tr: Tr, by: &'static str, lines: &[CoverageRow]) -> Chart {
    let organized = |c: &Coverage| c.own + c.joint + c.incubation;
    Chart {
        key: "coverage_lines",
        kind: "bar",
        title: tr.t(&format!("ent.by_{by}")).to_string(),
        label_name: tr.t(&format!("ent.by_{by}_col")).to_string(),
        labels: lines.iter().map(|r| line_label(tr, by, r)).collect(),
        series: vec![
            Series::counts(
                tr.t("ent.count"),
                "bar",
                lines.iter().map(|r| r.coverage.enterprises),
            ),
            Series::counts(
                tr.t("ent.organized"),
                "bar",
                lines.iter().map(|r| organized(&r.coverage)),
            ),
            Series {
                name: tr.t("ent.organization_rate").to_string(),
                kind: "line",
                unit: "%",
                data: lines.iter().map(|r| r.coverage.organization_rate).collect(),
            },
        ],
    }
}

/// The coverage of the filtered node by party status, as the list's chart.
fn coverage_chart(tr: Tr, c: &Coverage) -> Chart {
    let values = [c.own, c.joint, c.incubation, c.members_only, c.none];
    Chart {
        key: "enterprise_party",
        kind: "pie",
        title: tr.t("ent.chart_party").to_string(),
        label_name: tr.t("ent.col.party").to_string(),
        labels: party_codes()
            .iter()
            .map(|p| tr.t(&format!("ent.party.{p}")).to_string())
            .collect(),
        series: vec![Series::counts(tr.t("ent.count"), "pie", values)],
    }
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let req = parse_page(&q.page, &q.per_page)?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let breaking = q.breaking_rule.as_deref().is_some_and(|v| !v.is_empty());
    let gaps = q
        .without_instructor
        .as_deref()
        .is_some_and(|v| !v.is_empty());
    let band = match q.revenue.as_deref().unwrap_or("") {
        "" => None,
        "100m" => Some(OVER_100_MILLION),
        "1b" => Some(OVER_1_BILLION),
        _ => return Err(touyan_storage::StorageError::field("revenue", "err.choice").into()),
    };
    let revenue_year = match band {
        Some(_) => Some(
            opt_id("revenue_year", &q.revenue_year)?
                .and_then(|y| i32::try_from(y).ok())
                .unwrap_or(today().year() - 1),
        ),
        None => None,
    };
    let filter = EnterpriseFilter {
        under: opt_id("under", &q.under)?,
        q: q.q.clone(),
        status: q.status.clone(),
        industry: q.industry.clone(),
        size: q.size.clone(),
        party: q.party.clone(),
        breaking_rule: breaking,
        revenue_year,
        revenue_at_least: band,
        without_instructor: gaps,
        covered_by: opt_id("covered_by", &q.covered_by)?,
    };
    let p = s.enterprises().list(&filter, req).await?;
    let covering_name = p
        .items
        .iter()
        .filter_map(|e| e.link.as_ref())
        .find(|k| Some(k.org_node_id) == filter.covered_by)
        .map(|k| k.org_name.clone())
        .unwrap_or_default();
    let coverage = s.enterprises().coverage(filter.under).await?;
    // By the node's children when one is chosen, else by industry.
    let by: &'static str = match (q.by.as_deref().unwrap_or(""), filter.under) {
        ("", Some(_)) | ("child", Some(_)) => "child",
        ("", None) | ("industry", _) | ("child", None) => "industry",
        ("size", _) => "size",
        ("chain", _) => "chain",
        _ => return Err(touyan_storage::StorageError::field("by", "err.choice").into()),
    };
    let lines = s
        .enterprises()
        .coverage_by(filter.under, CoverageBy::parse(by)?)
        .await?;
    let trend = s.enterprises().census_trend(filter.under).await?;
    let trend_chart = (trend.len() > 1).then(|| super::census::trend_chart(tr, &trend));
    let params = vec![
        ("under", text(&q.under)),
        ("q", text(&q.q)),
        ("status", text(&q.status)),
        ("industry", text(&q.industry)),
        ("size", text(&q.size)),
        ("party", text(&q.party)),
        (
            "breaking_rule",
            if breaking { "1".into() } else { String::new() },
        ),
        (
            "without_instructor",
            if gaps { "1".into() } else { String::new() },
        ),
        ("covered_by", text(&q.covered_by)),
    ];
    let pager = Pager::new(req, p.total, &params);
    let export_href = format!(
        "/api/v1/enterprises/export.xlsx?{}",
        pager.base.trim_end_matches('&')
    );
    Ok(page(&ListPage {
        l: Layout::new(&me.ctx, "enterprises", "ent.title", "/enterprises")
            .with_flash(q.ok.as_deref()),
        items: p.items,
        pager,
        f: params.into_iter().collect(),
        chart: coverage_chart(tr, &coverage),
        lines_chart: lines_chart(tr, by, &lines),
        trend_chart,
        by,
        lines,
        coverage,
        statuses: label_opts(tr, "ent.status", &STATUSES),
        industries: label_opts(tr, "ent.industry", &INDUSTRIES),
        sizes: label_opts(tr, "ent.size", &SIZES),
        parties: label_opts(tr, "ent.party", &party_codes()),
        export_href,
        covering_name,
    }))
}

#[derive(Template)]
#[template(path = "enterprise/enterprise.html")]
struct DetailPage {
    l: Layout,
    id: i64,
    name: String,
    /// None while the node has no profile yet (the form records one).
    e: Option<EnterpriseView>,
    revenues: Vec<RevenueView>,
    can_write: bool,
    statuses: Vec<Opt>,
    industries: Vec<Opt>,
    sizes: Vec<Opt>,
    link_kinds: Vec<Opt>,
    links: Vec<LinkView>,
    instructors: Vec<AssignmentView>,
    /// Chains it belongs to now: (committee node, name).
    chains: Vec<(i64, String)>,
    /// Which form the errors belong to: `profile`, `revenue`, `link`, `unlink` or `assign`.
    form: &'static str,
    values: BTreeMap<String, String>,
    errors: Errors,
    today: String,
}

impl DetailPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
    fn opt_label(&self, prefix: &str, code: &Option<String>) -> &'static str {
        code.as_deref()
            .map(|c| self.l.t(&format!("{prefix}.{c}")))
            .unwrap_or("—")
    }
    fn label(&self, prefix: &str, code: &str) -> &'static str {
        self.l.t(&format!("{prefix}.{code}"))
    }
}

/// The profile's fields as the form shows them.
fn values_of(e: &EnterpriseView) -> BTreeMap<String, String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        ("credit_code", e.credit_code.clone()),
        ("legal_rep", o(&e.legal_rep)),
        ("industry", o(&e.industry)),
        ("size", o(&e.size)),
        (
            "employees",
            e.employees.map(|n| n.to_string()).unwrap_or_default(),
        ),
        (
            "founded_on",
            e.founded_on.map(|d| d.to_string()).unwrap_or_default(),
        ),
        ("address", o(&e.address)),
        ("status", e.status.clone()),
        (
            "status_on",
            e.status_on.map(|d| d.to_string()).unwrap_or_default(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

pub(super) struct Failed {
    form: &'static str,
    values: BTreeMap<String, String>,
    errors: BTreeMap<String, String>,
}

async fn detail(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    failed: Option<Failed>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let repo = s.enterprises();
    let (name, e, revenues) = match repo.of_node(id).await? {
        Some(e) => {
            let revenues = repo.revenues(id).await?;
            (e.name.clone(), Some(e), revenues)
        }
        // A node without a profile is shown to those who may record one.
        None => (repo.blank_for(id).await?, None, vec![]),
    };
    let (links, instructors, chains) = if e.is_some() {
        (
            repo.links(id).await?,
            repo.instructors_of(id).await.or_else(none_outside)?,
            repo.chains_of(id).await?,
        )
    } else {
        Default::default()
    };
    let can_write = repo.can_write(id).await?;
    // A refused form's fields over the profile's own: the other form keeps its values.
    let mut values = e.as_ref().map(values_of).unwrap_or_default();
    let (status, form, errors) = match failed {
        Some(f) => {
            values.extend(f.values);
            (StatusCode::UNPROCESSABLE_ENTITY, f.form, f.errors)
        }
        None => (StatusCode::OK, "", BTreeMap::new()),
    };
    let link_kinds: Vec<&str> = LinkKind::ALL.iter().map(|k| k.code()).collect();
    let l = Layout::new(
        &me.ctx,
        "enterprises",
        "ent.title",
        &format!("/enterprises/{id}"),
    )
    .with_flash(flash);
    Ok(render(
        status,
        &DetailPage {
            l,
            id,
            name,
            e,
            revenues,
            can_write,
            statuses: label_opts(tr, "ent.status", &STATUSES),
            industries: label_opts(tr, "ent.industry", &INDUSTRIES),
            sizes: label_opts(tr, "ent.size", &SIZES),
            link_kinds: label_opts(tr, "ent.link_kind", &link_kinds),
            links,
            instructors,
            chains,
            form,
            values,
            errors: Errors(errors),
            today: today().to_string(),
        },
    ))
}

#[derive(Deserialize, Default)]
struct OkQ {
    ok: Option<String>,
}

async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    detail(&st, &me, id, q.ok.as_deref(), None).await
}

/// A profile read through a chain shows no instructors (people stay in their own subtree).
fn none_outside<T: Default>(
    e: touyan_storage::StorageError,
) -> Result<T, touyan_storage::StorageError> {
    match e {
        touyan_storage::StorageError::NotFound => Ok(T::default()),
        e => Err(e),
    }
}

/// A write's outcome: back to the page with a notice, or the page again with the form's
/// errors beside its fields.
pub(super) async fn done<T>(
    st: &AppState,
    me: &Me,
    id: i64,
    r: Result<T, WebError>,
    ok: &str,
    form: &'static str,
    fields: Vec<(String, String)>,
) -> WebResult<Response> {
    match r {
        Ok(_) => Ok(see_other(&format!("/enterprises/{id}?ok={ok}"))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let values = fields.into_iter().filter(|(k, _)| k != "_csrf").collect();
            let failed = Failed {
                form,
                values,
                errors,
            };
            detail(st, me, id, None, Some(failed)).await
        }
    }
}

async fn save(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let r = async {
        let input: EnterpriseInput = read_fields(&fields)?;
        let e = input.parse(today())?;
        Ok::<_, WebError>(st.store.scoped(&me.actor).enterprises().save(id, e).await?)
    }
    .await;
    done(&st, &me, id, r, "ok.ent_saved", "profile", fields).await
}

async fn remove(State(st): State<AppState>, me: Me, Path(id): Path<i64>) -> WebResult<Response> {
    st.store.scoped(&me.actor).enterprises().delete(id).await?;
    Ok(see_other("/enterprises?ok=ok.ent_deleted"))
}

async fn add_revenue(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let r = async {
        let input: RevenueInput = read_fields(&fields)?;
        let v = input.parse(today())?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .enterprises()
                .set_revenue(id, v)
                .await?,
        )
    }
    .await;
    done(&st, &me, id, r, "ok.ent_revenue_saved", "revenue", fields).await
}

async fn remove_revenue(
    State(st): State<AppState>,
    me: Me,
    Path((id, rid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    st.store
        .scoped(&me.actor)
        .enterprises()
        .delete_revenue(id, rid)
        .await?;
    Ok(see_other(&format!(
        "/enterprises/{id}?ok=ok.ent_revenue_deleted"
    )))
}

//! The annual census (起底) over the API and on its page: a year's snapshot taken under a
//! node, corrected row by row, compared with the year before, exported, and the yearly totals
//! as the coverage's trend.

use crate::api::{ApiJson, ApiQuery};
use crate::charts::{Chart, Series};
use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::pages::{
    form_failure, opt_id, parse_page, render, see_other, Errors, Layout, Me, Pager,
};
use crate::require::require;
use crate::xlsx::{self, Cell};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::{Form, Json};
use chrono::Datelike;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use touyan_domain::access::Permission;
use touyan_domain::enterprise::census::{census_year, CensusFillInput};
use touyan_domain::money::Fen;
use touyan_storage::enterprise::{CensusRowView, CensusView, CensusYear};
use touyan_storage::kit::today;
use utoipa::OpenApi;

pub fn api_routes() -> crate::routes::Routes {
    let write = || require(Permission::EnterpriseWrite);
    crate::routes::Routes::new()
        .route(
            "/v1/census",
            get(census).merge(post(take).route_layer(write())),
        )
        .route("/v1/census/trend", get(trend))
        .route("/v1/census/export.xlsx", get(export))
        .route("/v1/census/{id}", put(fill).route_layer(write()))
        .merge(super::census_io::api_routes())
}

pub fn page_routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/census", get(census_page))
        .route("/census/take", post(take_form))
        .route("/census/{id}/fill", post(fix_form))
        .merge(super::census_io::page_routes())
}

#[derive(OpenApi)]
#[openapi(
    paths(census, take, trend, export, fill),
    components(schemas(CensusView, CensusRowView, CensusYear, TakeBody)),
    tags((name = "census", description = "The ledger's annual census (起底): a year's snapshot of every enterprise's figures under a node (staff, members, revenue of the year, operating and party status), taken again to replace it, corrected row by row by the park, compared with the year before; the yearly totals are the coverage's trend. Read with `enterprise.read`, taken and corrected with `enterprise.write`.")),
)]
pub struct Doc;

pub fn doc() -> utoipa::openapi::OpenApi {
    let mut d = Doc::openapi();
    d.merge(super::census_io::Doc::openapi());
    d
}

/// The year asked for, else the latest census under the node, else the current year.
pub(super) async fn year_or_latest(
    s: &touyan_storage::Scoped<'_>,
    under: Option<i64>,
    year: Option<i32>,
) -> WebResult<i32> {
    Ok(match year {
        Some(y) => census_year(&y.to_string(), today())?,
        None => s
            .enterprises()
            .latest_census_year(under)
            .await?
            .unwrap_or_else(|| today().year()),
    })
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CensusQuery {
    /// Only under this node; the caller's whole scope when absent.
    under: Option<i64>,
    /// The census year; the latest census (else the current year) when absent.
    year: Option<i32>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct TakeBody {
    /// The node whose enterprises are counted.
    under: i64,
    #[serde(default, deserialize_with = "touyan_domain::input::num_text")]
    #[schema(value_type = i32)]
    year: String,
}

/// A year's census beside the year before's.
#[utoipa::path(get, path = "/api/v1/census", tag = "census", params(CensusQuery),
    responses((status = 200, body = CensusView), (status = 404, body = crate::api::ErrorBody)))]
pub async fn census(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<CensusQuery>,
) -> WebResult<Json<CensusView>> {
    let s = st.store.scoped(&me.actor);
    let year = year_or_latest(&s, q.under, q.year).await?;
    Ok(Json(s.enterprises().census(q.under, year).await?))
}

/// Takes the census of a year under a node: every enterprise's figures of today, replacing
/// that year's earlier rows for them. Answers the census.
#[utoipa::path(post, path = "/api/v1/census", tag = "census", request_body = TakeBody,
    responses((status = 201, body = CensusView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn take(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(input): ApiJson<TakeBody>,
) -> WebResult<(StatusCode, Json<CensusView>)> {
    let year = census_year(&input.year, today())?;
    let repo = st.store.scoped(&me.actor);
    repo.enterprises().take_census(input.under, year).await?;
    let v = repo.enterprises().census(Some(input.under), year).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// Each census year's totals, oldest first.
#[utoipa::path(get, path = "/api/v1/census/trend", tag = "census", params(CensusQuery),
    responses((status = 200, body = [CensusYear]), (status = 404, body = crate::api::ErrorBody)))]
pub async fn trend(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<CensusQuery>,
) -> WebResult<Json<Vec<CensusYear>>> {
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.enterprises().census_trend(q.under).await?))
}

/// Corrects a census row with the park's own count: staff and revenue (blank: unknown), and
/// members, operating and party status (absent: kept). The row is marked corrected.
#[utoipa::path(put, path = "/api/v1/census/{id}", tag = "census",
    params(("id" = i64, Path, description = "The census row")),
    request_body = CensusFillInput,
    responses((status = 200, body = CensusRowView), (status = 404, body = crate::api::ErrorBody),
    (status = 422, body = crate::api::ErrorBody)))]
pub async fn fill(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CensusFillInput>,
) -> WebResult<Json<CensusRowView>> {
    let f = input.parse()?;
    let s = st.store.scoped(&me.actor);
    Ok(Json(s.enterprises().fill_census(id, f).await?))
}

/// A year's census as .xlsx, each enterprise beside the year before (audited).
#[utoipa::path(get, path = "/api/v1/census/export.xlsx", tag = "census", params(CensusQuery),
    responses((status = 200, description = "The census as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody)))]
pub async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<CensusQuery>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let year = year_or_latest(&s, q.under, q.year).await?;
    let v = s.enterprises().census(q.under, year).await?;
    let detail = serde_json::json!({"year": year, "rows": v.rows.len()});
    s.audit()
        .note(
            "export",
            "enterprise_census",
            Permission::EnterpriseRead,
            q.under,
            Some(detail),
        )
        .await?;
    let money = |f: Option<i64>| -> Cell { f.map(|f| Fen(f).plain()).into() };
    let party = |p: &Option<String>| -> Cell {
        p.as_deref()
            .map(|c| tr.t(&format!("ent.party.{c}")).to_string())
            .into()
    };
    let data = v
        .rows
        .iter()
        .map(|r| {
            vec![
                r.name.as_str().into(),
                tr.t(&format!("ent.status.{}", r.status)).into(),
                party(&Some(r.party.clone())),
                party(&r.previous_party),
                r.employees.into(),
                r.previous_employees.into(),
                Cell::Int(r.members),
                r.previous_members.into(),
                money(r.revenue_fen),
                money(r.previous_revenue_fen),
            ]
        })
        .collect();
    let h = [
        "ent.col.name",
        "ent.col.status",
        "census.col.party",
        "census.col.party_before",
        "census.col.employees",
        "census.col.employees_before",
        "census.col.members",
        "census.col.members_before",
        "census.col.revenue",
        "census.col.revenue_before",
    ];
    xlsx::download_keys(tr, "census.xlsx", "census.sheet", &h, data)
}

#[derive(Deserialize, Default)]
struct PageQ {
    under: Option<String>,
    year: Option<String>,
    ok: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// A row's correction sent back with its field errors.
struct Fix {
    id: i64,
    values: BTreeMap<String, String>,
    errors: Errors,
}

#[derive(Template)]
#[template(path = "enterprise/census.html")]
struct CensusPage {
    l: Layout,
    v: CensusView,
    /// The page of `v.rows` shown (the totals count them all).
    rows: Vec<CensusRowView>,
    pager: Pager,
    trend: Vec<CensusYear>,
    chart: Chart,
    under: String,
    /// The caller may take a census (it holds `enterprise.write` somewhere).
    can_take: bool,
    export_href: String,
    /// The rows of the year the caller may correct.
    writable: HashSet<i64>,
    fix: Option<Fix>,
}

impl CensusPage {
    fn can_fix(&self, id: &i64) -> bool {
        self.writable.contains(id)
    }
    fn fixing(&self, id: &i64) -> bool {
        self.fix.as_ref().is_some_and(|f| f.id == *id)
    }
    /// A correction field's value: as sent back, else the row's own.
    fn fix_val(&self, id: &i64, field: &str, own: impl AsRef<str>) -> String {
        match &self.fix {
            Some(f) if f.id == *id => f.values.get(field).cloned().unwrap_or_default(),
            _ => own.as_ref().to_string(),
        }
    }
    fn fix_title(&self, name: &str) -> String {
        self.l.tr.tf("census.fix.title", &[("name", name)])
    }
    fn template_label(&self) -> String {
        let year = self.v.year.to_string();
        self.l.tr.tf("census.fill.template", &[("year", &year)])
    }
    fn statuses(&self) -> &'static [&'static str] {
        &touyan_domain::enterprise::STATUSES
    }
    fn parties(&self) -> [&'static str; 5] {
        touyan_domain::enterprise::PartyStatus::ALL.map(|p| p.code())
    }
    fn fix_err(&self, id: &i64, field: &str) -> &str {
        match &self.fix {
            Some(f) if f.id == *id => f.errors.get(field),
            _ => "",
        }
    }
    fn yuan(&self, f: &Option<i64>) -> String {
        f.map(|f| Fen(f).plain()).unwrap_or_default()
    }
    fn opt(&self, n: &Option<i64>) -> String {
        n.map(|n| n.to_string()).unwrap_or_default()
    }
    fn rate(&self, r: &Option<f64>) -> String {
        super::pages::rate_text(r)
    }
    fn party(&self, code: &str) -> &'static str {
        self.l.t(&format!("ent.party.{code}"))
    }
    // The columns are headed in ten thousand yuan (万元): the figures carry no unit.
    fn money(&self, f: &Option<i64>) -> String {
        f.map(wan_figure).unwrap_or_else(|| "—".into())
    }
    fn total_money(&self, f: &i64) -> String {
        wan_figure(*f)
    }
    fn signed(&self, n: &i64) -> String {
        format!("{n:+}")
    }
    fn signed_money(&self, f: &i64) -> String {
        let sign = if *f < 0 { "-" } else { "+" };
        format!("{sign}{}", wan_figure(f.abs()))
    }
}

/// An amount in ten thousand yuan without the unit, for a column headed 万元.
fn wan_figure(fen: i64) -> String {
    let s = Fen(fen).wan();
    match s.strip_suffix('万') {
        Some(figure) => figure.to_string(),
        None => s,
    }
}

/// The trend: enterprises counted and the organization coverage rate, by census year (also
/// on the ledger's coverage).
pub(super) fn trend_chart(tr: Tr, trend: &[CensusYear]) -> Chart {
    Chart {
        key: "census_trend",
        kind: "bar",
        title: tr.t("census.trend").to_string(),
        label_name: tr.t("census.year").to_string(),
        labels: trend.iter().map(|y| y.year.to_string()).collect(),
        series: vec![
            Series::counts(
                tr.t("ent.count"),
                "bar",
                trend.iter().map(|y| y.totals.enterprises),
            ),
            Series {
                name: tr.t("ent.organization_rate").to_string(),
                kind: "line",
                unit: "%",
                data: trend.iter().map(|y| y.totals.organization_rate).collect(),
            },
        ],
    }
}

async fn census_page(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<PageQ>,
) -> WebResult<Response> {
    render_census(&st, &me, q, None).await
}

/// The census page; with a correction sent back, that row's dialog open with its errors (422).
async fn render_census(st: &AppState, me: &Me, q: PageQ, fix: Option<Fix>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let under = opt_id("under", &q.under)?;
    let trend = s.enterprises().census_trend(under).await?;
    let asked = match q.year.as_deref().unwrap_or("").trim() {
        "" => None,
        t => Some(census_year(t, today())?),
    };
    let year = year_or_latest(&s, under, asked).await?;
    let mut v = s.enterprises().census(under, year).await?;
    let under_text = q.under.clone().unwrap_or_default();
    let req = parse_page(&q.page, &q.per_page)?;
    let all = std::mem::take(&mut v.rows);
    let params = [("under", under_text.clone()), ("year", year.to_string())];
    let pager = Pager::new(req, all.len() as u64, &params);
    let rows = all
        .into_iter()
        .skip(req.offset() as usize)
        .take(req.per_page as usize)
        .collect();
    let export_href = format!("/api/v1/census/export.xlsx?year={year}&under={under_text}");
    let can_take = !me
        .actor
        .grants
        .scopes(Permission::EnterpriseWrite)
        .is_empty();
    let writable = match can_take {
        true => s.enterprises().census_writable_ids(under, year).await?,
        false => HashSet::new(),
    };
    let status = match fix {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let p = CensusPage {
        l: Layout::new(&me.ctx, "enterprises", "census.title", "/census")
            .with_flash(q.ok.as_deref()),
        chart: trend_chart(me.ctx.tr(), &trend),
        rows,
        pager,
        can_take,
        v,
        trend,
        under: under_text,
        export_href,
        writable,
        fix,
    };
    Ok(render(status, &p))
}

/// Corrects one row from its dialog: back to the census on success, else the page again with
/// the dialog open and its field errors (422).
async fn fix_form(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let get = |k: &str| super::ties_pages::field(&fields, k).to_string();
    let input = CensusFillInput {
        employees: get("employees"),
        revenue: get("revenue"),
        members: get("members"),
        status: get("status"),
        party: get("party"),
    };
    let s = st.store.scoped(&me.actor);
    // Another park's row is not found, whatever the form holds.
    s.enterprises().check_census(id).await?;
    let done = match input.parse_whole() {
        Ok(f) => s
            .enterprises()
            .fill_census(id, f)
            .await
            .map_err(WebError::from),
        Err(e) => Err(e.into()),
    };
    let kept = |k: &str| Some(get(k)).filter(|v| !v.trim().is_empty());
    let q = PageQ {
        under: kept("under"),
        year: kept("year"),
        ok: None,
        page: kept("page"),
        per_page: kept("per_page"),
    };
    match done {
        Ok(row) => {
            let mut to = format!("/census?year={}&ok=ok.census_filled", row_year(&q));
            for (k, v) in [
                ("under", &q.under),
                ("page", &q.page),
                ("per_page", &q.per_page),
            ] {
                if let Some(v) = v {
                    to.push_str(&format!("&{k}={}", urlencoding::encode(v)));
                }
            }
            Ok(see_other(&format!("{to}#census-row-{}", row.id)))
        }
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            let values = fields.into_iter().filter(|(k, _)| k != "_csrf").collect();
            render_census(&st, &me, q, Some(Fix { id, values, errors })).await
        }
    }
}

fn row_year(q: &PageQ) -> String {
    urlencoding::encode(q.year.as_deref().unwrap_or("")).into_owned()
}

async fn take_form(
    State(st): State<AppState>,
    me: Me,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let get = |k: &str| super::ties_pages::field(&fields, k).to_string();
    let year = census_year(&get("year"), today())?;
    let under = opt_id("under", &Some(get("under")))?
        .ok_or_else(|| touyan_storage::StorageError::field("under", "err.required"))?;
    let s = st.store.scoped(&me.actor);
    s.enterprises().take_census(under, year).await?;
    Ok(see_other(&format!(
        "/census?under={under}&year={year}&ok=ok.census_taken"
    )))
}

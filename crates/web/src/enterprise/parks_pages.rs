//! The parks pages: the overview of a node's parks with its filters, summary, the coverage
//! by level as a chart and the export; one park's page with its figures and the form that
//! records or changes its profile.

use super::parks::level_key;
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
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::enterprise::parks::{ParkInput, LEVELS};
use touyan_storage::enterprise::{
    ParkFilter, ParkLevelLine, ParkProfileView, ParkSummary, ParkView,
};
use touyan_storage::StorageError;

pub fn page_routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/parks", get(index))
        .route("/parks/{id}", get(show).post(save))
        .route("/parks/{id}/delete", post(remove))
}

#[derive(Deserialize, Default)]
struct ListQ {
    under: Option<String>,
    level: Option<String>,
    key: Option<String>,
    has_organization: Option<String>,
    fully_covered: Option<String>,
    ok: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// A yes/no filter of the page: `yes`, `no` or blank for either.
fn yes_no(field: &str, v: &Option<String>) -> Result<Option<bool>, WebError> {
    match v.as_deref().unwrap_or("").trim() {
        "" => Ok(None),
        "yes" => Ok(Some(true)),
        "no" => Ok(Some(false)),
        _ => Err(StorageError::field(field, "err.choice").into()),
    }
}

#[derive(Template)]
#[template(path = "enterprise/parks.html")]
struct ListPage {
    l: Layout,
    items: Vec<ParkView>,
    pager: Pager,
    f: BTreeMap<&'static str, String>,
    summary: ParkSummary,
    chart: Chart,
    levels: Vec<Opt>,
    export_href: String,
}

impl ListPage {
    fn val(&self, k: &str) -> &str {
        self.f.get(k).map(String::as_str).unwrap_or("")
    }
    fn level(&self, level: &Option<String>) -> &'static str {
        self.l.t(&level_key(level))
    }
    fn line_level(&self, line: &ParkLevelLine) -> &'static str {
        self.l.t(&level_key(&Some(line.level.clone())))
    }
    fn rate(&self, r: &Option<f64>) -> String {
        super::pages::rate_text(r)
    }
}

/// The parks of each level compared: how many, how many fully covered, and the organization
/// coverage of their enterprises.
fn level_chart(tr: Tr, lines: &[ParkLevelLine]) -> Chart {
    Chart {
        key: "parks_by_level",
        kind: "bar",
        title: tr.t("park.chart").to_string(),
        label_name: tr.t("park.col.level").to_string(),
        labels: lines
            .iter()
            .map(|l| tr.t(&level_key(&Some(l.level.clone()))).to_string())
            .collect(),
        series: vec![
            Series::counts(tr.t("park.parks"), "bar", lines.iter().map(|l| l.parks)),
            Series::counts(
                tr.t("park.fully_covered"),
                "bar",
                lines.iter().map(|l| l.fully_covered),
            ),
            Series {
                name: tr.t("park.organization_rate").to_string(),
                kind: "line",
                unit: "%",
                data: lines.iter().map(|l| l.organization_rate).collect(),
            },
        ],
    }
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let req = parse_page(&q.page, &q.per_page)?;
    let filter = ParkFilter {
        under: opt_id("under", &q.under)?,
        level: q.level.clone(),
        key: yes_no("key", &q.key)?,
        has_organization: yes_no("has_organization", &q.has_organization)?,
        fully_covered: yes_no("fully_covered", &q.fully_covered)?,
    };
    let o = s.enterprises().parks(&filter, req).await?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let params = vec![
        ("under", text(&q.under)),
        ("level", text(&q.level)),
        ("key", text(&q.key)),
        ("has_organization", text(&q.has_organization)),
        ("fully_covered", text(&q.fully_covered)),
    ];
    let pager = Pager::new(req, o.page.total, &params);
    // The export takes the API's true/false for the yes/no filters.
    let flag = |b: Option<bool>| b.map(|b| b.to_string()).unwrap_or_default();
    let export_params = [
        ("under", text(&q.under)),
        ("level", text(&q.level)),
        ("key", flag(filter.key)),
        ("has_organization", flag(filter.has_organization)),
        ("fully_covered", flag(filter.fully_covered)),
    ];
    let query: Vec<String> = export_params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", urlencoding::encode(v)))
        .collect();
    let export_href = format!("/api/v1/parks/export.xlsx?{}", query.join("&"));
    Ok(page(&ListPage {
        l: Layout::new(&me.ctx, "enterprises", "park.title", "/parks").with_flash(q.ok.as_deref()),
        items: o.page.items,
        pager,
        f: params.into_iter().collect(),
        chart: level_chart(tr, &o.summary.by_level),
        summary: o.summary,
        levels: label_opts(tr, "park.level", &LEVELS),
        export_href,
    }))
}

#[derive(Template)]
#[template(path = "enterprise/park.html")]
struct DetailPage {
    l: Layout,
    p: ParkProfileView,
    /// The park's own line of the overview.
    figures: Option<ParkView>,
    can_write: bool,
    levels: Vec<Opt>,
    values: BTreeMap<String, String>,
    errors: Errors,
    /// The form came back with errors (its dialog opens).
    failed: bool,
}

impl DetailPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
    fn level(&self, level: &Option<String>) -> &'static str {
        self.l.t(&level_key(level))
    }
    fn rate(&self, r: &Option<f64>) -> String {
        super::pages::rate_text(r)
    }
}

/// The profile's fields as the form shows them.
fn values_of(p: &ParkProfileView) -> BTreeMap<String, String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        ("level", o(&p.level)),
        ("key", if p.key { "1".into() } else { String::new() }),
        ("operator", o(&p.operator)),
        ("address", o(&p.address)),
        ("area", p.area.map(|a| a.to_string()).unwrap_or_default()),
        (
            "committee",
            p.committee.map(|c| c.to_string()).unwrap_or_default(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

type Failed = (Vec<(String, String)>, BTreeMap<String, String>);

async fn detail(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    failed: Option<Failed>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let repo = s.enterprises();
    let p = repo.park_profile(id).await?;
    let f = ParkFilter {
        under: Some(id),
        ..Default::default()
    };
    let figures = repo.parks_all(&f).await?.1.into_iter().find(|v| v.id == id);
    let mut values = values_of(&p);
    let (status, errors, failed) = match failed {
        Some((fields, errors)) => {
            // A box left unticked sends nothing: the form's own answer, not the profile's.
            values.remove("key");
            values.extend(fields.into_iter().filter(|(k, _)| k != "_csrf"));
            (StatusCode::UNPROCESSABLE_ENTITY, errors, true)
        }
        None => (StatusCode::OK, BTreeMap::new(), false),
    };
    let l = Layout::new(
        &me.ctx,
        "enterprises",
        "park.title",
        &format!("/parks/{id}"),
    )
    .with_flash(flash);
    Ok(render(
        status,
        &DetailPage {
            l,
            can_write: repo.can_write(id).await?,
            p,
            figures,
            levels: label_opts(me.ctx.tr(), "park.level", &LEVELS),
            values,
            errors: Errors(errors),
            failed,
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

async fn save(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let repo = st.store.scoped(&me.actor);
    // The park first: one the caller may not see answers 404 whatever the form holds.
    repo.enterprises().park_profile(id).await?;
    let r = async {
        let input: ParkInput = read_fields(&fields)?;
        let p = input.parse()?;
        Ok::<_, WebError>(repo.enterprises().save_park(id, p).await?)
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/parks/{id}?ok=ok.park_saved"))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            detail(&st, &me, id, None, Some((fields, errors))).await
        }
    }
}

async fn remove(State(st): State<AppState>, me: Me, Path(id): Path<i64>) -> WebResult<Response> {
    st.store
        .scoped(&me.actor)
        .enterprises()
        .delete_park(id)
        .await?;
    Ok(see_other(&format!("/parks/{id}?ok=ok.park_deleted")))
}

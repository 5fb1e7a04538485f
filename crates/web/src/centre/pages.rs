//! The register's pages: the list with its filters, counts and charts; a new centre; one
//! centre's page, where it is changed or removed and its enterprises chosen.

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
use touyan_domain::centre::{CentreInput, ServedInput, FACILITIES, KINDS, STATUSES};
use touyan_storage::centre::{CentreCounts, CentreFilter, CentreView};
use touyan_storage::kit::today;
use touyan_storage::StorageError;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/centres", get(index))
        .route("/centres/new", get(new_form).post(create))
        .route("/centres/{id}", get(show).post(update))
        .route("/centres/{id}/delete", post(remove))
        .route("/centres/{id}/enterprises", post(set_served))
        .merge(super::public::routes())
}

#[derive(Deserialize, Default)]
struct ListQ {
    under: Option<String>,
    q: Option<String>,
    kind: Option<String>,
    status: Option<String>,
    ok: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// The list's charts: the centres it finds by kind and by status.
pub(crate) struct CentreCharts {
    kind: Chart,
    status: Chart,
}

impl CentreCharts {
    pub(crate) fn all(&self) -> [&Chart; 2] {
        [&self.kind, &self.status]
    }
}

fn bars(
    tr: Tr,
    key: &'static str,
    prefix: &str,
    codes: &[&str],
    n: &BTreeMap<String, u64>,
) -> Chart {
    Chart {
        key,
        kind: "bar",
        title: tr.t(&format!("centre.chart_{key}")).to_string(),
        label_name: tr.t(&format!("centre.col.{key}")).to_string(),
        labels: codes
            .iter()
            .map(|c| tr.t(&format!("{prefix}.{c}")).to_string())
            .collect(),
        series: vec![Series::counts(
            tr.t("centre.count"),
            "bar",
            codes.iter().map(|c| n.get(*c).copied().unwrap_or(0)),
        )],
    }
}

fn charts(tr: Tr, c: &CentreCounts) -> CentreCharts {
    CentreCharts {
        kind: bars(tr, "kind", "centre.kind", &KINDS, &c.by_kind),
        status: bars(tr, "status", "centre.status", &STATUSES, &c.by_status),
    }
}

#[derive(Template)]
#[template(path = "centre/centres.html")]
struct ListPage {
    l: Layout,
    items: Vec<CentreView>,
    pager: Pager,
    f: BTreeMap<&'static str, String>,
    counts: CentreCounts,
    charts: Option<CentreCharts>,
    kinds: Vec<Opt>,
    statuses: Vec<Opt>,
    can_create: bool,
    export_href: String,
}

impl ListPage {
    fn val(&self, k: &str) -> &str {
        self.f.get(k).map(String::as_str).unwrap_or("")
    }
    fn label(&self, prefix: &str, code: &str) -> &'static str {
        self.l.t(&format!("{prefix}.{code}"))
    }
    fn count_of(&self, code: &str) -> u64 {
        self.counts.by_status.get(code).copied().unwrap_or(0)
    }
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let req = parse_page(&q.page, &q.per_page)?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let filter = CentreFilter {
        under: opt_id("under", &q.under)?,
        q: q.q.clone(),
        kind: q.kind.clone(),
        status: q.status.clone(),
    };
    let p = s.centres().list(&filter, req).await?;
    let counts = s.centres().counts(&filter).await?;
    let params = vec![
        ("under", text(&q.under)),
        ("q", text(&q.q)),
        ("kind", text(&q.kind)),
        ("status", text(&q.status)),
    ];
    let pager = Pager::new(req, p.total, &params);
    let export_href = format!(
        "/api/v1/centres/export.xlsx?{}",
        pager.base.trim_end_matches('&')
    );
    Ok(page(&ListPage {
        l: Layout::new(&me.ctx, "centres", "centre.title", "/centres").with_flash(q.ok.as_deref()),
        items: p.items,
        pager,
        f: params.into_iter().collect(),
        charts: (counts.total > 0).then(|| charts(tr, &counts)),
        counts,
        kinds: label_opts(tr, "centre.kind", &KINDS),
        statuses: label_opts(tr, "centre.status", &STATUSES),
        can_create: s.centres().can_create(),
        export_href,
    }))
}

/// A centre's form: the values shown, their errors, and the choices.
pub(crate) struct CentreForm {
    values: BTreeMap<String, String>,
    errors: Errors,
    kinds: Vec<Opt>,
    statuses: Vec<Opt>,
    facilities: Vec<Opt>,
    today: String,
}

impl CentreForm {
    fn new(tr: Tr, values: BTreeMap<String, String>, errors: BTreeMap<String, String>) -> Self {
        CentreForm {
            values,
            errors: Errors(errors),
            kinds: label_opts(tr, "centre.kind", &KINDS),
            statuses: label_opts(tr, "centre.status", &STATUSES),
            facilities: label_opts(tr, "centre.facility", &FACILITIES),
            today: today().to_string(),
        }
    }
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
    fn has_facility(&self, code: &str) -> bool {
        self.val("facilities").split(',').any(|c| c.trim() == code)
    }
}

/// A centre's fields as the form shows them.
fn values_of(c: &CentreView) -> BTreeMap<String, String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let d = |v: &Option<chrono::NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
    [
        ("name", c.name.clone()),
        ("kind", c.kind.clone()),
        ("node_id", c.node_id.to_string()),
        ("address", o(&c.address)),
        ("facilities", c.facilities.join(",")),
        ("hours", o(&c.hours)),
        ("phone", o(&c.phone)),
        (
            "area_m2",
            c.area_m2.map(|n| n.to_string()).unwrap_or_default(),
        ),
        ("opened_on", d(&c.opened_on)),
        ("status", c.status.clone()),
        ("closed_on", d(&c.closed_on)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// The form's fields with the ticked facilities as one text, and without the form token.
fn form_values(fields: &[(String, String)]) -> Vec<(String, String)> {
    let ticked: Vec<&str> = fields
        .iter()
        .filter(|(k, _)| k == "facilities")
        .map(|(_, v)| v.as_str())
        .collect();
    let mut out: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k != "_csrf" && k != "facilities")
        .cloned()
        .collect();
    out.push(("facilities".into(), ticked.join(",")));
    out
}

#[derive(Template)]
#[template(path = "centre/centre_new.html")]
struct NewPage {
    l: Layout,
    f: CentreForm,
}

async fn new_form(me: Me) -> WebResult<Response> {
    let values = [("status".to_string(), "open".to_string())].into();
    Ok(page(&NewPage {
        l: Layout::new(&me.ctx, "centres", "centre.new_title", "/centres/new"),
        f: CentreForm::new(me.ctx.tr(), values, BTreeMap::new()),
    }))
}

async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let values = form_values(&fields);
    let r = async {
        let input: CentreInput = read_fields(&values)?;
        let c = input.parse(today())?;
        Ok::<_, WebError>(st.store.scoped(&me.actor).centres().create(c).await?)
    }
    .await;
    match r {
        Ok(v) => Ok(see_other(&format!(
            "/centres/{}?ok=ok.centre_created",
            v.id
        ))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let p = NewPage {
                l: Layout::new(&me.ctx, "centres", "centre.new_title", "/centres/new"),
                f: CentreForm::new(me.ctx.tr(), values.into_iter().collect(), errors),
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}

#[derive(Template)]
#[template(path = "centre/centre.html")]
struct DetailPage {
    l: Layout,
    c: CentreView,
    can_write: bool,
    /// Which form the errors belong to: `centre`, `served` or `delete`.
    form: &'static str,
    f: CentreForm,
    /// The activities held at it that the caller reads, latest first.
    held: Vec<super::held::HeldLine>,
}

impl DetailPage {
    fn label(&self, prefix: &str, code: &str) -> &'static str {
        self.l.t(&format!("{prefix}.{code}"))
    }
}

/// A refused form: which one, its values and its errors.
struct Failed {
    form: &'static str,
    values: Vec<(String, String)>,
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
    let (c, can_write) = s.centres().get_with_write(id).await?;
    let mut values = values_of(&c);
    let (status, form, errors) = match failed {
        Some(f) => {
            values.extend(f.values);
            (StatusCode::UNPROCESSABLE_ENTITY, f.form, f.errors)
        }
        None => (StatusCode::OK, "", BTreeMap::new()),
    };
    let l = Layout::new(
        &me.ctx,
        "centres",
        "centre.title",
        &format!("/centres/{id}"),
    )
    .with_flash(flash);
    let held = touyan_storage::held_at_centre(s, id, super::held::PAGE_CAP).await?;
    let p = DetailPage {
        f: CentreForm::new(me.ctx.tr(), values, errors),
        held: super::held::lines(held, me.ctx.tr()),
        l,
        c,
        can_write,
        form,
    };
    Ok(render(status, &p))
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

/// A write's outcome: back to the page with a notice, or the page again with the form's
/// errors beside its fields.
async fn done<T>(
    st: &AppState,
    me: &Me,
    id: i64,
    r: Result<T, WebError>,
    ok: &str,
    form: &'static str,
    values: Vec<(String, String)>,
) -> WebResult<Response> {
    match r {
        Ok(_) => Ok(see_other(&format!("/centres/{id}?ok={ok}"))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let failed = Failed {
                form,
                values,
                errors,
            };
            detail(st, me, id, None, Some(failed)).await
        }
    }
}

async fn update(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let values = form_values(&fields);
    let r = async {
        let input: CentreInput = read_fields(&values)?;
        let c = input.parse(today())?;
        Ok::<_, WebError>(st.store.scoped(&me.actor).centres().update(id, c).await?)
    }
    .await;
    done(&st, &me, id, r, "ok.centre_saved", "centre", values).await
}

/// Removes the centre; refused (the page again with why) while activities name it.
async fn remove(State(st): State<AppState>, me: Me, Path(id): Path<i64>) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .centres()
        .delete(id)
        .await
        .map_err(WebError::from);
    match r {
        Ok(()) => Ok(see_other("/centres?ok=ok.centre_deleted")),
        Err(e) => done(&st, &me, id, Err::<(), _>(e), "", "delete", vec![]).await,
    }
}

/// The served set from the form: the ticked enterprises and the one picked to add.
async fn set_served(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let r = async {
        let mut ids = Vec::new();
        for (k, v) in &fields {
            if k == "enterprise_id" || (k == "add" && !v.trim().is_empty()) {
                let n = v
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| StorageError::field("enterprise_ids", "err.number_invalid"))?;
                ids.push(n);
            }
        }
        let ids = ServedInput {
            enterprise_ids: ids,
        }
        .parse()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .centres()
                .set_served(id, &ids)
                .await?,
        )
    }
    .await;
    done(&st, &me, id, r, "ok.centre_served_saved", "served", vec![]).await
}

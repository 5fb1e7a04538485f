//! The census filled in from a spreadsheet: a template holding the year's rows the caller may
//! correct with today's figures, and the all-or-nothing upload that corrects every changed
//! row (the ledger import's way: every bad cell named, a marked copy kept), over the API and
//! on the census page.
//!
//! A line of the file is keyed by its census row id, in a hidden, locked first column. The
//! id names exactly one enterprise in exactly one year, the very row `PUT
//! /api/v1/census/{id}` corrects; an enterprise's name need not be unique, and its credit
//! code may be missing or corrected since. A file of another year, or one kept across a
//! retaking of the census (which gives the rows new ids), is refused row by row instead of
//! being written to rows it was not made from.

use super::census::year_or_latest;
use super::io::{both, labels, Codes, ImportFragment, ImportRes};
use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::import_answer::{CellError, Imported};
use crate::pages::{form_errors, page, Layout, Me};
use crate::require::require;
use crate::sheet::{self, ColumnKind, ColumnSpec, Guard, Row, SheetSpec};
use crate::upload_guard::{self, file_part, IMPORT_LIMIT};
use crate::xlsx;
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::enterprise::census::{census_year, CensusFillInput};
use touyan_domain::enterprise::{PartyStatus, STATUSES};
use touyan_domain::money::Fen;
use touyan_storage::enterprise::{CensusFillRow, CensusFilled};
use touyan_storage::{Scoped, StorageError};
use utoipa::OpenApi;

/// The columns, in order: key, header key, required, kind, width.
const COLUMNS: [(&str, &str, bool, ColumnKind, f64); 7] = [
    ("id", "census.col.row_id", true, ColumnKind::Number, 10.0),
    ("name", "ent.col.name", false, ColumnKind::Text, 32.0),
    (
        "employees",
        "census.col.employees",
        false,
        ColumnKind::Number,
        12.0,
    ),
    (
        "members",
        "census.col.members",
        true,
        ColumnKind::Number,
        10.0,
    ),
    (
        "revenue",
        "census.col.revenue",
        false,
        ColumnKind::Number,
        18.0,
    ),
    ("status", "census.col.status", true, ColumnKind::Text, 12.0),
    ("party", "census.col.party", true, ColumnKind::Text, 20.0),
];

/// The key column (hidden) and the name (shown, not to be changed): both locked.
const GUARD_HIDDEN: [usize; 1] = [0];
const GUARD_LOCKED: [usize; 2] = [0, 1];

fn party_codes() -> Vec<&'static str> {
    PartyStatus::ALL.iter().map(|p| p.code()).collect()
}

/// The sheet, its dropdowns labelled in the user's language (either language reads back).
fn spec(tr: Tr) -> SheetSpec {
    let columns = COLUMNS
        .iter()
        .map(|(key, hk, required, kind, width)| ColumnSpec {
            key,
            header: tr.t(hk).to_string(),
            aliases: both(hk).to_vec(),
            required: *required,
            choices: match *key {
                "status" => Some(labels(tr, "ent.status", &STATUSES)),
                "party" => Some(labels(tr, "ent.party", &party_codes())),
                _ => None,
            },
            kind: *kind,
            width: *width,
        })
        .collect();
    SheetSpec {
        name: tr.t("census.sheet").to_string(),
        columns,
    }
}

/// The year's rows the caller may correct, filled in with today's figures; audited as an
/// export of them.
async fn template(
    s: &Scoped<'_>,
    tr: Tr,
    under: Option<i64>,
    year: Option<i32>,
) -> WebResult<Response> {
    let year = year_or_latest(s, under, year).await?;
    let rows = s.enterprises().census_writable(under, year).await?;
    let detail = serde_json::json!({"year": year, "rows": rows.len(), "template": true});
    s.audit()
        .note(
            "export",
            "enterprise_census",
            Permission::EnterpriseWrite,
            under,
            Some(detail),
        )
        .await?;
    let label = |prefix: &str, code: &str| tr.t(&format!("{prefix}.{code}")).to_string();
    let lines: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.name,
                r.employees.map(|n| n.to_string()).unwrap_or_default(),
                r.members.to_string(),
                r.revenue_fen.map(|f| Fen(f).plain()).unwrap_or_default(),
                label("ent.status", &r.status),
                label("ent.party", &r.party),
            ]
        })
        .collect();
    let guard = Guard {
        hidden: GUARD_HIDDEN.to_vec(),
        locked: GUARD_LOCKED.to_vec(),
    };
    let bytes = upload_guard::off_runtime(move || {
        sheet::filled(&spec(tr), tr.t("entio.dict"), &lines, &guard)
            .map_err(|e| WebError::Internal(e.to_string()))
    })
    .await?;
    let name = format!("{}-{year}.xlsx", tr.t("census.fill.filename"));
    Ok(xlsx::attachment(&name, bytes))
}

/// A sheet row as a correction: dictionary cells as codes, every figure as typed.
fn to_rows(spec: &SheetSpec, rows: &[Row]) -> Vec<CensusFillRow> {
    let at: HashMap<&str, usize> = spec
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key, i))
        .collect();
    let statuses = Codes::new("ent.status", &STATUSES);
    let parties = Codes::new("ent.party", &party_codes());
    rows.iter()
        .map(|r| {
            let get = |key: &str| -> String {
                at.get(key)
                    .and_then(|i| r.values.get(*i).cloned())
                    .unwrap_or_default()
            };
            CensusFillRow {
                row: r.number,
                id: get("id"),
                input: CensusFillInput {
                    employees: get("employees"),
                    revenue: get("revenue"),
                    members: get("members"),
                    status: statuses.of(&get("status")),
                    party: parties.of(&get("party")),
                },
            }
        })
        .collect()
}

/// What one filled file came to.
enum Filled {
    Done {
        changed: u64,
        unchanged: u64,
    },
    Refused {
        cells: Vec<CellError>,
        report: String,
    },
}

/// The year a file fills in: required, and a census year.
fn fill_year(year: Option<i32>) -> WebResult<i32> {
    let year = year.ok_or_else(|| StorageError::field("year", "err.census_year_required"))?;
    Ok(census_year(
        &year.to_string(),
        touyan_storage::kit::today(),
    )?)
}

/// Reads, checks and (when every cell is good) writes one file, read on a blocking thread
/// after the archive check (`upload_guard`).
async fn fill(
    s: &Scoped<'_>,
    tr: Tr,
    year: i32,
    filename: &str,
    bytes: Bytes,
) -> WebResult<Filled> {
    let spec = spec(tr);
    let read_spec = spec.clone();
    let rows = upload_guard::read_off_runtime(bytes, move |b| sheet::read(b, &read_spec)).await?;
    let data = to_rows(&spec, &rows);
    match s
        .enterprises()
        .fill_census_file(year, data, filename)
        .await?
    {
        CensusFilled::Done { changed, unchanged } => Ok(Filled::Done { changed, unchanged }),
        CensusFilled::Refused(errors) => {
            let (cells, report) =
                crate::import_answer::refused(s, tr, spec, rows, &errors, filename).await?;
            Ok(Filled::Refused { cells, report })
        }
    }
}

// ------------------------------------------------------------------------------- the API

pub fn api_routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/v1/census/fill-template.xlsx", get(template_api))
        .route(
            "/v1/census/fill",
            post(fill_api)
                .layer(DefaultBodyLimit::max(IMPORT_LIMIT))
                .route_layer(require(Permission::EnterpriseWrite)),
        )
}

#[derive(OpenApi)]
#[openapi(paths(template_api, fill_api), components(schemas(FillDone)))]
pub struct Doc;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FillQuery {
    /// Only the rows under this node; the caller's whole scope when absent.
    under: Option<i64>,
    /// The census year (the template: the latest census when absent; the upload: required).
    year: Option<i32>,
}

/// A filled file that was taken.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = CensusFillDone)]
pub struct FillDone {
    /// Rows whose figures changed, each written as a correction (marked corrected, audited).
    changed: u64,
    /// Rows left as they were, not written.
    unchanged: u64,
}

/// The year's census rows the caller may correct, one a line with today's figures: a hidden,
/// locked row number as the key, the enterprise's name locked, staff, members, the year's
/// revenue in yuan, and operating and party status as dropdowns (audited as an export).
#[utoipa::path(get, path = "/api/v1/census/fill-template.xlsx", tag = "census", params(FillQuery),
    responses((status = 200, description = "The template as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn template_api(
    State(st): State<AppState>,
    me: Authed,
    crate::api::ApiQuery(q): crate::api::ApiQuery<FillQuery>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    template(&s, me.ctx.tr(), q.under, q.year).await
}

/// Corrects a year's census from a filled template, all or nothing: every line must name a
/// row of that year the caller may correct, once, with good figures. Changed rows are
/// written as `PUT /api/v1/census/{id}` writes one; unchanged rows are not written. 200 with
/// the counts, or 422 with every bad cell and a link to the file with those cells marked.
#[utoipa::path(post, path = "/api/v1/census/fill", tag = "census", params(FillQuery),
    request_body(content_type = "multipart/form-data", description = "`file`: the .xlsx of `GET /api/v1/census/fill-template.xlsx`, filled in"),
    responses((status = 200, body = FillDone), (status = 400, body = crate::api::ErrorBody), (status = 403, body = crate::api::ErrorBody), (status = 413, body = crate::api::ErrorBody), (status = 422, body = crate::import_answer::ImportUnprocessable), (status = 429, body = crate::api::ErrorBody)))]
pub async fn fill_api(
    State(st): State<AppState>,
    me: Authed,
    crate::api::ApiQuery(q): crate::api::ApiQuery<FillQuery>,
    mut m: Multipart,
) -> WebResult<Response> {
    let year = fill_year(q.year)?;
    let (name, bytes) = file_part(&mut m).await?;
    let _turn = match st.imports.admit().await {
        Ok(turn) => turn,
        Err(busy) => return Ok(busy.into_response()),
    };
    let tr = me.ctx.tr();
    let s = st.store.scoped(&me.actor);
    Ok(match fill(&s, tr, year, &name, bytes.into()).await? {
        Filled::Done { changed, unchanged } => {
            Json(FillDone { changed, unchanged }).into_response()
        }
        Filled::Refused { cells, report } => {
            crate::import_answer::api_answer(tr, Imported::Refused { cells, report })
        }
    })
}

// ----------------------------------------------------------------------------- the pages

pub fn page_routes() -> crate::routes::Routes {
    crate::routes::Routes::new().route(
        "/census/fill",
        post(fill_upload).layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
    )
}

#[derive(Deserialize, Default)]
struct UploadQ {
    under: Option<String>,
    year: Option<String>,
}

/// The upload's answer on a page of its own, to a form sent without a script.
#[derive(Template)]
#[template(path = "enterprise/census_fill.html")]
struct FillPage {
    l: Layout,
    res: ImportRes,
}

/// Takes one filled file; answers the result fragment to htmx, or a page to a plain form.
/// Either comes with 200, so htmx shows it.
async fn fill_upload(
    State(st): State<AppState>,
    me: Me,
    headers: HeaderMap,
    Query(q): Query<UploadQ>,
    mut m: Multipart,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let under = crate::pages::opt_id("under", &q.under)?;
    let year_text = q.year.unwrap_or_default();
    let back = format!(
        "/census?year={}&under={}",
        urlencoding::encode(year_text.trim()),
        under.map(|u| u.to_string()).unwrap_or_default()
    );
    let mut res = ImportRes::new(back, "census.fill.to_census");
    let filled = async {
        let year = census_year(&year_text, touyan_storage::kit::today())?;
        let (name, bytes) = file_part(&mut m).await?;
        let s = st.store.scoped(&me.actor);
        match st.imports.admit().await {
            Ok(_turn) => fill(&s, tr, year, &name, bytes.into()).await,
            Err(busy) => Err(busy.on_form()),
        }
    }
    .await;
    match filled {
        Ok(Filled::Done { changed, unchanged }) => {
            let (c, u) = (changed.to_string(), unchanged.to_string());
            res.done = Some(tr.tf("census.fill.done", &[("changed", &c), ("unchanged", &u)]));
        }
        Ok(Filled::Refused { cells, report }) => {
            res.error = tr.t("err.import_invalid").to_string();
            res.cells = cells;
            res.report = report;
        }
        Err(WebError::BadRequest(k)) => res.error = tr.t(k).to_string(),
        Err(e) => match form_errors(&e, tr) {
            Some(errs) => res.error = errs.into_values().collect::<Vec<_>>().join(" "),
            None => return Err(e),
        },
    }
    let l = Layout::new(&me.ctx, "enterprises", "census.fill.title", "/census");
    if headers.contains_key("hx-request") {
        Ok(page(&ImportFragment { l, res }))
    } else {
        Ok(page(&FillPage { l, res }))
    }
}

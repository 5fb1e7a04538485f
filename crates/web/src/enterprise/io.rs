//! The ledger as a spreadsheet: the template with dropdowns, the export in the template's
//! columns (its derived party columns trail, and an import skips them), and the
//! all-or-nothing import with a cell-by-cell report, over the API and on a page.

use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::import_answer::AdmittedFile;
use crate::import_answer::{CellError, Imported};
use crate::pages::{form_errors, page, Layout, Me};
use crate::require::require;
use crate::sheet::{self, ColumnKind, ColumnSpec, Row, SheetSpec};
use crate::upload_guard::{self, file_part, IMPORT_LIMIT};
use crate::xlsx::{self, Cell, EXPORT_CAP};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::enterprise::{EnterpriseInput, INDUSTRIES, SIZES, STATUSES};
use touyan_storage::enterprise::{EnterpriseFilter, EnterpriseRow};
use touyan_storage::kit::import::ImportOutcome;
use touyan_storage::{Scoped, StorageError};
use utoipa::OpenApi;

/// Most enterprises a template's dropdown lists.
const NODE_CHOICES: u64 = 20_000;

/// The columns, in order: key, header key, required, kind, width.
const COLUMNS: [(&str, &str, bool, ColumnKind, f64); 12] = [
    ("node", "entio.col.node", true, ColumnKind::Text, 30.0),
    (
        "credit_code",
        "ent.col.credit_code",
        true,
        ColumnKind::Text,
        22.0,
    ),
    (
        "legal_rep",
        "ent.col.legal_rep",
        false,
        ColumnKind::Text,
        12.0,
    ),
    (
        "industry",
        "ent.col.industry",
        false,
        ColumnKind::Text,
        26.0,
    ),
    ("size", "ent.col.size", false, ColumnKind::Text, 10.0),
    (
        "employees",
        "ent.col.employees",
        false,
        ColumnKind::Number,
        10.0,
    ),
    (
        "founded_on",
        "ent.col.founded_on",
        false,
        ColumnKind::Date,
        12.0,
    ),
    ("address", "ent.col.address", false, ColumnKind::Text, 30.0),
    ("status", "ent.col.status", false, ColumnKind::Text, 10.0),
    (
        "status_on",
        "ent.col.status_on",
        false,
        ColumnKind::Date,
        12.0,
    ),
    (
        "revenue_year",
        "entio.col.revenue_year",
        false,
        ColumnKind::Number,
        12.0,
    ),
    (
        "revenue_amount",
        "entio.col.revenue_amount",
        false,
        ColumnKind::Number,
        16.0,
    ),
];

/// The export's derived columns after the template's; an import skips them.
const DERIVED: [&str; 4] = [
    "ent.col.parent",
    "ent.col.party",
    "ent.col.members",
    "ent.col.full_members",
];

pub(super) fn both(key: &str) -> [String; 2] {
    [
        Tr::new(Lang::ZhCn).t(key).to_string(),
        Tr::new(Lang::En).t(key).to_string(),
    ]
}

pub(super) fn labels(tr: Tr, prefix: &str, codes: &[&str]) -> Vec<String> {
    codes
        .iter()
        .map(|c| tr.t(&format!("{prefix}.{c}")).to_string())
        .collect()
}

/// The sheet; `nodes` fills the enterprise dropdown.
pub fn spec(tr: Tr, nodes: Vec<String>) -> SheetSpec {
    let mut nodes = Some(nodes);
    let columns = COLUMNS
        .iter()
        .map(|(key, hk, required, kind, width)| {
            let mut aliases = both(hk).to_vec();
            if *key == "node" {
                // An export of before the template named the enterprise under its name.
                aliases.extend(both("ent.col.name"));
            }
            let choices = match *key {
                "node" => nodes.take().filter(|n| !n.is_empty()),
                "industry" => Some(labels(tr, "ent.industry", &INDUSTRIES)),
                "size" => Some(labels(tr, "ent.size", &SIZES)),
                "status" => Some(labels(tr, "ent.status", &STATUSES)),
                _ => None,
            };
            ColumnSpec {
                key,
                header: tr.t(hk).to_string(),
                aliases,
                required: *required,
                choices,
                kind: *kind,
                width: *width,
            }
        })
        .collect();
    SheetSpec {
        name: tr.t("ent.sheet").to_string(),
        columns,
    }
}

/// Codes by themselves and by their labels in either language (an industry also by its
/// label without the section letter, `制造业`).
pub(super) struct Codes(HashMap<String, String>);

impl Codes {
    pub(super) fn new(prefix: &str, codes: &[&str]) -> Codes {
        let mut m = HashMap::new();
        for c in codes {
            m.insert(c.to_lowercase(), c.to_string());
            for l in both(&format!("{prefix}.{c}")) {
                if let Some(bare) = l.strip_prefix(&format!("{c} ")) {
                    m.insert(bare.trim().to_lowercase(), c.to_string());
                }
                m.insert(l.to_lowercase(), c.to_string());
            }
        }
        Codes(m)
    }

    /// The code `v` names; anything else passes through for the domain to refuse.
    pub(super) fn of(&self, v: &str) -> String {
        let t = v.trim();
        self.0
            .get(&t.to_lowercase())
            .cloned()
            .unwrap_or_else(|| t.to_string())
    }
}

/// A blank template for the caller, the enterprises it may record in the dropdown.
pub async fn template(s: &Scoped<'_>, tr: Tr) -> WebResult<Response> {
    let nodes = s.enterprises().import_choices(NODE_CHOICES).await?;
    let bytes = sheet::template(&spec(tr, nodes), tr.t("entio.dict"), &[])
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let name = format!(
        "{}-{}.xlsx",
        tr.t("ent.sheet"),
        tr.t("import.template_suffix")
    );
    Ok(xlsx::attachment(&name, bytes))
}

/// A sheet row as the import's row: the profile read as the form's input, dictionary cells
/// as codes.
fn to_rows(spec: &SheetSpec, rows: &[Row]) -> Vec<EnterpriseRow> {
    let at: HashMap<&str, usize> = spec
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key, i))
        .collect();
    let industries = Codes::new("ent.industry", &INDUSTRIES);
    let sizes = Codes::new("ent.size", &SIZES);
    let statuses = Codes::new("ent.status", &STATUSES);
    rows.iter()
        .map(|r| {
            let get = |key: &str| -> String {
                at.get(key)
                    .and_then(|i| r.values.get(*i).cloned())
                    .unwrap_or_default()
            };
            EnterpriseRow {
                row: r.number,
                node: get("node"),
                input: EnterpriseInput {
                    credit_code: get("credit_code"),
                    legal_rep: get("legal_rep"),
                    industry: industries.of(&get("industry")),
                    size: sizes.of(&get("size")),
                    employees: get("employees"),
                    founded_on: get("founded_on"),
                    address: get("address"),
                    status: statuses.of(&get("status")),
                    status_on: get("status_on"),
                },
                revenue_year: get("revenue_year"),
                revenue_amount: get("revenue_amount"),
            }
        })
        .collect()
}

/// Reads, checks and (when every cell is good) writes one file, read on a blocking thread
/// after the archive check (`upload_guard`).
pub async fn import(s: &Scoped<'_>, tr: Tr, filename: &str, bytes: Bytes) -> WebResult<Imported> {
    let spec = spec(tr, vec![]);
    let read_spec = spec.clone();
    let rows = upload_guard::read_off_runtime(bytes, move |b| sheet::read(b, &read_spec)).await?;
    let data = to_rows(&spec, &rows);
    match s.enterprises().import(data, filename).await? {
        ImportOutcome::Imported(n) => Ok(Imported::Done(n)),
        ImportOutcome::Refused(errors) => {
            let (cells, report) =
                crate::import_answer::refused(s, tr, spec, rows, &errors, filename).await?;
            Ok(Imported::Refused { cells, report })
        }
    }
}

/// The enterprises `f` selects as .xlsx in the template's columns (the enterprise named as
/// an import by the same caller finds it, the latest year's revenue), then the derived party
/// columns; audited.
pub async fn export(s: &Scoped<'_>, tr: Tr, f: &EnterpriseFilter) -> WebResult<Response> {
    let repo = s.enterprises();
    let items = repo.all(f, EXPORT_CAP).await?;
    s.audit()
        .note(
            "export",
            "enterprise",
            Permission::EnterpriseRead,
            f.under,
            Some(serde_json::json!({"rows": items.len()})),
        )
        .await?;
    let nodes: Vec<(i64, String)> = items.iter().map(|e| (e.id, e.name.clone())).collect();
    let names = repo.file_names(&nodes).await?;
    let ids: Vec<i64> = items.iter().map(|e| e.id).collect();
    let mut revenues = repo.latest_revenues(&ids).await?;
    let label = |prefix: &str, v: &Option<String>| -> Cell {
        v.as_deref()
            .map(|c| tr.t(&format!("{prefix}.{c}")).to_string())
            .into()
    };
    let data = items
        .into_iter()
        .map(|e| {
            let revenue = revenues.remove(&e.id);
            vec![
                names.get(&e.id).cloned().unwrap_or(e.name).into(),
                e.credit_code.into(),
                e.legal_rep.into(),
                label("ent.industry", &e.industry),
                label("ent.size", &e.size),
                e.employees.into(),
                e.founded_on.map(|d| d.to_string()).into(),
                e.address.into(),
                tr.t(&format!("ent.status.{}", e.status)).into(),
                e.status_on.map(|d| d.to_string()).into(),
                revenue.as_ref().map(|r| i64::from(r.year)).into(),
                revenue.map(|r| r.amount).into(),
                e.parent_name.into(),
                tr.t(&format!("ent.party.{}", e.party_status)).into(),
                Cell::Int(e.members as i64),
                Cell::Int(e.full_members as i64),
            ]
        })
        .collect();
    let spec = spec(tr, vec![]);
    let headers: Vec<&str> = spec
        .columns
        .iter()
        .map(|c| c.header.as_str())
        .chain(DERIVED.iter().map(|k| tr.t(k)))
        .collect();
    let name = format!("{}.xlsx", tr.t("ent.sheet"));
    xlsx::download(&name, tr.t("ent.sheet"), &headers, data)
}

// ------------------------------------------------------------------------------- the API

pub fn api_routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/v1/enterprises/import-template.xlsx", get(template_api))
        .route(
            "/v1/enterprises/import",
            post(import_api)
                .layer(DefaultBodyLimit::max(IMPORT_LIMIT))
                .route_layer(require(Permission::EnterpriseWrite)),
        )
}

#[derive(OpenApi)]
#[openapi(paths(template_api, import_api))]
pub struct Doc;

/// A blank ledger file: the enterprises the caller may record, industries, sizes and
/// statuses as dropdowns; one optional year of revenue a row. An export has the same
/// columns (its trailing party columns are skipped on import).
#[utoipa::path(get, path = "/api/v1/enterprises/import-template.xlsx", tag = "enterprises",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 404, body = crate::api::ErrorBody)))]
pub async fn template_api(State(st): State<AppState>, me: Authed) -> WebResult<Response> {
    template(&st.store.scoped(&me.actor), me.ctx.tr()).await
}

/// Imports a ledger file, all or nothing: each row records (or replaces) the profile of an
/// enterprise node the caller may change, with its year of revenue. 200 with the count, or
/// 422 with every bad cell and a link to the file with those cells marked.
#[utoipa::path(post, path = "/api/v1/enterprises/import", tag = "enterprises",
    request_body(content_type = "multipart/form-data", description = "`file`: an .xlsx filled from the template, or an export"),
    responses((status = 200, body = crate::import_answer::ImportDone), (status = 400, body = crate::api::ErrorBody), (status = 403, body = crate::api::ErrorBody), (status = 413, body = crate::api::ErrorBody), (status = 422, body = crate::import_answer::ImportUnprocessable), (status = 429, body = crate::api::ErrorBody)))]
pub async fn import_api(
    State(st): State<AppState>,
    me: Authed,
    up: AdmittedFile,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let imported = import(&st.store.scoped(&me.actor), tr, &up.name, up.bytes.into()).await?;
    Ok(crate::import_answer::api_answer(tr, imported))
}

// ----------------------------------------------------------------------------- the pages

pub fn page_routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route(
            "/enterprises/import",
            get(import_page)
                .post(import_upload)
                .layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
        .route("/enterprises/import/report/{token}", get(import_report))
}

/// What one upload came to (the census's fill-in answers the same).
pub(super) struct ImportRes {
    pub(super) done: Option<String>,
    pub(super) error: String,
    pub(super) cells: Vec<CellError>,
    pub(super) report: String,
    /// Where a taken file leads on, and its label key.
    pub(super) back: (String, &'static str),
}

impl ImportRes {
    pub(super) fn new(back: String, label: &'static str) -> ImportRes {
        ImportRes {
            done: None,
            error: String::new(),
            cells: vec![],
            report: String::new(),
            back: (back, label),
        }
    }
}

#[derive(Template)]
#[template(path = "enterprise/import.html")]
struct ImportPage {
    l: Layout,
    can_upload: bool,
    res: Option<ImportRes>,
}

#[derive(Template)]
#[template(path = "enterprise/import_result.html")]
pub(super) struct ImportFragment {
    pub(super) l: Layout,
    pub(super) res: ImportRes,
}

fn layout(me: &Me) -> Layout {
    Layout::new(&me.ctx, "enterprises", "entio.title", "/enterprises/import")
}

async fn import_page(me: Me) -> WebResult<Response> {
    let g = &me.actor.grants;
    if g.scopes(Permission::EnterpriseRead).is_empty() {
        return Err(StorageError::NotFound.into());
    }
    Ok(page(&ImportPage {
        l: layout(&me),
        can_upload: !g.scopes(Permission::EnterpriseWrite).is_empty(),
        res: None,
    }))
}

/// Takes one file; answers the result fragment to htmx, or the whole page to a plain form.
/// Either comes with 200, so htmx shows it.
async fn import_upload(
    State(st): State<AppState>,
    me: Me,
    headers: HeaderMap,
    mut m: Multipart,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let mut res = ImportRes::new("/enterprises".into(), "entio.to_list");
    let imported = match file_part(&mut m).await {
        Err(e) => Err(e),
        Ok((name, bytes)) => {
            let s = st.store.scoped(&me.actor);
            match st.imports.admit().await {
                Ok(_turn) => import(&s, tr, &name, bytes.into()).await,
                Err(busy) => Err(busy.on_form()),
            }
        }
    };
    match imported {
        Ok(Imported::Done(n)) => res.done = Some(tr.tf("entio.imported", &[("n", &n.to_string())])),
        Ok(Imported::Refused { cells, report }) => {
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
    let l = layout(&me);
    if headers.contains_key("hx-request") {
        Ok(page(&ImportFragment { l, res }))
    } else {
        Ok(page(&ImportPage {
            l,
            can_upload: true,
            res: Some(res),
        }))
    }
}

async fn import_report(
    State(st): State<AppState>,
    me: Me,
    Path(token): Path<String>,
) -> WebResult<Response> {
    crate::import_answer::report(&st.store.scoped(&me.actor), &token).await
}

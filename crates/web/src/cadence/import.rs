//! Back-filling activity records from a spreadsheet: the template with dropdowns (the
//! organizations the caller records for, the activity types, the service centres they may
//! hold activities at), the all-or-nothing import with every bad cell named, over the API
//! and on a page.

use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::import_answer::AdmittedFile;
use crate::import_answer::{CellError, Imported};
use crate::pages::{form_errors, page, Layout, Me};
use crate::sheet::{self, ColumnKind, ColumnSpec, Row, SheetSpec};
use crate::upload_guard::{self, file_part};
use crate::xlsx;
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_storage::cadence::ActivityRow;
use touyan_storage::kit::import::ImportOutcome;
use touyan_storage::{Scoped, StorageError};

/// The columns, in order: key, required, kind, width. 应到 is not asked: it is the roster
/// of the day.
const COLUMNS: [(&str, bool, ColumnKind, f64); 10] = [
    ("node", true, ColumnKind::Text, 36.0),
    ("types", true, ColumnKind::Text, 24.0),
    ("held_on", true, ColumnKind::Date, 12.0),
    ("held_time", true, ColumnKind::Text, 8.0),
    ("place", false, ColumnKind::Text, 20.0),
    ("centre", false, ColumnKind::Text, 28.0),
    ("topic", true, ColumnKind::Text, 30.0),
    ("host", false, ColumnKind::Text, 12.0),
    ("present", true, ColumnKind::Number, 8.0),
    ("on_leave", false, ColumnKind::Number, 8.0),
];

/// Most organizations the template's dropdown lists.
const NODE_CHOICES: u64 = 5_000;

fn header_key(key: &str) -> String {
    format!("cadence.imp.col.{key}")
}

/// The sheet; `nodes`, `types` and `centres` fill the dropdowns.
fn spec(tr: Tr, nodes: Vec<String>, types: Vec<String>, centres: Vec<String>) -> SheetSpec {
    let (mut nodes, mut types, mut centres) = (Some(nodes), Some(types), Some(centres));
    let columns = COLUMNS
        .iter()
        .map(|(key, required, kind, width)| {
            let hk = header_key(key);
            ColumnSpec {
                key,
                header: tr.t(&hk).to_string(),
                aliases: vec![
                    Tr::new(Lang::ZhCn).t(&hk).to_string(),
                    Tr::new(Lang::En).t(&hk).to_string(),
                ],
                required: *required,
                choices: match *key {
                    "node" => nodes.take().filter(|n| !n.is_empty()),
                    "types" => types.take().filter(|t| !t.is_empty()),
                    "centre" => centres.take().filter(|c| !c.is_empty()),
                    _ => None,
                },
                kind: *kind,
                width: *width,
            }
        })
        .collect();
    SheetSpec {
        name: tr.t("cadence.imp.sheet").to_string(),
        columns,
    }
}

/// A blank template for the caller: the organizations it records activities for, the
/// types in its language, and one example row.
pub(crate) async fn template(s: &Scoped<'_>, tr: Tr) -> WebResult<Response> {
    let nodes = s.cadence().import_nodes(NODE_CHOICES).await?.labels;
    let names = super::io::type_names(*s, tr).await?;
    let mut types: Vec<String> = Vec::new();
    for code in s.cadence().type_codes().await? {
        types.push(names.get(&code).cloned().unwrap_or(code));
    }
    let example = vec![
        nodes.first().cloned().unwrap_or_default(),
        types.first().cloned().unwrap_or_default(),
        "2026-01-15".into(),
        "09:30".into(),
        tr.t("cadence.imp.example_place").to_string(),
        String::new(),
        tr.t("cadence.imp.example_topic").to_string(),
        String::new(),
        "12".into(),
        "1".into(),
    ];
    let centres = s.cadence().import_centres().await?;
    let spec = spec(tr, nodes, types, centres);
    let bytes = sheet::template(&spec, tr.t("cadence.imp.sheet_dict"), &[example])
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let name = format!(
        "{}-{}.xlsx",
        tr.t("cadence.imp.sheet"),
        tr.t("import.template_suffix")
    );
    Ok(xlsx::attachment(&name, bytes))
}

/// Reads, checks and (when every cell is good) writes one file, read on a blocking thread
/// after the archive check.
pub(crate) async fn import(
    s: &Scoped<'_>,
    tr: Tr,
    filename: &str,
    bytes: Bytes,
) -> WebResult<Imported> {
    // Refused before reading the file when the caller records nowhere.
    s.cadence().import_nodes(0).await?;
    let spec = spec(tr, vec![], vec![], vec![]);
    let read_spec = spec.clone();
    let rows = upload_guard::read_off_runtime(bytes, move |b| sheet::read(b, &read_spec)).await?;
    let at: HashMap<&str, usize> = spec
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key, i))
        .collect();
    let get = |r: &Row, key: &str| -> String {
        at.get(key)
            .and_then(|i| r.values.get(*i).cloned())
            .unwrap_or_default()
    };
    let data = rows
        .iter()
        .map(|r| ActivityRow {
            row: r.number,
            node: get(r, "node"),
            types: get(r, "types"),
            held_on: get(r, "held_on"),
            held_time: get(r, "held_time"),
            place: get(r, "place"),
            centre: get(r, "centre"),
            topic: get(r, "topic"),
            host: get(r, "host"),
            present: get(r, "present"),
            on_leave: get(r, "on_leave"),
        })
        .collect();
    match s.cadence().import(data, filename).await? {
        ImportOutcome::Imported(n) => Ok(Imported::Done(n)),
        ImportOutcome::Refused(errors) => {
            let (cells, report) =
                crate::import_answer::refused(s, tr, spec, rows, &errors, filename).await?;
            Ok(Imported::Refused { cells, report })
        }
    }
}

/// A blank activity import file with dropdowns for the organization, the type and the
/// service centre.
#[utoipa::path(get, path = "/api/v1/activities/import-template.xlsx", tag = "cadence",
    responses((status = 200, description = "The template as .xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 403, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody)))]
pub async fn template_api(State(st): State<AppState>, me: Authed) -> WebResult<Response> {
    template(&st.store.scoped(&me.actor), me.ctx.tr()).await
}

/// Back-fills activity records from an .xlsx filled from the template, all or nothing: 200
/// with the count, or 422 with every bad cell (sheet, row, column, value, reason) and a link
/// to the file with those cells marked. An organization outside the caller's reach is
/// unknown; 应到 is the roster of the day; a record of a month already closed is entered
/// late. At most 5 000 rows.
#[utoipa::path(post, path = "/api/v1/activities/import", tag = "cadence",
    request_body(content_type = "multipart/form-data", description = "`file`: an .xlsx filled from the template"),
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

#[derive(Template)]
#[template(path = "cadence/import.html")]
struct ImportPage {
    l: Layout,
    can_upload: bool,
}

#[derive(Template)]
#[template(path = "cadence/import_result.html")]
struct ImportResult {
    l: Layout,
    /// Set when the file was imported.
    done: Option<String>,
    /// Why nothing was imported.
    error: String,
    cells: Vec<CellError>,
    report: String,
}

fn layout(me: &Me) -> Layout {
    Layout::new(
        &me.ctx,
        "activities",
        "cadence.imp.title",
        "/activities/import",
    )
}

pub(super) async fn import_page(me: Me) -> WebResult<Response> {
    let g = &me.actor.grants;
    if g.scopes(Permission::CadenceRead).is_empty() {
        return Err(StorageError::NotFound.into());
    }
    Ok(page(&ImportPage {
        l: layout(&me),
        can_upload: !g.scopes(Permission::CadenceWrite).is_empty(),
    }))
}

/// Takes one uploaded file and answers the result fragment, with 200 either way so htmx
/// shows it.
pub(super) async fn import_upload(
    State(st): State<AppState>,
    me: Me,
    mut mp: Multipart,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let mut res = ImportResult {
        l: layout(&me),
        done: None,
        error: String::new(),
        cells: vec![],
        report: String::new(),
    };
    let imported = match file_part(&mut mp).await {
        Err(e) => Err(e),
        Ok((name, bytes)) => match st.imports.admit().await {
            Ok(_turn) => {
                let s = st.store.scoped(&me.actor);
                import(&s, tr, &name, bytes.into()).await
            }
            Err(busy) => Err(busy.on_form()),
        },
    };
    match imported {
        Ok(Imported::Done(n)) => {
            res.done = Some(tr.tf("cadence.imp.imported", &[("n", &n.to_string())]))
        }
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
    Ok(page(&res))
}

pub(super) async fn import_report(
    State(st): State<AppState>,
    me: Me,
    Path(token): Path<String>,
) -> WebResult<Response> {
    crate::import_answer::report(&st.store.scoped(&me.actor), &token).await
}

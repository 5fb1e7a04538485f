//! What a spreadsheet import answers on the API and the pages, whatever it imports: the
//! count taken, or every refused cell with the token of the marked copy, which its uploader
//! fetches here.

use crate::error::WebResult;
use crate::i18n::Tr;
use crate::sheet::{BadCell, Row, SheetSpec};
use crate::upload_guard;
use crate::upload_guard::file_part;
use crate::xlsx;
use crate::AppState;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use touyan_storage::kit::import::RowError;
use touyan_storage::Scoped;

/// The `file` part of an API import, taken once the imports' gate gives it a turn, which it
/// holds until dropped: a body without the part answers 422 on `file`, a full gate 429.
pub struct AdmittedFile {
    pub name: String,
    pub bytes: Vec<u8>,
    _turn: tokio::sync::OwnedSemaphorePermit,
}

impl FromRequest<AppState> for AdmittedFile {
    type Rejection = Response;
    async fn from_request(req: Request, st: &AppState) -> Result<Self, Response> {
        let mut m = Multipart::from_request(req, st)
            .await
            .map_err(IntoResponse::into_response)?;
        let (name, bytes) = file_part(&mut m)
            .await
            .map_err(IntoResponse::into_response)?;
        let turn = st
            .imports
            .admit()
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(AdmittedFile {
            name,
            bytes,
            _turn: turn,
        })
    }
}

/// One refused cell as the API and the page show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CellError {
    pub sheet: String,
    pub row: u32,
    pub column: String,
    pub value: String,
    pub message: String,
}

pub enum Imported {
    Done(u64),
    /// Nothing was written; every bad cell, and the token of the marked copy.
    Refused {
        cells: Vec<CellError>,
        report: String,
    },
}

/// The value of a row's cell as a refusal quotes it (at most 200 characters).
fn value(rows: &[Row], row: u32, col: usize) -> String {
    rows.binary_search_by_key(&row, |r| r.number)
        .ok()
        .and_then(|i| rows[i].values.get(col))
        .map(|v| v.chars().take(200).collect())
        .unwrap_or_default()
}

/// The problems of a file as its cells: a field names its column by the spec's key; a
/// problem of the row as a whole (a field outside the sheet) stands past its last column.
fn bad_cells(spec: &SheetSpec, rows: &[Row], errors: &[RowError], tr: Tr) -> Vec<BadCell> {
    errors
        .iter()
        .map(|e| {
            let col = spec
                .columns
                .iter()
                .position(|c| c.key == e.field)
                .unwrap_or(spec.columns.len());
            BadCell {
                sheet: spec.name.clone(),
                row: e.row,
                column: spec
                    .columns
                    .get(col)
                    .map(|c| c.header.clone())
                    .unwrap_or_default(),
                col,
                value: value(rows, e.row, col),
                message: tr.msg(&e.key),
            }
        })
        .collect()
}

/// A refused file's answer: every bad cell in the user's language, and the token of the
/// copy with those cells marked, kept for its uploader.
pub async fn refused(
    s: &Scoped<'_>,
    tr: Tr,
    spec: SheetSpec,
    rows: Vec<Row>,
    errors: &[RowError],
    filename: &str,
) -> WebResult<(Vec<CellError>, String)> {
    let bad = bad_cells(&spec, &rows, errors, tr);
    let (marked, bad) = upload_guard::marked_copy(spec, rows, bad, tr).await?;
    let stem = filename.trim_end_matches(".xlsx");
    let report = touyan_storage::kit::import::keep_report(
        s,
        &format!("{stem}-{}.xlsx", tr.t("import.marked_suffix")),
        marked,
    )
    .await?;
    let cells = bad
        .into_iter()
        .map(|b| CellError {
            sheet: b.sheet,
            row: b.row,
            column: b.column,
            value: b.value,
            message: b.message,
        })
        .collect();
    Ok((cells, report))
}

/// The kept marked copy of a refused import.
pub async fn report(s: &Scoped<'_>, token: &str) -> WebResult<Response> {
    let (name, bytes) = touyan_storage::kit::import::fetch_report(s, token).await?;
    Ok(xlsx::attachment(&name, bytes))
}

/// An import that was taken: how many records it wrote.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportDone {
    imported: u64,
}

/// An import refused for its cells.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportRefused {
    error: ImportError,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportError {
    code: &'static str,
    message: String,
    /// The uploaded file with the bad cells marked, for its uploader, for a day.
    report: String,
    cells: Vec<CellError>,
}

/// A refused spreadsheet import (422): every bad cell with a link to the file with those
/// cells marked, or, when the file cannot be taken at all (missing, unreadable, over the
/// import's bounds), the standard error with the reason under `file`.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum ImportUnprocessable {
    Cells(ImportRefused),
    Invalid(crate::api::ErrorBody),
}

/// The API's answer to an import: 200 with the count, or 422 with every bad cell.
pub fn api_answer(tr: Tr, imported: Imported) -> Response {
    match imported {
        Imported::Done(n) => Json(ImportDone { imported: n }).into_response(),
        Imported::Refused { cells, report } => {
            let body = ImportRefused {
                error: ImportError {
                    code: "import_invalid",
                    message: tr.t("err.import_invalid").to_string(),
                    report: format!("/api/v1/import-reports/{report}"),
                    cells,
                },
            };
            (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
        }
    }
}

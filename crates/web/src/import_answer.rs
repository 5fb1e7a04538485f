//! What a spreadsheet import answers on the API and the pages, whatever it imports: the
//! count taken, or every refused cell with the token of the marked copy, which its uploader
//! fetches here.

use crate::error::WebResult;
use crate::xlsx;
use axum::response::Response;
use serde::Serialize;
use touyan_storage::Scoped;

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

/// The kept marked copy of a refused import.
pub async fn report(s: &Scoped<'_>, token: &str) -> WebResult<Response> {
    let (name, bytes) = touyan_storage::kit::import::fetch_report(s, token).await?;
    Ok(xlsx::attachment(&name, bytes))
}

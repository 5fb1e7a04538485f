//! .xlsx exports with Chinese (or English) headers.

use crate::error::WebError;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook};

/// Most rows one export writes.
pub const EXPORT_CAP: u64 = 100_000;

pub enum Cell {
    Text(String),
    Int(i64),
    Empty,
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(o: Option<T>) -> Self {
        o.map(Into::into).unwrap_or(Cell::Empty)
    }
}

/// `download` with the sheet name and headers given as translation keys.
pub fn download_keys(
    tr: crate::i18n::Tr,
    filename: &str,
    sheet_key: &str,
    header_keys: &[&str],
    rows: Vec<Vec<Cell>>,
) -> Result<Response, WebError> {
    let headers: Vec<&str> = header_keys.iter().map(|k| tr.t(k)).collect();
    download(filename, tr.t(sheet_key), &headers, rows)
}

/// One sheet with a bold, frozen header row; answers the file as a download.
pub fn download(
    filename: &str,
    sheet: &str,
    headers: &[&str],
    rows: Vec<Vec<Cell>>,
) -> Result<Response, WebError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let err = |e: rust_xlsxwriter::XlsxError| WebError::Internal(e.to_string());
    ws.set_name(sheet).map_err(err)?;
    let bold = Format::new().set_bold();
    for (c, h) in headers.iter().enumerate() {
        ws.write_with_format(0, c as u16, *h, &bold).map_err(err)?;
        ws.set_column_width(c as u16, 16).map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    for (r, row) in rows.into_iter().enumerate() {
        for (c, cell) in row.into_iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Text(s) => ws.write(r, c, s).map(|_| ()),
                Cell::Int(n) => ws.write(r, c, n as f64).map(|_| ()),
                Cell::Empty => Ok(()),
            }
            .map_err(err)?;
        }
    }
    let bytes = wb.save_to_buffer().map_err(err)?;
    Ok(attachment(filename, bytes))
}

/// An .xlsx file answered as a download named `filename`.
pub fn attachment(filename: &str, bytes: Vec<u8>) -> Response {
    // Plain `filename` for old clients (non-ASCII replaced), `filename*` for the real name.
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        urlencoding::encode(filename)
    );
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// Unix milliseconds as Beijing time (UTC+8, no daylight saving), `2026-11-21 13:04`.
pub fn fmt_ms(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| {
            (d + chrono::Duration::hours(8))
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

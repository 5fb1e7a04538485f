//! Generic .xlsx import engine: blank templates with dropdowns, a fast
//! streaming reader that maps headers to columns, and a marked copy of an
//! upload with its bad cells highlighted for the user to fix.
//!
//! The module knows nothing about what is imported: callers describe the
//! sheet with a [`SheetSpec`], validate the returned [`Row`]s themselves and
//! hand the problems back as [`BadCell`]s, with messages already translated.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{DataRef, ExcelDateTime, ExcelDateTimeType, Reader, Xlsx, XlsxError};
use rust_xlsxwriter::utility::{column_number_to_name, quote_sheet_name};
use rust_xlsxwriter::{Color, DataValidation, Format, Formula, Note, Workbook, Worksheet};

mod cells;
mod read;
mod write;

use cells::*;
pub use read::*;
pub use write::*;

/// Most data rows one import reads; also the last row (plus the header)
/// that the template's dropdowns cover.
pub const MAX_ROWS: usize = 200_000;

/// Most cells (blank ones included) one import reads: 64 for each of [`MAX_ROWS`] rows. The
/// widest import (people) has 15 columns; cells beyond an import's columns are read and
/// ignored, so this leaves room for notes beside them while bounding the time a file takes.
pub const MAX_CELLS: usize = 64 * MAX_ROWS;

/// Columns on an Excel worksheet (A..XFD).
const EXCEL_COLUMNS: u32 = 16_384;

/// Light red fill of a bad cell in a marked copy.
const BAD_FILL: u32 = 0xFFC7CE;
/// Dark red text of the note column in a marked copy.
const NOTE_FONT: u32 = 0x9C0006;
/// Width of the note column in a marked copy.
const NOTE_WIDTH: f64 = 48.0;
/// Rows on an Excel worksheet.
const EXCEL_ROWS: u32 = 1_048_576;

/// Excel serial numbers (1900 system) that a plain number in a date column
/// may take to be read as a date: 1910-01-01 ..= 2099-12-31. Smaller numbers
/// are more likely a typed year ("1990"), larger ones a typed yyyymmdd.
const SERIAL_DATES: std::ops::RangeInclusive<f64> = 3654.0..=73050.0;
/// Last serial Excel can show as a date (9999-12-31 in the 1900 system).
const SERIAL_MAX: f64 = 2_958_465.0;
/// Days from 1899-12-30 (the 1900 system's day 0, after the leap-year bug)
/// to 1970-01-01.
const EPOCH_1900: i64 = 25_569;
/// Days from 1904-01-01 (the 1904 system's day 0) to 1970-01-01.
const EPOCH_1904: i64 = 24_107;
const MS_PER_DAY: f64 = 86_400_000.0;

/// What a column holds; decides the cell format of templates and copies and
/// how plain numbers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Formatted as text ("@") so long digit strings stay exact.
    Text,
    /// Formatted yyyy-mm-dd; plain serial numbers are read as dates.
    Date,
    /// General format.
    Number,
}

/// One column of an import sheet.
#[derive(Debug, Clone)]
pub struct ColumnSpec {
    /// Stable code name, e.g. "id_number".
    pub key: &'static str,
    /// Header text in the user's language, e.g. "身份证号".
    pub header: String,
    /// Other accepted header texts (e.g. the English header).
    pub aliases: Vec<String>,
    /// Header marked with a leading "*" in the template and must be present
    /// in an upload; whether a value may be empty is the caller's business.
    pub required: bool,
    /// Dropdown values (a list data validation), may be thousands long.
    pub choices: Option<Vec<String>>,
    pub kind: ColumnKind,
    /// Column width in Excel character units.
    pub width: f64,
}

/// The layout of one import sheet.
#[derive(Debug, Clone)]
pub struct SheetSpec {
    /// Sheet name, e.g. "人员".
    pub name: String,
    pub columns: Vec<ColumnSpec>,
}

/// One data row of an upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Row number as Excel shows it (the template's header is row 1).
    pub number: u32,
    /// One value per spec column, in spec order, trimmed, "" when empty.
    pub values: Vec<String>,
}

/// A cell the caller found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCell {
    pub sheet: String,
    /// [`Row::number`] of the row.
    pub row: u32,
    /// Header text of the column.
    pub column: String,
    /// Spec column index. One outside the spec marks no cell: its message
    /// only goes to the row's note column (for row-wide problems).
    pub col: usize,
    pub value: String,
    /// Already translated.
    pub message: String,
}

/// Why a sheet could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("the file is not a readable .xlsx workbook")]
    Unreadable,
    #[error("the workbook has no worksheet to read")]
    NoSheet,
    #[error("required column \"{0}\" is missing")]
    MissingColumn(String),
    #[error("the sheet has no data rows")]
    Empty,
    /// Carries the limit, [`MAX_ROWS`].
    #[error("the sheet has more than {0} data rows")]
    TooManyRows(usize),
    /// Carries the limit, [`MAX_CELLS`].
    #[error("the sheet has more than {0} cells")]
    TooManyCells(usize),
    #[error("cannot write the workbook: {0}")]
    Write(String),
}

impl SheetError {
    /// Translation key of the message to show the user.
    pub fn key(&self) -> &'static str {
        match self {
            SheetError::Unreadable => "err.sheet_unreadable",
            SheetError::NoSheet => "err.sheet_missing",
            SheetError::MissingColumn(_) => "err.sheet_column_missing",
            SheetError::Empty => "err.sheet_empty",
            SheetError::TooManyRows(_) => "err.sheet_too_many_rows",
            SheetError::TooManyCells(_) => "imp.too_many_cells",
            SheetError::Write(_) => "err.internal",
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for SheetError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        SheetError::Write(e.to_string())
    }
}

// ---------------------------------------------------------------- writing

#[cfg(test)]
mod tests;

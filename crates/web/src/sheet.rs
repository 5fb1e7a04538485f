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

/// A blank template: sheet `spec.name` with a bold frozen header row
/// (required headers prefixed "*"), column widths and formats, and a
/// dropdown for every column with choices whose list lives on the hidden
/// sheet `dict_sheet` (one column per distinct list). `examples` are written
/// under the header.
pub fn template(
    spec: &SheetSpec,
    dict_sheet: &str,
    examples: &[Vec<String>],
) -> Result<Vec<u8>, SheetError> {
    let mut ws = Worksheet::new();
    lay_out(&mut ws, spec)?;
    for (r, example) in examples.iter().enumerate() {
        let r = row_num(r + 1)?;
        for (c, value) in example.iter().take(spec.columns.len()).enumerate() {
            if !value.is_empty() {
                ws.write_string(r, col_num(c)?, value)?;
            }
        }
    }

    let mut dict = Worksheet::new();
    // Distinct lists written so far, with the dict column of each.
    let mut lists: Vec<(&[String], u16)> = Vec::new();
    for (c, column) in spec.columns.iter().enumerate() {
        let Some(choices) = column.choices.as_deref().filter(|l| !l.is_empty()) else {
            continue;
        };
        let at = match lists.iter().find(|(l, _)| *l == choices) {
            Some(&(_, at)) => at,
            None => {
                let at = col_num(lists.len())?;
                if choices.len() >= EXCEL_ROWS as usize {
                    return Err(SheetError::Write(format!(
                        "{} choices do not fit one column",
                        choices.len()
                    )));
                }
                dict.write_string(0, at, &column.header)?;
                for (r, choice) in choices.iter().enumerate() {
                    dict.write_string(r as u32 + 1, at, choice)?;
                }
                dict.set_column_width(at, column.width.max(12.0))?;
                lists.push((choices, at));
                at
            }
        };
        let letters = column_number_to_name(at);
        let source = format!(
            "={}!${letters}$2:${letters}${}",
            quote_sheet_name(dict_sheet),
            choices.len() + 1
        );
        let rule = DataValidation::new().allow_list_formula(Formula::new(source));
        let c = col_num(c)?;
        ws.add_data_validation(1, c, MAX_ROWS as u32, c, &rule)?;
    }

    let mut book = Workbook::new();
    book.push_worksheet(ws);
    if !lists.is_empty() {
        dict.set_name(dict_sheet)?;
        dict.set_hidden(true);
        book.push_worksheet(dict);
    }
    Ok(book.save_to_buffer()?)
}

/// A copy of the uploaded rows for the user to fix: the template's header
/// and formats, every row written back as text (at its original row number
/// when the rows are in order), each bad cell filled light red with a note
/// carrying its message, and a last column headed `note_header` with all
/// messages of the row joined by "；". Bad cells of rows not in `rows` are
/// ignored.
pub fn marked_copy(
    spec: &SheetSpec,
    rows: &[Row],
    bad: &[BadCell],
    note_header: &str,
) -> Result<Vec<u8>, SheetError> {
    let n = spec.columns.len();
    let note_col = col_num(n)?;
    let mut ws = Worksheet::new();
    lay_out(&mut ws, spec)?;
    ws.write_string_with_format(0, note_col, note_header, &Format::new().set_bold())?;
    ws.set_column_width(note_col, NOTE_WIDTH)?;
    let note_format = Format::new().set_font_color(Color::RGB(NOTE_FONT));
    let bad_formats: Vec<Format> = spec
        .columns
        .iter()
        .map(|c| kind_format(c.kind).set_background_color(Color::RGB(BAD_FILL)))
        .collect();

    let mut by_row: HashMap<u32, Vec<&BadCell>> = HashMap::new();
    for b in bad {
        by_row.entry(b.row).or_default().push(b);
    }
    // Keep the upload's row numbers so they match the error list, unless
    // the rows are not an ordered set of data rows.
    let keep_numbers = rows.first().is_none_or(|r| r.number >= 2)
        && rows.last().is_none_or(|r| r.number <= EXCEL_ROWS)
        && rows.windows(2).all(|w| w[0].number < w[1].number);

    let mut note_text = String::new();
    for (i, row) in rows.iter().enumerate() {
        let r = if keep_numbers {
            row.number - 1
        } else {
            row_num(i + 1)?
        };
        let row_bad = by_row.get(&row.number).map(Vec::as_slice).unwrap_or(&[]);
        for c in 0..n {
            let value = row.values.get(c).map(String::as_str).unwrap_or("");
            let cc = col_num(c)?;
            let mut cell_bad = row_bad.iter().filter(|b| b.col == c).peekable();
            if cell_bad.peek().is_none() {
                if !value.is_empty() {
                    ws.write_string(r, cc, value)?;
                }
                continue;
            }
            let message = join(cell_bad.map(|b| b.message.as_str()));
            if value.is_empty() {
                ws.write_blank(r, cc, &bad_formats[c])?;
            } else {
                ws.write_string_with_format(r, cc, value, &bad_formats[c])?;
            }
            ws.insert_note(r, cc, &Note::new(message).add_author_prefix(false))?;
        }
        if !row_bad.is_empty() {
            note_text.clear();
            for (k, b) in row_bad.iter().enumerate() {
                if k > 0 {
                    note_text.push('；');
                }
                note_text.push_str(&b.message);
            }
            ws.write_string_with_format(r, note_col, &note_text, &note_format)?;
        }
    }

    let mut book = Workbook::new();
    book.push_worksheet(ws);
    Ok(book.save_to_buffer()?)
}

/// Sheet name, bold frozen header row, column widths and formats.
fn lay_out(ws: &mut Worksheet, spec: &SheetSpec) -> Result<(), SheetError> {
    ws.set_name(&spec.name)?;
    let bold = Format::new().set_bold();
    for (c, column) in spec.columns.iter().enumerate() {
        let c = col_num(c)?;
        let header = if column.required {
            format!("*{}", column.header)
        } else {
            column.header.clone()
        };
        ws.write_string_with_format(0, c, header, &bold)?;
        ws.set_column_width(c, column.width)?;
        if column.kind != ColumnKind::Number {
            ws.set_column_format(c, &kind_format(column.kind))?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn kind_format(kind: ColumnKind) -> Format {
    match kind {
        // Built-in format 49 is "@", the one Excel itself uses for text.
        ColumnKind::Text => Format::new().set_num_format_index(49),
        ColumnKind::Date => Format::new().set_num_format("yyyy-mm-dd"),
        ColumnKind::Number => Format::new(),
    }
}

fn join<'a>(mut parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::from(parts.next().unwrap_or(""));
    for p in parts {
        out.push('；');
        out.push_str(p);
    }
    out
}

fn col_num(c: usize) -> Result<u16, SheetError> {
    u16::try_from(c).map_err(|_| SheetError::Write(format!("column {c} out of range")))
}

fn row_num(r: usize) -> Result<u32, SheetError> {
    u32::try_from(r)
        .ok()
        .filter(|&r| r < EXCEL_ROWS)
        .ok_or_else(|| SheetError::Write(format!("row {r} out of range")))
}

// ---------------------------------------------------------------- reading

/// Reads the sheet named `spec.name` (or, when there is none, the first
/// sheet): the first non-empty row is the header, matched to the spec's
/// headers and aliases ignoring a leading "*", spaces and ASCII case; extra
/// columns are ignored; a missing required column is an error, a missing
/// optional one reads as "". Fully blank rows are skipped.
pub fn read(bytes: &[u8], spec: &SheetSpec) -> Result<Vec<Row>, SheetError> {
    read_at_most(bytes, spec, MAX_ROWS)
}

fn read_at_most(bytes: &[u8], spec: &SheetSpec, limit: usize) -> Result<Vec<Row>, SheetError> {
    let mut all = Vec::new();
    read_in_batches(bytes, spec, limit, usize::MAX, |rows| {
        all.extend(rows);
        true
    })?;
    Ok(all)
}

/// Reads as [`read`] does, handing the rows on `batch` at a time as they are read, so that
/// a caller can check and write one batch while the next is being read. `take` answers
/// false to stop early (the reading then ends with `Ok`). The errors are those of `read`:
/// an empty sheet is only known at the end, after every batch.
pub fn read_batches(
    bytes: &[u8],
    spec: &SheetSpec,
    batch: usize,
    take: impl FnMut(Vec<Row>) -> bool,
) -> Result<(), SheetError> {
    read_in_batches(bytes, spec, MAX_ROWS, batch.max(1), take)
}

fn read_in_batches(
    bytes: &[u8],
    spec: &SheetSpec,
    limit: usize,
    batch: usize,
    mut take: impl FnMut(Vec<Row>) -> bool,
) -> Result<(), SheetError> {
    let mut book: Xlsx<Cursor<&[u8]>> =
        Xlsx::new(Cursor::new(bytes)).map_err(|_| SheetError::Unreadable)?;
    let names = book.sheet_names();
    let name = names
        .iter()
        .find(|n| **n == spec.name)
        .or_else(|| names.first())
        .ok_or(SheetError::NoSheet)?
        .clone();
    let mut cells = book.worksheet_cells_reader(&name).map_err(|e| match e {
        XlsxError::WorksheetNotFound(_) | XlsxError::NotAWorksheet(_) => SheetError::NoSheet,
        _ => SheetError::Unreadable,
    })?;
    let mut rows = Rows::new(spec, limit);
    // The file format keeps rows, and cells within a row, in ascending
    // order, so one pass over the cells sees each row once and in order.
    let mut seen = 0usize;
    while let Some(cell) = cells.next_cell().map_err(|_| SheetError::Unreadable)? {
        seen += 1;
        if seen > MAX_CELLS {
            return Err(SheetError::TooManyCells(MAX_CELLS));
        }
        let (r, c) = cell.get_position();
        // A position no worksheet has would size the header's column map.
        if r >= EXCEL_ROWS || c >= EXCEL_COLUMNS {
            return Err(SheetError::Unreadable);
        }
        rows.cell(r, c, cell.get_value())?;
        if rows.out.len() >= batch && !take(std::mem::take(&mut rows.out)) {
            return Ok(());
        }
    }
    let last = rows.finish()?;
    if !last.is_empty() {
        take(last);
    }
    Ok(())
}

/// Gathers streamed cells into rows.
struct Rows<'s> {
    spec: &'s SheetSpec,
    limit: usize,
    /// Sheet column → spec column, once the header row is over.
    map: Option<Vec<Option<usize>>>,
    /// Non-empty cells of the header candidate row: (sheet column, text).
    header: Vec<(u32, String)>,
    /// Zero-based sheet row being gathered.
    at: Option<u32>,
    values: Vec<String>,
    filled: bool,
    out: Vec<Row>,
    /// Rows gathered so far, including those already handed on.
    count: usize,
}

impl<'s> Rows<'s> {
    fn new(spec: &'s SheetSpec, limit: usize) -> Self {
        Rows {
            spec,
            limit,
            map: None,
            header: Vec::new(),
            at: None,
            values: vec![String::new(); spec.columns.len()],
            filled: false,
            out: Vec::new(),
            count: 0,
        }
    }

    fn cell(&mut self, r: u32, c: u32, v: &DataRef<'_>) -> Result<(), SheetError> {
        if self.at != Some(r) {
            self.end_row()?;
            self.at = Some(r);
        }
        match &self.map {
            None => {
                let text = cell_text(v, ColumnKind::Text);
                if !text.is_empty() {
                    self.header.push((c, text));
                }
            }
            Some(map) => {
                if let Some(&Some(i)) = map.get(c as usize) {
                    let text = cell_text(v, self.spec.columns[i].kind);
                    if !text.is_empty() {
                        self.values[i] = text;
                        self.filled = true;
                    }
                }
            }
        }
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), SheetError> {
        let Some(r) = self.at else {
            return Ok(());
        };
        if self.map.is_none() {
            if !self.header.is_empty() {
                self.map = Some(self.header_map()?);
            }
        } else if self.filled {
            if self.count == self.limit {
                return Err(SheetError::TooManyRows(self.limit));
            }
            self.count += 1;
            let fresh = vec![String::new(); self.values.len()];
            let values = std::mem::replace(&mut self.values, fresh);
            self.out.push(Row {
                number: r + 1,
                values,
            });
            self.filled = false;
        }
        Ok(())
    }

    fn header_map(&self) -> Result<Vec<Option<usize>>, SheetError> {
        let names: Vec<Vec<String>> = self
            .spec
            .columns
            .iter()
            .map(|c| {
                std::iter::once(&c.header)
                    .chain(&c.aliases)
                    .map(|h| header_key(h))
                    .collect()
            })
            .collect();
        let width = self
            .header
            .iter()
            .map(|&(c, _)| c as usize + 1)
            .max()
            .unwrap_or(0);
        let mut map = vec![None; width];
        let mut found = vec![false; names.len()];
        for (c, text) in &self.header {
            let key = header_key(text);
            let hit = (0..names.len()).find(|&i| !found[i] && names[i].contains(&key));
            if let Some(i) = hit {
                found[i] = true;
                map[*c as usize] = Some(i);
            }
        }
        match self
            .spec
            .columns
            .iter()
            .zip(&found)
            .find(|(c, f)| c.required && !**f)
        {
            Some((c, _)) => Err(SheetError::MissingColumn(c.header.clone())),
            None => Ok(map),
        }
    }

    fn finish(mut self) -> Result<Vec<Row>, SheetError> {
        self.end_row()?;
        if self.count == 0 {
            return Err(SheetError::Empty);
        }
        Ok(self.out)
    }
}

/// A header text reduced for matching: no surrounding spaces, no leading
/// "*" (ASCII or full width), ASCII lowercase.
fn header_key(text: &str) -> String {
    text.trim()
        .trim_start_matches(['*', '＊'])
        .trim()
        .to_ascii_lowercase()
}

/// One cell as the text a caller sees.
fn cell_text(v: &DataRef<'_>, kind: ColumnKind) -> String {
    match v {
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::Float(f) => plain_number(*f, kind),
        DataRef::Int(i) => plain_number(*i as f64, kind),
        DataRef::Bool(b) => if *b { "true" } else { "false" }.to_owned(),
        DataRef::DateTime(dt) => date_time(dt),
        DataRef::DateTimeIso(s) => iso_date(s.trim()).to_owned(),
        DataRef::DurationIso(s) => s.trim().to_owned(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

/// A number without a date format: a date in a date column when it is a
/// plausible serial, otherwise the number itself.
fn plain_number(f: f64, kind: ColumnKind) -> String {
    if kind == ColumnKind::Date && SERIAL_DATES.contains(&f) {
        if let Some(date) = serial_date(f, false) {
            return date;
        }
    }
    number(f)
}

/// Rust's shortest round-trip form, which never uses an exponent and drops
/// ".0" from whole numbers: 13812345678.0 → "13812345678".
fn number(f: f64) -> String {
    if f == 0.0 {
        // Also turns -0 into "0".
        return "0".to_owned();
    }
    f.to_string()
}

/// A date-formatted number: its date, or the number for durations and
/// values outside Excel's dates (such as times of day alone).
fn date_time(dt: &ExcelDateTime) -> String {
    let f = dt.as_f64();
    // calamine hides the flags unless its chrono feature is on; equality
    // with rebuilt values reveals them.
    let like = |kind, is_1904| *dt == ExcelDateTime::new(f, kind, is_1904);
    if like(ExcelDateTimeType::TimeDelta, false) || like(ExcelDateTimeType::TimeDelta, true) {
        return number(f);
    }
    serial_date(f, like(ExcelDateTimeType::DateTime, true)).unwrap_or_else(|| number(f))
}

/// "YYYY-MM-DD" of an Excel serial day number (time of day dropped).
fn serial_date(serial: f64, is_1904: bool) -> Option<String> {
    let first = if is_1904 { 0.0 } else { 1.0 };
    if !(first..SERIAL_MAX + 1.0).contains(&serial) {
        return None;
    }
    // Round to the millisecond first so 23:59:59.9999… is not a day early.
    let days = ((serial * MS_PER_DAY).round() / MS_PER_DAY).floor() as i64;
    let unix_days = if is_1904 {
        days - EPOCH_1904
    } else if days < 60 {
        // Excel counts a 29 February 1900 that never was: serials before
        // it are one day later than the 1899-12-30 epoch says.
        days + 1 - EPOCH_1900
    } else {
        days - EPOCH_1900
    };
    let (y, m, d) = civil_date(unix_days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Proleptic Gregorian (year, month, day) of a count of days since
/// 1970-01-01, by way of 400-year eras that start on 1 March.
fn civil_date(unix_days: i64) -> (i64, u32, u32) {
    let shifted = unix_days + 719_468; // days since 0000-03-01
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The date part of an ISO 8601 date or date-time; anything else as given.
fn iso_date(s: &str) -> &str {
    let b = s.as_bytes();
    let looks_like_date = b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b[..10]
            .iter()
            .enumerate()
            .all(|(i, ch)| i == 4 || i == 7 || ch.is_ascii_digit());
    if looks_like_date {
        &s[..10]
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Range};
    use std::io::Read;

    fn col(key: &'static str, header: &str, alias: &str, kind: ColumnKind) -> ColumnSpec {
        ColumnSpec {
            key,
            header: header.to_owned(),
            aliases: vec![alias.to_owned()],
            required: false,
            choices: None,
            kind,
            width: 14.0,
        }
    }

    fn spec() -> SheetSpec {
        let mut name = col("name", "姓名", "Name", ColumnKind::Text);
        name.required = true;
        let mut id = col("id_number", "身份证号", "ID number", ColumnKind::Text);
        id.required = true;
        let mut gender = col("gender", "性别", "Gender", ColumnKind::Text);
        gender.choices = Some(vec!["男".to_owned(), "女".to_owned()]);
        SheetSpec {
            name: "人员".to_owned(),
            columns: vec![
                name,
                id,
                col("phone", "手机号", "Phone", ColumnKind::Text),
                gender,
                col("birth", "出生日期", "Birth date", ColumnKind::Date),
                col("score", "分数", "Score", ColumnKind::Number),
            ],
        }
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    /// A one-sheet workbook named `name`, filled by `fill`.
    fn book(
        name: &str,
        fill: impl FnOnce(&mut Worksheet) -> Result<(), rust_xlsxwriter::XlsxError>,
    ) -> Vec<u8> {
        let mut ws = Worksheet::new();
        ws.set_name(name).unwrap();
        fill(&mut ws).unwrap();
        let mut wb = Workbook::new();
        wb.push_worksheet(ws);
        wb.save_to_buffer().unwrap()
    }

    fn write_row(
        ws: &mut Worksheet,
        r: u32,
        values: &[&str],
    ) -> Result<(), rust_xlsxwriter::XlsxError> {
        for (c, v) in values.iter().enumerate() {
            ws.write_string(r, c as u16, *v)?;
        }
        Ok(())
    }

    fn zip_text(bytes: &[u8], path: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        archive
            .by_name(path)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    fn calamine_range(bytes: &[u8], sheet: &str) -> Range<Data> {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        wb.worksheet_range(sheet).unwrap()
    }

    #[test]
    fn template_reads_back_with_its_examples() {
        let spec = spec();
        let examples = vec![
            strings(&[
                "张三",
                "110101199003071234",
                "13812345678",
                "男",
                "1990-03-07",
                "90",
            ]),
            strings(&["李四", "11010119850101002X", "", "女", "", ""]),
        ];
        let bytes = template(&spec, "字典", &examples).unwrap();

        let header = calamine_range(&bytes, "人员");
        let first: Vec<String> = header
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(
            first,
            ["*姓名", "*身份证号", "手机号", "性别", "出生日期", "分数"]
        );

        let rows = read(&bytes, &spec).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].number, 2);
        assert_eq!(rows[0].values, examples[0]);
        assert_eq!(rows[1].number, 3);
        assert_eq!(rows[1].values, examples[1]);
    }

    #[test]
    fn headers_match_by_alias_star_spaces_and_case_in_any_order() {
        let bytes = book("Sheet1", |ws| {
            write_row(ws, 0, &[" * id NUMBER ", "Remark", "＊Name", "出生日期 "])?;
            write_row(
                ws,
                1,
                &["320102198001011234", "ignored", "王五", "1980-01-01"],
            )
        });
        let rows = read(&bytes, &spec()).unwrap();
        assert_eq!(
            rows,
            vec![Row {
                number: 2,
                values: strings(&["王五", "320102198001011234", "", "", "1980-01-01", ""]),
            }]
        );
    }

    #[test]
    fn named_sheet_is_preferred_over_the_first() {
        let mut first = Worksheet::new();
        first.set_name("说明").unwrap();
        write_row(&mut first, 0, &["姓名", "身份证号"]).unwrap();
        write_row(&mut first, 1, &["wrong", "sheet"]).unwrap();
        let mut second = Worksheet::new();
        second.set_name("人员").unwrap();
        write_row(&mut second, 0, &["姓名", "身份证号"]).unwrap();
        write_row(&mut second, 1, &["right", "sheet"]).unwrap();
        let mut wb = Workbook::new();
        wb.push_worksheet(first);
        wb.push_worksheet(second);
        let rows = read(&wb.save_to_buffer().unwrap(), &spec()).unwrap();
        assert_eq!(rows[0].values[..2], ["right", "sheet"]);
    }

    #[test]
    fn numbers_read_as_exact_digit_strings() {
        let bytes = book("人员", |ws| {
            write_row(ws, 0, &["姓名", "身份证号", "手机号", "分数", "性别"])?;
            // What Excel keeps of an 18-digit id typed as a number, and one
            // that only 17 significant digits tell apart from its neighbours.
            ws.write_string(1, 0, "a")?;
            ws.write_number(1, 1, 110105194912310000.0)?;
            ws.write_number(1, 2, 13812345678.0)?;
            ws.write_number(1, 3, 3.25)?;
            ws.write_boolean(1, 4, true)?;
            ws.write_string(2, 0, "b")?;
            ws.write_number(2, 1, 110101199003071230.0)?;
            ws.write_number(2, 2, -0.0)?;
            ws.write_number(2, 3, 0.1)?;
            Ok(())
        });
        let rows = read(&bytes, &spec()).unwrap();
        assert_eq!(
            rows[0].values,
            strings(&["a", "110105194912310000", "13812345678", "true", "", "3.25"])
        );
        assert_eq!(
            rows[1].values,
            strings(&["b", "110101199003071230", "0", "", "", "0.1"])
        );
    }

    #[test]
    fn dates_read_as_iso_days() {
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let date_time = Format::new().set_num_format("yyyy/m/d hh:mm");
        let bytes = book("人员", |ws| {
            write_row(ws, 0, &["姓名", "身份证号", "出生日期", "手机号"])?;
            ws.write_string(1, 0, "date cell")?;
            ws.write_number_with_format(1, 2, 45000.0, &date)?;
            ws.write_number_with_format(1, 3, 45000.0, &date)?;
            ws.write_string(2, 0, "date-time just before midnight")?;
            ws.write_number_with_format(2, 2, 45000.999_999_999, &date_time)?;
            ws.write_string(3, 0, "serial in a date column")?;
            ws.write_number(3, 2, 32939.0)?;
            ws.write_number(3, 3, 32939.0)?;
            ws.write_string(4, 0, "not a sensible serial")?;
            ws.write_number(4, 2, 19900307.0)?;
            ws.write_string(5, 0, "a year")?;
            ws.write_number(5, 2, 1990.0)?;
            Ok(())
        });
        let rows = read(&bytes, &spec()).unwrap();
        let got: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.values[4].as_str(), r.values[2].as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("2023-03-15", "2023-03-15"),
                ("2023-03-16", ""),
                ("1990-03-07", "32939"),
                ("19900307", ""),
                ("1990", ""),
            ]
        );
    }

    #[test]
    fn serials_convert_like_excel() {
        assert_eq!(serial_date(1.0, false).as_deref(), Some("1900-01-01"));
        assert_eq!(serial_date(59.0, false).as_deref(), Some("1900-02-28"));
        assert_eq!(serial_date(61.0, false).as_deref(), Some("1900-03-01"));
        assert_eq!(serial_date(36526.5, false).as_deref(), Some("2000-01-01"));
        assert_eq!(
            serial_date(SERIAL_MAX, false).as_deref(),
            Some("9999-12-31")
        );
        assert_eq!(serial_date(0.0, true).as_deref(), Some("1904-01-01"));
        assert_eq!(serial_date(0.5, false), None);
        assert_eq!(
            serial_date(*SERIAL_DATES.start(), false).as_deref(),
            Some("1910-01-01")
        );
        assert_eq!(
            serial_date(*SERIAL_DATES.end(), false).as_deref(),
            Some("2099-12-31")
        );
        let in_1904 = ExcelDateTime::new(0.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(
            cell_text(&DataRef::DateTime(in_1904), ColumnKind::Text),
            "1904-01-01"
        );
        let duration = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(
            cell_text(&DataRef::DateTime(duration), ColumnKind::Date),
            "1.5"
        );
        let iso = DataRef::DateTimeIso("2024-02-29T08:00:00".to_owned());
        assert_eq!(cell_text(&iso, ColumnKind::Text), "2024-02-29");
        assert_eq!(
            cell_text(
                &DataRef::Error(calamine::CellErrorType::NA),
                ColumnKind::Text
            ),
            ""
        );
    }

    #[test]
    fn blank_rows_are_skipped_and_numbers_kept() {
        let bytes = book("人员", |ws| {
            // Rows 1 and 2 blank (row 2 only spaces), header on row 3.
            ws.write_string(1, 1, "   ")?;
            write_row(ws, 2, &["", "*姓名", "身份证号", "其他"])?;
            write_row(ws, 3, &["x", " 甲 ", "1"])?;
            write_row(ws, 4, &["", " ", "\u{3000}"])?;
            // Only an unknown column filled: blank as far as the spec goes.
            write_row(ws, 5, &["x", "", "", "extra"])?;
            write_row(ws, 7, &["", "乙", "2"])
        });
        let rows = read(&bytes, &spec()).unwrap();
        let got: Vec<(u32, &str, &str)> = rows
            .iter()
            .map(|r| (r.number, r.values[0].as_str(), r.values[1].as_str()))
            .collect();
        assert_eq!(got, [(4, "甲", "1"), (8, "乙", "2")]);
    }

    #[test]
    fn missing_columns() {
        let no_id = book("人员", |ws| {
            write_row(ws, 0, &["姓名", "手机号"])?;
            write_row(ws, 1, &["甲", "138"])
        });
        assert_eq!(
            read(&no_id, &spec()),
            Err(SheetError::MissingColumn("身份证号".to_owned()))
        );
        assert_eq!(
            SheetError::MissingColumn(String::new()).key(),
            "err.sheet_column_missing"
        );

        let only_required = book("人员", |ws| {
            write_row(ws, 0, &["身份证号", "姓名"])?;
            write_row(ws, 1, &["1", "甲"])
        });
        let rows = read(&only_required, &spec()).unwrap();
        assert_eq!(rows[0].values, strings(&["甲", "1", "", "", "", ""]));
    }

    #[test]
    fn unreadable_empty_and_too_many() {
        assert_eq!(
            read(b"PK\x03\x04 not really a zip", &spec()),
            Err(SheetError::Unreadable)
        );
        assert_eq!(read(b"", &spec()), Err(SheetError::Unreadable));
        assert_eq!(SheetError::Unreadable.key(), "err.sheet_unreadable");

        let header_only = book("人员", |ws| write_row(ws, 0, &["姓名", "身份证号"]));
        assert_eq!(read(&header_only, &spec()), Err(SheetError::Empty));
        let nothing = book("人员", |_| Ok(()));
        assert_eq!(read(&nothing, &spec()), Err(SheetError::Empty));

        let three = book("人员", |ws| {
            write_row(ws, 0, &["姓名", "身份证号"])?;
            for r in 1..=3 {
                write_row(ws, r, &["甲", "1"])?;
            }
            Ok(())
        });
        assert_eq!(read_at_most(&three, &spec(), 3).map(|r| r.len()), Ok(3));
        assert_eq!(
            read_at_most(&three, &spec(), 2),
            Err(SheetError::TooManyRows(2))
        );
        assert_eq!(
            SheetError::TooManyRows(MAX_ROWS).key(),
            "err.sheet_too_many_rows"
        );
    }

    #[test]
    fn batches_hand_on_rows_in_order_and_can_stop() {
        let five = book("人员", |ws| {
            write_row(ws, 0, &["姓名", "身份证号"])?;
            for r in 1..=5 {
                write_row(ws, r, &["甲", &r.to_string()])?;
            }
            Ok(())
        });
        let mut seen: Vec<Vec<u32>> = vec![];
        read_batches(&five, &spec(), 2, |rows| {
            seen.push(rows.iter().map(|r| r.number).collect());
            true
        })
        .unwrap();
        assert_eq!(seen, [vec![2, 3], vec![4, 5], vec![6]]);

        let mut taken = 0;
        read_batches(&five, &spec(), 2, |rows| {
            taken += rows.len();
            false
        })
        .unwrap();
        assert_eq!(taken, 2, "a false answer stops the reading");

        // The row limit counts rows handed on, not those still held.
        assert_eq!(
            read_in_batches(&five, &spec(), 4, 2, |_| true),
            Err(SheetError::TooManyRows(4))
        );
        let empty = book("人员", |ws| write_row(ws, 0, &["姓名", "身份证号"]));
        assert_eq!(
            read_batches(&empty, &spec(), 2, |_| true),
            Err(SheetError::Empty)
        );
    }

    #[test]
    fn template_has_dropdowns_on_a_hidden_sheet() {
        let mut spec = spec();
        let orgs: Vec<String> = (0..20_000).map(|i| format!("第{i}党支部")).collect();
        spec.columns.push(ColumnSpec {
            choices: Some(orgs.clone()),
            ..col("org", "所在支部", "Branch", ColumnKind::Text)
        });
        // A second column with the same list shares its dict column.
        spec.columns.push(ColumnSpec {
            choices: Some(orgs),
            ..col("org2", "转入支部", "To branch", ColumnKind::Text)
        });
        let bytes = template(&spec, "dict", &[]).unwrap();

        let sheet = zip_text(&bytes, "xl/worksheets/sheet1.xml");
        assert_eq!(sheet.matches("<dataValidation ").count(), 3, "{sheet}");
        assert!(sheet.contains(r#"type="list""#));
        assert!(
            sheet.contains("<formula1>dict!$A$2:$A$3</formula1>"),
            "{sheet}"
        );
        assert!(
            sheet.contains("<formula1>dict!$B$2:$B$20001</formula1>"),
            "{sheet}"
        );
        assert!(sheet.contains(r#"sqref="D2:D200001""#), "{sheet}");
        assert!(sheet.contains(r#"<pane ySplit="1""#), "{sheet}");
        let workbook = zip_text(&bytes, "xl/workbook.xml");
        assert!(
            workbook.contains(r#"<sheet name="dict" sheetId="2" state="hidden""#),
            "{workbook}"
        );
        let styles = zip_text(&bytes, "xl/styles.xml");
        assert!(styles.contains(r#"numFmtId="49""#), "text format: {styles}");
        assert!(
            styles.contains(r#"formatCode="yyyy\-mm\-dd""#)
                || styles.contains(r#"formatCode="yyyy-mm-dd""#),
            "{styles}"
        );

        let dict = calamine_range(&bytes, "dict");
        assert_eq!(dict.get((0, 1)), Some(&Data::String("所在支部".to_owned())));
        assert_eq!(
            dict.get((20_000, 1)),
            Some(&Data::String("第19999党支部".to_owned()))
        );
        assert_eq!(dict.get((1, 2)), None);
    }

    #[test]
    fn template_without_choices_has_one_sheet() {
        let mut spec = spec();
        spec.columns[3].choices = Some(Vec::new());
        let bytes = template(&spec, "dict", &[]).unwrap();
        let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.as_slice())).unwrap();
        assert_eq!(wb.sheet_names(), ["人员"]);
        assert!(!zip_text(&bytes, "xl/worksheets/sheet1.xml").contains("dataValidation"));
    }

    #[test]
    fn marked_copy_reads_back_with_notes() {
        let spec = spec();
        let rows = vec![
            Row {
                number: 2,
                values: strings(&["甲", "110101199003071234", "", "男", "1990-03-07", ""]),
            },
            Row {
                number: 4,
                values: strings(&["乙", "bad-id", "12", "", "", ""]),
            },
        ];
        let bad = |col: usize, message: &str| BadCell {
            sheet: "人员".to_owned(),
            row: 4,
            column: spec
                .columns
                .get(col)
                .map(|c| c.header.clone())
                .unwrap_or_default(),
            col,
            value: String::new(),
            message: message.to_owned(),
        };
        let bad = vec![
            bad(1, "身份证号格式错误"),
            bad(3, "性别不能为空"),
            bad(99, "与第2行重复"),
        ];
        let bytes = marked_copy(&spec, &rows, &bad, "错误说明").unwrap();

        let range = calamine_range(&bytes, "人员");
        let text =
            |r: usize, c: usize| range.get((r, c)).map(|d| d.to_string()).unwrap_or_default();
        assert_eq!(text(0, 0), "*姓名");
        assert_eq!(text(0, 6), "错误说明");
        assert_eq!(text(1, 1), "110101199003071234");
        assert_eq!(text(1, 6), "");
        assert_eq!(text(2, 0), "", "row numbers are kept, so row 3 stays blank");
        assert_eq!(text(3, 1), "bad-id");
        assert_eq!(text(3, 6), "身份证号格式错误；性别不能为空；与第2行重复");

        // Re-importing the copy gives the same rows back.
        assert_eq!(read(&bytes, &spec).unwrap(), rows);

        let comments = zip_text(&bytes, "xl/comments1.xml");
        assert!(comments.contains("身份证号格式错误"), "{comments}");
        assert!(comments.contains("性别不能为空"), "{comments}");
        assert!(!comments.contains("与第2行重复"), "{comments}");
        assert!(
            comments.contains(r#"ref="B4""#) && comments.contains(r#"ref="D4""#),
            "{comments}"
        );
        let styles = zip_text(&bytes, "xl/styles.xml");
        assert!(styles.contains("FFFFC7CE"), "{styles}");
    }

    #[test]
    fn marked_copy_renumbers_rows_out_of_order() {
        let spec = spec();
        let rows = vec![
            Row {
                number: 9,
                values: strings(&["甲", "1"]),
            },
            Row {
                number: 3,
                values: strings(&["乙", "2"]),
            },
        ];
        let bytes = marked_copy(&spec, &rows, &[], "错误说明").unwrap();
        let got: Vec<(u32, String)> = read(&bytes, &spec)
            .unwrap()
            .into_iter()
            .map(|r| (r.number, r.values[0].clone()))
            .collect();
        assert_eq!(got, [(2, "甲".to_owned()), (3, "乙".to_owned())]);
    }
}

//! Reading sheets: the streaming reader that maps headers to columns.

use super::*;

/// Reads the sheet named `spec.name` (or, when there is none, the first
/// sheet): the first non-empty row is the header, matched to the spec's
/// headers and aliases ignoring a leading "*", spaces and ASCII case; extra
/// columns are ignored; a missing required column is an error, a missing
/// optional one reads as "". Fully blank rows are skipped.
pub fn read(bytes: &[u8], spec: &SheetSpec) -> Result<Vec<Row>, SheetError> {
    read_at_most(bytes, spec, MAX_ROWS)
}

pub(super) fn read_at_most(
    bytes: &[u8],
    spec: &SheetSpec,
    limit: usize,
) -> Result<Vec<Row>, SheetError> {
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

pub(super) fn read_in_batches(
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
pub(super) struct Rows<'s> {
    pub(super) spec: &'s SheetSpec,
    pub(super) limit: usize,
    /// Sheet column → spec column, once the header row is over.
    pub(super) map: Option<Vec<Option<usize>>>,
    /// Non-empty cells of the header candidate row: (sheet column, text).
    pub(super) header: Vec<(u32, String)>,
    /// Zero-based sheet row being gathered.
    pub(super) at: Option<u32>,
    pub(super) values: Vec<String>,
    pub(super) filled: bool,
    pub(super) out: Vec<Row>,
    /// Rows gathered so far, including those already handed on.
    pub(super) count: usize,
}

impl<'s> Rows<'s> {
    pub(super) fn new(spec: &'s SheetSpec, limit: usize) -> Self {
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

    pub(super) fn cell(&mut self, r: u32, c: u32, v: &DataRef<'_>) -> Result<(), SheetError> {
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

    pub(super) fn end_row(&mut self) -> Result<(), SheetError> {
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

    pub(super) fn header_map(&self) -> Result<Vec<Option<usize>>, SheetError> {
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

    pub(super) fn finish(mut self) -> Result<Vec<Row>, SheetError> {
        self.end_row()?;
        if self.count == 0 {
            return Err(SheetError::Empty);
        }
        Ok(self.out)
    }
}

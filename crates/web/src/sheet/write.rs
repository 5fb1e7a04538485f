//! Writing sheets: blank templates with dropdowns and marked copies of uploads.

use super::*;

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
    finish(ws, spec, dict_sheet)
}

/// Which columns of a filled template ([`filled`]) the user may not change.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// Spec columns hidden from view (a key the upload is read back by).
    pub hidden: Vec<usize>,
    /// Spec columns locked (the sheet is protected; every other column stays open).
    pub locked: Vec<usize>,
}

/// A template filled with the records to correct, one row each under the header: laid out
/// and with dropdowns as [`template`], number columns written as numbers, the `guard`
/// columns hidden or locked and the sheet protected (without a password: it guards against
/// slips, not against intent; the import checks every cell anyway).
pub fn filled(
    spec: &SheetSpec,
    dict_sheet: &str,
    rows: &[Vec<String>],
    guard: &Guard,
) -> Result<Vec<u8>, SheetError> {
    let mut ws = Worksheet::new();
    lay_out(&mut ws, spec)?;
    let formats: Vec<Format> = spec
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let f = kind_format(column.kind);
            if guard.locked.contains(&c) {
                f
            } else {
                f.set_unlocked()
            }
        })
        .collect();
    for (c, f) in formats.iter().enumerate() {
        let cc = col_num(c)?;
        ws.set_column_format(cc, f)?;
        if guard.hidden.contains(&c) {
            ws.set_column_hidden(cc)?;
        }
    }
    for (r, row) in rows.iter().enumerate() {
        let r = row_num(r + 1)?;
        for (c, value) in row.iter().take(spec.columns.len()).enumerate() {
            let (cc, f) = (col_num(c)?, &formats[c]);
            let number = (spec.columns[c].kind == ColumnKind::Number)
                .then(|| value.parse::<f64>().ok().filter(|n| n.is_finite()))
                .flatten();
            match number {
                Some(n) => ws.write_number_with_format(r, cc, n, f)?,
                None if value.is_empty() => ws.write_blank(r, cc, f)?,
                None => ws.write_string_with_format(r, cc, value, f)?,
            };
        }
    }
    ws.protect();
    finish(ws, spec, dict_sheet)
}

/// The dropdowns of `spec` over the hidden dictionary sheet, and the workbook.
fn finish(mut ws: Worksheet, spec: &SheetSpec, dict_sheet: &str) -> Result<Vec<u8>, SheetError> {
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
pub(super) fn lay_out(ws: &mut Worksheet, spec: &SheetSpec) -> Result<(), SheetError> {
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

pub(super) fn kind_format(kind: ColumnKind) -> Format {
    match kind {
        // Built-in format 49 is "@", the one Excel itself uses for text.
        ColumnKind::Text => Format::new().set_num_format_index(49),
        ColumnKind::Date => Format::new().set_num_format("yyyy-mm-dd"),
        ColumnKind::Number => Format::new(),
    }
}

pub(super) fn join<'a>(mut parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::from(parts.next().unwrap_or(""));
    for p in parts {
        out.push('；');
        out.push_str(p);
    }
    out
}

pub(super) fn col_num(c: usize) -> Result<u16, SheetError> {
    u16::try_from(c).map_err(|_| SheetError::Write(format!("column {c} out of range")))
}

pub(super) fn row_num(r: usize) -> Result<u32, SheetError> {
    u32::try_from(r)
        .ok()
        .filter(|&r| r < EXCEL_ROWS)
        .ok_or_else(|| SheetError::Write(format!("row {r} out of range")))
}

// ---------------------------------------------------------------- reading

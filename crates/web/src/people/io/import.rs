//! Reading a people sheet: the upload, its rows and the report of its bad cells.

use super::*;

/// The text of one cell, cut to what a report table shows.
pub(super) fn value(rows: &[Row], row: u32, col: usize) -> String {
    rows.binary_search_by_key(&row, |r| r.number)
        .ok()
        .and_then(|i| rows[i].values.get(col))
        .map(|v| v.chars().take(200).collect())
        .unwrap_or_default()
}

/// Reads, checks and (when every cell is good) writes one file of `ledger`.
pub async fn import(
    s: &Scoped<'_>,
    ledger: Ledger,
    tr: Tr,
    filename: &str,
    bytes: Bytes,
) -> WebResult<Imported> {
    let spec = spec(ledger, tr, vec![], vec![]);
    // On a blocking thread, after the archive check.
    let read = || {
        let (bytes, spec) = (bytes.clone(), spec.clone());
        upload_guard::read_off_runtime(bytes, move |b| sheet::read(b, &spec))
    };
    let at = column_index(&spec);
    let get = |r: &Row, key: &str| -> String {
        at.get(key)
            .and_then(|i| r.values.get(*i).cloned())
            .unwrap_or_default()
    };
    // The rows are kept, where they were read whole, to mark a refused file's bad cells.
    let (rows, outcome) = match ledger {
        // The people ledger is the one imported by the hundred thousand: it is read on a
        // thread of its own while the rows already read are checked and written.
        Ledger::People => (None, import_people(s, tr, filename, bytes.clone()).await?),
        Ledger::Posts => {
            let rows = read().await?;
            let data = rows
                .iter()
                .map(|r| PostRow {
                    row: r.number,
                    id_number: get(r, "id_number"),
                    post: get(r, "post"),
                    node: get(r, "post_node"),
                    start_on: get(r, "start_on"),
                    end_on: get(r, "end_on"),
                    note: get(r, "note"),
                })
                .collect();
            let outcome = s.posts().import(data, filename).await?;
            (Some(rows), outcome)
        }
        Ledger::Honours => {
            let levels = Codes::new("honour_level", &HONOUR_LEVELS);
            let rows = read().await?;
            let data = rows
                .iter()
                .map(|r| HonourRow {
                    row: r.number,
                    id_number: get(r, "id_number"),
                    title: get(r, "title"),
                    level: levels.of(&get(r, "level")),
                    awarded_on: get(r, "awarded_on"),
                    awarding_node: get(r, "awarding_node"),
                    note: get(r, "note"),
                })
                .collect();
            let outcome = s.honours().import(data, filename).await?;
            (Some(rows), outcome)
        }
        Ledger::Quotas => {
            let rows = read().await?;
            let data = rows
                .iter()
                .map(|r| QuotaRow {
                    row: r.number,
                    node: get(r, "node"),
                    year: get(r, "year"),
                    amount: get(r, "amount"),
                })
                .collect();
            let outcome = s.quotas().import(data, filename).await?;
            (Some(rows), outcome)
        }
    };
    reported(s, &spec, rows, bytes, outcome, tr, filename).await
}

pub(super) fn file_error(e: sheet::SheetError) -> WebError {
    WebError::Storage(touyan_storage::StorageError::field("file", e.key()))
}

/// Rows handed from the reading thread to the import at a time.
pub(super) const FEED_BATCH: usize = 5000;

/// Batches the reader may be ahead of the import: the whole largest file. Held back, the
/// reader would run beside the checking for the whole import and slow it down (several
/// times over under glibc's allocator; see docs/benchmarks.md, "People"); ahead, it is done
/// early. The rows waiting cost memory (about 20 MiB more at the peak for 100 000 rows).
pub(super) const FEED_AHEAD: usize = sheet::MAX_ROWS / FEED_BATCH + 1;

/// Reads a people file on a blocking thread and hands its rows, batch by batch, to the
/// import, which checks and writes one batch while the next is read.
pub(super) async fn import_people(
    s: &Scoped<'_>,
    tr: Tr,
    filename: &str,
    bytes: Bytes,
) -> WebResult<ImportOutcome> {
    let (tx, rx) = tokio::sync::mpsc::channel(FEED_AHEAD);
    let reader = tokio::task::spawn_blocking(move || {
        let spec = spec(Ledger::People, tr, vec![], vec![]);
        let to_row = PersonColumns::new(&spec);
        // The archive is checked first; a panic of the reader ends it as unreadable, and the
        // import, never sent its end, writes nothing.
        let read = upload_guard::guarded(&bytes, |b| {
            sheet::read_batches(b, &spec, FEED_BATCH, |rows| {
                let batch = rows.into_iter().map(|r| to_row.row(r)).collect();
                tx.blocking_send(Feed::Rows(batch)).is_ok()
            })
        });
        if read.is_ok() {
            // Nothing is committed unless the end of the file arrives.
            let _ = tx.blocking_send(Feed::End);
        }
        read
    });
    let outcome = s.people().import_feed(rx, filename).await;
    match reader.await {
        Ok(Ok(())) => Ok(outcome?),
        Ok(Err(e)) => Err(e),
        Err(e) => Err(WebError::Internal(format!(
            "the import's reader failed: {e}"
        ))),
    }
}

/// Each column's place in a row of `spec`, by its key.
pub(super) fn column_index(spec: &SheetSpec) -> HashMap<&'static str, usize> {
    spec.columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key, i))
        .collect()
}

/// The columns of the people sheet, in the order of a row's cells, and the codes its
/// dictionary columns take.
pub(super) struct PersonColumns {
    pub(super) keys: Vec<&'static str>,
    pub(super) genders: Codes,
    pub(super) educations: Codes,
    pub(super) statuses: Codes,
}

impl PersonColumns {
    pub(super) fn new(spec: &SheetSpec) -> PersonColumns {
        PersonColumns {
            keys: spec.columns.iter().map(|c| c.key).collect(),
            genders: Codes::new("gender", &GENDERS),
            educations: Codes::new("education", &EDUCATION),
            statuses: Codes::new("pstatus", &status_codes()),
        }
    }

    /// A row as the person input the API and the pages take (read through the same
    /// `Deserialize`), its dictionary cells as codes, and the node it is filed at.
    pub(super) fn row(&self, r: Row) -> PersonRow {
        let mut node = String::new();
        let mut cells = Vec::with_capacity(self.keys.len());
        for (key, v) in self.keys.iter().copied().zip(r.values) {
            let v = match key {
                "node" => {
                    node = v;
                    continue;
                }
                "gender" => self.genders.of(&v),
                "education" => self.educations.of(&v),
                "status" => self.statuses.of(&v),
                _ => v,
            };
            cells.push((key, v));
        }
        let input = from_cells(cells)
            .unwrap_or_else(|e| unreachable!("every field of a person takes a cell's text: {e}"));
        PersonRow {
            row: r.number,
            node,
            input,
        }
    }
}

/// The answer to an import: its count, or every bad cell with a marked copy of the file.
/// `rows` are the file's rows when the caller kept them; otherwise a refused file is read
/// again to mark it.
pub(super) async fn reported(
    s: &Scoped<'_>,
    spec: &SheetSpec,
    rows: Option<Vec<Row>>,
    bytes: Bytes,
    outcome: ImportOutcome,
    tr: Tr,
    filename: &str,
) -> WebResult<Imported> {
    match outcome {
        ImportOutcome::Imported(n) => Ok(Imported::Done(n)),
        ImportOutcome::Refused(errors) => {
            let rows = match rows {
                Some(rows) => rows,
                None => {
                    let spec = spec.clone();
                    upload_guard::off_runtime(move || {
                        sheet::read(&bytes, &spec).map_err(file_error)
                    })
                    .await?
                }
            };
            let bad = bad_cells(spec, &rows, &errors, tr);
            let (marked, bad) = upload_guard::marked_copy(spec.clone(), rows, bad, tr).await?;
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
            Ok(Imported::Refused { cells, report })
        }
    }
}

/// Domain fields named differently from their column.
pub(super) fn column_key(ledger_field: &str) -> &str {
    match ledger_field {
        "awarding_node_id" => "awarding_node",
        "node_id" => "node",
        "post_code" => "post",
        other => other,
    }
}

pub(super) fn bad_cells(
    spec: &SheetSpec,
    rows: &[Row],
    errors: &[RowError],
    tr: Tr,
) -> Vec<BadCell> {
    errors
        .iter()
        .map(|e| {
            let key = column_key(&e.field);
            let col = spec
                .columns
                .iter()
                .position(|c| c.key == key || (key == "node" && c.key == "post_node"))
                .unwrap_or(0);
            BadCell {
                sheet: spec.name.clone(),
                row: e.row,
                column: spec.columns[col].header.clone(),
                col,
                value: value(rows, e.row, col),
                message: tr.msg(&e.key),
            }
        })
        .collect()
}

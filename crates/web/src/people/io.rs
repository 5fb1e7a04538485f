//! The people ledgers as spreadsheets: the columns of each ledger, its template with
//! dropdowns, its export, and its all-or-nothing import with a cell-by-cell error report.
//! The API and the pages both call these.

use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::import_answer::{CellError, Imported};
use crate::sheet::{self, BadCell, ColumnKind, ColumnSpec, Row, SheetSpec};
use crate::upload_guard;
use crate::xlsx::{self, Cell, EXPORT_CAP};
use axum::body::Bytes;
use axum::response::Response;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::people::{PersonInput, Status, EDUCATION, ETHNICITIES, HONOUR_LEVELS};
use touyan_storage::kit::import::{ImportOutcome, RowError};
use touyan_storage::people::{
    Feed, HonourFilter, HonourRow, PersonFilter, PersonRow, PostFilter, PostRow, QuotaFilter,
    QuotaRow,
};
use touyan_storage::Scoped;

/// Most nodes a template's dropdown lists.
const NODE_CHOICES: u64 = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ledger {
    People,
    Posts,
    Honours,
    Quotas,
}

impl Ledger {
    pub const ALL: [Ledger; 4] = [
        Ledger::People,
        Ledger::Posts,
        Ledger::Honours,
        Ledger::Quotas,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Ledger::People => "people",
            Ledger::Posts => "posts",
            Ledger::Honours => "honours",
            Ledger::Quotas => "quotas",
        }
    }

    pub fn from_slug(s: &str) -> Option<Ledger> {
        Ledger::ALL.into_iter().find(|l| l.slug() == s)
    }

    pub fn sheet_key(self) -> String {
        format!("psheet.{}", self.slug())
    }

    fn record_type(self) -> &'static str {
        match self {
            Ledger::People => "person",
            Ledger::Posts => "person_post",
            Ledger::Honours => "honour",
            Ledger::Quotas => "quota",
        }
    }
}

/// A code's label in both languages, so a file filled in either is understood.
fn both(prefix: &str, code: &str) -> [String; 2] {
    let key = format!("{prefix}.{code}");
    [
        Tr::new(Lang::ZhCn).t(&key).to_string(),
        Tr::new(Lang::En).t(&key).to_string(),
    ]
}

/// Codes by themselves and by their labels in either language, built once per file.
struct Codes(HashMap<String, &'static str>);

impl Codes {
    fn new(prefix: &str, codes: &[&'static str]) -> Codes {
        let mut m = HashMap::new();
        for c in codes {
            m.insert(c.to_string(), *c);
            for l in both(prefix, c) {
                m.insert(l, *c);
            }
        }
        Codes(m)
    }

    /// The code `v` names; unknown values pass through for the domain to refuse with a
    /// field error.
    fn of(&self, v: &str) -> String {
        let t = v.trim();
        self.0
            .get(t)
            .map_or_else(|| t.to_string(), |c| c.to_string())
    }
}

fn labels(tr: Tr, prefix: &str, codes: &[&str]) -> Vec<String> {
    codes
        .iter()
        .map(|c| tr.t(&format!("{prefix}.{c}")).to_string())
        .collect()
}

fn col(tr: Tr, key: &'static str, required: bool, kind: ColumnKind, width: f64) -> ColumnSpec {
    let hk = format!("pcol.{key}");
    ColumnSpec {
        key,
        header: tr.t(&hk).to_string(),
        aliases: vec![
            Tr::new(Lang::ZhCn).t(&hk).to_string(),
            Tr::new(Lang::En).t(&hk).to_string(),
        ],
        required,
        choices: None,
        kind,
        width,
    }
}

fn with_choices(mut c: ColumnSpec, choices: Vec<String>) -> ColumnSpec {
    c.choices = Some(choices);
    c
}

const GENDERS: [&str; 2] = ["male", "female"];

fn status_codes() -> Vec<&'static str> {
    Status::ALL.iter().map(|s| s.code()).collect()
}

/// The columns of a ledger's sheet; `nodes` and `posts` fill the dropdowns.
pub fn spec(ledger: Ledger, tr: Tr, nodes: Vec<String>, posts: Vec<String>) -> SheetSpec {
    use ColumnKind::{Date, Number, Text};
    let columns = match ledger {
        Ledger::People => vec![
            col(tr, "name", true, Text, 12.0),
            with_choices(
                col(tr, "gender", true, Text, 8.0),
                labels(tr, "gender", &GENDERS),
            ),
            with_choices(
                col(tr, "ethnicity", false, Text, 10.0),
                ETHNICITIES.iter().map(|s| s.to_string()).collect(),
            ),
            col(tr, "birth_date", true, Date, 12.0),
            col(tr, "id_number", true, Text, 22.0),
            col(tr, "phone", false, Text, 14.0),
            with_choices(
                col(tr, "education", false, Text, 14.0),
                labels(tr, "education", &EDUCATION),
            ),
            with_choices(col(tr, "node", true, Text, 30.0), nodes),
            with_choices(
                col(tr, "status", false, Text, 14.0),
                labels(tr, "pstatus", &status_codes()),
            ),
            col(tr, "applied_on", false, Date, 14.0),
            col(tr, "activist_on", false, Date, 14.0),
            col(tr, "development_object_on", false, Date, 14.0),
            col(tr, "probation_on", false, Date, 14.0),
            col(tr, "full_on", false, Date, 14.0),
            col(tr, "notes", false, Text, 24.0),
        ],
        Ledger::Posts => vec![
            col(tr, "id_number", true, Text, 22.0),
            col(tr, "name", false, Text, 12.0),
            with_choices(col(tr, "post", true, Text, 16.0), posts),
            with_choices(col(tr, "post_node", true, Text, 30.0), nodes),
            col(tr, "start_on", true, Date, 12.0),
            col(tr, "end_on", false, Date, 12.0),
            col(tr, "note", false, Text, 24.0),
        ],
        Ledger::Honours => vec![
            col(tr, "id_number", true, Text, 22.0),
            col(tr, "name", false, Text, 12.0),
            col(tr, "title", true, Text, 18.0),
            with_choices(
                col(tr, "level", true, Text, 10.0),
                labels(tr, "honour_level", &HONOUR_LEVELS),
            ),
            col(tr, "awarded_on", true, Date, 12.0),
            with_choices(col(tr, "awarding_node", false, Text, 30.0), nodes),
            col(tr, "note", false, Text, 24.0),
        ],
        Ledger::Quotas => vec![
            with_choices(col(tr, "node", true, Text, 30.0), nodes),
            col(tr, "year", true, Number, 8.0),
            col(tr, "amount", true, Number, 10.0),
        ],
    };
    SheetSpec {
        name: tr.t(&ledger.sheet_key()).to_string(),
        columns,
    }
}

async fn post_choices(s: &Scoped<'_>, tr: Tr) -> WebResult<Vec<String>> {
    Ok(s.dict()
        .entries("post")
        .await?
        .into_iter()
        .map(|e| {
            if tr.lang == Lang::En {
                e.name_en
            } else {
                e.name
            }
        })
        .collect())
}

/// A blank template for the caller, its dropdowns filled from the caller's scope.
pub async fn template(s: &Scoped<'_>, ledger: Ledger, tr: Tr) -> WebResult<Response> {
    let nodes = s.import_nodes(NODE_CHOICES).await?.labels;
    let posts = post_choices(s, tr).await?;
    let spec = spec(ledger, tr, nodes, posts);
    let bytes = sheet::template(&spec, tr.t("psheet.dict"), &[])
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let name = format!(
        "{}-{}.xlsx",
        tr.t(&ledger.sheet_key()),
        tr.t("import.template_suffix")
    );
    Ok(xlsx::attachment(&name, bytes))
}

/// The text of one cell, cut to what a report table shows.
fn value(rows: &[Row], row: u32, col: usize) -> String {
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

fn file_error(e: sheet::SheetError) -> WebError {
    WebError::Storage(touyan_storage::StorageError::field("file", e.key()))
}

/// Rows handed from the reading thread to the import at a time.
const FEED_BATCH: usize = 5000;

/// Batches the reader may be ahead of the import: the whole largest file. Held back, the
/// reader would run beside the checking for the whole import and slow it down (several
/// times over under glibc's allocator; see docs/benchmarks.md, "People"); ahead, it is done
/// early. The rows waiting cost memory (about 20 MiB more at the peak for 100 000 rows).
const FEED_AHEAD: usize = sheet::MAX_ROWS / FEED_BATCH + 1;

/// Reads a people file on a blocking thread and hands its rows, batch by batch, to the
/// import, which checks and writes one batch while the next is read.
async fn import_people(
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
fn column_index(spec: &SheetSpec) -> HashMap<&'static str, usize> {
    spec.columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key, i))
        .collect()
}

/// Where each field of a person sits in a row of the people sheet, and the codes its
/// dictionary columns take.
struct PersonColumns {
    at: HashMap<&'static str, usize>,
    genders: Codes,
    educations: Codes,
    statuses: Codes,
}

impl PersonColumns {
    fn new(spec: &SheetSpec) -> PersonColumns {
        PersonColumns {
            at: column_index(spec),
            genders: Codes::new("gender", &GENDERS),
            educations: Codes::new("education", &EDUCATION),
            statuses: Codes::new("pstatus", &status_codes()),
        }
    }

    fn row(&self, mut r: Row) -> PersonRow {
        let mut take = |key: &str| {
            self.at
                .get(key)
                .and_then(|i| r.values.get_mut(*i))
                .map(std::mem::take)
                .unwrap_or_default()
        };
        PersonRow {
            row: r.number,
            node: take("node"),
            input: PersonInput {
                name: take("name"),
                gender: self.genders.of(&take("gender")),
                ethnicity: take("ethnicity"),
                birth_date: take("birth_date"),
                id_number: take("id_number"),
                phone: take("phone"),
                education: self.educations.of(&take("education")),
                status: self.statuses.of(&take("status")),
                applied_on: take("applied_on"),
                activist_on: take("activist_on"),
                development_object_on: take("development_object_on"),
                probation_on: take("probation_on"),
                full_on: take("full_on"),
                notes: take("notes"),
            },
        }
    }
}

/// The answer to an import: its count, or every bad cell with a marked copy of the file.
/// `rows` are the file's rows when the caller kept them; otherwise a refused file is read
/// again to mark it.
async fn reported(
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
fn column_key(ledger_field: &str) -> &str {
    match ledger_field {
        "awarding_node_id" => "awarding_node",
        "node_id" => "node",
        "post_code" => "post",
        other => other,
    }
}

fn bad_cells(spec: &SheetSpec, rows: &[Row], errors: &[RowError], tr: Tr) -> Vec<BadCell> {
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

/// Filters an export takes.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    pub people: PersonFilter,
    pub year: Option<i32>,
    pub reveal: bool,
}

fn d(v: Option<chrono::NaiveDate>) -> Cell {
    v.map(|d| Cell::Text(d.to_string())).unwrap_or(Cell::Empty)
}

/// A ledger as .xlsx with the template's headers, scoped and audited.
pub async fn export(
    s: &Scoped<'_>,
    ledger: Ledger,
    tr: Tr,
    f: &ExportFilter,
) -> WebResult<Response> {
    let spec = spec(ledger, tr, vec![], vec![]);
    let label = |p: &str, c: &str| tr.t(&format!("{p}.{c}")).to_string();
    let (rows, headers): (Vec<Vec<Cell>>, Vec<String>) = match ledger {
        Ledger::People => {
            let people = s.people().all(&f.people, EXPORT_CAP, f.reveal).await?;
            // Nodes named as an import by the same person finds them again.
            let nodes = match s.import_nodes(EXPORT_CAP * 2).await {
                Ok(n) => Some(n),
                Err(touyan_storage::StorageError::NotFound) => None,
                Err(e) => return Err(e.into()),
            };
            let rows = people
                .into_iter()
                .map(|p| {
                    let node = nodes
                        .as_ref()
                        .and_then(|n| n.name_for(p.node_id, &p.node_name))
                        .unwrap_or(p.node_name);
                    vec![
                        p.name.into(),
                        label("gender", &p.gender).into(),
                        p.ethnicity.into(),
                        Cell::Text(p.birth_date.to_string()),
                        p.id_number.into(),
                        p.phone.into(),
                        p.education.map(|e| label("education", &e)).into(),
                        node.into(),
                        label("pstatus", &p.status).into(),
                        d(p.applied_on),
                        d(p.activist_on),
                        d(p.development_object_on),
                        d(p.probation_on),
                        d(p.full_on),
                        p.notes.into(),
                    ]
                })
                .collect();
            (
                rows,
                spec.columns.iter().map(|c| c.header.clone()).collect(),
            )
        }
        Ledger::Posts => {
            let pf = PostFilter {
                under: f.people.under,
                post: f.people.post.clone(),
                ..Default::default()
            };
            let posts = s.posts().all(&pf, EXPORT_CAP).await?;
            let mut headers = vec![tr.t("pcol.person_name").to_string()];
            headers.extend(
                ["post", "post_node", "start_on", "end_on", "note"]
                    .map(|k| tr.t(&format!("pcol.{k}")).to_string()),
            );
            let rows = posts
                .into_iter()
                .map(|p| {
                    vec![
                        p.person_name.into(),
                        p.post_name.into(),
                        p.node_name.into(),
                        Cell::Text(p.start_on.to_string()),
                        d(p.end_on),
                        p.note.into(),
                    ]
                })
                .collect();
            (rows, headers)
        }
        Ledger::Honours => {
            let hf = HonourFilter {
                under: f.people.under,
                year: f.year,
                ..Default::default()
            };
            let hs = s.honours().all(&hf, EXPORT_CAP).await?;
            let headers = [
                "person_name",
                "node",
                "title",
                "level",
                "awarded_on",
                "awarding_node",
                "note",
            ]
            .map(|k| tr.t(&format!("pcol.{k}")).to_string())
            .to_vec();
            let rows = hs
                .into_iter()
                .map(|h| {
                    vec![
                        h.person_name.into(),
                        h.node_name.into(),
                        h.title.into(),
                        label("honour_level", &h.level).into(),
                        Cell::Text(h.awarded_on.to_string()),
                        h.awarding_node_name.into(),
                        h.note.into(),
                    ]
                })
                .collect();
            (rows, headers)
        }
        Ledger::Quotas => {
            let qf = QuotaFilter {
                year: f.year,
                under: f.people.under,
            };
            let qs = s.quotas().all(&qf, EXPORT_CAP).await?;
            let headers = [
                "node",
                "year",
                "received",
                "handed_down",
                "used",
                "remaining",
            ]
            .map(|k| tr.t(&format!("pcol.{k}")).to_string())
            .to_vec();
            let rows = qs
                .into_iter()
                .map(|q| {
                    vec![
                        q.node_name.into(),
                        Cell::Int(q.year as i64),
                        Cell::Int(q.received as i64),
                        Cell::Int(q.handed_down as i64),
                        Cell::Int(q.used as i64),
                        Cell::Int(q.remaining as i64),
                    ]
                })
                .collect();
            (rows, headers)
        }
    };
    s.audit()
        .note(
            "export",
            ledger.record_type(),
            Permission::PersonRead,
            f.people.under,
            Some(serde_json::json!({"rows": rows.len(), "reveal": f.reveal})),
        )
        .await?;
    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
    let name = format!("{}.xlsx", tr.t(&ledger.sheet_key()));
    xlsx::download(&name, tr.t(&ledger.sheet_key()), &h, rows)
}

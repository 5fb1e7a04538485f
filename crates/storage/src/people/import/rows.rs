//! How checked people become SQL: the columns a people file fills, multi-row inserts and the
//! bulk statements.

use super::*;

/// The columns of `person` a people file fills, in the order of [`person_values`].
pub(super) const PERSON_COLS: [(&str, Col); 18] = [
    ("name", Col::Text),
    ("gender", Col::Text),
    ("ethnicity", Col::Text),
    ("birth_date", Col::Date),
    ("id_number", Col::Text),
    ("phone", Col::Text),
    ("education", Col::Text),
    ("node_id", Col::BigInt),
    ("node_path", Col::Text),
    ("status", Col::Text),
    ("applied_on", Col::Date),
    ("activist_on", Col::Date),
    ("development_object_on", Col::Date),
    ("probation_on", Col::Date),
    ("full_on", Col::Date),
    ("notes", Col::Text),
    ("created_at", Col::BigInt),
    ("updated_at", Col::BigInt),
];

/// One checked person's values, in the order of [`PERSON_COLS`].
pub(super) fn person_values(c: &CheckedPerson, now: i64) -> [sea_orm::Value; 18] {
    let (p, pl) = (&c.person, &c.person.pipeline);
    let d = |v: Option<chrono::NaiveDate>| sea_orm::Value::from(v.map(|d| d.to_string()));
    [
        p.name.as_str().into(),
        p.gender.code().into(),
        p.ethnicity.clone().into(),
        p.birth_date.to_string().into(),
        p.id_number.as_str().into(),
        p.phone.as_ref().map(|m| m.as_str().to_string()).into(),
        p.education.clone().into(),
        c.node_id.into(),
        c.path.as_str().into(),
        pl.status().code().into(),
        d(pl.applied_on),
        d(pl.activist_on),
        d(pl.development_object_on),
        d(pl.probation_on),
        d(pl.full_on),
        p.notes.clone().into(),
        now.into(),
        now.into(),
    ]
}

/// One person's values as a JSON array. Texts, big integers and nulls, which are all that
/// [`person_values`] gives now, are written straight from the values; any other kind through
/// sea-query's own conversion.
pub(super) struct JsonRow(pub(super) [sea_orm::Value; 18]);

impl serde::Serialize for JsonRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use sea_orm::Value;
        use serde::ser::SerializeTuple;
        let mut t = s.serialize_tuple(self.0.len())?;
        for v in &self.0 {
            match v {
                Value::String(Some(text)) => t.serialize_element(text.as_str())?,
                Value::BigInt(Some(n)) => t.serialize_element(n)?,
                Value::String(None) | Value::BigInt(None) => t.serialize_element(&())?,
                other => {
                    t.serialize_element(&sea_orm::sea_query::value::sea_value_to_json_value(other))?
                }
            }
        }
        t.end()
    }
}

/// Rows per statement when SQLite is handed bound values (18 per row, well under its limit
/// of 32 766 per statement).
pub(super) const VALUES_ROWS: usize = 400;

/// The statements that write a checked batch. PostgreSQL gets the batch as one JSON
/// parameter that it unpacks; SQLite gets multi-row `INSERT`s with every value bound, since
/// its `json_each` took longer to unpack the rows than it takes to bind them (see
/// docs/benchmarks.md, "People").
pub(super) fn person_statements(
    backend: DbBackend,
    rows: &[CheckedPerson],
    now: i64,
) -> Vec<Statement> {
    match backend {
        DbBackend::Postgres => {
            let rows: Vec<JsonRow> = rows
                .iter()
                .map(|r| JsonRow(person_values(r, now)))
                .collect();
            let json = serde_json::to_string(&rows).expect("texts and numbers always serialize");
            let sql = bulk_sql(backend, "person", &PERSON_COLS);
            vec![Statement::from_sql_and_values(backend, sql, [json.into()])]
        }
        _ => rows
            .chunks(VALUES_ROWS)
            .map(|chunk| {
                let values = chunk.iter().flat_map(|r| person_values(r, now));
                Statement::from_sql_and_values(
                    backend,
                    values_sql("person", &PERSON_COLS, chunk.len()),
                    values,
                )
            })
            .collect(),
    }
}

/// `INSERT INTO <table> (...) VALUES (?, ...), ...` for `rows` rows.
pub(super) fn values_sql(table: &str, cols: &[(&str, Col)], rows: usize) -> String {
    let names: Vec<&str> = cols.iter().map(|c| c.0).collect();
    let one = format!("({})", vec!["?"; cols.len()].join(","));
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        names.join(", "),
        vec![one.as_str(); rows].join(",")
    )
}

/// How the bulk writer casts a JSON value into its column.
#[derive(Debug, Clone, Copy)]
pub(super) enum Col {
    Text,
    BigInt,
    Date,
}

impl Col {
    fn pg(self) -> &'static str {
        match self {
            Col::Text => "text",
            Col::BigInt => "bigint",
            Col::Date => "date",
        }
    }
}

/// One `INSERT ... SELECT` that unpacks a JSON array of rows (each an array of values) in
/// the database: one bound parameter per chunk instead of one per value, which is what
/// dominates writing many rows through the driver.
pub(super) fn bulk_sql(backend: DbBackend, table: &str, cols: &[(&str, Col)]) -> String {
    let names: Vec<&str> = cols.iter().map(|c| c.0).collect();
    let values: Vec<String> = cols
        .iter()
        .enumerate()
        .map(|(i, (_, t))| match backend {
            DbBackend::Postgres => format!("(e->>{i})::{}", t.pg()),
            _ => format!("e.value->>{i}"),
        })
        .collect();
    let from = match backend {
        // jsonb: parsed once per chunk, then each `->>` is a lookup, not a re-parse.
        DbBackend::Postgres => "jsonb_array_elements($1::jsonb) AS e",
        _ => "json_each(?) AS e",
    };
    format!(
        "INSERT INTO {table} ({}) SELECT {} FROM {from}",
        names.join(", "),
        values.join(", ")
    )
}

/// Writes checked rows in chunks inside one transaction, with one audit entry for the file.
pub(super) async fn write_all(
    s: &Scoped<'_>,
    table: &str,
    cols: &[(&str, Col)],
    rows: impl Iterator<Item = serde_json::Value>,
    record_type: &str,
    filename: &str,
) -> Result<ImportOutcome> {
    let backend = s.db.get_database_backend();
    let sql = bulk_sql(backend, table, cols);
    let work = Work::begin(s.db, s.actor).await?;
    let txn = work.txn();
    let mut n = 0u64;
    let mut it = rows.peekable();
    while it.peek().is_some() {
        let chunk: Vec<serde_json::Value> = it.by_ref().take(BULK_CHUNK).collect();
        n += chunk.len() as u64;
        let json = serde_json::Value::Array(chunk).to_string();
        txn.execute(Statement::from_sql_and_values(backend, &sql, [json.into()]))
            .await?;
    }
    import_audit(&work, s, record_type, n, filename).await?;
    work.commit().await?;
    Ok(ImportOutcome::Imported(n))
}

//! All-or-nothing imports of the people ledgers. Every row is checked first (by the same
//! domain rules as a form), nodes are resolved inside the importer's scope, identity numbers
//! must be unique within the file and against the database; a single problem anywhere
//! writes nothing and the caller gets every problem, by row and field.

use super::honour::HonourRepo;
use super::post::PostRepo;
use super::quota::QuotaRepo;
use super::PeopleRepo;
use crate::audit::Entry;
use crate::bulk;
use crate::entity::{dict_entry, person};
use crate::kit::import::{ImportOutcome, RowError};
use crate::kit::lookup::NodeResolver;
use crate::kit::work::Work;
use crate::scope::within_any;
use crate::{now_ms, Result, Scoped, StorageError};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    Statement,
};
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::fields::parse_note;
use touyan_domain::people::{parse_honour, parse_term, IdNumber, PersonInput};
use touyan_domain::tree::TreePath;
use touyan_domain::DomainError;

mod rows;
mod sheets;
use rows::*;
mod update;
use update::PersonUpdate;

/// "No limit" for the node list an import resolves names against (LIMIT binds as i64).
const ALL_NODES: u64 = i64::MAX as u64;

/// Numbers looked up per statement (well under both backends' bind-parameter limits).
const CHUNK: usize = 400;
/// Rows written per statement (one JSON parameter each).
const BULK_CHUNK: usize = 5000;

fn push_domain(errs: &mut Vec<RowError>, row: u32, field: &str, e: DomainError) {
    match e {
        DomainError::Invalid(fe) => {
            errs.extend(
                fe.0.into_iter()
                    .map(|(f, key)| RowError { row, field: f, key }),
            )
        }
        DomainError::Refused(k) => errs.push(RowError {
            row,
            field: field.into(),
            key: k.into(),
        }),
    }
}

fn err(row: u32, field: &str, key: &str) -> RowError {
    RowError {
        row,
        field: field.into(),
        key: key.into(),
    }
}

pub struct PersonRow {
    pub row: u32,
    pub input: PersonInput,
    pub node: String,
}

pub struct PostRow {
    pub row: u32,
    pub id_number: String,
    /// Code or name in the post dictionary.
    pub post: String,
    pub node: String,
    pub start_on: String,
    pub end_on: String,
    pub note: String,
}

pub struct HonourRow {
    pub row: u32,
    pub id_number: String,
    pub title: String,
    pub level: String,
    pub awarded_on: String,
    pub awarding_node: String,
    pub note: String,
}

pub struct QuotaRow {
    pub row: u32,
    pub node: String,
    pub year: String,
    pub amount: String,
}

impl<'a> Scoped<'a> {
    /// The nodes an importer may name in a file of this kind.
    pub async fn import_nodes(&self, cap: u64) -> Result<NodeResolver> {
        let scopes = self.scopes(Permission::PersonWrite)?;
        NodeResolver::load(self.db, &scopes, cap).await
    }
}

fn note_of(s: &str, row: u32, errs: &mut Vec<RowError>) -> Option<String> {
    parse_note(s).unwrap_or_else(|e| {
        push_domain(errs, row, "note", e);
        None
    })
}

/// What the reader of an import file hands on: rows as they are read, then the end of the
/// file. A feed that closes before `End` was cut off (its reader failed or gave up), and the
/// import writes nothing.
pub enum Feed<T> {
    Rows(Vec<T>),
    End,
}

/// A feed that already holds all its rows, in chunks of `chunk`.
fn fed<T>(rows: Vec<T>, chunk: usize) -> tokio::sync::mpsc::Receiver<Feed<T>> {
    let (tx, rx) = tokio::sync::mpsc::channel(rows.len() / chunk + 2);
    let mut it = rows.into_iter().peekable();
    while it.peek().is_some() {
        let _ = tx.try_send(Feed::Rows(it.by_ref().take(chunk).collect()));
    }
    let _ = tx.try_send(Feed::End);
    rx
}

/// A person row that passed every check, with the node it goes to.
struct CheckedPerson {
    person: touyan_domain::people::Person,
    node_id: i64,
    path: String,
}

/// The checks of a people file, carried from one batch to the next.
struct PersonCheck<'r, 's> {
    repo: &'r PeopleRepo<'s>,
    nodes: NodeResolver,
    today: chrono::NaiveDate,
    /// Number → the first row that holds it.
    seen: HashMap<String, u32>,
    /// Everyone stored before the import, by number, when the import read them all at its
    /// start (a load into a nearly empty ledger); otherwise each batch looks its numbers up.
    stored: Option<HashMap<String, person::Model>>,
    errs: Vec<RowError>,
    /// Rows that name someone already stored, whom the importer may change: written as
    /// updates once the whole file has passed.
    updates: Vec<PersonUpdate>,
}

impl PersonCheck<'_, '_> {
    /// Checks one batch; the rows that passed, in the order of their nodes' paths and then of
    /// their numbers. Three of the table's indexes lead with the path or the node, so a batch
    /// in path order goes through them in a few sweeps instead of at random places (see
    /// docs/benchmarks.md, "People", for what it changed).
    async fn batch<C: ConnectionTrait>(
        &mut self,
        conn: &C,
        rows: Vec<PersonRow>,
    ) -> Result<Vec<CheckedPerson>> {
        let mut good = Vec::with_capacity(rows.len());
        let mut fresh = Vec::with_capacity(rows.len());
        for r in rows {
            let node = match r.node.trim() {
                "" => {
                    self.errs.push(err(r.row, "node", "err.required"));
                    None
                }
                n => self.nodes.resolve(n).or_else(|| {
                    self.errs.push(err(r.row, "node", "err.node_missing"));
                    None
                }),
            };
            // A masked number or phone (an export without full numbers) names no one.
            let masked = update::masked_cells(&r.input);
            for (field, key) in &masked {
                self.errs.push(err(r.row, field, key));
            }
            match r.input.parse(self.today) {
                Err(e) if !masked.is_empty() => {
                    let mut found = vec![];
                    push_domain(&mut found, r.row, "id_number", e);
                    let more = found
                        .into_iter()
                        .filter(|f| !masked.iter().any(|(m, _)| *m == f.field));
                    self.errs.extend(more);
                }
                Ok(_) if !masked.is_empty() => {}
                Ok(p) => {
                    let number = p.id_number.as_str();
                    if let Some(first) = self.seen.get(number) {
                        self.errs.push(err(
                            r.row,
                            "id_number",
                            &format!("err.id_number_repeated|row={first}"),
                        ));
                    } else {
                        self.seen.insert(number.to_string(), r.row);
                        fresh.push((number.to_string(), r.row));
                    }
                    if let Some((id, path)) = node {
                        good.push(CheckedPerson {
                            person: p,
                            node_id: id,
                            path: path.to_string(),
                        });
                    }
                }
                Err(e) => push_domain(&mut self.errs, r.row, "id_number", e),
            }
        }
        let looked_up;
        let existing = match &self.stored {
            Some(all) => all,
            None => {
                let numbers: Vec<String> = fresh.iter().map(|(n, _)| n.clone()).collect();
                looked_up = holders(conn, &numbers, None).await?;
                &looked_up
            }
        };
        let mut stored_rows: HashMap<String, person::Model> = HashMap::new();
        for (number, row) in &fresh {
            if let Some(other) = existing.get(number) {
                if update::may_update(self.repo, other) {
                    stored_rows.insert(number.clone(), other.clone());
                } else {
                    // Someone outside the importer's subtrees: never updated from a file.
                    self.errs
                        .push(err(*row, "id_number", &self.repo.taken_key(other)));
                }
            }
        }
        let good: Vec<CheckedPerson> = if stored_rows.is_empty() {
            good
        } else {
            let (known, new): (Vec<_>, Vec<_>) = good
                .into_iter()
                .partition(|c| stored_rows.contains_key(c.person.id_number.as_str()));
            for c in known {
                if let Some(before) = stored_rows.remove(c.person.id_number.as_str()) {
                    self.updates.push(PersonUpdate { before, checked: c });
                }
            }
            new
        };
        let mut good = good;
        good.sort_unstable_by(|a, b| {
            (a.path.as_str(), a.person.id_number.as_str())
                .cmp(&(b.path.as_str(), b.person.id_number.as_str()))
        });
        Ok(good)
    }
}

impl PeopleRepo<'_> {
    /// Imports rows already read; see [`PeopleRepo::import_feed`].
    pub async fn import(&self, rows: Vec<PersonRow>, filename: &str) -> Result<ImportOutcome> {
        self.import_feed(fed(rows, BULK_CHUNK), filename).await
    }

    /// Imports a people file as its reader hands on its rows. Each batch is checked as it
    /// comes and, while no problem has been found, written inside one transaction while the
    /// next batch is read and checked; after the first problem the rest is still checked, so
    /// that the caller learns of every problem, and nothing is written. Numbers are checked
    /// against the people already stored (the transaction's own rows are caught as repeats
    /// within the file).
    ///
    /// Into a ledger that holds fewer people than one batch (a district's first roster, say),
    /// the import is a bulk load: it sets the table's secondary indexes aside, reads the few
    /// stored people once, and builds the indexes again before it commits (see
    /// [`crate::bulk`]; on PostgreSQL its foreign key too).
    pub async fn import_feed(
        &self,
        mut feed: tokio::sync::mpsc::Receiver<Feed<PersonRow>>,
        filename: &str,
    ) -> Result<ImportOutcome> {
        let db = self.s.db;
        let mut check = PersonCheck {
            repo: self,
            nodes: self.s.import_nodes(ALL_NODES).await?,
            today: crate::kit::today(),
            seen: HashMap::new(),
            stored: None,
            errs: vec![],
            updates: vec![],
        };
        let backend = db.get_database_backend();
        let now = now_ms();
        // Counted only as far as the threshold, so a large ledger is not counted whole.
        let stored = person::Entity::find()
            .select_only()
            .column(person::Column::Id)
            .limit(BULK_CHUNK as u64)
            .count(db)
            .await?;
        let load = stored < BULK_CHUNK as u64;
        let mut txn = crate::begin_write(db).await?;
        let set_aside = if load {
            let defs = bulk::set_aside(&txn, "person").await?;
            // Read after the drop: from here on no one else can add a person until commit.
            let all = person::Entity::find().all(&txn).await?;
            check.stored = Some(all.into_iter().map(|m| (m.id_number.clone(), m)).collect());
            defs
        } else {
            vec![]
        };
        let mut written = 0u64;
        // Where the people written are filed, for the areas that keep figures of them.
        let mut paths: std::collections::BTreeSet<String> = Default::default();
        let mut ready: Option<Vec<Statement>> = None;
        loop {
            // The next batch, checked and, while the file has shown no problem, made ready
            // to write (after a problem the rest is only checked).
            let next = async {
                match feed.recv().await {
                    Some(Feed::Rows(rows)) => {
                        let good = check.batch(db, rows).await?;
                        let fine = check.errs.is_empty() && !good.is_empty();
                        if fine {
                            paths.extend(good.iter().map(|g| g.path.as_str().to_string()));
                        }
                        let ready = fine.then(|| person_statements(backend, &good, now));
                        Ok(Some(ready.map(|st| (good.len(), st))))
                    }
                    Some(Feed::End) => Ok(None),
                    None => Err(StorageError::InputCut),
                }
            };
            let checked = match ready.take() {
                // The database writes one batch while the next is read and checked. The
                // writer is a task of its own that hands the transaction back: inside this
                // task each of its statements would wait for a stretch of checking to yield.
                Some(statements) => {
                    let writer = tokio::spawn(async move {
                        for st in statements {
                            txn.execute(st).await?;
                        }
                        Ok::<_, sea_orm::DbErr>(txn)
                    });
                    // A task spawned from a worker waits in that worker's own slot, which
                    // no other worker takes, until the spawning task yields; the checking
                    // below does not yield, so without this the write would start only
                    // after the next batch was checked.
                    tokio::task::yield_now().await;
                    let (done, checked) = tokio::join!(writer, next);
                    txn = match done {
                        Ok(written) => written?,
                        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                        Err(_) => {
                            let cut = "the import's writer was cancelled".to_string();
                            return Err(sea_orm::DbErr::Custom(cut).into());
                        }
                    };
                    checked?
                }
                None => next.await?,
            };
            let Some(batch) = checked else { break };
            if let Some((n, statements)) = batch {
                written += n as u64;
                ready = Some(statements);
            }
        }
        if !check.errs.is_empty() {
            // Dropping the transaction rolls back what was written before the first problem.
            return refused(check.errs);
        }
        let work = Work::adopt(txn, self.s.actor);
        for u in &check.updates {
            paths.insert(u.before.node_path.clone());
            paths.insert(u.checked.path.as_str().to_string());
        }
        let updated = update::write(&work, std::mem::take(&mut check.updates)).await?;
        written += updated;
        bulk::build_again(work.txn(), &set_aside).await?;
        let paths: Vec<TreePath> = paths
            .iter()
            .map(|p| TreePath::parse(p))
            .collect::<std::result::Result<_, _>>()?;
        crate::areas::records_changed(work.txn(), &paths).await?;
        import_audit(&work, &self.s, "person", written, filename).await?;
        work.commit().await?;
        Ok(ImportOutcome::Imported(written))
    }
}

/// The refusal of a file: every problem, in row order.
fn refused(mut errs: Vec<RowError>) -> Result<ImportOutcome> {
    errs.sort_by(|a, b| a.row.cmp(&b.row).then(a.field.cmp(&b.field)));
    Ok(ImportOutcome::Refused(errs))
}

async fn import_audit(
    work: &Work<'_>,
    s: &Scoped<'_>,
    record_type: &str,
    rows: u64,
    filename: &str,
) -> Result<()> {
    work.record(Entry {
        action: "import",
        record_type,
        record_id: None,
        node: s.actor.home_ref(),
        before: None,
        after: Some(json!({"rows": rows, "file": filename})),
    })
    .await
}

/// People whose numbers are among `numbers`, by number; with `scopes`, only those filed
/// there (a number of someone out of scope then reads as unknown).
async fn holders<C: ConnectionTrait>(
    conn: &C,
    numbers: &[String],
    scopes: Option<&[TreePath]>,
) -> Result<HashMap<String, person::Model>> {
    let mut out = HashMap::new();
    for chunk in numbers.chunks(CHUNK) {
        let mut q = person::Entity::find().filter(person::Column::IdNumber.is_in(chunk.to_vec()));
        if let Some(sc) = scopes {
            q = q.filter(within_any(person::Column::NodePath, sc));
        }
        for m in q.all(conn).await? {
            out.insert(m.id_number.clone(), m);
        }
    }
    Ok(out)
}

/// The people the importer can read among the file's numbers.
async fn people_by_number(
    s: &Scoped<'_>,
    numbers: Vec<String>,
) -> Result<HashMap<String, person::Model>> {
    let scopes = s.scopes(Permission::PersonRead)?;
    holders(s.db, &numbers, Some(&scopes)).await
}

fn number_of(s: &str, row: u32, errs: &mut Vec<RowError>) -> Option<String> {
    match IdNumber::parse(s) {
        Ok(n) => Some(n.as_str().to_string()),
        Err(e) => {
            push_domain(errs, row, "id_number", e);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_row_holds_texts_numbers_and_nulls_in_place() {
        let mut v: [sea_orm::Value; 18] = std::array::from_fn(|_| Option::<String>::None.into());
        v[0] = "王\"华".into();
        v[7] = 42i64.into();
        v[16] = Option::<i64>::None.into();
        v[17] = 7i32.into();
        let text = serde_json::to_string(&JsonRow(v)).unwrap();
        let back: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(back.len(), PERSON_COLS.len());
        assert_eq!(back[0], json!("王\"华"));
        assert_eq!(back[7], json!(42));
        assert!(back[1].is_null() && back[16].is_null());
        assert_eq!(back[17], json!(7));
    }

    #[test]
    fn a_values_insert_has_one_placeholder_per_column_and_row() {
        let sql = values_sql("person", &PERSON_COLS, 3);
        assert!(sql.starts_with("INSERT INTO person (name, gender, "));
        assert_eq!(sql.matches('?').count(), 3 * PERSON_COLS.len());
        assert_eq!(sql.matches("),(").count(), 2);
    }
}

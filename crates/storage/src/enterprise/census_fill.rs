//! A census corrected by the park: one row at a time, or a whole year from a filled
//! template, all or nothing. Both write a changed row the same way (its figures replaced,
//! marked corrected, one `update` entry); the file checks every row first inside the one
//! transaction that then writes them, and a row it leaves as it was writes nothing.

use super::census::row_view;
use super::import::{err, push_domain};
use super::*;
use crate::audit::Entry;
use crate::entity::enterprise_tables::enterprise_census as census;
use crate::kit::import::RowError;
use crate::kit::work::Work;
use crate::now_ms;
use crate::scope::within_any;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde_json::{json, Value};
use touyan_domain::access::Permission;
use touyan_domain::enterprise::census::{CensusFill, CensusFillInput};
use touyan_domain::money::Fen;
use touyan_domain::tree::TreePath;

/// One row of a filled census template, as read.
#[derive(Debug, Clone, Default)]
pub struct CensusFillRow {
    /// The row's number in the sheet.
    pub row: u32,
    /// The census row it corrects (the template's hidden key), as the cell reads.
    pub id: String,
    pub input: CensusFillInput,
}

/// What a filled template came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CensusFilled {
    /// Every row taken: those that changed a figure, and those left as they were.
    Done { changed: u64, unchanged: u64 },
    /// Nothing written: every problem, by row and field.
    Refused(Vec<RowError>),
}

/// The row as the correction leaves it.
fn corrected(m: &census::Model, f: &CensusFill) -> census::Model {
    let mut n = m.clone();
    n.employees = f.employees;
    n.revenue_fen = f.revenue.map(Fen::fen);
    if let Some(members) = f.members {
        n.members = members;
    }
    if let Some(status) = f.status {
        n.status = status.to_string();
    }
    if let Some(party) = f.party {
        n.party = party.code().to_string();
    }
    n
}

fn figures_json(m: &census::Model) -> Value {
    json!({
        "employees": m.employees,
        "revenue_fen": m.revenue_fen,
        "members": m.members,
        "status": m.status,
        "party": m.party,
    })
}

fn same_figures(a: &census::Model, b: &census::Model) -> bool {
    (a.employees, a.revenue_fen, a.members) == (b.employees, b.revenue_fen, b.members)
        && (a.status == b.status && a.party == b.party)
}

/// Writes a correction of row `old`, marked corrected; answers the stored row and its
/// audit entry's before and after.
pub(super) async fn write_fill(
    work: &Work<'_>,
    old: census::Model,
    fill: &CensusFill,
    now: i64,
) -> Result<(census::Model, Value, Value)> {
    let new = corrected(&old, fill);
    let before = figures_json(&old);
    let mut am: census::ActiveModel = old.into();
    am.employees = Set(new.employees);
    am.revenue_fen = Set(new.revenue_fen);
    am.members = Set(new.members);
    am.status = Set(new.status);
    am.party = Set(new.party);
    am.filled = Set(true);
    am.updated_at = Set(now);
    let after = am.update(work.txn()).await?;
    let after_json = figures_json(&after);
    Ok((after, before, after_json))
}

/// The audit entry of one corrected row.
pub(super) fn fill_entry<'a>(
    m: &census::Model,
    path: &'a TreePath,
    before: Value,
    after: Value,
) -> Entry<'a> {
    Entry {
        action: "update",
        record_type: "enterprise_census",
        record_id: Some(m.id.to_string()),
        node: Some((m.node_id, path)),
        before: Some(before),
        after: Some(after),
    }
}

/// The key cell of a row: a census row id.
fn row_id(r: &CensusFillRow, errs: &mut Vec<RowError>) -> Option<i64> {
    match r.id.trim() {
        "" => {
            err(errs, r.row, "id", "err.required");
            None
        }
        t => match t.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                err(errs, r.row, "id", "err.census_row_unknown");
                None
            }
        },
    }
}

impl EnterpriseRepo<'_> {
    /// The census rows of `year` the caller may correct, under `under` when given.
    async fn writable(
        &self,
        under: Option<i64>,
        year: i32,
    ) -> Result<sea_orm::Select<census::Entity>> {
        let seen = self
            .s
            .visible(census::Column::NodePath, Permission::EnterpriseWrite, under)
            .await?;
        Ok(census::Entity::find()
            .filter(seen)
            .filter(census::Column::Year.eq(year)))
    }

    /// The census rows of `year` the caller may correct, under `under` when given, in tree
    /// order (the lines of a fill-in template).
    pub async fn census_writable(
        &self,
        under: Option<i64>,
        year: i32,
    ) -> Result<Vec<CensusRowView>> {
        let rows = self
            .writable(under, year)
            .await?
            .order_by_asc(census::Column::NodePath)
            .all(self.s.db)
            .await?;
        let names =
            crate::kit::sql::node_names(self.s.db, rows.iter().map(|r| r.node_id).collect())
                .await?;
        Ok(rows
            .into_iter()
            .map(|m| {
                let name = names.get(&m.node_id).cloned().unwrap_or_default();
                row_view(m, name, None)
            })
            .collect())
    }

    /// The ids of the census rows of `year` the caller may correct (none when it may correct
    /// none there), for the page's correction dialogs.
    pub async fn census_writable_ids(
        &self,
        under: Option<i64>,
        year: i32,
    ) -> Result<std::collections::HashSet<i64>> {
        let select = match self.writable(under, year).await {
            Ok(select) => select,
            Err(StorageError::NotFound) => return Ok(Default::default()),
            Err(e) => return Err(e),
        };
        let ids: Vec<i64> = select
            .select_only()
            .column(census::Column::Id)
            .into_tuple()
            .all(self.s.db)
            .await?;
        Ok(ids.into_iter().collect())
    }

    /// Corrects the census of `year` from a filled template, all or nothing: every row must
    /// name a row of that year the caller may correct, once, with good figures. Changed rows
    /// are written as one correction each is, unchanged ones not at all, with one `import`
    /// entry for the file; on any problem nothing is written and every problem answered.
    pub async fn fill_census_file(
        &self,
        year: i32,
        rows: Vec<CensusFillRow>,
        filename: &str,
    ) -> Result<CensusFilled> {
        let scopes = self.s.scopes(Permission::EnterpriseWrite)?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let mut errs = Vec::new();
        let mut first_row: HashMap<i64, u32> = HashMap::new();
        let mut wanted = Vec::with_capacity(rows.len());
        for r in &rows {
            let id = row_id(r, &mut errs);
            if let Some(id) = id {
                match first_row.get(&id) {
                    Some(first) => {
                        let key = format!("err.census_row_repeated|row={first}");
                        err(&mut errs, r.row, "id", key);
                    }
                    None => {
                        first_row.insert(id, r.row);
                    }
                }
            }
            let fill = match r.input.parse_whole() {
                Ok(f) => Some(f),
                Err(e) => {
                    push_domain(&mut errs, r.row, "id", e, |f| f);
                    None
                }
            };
            if let (Some(id), Some(fill)) = (id, fill) {
                wanted.push((r.row, id, fill));
            }
        }
        let ids: Vec<i64> = first_row.keys().copied().collect();
        let mut stored: HashMap<i64, census::Model> = crate::find_in(
            txn,
            census::Entity::find().filter(within_any(census::Column::NodePath, &scopes)),
            census::Column::Id,
            &ids,
        )
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
        // Only a row's first naming is checked against the store; a repeat is refused above.
        let mut good = Vec::with_capacity(wanted.len());
        for (row, id, fill) in wanted {
            if first_row.get(&id) != Some(&row) {
                continue;
            }
            match stored.remove(&id) {
                None => err(&mut errs, row, "id", "err.census_row_unknown"),
                Some(m) if m.year != year => {
                    let key = format!("err.census_row_year|year={}", m.year);
                    err(&mut errs, row, "id", key);
                }
                Some(m) => good.push((m, fill)),
            }
        }
        if !errs.is_empty() {
            errs.sort_by(|a, b| a.row.cmp(&b.row).then(a.field.cmp(&b.field)));
            // Dropping the unit of work rolls it back: nothing was written.
            return Ok(CensusFilled::Refused(errs));
        }
        let (changed, unchanged) = self.write_file_fills(&work, good).await?;
        work.record(Entry {
            action: "import",
            record_type: "enterprise_census",
            record_id: Some(year.to_string()),
            node: self.s.actor.home_ref(),
            before: None,
            after: Some(json!({
                "year": year, "file": filename, "changed": changed, "unchanged": unchanged,
            })),
        })
        .await?;
        work.commit().await?;
        Ok(CensusFilled::Done { changed, unchanged })
    }

    /// Writes the checked rows that change a figure; answers (changed, unchanged).
    async fn write_file_fills(
        &self,
        work: &Work<'_>,
        good: Vec<(census::Model, CensusFill)>,
    ) -> Result<(u64, u64)> {
        let now = now_ms();
        let total = good.len() as u64;
        let mut written = Vec::new();
        for (m, fill) in good {
            if same_figures(&m, &corrected(&m, &fill)) {
                continue;
            }
            let (after, before, after_json) = write_fill(work, m, &fill, now).await?;
            let path = TreePath::parse(&after.node_path)?;
            written.push((after, path, before, after_json));
        }
        let changed = written.len() as u64;
        let entries = written
            .iter()
            .map(|(m, path, b, a)| fill_entry(m, path, b.clone(), a.clone()))
            .collect();
        work.record_many(entries).await?;
        Ok((changed, total - changed))
    }
}

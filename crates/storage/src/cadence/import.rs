//! Activity records back-filled from a spreadsheet (a year's meetings entered at once): all
//! or nothing. Each row is checked by the rules of the form — its organization found among
//! those the importer records activities for (any other is unknown), its types in the
//! dictionary, held on or before today, at a service centre it may use when one is named —
//! and its attendance given as numbers against the roster of its day. Rows of months
//! already closed are entered late, as a form's would be. The file is one unit of work,
//! audited once.

use super::activity::roster_at;
use super::activity_write::bump;
use super::CadenceRepo;
use crate::audit::Entry;
use crate::entity::cadence_tables::cadence_activity as activity;
use crate::kit::area::CentreRef;
use crate::kit::import::{ImportOutcome, RowError};
use crate::kit::lookup::NodeResolver;
use crate::kit::today;
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use chrono::NaiveDate;
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, DatabaseTransaction, TransactionTrait};
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::cadence::{
    attendance_of, entered_late, parse_count, parse_time_cell, split_types, Activity,
    ActivityInput, MAX_IMPORT_ROWS,
};
use touyan_domain::tree::TreePath;
use touyan_domain::DomainError;

/// One row of a file, every cell as text.
#[derive(Debug, Clone, Default)]
pub struct ActivityRow {
    /// The spreadsheet row, for the report.
    pub row: u32,
    /// Node code, path of names or unique name.
    pub node: String,
    /// Types by code or name, several separated by 、.
    pub types: String,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    /// `HH:MM`.
    pub held_time: String,
    pub place: String,
    /// The name of the party-mass service centre it was held at (blank: none), one the
    /// organization may hold activities at.
    pub centre: String,
    pub topic: String,
    pub host: String,
    /// 实到.
    pub present: String,
    /// 请假.
    pub on_leave: String,
}

/// "No limit" for the node list the rows resolve against (LIMIT binds as i64).
const ALL_NODES: u64 = i64::MAX as u64;

fn err(row: u32, field: &str, key: &str) -> RowError {
    RowError {
        row,
        field: field.into(),
        key: key.into(),
    }
}

/// The column a field of the form's rules is reported under.
fn column_of(field: &str) -> &str {
    match field {
        "node_id" => "node",
        "held_at" => "held_on",
        "centre_id" => "centre",
        other => other,
    }
}

/// The centres each organization's path may hold activities at, read once per path
/// within one read transaction.
struct Centres<'t> {
    txn: &'t DatabaseTransaction,
    by_path: HashMap<String, Vec<CentreRef>>,
}

impl Centres<'_> {
    /// The id of the centre named `name` that an organization at `path` may use, or the key
    /// of the row's error.
    async fn resolve(
        &mut self,
        path: &TreePath,
        name: &str,
    ) -> Result<std::result::Result<i64, &'static str>> {
        if !self.by_path.contains_key(path.as_str()) {
            let usable = crate::areas::usable_centres(self.txn, path).await?;
            self.by_path.insert(path.as_str().to_string(), usable);
        }
        let named: Vec<i64> = self.by_path[path.as_str()]
            .iter()
            .filter(|c| c.name == name)
            .map(|c| c.id)
            .collect();
        Ok(match named.as_slice() {
            [id] => Ok(*id),
            [] => Err("err.cadence_centre_out_of_reach"),
            _ => Err("err.cadence_import_centre_twice"),
        })
    }
}

/// A checked row: the activity, its organization's path and its attendance counts.
struct Good {
    activity: Activity,
    path: TreePath,
    counts: [i64; 4],
}

impl CadenceRepo<'_> {
    /// The subtrees where the caller records activities (404 when it reads none, 403 when it
    /// only reads them).
    fn import_scopes(&self) -> Result<Vec<TreePath>> {
        let g = &self.s.actor.grants;
        let scopes = g.scopes(Permission::CadenceWrite);
        if !scopes.is_empty() {
            Ok(scopes)
        } else if g.scopes(Permission::CadenceRead).is_empty() {
            Err(StorageError::NotFound)
        } else {
            Err(StorageError::Forbidden)
        }
    }

    /// The organizations a file may name, for the template's dropdown (at most `cap`).
    pub async fn import_nodes(&self, cap: u64) -> Result<NodeResolver> {
        NodeResolver::load(self.s.db, &self.import_scopes()?, cap).await
    }

    /// The names of the centres the organizations the caller records for may hold
    /// activities at, for the template's dropdown: those its subtrees' top nodes may use
    /// cover every organization below them (a centre between is under the top node).
    pub async fn import_centres(&self) -> Result<Vec<String>> {
        let look = self.s.db.begin().await?;
        let mut names = Vec::new();
        for scope in self.import_scopes()? {
            for c in crate::areas::usable_centres(&look, &scope).await? {
                if c.status == "open" && !names.contains(&c.name) {
                    names.push(c.name);
                }
            }
        }
        look.rollback().await?;
        Ok(names)
    }

    /// The activity types by code and by their names in either language (English without
    /// case).
    async fn type_names(&self) -> Result<HashMap<String, String>> {
        let mut m = HashMap::new();
        for e in self.s.dict().entries("activity_type").await? {
            m.insert(e.name.clone(), e.code.clone());
            m.insert(e.name_en.to_lowercase(), e.code.clone());
            m.insert(e.code.clone(), e.code);
        }
        Ok(m)
    }

    /// Checks one row; its problems go to `errs`.
    async fn check_row(
        &self,
        r: &ActivityRow,
        nodes: &NodeResolver,
        names: &HashMap<String, String>,
        codes: &[String],
        centres: &mut Centres<'_>,
        errs: &mut Vec<RowError>,
    ) -> Result<Option<Good>> {
        let today = today();
        let node = match r.node.trim() {
            "" => {
                errs.push(err(r.row, "node", "err.required"));
                None
            }
            n => match nodes.resolve(n) {
                Some((id, p)) => Some((id, TreePath::parse(p)?)),
                None => {
                    errs.push(err(r.row, "node", "err.node_missing"));
                    None
                }
            },
        };
        let day = match r.held_on.trim() {
            "" => None,
            d => NaiveDate::parse_from_str(&d.replace(['/', '.'], "-"), "%Y-%m-%d")
                .ok()
                .or_else(|| {
                    errs.push(err(r.row, "held_on", "err.date_format"));
                    None
                }),
        };
        let time = match r.held_time.trim() {
            "" => {
                errs.push(err(r.row, "held_time", "err.required"));
                None
            }
            t => parse_time_cell(t).or_else(|| {
                errs.push(err(r.row, "held_time", "err.cadence_import_time"));
                None
            }),
        };
        let types = split_types(&r.types)
            .iter()
            .map(|t| {
                names
                    .get(t)
                    .or_else(|| names.get(&t.to_lowercase()))
                    .cloned()
                    .unwrap_or_else(|| t.clone())
            })
            .collect();
        let centre_id = match (&node, r.centre.trim()) {
            (Some((_, path)), name) if !name.is_empty() => {
                match centres.resolve(path, name).await? {
                    Ok(id) => id.to_string(),
                    Err(key) => {
                        errs.push(err(r.row, "centre", key));
                        String::new()
                    }
                }
            }
            _ => String::new(),
        };
        let input = ActivityInput {
            node_id: node.as_ref().map_or(0, |n| n.0).to_string(),
            types,
            // A bad date or time is reported above; the other cells are checked all the same.
            held_at: match (day, time) {
                (Some(d), Some(t)) => d.and_time(t).format("%Y-%m-%d %H:%M").to_string(),
                (None, _) if r.held_on.trim().is_empty() => String::new(),
                _ => today.format("%Y-%m-%d 00:00").to_string(),
            },
            place: r.place.clone(),
            centre_id,
            host: r.host.clone(),
            topic: r.topic.clone(),
            ..Default::default()
        };
        let mut count = |field: &str, v: &str| match parse_count(v) {
            Ok(n) => Some(n),
            Err(k) => {
                errs.push(err(r.row, field, k));
                None
            }
        };
        let present = count("present", &r.present);
        let on_leave = count("on_leave", &r.on_leave);
        let a = match input.parse(codes, today) {
            Ok(a) => a,
            Err(DomainError::Invalid(fe)) => {
                for (f, key) in fe.0 {
                    if f != "node_id" || node.is_some() {
                        errs.push(err(r.row, column_of(&f), &key));
                    }
                }
                return Ok(None);
            }
            Err(DomainError::Refused(k)) => {
                errs.push(err(r.row, "topic", k));
                return Ok(None);
            }
        };
        let (Some((_, path)), Some(_), Some(_), Some(present), Some(on_leave)) =
            (node, day, time, present, on_leave)
        else {
            return Ok(None);
        };
        let expected = roster_at(self.s.db, &path, a.held_on()).await?.len() as i64;
        let Some(counts) = attendance_of(expected, present, on_leave) else {
            errs.push(err(
                r.row,
                "present",
                &format!("err.cadence_import_attendance|expected={expected}"),
            ));
            return Ok(None);
        };
        Ok(Some(Good {
            activity: a,
            path,
            counts,
        }))
    }

    /// Checks every row and, when all are good, writes them in one unit of work.
    pub async fn import(&self, rows: Vec<ActivityRow>, filename: &str) -> Result<ImportOutcome> {
        let nodes = self.import_nodes(ALL_NODES).await?;
        if rows.len() > MAX_IMPORT_ROWS {
            return Err(StorageError::field("file", "err.cadence_import_rows"));
        }
        let names = self.type_names().await?;
        let codes = self.type_codes().await?;
        let mut errs = Vec::new();
        let mut good = Vec::with_capacity(rows.len());
        // The centres are looked up in a transaction that only reads, ended before the write.
        let look = self.s.db.begin().await?;
        let mut centres = Centres {
            txn: &look,
            by_path: HashMap::new(),
        };
        for r in &rows {
            let checked = self.check_row(r, &nodes, &names, &codes, &mut centres, &mut errs);
            if let Some(g) = checked.await? {
                good.push(g);
            }
        }
        look.rollback().await?;
        if !errs.is_empty() {
            errs.sort_by_key(|e| e.row);
            return Ok(ImportOutcome::Refused(errs));
        }
        self.write_rows(&good, filename).await
    }

    /// Writes the checked rows, recorded today (late for a month already closed), with one
    /// audit entry for the file.
    async fn write_rows(&self, good: &[Good], filename: &str) -> Result<ImportOutcome> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let day = today();
        let mut late = 0;
        for g in good {
            let a = &g.activity;
            let mut am = activity::ActiveModel {
                node_id: Set(a.node_id),
                node_path: Set(g.path.as_str().to_string()),
                late: Set(entered_late(a.held_on(), day)),
                recorded_on: Set(day),
                recorded_by: Set(self.s.actor.display_name.clone()),
                created_at: Set(now_ms()),
                ..Default::default()
            };
            Self::fill(&mut am, a, g.counts);
            let m = am.insert(txn).await?;
            late += u64::from(m.late);
            bump(txn, &m, 1).await?;
        }
        let n = good.len() as u64;
        work.record(Entry {
            action: "import",
            record_type: "cadence_activity",
            record_id: None,
            node: self.s.actor.home_ref(),
            before: None,
            after: Some(json!({"rows": n, "late": late, "file": filename})),
        })
        .await?;
        work.commit().await?;
        Ok(ImportOutcome::Imported(n))
    }
}

//! The statements the compliance view needs, written by hand — the rules, the branches
//! under the node, and one grouped pass over the kept per-day counts summing each window the
//! judged day and the six months of the trend ask for in a column of its own (and the late
//! entries of the judged day's windows) — and the same windows counted from the activity
//! rows themselves in one pass. `kept` and `scanned` read one window each, for checking the
//! two sources agree.

use crate::bench::stmt;
use anyhow::Context;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Value};
use std::collections::{BTreeMap, HashMap};
use touyan_domain::cadence::{window, Cycle, Period, Rule, SEEDED};
use touyan_domain::tree::TreePath;
use touyan_storage::Store;

/// Months in the view's trend (as the product shows).
const TREND_MONTHS: usize = 6;

/// The seeded rules of a party branch.
fn branch_rules() -> Vec<Rule> {
    SEEDED
        .iter()
        .filter(|(kinds, ..)| kinds.contains(&"party_branch"))
        .map(|(kinds, ty, cycle, min, due)| Rule {
            kinds: kinds.iter().map(|k| k.to_string()).collect(),
            activity_type: ty.to_string(),
            cycle: *cycle,
            min_count: *min,
            due: *due,
        })
        .collect()
}

/// Windows of days with the types counted over each.
pub(super) type Windows = BTreeMap<(NaiveDate, NaiveDate), Vec<String>>;

fn windows_of<'a>(rules: impl Iterator<Item = &'a Rule>, day: NaiveDate) -> Windows {
    let mut w = Windows::new();
    for r in rules {
        let types = w.entry(window(r, day)).or_default();
        if !types.contains(&r.activity_type) {
            types.push(r.activity_type.clone());
        }
    }
    w
}

/// The windows of the judged day `on`.
pub(super) fn day_windows(on: NaiveDate) -> Windows {
    windows_of(branch_rules().iter(), on)
}

/// For each month of the trend, the windows of the rules whose period ends with it.
fn trend_windows(on: NaiveDate) -> Vec<Windows> {
    let rules = branch_rules();
    let mut month = Period::containing(Cycle::Month, on);
    let mut out = Vec::with_capacity(TREND_MONTHS);
    for _ in 0..TREND_MONTHS {
        let day = month.end();
        let ends = rules
            .iter()
            .filter(|r| Period::containing(r.cycle, day).end() == day);
        out.push(windows_of(ends, day));
        month = month.previous();
    }
    out
}

/// Done per (organization, type).
pub(super) type Done = HashMap<(i64, String), i64>;

pub(super) struct Bare<'a> {
    conn: &'a DatabaseConnection,
    backend: DbBackend,
    low: String,
    high: String,
    on: NaiveDate,
}

impl<'a> Bare<'a> {
    pub(super) fn new(store: &'a Store, path: &TreePath, on: NaiveDate) -> Bare<'a> {
        Bare {
            conn: store.raw_connection(),
            backend: store.db_backend(),
            low: path.as_str().to_string(),
            high: path.upper_bound(),
            on,
        }
    }

    /// The rules and the organizations of the kinds they name under the node.
    async fn organizations(&self) -> anyhow::Result<usize> {
        let rules = self
            .conn
            .query_all(stmt(
                self.backend,
                "SELECT * FROM cadence_obligation",
                vec![],
            ))
            .await?;
        let mut kinds: Vec<&str> = SEEDED.iter().flat_map(|s| s.0.iter().copied()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        let marks = vec!["?"; kinds.len()].join(", ");
        let sql = format!(
            "SELECT id, name, path, kind FROM org_node WHERE path >= ? AND path < ? \
             AND kind IN ({marks}) ORDER BY path LIMIT 50000"
        );
        let mut values: Vec<Value> = vec![self.low.clone().into(), self.high.clone().into()];
        values.extend(kinds.iter().map(|k| Value::from(k.to_string())));
        let orgs = self
            .conn
            .query_all(stmt(self.backend, &sql, values))
            .await?;
        Ok(rules.len() + orgs.len())
    }

    /// Done per (organization, type) in one window, from the kept per-day counts.
    pub(super) async fn kept(
        &self,
        (from, to): (NaiveDate, NaiveDate),
        types: &[String],
    ) -> anyhow::Result<Done> {
        // As the product reads them: the types are kept while reading the lines.
        let sql = "SELECT node_id, activity_type, CAST(SUM(n) AS BIGINT), \
             CAST(SUM(late) AS BIGINT) FROM cadence_count WHERE node_path >= ? \
             AND node_path < ? AND held_on BETWEEN ? AND ? GROUP BY node_id, activity_type";
        let values: Vec<Value> = vec![
            self.low.clone().into(),
            self.high.clone().into(),
            from.into(),
            to.into(),
        ];
        let rows = self
            .conn
            .query_all(stmt(self.backend, &sql, values))
            .await?;
        let mut out = Done::new();
        for r in rows {
            let node: i64 = r.try_get_by_index(0)?;
            let ty: String = r.try_get_by_index(1)?;
            let n: i64 = r.try_get_by_index(2)?;
            if types.contains(&ty) {
                out.insert((node, ty), n);
            }
        }
        Ok(out)
    }

    /// Done per (organization, type) in one window, counted from the activity rows: a
    /// record counts once for each type it names.
    pub(super) async fn scanned(
        &self,
        (from, to): (NaiveDate, NaiveDate),
        types: &[String],
    ) -> anyhow::Result<Done> {
        let mut cols = Vec::with_capacity(types.len());
        let mut values: Vec<Value> = Vec::new();
        for t in types {
            cols.push(
                "CAST(SUM(CASE WHEN types = ? OR types LIKE ? OR types LIKE ? OR types LIKE ? \
                 THEN 1 ELSE 0 END) AS BIGINT)",
            );
            values.extend([
                Value::from(t.clone()),
                format!("{t},%").into(),
                format!("%,{t}").into(),
                format!("%,{t},%").into(),
            ]);
        }
        let sql = format!(
            "SELECT node_id, {} FROM cadence_activity WHERE node_path >= ? AND node_path < ? \
             AND held_on BETWEEN ? AND ? GROUP BY node_id",
            cols.join(", ")
        );
        values.extend([
            Value::from(self.low.clone()),
            self.high.clone().into(),
            from.into(),
            to.into(),
        ]);
        let rows = self
            .conn
            .query_all(stmt(self.backend, &sql, values))
            .await?;
        let mut out = Done::new();
        for r in rows {
            let node: i64 = r.try_get_by_index(0)?;
            for (i, t) in types.iter().enumerate() {
                let n: i64 = r.try_get_by_index(i + 1)?;
                if n > 0 {
                    out.insert((node, t.clone()), n);
                }
            }
        }
        Ok(out)
    }

    /// Every statement of the view — the rules, the organizations, and the day's and the
    /// trend's windows in one grouped pass, each window a column — reading the kept per-day
    /// counts (`kept`) or the activity rows; returns the values read.
    pub(super) async fn view(&self, kept: bool) -> anyhow::Result<usize> {
        let lines = self.organizations().await?;
        let (sql, values, cols) = self.pass(kept)?;
        let rows = self
            .conn
            .query_all(stmt(self.backend, &sql, values))
            .await?;
        Ok(lines + rows.len() * cols)
    }

    /// SQLite's plan for the view's pass over the kept counts, asked on connection `conn`.
    pub(super) async fn plan_on(&self, conn: &DatabaseConnection) -> anyhow::Result<String> {
        let (sql, values, _) = self.pass(true)?;
        let explain = format!("EXPLAIN QUERY PLAN {sql}");
        let mut plan = Vec::new();
        for r in conn.query_all(stmt(self.backend, &explain, values)).await? {
            plan.push(r.try_get::<String>("", "detail")?);
        }
        Ok(plan.join("; "))
    }

    /// The view's grouped pass over the kept counts (`kept`) or the activity rows: its
    /// statement, its values and how many columns of windows it sums.
    fn pass(&self, kept: bool) -> anyhow::Result<(String, Vec<Value>, usize)> {
        let day = day_windows(self.on);
        let mut all = day.clone();
        for w in trend_windows(self.on) {
            for (k, types) in w {
                let e = all.entry(k).or_default();
                for t in types {
                    if !e.contains(&t) {
                        e.push(t);
                    }
                }
            }
        }
        let first = all.keys().map(|k| k.0).min().context("a window")?;
        let last = all.keys().map(|k| k.1).max().context("a window")?;
        let mut cols = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        for ((a, b), types) in &all {
            if kept {
                // The judged day's windows also count the late entries (the view shows them).
                let asked = if day.contains_key(&(*a, *b)) {
                    &["n", "late"][..]
                } else {
                    &["n"][..]
                };
                for col in asked {
                    cols.push(format!(
                        "CAST(SUM(CASE WHEN held_on BETWEEN ? AND ? THEN {col} ELSE 0 END) AS BIGINT)"
                    ));
                    values.extend([Value::from(*a), (*b).into()]);
                }
                continue;
            }
            for t in types {
                cols.push(
                    "CAST(SUM(CASE WHEN held_on BETWEEN ? AND ? AND (types = ? OR types LIKE ? \
                     OR types LIKE ? OR types LIKE ?) THEN 1 ELSE 0 END) AS BIGINT)"
                        .to_string(),
                );
                values.extend([
                    Value::from(*a),
                    (*b).into(),
                    t.clone().into(),
                    format!("{t},%").into(),
                    format!("%,{t}").into(),
                    format!("%,{t},%").into(),
                ]);
            }
        }
        // On SQLite the kept counts are read by the subtree's range of paths, named: given
        // the statistics, its planner may prefer the whole primary key (see the product's
        // statement).
        let (table, group) = match (kept, self.backend) {
            (true, DbBackend::Sqlite) => (
                "cadence_count INDEXED BY ix_cadence_count_scope",
                "node_id, activity_type",
            ),
            (true, _) => ("cadence_count", "node_id, activity_type"),
            (false, _) => ("cadence_activity", "node_id"),
        };
        let sql = format!(
            "SELECT {group}, {} FROM {table} WHERE node_path >= ? AND node_path < ? \
             AND held_on BETWEEN ? AND ? GROUP BY {group}",
            cols.join(", ")
        );
        values.extend([
            Value::from(self.low.clone()),
            self.high.clone().into(),
            first.into(),
            last.into(),
        ]);
        Ok((sql, values, cols.len()))
    }

    /// The judged day's counts from both sources, checked equal; returns the total done.
    pub(super) async fn check(&self) -> anyhow::Result<i64> {
        let mut total = 0;
        for (w, types) in day_windows(self.on) {
            let a = self.kept(w, &types).await?;
            let b = self.scanned(w, &types).await?;
            if a != b {
                anyhow::bail!("window {w:?}: the kept counts and the activity rows disagree");
            }
            total += a.values().sum::<i64>();
        }
        Ok(total)
    }
}

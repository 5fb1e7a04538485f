//! Compliance under a node on a day: every organization below it with obligations, each
//! obligation judged over the period of its cycle holding the day — summed from the kept
//! per-day counts (one grouped read for every window at once) —, the share keeping all of theirs
//! in all and by child, what is behind, and the trend by month.

use super::obligation::{all_rules, rule_of};
use super::CadenceRepo;
use crate::entity::org_node;
use crate::kit::area::CreditQuery;
use crate::scope::within;
use crate::{Result, StorageError};
use chrono::{Datelike, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use touyan_domain::access::Permission;
use touyan_domain::cadence::{
    judge, rules_for, share, window, Cycle, Judged, Period, Rule, SetRule,
};
use touyan_domain::tree::TreePath;

/// The most organizations one view judges.
const ORG_CAP: u64 = 50_000;
/// Months in the trend.
const TREND_MONTHS: u32 = 6;

/// Compliance under a node on a day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Compliance {
    pub node_id: i64,
    pub node_name: String,
    pub on: NaiveDate,
    /// Organizations with obligations, and those keeping all of them.
    pub organizations: u64,
    pub keeping: u64,
    /// Share keeping all, in percent with one decimal.
    pub rate: Option<f64>,
    /// The same by the node's children (drill-down), the node itself first.
    pub children: Vec<ChildLine>,
    pub obligations: Vec<ObligationLine>,
    /// Obligations not met in their current period, those past their deadline first.
    pub behind: Vec<BehindLine>,
    pub behind_total: u64,
    pub trend: Vec<TrendPoint>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChildLine {
    pub node_id: i64,
    pub name: String,
    /// The node itself rather than a child's subtree.
    pub itself: bool,
    pub organizations: u64,
    pub keeping: u64,
    pub rate: Option<f64>,
}

/// One obligation across the organizations that have it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ObligationLine {
    pub activity_type: String,
    pub cycle: String,
    /// The period holding the day, e.g. `2026-Q4`.
    pub period: String,
    pub organizations: u64,
    pub met: u64,
    pub done: u64,
    pub late: u64,
}

/// One organization behind on one obligation.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BehindLine {
    pub node_id: i64,
    pub name: String,
    pub activity_type: String,
    pub cycle: String,
    pub period: String,
    pub deadline: NaiveDate,
    pub done: u32,
    pub required: u32,
    /// None once the deadline has passed.
    pub days_left: Option<i64>,
}

/// The share of organizations keeping every obligation whose period ended in a month.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrendPoint {
    /// `YYYY-MM`.
    pub month: String,
    pub organizations: u64,
    pub keeping: u64,
    pub rate: Option<f64>,
}

pub(super) struct Org {
    pub(super) id: i64,
    name: String,
    /// The path's ids, from the root down to the organization.
    pub(super) ids: Vec<i64>,
    pub(super) rules: Vec<Rule>,
}

/// A column summing the done count of each window and, for the windows in `late_in`, one
/// summing the late entries; answers the columns, their bound days, and each window's
/// columns by position in a row (after the node and the type).
#[allow(clippy::type_complexity)]
fn window_sums(
    keys: &[(NaiveDate, NaiveDate)],
    late_in: &[(NaiveDate, NaiveDate)],
) -> (
    Vec<String>,
    Vec<sea_orm::Value>,
    Vec<(usize, Option<usize>)>,
) {
    let mut cols = Vec::with_capacity(keys.len() * 2);
    let mut values: Vec<sea_orm::Value> = Vec::with_capacity(keys.len() * 4 + 4);
    let mut at = Vec::with_capacity(keys.len());
    for w in keys {
        let asked = if late_in.contains(w) {
            &["n", "late"][..]
        } else {
            &["n"][..]
        };
        let first = 2 + cols.len();
        for col in asked {
            cols.push(format!(
                "CAST(SUM(CASE WHEN held_on BETWEEN ? AND ? THEN {col} ELSE 0 END) AS BIGINT)"
            ));
            values.extend([w.0.into(), w.1.into()]);
        }
        at.push((first, (asked.len() == 2).then_some(first + 1)));
    }
    (cols, values, at)
}

/// Done and late per (organization, type) over windows of days, read from the kept per-day
/// counts as one grouped statement for all the windows together.
pub(super) struct Counts(HashMap<(NaiveDate, NaiveDate, i64, String), (u32, u32)>);

impl Counts {
    /// The counts of `windows` under `under`; the late entries only of the windows in
    /// `late_in` (the judged day's: the trend and the figures never show them).
    pub(super) async fn read(
        db: &sea_orm::DatabaseConnection,
        under: &TreePath,
        windows: &BTreeMap<(NaiveDate, NaiveDate), Vec<String>>,
        late_in: &[(NaiveDate, NaiveDate)],
    ) -> Result<Counts> {
        let mut out = HashMap::new();
        let (Some(from), Some(to)) = (
            windows.keys().map(|w| w.0).min(),
            windows.keys().map(|w| w.1).max(),
        ) else {
            return Ok(Counts(out));
        };
        // One pass over the subtree's days from the first window's start to the last one's
        // end, each window summed in its own column: a statement per window would scan the
        // subtree's range again for each (the day index cannot narrow a range of paths). The
        // types are kept in the loop below, not in the statement: given them, SQLite's
        // planner skip-scans the primary key (node, type, day) across every node of the
        // database instead of taking the subtree's range.
        let keys: Vec<(NaiveDate, NaiveDate)> = windows.keys().copied().collect();
        let (cols, mut values, at) = window_sums(&keys, late_in);
        values.extend([
            under.as_str().into(),
            under.upper_bound().into(),
            from.into(),
            to.into(),
        ]);
        // Given the statistics of a large table, SQLite's planner may read the whole primary
        // key in its order to spare sorting the groups: 0.45 s for a district of the
        // benchmark's million records, against 0.1 s for the subtree's range of paths,
        // which is therefore named. PostgreSQL takes the range by itself.
        let table = match db.get_database_backend() {
            sea_orm::DbBackend::Sqlite => "cadence_count INDEXED BY ix_cadence_count_scope",
            _ => "cadence_count",
        };
        let sql = format!(
            "SELECT node_id, activity_type, {} FROM {table} WHERE node_path >= ? \
             AND node_path < ? AND held_on BETWEEN ? AND ? GROUP BY node_id, activity_type",
            cols.join(", ")
        );
        // Other areas' records that count as activities (a studio's training sessions),
        // summed from their own records as the read goes (see `CadenceOffer`): asked once
        // over all the windows' days and types, beside the kept counts' statement, each
        // credit then counted in every window holding its day that asks its type.
        let mut types: Vec<String> = windows.values().flatten().cloned().collect();
        types.sort();
        types.dedup();
        let q = CreditQuery {
            under: under.clone(),
            types,
            from,
            to,
        };
        let kept = async {
            let st = crate::kit::sql::stmt(db.get_database_backend(), &sql, values);
            Ok::<_, StorageError>(db.query_all(st).await?)
        };
        let (rows, credits) = tokio::try_join!(kept, crate::areas::cadence_credits(db, &q))?;
        for row in rows {
            let node: i64 = row.try_get_by_index(0)?;
            let ty: String = row.try_get_by_index(1)?;
            for (w, (n_at, late_at)) in keys.iter().zip(&at) {
                if !windows[w].contains(&ty) {
                    continue;
                }
                let n: i64 = row.try_get_by_index(*n_at)?;
                let late: i64 = match late_at {
                    Some(i) => row.try_get_by_index(*i)?,
                    None => 0,
                };
                if n != 0 || late != 0 {
                    out.insert(
                        (w.0, w.1, node, ty.clone()),
                        (n.max(0) as u32, late.max(0) as u32),
                    );
                }
            }
        }
        for c in credits {
            let count = u32::try_from(c.count).unwrap_or(u32::MAX);
            for (w, types) in windows {
                if c.held_on < w.0 || c.held_on > w.1 || !types.contains(&c.activity_type) {
                    continue;
                }
                let e = out
                    .entry((w.0, w.1, c.node_id, c.activity_type.clone()))
                    .or_default();
                e.0 = e.0.saturating_add(count);
            }
        }
        Ok(Counts(out))
    }

    pub(super) fn judge(&self, org: &Org, rule: &Rule, on: NaiveDate) -> Judged {
        let (from, to) = window(rule, on);
        let (done, late) = self
            .0
            .get(&(from, to, org.id, rule.activity_type.clone()))
            .copied()
            .unwrap_or_default();
        judge(rule, on, done, late)
    }
}

/// The distinct windows the rules of `orgs` count over on `on` (only the rules `keep`
/// chooses), each with its activity types.
pub(super) fn windows_of<'a>(
    orgs: impl Iterator<Item = &'a Org>,
    on: NaiveDate,
    keep: impl Fn(&Rule) -> bool,
) -> BTreeMap<(NaiveDate, NaiveDate), Vec<String>> {
    let mut w: BTreeMap<(NaiveDate, NaiveDate), Vec<String>> = BTreeMap::new();
    for r in orgs.flat_map(|o| o.rules.iter()).filter(|r| keep(r)) {
        let types = w.entry(window(r, on)).or_default();
        if !types.contains(&r.activity_type) {
            types.push(r.activity_type.clone());
        }
    }
    w
}

impl CadenceRepo<'_> {
    /// The node a view defaults to: the caller's one subtree, or the first root.
    pub async fn default_node(&self) -> Result<i64> {
        let scopes = self.s.scopes(Permission::CadenceRead)?;
        if let Some(id) = scopes.first().and_then(|s| s.ids().last().copied()) {
            return Ok(id);
        }
        org_node::Entity::find()
            .filter(org_node::Column::ParentId.is_null())
            .order_by_asc(org_node::Column::Id)
            .one(self.s.db)
            .await?
            .map(|n| n.id)
            .ok_or(StorageError::NotFound)
    }

    /// The organizations under `path` that have obligations, with their rules.
    pub(super) async fn organizations(&self, path: &TreePath) -> Result<Vec<Org>> {
        organizations(self.s.db, path).await
    }

    /// Compliance under node `under` (readable with `cadence.read`) on day `on`, with up to
    /// `behind_cap` lines of what is behind (their total is given).
    pub async fn compliance(
        &self,
        under: i64,
        on: NaiveDate,
        behind_cap: usize,
    ) -> Result<Compliance> {
        let path = self
            .s
            .orgs()
            .path_of_readable(under, Permission::CadenceRead)
            .await?;
        let depth = path.ids().len();
        let orgs = self.organizations(&path).await?;
        // The day's windows and those of the trend's months, read together.
        let mut windows = windows_of(orgs.iter(), on, |_| true);
        let day_windows: Vec<(NaiveDate, NaiveDate)> = windows.keys().copied().collect();
        for m in trend_months(on) {
            let day = m.end();
            for (w, types) in windows_of(orgs.iter(), day, ends_on(day)) {
                let kept = windows.entry(w).or_default();
                for t in types {
                    if !kept.contains(&t) {
                        kept.push(t);
                    }
                }
            }
        }
        // The children's names are read beside the counts.
        let names = crate::kit::sql::node_names(
            self.s.db,
            orgs.iter()
                .filter_map(|o| o.ids.get(depth).copied())
                .chain([under])
                .collect(),
        );
        let (counts, names) = tokio::try_join!(
            Counts::read(self.s.db, &path, &windows, &day_windows),
            names
        )?;
        let judged: Vec<Vec<Judged>> = orgs
            .iter()
            .map(|o| o.rules.iter().map(|r| counts.judge(o, r, on)).collect())
            .collect();
        let (keeping, organizations, rate) = share(judged.iter().map(Vec::as_slice));
        // Drill-down: the node itself, then each child's subtree.
        let mut by_child: BTreeMap<(bool, i64), Vec<&[Judged]>> = BTreeMap::new();
        for (o, j) in orgs.iter().zip(&judged) {
            let key = match o.ids.get(depth) {
                Some(child) => (true, *child),
                None => (false, under),
            };
            by_child.entry(key).or_default().push(j);
        }
        let children = by_child
            .into_iter()
            .map(|((is_child, id), lines)| {
                let (keeping, organizations, rate) = share(lines);
                ChildLine {
                    node_id: id,
                    name: names.get(&id).cloned().unwrap_or_default(),
                    itself: !is_child,
                    organizations,
                    keeping,
                    rate,
                }
            })
            .collect();
        let mut lines: BTreeMap<(String, Cycle), ObligationLine> = BTreeMap::new();
        let mut behind = Vec::new();
        for (o, js) in orgs.iter().zip(&judged) {
            for (r, j) in o.rules.iter().zip(js) {
                let l = lines
                    .entry((r.activity_type.clone(), r.cycle))
                    .or_insert_with(|| ObligationLine {
                        activity_type: r.activity_type.clone(),
                        cycle: r.cycle.code().into(),
                        period: j.period.key(),
                        organizations: 0,
                        met: 0,
                        done: 0,
                        late: 0,
                    });
                l.organizations += 1;
                l.met += u64::from(j.met);
                l.done += u64::from(j.done);
                l.late += u64::from(j.late);
                if !j.met {
                    behind.push(BehindLine {
                        node_id: o.id,
                        name: o.name.clone(),
                        activity_type: r.activity_type.clone(),
                        cycle: r.cycle.code().into(),
                        period: j.period.key(),
                        deadline: j.deadline,
                        done: j.done,
                        required: j.required,
                        days_left: j.days_left,
                    });
                }
            }
        }
        behind.sort_by_key(|b| (b.days_left.is_some(), b.days_left, b.deadline, b.node_id));
        let behind_total = behind.len() as u64;
        behind.truncate(behind_cap);
        let trend = trend(&orgs, on, &counts);
        Ok(Compliance {
            node_id: under,
            node_name: names.get(&under).cloned().unwrap_or_default(),
            on,
            organizations,
            keeping,
            rate,
            children,
            obligations: lines.into_values().collect(),
            behind,
            behind_total,
            trend,
        })
    }
}

/// The organizations under `path` that have obligations, with their rules: those of a
/// kind some rule names, and those playing a part another area tells of (a studio's
/// host).
pub(super) async fn organizations(
    db: &sea_orm::DatabaseConnection,
    path: &TreePath,
) -> Result<Vec<Org>> {
    // The rules and the parts other areas tell of, read at once.
    let (stored, holders) =
        tokio::try_join!(all_rules(db), crate::areas::cadence_holders(db, path))?;
    let parsed: Vec<(i64, Vec<i64>, Rule)> = stored
        .iter()
        .filter_map(|m| rule_of(m).map(|(at, r)| (m.id, at, r)))
        .collect();
    let set: Vec<SetRule> = parsed
        .iter()
        .map(|(id, at, rule)| SetRule { id: *id, at, rule })
        .collect();
    let mut kinds: Vec<String> = parsed.iter().flat_map(|p| p.2.kinds.clone()).collect();
    kinds.sort();
    kinds.dedup();
    let mut roles: HashMap<i64, Vec<String>> = HashMap::new();
    let named = |r: &String| kinds.contains(r);
    for (node, role) in holders {
        if named(&role) {
            roles.entry(node).or_default().push(role);
        }
    }
    let mut of_kind = org_node::Entity::find()
        .select_only()
        .column(org_node::Column::Id)
        .column(org_node::Column::Name)
        .column(org_node::Column::Path)
        .column(org_node::Column::Kind)
        .filter(within(org_node::Column::Path, path))
        .filter(org_node::Column::Kind.is_in(kinds.clone()))
        .order_by_asc(org_node::Column::Path)
        .limit(ORG_CAP)
        .into_tuple::<(i64, String, String, String)>()
        .all(db)
        .await?;
    let missing: Vec<i64> = roles
        .keys()
        .filter(|id| !of_kind.iter().any(|n| n.0 == **id))
        .copied()
        .collect();
    for part in missing.chunks(crate::IN_CHUNK) {
        let more: Vec<(i64, String, String, String)> = org_node::Entity::find()
            .select_only()
            .column(org_node::Column::Id)
            .column(org_node::Column::Name)
            .column(org_node::Column::Path)
            .column(org_node::Column::Kind)
            .filter(org_node::Column::Id.is_in(part.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        of_kind.extend(more);
    }
    of_kind.sort_by(|a, b| a.2.cmp(&b.2));
    let mut out = Vec::with_capacity(of_kind.len());
    for (id, name, p, kind) in of_kind {
        let ids = TreePath::parse(&p)?.ids();
        let parts = roles.get(&id).map(Vec::as_slice).unwrap_or_default();
        let rules: Vec<Rule> = rules_for(&kind, parts, &ids, &set)
            .into_iter()
            .map(|(_, r)| r.clone())
            .collect();
        if !rules.is_empty() {
            out.push(Org {
                id,
                name,
                ids,
                rules,
            });
        }
    }
    Ok(out)
}

/// The months of the trend, the oldest first, ending with `on`'s.
fn trend_months(on: NaiveDate) -> Vec<Period> {
    let mut months = vec![Period::containing(Cycle::Month, on)];
    for _ in 1..TREND_MONTHS {
        let before = months.last().expect("one").previous();
        months.push(before);
    }
    months.reverse();
    months
}

/// Whether a rule's period holding `day` ends on it.
fn ends_on(day: NaiveDate) -> impl Fn(&Rule) -> bool {
    move |r: &Rule| Period::containing(r.cycle, day).end() == day
}

/// For each of the last months up to `on`'s, the share of organizations keeping every
/// obligation whose period ended in that month (`counts` holds those periods' windows).
fn trend(orgs: &[Org], on: NaiveDate, counts: &Counts) -> Vec<TrendPoint> {
    let mut out = Vec::with_capacity(TREND_MONTHS as usize);
    for m in trend_months(on) {
        let day = m.end();
        let ends_here = ends_on(day);
        let judged: Vec<Vec<Judged>> = orgs
            .iter()
            .map(|o| {
                o.rules
                    .iter()
                    .filter(|r| ends_here(r))
                    .map(|r| counts.judge(o, r, day))
                    .collect()
            })
            .collect();
        let (keeping, organizations, rate) = share(judged.iter().map(Vec::as_slice));
        out.push(TrendPoint {
            month: format!("{}-{:02}", day.year(), day.month()),
            organizations,
            keeping,
            rate,
        });
    }
    out
}

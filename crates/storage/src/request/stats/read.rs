//! Reading the measures of requests for a node and a period, one measure at a time.

use super::super::RequestRepo;
use super::count::stmt;
use super::*;
use crate::entity::org_node;
use crate::entity::request_stats::mark;
use crate::entity::request_tables::request_category;
use crate::{Result, StorageError};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Value,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use touyan_domain::access::Permission;
use touyan_domain::tree::TreePath;

fn add_into(a: &mut Vector, b: &Vector) {
    for (x, y) in a.iter_mut().zip(b.iter()) {
        *x += *y;
    }
}

fn sub(a: &Vector, b: &Vector) -> Vector {
    let mut o = *a;
    for (x, y) in o.iter_mut().zip(b.iter()) {
        *x -= *y;
    }
    o
}

fn sums_sql() -> String {
    COUNTER_COLUMNS
        .iter()
        .map(|c| format!("CAST(SUM(\"{c}\") AS BIGINT)"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn read_vector(r: &sea_orm::QueryResult, first: usize) -> Result<Vector> {
    let mut v = [0i64; 17];
    for (i, x) in v.iter_mut().enumerate() {
        *x = r.try_get_by_index::<Option<i64>>(first + i)?.unwrap_or(0);
    }
    Ok(v)
}

fn in_list(n: usize) -> String {
    vec!["?"; n].join(",")
}

/// What the caller asked to measure: one node, or the top nodes of its scope.
pub(super) enum Target {
    Node(org_node::Model),
    Tops(Vec<org_node::Model>),
}

/// A mark's node path, handling path and unit, category, channel and day.
type OverdueRow = (String, Option<String>, Option<i64>, String, String, i32);

/// The days read (Beijing days as numbers, both ends included).
type Days = (i32, i32);

/// The maintained counters of a set of nodes: all, those located there, by category, by
/// channel and by month (`YYYYMM`).
#[derive(Default)]
struct Slices {
    totals: Vector,
    located: Vector,
    by_category: BTreeMap<String, Vector>,
    by_channel: BTreeMap<String, Vector>,
    by_month: BTreeMap<i32, Vector>,
}

/// Requests overdue now, counted the way each breakdown counts.
#[derive(Default)]
struct OverdueCounts {
    total: i64,
    located: i64,
    by_category: HashMap<String, i64>,
    by_channel: HashMap<String, i64>,
    by_month: HashMap<i32, i64>,
    by_handler: HashMap<i64, i64>,
    by_child: HashMap<i64, i64>,
}

impl Target {
    fn node_ids(&self) -> Vec<i64> {
        match self {
            Target::Node(n) => vec![n.id],
            Target::Tops(t) => t.iter().map(|n| n.id).collect(),
        }
    }

    fn paths(&self) -> Vec<TreePath> {
        let nodes = match self {
            Target::Node(n) => std::slice::from_ref(n),
            Target::Tops(t) => t.as_slice(),
        };
        nodes
            .iter()
            .filter_map(|n| TreePath::parse(&n.path).ok())
            .collect()
    }
}

/// Sums of counter rows grouped by the leading columns of `select`.
async fn sums(
    db: &DatabaseConnection,
    select: &str,
    table: &str,
    ids: &[i64],
    (d0, d1): Days,
    extra: Option<(&str, Value)>,
    group: &str,
) -> Result<Vec<sea_orm::QueryResult>> {
    let mut values: Vec<Value> = ids.iter().map(|i| Value::from(*i)).collect();
    values.extend([Value::from(d0), Value::from(d1)]);
    let more = match extra {
        Some((cond, v)) => {
            values.push(v);
            format!(" AND {cond}")
        }
        None => String::new(),
    };
    let sql = format!(
        "SELECT {select}, {} FROM {table} WHERE node_id IN ({}) AND day >= ? AND day <= ?{more} \
         GROUP BY {group}",
        sums_sql(),
        in_list(ids.len())
    );
    Ok(db
        .query_all(stmt(db.get_database_backend(), &sql, values))
        .await?)
}

/// The counters of the nodes by category, channel, located and month.
async fn slices(db: &DatabaseConnection, ids: &[i64], days: Days) -> Result<Slices> {
    let mut out = Slices::default();
    if ids.is_empty() {
        return Ok(out);
    }
    let group = "category, channel, located, CAST(day / 100 AS BIGINT)";
    for r in sums(db, group, "request_stat", ids, days, None, group).await? {
        let cat: String = r.try_get_by_index(0)?;
        let chan: String = r.try_get_by_index(1)?;
        let loc: bool = r.try_get_by_index(2)?;
        let month: i64 = r.try_get_by_index(3)?;
        let v = read_vector(&r, 4)?;
        add_into(&mut out.totals, &v);
        if loc {
            add_into(&mut out.located, &v);
        }
        add_into(out.by_category.entry(cat).or_insert([0; 17]), &v);
        add_into(out.by_channel.entry(chan).or_insert([0; 17]), &v);
        add_into(out.by_month.entry(month as i32).or_insert([0; 17]), &v);
    }
    Ok(out)
}

/// The counters of the nodes by handling unit.
async fn by_handler(
    db: &DatabaseConnection,
    ids: &[i64],
    days: Days,
) -> Result<BTreeMap<i64, Vector>> {
    let mut out: BTreeMap<i64, Vector> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let g = "handling_node_id";
    for r in sums(db, g, "request_stat_handler", ids, days, None, g).await? {
        let h: i64 = r.try_get_by_index(0)?;
        add_into(out.entry(h).or_insert([0; 17]), &read_vector(&r, 1)?);
    }
    Ok(out)
}

/// The children of the node measured, or the top nodes.
async fn children_of(db: &DatabaseConnection, target: &Target) -> Result<Vec<org_node::Model>> {
    Ok(match target {
        Target::Node(n) => {
            org_node::Entity::find()
                .filter(org_node::Column::ParentId.eq(n.id))
                .order_by_asc(org_node::Column::SortOrder)
                .order_by_asc(org_node::Column::Id)
                .all(db)
                .await?
        }
        Target::Tops(t) => t.clone(),
    })
}

/// Each child's counters, for the requests lying in its subtree (and, for top nodes, those
/// handled there too).
async fn child_counters(
    db: &DatabaseConnection,
    children: &[org_node::Model],
    days: Days,
    only_located: bool,
) -> Result<HashMap<i64, Vector>> {
    let mut out = HashMap::new();
    for chunk in children.chunks(500) {
        let ids: Vec<i64> = chunk.iter().map(|c| c.id).collect();
        let extra = only_located.then(|| ("located = ?", Value::from(true)));
        for r in sums(db, "node_id", "request_stat", &ids, days, extra, "node_id").await? {
            let id: i64 = r.try_get_by_index(0)?;
            out.insert(id, read_vector(&r, 1)?);
        }
    }
    Ok(out)
}

/// Which of the nodes have children of their own (for drill-down).
async fn parents_among(
    db: &DatabaseConnection,
    children: &[org_node::Model],
) -> Result<HashSet<i64>> {
    let ids: Vec<i64> = children.iter().map(|c| c.id).collect();
    let mut set = HashSet::new();
    for chunk in ids.chunks(500) {
        let parents: Vec<Option<i64>> = org_node::Entity::find()
            .select_only()
            .column(org_node::Column::ParentId)
            .filter(org_node::Column::ParentId.is_in(chunk.to_vec()))
            .distinct()
            .into_tuple()
            .all(db)
            .await?;
        set.extend(parents.into_iter().flatten());
    }
    Ok(set)
}

/// Requests overdue now: read live from the marks of requests whose clock runs, through the
/// index of those alone.
async fn overdue_marks(
    db: &DatabaseConnection,
    target: &Target,
    (d0, d1): Days,
) -> Result<Vec<Overdue>> {
    let now_ms = crate::now_ms();
    let mut out = vec![];
    for p in &target.paths() {
        let rows: Vec<OverdueRow> = mark::Entity::find()
            .select_only()
            .column(mark::Column::NodePath)
            .column(mark::Column::HandlingPath)
            .column(mark::Column::HandlingNodeId)
            .column(mark::Column::Category)
            .column(mark::Column::Channel)
            .column(mark::Column::Day)
            .filter(mark::Column::Day.gte(d0))
            .filter(mark::Column::Day.lte(d1))
            .filter(mark::Column::DueAt.is_not_null())
            .filter(mark::Column::DueAt.lt(now_ms))
            .filter(
                sea_orm::Condition::any()
                    .add(crate::scope::within(mark::Column::NodePath, p))
                    .add(crate::scope::within(mark::Column::HandlingPath, p)),
            )
            .into_tuple()
            .all(db)
            .await?;
        out.extend(rows.into_iter().map(|(p, hp, h, c, ch, day)| Overdue {
            node_path: p,
            handling_path: hp,
            handling_node_id: h,
            category: c,
            channel: ch,
            day,
        }));
    }
    Ok(out)
}

/// Counts the overdue requests for each breakdown: located at the node (all, for top nodes),
/// per category, channel and handling unit, and per child as the child's counters count.
fn count_overdue(
    rows: &[Overdue],
    target: &Target,
    children: &[org_node::Model],
    only_located: bool,
) -> OverdueCounts {
    let mut c = OverdueCounts::default();
    let child_paths: Vec<(i64, TreePath)> = children
        .iter()
        .filter_map(|c| TreePath::parse(&c.path).ok().map(|p| (c.id, p)))
        .collect();
    let node_path = match target {
        Target::Node(n) => TreePath::parse(&n.path).ok(),
        Target::Tops(_) => None,
    };
    for o in rows {
        c.total += 1;
        *c.by_category.entry(o.category.clone()).or_default() += 1;
        *c.by_channel.entry(o.channel.clone()).or_default() += 1;
        *c.by_month.entry(o.day / 100).or_default() += 1;
        if let Some(h) = o.handling_node_id {
            *c.by_handler.entry(h).or_default() += 1;
        }
        let lies_in = |p: &TreePath| {
            TreePath::parse(&o.node_path)
                .map(|x| x.is_within(p))
                .unwrap_or(false)
        };
        let handled_in = |p: &TreePath| {
            o.handling_path
                .as_deref()
                .and_then(|h| TreePath::parse(h).ok())
                .is_some_and(|x| x.is_within(p))
        };
        if node_path.as_ref().is_none_or(lies_in) {
            c.located += 1;
        }
        for (id, p) in &child_paths {
            if lies_in(p) || (!only_located && handled_in(p)) {
                *c.by_child.entry(*id).or_default() += 1;
            }
        }
    }
    c
}

/// One line per category, named in both languages and in the categories' order.
fn category_lines(
    cats: &[request_category::Model],
    by: &BTreeMap<String, Vector>,
    overdue: &HashMap<String, i64>,
) -> Vec<StatsLine> {
    let cat = |code: &str| cats.iter().find(|c| c.code == code);
    let mut lines: Vec<StatsLine> = by
        .iter()
        .map(|(k, v)| StatsLine {
            key: k.clone(),
            name: cat(k).map_or_else(|| k.clone(), |c| c.name_zh.clone()),
            name_en: cat(k).map_or_else(|| k.clone(), |c| c.name_en.clone()),
            figures: RequestFigures::from_vector(v, overdue.get(k).copied().unwrap_or(0)),
        })
        .collect();
    lines.sort_by_key(|l| {
        (
            cat(&l.key).map_or(i32::MAX, |c| c.sort_order),
            l.key.clone(),
        )
    });
    lines
}

/// One line per channel, in the channels' order.
fn channel_lines(by: &BTreeMap<String, Vector>, overdue: &HashMap<String, i64>) -> Vec<StatsLine> {
    let order = |code: &str| {
        touyan_domain::request::intake::Channel::ALL
            .iter()
            .position(|c| c.code() == code)
            .unwrap_or(usize::MAX)
    };
    let mut lines: Vec<StatsLine> = by
        .iter()
        .map(|(k, v)| StatsLine {
            key: k.clone(),
            name: k.clone(),
            name_en: k.clone(),
            figures: RequestFigures::from_vector(v, overdue.get(k).copied().unwrap_or(0)),
        })
        .collect();
    lines.sort_by_key(|l| order(&l.key));
    lines
}

/// One line per handling unit, most collected first.
fn handler_lines(
    names: &HashMap<i64, String>,
    by: &BTreeMap<i64, Vector>,
    overdue: &HashMap<i64, i64>,
) -> Vec<StatsLine> {
    let mut lines: Vec<StatsLine> = by
        .iter()
        .map(|(k, v)| StatsLine {
            key: k.to_string(),
            name: names.get(k).cloned().unwrap_or_default(),
            name_en: names.get(k).cloned().unwrap_or_default(),
            figures: RequestFigures::from_vector(v, overdue.get(k).copied().unwrap_or(0)),
        })
        .collect();
    lines.sort_by(|a, b| {
        b.figures
            .collected
            .cmp(&a.figures.collected)
            .then(a.key.cmp(&b.key))
    });
    lines
}

/// The live part: requests overdue now, with what the breakdowns need.
struct Overdue {
    node_path: String,
    handling_path: Option<String>,
    handling_node_id: Option<i64>,
    category: String,
    channel: String,
    day: i32,
}

impl<'a> RequestRepo<'a> {
    pub(super) async fn target(&self, under: Option<i64>, perm: Permission) -> Result<Target> {
        let db = self.s.db;
        if let Some(id) = under {
            let p = self.s.orgs().path_of_readable(id, perm).await?;
            let m = org_node::Entity::find_by_id(p.id().unwrap_or(id))
                .one(db)
                .await?
                .ok_or(StorageError::NotFound)?;
            return Ok(Target::Node(m));
        }
        let scopes = self.s.scopes(perm)?;
        let mut tops = if scopes.iter().any(|s| *s == TreePath::everything()) {
            org_node::Entity::find()
                .filter(org_node::Column::ParentId.is_null())
                .order_by_asc(org_node::Column::SortOrder)
                .order_by_asc(org_node::Column::Id)
                .all(db)
                .await?
        } else {
            let ids: Vec<i64> = scopes.iter().filter_map(|s| s.id()).collect();
            org_node::Entity::find()
                .filter(org_node::Column::Id.is_in(ids))
                .order_by_asc(org_node::Column::Path)
                .all(db)
                .await?
        };
        if tops.len() == 1 {
            Ok(Target::Node(tops.remove(0)))
        } else {
            Ok(Target::Tops(tops))
        }
    }

    /// The measures of the requests under `under` (the caller's scope when `None`) created in
    /// `period`: 404 when the caller may not read requests there.
    pub async fn stats(&self, under: Option<i64>, period: Period) -> Result<RequestStats> {
        let db = self.s.db;
        let days = period.days();
        let target = self.target(under, Permission::RequestRead).await?;
        let (node_id, node_name) = match &target {
            Target::Node(n) => (Some(n.id), n.name.clone()),
            Target::Tops(_) => (None, String::new()),
        };
        let only_located = matches!(target, Target::Node(_));
        let ids = target.node_ids();
        let slices = slices(db, &ids, days).await?;
        let handlers = by_handler(db, &ids, days).await?;
        let children = children_of(db, &target).await?;
        let child_v = child_counters(db, &children, days, only_located).await?;
        let with_children = parents_among(db, &children).await?;
        let overdue = count_overdue(
            &overdue_marks(db, &target, days).await?,
            &target,
            &children,
            only_located,
        );

        let cats = request_category::Entity::find().all(db).await?;
        let names = crate::kit::sql::node_names(db, handlers.keys().copied().collect()).await?;
        let mut children_sum = [0i64; 17];
        let mut od_children = 0i64;
        let child_lines: Vec<StatsChild> = children
            .iter()
            .map(|c| {
                let v = child_v.get(&c.id).copied().unwrap_or([0; 17]);
                add_into(&mut children_sum, &v);
                let od = overdue.by_child.get(&c.id).copied().unwrap_or(0);
                od_children += od;
                StatsChild {
                    node_id: c.id,
                    name: c.name.clone(),
                    kind: c.kind.clone(),
                    has_children: with_children.contains(&c.id),
                    figures: RequestFigures::from_vector(&v, od),
                }
            })
            .collect();
        let (here, from_outside) = if only_located {
            (
                RequestFigures::from_vector(
                    &sub(&slices.located, &children_sum),
                    overdue.located - od_children,
                ),
                RequestFigures::from_vector(
                    &sub(&slices.totals, &slices.located),
                    overdue.total - overdue.located,
                ),
            )
        } else {
            (RequestFigures::default(), RequestFigures::default())
        };
        Ok(RequestStats {
            node_id,
            node_name,
            from: period.from,
            to: period.to,
            totals: RequestFigures::from_vector(&slices.totals, overdue.total),
            by_category: category_lines(&cats, &slices.by_category, &overdue.by_category),
            by_channel: channel_lines(&slices.by_channel, &overdue.by_channel),
            by_month: super::trend::month_lines(&slices.by_month, &overdue.by_month, period),
            by_handling_node: handler_lines(&names, &handlers, &overdue.by_handler),
            children: child_lines,
            here,
            from_outside,
        })
    }
}

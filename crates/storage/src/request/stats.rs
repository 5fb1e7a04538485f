//! Measures of service requests for any node and period: the counts the seeds report
//! ("收集需求和意见建议83条……解决问题48项" [002], "收集各类问题诉求61个，已解决问题57个" [004]),
//! the three rates of 接诉即办 (响应率, 解决率, 满意率) and the on-time rate, requests overdue
//! now and supervision cards; broken down by category, channel and handling unit, with the
//! figures of each child node for drill-down; and the figures of enterprise visits
//! ("累计走访企业223家，解决问题643个" [003]).
//!
//! A request counts in the period of the Beijing day it was created, with what has become of
//! it so far (its current round). It counts for a node when it lies in the node's subtree or is
//! handled there, exactly the requests the node's list shows.
//!
//! The counters are maintained: [`on_change`] runs after every write to a request and moves
//! the request's contribution between daily counters of every node it counts for (its
//! location's ancestors and its handling unit's). A district's month is then ~30 days × the
//! categories and channels it had, read through one unique index. The contribution last added
//! is kept per request (`request_stat_mark`), so a change takes away exactly what was added,
//! whatever the caller believed the row was before. Only "overdue now" depends on the clock
//! and is read live, through the due-time indexes.

use super::{to_local, RequestRepo};
use crate::entity::org_node;
use crate::entity::request_stats::mark;
use crate::entity::request_tables::{request_category, service_request as sr, visit};
use crate::{Result, StorageError};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement, Value,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use touyan_domain::access::Permission;
use touyan_domain::request::measure::{round1, Counts};
use touyan_domain::request::workflow::{Rating, State};
use touyan_domain::tree::TreePath;
use touyan_domain::FieldErrors;

/// The counter columns, in the order of a [`Vector`].
pub const COUNTER_COLUMNS: [&str; 17] = [
    "collected",
    "received",
    "dispatched",
    "accepted",
    "accepted_in_time",
    "replied",
    "closed",
    "solved",
    "open",
    "withdrawn",
    "steps_done",
    "steps_on_time",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "yellow",
    "red",
];

/// One set of counters.
pub type Vector = [i64; 17];

// Outcome bits of one request (`request_stat_mark.flags`).
pub const F_RECEIVED: i32 = 1;
pub const F_DISPATCHED: i32 = 1 << 1;
pub const F_ACCEPTED: i32 = 1 << 2;
pub const F_ACCEPT_DECIDED: i32 = 1 << 3;
pub const F_ACCEPTED_IN_TIME: i32 = 1 << 4;
pub const F_REPLIED: i32 = 1 << 5;
pub const F_REPLY_DECIDED: i32 = 1 << 6;
pub const F_REPLIED_IN_TIME: i32 = 1 << 7;
pub const F_CLOSED: i32 = 1 << 8;
pub const F_SOLVED: i32 = 1 << 9;
pub const F_OPEN: i32 = 1 << 10;
pub const F_WITHDRAWN: i32 = 1 << 11;
pub const F_SATISFIED: i32 = 1 << 12;
pub const F_BASICALLY: i32 = 1 << 13;
pub const F_DISSATISFIED: i32 = 1 << 14;
pub const F_YELLOW: i32 = 1 << 15;
pub const F_RED: i32 = 1 << 16;

/// The facts of a request that its outcome bits are made of, so that a bulk loader computes
/// them exactly as the product does.
#[derive(Debug, Clone, Copy, Default)]
pub struct Outcome<'a> {
    pub state: &'a str,
    pub received: bool,
    pub accepted: bool,
    pub replied: bool,
    pub accepted_in_time: Option<bool>,
    pub replied_in_time: Option<bool>,
    pub solved: Option<bool>,
    pub rating: Option<&'a str>,
    pub card: Option<&'a str>,
}

/// The outcome bits. Per request and its current round:
/// - dispatched: its acceptance is decided (accepted, on time or late) or awaited now;
///   accepted in time over these is 响应率;
/// - steps: acceptance and reply, each once decided; on time when done by its due time;
/// - closed (已办结), and solved among the closed (解决率);
/// - the last rating given (满意率);
/// - yellow: given a supervision card (a red one was preceded by a yellow); red: given a red.
pub fn flags_of(o: &Outcome) -> i32 {
    let state = State::from_code(o.state).unwrap_or(State::Submitted);
    let mut f = 0;
    let mut set = |on: bool, bit: i32| {
        if on {
            f |= bit
        }
    };
    set(o.received, F_RECEIVED);
    set(
        o.accepted_in_time.is_some() || state == State::Dispatched,
        F_DISPATCHED,
    );
    set(o.accepted, F_ACCEPTED);
    set(o.accepted_in_time.is_some(), F_ACCEPT_DECIDED);
    set(o.accepted_in_time == Some(true), F_ACCEPTED_IN_TIME);
    set(o.replied, F_REPLIED);
    set(o.replied_in_time.is_some(), F_REPLY_DECIDED);
    set(o.replied_in_time == Some(true), F_REPLIED_IN_TIME);
    set(state == State::Closed, F_CLOSED);
    set(state == State::Closed && o.solved == Some(true), F_SOLVED);
    set(state.is_open(), F_OPEN);
    set(state == State::Withdrawn, F_WITHDRAWN);
    match o.rating.and_then(Rating::from_code) {
        Some(Rating::Satisfied) => set(true, F_SATISFIED),
        Some(Rating::BasicallySatisfied) => set(true, F_BASICALLY),
        Some(Rating::Dissatisfied) => set(true, F_DISSATISFIED),
        None => {}
    }
    set(o.card.is_some(), F_YELLOW);
    set(o.card == Some("red"), F_RED);
    f
}

/// The counters one request adds, from its outcome bits.
pub fn vector_of(flags: i32) -> Vector {
    let b = |bit: i32| i64::from(flags & bit != 0);
    [
        1,
        b(F_RECEIVED),
        b(F_DISPATCHED),
        b(F_ACCEPTED),
        b(F_ACCEPTED_IN_TIME),
        b(F_REPLIED),
        b(F_CLOSED),
        b(F_SOLVED),
        b(F_OPEN),
        b(F_WITHDRAWN),
        b(F_ACCEPT_DECIDED) + b(F_REPLY_DECIDED),
        b(F_ACCEPTED_IN_TIME) + b(F_REPLIED_IN_TIME),
        b(F_SATISFIED),
        b(F_BASICALLY),
        b(F_DISSATISFIED),
        b(F_YELLOW),
        b(F_RED),
    ]
}

/// The Beijing day of an instant as `yyyymmdd`.
pub fn day_of(ms: i64) -> i32 {
    day_number(to_local(ms).date())
}

pub fn day_number(d: NaiveDate) -> i32 {
    d.year() * 10_000 + d.month() as i32 * 100 + d.day() as i32
}

/// What one request adds to the counters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    pub day: i32,
    pub category: String,
    pub channel: String,
    pub node_path: String,
    pub handling_node_id: Option<i64>,
    pub handling_path: Option<String>,
    pub flags: i32,
    /// The earliest due time running (step or follow-up): "overdue now" once it passes.
    pub due_at: Option<i64>,
}

impl Contribution {
    pub fn of(m: &sr::Model) -> Contribution {
        Contribution {
            day: day_of(m.created_at),
            category: m.category.clone(),
            channel: m.channel.clone(),
            node_path: m.node_path.clone(),
            handling_node_id: m.handling_node_id,
            handling_path: m.handling_path.clone(),
            flags: flags_of(&Outcome {
                state: &m.state,
                received: m.received_at.is_some(),
                accepted: m.accepted_at.is_some(),
                replied: m.replied_at.is_some(),
                accepted_in_time: m.accepted_in_time,
                replied_in_time: m.replied_in_time,
                solved: m.solved,
                rating: m.rating.as_deref(),
                card: m.card.as_deref(),
            }),
            due_at: match (m.step_due_at, m.follow_up_due_at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }

    pub(crate) fn of_mark(k: &mark::Model) -> Contribution {
        Contribution {
            day: k.day,
            category: k.category.clone(),
            channel: k.channel.clone(),
            node_path: k.node_path.clone(),
            handling_node_id: k.handling_node_id,
            handling_path: k.handling_path.clone(),
            flags: k.flags,
            due_at: k.due_at,
        }
    }

    /// The nodes the request counts for, each with whether the request lies in its subtree:
    /// the location and its ancestors, then the handling unit's ancestors not among them.
    pub fn credited(&self) -> Vec<(i64, bool)> {
        let ids = |p: &str| TreePath::parse(p).map(|p| p.ids()).unwrap_or_default();
        let mut out: Vec<(i64, bool)> = ids(&self.node_path)
            .into_iter()
            .map(|i| (i, true))
            .collect();
        if let Some(h) = &self.handling_path {
            for i in ids(h) {
                if !out.iter().any(|(n, _)| *n == i) {
                    out.push((i, false));
                }
            }
        }
        out
    }
}

/// The mark that says request `request_id` adds `c` to the counters.
pub(crate) fn mark_row(request_id: i64, c: Contribution) -> mark::ActiveModel {
    mark::ActiveModel {
        request_id: Set(request_id),
        day: Set(c.day),
        category: Set(c.category),
        channel: Set(c.channel),
        node_path: Set(c.node_path),
        handling_node_id: Set(c.handling_node_id),
        handling_path: Set(c.handling_path),
        flags: Set(c.flags),
        due_at: Set(c.due_at),
    }
}

/// Key of a `request_stat` row: node, day, category, channel, located.
pub type CubeKey = (i64, i32, String, String, bool);
/// Key of a `request_stat_handler` row: node, day, handling unit.
pub type HandlerKey = (i64, i32, i64);

/// Counters to add, keyed by row; a bulk loader fills one too and writes it with
/// [`Deltas::write`].
#[derive(Debug, Default)]
pub struct Deltas {
    pub cube: HashMap<CubeKey, Vector>,
    pub handler: HashMap<HandlerKey, Vector>,
}

impl Deltas {
    /// Adds (`sign` 1) or takes away (`sign` −1) one request's contribution.
    pub fn add(&mut self, c: &Contribution, sign: i64) {
        let v = vector_of(c.flags);
        for (node, located) in c.credited() {
            let e = self
                .cube
                .entry((node, c.day, c.category.clone(), c.channel.clone(), located))
                .or_insert([0; 17]);
            for (a, b) in e.iter_mut().zip(v.iter()) {
                *a += sign * b;
            }
            if let Some(h) = c.handling_node_id {
                let e = self.handler.entry((node, c.day, h)).or_insert([0; 17]);
                for (a, b) in e.iter_mut().zip(v.iter()) {
                    *a += sign * b;
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.cube.is_empty() && self.handler.is_empty()
    }

    /// Adds the counters to their rows (creating the rows), `rows_per_statement` at a time.
    pub async fn write<C: ConnectionTrait>(
        self,
        conn: &C,
        rows_per_statement: usize,
    ) -> Result<()> {
        let backend = conn.get_database_backend();
        let n = rows_per_statement.max(1);
        let cube: Vec<(CubeKey, Vector)> = self
            .cube
            .into_iter()
            .filter(|(_, v)| v.iter().any(|x| *x != 0))
            .collect();
        for chunk in cube.chunks(n) {
            let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 22);
            for ((node, day, cat, chan, located), v) in chunk {
                values.extend([
                    (*node).into(),
                    (*day).into(),
                    cat.clone().into(),
                    chan.clone().into(),
                    (*located).into(),
                ]);
                values.extend(v.iter().map(|x| Value::from(*x)));
            }
            conn.execute(stmt(
                backend,
                &upsert_sql(
                    "request_stat",
                    &["node_id", "day", "category", "channel", "located"],
                    chunk.len(),
                ),
                values,
            ))
            .await?;
        }
        let handler: Vec<(HandlerKey, Vector)> = self
            .handler
            .into_iter()
            .filter(|(_, v)| v.iter().any(|x| *x != 0))
            .collect();
        for chunk in handler.chunks(n) {
            let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 20);
            for ((node, day, h), v) in chunk {
                values.extend([(*node).into(), (*day).into(), (*h).into()]);
                values.extend(v.iter().map(|x| Value::from(*x)));
            }
            conn.execute(stmt(
                backend,
                &upsert_sql(
                    "request_stat_handler",
                    &["node_id", "day", "handling_node_id"],
                    chunk.len(),
                ),
                values,
            ))
            .await?;
        }
        Ok(())
    }
}

/// `?` placeholders become `$n` on PostgreSQL.
fn stmt(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    crate::kit::sql::stmt(backend, sql, values)
}

/// A multi-row insert that adds to the counters of rows already there.
pub fn upsert_sql(table: &str, keys: &[&str], rows: usize) -> String {
    let cols: Vec<String> = keys
        .iter()
        .chain(COUNTER_COLUMNS.iter())
        .map(|c| format!("\"{c}\""))
        .collect();
    let one = format!("({})", vec!["?"; cols.len()].join(","));
    let set: Vec<String> = COUNTER_COLUMNS
        .iter()
        .map(|c| format!("\"{c}\" = {table}.\"{c}\" + excluded.\"{c}\""))
        .collect();
    let conflict: Vec<String> = keys.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES {} ON CONFLICT ({}) DO UPDATE SET {}",
        cols.join(", "),
        vec![one.as_str(); rows].join(","),
        conflict.join(", "),
        set.join(", ")
    )
}

/// Called after every write to a request (`before` is `None` for a new one). Moves the
/// request's contribution from what was added last (its mark) to what the row says now;
/// `before` is not needed for that, so a caller's stale copy cannot count anything twice.
/// Where the request is seen from (`reach`) is written afresh when its paths, time or
/// category differ from `before`'s; rewriting it is idempotent.
pub(crate) async fn on_change<C: ConnectionTrait>(
    conn: &C,
    before: Option<&sr::Model>,
    after: &sr::Model,
) -> Result<()> {
    if super::reach::moved(before, after) {
        super::reach::write(conn, std::slice::from_ref(after)).await?;
    }
    remark(conn, std::slice::from_ref(after)).await?;
    Ok(())
}

/// Moves each request's contribution from what was added last (its mark) to what its row
/// says now, for a batch of rows at once: one read of the marks, one write of the counters,
/// one upsert of the changed marks. Answers how many requests' contributions moved.
pub(crate) async fn remark<C: ConnectionTrait>(conn: &C, rows: &[sr::Model]) -> Result<u64> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let marks: HashMap<i64, Contribution> =
        crate::find_in(conn, mark::Entity::find(), mark::Column::RequestId, &ids)
            .await?
            .iter()
            .map(|m| (m.request_id, Contribution::of_mark(m)))
            .collect();
    let mut d = Deltas::default();
    let mut changed = Vec::new();
    for r in rows {
        let now = Contribution::of(r);
        let last = marks.get(&r.id);
        if last == Some(&now) {
            continue;
        }
        if let Some(l) = last {
            d.add(l, -1);
        }
        d.add(&now, 1);
        changed.push(mark_row(r.id, now));
    }
    if changed.is_empty() {
        return Ok(0);
    }
    d.write(conn, 200).await?;
    for chunk in changed.chunks(500) {
        mark::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::column(mark::Column::RequestId)
                    .update_columns([
                        mark::Column::Day,
                        mark::Column::Category,
                        mark::Column::Channel,
                        mark::Column::NodePath,
                        mark::Column::HandlingNodeId,
                        mark::Column::HandlingPath,
                        mark::Column::Flags,
                        mark::Column::DueAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(conn)
            .await?;
    }
    Ok(changed.len() as u64)
}

/// Counts every request again from its row: empties the counters and the marks and fills
/// them anew (after nodes moved, or to check the maintained counters).
pub async fn rebuild<C: ConnectionTrait>(conn: &C) -> Result<u64> {
    for t in ["request_stat", "request_stat_handler", "request_stat_mark"] {
        conn.execute_unprepared(&format!("DELETE FROM {t}")).await?;
    }
    let mut after = 0i64;
    let mut n = 0u64;
    loop {
        let rows = sr::Entity::find()
            .filter(sr::Column::Id.gt(after))
            .order_by_asc(sr::Column::Id)
            .limit(2000)
            .all(conn)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let mut d = Deltas::default();
        let mut marks = Vec::with_capacity(rows.len());
        for m in &rows {
            let c = Contribution::of(m);
            d.add(&c, 1);
            marks.push(mark_row(m.id, c));
        }
        d.write(conn, 200).await?;
        for chunk in marks.chunks(500) {
            mark::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(conn)
                .await?;
        }
        n += rows.len() as u64;
    }
    Ok(n)
}

impl crate::Store {
    /// [`rebuild`] on the store's database; answers how many requests were counted.
    pub async fn rebuild_request_stats(&self) -> Result<u64> {
        let txn = crate::begin_write(self.raw_connection()).await?;
        let n = rebuild(&txn).await?;
        txn.commit().await?;
        Ok(n)
    }
}

// ---------------------------------------------------------------------------------------
// Reading the measures
// ---------------------------------------------------------------------------------------

/// A period of Beijing days, both ends included; open ends are unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Period {
    /// `from` and `to` as typed (`2026-03-01`, `2026/3/1`, blank for open); `to` is included.
    pub fn parse(from: &str, to: &str) -> Result<Period> {
        let mut fe = FieldErrors::new();
        let from = fe
            .check("from", touyan_domain::fields::parse_date("from", from))
            .flatten();
        let to = fe
            .check("to", touyan_domain::fields::parse_date("to", to))
            .flatten();
        if let (Some(a), Some(b)) = (from, to) {
            if a > b {
                fe.add("to", "err.rstats_period_order");
            }
        }
        if fe.is_empty() {
            Ok(Period { from, to })
        } else {
            Err(StorageError::Invalid(fe))
        }
    }

    fn days(&self) -> (i32, i32) {
        (
            self.from.map(day_number).unwrap_or(0),
            self.to.map(day_number).unwrap_or(99_999_999),
        )
    }

    /// The period as Unix milliseconds: `[start, end)`.
    pub fn instants(&self) -> (Option<i64>, Option<i64>) {
        let at = |d: NaiveDate| super::from_local(d.and_time(NaiveTime::MIN));
        (
            self.from.map(at),
            self.to.map(|d| at(d + Duration::days(1))),
        )
    }
}

/// The measures of one set of requests.
#[derive(Debug, Clone, Default, Serialize, PartialEq, utoipa::ToSchema)]
pub struct RequestFigures {
    /// Requests taken in (收集), whatever became of them.
    pub collected: i64,
    /// Received (受理).
    pub received: i64,
    /// Dispatched whose acceptance is decided or awaited now (响应率's base).
    pub dispatched: i64,
    /// Accepted (接单) by the handling unit.
    pub accepted: i64,
    /// Accepted within the acceptance limit.
    pub accepted_in_time: i64,
    /// Replied (答复).
    pub replied: i64,
    /// Closed (已办结).
    pub closed: i64,
    /// Closed as solved (解决).
    pub solved: i64,
    /// Still open.
    pub open: i64,
    /// Withdrawn (已撤回).
    pub withdrawn: i64,
    /// Timed steps decided (acceptance, reply).
    pub steps_done: i64,
    pub steps_on_time: i64,
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub dissatisfied: i64,
    pub rated: i64,
    /// Requests given a yellow supervision card (黄牌; those given a red one too).
    pub yellow_cards: i64,
    /// Requests given a red card (红牌).
    pub red_cards: i64,
    /// Requests whose running step or follow-up is past due now.
    pub overdue: i64,
    /// 响应率: accepted in time / dispatched, percent to one decimal; null when none.
    pub response_rate: Option<f64>,
    /// 解决率: solved / closed.
    pub solution_rate: Option<f64>,
    /// 满意率: (满意 + 基本满意) / rated.
    pub satisfaction_rate: Option<f64>,
    /// 按时办理率: steps on time / steps decided.
    pub on_time_rate: Option<f64>,
}

impl RequestFigures {
    pub fn from_vector(v: &Vector, overdue: i64) -> RequestFigures {
        let u = |x: i64| x.max(0) as u64;
        let c = Counts {
            collected: u(v[0]),
            steps_done: u(v[10]),
            steps_on_time: u(v[11]),
            dispatched: u(v[2]),
            accepted_in_time: u(v[4]),
            closed: u(v[6]),
            solved: u(v[7]),
            satisfied: u(v[12]),
            basically_satisfied: u(v[13]),
            dissatisfied: u(v[14]),
        };
        RequestFigures {
            collected: v[0],
            received: v[1],
            dispatched: v[2],
            accepted: v[3],
            accepted_in_time: v[4],
            replied: v[5],
            closed: v[6],
            solved: v[7],
            open: v[8],
            withdrawn: v[9],
            steps_done: v[10],
            steps_on_time: v[11],
            satisfied: v[12],
            basically_satisfied: v[13],
            dissatisfied: v[14],
            rated: v[12] + v[13] + v[14],
            yellow_cards: v[15],
            red_cards: v[16],
            overdue,
            response_rate: c.response_rate().map(round1),
            solution_rate: c.solution_rate().map(round1),
            satisfaction_rate: c.satisfaction_rate().map(round1),
            on_time_rate: c.on_time_rate().map(round1),
        }
    }
}

/// One line of a breakdown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StatsLine {
    /// The category or channel code, or the handling unit's id as text.
    pub key: String,
    /// The name in the caller's language: the category's or the channel's name, or the
    /// unit's name as registered.
    pub name: String,
    /// The category's or the channel's English name; the unit's name otherwise.
    pub name_en: String,
    pub figures: RequestFigures,
}

/// A child node's figures for the requests that lie in its subtree.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StatsChild {
    pub node_id: i64,
    pub name: String,
    pub kind: String,
    pub has_children: bool,
    pub figures: RequestFigures,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RequestStats {
    /// The node measured; null when the caller's scope has several top nodes and the figures
    /// are theirs added up.
    pub node_id: Option<i64>,
    pub node_name: String,
    /// First day counted (Beijing date of creation), included; null for no bound.
    pub from: Option<NaiveDate>,
    /// Last day counted, included; null for no bound.
    pub to: Option<NaiveDate>,
    pub totals: RequestFigures,
    pub by_category: Vec<StatsLine>,
    pub by_channel: Vec<StatsLine>,
    pub by_handling_node: Vec<StatsLine>,
    /// Each child's figures for the requests lying in its subtree.
    pub children: Vec<StatsChild>,
    /// Requests located at the node itself (in no child's subtree).
    pub here: RequestFigures,
    /// Requests located outside the node and handled in its subtree. Children, `here` and
    /// `from_outside` add up to `totals`.
    pub from_outside: RequestFigures,
}

/// A visitor's or a park's visit figures.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct VisitFigures {
    /// Visits made.
    pub visits: i64,
    /// Distinct enterprises or households (nodes) visited.
    pub visited: i64,
    /// Problems recorded on the visits.
    pub problems: i64,
    /// Requests raised from the visits …
    pub requests: i64,
    /// … closed as solved.
    pub solved: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VisitLine {
    /// The visitor's person id (or name when not linked) / the park's node id, as text.
    pub key: String,
    pub name: String,
    pub figures: VisitFigures,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VisitStats {
    pub node_id: Option<i64>,
    pub node_name: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub totals: VisitFigures,
    /// Per visitor (党建工作指导员, grid worker).
    pub by_visitor: Vec<VisitLine>,
    /// Per park (the nearest park at or above the visited node); visits outside any park
    /// under an empty key.
    pub by_park: Vec<VisitLine>,
}

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
enum Target {
    Node(org_node::Model),
    Tops(Vec<org_node::Model>),
}

/// A mark's node path, handling path and unit, category and channel.
type OverdueRow = (String, Option<String>, Option<i64>, String, String);

/// The live part: requests overdue now, with what the breakdowns need.
struct Overdue {
    node_path: String,
    handling_path: Option<String>,
    handling_node_id: Option<i64>,
    category: String,
    channel: String,
}

impl<'a> RequestRepo<'a> {
    async fn target(&self, under: Option<i64>, perm: Permission) -> Result<Target> {
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
        let backend = db.get_database_backend();
        let (d0, d1) = period.days();
        let target = self.target(under, Permission::RequestRead).await?;
        let (node_ids, node_id, node_name) = match &target {
            Target::Node(n) => (vec![n.id], Some(n.id), n.name.clone()),
            Target::Tops(t) => (t.iter().map(|n| n.id).collect(), None, String::new()),
        };

        // The node's counters by category, channel and located.
        let mut totals = [0i64; 17];
        let mut located = [0i64; 17];
        let mut by_cat: BTreeMap<String, Vector> = BTreeMap::new();
        let mut by_chan: BTreeMap<String, Vector> = BTreeMap::new();
        if !node_ids.is_empty() {
            let mut values: Vec<Value> = node_ids.iter().map(|i| Value::from(*i)).collect();
            values.extend([Value::from(d0), Value::from(d1)]);
            let rows = db
                .query_all(stmt(
                    backend,
                    &format!(
                        "SELECT category, channel, located, {} FROM request_stat \
                         WHERE node_id IN ({}) AND day >= ? AND day <= ? \
                         GROUP BY category, channel, located",
                        sums_sql(),
                        in_list(node_ids.len())
                    ),
                    values,
                ))
                .await?;
            for r in rows {
                let cat: String = r.try_get_by_index(0)?;
                let chan: String = r.try_get_by_index(1)?;
                let loc: bool = r.try_get_by_index(2)?;
                let v = read_vector(&r, 3)?;
                add_into(&mut totals, &v);
                if loc {
                    add_into(&mut located, &v);
                }
                add_into(by_cat.entry(cat).or_insert([0; 17]), &v);
                add_into(by_chan.entry(chan).or_insert([0; 17]), &v);
            }
        }

        // By handling unit.
        let mut by_handler: BTreeMap<i64, Vector> = BTreeMap::new();
        if !node_ids.is_empty() {
            let mut values: Vec<Value> = node_ids.iter().map(|i| Value::from(*i)).collect();
            values.extend([Value::from(d0), Value::from(d1)]);
            let rows = db
                .query_all(stmt(
                    backend,
                    &format!(
                        "SELECT handling_node_id, {} FROM request_stat_handler \
                         WHERE node_id IN ({}) AND day >= ? AND day <= ? \
                         GROUP BY handling_node_id",
                        sums_sql(),
                        in_list(node_ids.len())
                    ),
                    values,
                ))
                .await?;
            for r in rows {
                let h: i64 = r.try_get_by_index(0)?;
                add_into(by_handler.entry(h).or_insert([0; 17]), &read_vector(&r, 1)?);
            }
        }

        // The children (or the top nodes), each for the requests lying in its subtree.
        let children: Vec<org_node::Model> = match &target {
            Target::Node(n) => {
                org_node::Entity::find()
                    .filter(org_node::Column::ParentId.eq(n.id))
                    .order_by_asc(org_node::Column::SortOrder)
                    .order_by_asc(org_node::Column::Id)
                    .all(db)
                    .await?
            }
            Target::Tops(t) => t.clone(),
        };
        let mut child_v: HashMap<i64, Vector> = HashMap::new();
        let only_located = matches!(target, Target::Node(_));
        for chunk in children.chunks(500) {
            let mut values: Vec<Value> = chunk.iter().map(|c| Value::from(c.id)).collect();
            values.extend([Value::from(d0), Value::from(d1)]);
            let located_only = if only_located { " AND located = ?" } else { "" };
            if only_located {
                values.push(true.into());
            }
            let rows = db
                .query_all(stmt(
                    backend,
                    &format!(
                        "SELECT node_id, {} FROM request_stat \
                         WHERE node_id IN ({}) AND day >= ? AND day <= ?{located_only} \
                         GROUP BY node_id",
                        sums_sql(),
                        in_list(chunk.len())
                    ),
                    values,
                ))
                .await?;
            for r in rows {
                let id: i64 = r.try_get_by_index(0)?;
                child_v.insert(id, read_vector(&r, 1)?);
            }
        }
        let with_children: HashSet<i64> = {
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
            set
        };

        // Overdue now: read live from the marks of requests whose clock runs, through the
        // index of those alone.
        let now_ms = crate::now_ms();
        let mut overdue_rows: Vec<Overdue> = vec![];
        let target_paths: Vec<TreePath> = match &target {
            Target::Node(n) => vec![TreePath::parse(&n.path)?],
            Target::Tops(t) => t
                .iter()
                .filter_map(|n| TreePath::parse(&n.path).ok())
                .collect(),
        };
        for p in &target_paths {
            let rows: Vec<OverdueRow> = mark::Entity::find()
                .select_only()
                .column(mark::Column::NodePath)
                .column(mark::Column::HandlingPath)
                .column(mark::Column::HandlingNodeId)
                .column(mark::Column::Category)
                .column(mark::Column::Channel)
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
            overdue_rows.extend(rows.into_iter().map(|(p, hp, h, c, ch)| Overdue {
                node_path: p,
                handling_path: hp,
                handling_node_id: h,
                category: c,
                channel: ch,
            }));
        }
        let mut od_total = 0i64;
        let mut od_located = 0i64;
        let mut od_cat: HashMap<String, i64> = HashMap::new();
        let mut od_chan: HashMap<String, i64> = HashMap::new();
        let mut od_handler: HashMap<i64, i64> = HashMap::new();
        let mut od_child: HashMap<i64, i64> = HashMap::new();
        let child_paths: Vec<(i64, TreePath)> = children
            .iter()
            .filter_map(|c| TreePath::parse(&c.path).ok().map(|p| (c.id, p)))
            .collect();
        let node_path = match &target {
            Target::Node(n) => TreePath::parse(&n.path).ok(),
            Target::Tops(_) => None,
        };
        for o in &overdue_rows {
            od_total += 1;
            *od_cat.entry(o.category.clone()).or_default() += 1;
            *od_chan.entry(o.channel.clone()).or_default() += 1;
            if let Some(h) = o.handling_node_id {
                *od_handler.entry(h).or_default() += 1;
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
                od_located += 1;
            }
            for (id, p) in &child_paths {
                if lies_in(p) || (!only_located && handled_in(p)) {
                    *od_child.entry(*id).or_default() += 1;
                }
            }
        }

        // Names.
        let cats = request_category::Entity::find().all(db).await?;
        let cat_name = |code: &str, en: bool| {
            cats.iter()
                .find(|c| c.code == code)
                .map(|c| {
                    if en {
                        c.name_en.clone()
                    } else {
                        c.name_zh.clone()
                    }
                })
                .unwrap_or_else(|| code.to_string())
        };
        let names = crate::kit::sql::node_names(db, by_handler.keys().copied().collect()).await?;

        let mut by_category: Vec<StatsLine> = by_cat
            .iter()
            .map(|(k, v)| StatsLine {
                key: k.clone(),
                name: cat_name(k, false),
                name_en: cat_name(k, true),
                figures: RequestFigures::from_vector(v, od_cat.get(k).copied().unwrap_or(0)),
            })
            .collect();
        let order = |code: &str| {
            cats.iter()
                .find(|c| c.code == code)
                .map(|c| c.sort_order)
                .unwrap_or(i32::MAX)
        };
        by_category.sort_by_key(|l| (order(&l.key), l.key.clone()));
        let channel_order = |code: &str| {
            touyan_domain::request::intake::Channel::ALL
                .iter()
                .position(|c| c.code() == code)
                .unwrap_or(usize::MAX)
        };
        let mut by_channel: Vec<StatsLine> = by_chan
            .iter()
            .map(|(k, v)| StatsLine {
                key: k.clone(),
                name: k.clone(),
                name_en: k.clone(),
                figures: RequestFigures::from_vector(v, od_chan.get(k).copied().unwrap_or(0)),
            })
            .collect();
        by_channel.sort_by_key(|l| channel_order(&l.key));
        let mut by_handling_node: Vec<StatsLine> = by_handler
            .iter()
            .map(|(k, v)| StatsLine {
                key: k.to_string(),
                name: names.get(k).cloned().unwrap_or_default(),
                name_en: names.get(k).cloned().unwrap_or_default(),
                figures: RequestFigures::from_vector(v, od_handler.get(k).copied().unwrap_or(0)),
            })
            .collect();
        by_handling_node.sort_by(|a, b| {
            b.figures
                .collected
                .cmp(&a.figures.collected)
                .then(a.key.cmp(&b.key))
        });

        let mut children_sum = [0i64; 17];
        let mut od_children = 0i64;
        let child_lines: Vec<StatsChild> = children
            .iter()
            .map(|c| {
                let v = child_v.get(&c.id).copied().unwrap_or([0; 17]);
                add_into(&mut children_sum, &v);
                let od = od_child.get(&c.id).copied().unwrap_or(0);
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
                    &sub(&located, &children_sum),
                    od_located - od_children,
                ),
                RequestFigures::from_vector(&sub(&totals, &located), od_total - od_located),
            )
        } else {
            (RequestFigures::default(), RequestFigures::default())
        };
        Ok(RequestStats {
            node_id,
            node_name,
            from: period.from,
            to: period.to,
            totals: RequestFigures::from_vector(&totals, od_total),
            by_category,
            by_channel,
            by_handling_node,
            children: child_lines,
            here,
            from_outside,
        })
    }

    /// Enterprise and household visits under `under` (the caller's scope when `None`) made in
    /// `period`, with the requests raised from them: per visitor and per park.
    pub async fn visit_stats(&self, under: Option<i64>, period: Period) -> Result<VisitStats> {
        let db = self.s.db;
        let target = self.target(under, Permission::RequestRead).await?;
        let (paths, node_id, node_name) = match &target {
            Target::Node(n) => (vec![n.path.clone()], Some(n.id), n.name.clone()),
            Target::Tops(t) => (
                t.iter().map(|n| n.path.clone()).collect(),
                None,
                String::new(),
            ),
        };
        let scopes: Vec<TreePath> = paths
            .iter()
            .filter_map(|p| TreePath::parse(p).ok())
            .collect();
        let mut q = visit::Entity::find()
            .filter(crate::scope::within_any(visit::Column::NodePath, &scopes));
        if let Some(a) = period.from {
            q = q.filter(visit::Column::VisitedOn.gte(a));
        }
        if let Some(b) = period.to {
            q = q.filter(visit::Column::VisitedOn.lte(b));
        }
        let visits = q.order_by_asc(visit::Column::Id).all(db).await?;

        // The requests raised on these visits.
        let ids: Vec<i64> = visits.iter().map(|v| v.id).collect();
        let mut raised: HashMap<i64, (i64, i64)> = HashMap::new();
        for chunk in ids.chunks(500) {
            let rows: Vec<(Option<i64>, String, Option<bool>)> = sr::Entity::find()
                .select_only()
                .column(sr::Column::VisitId)
                .column(sr::Column::State)
                .column(sr::Column::Solved)
                .filter(sr::Column::VisitId.is_in(chunk.to_vec()))
                .into_tuple()
                .all(db)
                .await?;
            for (v, state, solved) in rows {
                if let Some(v) = v {
                    let e = raised.entry(v).or_default();
                    e.0 += 1;
                    e.1 += i64::from(state == State::Closed.code() && solved == Some(true));
                }
            }
        }

        // The nearest park at or above each visited node.
        let mut anc: HashSet<i64> = HashSet::new();
        for v in &visits {
            if let Ok(p) = TreePath::parse(&v.node_path) {
                anc.extend(p.ids());
            }
        }
        let mut parks: HashMap<i64, String> = HashMap::new();
        let anc: Vec<i64> = anc.into_iter().collect();
        for chunk in anc.chunks(500) {
            let rows: Vec<(i64, String)> = org_node::Entity::find()
                .select_only()
                .column(org_node::Column::Id)
                .column(org_node::Column::Name)
                .filter(org_node::Column::Id.is_in(chunk.to_vec()))
                .filter(org_node::Column::Kind.eq("park"))
                .into_tuple()
                .all(db)
                .await?;
            parks.extend(rows);
        }

        let mut totals = VisitFigures::default();
        let mut seen_total: HashSet<i64> = HashSet::new();
        let mut by_visitor: BTreeMap<String, (String, VisitFigures, HashSet<i64>)> =
            BTreeMap::new();
        let mut by_park: BTreeMap<String, (String, VisitFigures, HashSet<i64>)> = BTreeMap::new();
        let add =
            |f: &mut VisitFigures, seen: &mut HashSet<i64>, v: &visit::Model, r: (i64, i64)| {
                f.visits += 1;
                if seen.insert(v.node_id) {
                    f.visited += 1;
                }
                f.problems += i64::from(v.problems);
                f.requests += r.0;
                f.solved += r.1;
            };
        for v in &visits {
            let r = raised.get(&v.id).copied().unwrap_or_default();
            add(&mut totals, &mut seen_total, v, r);
            let vk = v
                .visitor_person_id
                .map(|p| p.to_string())
                .unwrap_or_else(|| format!("name:{}", v.visitor_name));
            let e = by_visitor
                .entry(vk)
                .or_insert_with(|| (v.visitor_name.clone(), Default::default(), HashSet::new()));
            add(&mut e.1, &mut e.2, v, r);
            let park = TreePath::parse(&v.node_path)
                .map(|p| p.ids())
                .unwrap_or_default()
                .into_iter()
                .rev()
                .find(|i| parks.contains_key(i));
            let (pk, pn) = match park {
                Some(i) => (i.to_string(), parks[&i].clone()),
                None => (String::new(), String::new()),
            };
            let e = by_park
                .entry(pk)
                .or_insert_with(|| (pn, Default::default(), HashSet::new()));
            add(&mut e.1, &mut e.2, v, r);
        }
        let lines = |m: BTreeMap<String, (String, VisitFigures, HashSet<i64>)>| {
            let mut out: Vec<VisitLine> = m
                .into_iter()
                .map(|(key, (name, figures, _))| VisitLine { key, name, figures })
                .collect();
            out.sort_by(|a, b| {
                b.figures
                    .visits
                    .cmp(&a.figures.visits)
                    .then(a.key.cmp(&b.key))
            });
            out
        };
        Ok(VisitStats {
            node_id,
            node_name,
            from: period.from,
            to: period.to,
            totals,
            by_visitor: lines(by_visitor),
            by_park: lines(by_park),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(node: &str, handler: Option<(i64, &str)>, flags: i32) -> Contribution {
        Contribution {
            day: 20260302,
            category: "environment".into(),
            channel: "window".into(),
            node_path: node.into(),
            handling_node_id: handler.map(|h| h.0),
            handling_path: handler.map(|h| h.1.to_string()),
            flags,
            due_at: None,
        }
    }

    #[test]
    fn outcome_bits() {
        let closed = Outcome {
            state: "closed",
            received: true,
            accepted: true,
            replied: true,
            accepted_in_time: Some(true),
            replied_in_time: Some(false),
            solved: Some(true),
            rating: Some("basically_satisfied"),
            card: Some("red"),
        };
        let v = vector_of(flags_of(&closed));
        // collected received dispatched accepted in-time replied closed solved open withdrawn
        assert_eq!(&v[..10], &[1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
        // steps 2, on time 1; ratings; yellow and red.
        assert_eq!(&v[10..], &[2, 1, 0, 1, 0, 1, 1]);
        let waiting = Outcome {
            state: "dispatched",
            received: true,
            ..Default::default()
        };
        let v = vector_of(flags_of(&waiting));
        assert_eq!((v[2], v[4], v[8], v[10]), (1, 0, 1, 0));
        let not_solved = Outcome {
            state: "replied",
            solved: Some(true),
            ..Default::default()
        };
        assert_eq!(vector_of(flags_of(&not_solved))[7], 0);
    }

    #[test]
    fn credited_nodes_are_the_union_of_both_branches() {
        let x = c("/1/2/5/", Some((7, "/1/3/7/")), 0);
        assert_eq!(
            x.credited(),
            vec![(1, true), (2, true), (5, true), (3, false), (7, false)]
        );
        let y = c("/1/2/5/", None, 0);
        assert_eq!(y.credited().len(), 3);
    }

    #[test]
    fn a_change_moves_exactly_one_contribution() {
        let before = c("/1/2/", Some((2, "/1/2/")), F_DISPATCHED);
        let after = c("/1/2/", Some((4, "/1/4/")), F_DISPATCHED | F_ACCEPTED);
        let mut d = Deltas::default();
        d.add(&before, -1);
        d.add(&after, 1);
        let key = |n: i64, loc: bool| {
            (
                n,
                20260302,
                "environment".to_string(),
                "window".to_string(),
                loc,
            )
        };
        assert_eq!(d.cube[&key(1, true)][3], 1);
        assert_eq!(d.cube[&key(1, true)][0], 0);
        assert_eq!(d.cube[&key(4, false)][0], 1);
        assert_eq!(d.handler[&(1, 20260302, 2)][0], -1);
        assert_eq!(d.handler[&(1, 20260302, 4)][0], 1);
    }

    #[test]
    fn periods() {
        let p = Period::parse("2026-03-01", "2026/3/31").unwrap();
        assert_eq!(p.days(), (20260301, 20260331));
        let (a, b) = p.instants();
        assert_eq!(b.unwrap() - a.unwrap(), 31 * 86_400_000);
        assert!(matches!(
            Period::parse("2026-04-01", "2026-03-01"),
            Err(StorageError::Invalid(_))
        ));
        assert!(matches!(
            Period::parse("yesterday", ""),
            Err(StorageError::Invalid(_))
        ));
        assert_eq!(Period::parse("", "").unwrap(), Period::default());
        assert_eq!(
            day_of(super::super::from_local(
                NaiveDate::from_ymd_opt(2026, 1, 1)
                    .unwrap()
                    .and_hms_opt(0, 30, 0)
                    .unwrap()
            )),
            20260101
        );
    }
}

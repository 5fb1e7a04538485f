//! The maintained counters: what each request adds to the daily counters of the nodes it
//! counts for, moved on every change, and their rebuild.

use super::super::to_local;
use crate::entity::request_stats::mark;
use crate::entity::request_tables::service_request as sr;
use crate::Result;
use chrono::{Datelike, NaiveDate};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement, Value,
};
use std::collections::HashMap;
use touyan_domain::request::workflow::{Rating, State};
use touyan_domain::tree::TreePath;

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
pub(super) fn stmt(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
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
    if super::super::reach::moved(before, after) {
        super::super::reach::write(conn, std::slice::from_ref(after)).await?;
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
        let system = crate::Actor::system();
        let work = crate::kit::work::Work::begin(self.raw_connection(), &system).await?;
        let n = rebuild(work.txn()).await?;
        work.commit_unaudited("counters rebuilt from the stored requests")
            .await?;
        Ok(n)
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
}

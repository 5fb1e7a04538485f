//! Benchmark of service requests (`touyan bench-requests`), on SQLite and, when given a URL,
//! PostgreSQL.
//!
//! The city tree (`generate_city`, no audit entries) gets `--requests` requests (5 000 000 by
//! default) over `--months` months, bulk-inserted with multi-row INSERTs: located on the
//! grids, enterprises and communities, dispatched by the unit the product would pick,
//! handled mostly there and sometimes by another unit of the district, in every state of the
//! loop with plausible times, ratings, cards and overdue steps. The maintained counters are
//! filled in the same pass from the product's own [`Contribution`] and [`Deltas`], so they are
//! exactly what `on_change` would have written; before anything is timed, the product's
//! measures are checked against a plain count over the requests.
//!
//! Then, for the org admin of a district, a park and a grid: a scoped page of requests
//! filtered by category (`RequestRepo::list`, and `GET /api/v1/requests` when the server has
//! it) against the bare count and page; and the measures of the last full month
//! (`RequestRepo::stats`, `GET /api/v1/requests/stats`) against the bare statement on the
//! counters and against a plain scan of the requests. It prints markdown tables. Loops are
//! bounded by an iteration count and a time budget; nothing asserts a time.

use crate::bench::{
    fmt_ratio, generate_city, measure, org_admin_at, prepare_postgres, redact, refresh_statistics,
    scalar_i64, secondary_indexes, stmt, Budget, CityShape, Stat, BENCH_PASSWORD,
};
use anyhow::{bail, Context};
use chrono::{Datelike, Duration as Days, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, FromQueryResult, TransactionTrait, Value,
};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use touyan_domain::paging::PageRequest;
use touyan_domain::tree::TreePath;
use touyan_storage::request::stats::{
    flags_of, Contribution, Deltas, Outcome, Period, COUNTER_COLUMNS,
};
use touyan_storage::request::{RequestFilter, RequestRow};
use touyan_storage::{Actor, Store};

/// Rows per multi-row INSERT of requests (39 values each).
const BATCH: usize = 500;
/// Rows per multi-row INSERT of counters (22 values each).
const STAT_BATCH: usize = 1000;
/// The category of the filtered list.
const LIST_CATEGORY: &str = "environment";
/// The three callers: an org admin of a district, of a park, of a grid.
const LEVELS: [(&str, &str); 3] = [
    ("district", "CY-D01"),
    ("park", "CY-D01-P01"),
    ("grid", "CY-D01-S01-C01-G01"),
];

#[derive(clap::Args, Debug, Clone)]
pub struct BenchRequestsArgs {
    /// SQLite database file (default: <temp dir>/touyan-bench-requests/requests.db).
    #[arg(long)]
    pub sqlite_path: Option<PathBuf>,
    /// Skip SQLite.
    #[arg(long)]
    pub no_sqlite: bool,
    /// PostgreSQL URL of a database used only by this benchmark (its name must contain
    /// "bench"; dropped and created again unless --reuse).
    #[arg(long)]
    pub postgres: Option<String>,
    /// Requests to generate.
    #[arg(long, default_value_t = 5_000_000)]
    pub requests: usize,
    /// Months the requests are spread over, up to now.
    #[arg(long, default_value_t = 24)]
    pub months: i64,
    /// Organization nodes of the city.
    #[arg(long, default_value_t = 20_000)]
    pub nodes: usize,
    /// Use the data already in the databases instead of generating it again.
    #[arg(long)]
    pub reuse: bool,
    /// Timed iterations per measurement.
    #[arg(long, default_value_t = 100)]
    pub iterations: usize,
    /// Untimed iterations before each measurement.
    #[arg(long, default_value_t = 10)]
    pub warmup: usize,
    /// Time budget per measurement in seconds (at least 5 samples are always taken).
    #[arg(long, default_value_t = 10)]
    pub budget_secs: u64,
    /// Print the query plans of the bare statements.
    #[arg(long)]
    pub explain: bool,
    /// Also write the report (markdown) to this file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Seed of the data generator.
    #[arg(long, default_value_t = 20_240_601)]
    pub seed: u64,
}

// ---------------------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------------------

#[derive(Clone)]
struct Node {
    id: i64,
    parent: Option<i64>,
    path: String,
    depth: i32,
    kind: String,
}

/// Where a request can lie, with the unit that dispatches it there.
struct Spot {
    node: usize,
    dispatcher: usize,
    /// The dispatching unit's parent (a street above a community, a district above a park).
    above: Option<usize>,
}

struct District {
    /// Grids, enterprises, communities and park grids.
    spots: Vec<Spot>,
    /// Streets and parks: other units that may handle a request.
    units: Vec<usize>,
}

const REQUEST_COLS: [&str; 39] = [
    "id",
    "code",
    "channel",
    "category",
    "urgency",
    "node_id",
    "node_path",
    "dispatcher_node_id",
    "dispatcher_path",
    "handling_node_id",
    "handling_path",
    "address",
    "description",
    "contact_name",
    "contact_phone",
    "hotline_no",
    "enterprise_name",
    "visit_id",
    "state",
    "round",
    "pending_extension_days",
    "rated_this_round",
    "rating",
    "solved",
    "step",
    "step_started_at",
    "step_due_at",
    "follow_up_due_at",
    "card",
    "created_by",
    "created_at",
    "received_at",
    "dispatched_at",
    "accepted_at",
    "accepted_in_time",
    "replied_at",
    "replied_in_time",
    "closed_at",
    "updated_at",
];

/// Columns of `request_reach`, and rows per multi-row INSERT of them.
const REACH_COLS: [&str; 4] = ["request_id", "node_id", "created_at", "category"];
const REACH_BATCH: usize = 2000;

const MARK_COLS: [&str; 9] = [
    "request_id",
    "day",
    "category",
    "channel",
    "node_path",
    "handling_node_id",
    "handling_path",
    "flags",
    "due_at",
];

/// Categories with weights (the seeded dictionary's codes).
const CATEGORIES: [(&str, u32); 9] = [
    ("environment", 22),
    ("municipal", 18),
    ("property", 15),
    ("safety", 6),
    ("neighbour", 9),
    ("labour", 6),
    ("enterprise", 8),
    ("elderly", 8),
    ("other", 8),
];
const CHANNELS: [(&str, u32); 7] = [
    ("public_form", 15),
    ("window", 20),
    ("doorstep", 8),
    ("enterprise", 10),
    ("visit", 10),
    ("patrol", 15),
    ("hotline", 22),
];
const DESCRIPTIONS: [&str; 6] = [
    "小区门口路灯不亮，晚上出行不便",
    "楼道堆放杂物，存在消防隐患",
    "道路井盖破损，需尽快修复",
    "企业反映用工招聘困难，希望对接人才市场",
    "老人独居，希望提供助餐服务",
    "邻里噪音纠纷，希望社区调解",
];
const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;

fn pick<'a>(rng: &mut StdRng, items: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.gen_range(0..total);
    for (v, w) in items {
        if x < *w {
            return v;
        }
        x -= w;
    }
    items[0].0
}

fn insert_sql(table: &str, cols: &[&str], rows: usize) -> String {
    let one = format!("({})", vec!["?"; cols.len()].join(","));
    let quoted: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        quoted.join(", "),
        vec![one.as_str(); rows].join(",")
    )
}

async fn load_districts(
    conn: &DatabaseConnection,
    backend: DbBackend,
) -> anyhow::Result<(Vec<Node>, Vec<District>)> {
    let rows = conn
        .query_all(stmt(
            backend,
            "SELECT id, parent_id, path, depth, kind FROM org_node WHERE code LIKE 'CY%' ORDER BY path",
            vec![],
        ))
        .await?;
    let mut nodes = Vec::with_capacity(rows.len());
    for r in rows {
        nodes.push(Node {
            id: r.try_get_by_index(0)?,
            parent: r.try_get_by_index(1)?,
            path: r.try_get_by_index(2)?,
            depth: r.try_get_by_index(3)?,
            kind: r.try_get_by_index(4)?,
        });
    }
    let index: HashMap<i64, usize> = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let mut districts: Vec<District> = Vec::new();
    let mut of_district: HashMap<i64, usize> = HashMap::new();
    for n in &nodes {
        if n.depth == 2 {
            of_district.insert(n.id, districts.len());
            districts.push(District {
                spots: vec![],
                units: vec![],
            });
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        if n.depth < 3 {
            continue;
        }
        let ids = TreePath::parse(&n.path)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?
            .ids();
        let Some(d) = of_district.get(&ids[1]).copied() else {
            continue;
        };
        if n.depth == 3 {
            districts[d].units.push(i);
            continue;
        }
        // The product's dispatching unit: the nearest community, else street, park, district.
        let chain: Vec<usize> = ids.iter().filter_map(|x| index.get(x).copied()).collect();
        let dispatcher = ["community", "street", "park", "district"]
            .iter()
            .find_map(|k| chain.iter().rev().find(|c| nodes[**c].kind == *k).copied())
            .unwrap_or(chain[0]);
        let above = nodes[dispatcher]
            .parent
            .and_then(|p| index.get(&p).copied())
            .filter(|p| nodes[*p].depth >= 2);
        districts[d].spots.push(Spot {
            node: i,
            dispatcher,
            above,
        });
    }
    if districts.iter().any(|d| d.spots.is_empty()) {
        bail!("a district without grids: generate the city with its default shape");
    }
    Ok((nodes, districts))
}

/// One generated request: the row's values and its contribution.
struct Gen {
    values: Vec<Value>,
    contribution: Contribution,
    id: i64,
    /// The request's reach rows: (node, created_at, category).
    reach: Vec<(i64, i64, &'static str)>,
}

#[allow(clippy::too_many_arguments)]
fn gen_request(
    rng: &mut StdRng,
    id: i64,
    nodes: &[Node],
    d: &District,
    now: i64,
    span: i64,
) -> Gen {
    let spot = &d.spots[rng.gen_range(0..d.spots.len())];
    let node = &nodes[spot.node];
    let disp = &nodes[spot.dispatcher];
    let created = now - rng.gen_range(HOUR..span);
    let age = now - created;
    let channel = pick(rng, &CHANNELS);
    let category = pick(rng, &CATEGORIES);
    // Where the request is in the loop, by its age: a week or two closes most of them; a few
    // old ones are still open (and overdue).
    let x: u32 = rng.gen_range(0..1000);
    let state = if age > 20 * DAY {
        match x {
            0..=968 => "closed",
            969..=998 => "withdrawn",
            _ if rng.gen_bool(0.5) => "accepted",
            _ => "replied",
        }
    } else if age < 6 * HOUR {
        if x < 300 {
            "received"
        } else {
            "dispatched"
        }
    } else if age < DAY {
        if x < 200 {
            "dispatched"
        } else {
            "accepted"
        }
    } else if age < 5 * DAY {
        if x < 700 {
            "accepted"
        } else {
            "replied"
        }
    } else if age < 10 * DAY {
        match x {
            0..=499 => "replied",
            500..=969 => "closed",
            _ => "withdrawn",
        }
    } else if x < 970 {
        "closed"
    } else {
        "withdrawn"
    };
    let ord = |s: &str| match s {
        "received" | "withdrawn" => 1,
        "dispatched" => 2,
        "accepted" => 3,
        "replied" => 4,
        _ => 5,
    };
    let o = ord(state);
    let received_at = created + 10 * 60_000;
    let handler = if o >= 2 {
        let y: u32 = rng.gen_range(0..100);
        let h = if y < 70 {
            spot.dispatcher
        } else if y < 90 {
            spot.above.unwrap_or(spot.dispatcher)
        } else {
            d.units[rng.gen_range(0..d.units.len())]
        };
        Some(&nodes[h])
    } else {
        None
    };
    let dispatched_at = (o >= 2).then_some(received_at + HOUR);
    let accepted_at = (o >= 3).then(|| received_at + HOUR + rng.gen_range(10 * 60_000..4 * HOUR));
    let accepted_in_time = (o >= 3).then(|| rng.gen_range(0..100) < 95);
    let replied_at =
        (o >= 4).then(|| accepted_at.unwrap_or(created) + rng.gen_range(HOUR..9 * DAY));
    let replied_in_time = (o >= 4).then(|| rng.gen_range(0..100) < 90);
    let closed_at = (o >= 5).then(|| {
        let latest = (now - replied_at.unwrap_or(created)).clamp(2 * HOUR, 3 * DAY);
        replied_at.unwrap_or(created) + rng.gen_range(HOUR..latest)
    });
    let solved = (o >= 5).then(|| rng.gen_range(0..100) < 90);
    let has_complainant = channel != "patrol";
    let rating = (o >= 4 && has_complainant && rng.gen_range(0..100) < 80).then(|| {
        match rng.gen_range(0..100) {
            0..=74 => "satisfied",
            75..=92 => "basically_satisfied",
            _ => "dissatisfied",
        }
    });
    // Cards of finished requests (the supervision job raises those of open ones).
    let card = match rng.gen_range(0..100) {
        _ if state != "closed" => None,
        0..=3 => Some("yellow"),
        4 => Some("red"),
        _ => None,
    };
    // The running step and its due time (overdue when the due time has passed).
    let (step, started, due) = match state {
        "dispatched" => (
            Some("accept"),
            dispatched_at,
            dispatched_at.map(|t| t + 4 * HOUR),
        ),
        "accepted" => (
            Some("reply"),
            accepted_at,
            accepted_at.map(|t| t + 10 * DAY),
        ),
        _ => (None, None, None),
    };
    let follow_up_due =
        (state == "replied" && has_complainant).then(|| replied_at.unwrap_or(created) + 5 * DAY);
    let updated = [
        Some(created),
        dispatched_at,
        accepted_at,
        replied_at,
        closed_at,
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(created)
    .min(now);
    let contact = has_complainant;
    let values: Vec<Value> = vec![
        id.into(),
        format!("BR{id:011}").into(),
        channel.into(),
        category.into(),
        "normal".into(),
        node.id.into(),
        node.path.clone().into(),
        disp.id.into(),
        disp.path.clone().into(),
        handler.map(|h| h.id).into(),
        handler.map(|h| h.path.clone()).into(),
        Value::String(None),
        DESCRIPTIONS[(id as usize) % DESCRIPTIONS.len()].into(),
        contact.then_some("王先生").map(str::to_string).into(),
        contact.then_some("13800138000").map(str::to_string).into(),
        (channel == "hotline").then(|| format!("H{id}")).into(),
        (channel == "enterprise")
            .then_some("恒信科技有限公司")
            .map(str::to_string)
            .into(),
        Value::BigInt(None),
        state.into(),
        1i32.into(),
        Value::Int(None),
        rating.is_some().into(),
        rating.map(str::to_string).into(),
        solved.into(),
        step.map(str::to_string).into(),
        started.into(),
        due.into(),
        follow_up_due.into(),
        card.map(str::to_string).into(),
        Value::BigInt(None),
        created.into(),
        Some(received_at).into(),
        dispatched_at.into(),
        accepted_at.into(),
        accepted_in_time.into(),
        replied_at.into(),
        replied_in_time.into(),
        closed_at.into(),
        updated.into(),
    ];
    let flags = flags_of(&Outcome {
        state,
        received: true,
        accepted: accepted_at.is_some(),
        replied: replied_at.is_some(),
        accepted_in_time,
        replied_in_time,
        solved,
        rating,
        card,
    });
    let contribution = Contribution {
        day: touyan_storage::request::stats::day_of(created),
        category: category.into(),
        channel: channel.into(),
        node_path: node.path.clone(),
        handling_node_id: handler.map(|h| h.id),
        handling_path: handler.map(|h| h.path.clone()),
        flags,
        due_at: match (due, follow_up_due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        },
    };
    let paths: Vec<TreePath> = [Some(node), Some(disp), handler]
        .into_iter()
        .flatten()
        .filter_map(|n| TreePath::parse(&n.path).ok())
        .collect();
    let reach = touyan_domain::request::reach(&paths.iter().map(Some).collect::<Vec<_>>())
        .into_iter()
        .map(|n| (n, created, category))
        .collect();
    Gen {
        values,
        contribution,
        id,
        reach,
    }
}

/// Writes counters with plain multi-row INSERTs (no row is written twice: see the caller).
async fn insert_counters<C: ConnectionTrait>(
    conn: &C,
    backend: DbBackend,
    d: Deltas,
) -> anyhow::Result<u64> {
    let mut n = 0u64;
    let cube: Vec<_> = d.cube.into_iter().collect();
    let cols: Vec<&str> = ["node_id", "day", "category", "channel", "located"]
        .into_iter()
        .chain(COUNTER_COLUMNS)
        .collect();
    for chunk in cube.chunks(STAT_BATCH) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * cols.len());
        for ((node, day, cat, chan, loc), v) in chunk {
            values.extend([
                (*node).into(),
                (*day).into(),
                cat.clone().into(),
                chan.clone().into(),
                (*loc).into(),
            ]);
            values.extend(v.iter().map(|x| Value::from(*x)));
        }
        conn.execute(stmt(
            backend,
            &insert_sql("request_stat", &cols, chunk.len()),
            values,
        ))
        .await?;
        n += chunk.len() as u64;
    }
    let handler: Vec<_> = d.handler.into_iter().collect();
    let cols: Vec<&str> = ["node_id", "day", "handling_node_id"]
        .into_iter()
        .chain(COUNTER_COLUMNS)
        .collect();
    for chunk in handler.chunks(STAT_BATCH) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * cols.len());
        for ((node, day, h), v) in chunk {
            values.extend([(*node).into(), (*day).into(), (*h).into()]);
            values.extend(v.iter().map(|x| Value::from(*x)));
        }
        conn.execute(stmt(
            backend,
            &insert_sql("request_stat_handler", &cols, chunk.len()),
            values,
        ))
        .await?;
        n += chunk.len() as u64;
    }
    Ok(n)
}

/// Generates the requests, their marks and the counters, district by district, in one
/// transaction; secondary indexes are dropped for the load and built again after it.
async fn generate_requests(store: &Store, args: &BenchRequestsArgs) -> anyhow::Result<String> {
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let (nodes, districts) = load_districts(conn, backend).await?;
    let root = nodes
        .iter()
        .find(|n| n.depth == 1)
        .map(|n| n.id)
        .context("no city root")?;
    let t = Instant::now();
    let now = touyan_storage::now_ms();
    let span = args.months.max(1) * 30 * DAY;
    let mut rng = StdRng::seed_from_u64(args.seed ^ 0x7e9_0e57);
    let txn = conn.begin().await?;
    let mut dropped = Vec::new();
    for table in [
        "service_request",
        "request_reach",
        "request_stat",
        "request_stat_handler",
    ] {
        for (name, sql) in secondary_indexes(&txn, backend, table).await? {
            txn.execute_unprepared(&format!("DROP INDEX \"{name}\""))
                .await?;
            dropped.push(sql);
        }
    }
    let per = args.requests / districts.len();
    let mut next_id = scalar_i64(&txn, backend, "SELECT MAX(id) FROM service_request", vec![])
        .await?
        .unwrap_or(0)
        + 1;
    // Counters of the city root collect every district's requests; they are written last.
    let mut at_root = Deltas::default();
    let mut counter_rows = 0u64;
    let mut total_reach = 0u64;
    let mut done = 0usize;
    let mut t_counters = Duration::ZERO;
    for (di, d) in districts.iter().enumerate() {
        let count = if di + 1 == districts.len() {
            args.requests - per * di
        } else {
            per
        };
        let mut deltas = Deltas::default();
        let mut left = count;
        while left > 0 {
            let k = BATCH.min(left);
            let mut values = Vec::with_capacity(k * REQUEST_COLS.len());
            let mut marks = Vec::with_capacity(k * MARK_COLS.len());
            let mut reach: Vec<Value> = Vec::with_capacity(k * 6 * REACH_COLS.len());
            let mut reach_rows = 0;
            for _ in 0..k {
                let g = gen_request(&mut rng, next_id, &nodes, d, now, span);
                next_id += 1;
                values.extend(g.values);
                for (node, at, cat) in g.reach {
                    reach.extend([g.id.into(), node.into(), at.into(), cat.into()]);
                    reach_rows += 1;
                }
                let c = &g.contribution;
                marks.extend([
                    g.id.into(),
                    c.day.into(),
                    c.category.clone().into(),
                    c.channel.clone().into(),
                    c.node_path.clone().into(),
                    c.handling_node_id.into(),
                    c.handling_path.clone().into(),
                    c.flags.into(),
                    c.due_at.into(),
                ]);
                deltas.add(c, 1);
            }
            txn.execute(stmt(
                backend,
                &insert_sql("service_request", &REQUEST_COLS, k),
                values,
            ))
            .await?;
            txn.execute(stmt(
                backend,
                &insert_sql("request_stat_mark", &MARK_COLS, k),
                marks,
            ))
            .await?;
            // In statements of at most REACH_BATCH rows.
            let mut reach = reach.into_iter();
            while reach_rows > 0 {
                let n = reach_rows.min(REACH_BATCH);
                let chunk: Vec<Value> = reach.by_ref().take(n * REACH_COLS.len()).collect();
                txn.execute(stmt(
                    backend,
                    &insert_sql("request_reach", &REACH_COLS, n),
                    chunk,
                ))
                .await?;
                reach_rows -= n;
                total_reach += n as u64;
            }
            left -= k;
            done += k;
        }
        let tc = Instant::now();
        let mut here = Deltas::default();
        for (k, v) in deltas.cube {
            if k.0 == root {
                at_root
                    .cube
                    .insert(k.clone(), add(at_root.cube.get(&k), &v));
            } else {
                here.cube.insert(k, v);
            }
        }
        for (k, v) in deltas.handler {
            if k.0 == root {
                at_root.handler.insert(k, add(at_root.handler.get(&k), &v));
            } else {
                here.handler.insert(k, v);
            }
        }
        counter_rows += insert_counters(&txn, backend, here).await?;
        t_counters += tc.elapsed();
        println!(
            "service_request: {done}/{} rows, {counter_rows} counter rows ({:.1} s)",
            args.requests,
            t.elapsed().as_secs_f64()
        );
    }
    counter_rows += insert_counters(&txn, backend, at_root).await?;
    let ti = Instant::now();
    for sql in &dropped {
        txn.execute_unprepared(sql).await?;
    }
    txn.commit().await?;
    let index_s = ti.elapsed().as_secs_f64();
    if backend == DbBackend::Postgres {
        conn.execute_unprepared(
            "SELECT setval(pg_get_serial_sequence('service_request', 'id'), (SELECT MAX(id) FROM service_request))",
        )
        .await?;
    }
    let tr = Instant::now();
    refresh_statistics(conn, backend).await?;
    let total = t.elapsed().as_secs_f64();
    println!("requests generated in {total:.1} s");
    Ok(format!(
        "Data generated in {total:.0} s: {} requests with their marks, {total_reach} reach rows \
         and {counter_rows} counter rows (of which {:.0} s writing counters), indexes rebuilt in \
         {index_s:.0} s, statistics refreshed in {:.0} s.",
        args.requests,
        t_counters.as_secs_f64(),
        tr.elapsed().as_secs_f64()
    ))
}

fn add(a: Option<&[i64; 17]>, b: &[i64; 17]) -> [i64; 17] {
    let mut o = a.copied().unwrap_or([0; 17]);
    for (x, y) in o.iter_mut().zip(b.iter()) {
        *x += *y;
    }
    o
}

// ---------------------------------------------------------------------------------------
// Measurements
// ---------------------------------------------------------------------------------------

/// The last full calendar month before today (Beijing time).
fn last_month() -> (NaiveDate, NaiveDate) {
    let today = touyan_storage::kit::today();
    let first_this = today.with_day(1).expect("day 1 exists");
    let last = first_this - Days::days(1);
    (last.with_day(1).expect("day 1 exists"), last)
}

struct Bare<'a> {
    conn: &'a DatabaseConnection,
    backend: DbBackend,
}

const SCOPE: &str = "((\"node_path\" >= ? AND \"node_path\" < ?) OR (\"dispatcher_path\" >= ? AND \"dispatcher_path\" < ?) OR (\"handling_path\" >= ? AND \"handling_path\" < ?))";

impl Bare<'_> {
    fn scope(p: &TreePath) -> Vec<Value> {
        let (a, b) = (p.as_str().to_string(), p.upper_bound());
        vec![
            a.clone().into(),
            b.clone().into(),
            a.clone().into(),
            b.clone().into(),
            a.into(),
            b.into(),
        ]
    }
    /// The list's total as the product counts it: the reach rows of the caller's node in the
    /// category.
    async fn list_count(&self, node: i64) -> anyhow::Result<i64> {
        Ok(scalar_i64(
            self.conn,
            self.backend,
            "SELECT COUNT(*) FROM request_reach WHERE node_id = ? AND category = ?",
            vec![node.into(), LIST_CATEGORY.into()],
        )
        .await?
        .unwrap_or(0))
    }
    /// The list's page as the product reads it: the node's reach rows newest first, joined to
    /// the requests, every column, with the names of the request's three nodes.
    fn page_sql() -> String {
        let cols: Vec<String> = REQUEST_COLS
            .iter()
            .map(|c| format!("service_request.\"{c}\""))
            .collect();
        let names: Vec<String> = [
            ("node_id", "node_name"),
            ("dispatcher_node_id", "dispatcher_node_name"),
            ("handling_node_id", "handling_node_name"),
        ]
        .iter()
        .map(|(c, a)| {
            format!(
                "(SELECT org_node.name FROM org_node WHERE org_node.id = service_request.{c}) AS {a}"
            )
        })
        .collect();
        format!(
            "SELECT {}, {} FROM service_request INNER JOIN request_reach \
             ON request_reach.request_id = service_request.id \
             WHERE request_reach.node_id = ? AND request_reach.category = ? \
             ORDER BY request_reach.created_at DESC, request_reach.request_id DESC LIMIT 20 OFFSET 0",
            cols.join(", "),
            names.join(", ")
        )
    }
    /// The page, every column of every row decoded into the product's row type.
    async fn list_page(&self, node: i64) -> anyhow::Result<Vec<i64>> {
        let rows = self
            .conn
            .query_all(stmt(
                self.backend,
                &Self::page_sql(),
                vec![node.into(), LIST_CATEGORY.into()],
            ))
            .await?;
        rows.iter()
            .map(|r| {
                let row = RequestRow::from_query_result(r, "")?;
                for name in ["node_name", "dispatcher_node_name", "handling_node_name"] {
                    let _: Option<String> = r.try_get("", name)?;
                }
                Ok(row.id)
            })
            .collect()
    }
    /// The same total and page with the scope written as the three path ranges (located,
    /// dispatched, handled), the list's form before the reach rows.
    async fn ranges_count(&self, p: &TreePath) -> anyhow::Result<i64> {
        let mut v = Self::scope(p);
        v.push(LIST_CATEGORY.into());
        Ok(scalar_i64(
            self.conn,
            self.backend,
            &format!("SELECT COUNT(*) FROM service_request WHERE {SCOPE} AND \"category\" = ?"),
            v,
        )
        .await?
        .unwrap_or(0))
    }
    fn ranges_page_sql() -> String {
        format!(
            "SELECT id FROM service_request WHERE {SCOPE} AND \"category\" = ? \
             ORDER BY \"created_at\" DESC, \"id\" DESC LIMIT 20"
        )
    }
    async fn ranges_page(&self, p: &TreePath) -> anyhow::Result<Vec<i64>> {
        let mut v = Self::scope(p);
        v.push(LIST_CATEGORY.into());
        let rows = self
            .conn
            .query_all(stmt(self.backend, &Self::ranges_page_sql(), v))
            .await?;
        rows.iter()
            .map(|r| Ok(r.try_get_by_index::<i64>(0)?))
            .collect()
    }
    fn counters_sql() -> String {
        let sums: Vec<String> = COUNTER_COLUMNS
            .iter()
            .map(|c| format!("CAST(SUM(\"{c}\") AS BIGINT)"))
            .collect();
        format!(
            "SELECT category, channel, located, {} FROM request_stat WHERE node_id IN (?) \
             AND day >= ? AND day <= ? GROUP BY category, channel, located",
            sums.join(", ")
        )
    }
    /// The statement on the counters that the measures' totals come from.
    async fn counters(&self, node: i64, from: i32, to: i32) -> anyhow::Result<usize> {
        Ok(self
            .conn
            .query_all(stmt(
                self.backend,
                &Self::counters_sql(),
                vec![node.into(), from.into(), to.into()],
            ))
            .await?
            .len())
    }
    fn scan_sql() -> &'static str {
        "SELECT COUNT(*), \
         CAST(SUM(CASE WHEN \"state\" = 'closed' THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN \"state\" = 'closed' AND \"solved\" = ? THEN 1 ELSE 0 END) AS BIGINT) \
         FROM service_request WHERE ((\"node_path\" >= ? AND \"node_path\" < ?) OR \
         (\"handling_path\" >= ? AND \"handling_path\" < ?)) AND \"created_at\" >= ? AND \"created_at\" < ?"
    }
    /// A plain scan of the requests for collected, closed and solved.
    async fn scan(&self, p: &TreePath, from: i64, to: i64) -> anyhow::Result<(i64, i64, i64)> {
        let (a, b) = (p.as_str().to_string(), p.upper_bound());
        let r = self
            .conn
            .query_one(stmt(
                self.backend,
                Self::scan_sql(),
                vec![
                    true.into(),
                    a.clone().into(),
                    b.clone().into(),
                    a.into(),
                    b.into(),
                    from.into(),
                    to.into(),
                ],
            ))
            .await?
            .context("no row")?;
        let get = |i: usize| -> anyhow::Result<i64> {
            Ok(r.try_get_by_index::<Option<i64>>(i)?.unwrap_or(0))
        };
        Ok((get(0)?, get(1)?, get(2)?))
    }
    async fn explain(&self, label: &str, sql: &str, values: Vec<Value>) -> anyhow::Result<String> {
        let prefix = match self.backend {
            DbBackend::Postgres => "EXPLAIN (ANALYZE, BUFFERS) ",
            _ => "EXPLAIN QUERY PLAN ",
        };
        let rows = self
            .conn
            .query_all(stmt(self.backend, &format!("{prefix}{sql}"), values))
            .await?;
        let mut out = format!("-- {label}\n");
        for r in rows {
            let line = match self.backend {
                DbBackend::Postgres => r.try_get_by_index::<String>(0)?,
                _ => r.try_get_by_index::<String>(3)?,
            };
            out.push_str(&line);
            out.push('\n');
        }
        Ok(out)
    }
}

struct LevelResult {
    label: &'static str,
    name: String,
    in_scope: i64,
    matches: i64,
    month_collected: i64,
    list: Stat,
    list_bare: Stat,
    /// The same two statements sent side by side on two connections, as the product sends
    /// them.
    list_bare_side: Stat,
    list_ranges: Stat,
    list_http: Option<Stat>,
    stats: Stat,
    stats_http: Stat,
    counters_bare: Stat,
    scan_bare: Stat,
}

struct Report {
    title: String,
    setup: String,
    levels: Vec<LevelResult>,
    plans: String,
}

/// A signed-in HTTP client of the server under test.
async fn http_login(base: &str, username: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder()
        .no_proxy()
        .cookie_store(true)
        .build()?;
    let r = client
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"username": username, "password": BENCH_PASSWORD}))
        .send()
        .await?;
    if !r.status().is_success() {
        bail!("sign-in of {username}: {}", r.status());
    }
    Ok(client)
}

async fn get_ok(c: &reqwest::Client, url: &str) -> anyhow::Result<usize> {
    let r = c.get(url).send().await?;
    if !r.status().is_success() {
        bail!("GET {url}: {}", r.status());
    }
    Ok(r.bytes().await?.len())
}

async fn bench_backend(
    title: &str,
    url: &str,
    args: &BenchRequestsArgs,
    budget: Budget,
) -> anyhow::Result<Report> {
    println!("== {title}: {}", redact(url));
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let have = scalar_i64(
        conn,
        backend,
        "SELECT COUNT(*) FROM service_request",
        vec![],
    )
    .await?
    .unwrap_or(0);
    let mut setup = String::new();
    if have > 0 && args.reuse {
        println!("reusing the {have} requests already present");
        let _ = writeln!(setup, "Data reused (`--reuse`).");
    } else {
        if have > 0 {
            bail!("the database already holds requests; pass --reuse or use an empty database");
        }
        let t = Instant::now();
        generate_city(
            &store,
            &CityShape {
                nodes: args.nodes,
                rows: 0,
                seed: args.seed,
                ..CityShape::default()
            },
        )
        .await?;
        let _ = writeln!(
            setup,
            "The tree generated in {:.0} s (`generate_city`, no audit entries).",
            t.elapsed().as_secs_f64()
        );
        let line = generate_requests(&store, args).await?;
        let _ = writeln!(setup, "{line}");
    }
    let requests = scalar_i64(
        conn,
        backend,
        "SELECT COUNT(*) FROM service_request",
        vec![],
    )
    .await?
    .unwrap_or(0);
    let counters = scalar_i64(conn, backend, "SELECT COUNT(*) FROM request_stat", vec![])
        .await?
        .unwrap_or(0)
        + scalar_i64(
            conn,
            backend,
            "SELECT COUNT(*) FROM request_stat_handler",
            vec![],
        )
        .await?
        .unwrap_or(0);
    let (m0, m1) = last_month();
    let period = Period {
        from: Some(m0),
        to: Some(m1),
    };
    let (from_ms, to_ms) = period.instants();
    let (from_ms, to_ms) = (from_ms.unwrap_or(0), to_ms.unwrap_or(0));
    let day = touyan_storage::request::stats::day_number;
    let _ = writeln!(
        setup,
        "{requests} requests, {counters} counter rows. The measures are those of {m0} – {m1} \
         (the last full month)."
    );

    // The org admins first, and the supervision cards due now, so that the server's
    // supervision job (at start-up, then every minute) finds nothing new to write.
    let mut admins = Vec::new();
    for (label, code) in LEVELS {
        let who = format!("bench_requests_{label}");
        admins.push((label, who.clone(), org_admin_at(&store, code, &who).await?));
    }
    let t = Instant::now();
    let cards = store.raise_cards().await?;
    println!(
        "{cards} supervision cards raised in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    // The server, in this process on port 0.
    let server = touyan_web::build(touyan_web::Config {
        database_url: url.to_string(),
        listen: "127.0.0.1:0".into(),
        admin_password: Some(format!("bench-{:016x}", rand::random::<u64>())),
        ..Default::default()
    })
    .await?;
    let base = format!("http://{}", server.local_addr());
    let (stop, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run_until(async move {
        let _ = stop_rx.await;
    }));

    let bare = Bare { conn, backend };
    let mut levels = Vec::new();
    let mut plans = String::new();
    for (label, who, a) in admins {
        let actor: Actor = a.actor.clone();
        let repo = || store.scoped(&actor);
        let filter = RequestFilter {
            under: Some(a.node_id),
            category: Some(LIST_CATEGORY.into()),
            ..Default::default()
        };
        // The product and the bare statements must agree before they are timed.
        let page = repo()
            .requests()
            .list(&filter, PageRequest::default())
            .await?;
        let ids: Vec<i64> = page.items.iter().map(|r| r.id).collect();
        let matches = bare.list_count(a.node_id).await?;
        if page.total as i64 != matches || ids != bare.list_page(a.node_id).await? {
            bail!(
                "{label}: RequestRepo::list (total {}) disagrees with the bare statements (total {matches})",
                page.total
            );
        }
        // The reach rows must select exactly what the three path ranges select.
        let t = Instant::now();
        let (rc, rp) = (
            bare.ranges_count(&a.path).await?,
            bare.ranges_page(&a.path).await?,
        );
        if rc != matches || rp != ids {
            bail!("{label}: the reach rows ({matches}) and the path ranges ({rc}) disagree");
        }
        println!(
            "   reach rows agree with the path ranges (checked in {:.1} s)",
            t.elapsed().as_secs_f64()
        );
        let stats = repo().requests().stats(Some(a.node_id), period).await?;
        let (c, cl, so) = bare.scan(&a.path, from_ms, to_ms).await?;
        if (
            stats.totals.collected,
            stats.totals.closed,
            stats.totals.solved,
        ) != (c, cl, so)
        {
            bail!(
                "{label}: the counters say {} collected, {} closed, {} solved; the requests say {c}, {cl}, {so}",
                stats.totals.collected,
                stats.totals.closed,
                stats.totals.solved
            );
        }
        let in_scope = scalar_i64(
            conn,
            backend,
            &format!("SELECT COUNT(*) FROM service_request WHERE {SCOPE}"),
            Bare::scope(&a.path),
        )
        .await?
        .unwrap_or(0);
        println!(
            "-- {label} {}: {in_scope} requests in scope, {matches} {LIST_CATEGORY}, {c} in the month",
            a.name
        );
        if args.explain {
            let mut v = Bare::scope(&a.path);
            v.push(LIST_CATEGORY.into());
            plans.push_str(&format!("== {label}\n"));
            plans.push_str(
                &bare
                    .explain(
                        "count",
                        "SELECT COUNT(*) FROM request_reach WHERE node_id = ? AND category = ?",
                        vec![a.node_id.into(), LIST_CATEGORY.into()],
                    )
                    .await?,
            );
            plans.push_str(
                &bare
                    .explain(
                        "page",
                        &Bare::page_sql(),
                        vec![a.node_id.into(), LIST_CATEGORY.into()],
                    )
                    .await?,
            );
            plans.push_str(
                &bare
                    .explain("page by path ranges", &Bare::ranges_page_sql(), v)
                    .await?,
            );
            plans.push_str(
                &bare
                    .explain(
                        "counters",
                        &Bare::counters_sql(),
                        vec![a.node_id.into(), day(m0).into(), day(m1).into()],
                    )
                    .await?,
            );
        }
        let client = http_login(&base, &who).await?;
        let list_url = format!(
            "{base}/api/v1/requests?under={}&category={LIST_CATEGORY}",
            a.node_id
        );
        let stats_url = format!(
            "{base}/api/v1/requests/stats?under={}&from={m0}&to={m1}",
            a.node_id
        );
        let list = measure(budget, || async {
            Ok::<_, anyhow::Error>(
                repo()
                    .requests()
                    .list(&filter, PageRequest::default())
                    .await?,
            )
        })
        .await?;
        let list_bare = measure(budget, || async {
            let c = bare.list_count(a.node_id).await?;
            let p = bare.list_page(a.node_id).await?;
            Ok::<_, anyhow::Error>((c, p))
        })
        .await?;
        let list_bare_side = measure(budget, || async {
            let (c, p) = tokio::try_join!(bare.list_count(a.node_id), bare.list_page(a.node_id))?;
            Ok::<_, anyhow::Error>((c, p))
        })
        .await?;
        // The former form: a few samples, it reads the whole subtree.
        let few = Budget {
            iterations: 3,
            warmup: 1,
            limit: Duration::from_secs(1),
        };
        let list_ranges = measure(few, || async {
            let c = bare.ranges_count(&a.path).await?;
            let p = bare.ranges_page(&a.path).await?;
            Ok::<_, anyhow::Error>((c, p))
        })
        .await?;
        // The staff list over HTTP, when this build serves it.
        let list_http = if get_ok(&client, &list_url).await.is_ok() {
            Some(measure(budget, || get_ok(&client, &list_url)).await?)
        } else {
            println!("   (GET /api/v1/requests is not served by this build: skipped)");
            None
        };
        let stats_t = measure(budget, || async {
            Ok::<_, anyhow::Error>(repo().requests().stats(Some(a.node_id), period).await?)
        })
        .await?;
        let stats_http = measure(budget, || get_ok(&client, &stats_url)).await?;
        let counters_bare = measure(budget, || bare.counters(a.node_id, day(m0), day(m1))).await?;
        let scan_bare = measure(budget, || bare.scan(&a.path, from_ms, to_ms)).await?;
        println!(
            "   list {} | bare {} | stats {} | HTTP stats {} | bare counters {} | bare scan {}",
            list.cell(),
            list_bare.cell(),
            stats_t.cell(),
            stats_http.cell(),
            counters_bare.cell(),
            scan_bare.cell()
        );
        levels.push(LevelResult {
            label,
            name: a.name.clone(),
            in_scope,
            matches,
            month_collected: c,
            list,
            list_bare,
            list_bare_side,
            list_ranges,
            list_http,
            stats: stats_t,
            stats_http,
            counters_bare,
            scan_bare,
        });
    }
    let _ = stop.send(());
    serving.await??;
    store.raw_connection().clone().close().await?;
    Ok(Report {
        title: title.to_string(),
        setup,
        levels,
        plans,
    })
}

fn render(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "### {}\n\n{}", r.title, r.setup);
    let _ = writeln!(
        s,
        "Scoped page of requests filtered by category ({LIST_CATEGORY}), 20 a page, with its total; \
         median (p95) in ms:\n"
    );
    let _ = writeln!(
        s,
        "| caller | requests in scope | matches | `RequestRepo::list` | bare count + page | bare, side by side | list / bare | HTTP `GET /api/v1/requests` | HTTP / bare | HTTP / bare side by side | bare count + page by three path ranges (n) |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for l in &r.levels {
        let _ = writeln!(
            s,
            "| {} {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} ({}) |",
            l.label,
            l.name,
            l.in_scope,
            l.matches,
            l.list.cell(),
            l.list_bare.cell(),
            l.list_bare_side.cell(),
            fmt_ratio(l.list.median / l.list_bare.median),
            l.list_http
                .map(|h| h.cell())
                .unwrap_or_else(|| "not served".into()),
            l.list_http
                .map(|h| fmt_ratio(h.median / l.list_bare.median))
                .unwrap_or_default(),
            l.list_http
                .map(|h| fmt_ratio(h.median / l.list_bare_side.median))
                .unwrap_or_default(),
            l.list_ranges.cell(),
            l.list_ranges.n
        );
    }
    let _ = writeln!(
        s,
        "\nMeasures of the last full month (totals, breakdowns by category, channel and \
         handling unit, children, overdue now); median (p95) in ms:\n"
    );
    let _ = writeln!(
        s,
        "| caller | requests in the month | `RequestRepo::stats` | HTTP `GET /api/v1/requests/stats` | bare statement on the counters | bare scan of the requests (3 counts) |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|");
    for l in &r.levels {
        let _ = writeln!(
            s,
            "| {} {} | {} | {} | {} | {} | {} |",
            l.label,
            l.name,
            l.month_collected,
            l.stats.cell(),
            l.stats_http.cell(),
            l.counters_bare.cell(),
            l.scan_bare.cell()
        );
    }
    let _ = writeln!(s);
    s
}

pub async fn run(args: BenchRequestsArgs) -> anyhow::Result<()> {
    let budget = Budget {
        iterations: args.iterations.max(1),
        warmup: args.warmup,
        limit: Duration::from_secs(args.budget_secs.max(1)),
    };
    let mut backends: Vec<(&str, String)> = Vec::new();
    if !args.no_sqlite {
        let path = args.sqlite_path.clone().unwrap_or_else(|| {
            std::env::temp_dir()
                .join("touyan-bench-requests")
                .join("requests.db")
        });
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        if !args.reuse {
            for ext in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
            }
        }
        backends.push(("SQLite", format!("sqlite://{}", path.display())));
    }
    if let Some(url) = &args.postgres {
        prepare_postgres(url, !args.reuse).await?;
        backends.push(("PostgreSQL", url.clone()));
    }
    if backends.is_empty() {
        bail!("nothing to measure: SQLite skipped and no --postgres URL given");
    }
    let mut md = format!(
        "Timings: {} timed iterations after {} warm-up ones, fewer when a measurement passed \
         its {} s budget.\n\n",
        budget.iterations,
        budget.warmup,
        budget.limit.as_secs()
    );
    let mut plans = String::new();
    for (title, url) in &backends {
        let r = bench_backend(title, url, &args, budget)
            .await
            .with_context(|| title.to_string())?;
        md.push_str(&render(&r));
        if args.explain {
            let _ = writeln!(plans, "## Plans, {}\n\n```\n{}```\n", r.title, r.plans);
        }
    }
    if args.explain {
        println!("{plans}");
    }
    println!("\n{md}");
    if let Some(out) = &args.out {
        std::fs::write(out, &md).with_context(|| format!("writing {}", out.display()))?;
        println!("report written to {}", out.display());
    }
    Ok(())
}

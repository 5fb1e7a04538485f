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

mod backend;
mod bare;
mod generate;
mod report;
mod rows;

use backend::*;
pub(crate) use backend::{get_ok, http_login};
use bare::*;
use generate::*;
use report::*;
use rows::*;

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

/// One generated request: the row's values and its contribution.
struct Gen {
    values: Vec<Value>,
    contribution: Contribution,
    id: i64,
    /// The request's reach rows: (node, created_at, category).
    reach: Vec<(i64, i64, &'static str)>,
}

struct Bare<'a> {
    conn: &'a DatabaseConnection,
    backend: DbBackend,
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

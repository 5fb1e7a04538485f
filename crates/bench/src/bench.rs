//! City-scale data generator and benchmark.
//!
//! `touyan demo --scale city` builds a 20 000-node tree (city → districts → streets and
//! parks → communities and park grids → grids and enterprises) and 1 000 000 audit entries
//! attached to its nodes, with bare bulk inserts.
//!
//! `touyan bench` builds (or reuses) that data on SQLite and, when given a URL, PostgreSQL,
//! then times a scoped page and count of the audit log under the city, a district, a park,
//! a community and a grid: through HTTP with an org-admin token of that level, through the
//! storage layer, and as the bare statements. On the same rows it times the same page and
//! count with the scope written the common way: a RuoYi-style `ancestors` list matched with
//! `instr`/`string_to_array`, and a recursive CTE over `parent_id`. It prints markdown
//! tables. Loops are bounded by an iteration count and a time budget; nothing asserts a time.

mod backend;
mod generate;
mod measure;
mod postgres;
mod report;
mod rows;
mod setup;
mod tree;

use backend::*;
pub(crate) use generate::*;
pub(crate) use measure::*;
pub(crate) use postgres::*;
use report::*;
use rows::*;
pub(crate) use setup::*;
use tree::*;

use anyhow::{bail, Context};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, QueryResult,
    Statement, TransactionTrait, Value,
};
use std::fmt::Write as _;
use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use touyan_domain::auth::NewUser;
use touyan_domain::paging::PageRequest;
use touyan_domain::tree::TreePath;
use touyan_storage::audit::AuditFilter;
use touyan_storage::user::UserFilter;
use touyan_storage::{Actor, Store};

/// Code of the city root; its presence marks a database that already holds the city.
const CITY_CODE: &str = "CY";
/// The kind the city generator adds at its root holds districts.
const CITY_KIND_RULES: &[(&str, &str)] = &[("city", "district")];
/// Password of the benchmark's org-admin accounts.
pub(crate) const BENCH_PASSWORD: &str = "touyan-bench-pw";
/// Rows per multi-row INSERT (12 values each, well below SQLite's and PostgreSQL's limits).
const BATCH: usize = 500;
/// Samples taken at least, even when a measurement runs past its time budget.
const MIN_SAMPLES: usize = 5;

#[derive(clap::Args, Debug, Clone)]
pub struct BenchArgs {
    /// SQLite database file for the benchmark (default: <temp dir>/touyan-bench/city.db).
    #[arg(long)]
    pub sqlite_path: Option<PathBuf>,
    /// Skip SQLite.
    #[arg(long)]
    pub no_sqlite: bool,
    /// PostgreSQL URL of a database used only by the benchmark (created when missing;
    /// dropped and created again unless --reuse, when its name contains "bench").
    #[arg(long, env = "TOUYAN_BENCH_DATABASE_URL")]
    pub postgres: Option<String>,
    /// Timed iterations per measurement.
    #[arg(long, default_value_t = 200)]
    pub iterations: usize,
    /// Untimed iterations before each measurement.
    #[arg(long, default_value_t = 20)]
    pub warmup: usize,
    /// Time budget per measurement in seconds; slow measurements stop early (at least 5
    /// samples are always taken).
    #[arg(long, default_value_t = 15)]
    pub budget_secs: u64,
    /// Organization nodes to generate.
    #[arg(long, default_value_t = 20_000)]
    pub nodes: usize,
    /// Audit entries to generate.
    #[arg(long, default_value_t = 1_000_000)]
    pub rows: usize,
    /// Use the data already in the databases instead of generating it again.
    #[arg(long)]
    pub reuse: bool,
    /// Random nodes under which the page is also read once each, in the product's form and
    /// as one plain statement (mostly cold caches; 0 to skip).
    #[arg(long, default_value_t = 300)]
    pub sweep: usize,
    /// Print the query plans of the measured statements.
    #[arg(long)]
    pub explain: bool,
    /// Also write the report (markdown) to this file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Seed of the data generator.
    #[arg(long, default_value_t = 20_240_601)]
    pub seed: u64,
}

/// The shape of the generated city. Depth 1 is the city, 2 the districts, 3 the streets
/// and parks, 4 the communities (under streets) and park grids (under parks), 5 the grids
/// (under communities) and enterprises (under park grids); depth 5 takes whatever remains
/// of `nodes`.
#[derive(Debug, Clone)]
pub struct CityShape {
    pub nodes: usize,
    pub rows: usize,
    pub districts: usize,
    /// Streets plus parks per district.
    pub units_per_district: usize,
    pub parks_per_district: usize,
    /// Communities per street, grids per park.
    pub children_per_unit: usize,
    pub seed: u64,
}

impl Default for CityShape {
    fn default() -> Self {
        CityShape {
            nodes: 20_000,
            rows: 1_000_000,
            districts: 10,
            units_per_district: 10,
            parks_per_district: 2,
            children_per_unit: 10,
            seed: 20_240_601,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------------------

struct GenNode {
    id: i64,
    parent_id: Option<i64>,
    path: String,
    depth: i32,
    name: String,
    kind: &'static str,
    code: String,
    sort_order: i32,
}

/// What a node's children need to know of it while the tree is being built.
struct Parent {
    id: i64,
    path: String,
    depth: i32,
}

pub(crate) use touyan_storage::kit::sql::stmt;

// ---------------------------------------------------------------------------------------
// Benchmark
// ---------------------------------------------------------------------------------------

/// Median and 95th percentile of one measurement, in milliseconds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stat {
    pub(crate) median: f64,
    pub(crate) p95: f64,
    pub(crate) max: f64,
    pub(crate) n: usize,
}

impl Stat {
    pub(crate) fn from(mut samples: Vec<Duration>) -> Stat {
        samples.sort();
        let n = samples.len();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let median = if n % 2 == 1 {
            ms(samples[n / 2])
        } else {
            (ms(samples[n / 2 - 1]) + ms(samples[n / 2])) / 2.0
        };
        let p95 = ms(samples[((n as f64 * 0.95).ceil() as usize).clamp(1, n) - 1]);
        let max = ms(samples[n - 1]);
        Stat {
            median,
            p95,
            max,
            n,
        }
    }
    pub(crate) fn cell(&self) -> String {
        format!("{} ({})", fmt_ms(self.median), fmt_ms(self.p95))
    }
}

#[derive(Clone, Copy)]
pub(crate) struct Budget {
    pub(crate) iterations: usize,
    pub(crate) warmup: usize,
    pub(crate) limit: Duration,
}

impl Budget {
    /// At least one timed iteration and a limit of at least one second.
    pub(crate) fn new(iterations: usize, warmup: usize, budget_secs: u64) -> Self {
        Self {
            iterations: iterations.max(1),
            warmup,
            limit: Duration::from_secs(budget_secs.max(1)),
        }
    }
}

/// The statements measured on one backend.
struct Sql {
    backend: DbBackend,
    /// The product's count and page (what `AuditRepo::list` sends through sea-orm): the page
    /// picks its 20 ids in a sub-select, then reads those rows.
    path_count: String,
    path_page: String,
    /// The page as one plain statement, `WHERE <range> ORDER BY id DESC LIMIT ? OFFSET ?`.
    path_page_direct: String,
    org_count: String,
    org_page: String,
    anc_count: String,
    anc_page: String,
    cte_count: String,
    cte_page: String,
}

impl Sql {
    fn new(backend: DbBackend) -> Sql {
        let path_where = "\"audit_log\".\"node_path\" >= ? AND \"audit_log\".\"node_path\" < ?";
        let org_where = "\"org_node\".\"path\" >= ? AND \"org_node\".\"path\" < ?";
        // RuoYi's data scope: `dept_id IN (SELECT dept_id FROM sys_dept WHERE dept_id = ?
        // OR find_in_set(?, ancestors))`. SQLite has no find_in_set: `instr` on the list
        // framed by commas. PostgreSQL ports use `string_to_array` and `= ANY`.
        let anc_match = match backend {
            DbBackend::Postgres => "CAST(? AS TEXT) = ANY(string_to_array(ancestors, ','))",
            _ => "instr(',' || ancestors || ',', ',' || ? || ',') > 0",
        };
        let anc_where = format!(
            "\"audit_log\".\"node_id\" IN (SELECT dept_id FROM bench_dept WHERE dept_id = ? OR {anc_match})"
        );
        let cte = "WITH RECURSIVE sub(id) AS (SELECT id FROM org_node WHERE id = ? \
                   UNION ALL SELECT n.id FROM org_node n JOIN sub ON n.parent_id = sub.id) ";
        let cte_where = "\"audit_log\".\"node_id\" IN (SELECT id FROM sub)";
        let page = |w: &str| {
            format!(
                "SELECT {AUDIT_SELECT} FROM \"audit_log\" WHERE {w} ORDER BY \"audit_log\".\"id\" DESC LIMIT ? OFFSET ?"
            )
        };
        let count = |w: &str| {
            format!(
                "SELECT COUNT(*) AS num_items FROM (SELECT {AUDIT_SELECT} FROM \"audit_log\" WHERE {w}) AS \"sub_query\""
            )
        };
        Sql {
            backend,
            path_count: count(&format!("({path_where})")),
            path_page: format!(
                "SELECT {AUDIT_SELECT} FROM \"audit_log\" WHERE \"audit_log\".\"id\" IN \
                 (SELECT \"audit_log\".\"id\" FROM \"audit_log\" WHERE ({path_where}) \
                 ORDER BY \"audit_log\".\"id\" DESC LIMIT ? OFFSET ?) ORDER BY \"audit_log\".\"id\" DESC"
            ),
            path_page_direct: page(&format!("({path_where})")),
            org_count: format!(
                "SELECT COUNT(*) AS num_items FROM (SELECT {ORG_SELECT} FROM \"org_node\" WHERE ({org_where})) AS \"sub_query\""
            ),
            org_page: format!(
                "SELECT {ORG_SELECT} FROM \"org_node\" WHERE ({org_where}) ORDER BY \"org_node\".\"path\" ASC LIMIT ? OFFSET ?"
            ),
            anc_count: count(&anc_where),
            anc_page: page(&anc_where),
            cte_count: format!("{cte}{}", count(cte_where)),
            cte_page: format!("{cte}{}", page(cte_where)),
        }
    }
}

struct Bare<'a> {
    conn: &'a DatabaseConnection,
    sql: &'a Sql,
}

impl Bare<'_> {
    async fn count(&self, sql: &str, values: Vec<Value>) -> anyhow::Result<i64> {
        Ok(scalar_i64(self.conn, self.sql.backend, sql, values)
            .await?
            .unwrap_or(0))
    }
    async fn rows(&self, sql: &str, values: Vec<Value>) -> anyhow::Result<Vec<QueryResult>> {
        Ok(self
            .conn
            .query_all(stmt(self.sql.backend, sql, values))
            .await?)
    }
    fn range(l: &Level) -> Vec<Value> {
        vec![l.path.as_str().into(), l.path.upper_bound().into()]
    }
    fn anc(l: &Level) -> Vec<Value> {
        // dept_id = ? (a number) and the id as text for the list match.
        vec![l.node_id.into(), l.node_id.to_string().into()]
    }
    async fn path_count(&self, l: &Level) -> anyhow::Result<i64> {
        self.count(&self.sql.path_count, Self::range(l)).await
    }
    async fn path_page(&self, l: &Level) -> anyhow::Result<Vec<i64>> {
        audit_ids(
            self.rows(&self.sql.path_page, paged(Self::range(l)))
                .await?,
        )
    }
    /// The product's page (`direct` false) or the one-statement page under `path`.
    async fn page_under(&self, path: &TreePath, direct: bool) -> anyhow::Result<Vec<i64>> {
        let sql = if direct {
            &self.sql.path_page_direct
        } else {
            &self.sql.path_page
        };
        let values = vec![path.as_str().into(), path.upper_bound().into()];
        audit_ids(self.rows(sql, paged(values)).await?)
    }
    async fn path_page_direct(&self, l: &Level) -> anyhow::Result<Vec<i64>> {
        audit_ids(
            self.rows(&self.sql.path_page_direct, paged(Self::range(l)))
                .await?,
        )
    }
    async fn org_count(&self, l: &Level) -> anyhow::Result<i64> {
        self.count(&self.sql.org_count, Self::range(l)).await
    }
    async fn org_page(&self, l: &Level) -> anyhow::Result<Vec<i64>> {
        org_ids(self.rows(&self.sql.org_page, paged(Self::range(l))).await?)
    }
    async fn anc_count(&self, l: &Level) -> anyhow::Result<i64> {
        self.count(&self.sql.anc_count, Self::anc(l)).await
    }
    async fn anc_page(&self, l: &Level) -> anyhow::Result<Vec<i64>> {
        audit_ids(self.rows(&self.sql.anc_page, paged(Self::anc(l))).await?)
    }
    async fn cte_count(&self, l: &Level) -> anyhow::Result<i64> {
        self.count(&self.sql.cte_count, vec![l.node_id.into()])
            .await
    }
    async fn cte_page(&self, l: &Level) -> anyhow::Result<Vec<i64>> {
        audit_ids(
            self.rows(&self.sql.cte_page, paged(vec![l.node_id.into()]))
                .await?,
        )
    }

    async fn explain(&self, label: &str, sql: &str, values: Vec<Value>) -> anyhow::Result<String> {
        let (prefix, col) = match self.sql.backend {
            DbBackend::Postgres => ("EXPLAIN (ANALYZE, BUFFERS) ", "QUERY PLAN"),
            _ => ("EXPLAIN QUERY PLAN ", "detail"),
        };
        let rows = self.rows(&format!("{prefix}{sql}"), values).await?;
        let mut out = format!("-- {label}\n");
        for r in rows {
            let line: String = r.try_get("", col)?;
            out.push_str(&line);
            out.push('\n');
        }
        Ok(out)
    }
}

/// A node where an org admin is placed, with that admin's credentials.
struct Level {
    label: &'static str,
    node_id: i64,
    name: String,
    depth: i32,
    path: TreePath,
    token: String,
    actor: Actor,
}

/// Everything measured at one level.
struct LevelResult {
    label: &'static str,
    name: String,
    depth: i32,
    rows: i64,
    nodes: i64,
    http_audit: Stat,
    repo_audit: Stat,
    bare_audit: Stat,
    bare_page: Stat,
    bare_page_direct: Stat,
    bare_count: Stat,
    anc_page: Stat,
    anc_count: Stat,
    cte_page: Stat,
    cte_count: Stat,
    /// The common way again, before `audit_log.node_id` is indexed.
    anc_page_plain: Stat,
    anc_count_plain: Stat,
    cte_page_plain: Stat,
    cte_count_plain: Stat,
    http_orgs: Stat,
    bare_orgs: Stat,
}

struct BackendReport {
    title: String,
    setup: String,
    levels: Vec<LevelResult>,
    /// (nodes read, product's page, one-statement page)
    sweep: Option<(usize, Stat, Stat)>,
    plans: String,
}

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    let budget = Budget {
        iterations: args.iterations.max(1),
        warmup: args.warmup,
        limit: Duration::from_secs(args.budget_secs.max(1)),
    };
    let shape = CityShape {
        nodes: args.nodes,
        rows: args.rows,
        seed: args.seed,
        ..CityShape::default()
    };
    let mut reports = Vec::new();
    if !args.no_sqlite {
        let path = args
            .sqlite_path
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join("touyan-bench").join("city.db"));
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        if !args.reuse {
            for suffix in ["", "-wal", "-shm"] {
                let mut p = path.clone().into_os_string();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
        }
        let url = format!("sqlite://{}", path.display());
        reports.push(
            bench_backend("SQLite", &url, &shape, &args, budget)
                .await
                .context("SQLite benchmark")?,
        );
    }
    if let Some(url) = &args.postgres {
        prepare_postgres(url, !args.reuse).await?;
        reports.push(
            bench_backend("PostgreSQL", url, &shape, &args, budget)
                .await
                .context("PostgreSQL benchmark")?,
        );
    }
    if reports.is_empty() {
        bail!("nothing to measure: SQLite skipped and no --postgres URL given");
    }
    let mut md = String::new();
    let _ = writeln!(
        md,
        "Timings in milliseconds: median (95th percentile); {} timed iterations after {} \
         warm-up ones, fewer when a measurement passed its {} s budget (n below).\n",
        budget.iterations,
        budget.warmup,
        budget.limit.as_secs()
    );
    for r in &reports {
        md.push_str(&render(r));
    }
    println!("\n{md}");
    if args.explain {
        for r in &reports {
            println!("## Plans, {}\n\n```\n{}```\n", r.title, r.plans);
        }
    }
    if let Some(out) = &args.out {
        std::fs::write(out, &md).with_context(|| format!("writing {}", out.display()))?;
        println!("report written to {}", out.display());
    }
    Ok(())
}

/// An org admin of one node, signed in.
pub(crate) struct AdminAt {
    pub(crate) node_id: i64,
    pub(crate) name: String,
    pub(crate) depth: i32,
    pub(crate) path: TreePath,
    pub(crate) actor: Actor,
}

#[cfg(test)]
#[path = "bench_city_tree_test.rs"]
mod city_tree_test;

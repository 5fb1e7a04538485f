//! Benchmark of the people module (`touyan bench-people`), on SQLite and, when given a URL,
//! PostgreSQL. Two measurements, each against its own target:
//!
//! 1. **Import.** A people file of `--rows` rows (100 000 by default) laid out with exactly
//!    the headers of the import template the running server hands out, with valid and unique
//!    identity numbers, is read by calamine alone (open the workbook, read every cell; the
//!    target is an import under 3× that), then imported through `POST
//!    /api/v1/people/import` by a signed-in admin into a fresh database holding only the
//!    city's organization tree, on a server started in this process on port 0. The process's
//!    peak resident memory is reset just before each import and read after it. To show where
//!    the time goes, the same rows are also handed to `PeopleRepo::import` directly, and its
//!    steps are redone one at a time with public pieces and bare statements. A second series
//!    imports the same file into a ledger that already holds `--stored` other people.
//! 2. **Scoped list.** The city tree (`generate_city`) with `--people` people (500 000 by
//!    default) bulk-inserted over its leaves; an org admin of one district lists the first
//!    page of 20 full members with their total through `PeopleRepo::list`, against the bare
//!    count and page (the target is within 1.5× of those), and again with a name substring.
//!
//! It prints markdown tables. Loops are bounded by an iteration count and a time budget;
//! nothing asserts a time.

mod file;
mod import;
mod list;
mod people;
mod report;

use file::*;
use import::*;
use list::*;
use people::*;
use report::*;

/// What the enterprise ledger's import benchmark borrows: the server, the file's reading and
/// posting, the figures.
pub(crate) use file::{multipart_body, read_every_cell};
pub(crate) use import::start_server;
pub(crate) use report::{best, median};

use crate::bench::{
    fmt_ms, fmt_ratio, measure, org_admin_at, prepare_postgres, redact, refresh_statistics,
    scalar_i64, secondary_indexes, split_db_url, stmt, Budget, Stat, BENCH_PASSWORD,
};
use anyhow::{bail, Context};
use chrono::{Datelike, Months, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, QueryResult, TransactionTrait, Value,
};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use touyan_domain::paging::PageRequest;
use touyan_domain::people::{PersonInput, EDUCATION, ETHNICITIES};
use touyan_domain::tree::TreePath;
use touyan_storage::people::{PersonFilter, PersonRow};
use touyan_storage::{Actor, Store};

use crate::bench::{generate_city, CityShape};

/// Code of the district whose org admin lists people (the first district of the city).
const DISTRICT_CODE: &str = "CY-D01";
/// Rows per multi-row INSERT of people (19 values each).
const BATCH: usize = 500;
/// The name substring of the second list shape: a common character of given names.
const NAME_Q: &str = "华";

#[derive(clap::Args, Debug, Clone)]
pub struct BenchPeopleArgs {
    /// Directory of the SQLite databases (default: <temp dir>/touyan-bench-people).
    #[arg(long)]
    pub sqlite_dir: Option<PathBuf>,
    /// Skip SQLite.
    #[arg(long)]
    pub no_sqlite: bool,
    /// PostgreSQL URL of a database used only by this benchmark; its name must contain
    /// "bench". It holds the list data (dropped and created again unless --reuse); the
    /// imports go to `<name>_import`, dropped and created again before each import.
    #[arg(long)]
    pub postgres: Option<String>,
    /// Rows of the generated people file.
    #[arg(long, default_value_t = 100_000)]
    pub rows: usize,
    /// Imports through HTTP per backend, each into a fresh database.
    #[arg(long, default_value_t = 3)]
    pub import_runs: usize,
    /// Times calamine alone reads the file.
    #[arg(long, default_value_t = 3)]
    pub read_runs: usize,
    /// People already in the ledger for a second series of imports per backend (written
    /// before the server starts, not timed; none of them shares a number with the file), so
    /// the import takes its path for a ledger that is not nearly empty. 0 skips the series.
    #[arg(long, default_value_t = 100_000)]
    pub stored: usize,
    /// Skip the extra import straight through `PeopleRepo::import` (no HTTP, no sheet).
    #[arg(long)]
    pub no_storage_import: bool,
    /// Also write the generated people file here.
    #[arg(long)]
    pub keep_file: Option<PathBuf>,
    /// Skip the import measurement.
    #[arg(long)]
    pub no_import: bool,
    /// Skip the scoped-list measurement.
    #[arg(long)]
    pub no_list: bool,
    /// Organization nodes of the city (for the list and for the import's databases).
    #[arg(long, default_value_t = 20_000)]
    pub nodes: usize,
    /// People inserted for the scoped list.
    #[arg(long, default_value_t = 500_000)]
    pub people: usize,
    /// Use the list data already in the databases instead of generating it again.
    #[arg(long)]
    pub reuse: bool,
    /// Timed iterations per list measurement.
    #[arg(long, default_value_t = 200)]
    pub iterations: usize,
    /// Untimed iterations before each list measurement.
    #[arg(long, default_value_t = 20)]
    pub warmup: usize,
    /// Time budget per list measurement in seconds (at least 5 samples are always taken).
    #[arg(long, default_value_t = 15)]
    pub budget_secs: u64,
    /// Print the query plans of the bare list statements.
    #[arg(long)]
    pub explain: bool,
    /// Also write the report (markdown) to this file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Seed of the data generators.
    #[arg(long, default_value_t = 20_240_601)]
    pub seed: u64,
}

// ---------------------------------------------------------------------------------------
// Timing helpers (the same rules as `touyan bench`)
// ---------------------------------------------------------------------------------------

fn fmt_mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

// ---------------------------------------------------------------------------------------
// Memory of this process (Linux)
// ---------------------------------------------------------------------------------------

/// A `VmXXX:` line of /proc/self/status, in KiB.
fn proc_status_kib(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Resets the peak resident set size (VmHWM) to the current one.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Hands the memory the allocators keep after earlier work (writing and reading the file)
/// back to the system, so the resident size before an import is what is live: Rust's
/// allocations go through mimalloc (see `main.rs`), C code's (the bundled SQLite) through
/// glibc.
fn trim_heap() {
    extern "C" {
        fn mi_collect(force: bool);
    }
    // SAFETY: mimalloc's collect only frees pages it holds unused; it has no preconditions.
    unsafe {
        mi_collect(true);
    }
    trim_glibc();
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_glibc() {
    extern "C" {
        fn malloc_trim(pad: usize) -> i32;
    }
    // SAFETY: glibc's malloc_trim only releases free memory; it has no preconditions.
    unsafe {
        malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim_glibc() {}

#[derive(Debug, Clone, Copy, Default)]
struct Memory {
    /// Resident set size just before the import, KiB.
    before: u64,
    /// Peak resident set size during the import, KiB.
    peak: u64,
}

// ---------------------------------------------------------------------------------------
// Databases
// ---------------------------------------------------------------------------------------

fn with_db(url: &str, db: &str) -> anyhow::Result<String> {
    let (prefix, _, query) = split_db_url(url)?;
    Ok(format!("{prefix}{db}{query}"))
}

fn remove_sqlite(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.to_path_buf().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

// ---------------------------------------------------------------------------------------
// The tree, as the generator left it
// ---------------------------------------------------------------------------------------

struct Leaf {
    id: i64,
    path: String,
    code: String,
    /// The path of names from the top (`示范市/东湖区/...`) when no other node has it.
    label: Option<String>,
}

struct GenPerson {
    name: String,
    /// `male` or `female`, as the number says.
    gender: &'static str,
    ethnicity: Option<&'static str>,
    birth: NaiveDate,
    id_number: String,
    phone: Option<String>,
    /// Code.
    education: Option<&'static str>,
    /// Code.
    status: &'static str,
    /// applied, activist, development object, probation, full: set up to the stage reached.
    dates: [Option<NaiveDate>; 5],
}

struct PeopleGen {
    rng: StdRng,
    taken: HashSet<String>,
    first_day: NaiveDate,
    days: i64,
}

// ---------------------------------------------------------------------------------------
// The people file
// ---------------------------------------------------------------------------------------

/// What a template column holds, recognized by its header in either language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Gender,
    Ethnicity,
    BirthDate,
    IdNumber,
    Phone,
    Education,
    Node,
    Status,
    Date(usize),
    Notes,
    Unknown,
}

/// The template as downloaded: sheet name, header row, and the labels of the dropdowns
/// (from its hidden dictionary sheet) of gender, education and status, in code order.
struct Template {
    sheet: String,
    header: Vec<String>,
    genders: Vec<String>,
    educations: Vec<String>,
    statuses: Vec<String>,
}

/// One generated row as the file and the storage-only import give it.
struct FileRow {
    p: GenPerson,
    /// Code or path of names.
    node: String,
    /// Gender, education and status cells written as codes rather than labels.
    codes: bool,
}

// ---------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------

/// A server on a fresh database holding the city tree, with a signed-in admin.
pub(crate) struct Running {
    pub(crate) base: String,
    pub(crate) client: reqwest::Client,
    pub(crate) csrf: String,
    stop: tokio::sync::oneshot::Sender<()>,
    serving: tokio::task::JoinHandle<std::io::Result<()>>,
    pub(crate) store: Store,
}

struct ImportRun {
    ms: f64,
    mem: Memory,
    /// calamine's reads of the same file, timed just before and just after this import (see
    /// `bench_import`).
    read_ms: [f64; 2],
}

struct ImportReport {
    title: String,
    /// People in the ledger before each import.
    stored: usize,
    runs: Vec<ImportRun>,
    /// Milliseconds of `PeopleRepo::import` called directly on rows already in memory.
    storage_ms: Option<f64>,
    phases: Option<Phases>,
    setup_ms: f64,
}

/// The steps of `PeopleRepo::import` redone one at a time with public pieces, on another
/// fresh database, in milliseconds.
#[derive(Debug, Clone, Copy)]
struct Phases {
    /// `import_nodes` (the resolver over every node in scope) and resolving every row.
    nodes: f64,
    /// `PersonInput::parse` of every row.
    parse: f64,
    /// The duplicate lookup: `SELECT` of people whose number is among 400, per 400 rows.
    lookup: f64,
    /// The rows written with bare multi-row `INSERT`s of 400 rows, in one transaction, in the order
    /// the import writes them.
    insert: f64,
    /// The same on another fresh database, between `bulk::set_aside` and `bulk::build_again`.
    load_insert: f64,
}

/// The file, with how it was made, and calamine's reading times.
struct FileInfo {
    bytes: Vec<u8>,
    rows: Vec<FileRow>,
    header: Vec<String>,
    gen_ms: f64,
    cells: u64,
    read: Vec<f64>,
}

/// One filter shape of the list: the product's filter and the bare statements' condition.
struct Shape {
    label: &'static str,
    filter: PersonFilter,
    /// Extra condition after the range, with its values.
    cond: &'static str,
    values: Vec<Value>,
}

struct Bare<'a> {
    conn: &'a DatabaseConnection,
    backend: DbBackend,
    path: &'a TreePath,
}

struct ShapeResult {
    label: &'static str,
    total: i64,
    product: Stat,
    bare: Stat,
    bare_count: Stat,
    bare_page: Stat,
    product_form: Stat,
    lookups: Stat,
}

struct ListReport {
    title: String,
    setup: String,
    shapes: Vec<ShapeResult>,
    plans: String,
}

// ---------------------------------------------------------------------------------------
// Entry
// ---------------------------------------------------------------------------------------

pub async fn run(args: BenchPeopleArgs) -> anyhow::Result<()> {
    let budget = Budget {
        iterations: args.iterations.max(1),
        warmup: args.warmup,
        limit: Duration::from_secs(args.budget_secs.max(1)),
    };
    let mut backends: Vec<(&str, String, String, bool)> = Vec::new();
    if !args.no_sqlite {
        let dir = args
            .sqlite_dir
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join("touyan-bench-people"));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let list = dir.join("list.db");
        if !args.reuse {
            remove_sqlite(&list);
        }
        backends.push((
            "SQLite",
            format!("sqlite://{}", dir.join("import.db").display()),
            format!("sqlite://{}", list.display()),
            false,
        ));
    }
    if let Some(url) = &args.postgres {
        let (_, db, _) = split_db_url(url)?;
        backends.push((
            "PostgreSQL",
            with_db(url, &format!("{db}_import"))?,
            url.clone(),
            true,
        ));
    }
    if backends.is_empty() {
        bail!("nothing to measure: SQLite skipped and no --postgres URL given");
    }

    let mut md = String::new();
    if !args.no_import {
        let mut file = None;
        let mut reports = Vec::new();
        for (title, import_url, _, pg) in &backends {
            reports.push(
                bench_import(title, import_url, *pg, &args, &mut file, 0)
                    .await
                    .with_context(|| format!("{title} import"))?,
            );
        }
        if args.stored > 0 {
            for (title, import_url, _, pg) in &backends {
                reports.push(
                    bench_import(title, import_url, *pg, &args, &mut file, args.stored)
                        .await
                        .with_context(|| format!("{title} import into a stored ledger"))?,
                );
            }
        }
        if let Some(f) = &file {
            md.push_str(&render_import(f, &reports, args.nodes));
        }
    }
    if !args.no_list {
        let _ = writeln!(
            md,
            "Scoped-list timings: {} timed iterations after {} warm-up ones, fewer when a \
             measurement passed its {} s budget (n below).\n",
            budget.iterations,
            budget.warmup,
            budget.limit.as_secs()
        );
        let mut plans = String::new();
        for (title, _, list_url, pg) in &backends {
            if *pg {
                prepare_postgres(list_url, !args.reuse).await?;
            }
            let r = bench_list(title, list_url, &args, budget)
                .await
                .with_context(|| format!("{title} scoped list"))?;
            md.push_str(&render_list(&r));
            if args.explain {
                let _ = writeln!(plans, "## Plans, {}\n\n```\n{}```\n", r.title, r.plans);
            }
        }
        if args.explain {
            println!("{plans}");
        }
    }
    println!("\n{md}");
    if let Some(out) = &args.out {
        std::fs::write(out, &md).with_context(|| format!("writing {}", out.display()))?;
        println!("report written to {}", out.display());
    }
    Ok(())
}

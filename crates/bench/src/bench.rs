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

const DISTRICTS: [&str; 10] = [
    "东湖区",
    "西山区",
    "南港区",
    "北岭区",
    "中原区",
    "高新区",
    "滨江区",
    "临河区",
    "青山区",
    "云溪区",
];
const STREET_WORDS: [&str; 12] = [
    "人民", "解放", "建设", "和平", "胜利", "新华", "光明", "长安", "朝阳", "文化", "东风", "团结",
];
const PARK_WORDS: [&str; 6] = [
    "智能制造",
    "生物医药",
    "新材料",
    "电子信息",
    "现代物流",
    "绿色能源",
];
const COMMUNITY_WORDS: [&str; 16] = [
    "幸福", "锦绣", "阳光", "春晖", "康乐", "金桥", "翠湖", "枫林", "桃园", "丽水", "星河", "福泽",
    "馨苑", "和顺", "安居", "百花",
];
const FIRM_WORDS: [&str; 10] = [
    "恒信", "宏达", "瑞丰", "华盛", "鼎新", "博远", "汇通", "康源", "金石", "海晶",
];
const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
];

fn build_tree(shape: &CityShape, base: i64) -> anyhow::Result<Vec<GenNode>> {
    let d = shape.districts;
    let u = shape.units_per_district;
    let c = shape.children_per_unit;
    if d == 0 || u == 0 || c == 0 || shape.parks_per_district > u {
        bail!("bad city shape: {shape:?}");
    }
    let fixed = 1 + d + d * u + d * u * c;
    if shape.nodes < fixed + d * u * c {
        bail!(
            "--nodes must be at least {} for this shape (one leaf under each depth-4 node)",
            fixed + d * u * c
        );
    }
    let depth4 = d * u * c;
    let leaves = shape.nodes - fixed;
    let (per4, extra) = (leaves / depth4, leaves % depth4);

    let mut out: Vec<GenNode> = Vec::with_capacity(shape.nodes);
    let mut next = base;
    // Adds a node and returns what its children need to know of it.
    let mut push = |out: &mut Vec<GenNode>,
                    parent: Option<&Parent>,
                    name: String,
                    kind: &'static str,
                    code: String,
                    sort_order: i32| {
        let id = next;
        next += 1;
        let path = match parent {
            Some(p) => format!("{}{id}/", p.path),
            None => format!("/{id}/"),
        };
        let depth = parent.map_or(1, |p| p.depth + 1);
        out.push(GenNode {
            id,
            parent_id: parent.map(|p| p.id),
            path: path.clone(),
            depth,
            name,
            kind,
            code,
            sort_order,
        });
        Parent { id, path, depth }
    };
    // Depth-first, parents before children, so ids grow in path order.
    let root = push(&mut out, None, "示范市".into(), "city", CITY_CODE.into(), 0);
    let mut n4 = 0usize;
    for di in 0..d {
        let dname = DISTRICTS
            .get(di)
            .map(|s| s.to_string())
            .unwrap_or_else(|| format!("第{}区", di + 1));
        let dcode = format!("{CITY_CODE}-D{:02}", di + 1);
        let district = push(
            &mut out,
            Some(&root),
            dname.clone(),
            "district",
            dcode.clone(),
            di as i32,
        );
        let streets = u - shape.parks_per_district;
        for ui in 0..u {
            let is_park = ui >= streets;
            let (uname, ucode, kind) = if is_park {
                let pi = ui - streets;
                (
                    format!("{dname}{}产业园", PARK_WORDS[(di + pi) % PARK_WORDS.len()]),
                    format!("{dcode}-P{:02}", pi + 1),
                    "park",
                )
            } else {
                (
                    format!("{}街道", cycled(&STREET_WORDS, di * 3, ui)),
                    format!("{dcode}-S{:02}", ui + 1),
                    "street",
                )
            };
            let unit = push(
                &mut out,
                Some(&district),
                uname,
                kind,
                ucode.clone(),
                ui as i32,
            );
            for ci in 0..c {
                let (cname, ccode, ckind) = if is_park {
                    (
                        format!("第{}网格", ci + 1),
                        format!("{ucode}-G{:02}", ci + 1),
                        "grid",
                    )
                } else {
                    (
                        format!(
                            "{}{}",
                            cycled(&COMMUNITY_WORDS, ui * 7, ci),
                            if ci % 4 == 3 { "村" } else { "社区" }
                        ),
                        format!("{ucode}-C{:02}", ci + 1),
                        "community",
                    )
                };
                let mid = push(
                    &mut out,
                    Some(&unit),
                    cname,
                    ckind,
                    ccode.clone(),
                    ci as i32,
                );
                let count = per4 + usize::from(n4 < extra);
                n4 += 1;
                for li in 0..count {
                    let (lname, lcode, lkind) = if is_park {
                        (
                            format!("{}科技有限公司", firm_name(ci, di + ui, li)),
                            format!("{ccode}-E{:02}", li + 1),
                            "enterprise",
                        )
                    } else {
                        (
                            format!("第{}网格", li + 1),
                            format!("{ccode}-G{:02}", li + 1),
                            "grid",
                        )
                    };
                    push(&mut out, Some(&mid), lname, lkind, lcode, li as i32);
                }
            }
        }
    }
    debug_assert_eq!(out.len(), shape.nodes);
    Ok(out)
}

/// The `i`-th of a run of sibling names drawn from `words` starting at `start`: each word
/// once, then the words again with a round number, so siblings never share a name.
fn cycled(words: &[&str], start: usize, i: usize) -> String {
    let word = words[(start + i) % words.len()];
    match i / words.len() {
        0 => word.to_string(),
        round => format!("{word}{}", round + 1),
    }
}

/// The `li`-th enterprise of a grid: two firm words, the first running through the list
/// and the second moving on each time the first has come round, so the first hundred names
/// under a grid differ; past them a round number keeps them apart.
fn firm_name(start: usize, shift: usize, li: usize) -> String {
    let n = FIRM_WORDS.len();
    let pair = format!(
        "{}{}",
        FIRM_WORDS[(start + li) % n],
        FIRM_WORDS[(shift + li / n) % n]
    );
    match li / (n * n) {
        0 => pair,
        round => format!("{pair}{}", round + 1),
    }
}

/// What a node's children need to know of it while the tree is being built.
struct Parent {
    id: i64,
    path: String,
    depth: i32,
}

pub(crate) use touyan_storage::kit::sql::stmt;

fn insert_sql(table: &str, cols: &[&str], rows: usize) -> String {
    let one = format!("({})", vec!["?"; cols.len()].join(","));
    let quoted: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        quoted.join(", "),
        vec![one.as_str(); rows].join(",")
    )
}

pub(crate) async fn scalar_i64<C: ConnectionTrait>(
    conn: &C,
    backend: DbBackend,
    sql: &str,
    values: Vec<Value>,
) -> anyhow::Result<Option<i64>> {
    let row = conn.query_one(stmt(backend, sql, values)).await?;
    Ok(match row {
        Some(r) => r.try_get_by_index::<Option<i64>>(0)?,
        None => None,
    })
}

async fn city_present(conn: &DatabaseConnection, backend: DbBackend) -> anyhow::Result<bool> {
    Ok(scalar_i64(
        conn,
        backend,
        "SELECT id FROM org_node WHERE code = ?",
        vec![CITY_CODE.into()],
    )
    .await?
    .is_some())
}

const ORG_COLS: [&str; 11] = [
    "id",
    "parent_id",
    "path",
    "depth",
    "name",
    "kind",
    "code",
    "sort_order",
    "status",
    "created_at",
    "updated_at",
];
const AUDIT_COLS: [&str; 12] = [
    "id",
    "at",
    "actor_id",
    "actor_name",
    "ip",
    "action",
    "record_type",
    "record_id",
    "node_id",
    "node_path",
    "before",
    "after",
];

/// Builds the city: the tree and `shape.rows` audit entries, in one transaction per table,
/// then refreshes the planner statistics. Refuses a database that already holds it.
pub async fn generate_city(store: &Store, shape: &CityShape) -> anyhow::Result<()> {
    let conn = store.raw_connection();
    let backend = store.db_backend();
    if city_present(conn, backend).await? {
        println!("city data already present (organization code {CITY_CODE}); nothing to do");
        return Ok(());
    }
    let started = Instant::now();
    let now = touyan_storage::now_ms();
    let node_base = scalar_i64(conn, backend, "SELECT MAX(id) FROM org_node", vec![])
        .await?
        .unwrap_or(0)
        + 1;
    let tree = build_tree(shape, node_base)?;

    // The tree.
    let t = Instant::now();
    let txn = conn.begin().await?;
    txn.execute(stmt(
        backend,
        "INSERT INTO org_kind (code, name_zh, name_en, sort_order, builtin) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (code) DO NOTHING",
        vec![
            "city".into(),
            "市".into(),
            "City".into(),
            5i32.into(),
            false.into(),
        ],
    ))
    .await?;
    // The city kind's place in the tree, beside the seeded rules for the kinds below it.
    for (parent, child) in CITY_KIND_RULES {
        txn.execute(stmt(
            backend,
            "INSERT INTO org_kind_rule (parent_kind, child_kind) VALUES (?, ?) \
             ON CONFLICT (parent_kind, child_kind) DO NOTHING",
            vec![(*parent).into(), (*child).into()],
        ))
        .await?;
    }
    for chunk in tree.chunks(BATCH) {
        let mut values = Vec::with_capacity(chunk.len() * ORG_COLS.len());
        for n in chunk {
            values.extend([
                n.id.into(),
                n.parent_id.into(),
                n.path.clone().into(),
                n.depth.into(),
                n.name.clone().into(),
                n.kind.into(),
                n.code.clone().into(),
                n.sort_order.into(),
                "active".into(),
                now.into(),
                now.into(),
            ]);
        }
        txn.execute(stmt(
            backend,
            &insert_sql("org_node", &ORG_COLS, chunk.len()),
            values,
        ))
        .await?;
    }
    txn.commit().await?;
    println!(
        "org_node: {} nodes in {:.1} s",
        tree.len(),
        t.elapsed().as_secs_f64()
    );

    // The audit log: secondary indexes are dropped for the load and built again after it,
    // in the same transaction, from their own stored definitions.
    let t = Instant::now();
    let audit_base = scalar_i64(conn, backend, "SELECT MAX(id) FROM audit_log", vec![])
        .await?
        .unwrap_or(0)
        + 1;
    let txn = conn.begin().await?;
    let indexes = secondary_indexes(&txn, backend, "audit_log").await?;
    for (name, _) in &indexes {
        txn.execute_unprepared(&format!("DROP INDEX \"{name}\""))
            .await?;
    }
    let mut rng = StdRng::seed_from_u64(shape.seed);
    let by_depth: Vec<Vec<&GenNode>> = (1..=5)
        .map(|d| tree.iter().filter(|n| n.depth == d).collect())
        .collect();
    let span_ms: i64 = 2 * 365 * 86_400_000;
    let t0 = now - span_ms;
    let step = (span_ms / shape.rows.max(1) as i64).max(1);
    let mut done = 0usize;
    let mut next_report = 100_000usize;
    while done < shape.rows {
        let n = BATCH.min(shape.rows - done);
        let mut values = Vec::with_capacity(n * AUDIT_COLS.len());
        for i in done..done + n {
            let at = t0 + i as i64 * step + rng.gen_range(0..step);
            audit_row(&mut rng, &by_depth, audit_base + i as i64, at, &mut values);
        }
        txn.execute(stmt(
            backend,
            &insert_sql("audit_log", &AUDIT_COLS, n),
            values,
        ))
        .await?;
        done += n;
        if done >= next_report || done == shape.rows {
            println!(
                "audit_log: {done}/{} rows ({:.1} s)",
                shape.rows,
                t.elapsed().as_secs_f64()
            );
            next_report += 100_000;
        }
    }
    let ti = Instant::now();
    for (_, sql) in &indexes {
        txn.execute_unprepared(sql).await?;
    }
    txn.commit().await?;
    println!(
        "audit_log: {} rows in {:.1} s (indexes rebuilt in {:.1} s)",
        shape.rows,
        t.elapsed().as_secs_f64(),
        ti.elapsed().as_secs_f64()
    );

    if backend == DbBackend::Postgres {
        for table in ["org_node", "audit_log"] {
            conn.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .await?;
        }
    }
    let t = Instant::now();
    refresh_statistics(conn, backend).await?;
    println!(
        "statistics refreshed in {:.1} s; city generated in {:.1} s",
        t.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `ANALYZE` (SQLite's bundled build keeps STAT4 samples) and a WAL checkpoint on SQLite;
/// `VACUUM ANALYZE` on PostgreSQL, which also sets the visibility map that index-only
/// scans rely on (autovacuum would do the same some time after a bulk load).
pub(crate) async fn refresh_statistics(
    conn: &DatabaseConnection,
    backend: DbBackend,
) -> anyhow::Result<()> {
    match backend {
        DbBackend::Postgres => {
            conn.execute_unprepared("VACUUM ANALYZE").await?;
        }
        _ => {
            conn.execute_unprepared("ANALYZE").await?;
            conn.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await?;
        }
    }
    Ok(())
}

/// The secondary indexes of `table` (a name of ours, not input) as (name, CREATE statement).
pub(crate) async fn secondary_indexes<C: ConnectionTrait>(
    conn: &C,
    backend: DbBackend,
    table: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    let sql = match backend {
        DbBackend::Postgres => format!(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() \
             AND tablename = '{table}' AND indexname NOT IN \
             (SELECT conname FROM pg_constraint WHERE conrelid = '{table}'::regclass)"
        ),
        _ => format!(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}' \
             AND sql IS NOT NULL"
        ),
    };
    let rows = conn.query_all(stmt(backend, &sql, vec![])).await?;
    rows.iter()
        .map(|r| Ok((r.try_get_by_index(0)?, r.try_get_by_index(1)?)))
        .collect()
}

/// One plausible audit entry, appended to `values` in [`AUDIT_COLS`] order.
fn audit_row(
    rng: &mut StdRng,
    by_depth: &[Vec<&GenNode>],
    id: i64,
    at: i64,
    values: &mut Vec<Value>,
) {
    let pick =
        |rng: &mut StdRng, d: usize| by_depth[d - 1][rng.gen_range(0..by_depth[d - 1].len())];
    let r: f64 = rng.gen();
    // Most entries belong to grids and enterprises, some to the offices above them, a few
    // to the whole tree (roles and dictionaries).
    let node = if r < 0.005 {
        None
    } else if r < 0.01 {
        Some(pick(rng, 1))
    } else if r < 0.04 {
        Some(pick(rng, 2))
    } else if r < 0.09 {
        Some(pick(rng, 3))
    } else if r < 0.19 {
        Some(pick(rng, 4))
    } else {
        Some(pick(rng, 5))
    };
    let ip = format!(
        "10.{}.{}.{}",
        rng.gen_range(0..32),
        rng.gen_range(0..256),
        rng.gen_range(1..255)
    );
    let actor = node.map_or(1, |n| n.id);
    let actor_name = match node.map(|n| n.depth) {
        Some(5) => format!("wgy{actor}"),
        Some(_) => format!("gly{actor}"),
        None => "admin".to_string(),
    };
    let person = |rng: &mut StdRng| {
        format!(
            "{}{}",
            SURNAMES[rng.gen_range(0..SURNAMES.len())],
            COMMUNITY_WORDS[rng.gen_range(0..COMMUNITY_WORDS.len())]
        )
    };
    let uid = rng.gen_range(1000..200_000);
    let (action, record_type, record_id, before, after): (
        &str,
        &str,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = match node {
        None => (
            "update",
            "role",
            Some(rng.gen_range(1..20).to_string()),
            Some(r#"{"permissions":["org.read","audit.read"]}"#.into()),
            Some(r#"{"permissions":["org.read","org.write","audit.read"]}"#.into()),
        ),
        Some(n) => {
            let k: u32 = rng.gen_range(0..100);
            match k {
                0..=34 => ("login", "session", Some(uid.to_string()), None, None),
                35..=44 => ("logout", "session", Some(uid.to_string()), None, None),
                45..=51 => (
                    "login_failed",
                    "session",
                    None,
                    None,
                    Some(format!(r#"{{"username":"{actor_name}"}}"#)),
                ),
                52..=63 => {
                    let (a, b) = (rng.gen_range(0..20), rng.gen_range(0..20));
                    (
                        "update",
                        "org_node",
                        Some(n.id.to_string()),
                        Some(format!(r#"{{"sort_order":{a}}}"#)),
                        Some(format!(r#"{{"sort_order":{b}}}"#)),
                    )
                }
                64..=71 => (
                    "create",
                    "user",
                    Some(uid.to_string()),
                    None,
                    Some(format!(
                        r#"{{"username":"u{uid}","display_name":"{}","status":"active"}}"#,
                        person(rng)
                    )),
                ),
                72..=81 => (
                    "update",
                    "user",
                    Some(uid.to_string()),
                    Some(r#"{"status":"active"}"#.into()),
                    Some(r#"{"status":"disabled"}"#.into()),
                ),
                82..=87 => (
                    "create",
                    "assignment",
                    Some(rng.gen_range(1..100_000).to_string()),
                    None,
                    Some(format!(r#"{{"user_id":{uid},"role":"readonly"}}"#)),
                ),
                88..=92 => (
                    "export",
                    "user",
                    None,
                    None,
                    Some(format!(r#"{{"rows":{}}}"#, rng.gen_range(1..500))),
                ),
                93..=96 => (
                    "create",
                    "api_token",
                    Some(rng.gen_range(1..10_000).to_string()),
                    None,
                    Some(r#"{"name":"sync","permissions":null}"#.into()),
                ),
                _ => (
                    "create",
                    "org_node",
                    Some(n.id.to_string()),
                    None,
                    Some(format!(r#"{{"kind":"{}","status":"active"}}"#, n.kind)),
                ),
            }
        }
    };
    values.extend([
        id.into(),
        at.into(),
        Value::BigInt(None),
        actor_name.into(),
        Some(ip).into(),
        action.into(),
        record_type.into(),
        record_id.into(),
        node.map(|n| n.id).into(),
        node.map_or("/".to_string(), |n| n.path.clone()).into(),
        before.into(),
        after.into(),
    ]);
}

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

pub(crate) fn fmt_ms(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

pub(crate) fn fmt_ratio(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}×")
    } else if v >= 10.0 {
        format!("{v:.1}×")
    } else {
        format!("{v:.2}×")
    }
}

#[derive(Clone, Copy)]
pub(crate) struct Budget {
    pub(crate) iterations: usize,
    pub(crate) warmup: usize,
    pub(crate) limit: Duration,
}

/// Runs `f` `warmup` times untimed, then up to `iterations` times timed, stopping early
/// once the time budget is spent (after at least [`MIN_SAMPLES`] samples).
pub(crate) async fn measure<F, Fut, T>(b: Budget, mut f: F) -> anyhow::Result<Stat>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<T>>,
{
    let start = Instant::now();
    for _ in 0..b.warmup {
        f().await?;
        if start.elapsed() > b.limit / 4 {
            break;
        }
    }
    let mut samples = Vec::with_capacity(b.iterations);
    let start = Instant::now();
    for _ in 0..b.iterations.max(1) {
        let t = Instant::now();
        let v = f().await?;
        samples.push(t.elapsed());
        drop(v);
        if samples.len() >= MIN_SAMPLES && start.elapsed() > b.limit {
            break;
        }
    }
    Ok(Stat::from(samples))
}

const AUDIT_SELECT: &str =
    "\"audit_log\".\"id\", \"audit_log\".\"at\", \"audit_log\".\"actor_id\", \
    \"audit_log\".\"actor_name\", \"audit_log\".\"ip\", \"audit_log\".\"action\", \
    \"audit_log\".\"record_type\", \"audit_log\".\"record_id\", \"audit_log\".\"node_id\", \
    \"audit_log\".\"node_path\", \"audit_log\".\"before\", \"audit_log\".\"after\"";
const ORG_SELECT: &str = "\"org_node\".\"id\", \"org_node\".\"parent_id\", \"org_node\".\"path\", \
    \"org_node\".\"depth\", \"org_node\".\"name\", \"org_node\".\"kind\", \"org_node\".\"code\", \
    \"org_node\".\"sort_order\", \"org_node\".\"status\", \"org_node\".\"created_at\", \
    \"org_node\".\"updated_at\"";

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

/// The first page of 20, bound as parameters the way sea-query renders `LIMIT`/`OFFSET`.
fn paged(mut values: Vec<Value>) -> Vec<Value> {
    values.push(Value::BigUnsigned(Some(20)));
    values.push(Value::BigUnsigned(Some(0)));
    values
}

/// Reads every column of every row, as the ORM would, and returns the ids.
fn audit_ids(rows: Vec<QueryResult>) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get_by_index(0)?;
        let _: i64 = r.try_get_by_index(1)?;
        let _: Option<i64> = r.try_get_by_index(2)?;
        let _: String = r.try_get_by_index(3)?;
        let _: Option<String> = r.try_get_by_index(4)?;
        let _: String = r.try_get_by_index(5)?;
        let _: String = r.try_get_by_index(6)?;
        let _: Option<String> = r.try_get_by_index(7)?;
        let _: Option<i64> = r.try_get_by_index(8)?;
        let _: String = r.try_get_by_index(9)?;
        let _: Option<String> = r.try_get_by_index(10)?;
        let _: Option<String> = r.try_get_by_index(11)?;
        ids.push(id);
    }
    Ok(ids)
}

fn org_ids(rows: Vec<QueryResult>) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get_by_index(0)?;
        let _: Option<i64> = r.try_get_by_index(1)?;
        let _: String = r.try_get_by_index(2)?;
        let _: i32 = r.try_get_by_index(3)?;
        let _: String = r.try_get_by_index(4)?;
        let _: String = r.try_get_by_index(5)?;
        let _: Option<String> = r.try_get_by_index(6)?;
        let _: i32 = r.try_get_by_index(7)?;
        let _: String = r.try_get_by_index(8)?;
        let _: i64 = r.try_get_by_index(9)?;
        let _: i64 = r.try_get_by_index(10)?;
        ids.push(id);
    }
    Ok(ids)
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

pub(crate) fn split_db_url(url: &str) -> anyhow::Result<(String, String, String)> {
    let scheme_end = url.find("://").context("database URL without scheme")? + 3;
    let slash = url[scheme_end..]
        .find('/')
        .map(|i| i + scheme_end)
        .context("PostgreSQL URL without a database name")?;
    let rest = &url[slash + 1..];
    let (db, query) = match rest.find('?') {
        Some(q) => (&rest[..q], &rest[q..]),
        None => (rest, ""),
    };
    if db.is_empty() {
        bail!("PostgreSQL URL without a database name");
    }
    Ok((url[..=slash].to_string(), db.to_string(), query.to_string()))
}

/// Makes sure the benchmark database exists, and empties it (by dropping and creating it
/// again) when the data is to be generated anew and its name says it is a bench database.
pub(crate) async fn prepare_postgres(url: &str, fresh: bool) -> anyhow::Result<()> {
    let (prefix, db, query) = split_db_url(url)?;
    if !db.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        bail!("database name {db:?}: use letters, digits and _ only");
    }
    let mut admin = None;
    for maint in ["postgres", "template1"] {
        let mut opts = ConnectOptions::new(format!("{prefix}{maint}{query}"));
        opts.sqlx_logging(false).max_connections(1);
        if let Ok(c) = Database::connect(opts).await {
            admin = Some(c);
            break;
        }
    }
    let admin = admin
        .context("cannot reach the server's postgres database to create the bench database")?;
    let exists = admin
        .query_one(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT 1 FROM pg_database WHERE datname = $1",
            vec![db.clone().into()],
        ))
        .await?
        .is_some();
    if exists && fresh {
        if !db.contains("bench") {
            // Not ours to drop: generation refuses a database that already holds the city.
            admin.close().await?;
            return Ok(());
        }
        println!("dropping database {db}");
        admin
            .execute_unprepared(&format!("DROP DATABASE \"{db}\" WITH (FORCE)"))
            .await?;
    }
    if !exists || fresh {
        println!("creating database {db}");
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{db}\""))
            .await?;
    }
    admin.close().await?;
    Ok(())
}

pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
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

async fn bench_backend(
    title: &str,
    url: &str,
    shape: &CityShape,
    args: &BenchArgs,
    budget: Budget,
) -> anyhow::Result<BackendReport> {
    println!("== {title}: {}", redact(url));
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let mut setup = String::new();
    if city_present(conn, backend).await? {
        if !args.reuse {
            bail!("the database already holds the city; pass --reuse or use an empty database");
        }
        println!("reusing the city data already present");
        refresh_statistics(conn, backend).await?;
    } else {
        let t = Instant::now();
        generate_city(&store, shape).await?;
        let _ = writeln!(
            setup,
            "Data generated in {:.0} s (bulk inserts, indexes rebuilt, statistics refreshed).",
            t.elapsed().as_secs_f64()
        );
    }
    let nodes = scalar_i64(conn, backend, "SELECT COUNT(*) FROM org_node", vec![])
        .await?
        .unwrap_or(0);
    let rows = scalar_i64(conn, backend, "SELECT COUNT(*) FROM audit_log", vec![])
        .await?
        .unwrap_or(0);
    let _ = writeln!(setup, "{nodes} organization nodes, {rows} audit entries.");

    let t = Instant::now();
    build_common_way(conn, backend).await?;
    println!(
        "comparison table bench_dept built in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // One org admin per level, each with an API token.
    let mut levels = Vec::new();
    for (label, code) in [
        ("city", CITY_CODE.to_string()),
        ("district", format!("{CITY_CODE}-D01")),
        ("park", format!("{CITY_CODE}-D01-P01")),
        ("community", format!("{CITY_CODE}-D01-S01-C01")),
        ("grid", format!("{CITY_CODE}-D01-S01-C01-G01")),
    ] {
        levels.push(make_level(&store, label, &code).await?);
    }

    // The real server, on a free local port.
    let admin_password = format!("bench-{}", hex_nonce());
    let server = touyan_web::build(touyan_web::Config {
        database_url: url.to_string(),
        listen: "127.0.0.1:0".into(),
        admin_password: Some(admin_password),
        ..Default::default()
    })
    .await?;
    let addr = server.local_addr();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run_until(async move {
        let _ = stop_rx.await;
    }));
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(4)
        .build()?;
    let audit_url = format!("http://{addr}/api/v1/audit?per_page=20");
    let orgs_url = format!("http://{addr}/api/v1/orgs?per_page=20");
    let http_get = |u: &str, token: &str| {
        let req = client.get(u).bearer_auth(token);
        async move {
            let resp = req.send().await?.error_for_status()?;
            Ok::<_, anyhow::Error>(resp.bytes().await?)
        }
    };

    // The fixed part of an API request: resolving the bearer token (one query joining the
    // token, its user and the user's grants), and a whole authenticated request that reads
    // almost nothing.
    let floor = &levels[1];
    let kinds_url = format!("http://{addr}/api/v1/org-kinds");
    let auth = measure(budget, || async {
        store
            .auth()
            .bearer(&floor.token, None)
            .await?
            .context("bench token refused")
    })
    .await?;
    let kinds = measure(budget, || http_get(&kinds_url, &floor.token)).await?;
    let select1 = measure(budget, || {
        scalar_i64(conn, backend, "SELECT CAST(1 AS BIGINT)", vec![])
    })
    .await?;
    println!(
        "bearer token check {} | GET /api/v1/org-kinds {}",
        auth.cell(),
        kinds.cell()
    );
    let _ = writeln!(
        setup,
        "\nFixed costs: a bare `SELECT CAST(1 AS BIGINT)` {} ms; resolving a bearer token (`Auth::bearer`, \
         one query) {} ms; a whole authenticated request that reads almost nothing \
         (`GET /api/v1/org-kinds`) {} ms.",
        select1.cell(),
        auth.cell(),
        kinds.cell()
    );

    let sql = Sql::new(backend);
    let bare = &Bare { conn, sql: &sql };
    let mut plans = String::new();

    // Phase 1: the common way on a schema that indexes primary keys only.
    let mut plain = Vec::new();
    for l in &levels {
        println!(
            "-- {} {} ({}), no index on audit_log.node_id",
            l.label, l.name, l.path
        );
        // The approaches must agree before they are timed.
        let body: serde_json::Value =
            serde_json::from_slice(&http_get(&audit_url, &l.token).await?)?;
        let http_total = body["total"].as_i64().unwrap_or(-1);
        let http_ids: Vec<i64> = body["items"]
            .as_array()
            .map(|a| a.iter().filter_map(|i| i["id"].as_i64()).collect())
            .unwrap_or_default();
        let count = bare.path_count(l).await?;
        let page = bare.path_page(l).await?;
        let checks = [
            ("HTTP", http_total, http_ids),
            (
                "ancestors",
                bare.anc_count(l).await?,
                bare.anc_page(l).await?,
            ),
            (
                "recursive CTE",
                bare.cte_count(l).await?,
                bare.cte_page(l).await?,
            ),
        ];
        for (what, c, ids) in checks {
            if c != count || ids != page {
                bail!(
                    "{}: {what} disagrees with the path range (count {c} vs {count}, page {:?} vs {:?})",
                    l.label,
                    ids.first(),
                    page.first()
                );
            }
        }
        if args.explain {
            plans.push_str(&format!(
                "== {} ({}), no index on audit_log.node_id\n",
                l.label, l.path
            ));
            plans.push_str(&explain_level(bare, l, false).await?);
        }
        let anc_page = measure(budget, || bare.anc_page(l)).await?;
        let anc_count = measure(budget, || bare.anc_count(l)).await?;
        let cte_page = measure(budget, || bare.cte_page(l)).await?;
        let cte_count = measure(budget, || bare.cte_count(l)).await?;
        println!(
            "   ancestors page {} count {} | recursive page {} count {}",
            anc_page.cell(),
            anc_count.cell(),
            cte_page.cell(),
            cte_count.cell()
        );
        plain.push([anc_page, anc_count, cte_page, cte_count]);
    }

    // Phase 2: everything else, with audit_log(node_id, id) indexed for the common way.
    let t = Instant::now();
    index_node_id(conn, backend).await?;
    println!(
        "index bench_ix_audit_node built in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let mut results = Vec::new();
    for (l, plain) in levels.iter().zip(plain) {
        println!("-- {} {} ({})", l.label, l.name, l.path);
        let count = bare.path_count(l).await?;
        let page = bare.path_page(l).await?;
        if bare.anc_count(l).await? != count
            || bare.anc_page(l).await? != page
            || bare.path_page_direct(l).await? != page
        {
            bail!(
                "{}: ancestors disagrees with the path range once indexed",
                l.label
            );
        }
        let orgs: serde_json::Value =
            serde_json::from_slice(&http_get(&orgs_url, &l.token).await?)?;
        let org_total = bare.org_count(l).await?;
        let org_ids: Vec<i64> = orgs["items"]
            .as_array()
            .map(|a| a.iter().filter_map(|i| i["id"].as_i64()).collect())
            .unwrap_or_default();
        if orgs["total"].as_i64() != Some(org_total) || org_ids != bare.org_page(l).await? {
            bail!("{}: /api/v1/orgs differs from the bare statements", l.label);
        }
        println!("   {count} audit entries, {org_total} nodes in scope");
        if args.explain {
            plans.push_str(&format!("== {} ({})\n", l.label, l.path));
            plans.push_str(&explain_level(bare, l, true).await?);
        }

        let http_audit = measure(budget, || http_get(&audit_url, &l.token)).await?;
        let repo_audit = measure(budget, || async {
            let f = AuditFilter::default();
            Ok::<_, anyhow::Error>(
                store
                    .scoped(&l.actor)
                    .audit()
                    .list(&f, PageRequest::default())
                    .await?,
            )
        })
        .await?;
        let bare_audit = measure(budget, || async {
            let c = bare.path_count(l).await?;
            let p = bare.path_page(l).await?;
            Ok::<_, anyhow::Error>((c, p))
        })
        .await?;
        let bare_page = measure(budget, || bare.path_page(l)).await?;
        let bare_page_direct = measure(budget, || bare.path_page_direct(l)).await?;
        let bare_count = measure(budget, || bare.path_count(l)).await?;
        let anc_page = measure(budget, || bare.anc_page(l)).await?;
        let anc_count = measure(budget, || bare.anc_count(l)).await?;
        let cte_page = measure(budget, || bare.cte_page(l)).await?;
        let cte_count = measure(budget, || bare.cte_count(l)).await?;
        let http_orgs = measure(budget, || http_get(&orgs_url, &l.token)).await?;
        let bare_orgs = measure(budget, || async {
            let c = bare.org_count(l).await?;
            let p = bare.org_page(l).await?;
            Ok::<_, anyhow::Error>((c, p))
        })
        .await?;
        println!(
            "   HTTP {} | repo {} | bare {} | ancestors page {} | recursive page {}",
            http_audit.cell(),
            repo_audit.cell(),
            bare_audit.cell(),
            anc_page.cell(),
            cte_page.cell()
        );
        let [anc_page_plain, anc_count_plain, cte_page_plain, cte_count_plain] = plain;
        results.push(LevelResult {
            label: l.label,
            name: l.name.clone(),
            depth: l.depth,
            rows: count,
            nodes: org_total,
            http_audit,
            repo_audit,
            bare_audit,
            bare_page,
            bare_page_direct,
            bare_count,
            anc_page,
            anc_count,
            cte_page,
            cte_count,
            anc_page_plain,
            anc_count_plain,
            cte_page_plain,
            cte_count_plain,
            http_orgs,
            bare_orgs,
        });
    }
    let _ = stop_tx.send(());
    serving.await??;

    let sweep = if args.sweep > 0 {
        Some(sweep_pages(bare, args.sweep, args.seed, budget.limit * 8).await?)
    } else {
        None
    };
    Ok(BackendReport {
        title: title.to_string(),
        setup,
        levels: results,
        sweep,
        plans,
    })
}

/// Reads the first page once under each of `n` random nodes (any depth) in the product's form
/// and as one statement, taking turns at going first; results must agree. Stops early past
/// `limit`.
async fn sweep_pages(
    bare: &Bare<'_>,
    n: usize,
    seed: u64,
    limit: Duration,
) -> anyhow::Result<(usize, Stat, Stat)> {
    let rows = bare
        .rows("SELECT path FROM org_node ORDER BY id", vec![])
        .await?;
    let mut paths = Vec::with_capacity(rows.len());
    for r in rows {
        let p: String = r.try_get_by_index(0)?;
        paths.push(TreePath::parse(&p).map_err(|e| anyhow::anyhow!("{p}: {e:?}"))?);
    }
    if paths.is_empty() {
        bail!("no organization nodes to sweep");
    }
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let (mut new, mut old) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let start = Instant::now();
    for i in 0..n {
        let p = &paths[rng.gen_range(0..paths.len())];
        // Whichever form runs first meets the colder cache: take turns.
        let mut pages = Vec::with_capacity(2);
        for direct in [i % 2 == 1, i % 2 == 0] {
            let t = Instant::now();
            pages.push(bare.page_under(p, direct).await?);
            if direct { &mut old } else { &mut new }.push(t.elapsed());
        }
        if pages[0] != pages[1] {
            bail!("{p}: the two page forms disagree");
        }
        if new.len() >= MIN_SAMPLES && start.elapsed() > limit {
            break;
        }
    }
    println!(
        "sweep over {} random nodes: product's page {} max {}, one statement {} max {}",
        new.len(),
        Stat::from(new.clone()).cell(),
        fmt_ms(Stat::from(new.clone()).max),
        Stat::from(old.clone()).cell(),
        fmt_ms(Stat::from(old.clone()).max)
    );
    Ok((new.len(), Stat::from(new), Stat::from(old)))
}

async fn explain_level(bare: &Bare<'_>, l: &Level, path_too: bool) -> anyhow::Result<String> {
    let sql = bare.sql;
    let r = Bare::range(l);
    let a = Bare::anc(l);
    let c = vec![Value::from(l.node_id)];
    let mut out = String::new();
    let mut list = vec![
        ("ancestors count", &sql.anc_count, a.clone()),
        ("ancestors page", &sql.anc_page, paged(a)),
        ("recursive count", &sql.cte_count, c.clone()),
        ("recursive page", &sql.cte_page, paged(c)),
    ];
    if path_too {
        list.insert(
            0,
            (
                "path page, one statement",
                &sql.path_page_direct,
                paged(r.clone()),
            ),
        );
        list.insert(0, ("path page", &sql.path_page, paged(r.clone())));
        list.insert(0, ("path count", &sql.path_count, r));
    }
    for (label, s, v) in list {
        out.push_str(&bare.explain(label, s, v).await?);
    }
    Ok(out)
}

fn hex_nonce() -> String {
    let n: u64 = rand::random();
    format!("{n:016x}")
}

/// The comparison's own table: RuoYi's `sys_dept` shape with `ancestors` = the ids from the
/// top down to the parent, joined by commas and starting with 0 ("0,1,5"), mirroring
/// org_node. Any index on `audit_log.node_id` left by an earlier run is dropped: the first
/// phase measures the common way without one.
async fn build_common_way(conn: &DatabaseConnection, backend: DbBackend) -> anyhow::Result<()> {
    conn.execute_unprepared("DROP INDEX IF EXISTS bench_ix_audit_node")
        .await?;
    conn.execute_unprepared("DROP TABLE IF EXISTS bench_dept")
        .await?;
    conn.execute_unprepared(
        "CREATE TABLE bench_dept (dept_id BIGINT PRIMARY KEY, parent_id BIGINT, ancestors TEXT NOT NULL)",
    )
    .await?;
    let rows = conn
        .query_all(stmt(
            backend,
            "SELECT id, path FROM org_node ORDER BY id",
            vec![],
        ))
        .await?;
    let mut depts = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get_by_index(0)?;
        let path: String = r.try_get_by_index(1)?;
        let p = TreePath::parse(&path).map_err(|e| anyhow::anyhow!("{path}: {e:?}"))?;
        let ids = p.ids();
        let parents = &ids[..ids.len().saturating_sub(1)];
        let mut anc = String::from("0");
        for a in parents {
            let _ = write!(anc, ",{a}");
        }
        depts.push((id, parents.last().copied(), anc));
    }
    let txn = conn.begin().await?;
    for chunk in depts.chunks(BATCH) {
        let mut values = Vec::with_capacity(chunk.len() * 3);
        for (id, parent, anc) in chunk {
            values.extend([Value::from(*id), Value::from(*parent), anc.clone().into()]);
        }
        txn.execute(stmt(
            backend,
            &insert_sql(
                "bench_dept",
                &["dept_id", "parent_id", "ancestors"],
                chunk.len(),
            ),
            values,
        ))
        .await?;
    }
    txn.commit().await?;
    analyze(conn, backend).await
}

/// The common way's best case: its lookups by node id become index range scans.
async fn index_node_id(conn: &DatabaseConnection, backend: DbBackend) -> anyhow::Result<()> {
    conn.execute_unprepared("CREATE INDEX bench_ix_audit_node ON audit_log (node_id, id)")
        .await?;
    analyze(conn, backend).await
}

async fn analyze(conn: &DatabaseConnection, backend: DbBackend) -> anyhow::Result<()> {
    match backend {
        DbBackend::Postgres => {
            conn.execute_unprepared("VACUUM ANALYZE bench_dept").await?;
            conn.execute_unprepared("ANALYZE audit_log").await?;
        }
        _ => {
            conn.execute_unprepared("ANALYZE").await?;
        }
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

/// Finds the node with `code`, gives it the org admin `username` (created on first use) and
/// signs that admin in.
pub(crate) async fn org_admin_at(
    store: &Store,
    code: &str,
    username: &str,
) -> anyhow::Result<AdminAt> {
    let row = store
        .raw_connection()
        .query_one(stmt(
            store.db_backend(),
            "SELECT id, path, name, depth FROM org_node WHERE code = ?",
            vec![code.into()],
        ))
        .await?
        .with_context(|| format!("no node with code {code}: generate the city first"))?;
    let node_id: i64 = row.try_get_by_index(0)?;
    let path: String = row.try_get_by_index(1)?;
    let name: String = row.try_get_by_index(2)?;
    let depth: i32 = row.try_get_by_index(3)?;
    let path = TreePath::parse(&path).map_err(|e| anyhow::anyhow!("{path}: {e:?}"))?;

    let system = Actor::system();
    let s = store.scoped(&system);
    let existing = s
        .users()
        .all(
            &UserFilter {
                q: Some(username.to_string()),
                ..Default::default()
            },
            10,
        )
        .await?;
    if !existing.iter().any(|u| u.username == username) {
        let new = NewUser::parse(username, &format!("{name}管理员"), BENCH_PASSWORD)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let u = s.users().create(new, Some(node_id)).await?;
        let role = s.roles().by_code("org_admin").await?;
        s.users().assign(u.id, role.id, Some(node_id)).await?;
    }
    let ok = store
        .auth()
        .login(username, BENCH_PASSWORD, Some("127.0.0.1".into()))
        .await
        .map_err(|e| anyhow::anyhow!("login {username}: {e:?}"))?;
    Ok(AdminAt {
        node_id,
        name,
        depth,
        path,
        actor: ok.actor,
    })
}

/// The node with `code` and its org admin's API token and signed-in actor.
async fn make_level(store: &Store, label: &'static str, code: &str) -> anyhow::Result<Level> {
    let a = org_admin_at(store, code, &format!("bench_{label}")).await?;
    let token = store
        .scoped(&a.actor)
        .tokens()
        .create("bench", None, None)
        .await?;
    Ok(Level {
        label,
        node_id: a.node_id,
        name: a.name,
        depth: a.depth,
        path: a.path,
        token: token.secret,
        actor: a.actor,
    })
}

fn render(r: &BackendReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "### {}\n", r.title);
    let _ = writeln!(s, "{}", r.setup);
    let _ = writeln!(
        s,
        "Audit log, first page of 20 newest entries plus the total, as an org admin of the level:\n"
    );
    let _ = writeln!(
        s,
        "| level | node (depth) | entries in scope | HTTP `GET /api/v1/audit` | storage `AuditRepo::list` | bare count + page | HTTP / bare | bare page | bare page, one statement | bare count | n |"
    );
    let _ = writeln!(s, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for l in &r.levels {
        let _ = writeln!(
            s,
            "| {} | {} ({}) | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            l.label,
            l.name,
            l.depth,
            l.rows,
            l.http_audit.cell(),
            l.repo_audit.cell(),
            l.bare_audit.cell(),
            fmt_ratio(l.http_audit.median / l.bare_audit.median),
            l.bare_page.cell(),
            l.bare_page_direct.cell(),
            l.bare_count.cell(),
            l.http_audit.n.min(l.bare_audit.n),
        );
    }
    for (indexed, caption) in [
        (
            false,
            "The same page and count with the scope written the common way (bare statements), \
             on a schema that indexes primary keys only:",
        ),
        (
            true,
            "The same again once `audit_log(node_id, id)` is indexed (the common way's best case):",
        ),
    ] {
        let _ = writeln!(s, "\n{caption}\n");
        let _ = writeln!(
            s,
            "| level | path page | `ancestors` page | recursive page | path count | `ancestors` count | recursive count | ancestors / path (page, count) | recursive / path (page, count) | n (anc. page, rec. page) |"
        );
        let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for l in &r.levels {
            let (ap, ac, cp, cc) = if indexed {
                (l.anc_page, l.anc_count, l.cte_page, l.cte_count)
            } else {
                (
                    l.anc_page_plain,
                    l.anc_count_plain,
                    l.cte_page_plain,
                    l.cte_count_plain,
                )
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} | {}, {} | {}, {} | {}, {} |",
                l.label,
                l.bare_page.cell(),
                ap.cell(),
                cp.cell(),
                l.bare_count.cell(),
                ac.cell(),
                cc.cell(),
                fmt_ratio(ap.median / l.bare_page.median),
                fmt_ratio(ac.median / l.bare_count.median),
                fmt_ratio(cp.median / l.bare_page.median),
                fmt_ratio(cc.median / l.bare_count.median),
                ap.n,
                cp.n,
            );
        }
    }
    if let Some((n, new, old)) = &r.sweep {
        let _ = writeln!(
            s,
            "\nThe page alone under {n} random nodes of any depth, read once per node in each \
             form (mostly cold caches; the two forms take turns at going first):\n"
        );
        let _ = writeln!(s, "| page statement | median | p95 | max |");
        let _ = writeln!(s, "|---|---:|---:|---:|");
        for (label, st) in [
            ("product: ids by sub-select, then 20 rows", new),
            ("one statement: `ORDER BY id DESC LIMIT 20`", old),
        ] {
            let _ = writeln!(
                s,
                "| {label} | {} | {} | {} |",
                fmt_ms(st.median),
                fmt_ms(st.p95),
                fmt_ms(st.max)
            );
        }
    }
    let _ = writeln!(s, "\nOrganization list, first page of 20 plus the total:\n");
    let _ = writeln!(
        s,
        "| level | nodes in scope | HTTP `GET /api/v1/orgs` | bare count + page | HTTP / bare |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|");
    for l in &r.levels {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            l.label,
            l.nodes,
            l.http_orgs.cell(),
            l.bare_orgs.cell(),
            fmt_ratio(l.http_orgs.median / l.bare_orgs.median),
        );
    }
    let _ = writeln!(s);
    s
}

#[cfg(test)]
#[path = "bench_city_tree_test.rs"]
mod city_tree_test;

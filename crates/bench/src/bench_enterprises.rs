//! Benchmark of the enterprise ledger's import (`touyan-bench bench-enterprises`), on SQLite
//! and, when given a URL, PostgreSQL: a ledger file of `--rows` rows (50 000 by default), laid
//! out with exactly the headers of the template the running server hands out, one enterprise
//! node each with a valid, unique credit code and one year of revenue, is read by calamine
//! alone (open the workbook, read every cell), then imported through `POST
//! /api/v1/enterprises/import` by a signed-in admin into a fresh database holding only the
//! tree of those enterprise nodes, on a server started in this process on port 0. It prints
//! a markdown table of the times and their ratio to calamine's read; nothing asserts a time.

use crate::bench::{prepare_postgres, refresh_statistics, scalar_i64, stmt};
use crate::bench_people::{best, median, multipart_body, read_every_cell, start_server};
use anyhow::{bail, Context};
use sea_orm::{ConnectionTrait, TransactionTrait};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;
use touyan_domain::enterprise::{CreditCode, INDUSTRIES, SIZES};
use touyan_storage::Store;

#[derive(clap::Args, Debug, Clone)]
pub struct BenchEnterprisesArgs {
    /// Directory of the SQLite database (default: <temp dir>/touyan-bench-enterprises).
    #[arg(long)]
    pub sqlite_dir: Option<PathBuf>,
    /// Skip SQLite.
    #[arg(long)]
    pub no_sqlite: bool,
    /// PostgreSQL URL of a database used only by this benchmark (its name must contain
    /// "bench"); dropped and created again before each import.
    #[arg(long)]
    pub postgres: Option<String>,
    /// Rows of the generated ledger file (one enterprise node each).
    #[arg(long, default_value_t = 50_000)]
    pub rows: usize,
    /// Imports through HTTP per backend, each into a fresh database.
    #[arg(long, default_value_t = 3)]
    pub import_runs: usize,
    /// Times calamine alone reads the file.
    #[arg(long, default_value_t = 5)]
    pub read_runs: usize,
}

/// Enterprises per park of the generated tree.
const PER_PARK: usize = 5_000;
/// Rows per multi-row INSERT of nodes.
const BATCH: usize = 500;
const ORG_COLS: [&str; 11] = [
    "id",
    "parent_id",
    "path",
    "depth",
    "name",
    "spell",
    "kind",
    "sort_order",
    "status",
    "created_at",
    "updated_at",
];

/// The generated enterprise names, in order.
fn name(i: usize) -> String {
    format!("基准企业{:06}有限公司", i + 1)
}

/// A fresh database: one district, parks of [`PER_PARK`] enterprise nodes, `rows` in all.
async fn fresh_db(url: &str, pg: bool, rows: usize) -> anyhow::Result<Store> {
    if pg {
        prepare_postgres(url, true).await?;
    } else if let Some(path) = url.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap_or(path);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
    }
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let base = scalar_i64(conn, backend, "SELECT MAX(id) FROM org_node", vec![])
        .await?
        .unwrap_or(0)
        + 1;
    let now = touyan_storage::now_ms();
    // (id, parent, path, depth, name, kind)
    let mut nodes: Vec<(i64, Option<i64>, String, i32, String, &str)> = vec![];
    let root = format!("/{base}/");
    nodes.push((base, None, root.clone(), 1, "基准区".into(), "district"));
    let mut next = base + 1;
    let mut park = (0, String::new());
    for i in 0..rows {
        if i % PER_PARK == 0 {
            let path = format!("{root}{next}/");
            let n = i / PER_PARK + 1;
            nodes.push((
                next,
                Some(base),
                path.clone(),
                2,
                format!("基准园区{n}"),
                "park",
            ));
            park = (next, path);
            next += 1;
        }
        let path = format!("{}{next}/", park.1);
        nodes.push((next, Some(park.0), path, 3, name(i), "enterprise"));
        next += 1;
    }
    let txn = conn.begin().await?;
    let one = format!("({})", vec!["?"; ORG_COLS.len()].join(","));
    for chunk in nodes.chunks(BATCH) {
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(chunk.len() * ORG_COLS.len());
        for (i, (id, parent, path, depth, name, kind)) in chunk.iter().enumerate() {
            values.extend([
                (*id).into(),
                (*parent).into(),
                path.clone().into(),
                (*depth).into(),
                name.clone().into(),
                touyan_domain::spell::spell_key(name).into(),
                (*kind).into(),
                (i as i32).into(),
                "active".into(),
                now.into(),
                now.into(),
            ]);
        }
        let sql = format!(
            "INSERT INTO org_node ({}) VALUES {}",
            ORG_COLS.join(", "),
            vec![one.as_str(); chunk.len()].join(",")
        );
        txn.execute(stmt(backend, &sql, values)).await?;
    }
    txn.commit().await?;
    if pg {
        conn.execute_unprepared(
            "SELECT setval(pg_get_serial_sequence('org_node', 'id'), (SELECT MAX(id) FROM org_node))",
        )
        .await?;
    }
    store.repair().await?;
    refresh_statistics(conn, backend).await?;
    Ok(store)
}

/// The ledger file under `header` (the template's, read from the server): every enterprise
/// node once, with a code, a legal representative, an industry, a size, employees, a
/// founding day, an address, the status and one year of revenue.
fn write_file(header: &[String], rows: usize) -> anyhow::Result<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("企业台账")?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, h)?;
    }
    let zh = |key: &str| touyan_web::i18n::Tr::new(touyan_web::i18n::Lang::ZhCn).t(key);
    for i in 0..rows {
        let r = i as u32 + 1;
        let code = CreditCode::complete(&format!("91370702MA{:07}", i + 1))
            .map_err(|e| anyhow::anyhow!("code {i}: {e:?}"))?;
        let cells: Vec<(&str, String)> = vec![
            ("node", name(i)),
            ("credit_code", code.as_str().to_string()),
            ("legal_rep", format!("法人{}", i % 997)),
            (
                "industry",
                zh(&format!("ent.industry.{}", INDUSTRIES[i % 19])).into(),
            ),
            ("size", zh(&format!("ent.size.{}", SIZES[i % 4])).into()),
            ("employees", ((i * 7) % 5000 + 1).to_string()),
            (
                "founded_on",
                format!("{}-{:02}-{:02}", 1990 + i % 30, i % 12 + 1, i % 28 + 1),
            ),
            ("address", format!("基准路{}号", i + 1)),
            ("status", zh("ent.status.operating").into()),
            ("status_on", String::new()),
            ("revenue_year", "2024".into()),
            (
                "revenue_amount",
                format!("{}", (i as u64 * 7919) % 2_000_000_000 + 1),
            ),
        ];
        for (c, (key, v)) in cells.into_iter().enumerate() {
            match key {
                "employees" | "revenue_year" | "revenue_amount" => {
                    ws.write_number(r, c as u16, v.parse::<f64>()?)?;
                }
                _ if !v.is_empty() => {
                    ws.write_string(r, c as u16, &v)?;
                }
                _ => {}
            }
        }
    }
    Ok(book.save_to_buffer()?)
}

/// One backend: calamine's reads of the file, then `import_runs` imports, each into a fresh
/// database. Answers (calamine ms, import ms).
async fn backend(
    url: &str,
    pg: bool,
    args: &BenchEnterprisesArgs,
    file: &mut Option<Vec<u8>>,
) -> anyhow::Result<(Vec<f64>, Vec<f64>)> {
    let mut reads = vec![];
    let mut imports = vec![];
    for run in 0..args.import_runs {
        let t = Instant::now();
        let store = fresh_db(url, pg, args.rows).await?;
        println!(
            "tree of {} enterprises in {:.1} s",
            args.rows,
            t.elapsed().as_secs_f64()
        );
        let server = start_server(url, store).await?;
        if file.is_none() {
            let bytes = server
                .client
                .get(format!(
                    "{}/api/v1/enterprises/import-template.xlsx",
                    server.base
                ))
                .send()
                .await?
                .bytes()
                .await?;
            let header = template_header(&bytes)?;
            *file = Some(write_file(&header, args.rows)?);
        }
        let bytes = file.as_ref().context("the file")?;
        if run == 0 {
            for _ in 0..args.read_runs {
                let t = Instant::now();
                let (cells, _) = read_every_cell(bytes)?;
                reads.push(t.elapsed().as_secs_f64() * 1000.0);
                anyhow::ensure!(cells as usize >= args.rows * 11, "{cells} cells read");
            }
        }
        let (content_type, body) = multipart_body("ledger.xlsx", bytes);
        let t = Instant::now();
        let resp = server
            .client
            .post(format!("{}/api/v1/enterprises/import", server.base))
            .header("content-type", content_type)
            .header("x-csrf-token", &server.csrf)
            .body(body)
            .send()
            .await?;
        let status = resp.status();
        let text = resp.text().await?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if !status.is_success() {
            let cut: String = text.chars().take(2000).collect();
            bail!("import answered {status}: {cut}");
        }
        let conn = server.store.raw_connection();
        let n = scalar_i64(
            conn,
            server.store.db_backend(),
            "SELECT COUNT(*) FROM enterprise",
            vec![],
        )
        .await?
        .unwrap_or(0);
        if n != args.rows as i64 {
            bail!("{n} profiles after importing {} rows", args.rows);
        }
        println!("import {}: {ms:.0} ms", run + 1);
        imports.push(ms);
        server.shut().await?;
    }
    Ok((reads, imports))
}

/// The header row of a template.
fn template_header(bytes: &[u8]) -> anyhow::Result<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))?;
    let name = book.sheet_names().first().cloned().context("no sheet")?;
    let range = book.worksheet_range(&name)?;
    let row = range.rows().next().context("no header")?;
    Ok(row.iter().map(|c| c.to_string()).collect())
}

pub async fn run(args: BenchEnterprisesArgs) -> anyhow::Result<()> {
    let mut targets = vec![];
    if !args.no_sqlite {
        let dir = args
            .sqlite_dir
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join("touyan-bench-enterprises"));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("import.db");
        targets.push(("SQLite", format!("sqlite://{}", path.display()), false));
    }
    if let Some(url) = &args.postgres {
        targets.push(("PostgreSQL", url.clone(), true));
    }
    let mut file = None;
    let mut out = String::new();
    writeln!(
        out,
        "| backend | rows | calamine read (ms, median / best) | imports (ms) | import median / calamine median | best / best |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for (label, url, pg) in targets {
        let (reads, imports) = backend(&url, pg, &args, &mut file).await?;
        let runs: Vec<String> = imports.iter().map(|m| format!("{m:.0}")).collect();
        writeln!(
            out,
            "| {label} | {} | {:.0} / {:.0} | {} | {:.2}× | {:.2}× |",
            args.rows,
            median(&reads),
            best(&reads),
            runs.join(", "),
            median(&imports) / median(&reads),
            best(&imports) / best(&reads),
        )?;
    }
    println!("\n{out}");
    Ok(())
}

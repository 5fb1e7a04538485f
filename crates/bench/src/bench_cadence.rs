//! Benchmark of the work cadence (`touyan-bench bench-cadence`), on SQLite and, when given
//! a URL, PostgreSQL.
//!
//! A city of parks with an enterprise under each park grid (5 000 by default) gets a party
//! branch under every enterprise, and a million activity records spread over the branches
//! and the three years before the judged day, with the per-day counts the product keeps
//! (`bench_cadence::data`). For the org admins of a district and of a park: the compliance
//! view for the judged day through HTTP (`GET /api/v1/compliance`) and through the storage
//! layer (on the benchmark's connections and on the server's; SQLite's plan of the large
//! statement on each is printed), against its statements written by hand reading the kept counts, and against the
//! same statements counting the activity rows (checked equal first). Then a task issued
//! through the product from the city to every branch, a share of it stepped through, and
//! its rates at a district read from the kept counters against counting the recipients'
//! rows. Nothing asserts a time.

#[path = "bench_cadence/bare.rs"]
mod bare;
#[path = "bench_cadence/data.rs"]
mod data;
#[path = "bench_cadence/task.rs"]
mod task;

pub(crate) use data::{add_branches, Branch};

use crate::bench::{
    fmt_ratio, generate_city, measure, on_each_backend, org_admin_at, redact, Budget, CityShape,
    Runs, Stat,
};
use crate::bench_requests::{get_ok, http_login};
use anyhow::bail;
use chrono::NaiveDate;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;
use touyan_storage::Store;

const LEVELS: [(&str, &str); 2] = [("district", "CY-D01"), ("park", "CY-D01-P01")];

#[derive(clap::Args, Debug, Clone)]
pub struct BenchCadenceArgs {
    /// SQLite database file (default: <temp dir>/touyan-bench-cadence/cadence.db).
    #[arg(long)]
    pub sqlite_path: Option<PathBuf>,
    /// Skip SQLite.
    #[arg(long)]
    pub no_sqlite: bool,
    /// PostgreSQL URL of a database used only by this benchmark (its name must contain
    /// "bench"; dropped and created again).
    #[arg(long)]
    pub postgres: Option<String>,
    /// Party branches (one under each enterprise of the city).
    #[arg(long, default_value_t = 5_000)]
    pub branches: usize,
    /// Activity records.
    #[arg(long, default_value_t = 1_000_000)]
    pub activities: usize,
    /// The judged day, `YYYY-MM-DD` (today in Beijing when absent).
    #[arg(long)]
    pub on: Option<NaiveDate>,
    #[arg(long, default_value_t = 20)]
    pub iterations: usize,
    #[arg(long, default_value_t = 2)]
    pub warmup: usize,
    #[arg(long, default_value_t = 10)]
    pub budget_secs: u64,
    /// Also write the report (markdown) to this file.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub async fn run(args: BenchCadenceArgs) -> anyhow::Result<()> {
    let budget = Budget::new(args.iterations, args.warmup, args.budget_secs);
    if args.branches == 0 || args.branches % 1000 != 0 {
        bail!("--branches: a positive multiple of 1000 (the city has 1000 park grids)");
    }
    let on = args
        .on
        .unwrap_or_else(|| (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive());
    let runs = Runs {
        sqlite_path: args.sqlite_path.as_deref(),
        default_file: ("touyan-bench-cadence", "cadence.db"),
        no_sqlite: args.no_sqlite,
        postgres: args.postgres.as_deref(),
        out: args.out.as_deref(),
    };
    let args = &args;
    on_each_backend(runs, |title, url| async move {
        one_backend(title, &url, args, on, budget).await
    })
    .await
}

fn cell(s: &Stat) -> String {
    s.cell()
}

async fn one_backend(
    title: &str,
    url: &str,
    args: &BenchCadenceArgs,
    on: NaiveDate,
    budget: Budget,
) -> anyhow::Result<String> {
    println!("== {title}: {}", redact(url));
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let t = Instant::now();
    generate_city(
        &store,
        &CityShape {
            nodes: 1 + 10 + 100 + 1000 + args.branches,
            rows: 0,
            units_per_district: 10,
            parks_per_district: 10,
            ..CityShape::default()
        },
    )
    .await?;
    let branches = data::add_branches(&store).await?;
    let days = data::add_activities(&store, &branches, args.activities, on, 3, 20_261_206).await?;
    let mut md = format!(
        "### {title}\n\n{} branches and {} activities ({days} per-day count rows) generated in \
         {:.0} s; judged day {on}.\n\n\
         | caller | organizations | done this period | view from kept counts (bare) | same from activity rows | rows / kept | storage | storage on the server's connections | HTTP `GET /api/v1/compliance` | HTTP / bare |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        branches.len(),
        args.activities,
        t.elapsed().as_secs_f64()
    );
    let server = touyan_web::build(touyan_web::Config {
        database_url: url.to_string(),
        listen: "127.0.0.1:0".into(),
        admin_password: Some(format!("bench-{:016x}", rand::random::<u64>())),
        ..Default::default()
    })
    .await?;
    let base = format!("http://{}", server.local_addr());
    // The server's own connections, for the same call made below the HTTP layer.
    let served = server.store().clone();
    let (stop, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run_until(async move {
        let _ = stop_rx.await;
    }));
    for (label, code) in LEVELS {
        let who = format!("bench_cad_{label}");
        let a = org_admin_at(&store, code, &who).await?;
        let bare = bare::Bare::new(&store, &a.path, on);
        let done = bare.check().await?;
        let view = store
            .scoped(&a.actor)
            .cadence()
            .compliance(a.node_id, on, 500)
            .await?;
        let product_done: u64 = view.obligations.iter().map(|o| o.done).sum();
        if product_done != done as u64 {
            bail!("{label}: the view counts {product_done} done, the statements {done}");
        }
        if store.db_backend() == sea_orm::DbBackend::Sqlite {
            // The plans the two pools' connections choose for the same statement.
            println!(
                "   {label}: plan on the benchmark's connection: {}",
                bare.plan_on(store.raw_connection()).await?
            );
            println!(
                "   {label}: plan on the server's connection: {}",
                bare.plan_on(served.raw_connection()).await?
            );
        }
        let kept = measure(budget, || bare.view(true)).await?;
        let rows = measure(budget, || bare.view(false)).await?;
        let storage = measure(budget, || async {
            Ok(store
                .scoped(&a.actor)
                .cadence()
                .compliance(a.node_id, on, 500)
                .await?)
        })
        .await?;
        let on_server = measure(budget, || async {
            Ok(served
                .scoped(&a.actor)
                .cadence()
                .compliance(a.node_id, on, 500)
                .await?)
        })
        .await?;
        let client = http_login(&base, &who).await?;
        let url = format!("{base}/api/v1/compliance?under={}&on={on}", a.node_id);
        let http = measure(budget, || get_ok(&client, &url)).await?;
        let _ = writeln!(
            md,
            "| {label} {} | {} | {done} | {} | {} | {} | {} | {} | {} | {} |",
            a.name,
            view.organizations,
            cell(&kept),
            cell(&rows),
            fmt_ratio(rows.median / kept.median),
            cell(&storage),
            cell(&on_server),
            cell(&http),
            fmt_ratio(http.median / kept.median),
        );
        println!("   compliance {label}: done");
    }
    md.push_str(&task_section(&store, &base, budget).await?);
    let _ = stop.send(());
    let _ = serving.await;
    md.push('\n');
    Ok(md)
}

/// The task issued to every branch and its rates at the first district.
async fn task_section(store: &Store, base: &str, budget: Budget) -> anyhow::Result<String> {
    let city = org_admin_at(store, "CY", "bench_cad_city").await?;
    let district = org_admin_at(store, LEVELS[0].1, "bench_cad_district").await?;
    let issued = task::issue(store, &city).await?;
    let lines = task::check(store, &city, issued.id, &district).await?;
    let kept = measure(budget, || async {
        Ok(store
            .scoped(&city.actor)
            .tasks()
            .rates(issued.id, Some(district.node_id))
            .await?)
    })
    .await?;
    let rows = measure(budget, || task::counted(store, issued.id, &district.path)).await?;
    let client = http_login(base, "bench_cad_city").await?;
    let url = format!(
        "{base}/api/v1/tasks/{}/rates?under={}",
        issued.id, district.node_id
    );
    let http = measure(budget, || get_ok(&client, &url)).await?;
    let mut md = format!(
        "\nA task issued from the city to its {} branches through the product in {:.2} s; \
         {} steps (receive, submit, accept) taken through the product, {:.1} ms each.\n\n\
         | rates at {} ({lines} lines) | from kept counters (storage) | counted from recipients' rows | rows / counters | HTTP `GET /api/v1/tasks/{{id}}/rates` |\n\
         |---|---:|---:|---:|---:|\n",
        issued.recipients, issued.issue_secs, issued.steps, issued.step_ms, district.name
    );
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} | {} |",
        district.name,
        cell(&kept),
        cell(&rows),
        fmt_ratio(rows.median / kept.median),
        cell(&http),
    );
    println!("   task: done");
    Ok(md)
}

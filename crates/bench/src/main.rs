//! `touyan-bench`: the benchmarks of docs/benchmarks.md and the city-scale data they run on.
//! A binary of its own, so the server links none of it.

mod bench;
mod bench_cadence;
mod bench_coverage;
mod bench_enterprises;
mod bench_evaluation;
mod bench_people;
mod bench_requests;
mod load;

use clap::{Parser, Subcommand};
use touyan_storage::Store;

/// The same allocator as the server, so the figures measure what the server does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "touyan-bench", version, about = "touyan (头雁) benchmarks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the city-scale data (a 20 000-node tree with 1 000 000 audit entries) into a
    /// database, for measuring by hand.
    Demo {
        /// Only `city`; the seed demo is the server's own (`touyan demo`).
        #[arg(long, default_value = "city")]
        scale: String,
        /// `sqlite://path` or `postgres://...`.
        #[arg(long)]
        database: String,
    },
    /// Measure scoped lists and counts on the city-scale data (see docs/benchmarks.md).
    Bench(bench::BenchArgs),
    /// Measure the people import and the scoped people list (see docs/benchmarks.md).
    BenchPeople(bench_people::BenchPeopleArgs),
    /// Measure the enterprise ledger's import against calamine's read of the same file (see
    /// docs/benchmarks.md).
    BenchEnterprises(bench_enterprises::BenchEnterprisesArgs),
    /// Measure the scoped request list and the request measures on 5 000 000 requests (see
    /// docs/benchmarks.md).
    BenchRequests(bench_requests::BenchRequestsArgs),
    /// Measure the enterprise ledger's coverage and scoped list on 50 000 enterprises (see
    /// docs/benchmarks.md).
    BenchCoverage(bench_coverage::BenchCoverageArgs),
    /// Measure the compliance view on 1 000 000 activities and a task's rates across 5 000
    /// branches (see docs/benchmarks.md).
    BenchCadence(bench_cadence::BenchCadenceArgs),
    /// Measure a round over 10 000 organizations with 40 indicators each, its rating, and
    /// the star distribution from kept counts (see docs/benchmarks.md).
    BenchEvaluation(bench_evaluation::BenchEvaluationArgs),
    /// Serve pages to many connections at once and count them per second, per level of the
    /// tree, in one run (see docs/benchmarks.md).
    Load(load::LoadArgs),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TOUYAN_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .init();
    match Cli::parse().command {
        Command::Demo { scale, database } => {
            anyhow::ensure!(scale == "city", "unknown scale {scale}: use city");
            let store = Store::connect(&database).await?;
            store.migrate().await?;
            bench::generate_city(&store, &bench::CityShape::default()).await
        }
        Command::Bench(args) => bench::run(args).await,
        Command::BenchPeople(args) => bench_people::run(args).await,
        Command::BenchEnterprises(args) => bench_enterprises::run(args).await,
        Command::BenchRequests(args) => bench_requests::run(args).await,
        Command::BenchCoverage(args) => bench_coverage::run(args).await,
        Command::BenchCadence(args) => bench_cadence::run(args).await,
        Command::BenchEvaluation(args) => bench_evaluation::run(args).await,
        Command::Load(args) => load::run(args).await,
    }
}

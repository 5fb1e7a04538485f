//! Benchmark of evaluation and star ratings (`touyan-bench bench-evaluation`), on SQLite and,
//! when given a URL, PostgreSQL.
//!
//! A city whose enterprises each hold a party branch (10 000 by default) is assessed by one
//! round run at the city on a rubric of 40 indicators (five sections of eight, two of them
//! reading live figures of the work cadence). The round is
//! created through the product (a score row per branch and indicator); the self and
//! department scores are then written with one statement each, as thousands of users would
//! have entered them; the round moves through review and notice to published through the
//! product (each move brings every organization's totals up to date); the published round is
//! rated by the rules of the city and of each park, so that every park's branches are capped
//! apart (stars, history, kept counts). Each of these one-time writes is timed once. Then
//! the star distribution of a district is read from the kept counts and counted from the
//! ratings, both through the product, after checking that they agree. Nothing asserts a
//! time.

use crate::bench::{
    fmt_ratio, generate_city, measure, on_each_backend, org_admin_at, redact, refresh_statistics,
    stmt, Budget, CityShape, Runs,
};
use crate::bench_cadence::add_branches;
use anyhow::bail;
use sea_orm::ConnectionTrait;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;
use touyan_domain::evaluation::{IndicatorInput, RoundInput, RoundState, RubricInput};
use touyan_domain::rating::RuleInput;
use touyan_storage::Store;

/// Sections of the rubric and indicators in each.
const SECTIONS: usize = 5;
const PER_SECTION: usize = 8;

#[derive(clap::Args, Debug, Clone)]
pub struct BenchEvaluationArgs {
    /// SQLite database file (default: <temp dir>/touyan-bench-evaluation/evaluation.db).
    #[arg(long)]
    pub sqlite_path: Option<PathBuf>,
    /// Skip SQLite.
    #[arg(long)]
    pub no_sqlite: bool,
    /// PostgreSQL URL of a database used only by this benchmark (its name must contain
    /// "bench"; dropped and created again).
    #[arg(long)]
    pub postgres: Option<String>,
    /// Organizations assessed: a party branch under each enterprise of the city.
    #[arg(long, default_value_t = 10_000)]
    pub organizations: usize,
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

pub async fn run(args: BenchEvaluationArgs) -> anyhow::Result<()> {
    if args.organizations == 0 || args.organizations % 1000 != 0 {
        bail!("--organizations: a positive multiple of 1000 (the city has 1000 park grids)");
    }
    let budget = Budget::new(args.iterations, args.warmup, args.budget_secs);
    let runs = Runs {
        sqlite_path: args.sqlite_path.as_deref(),
        default_file: ("touyan-bench-evaluation", "evaluation.db"),
        no_sqlite: args.no_sqlite,
        postgres: args.postgres.as_deref(),
        out: args.out.as_deref(),
    };
    let args = &args;
    on_each_backend(runs, |title, url| async move {
        one_backend(title, &url, args, budget).await
    })
    .await
}

/// Live figures the last section's last items read for every organization at review.
const AUTOMATIC: [&str; 2] = ["cadence.compliance_rate", "task.completion_rate"];

/// The rubric: five sections of eight indicators of 2.5 points each (base 100); the last
/// section's last two are automatic.
fn rubric(node_id: i64) -> RubricInput {
    let mut indicators = Vec::new();
    for s in 1..=SECTIONS {
        indicators.push(IndicatorInput {
            key: s.to_string(),
            title: format!("第{s}项标准"),
            ..Default::default()
        });
        for i in 1..=PER_SECTION {
            let auto = (s == SECTIONS)
                .then(|| i.checked_sub(PER_SECTION - AUTOMATIC.len() + 1))
                .flatten();
            indicators.push(IndicatorInput {
                key: format!("{s}.{i}"),
                parent: s.to_string(),
                title: format!("第{s}项标准第{i}条"),
                max: "2.5".into(),
                kind: if auto.is_some() {
                    "automatic"
                } else {
                    "scored"
                }
                .into(),
                figure: auto.map(|a| AUTOMATIC[a].to_string()).unwrap_or_default(),
                ..Default::default()
            });
        }
    }
    RubricInput {
        node_id: node_id.to_string(),
        name: "过硬党支部评分细则（基准）".into(),
        indicators,
        ..Default::default()
    }
}

/// Thresholds 60/70/80/90/95 with caps of 10 %, 40 % and 30 % on five, four and three stars.
fn rules() -> RuleInput {
    RuleInput {
        threshold_1: "60".into(),
        threshold_2: "70".into(),
        threshold_3: "80".into(),
        threshold_4: "90".into(),
        threshold_5: "95".into(),
        cap_3: "30".into(),
        cap_4: "40".into(),
        cap_5: "10".into(),
        notice_days: "5".into(),
        ..Default::default()
    }
}

/// Seconds since `t`, as a table cell.
fn secs(t: Instant) -> String {
    format!("{:.2} s", t.elapsed().as_secs_f64())
}

/// Self and department scores for every row of round `round_id` in one statement each: a
/// share of the maximum that varies with the row (40–100 %), so totals spread over the
/// thresholds.
async fn fill_scores(store: &Store, round_id: i64) -> anyhow::Result<u64> {
    let conn = store.raw_connection();
    let b = store.db_backend();
    let mut n = 0;
    for col in ["self_score", "reviewer_score"] {
        let sql = format!(
            "UPDATE round_score SET {col} = (SELECT i.max_hundredths FROM rubric_indicator i \
             WHERE i.id = round_score.indicator_id) * (40 + (round_score.id * 37 + \
             round_score.target_id * 11) % 61) / 100 WHERE round_id = ?"
        );
        n = conn
            .execute(stmt(b, &sql, vec![round_id.into()]))
            .await?
            .rows_affected();
    }
    Ok(n)
}

async fn one_backend(
    title: &str,
    url: &str,
    args: &BenchEvaluationArgs,
    budget: Budget,
) -> anyhow::Result<String> {
    println!("== {title}: {}", redact(url));
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let t = Instant::now();
    generate_city(
        &store,
        &CityShape {
            nodes: 1 + 10 + 100 + 1000 + args.organizations,
            rows: 0,
            units_per_district: 10,
            parks_per_district: 10,
            ..CityShape::default()
        },
    )
    .await?;
    let branches = add_branches(&store).await?;
    refresh_statistics(store.raw_connection(), store.db_backend()).await?;
    let mut md = format!(
        "### {title}\n\n{} branches generated in {:.0} s; a rubric of {} indicators in {} \
         sections, {} of them automatic.\n\n| step (one write, through the product unless noted) | time |\n|---|---:|\n",
        branches.len(),
        t.elapsed().as_secs_f64(),
        SECTIONS * PER_SECTION,
        SECTIONS,
        AUTOMATIC.len()
    );
    md.push_str(&figure_reads(&store, &branches).await?);
    let city = org_admin_at(&store, "CY", "bench_eval_city").await?;
    let repo = || store.scoped(&city.actor).evaluation();
    let rb = repo().create_rubric(&rubric(city.node_id)).await?;
    let t = Instant::now();
    let round = repo()
        .create_round(&RoundInput {
            node_id: city.node_id.to_string(),
            rubric_id: rb.rubric.id.to_string(),
            title: "2026年第四季度党支部星级评定".into(),
            period: "2026Q4".into(),
            target_ids: branches.iter().map(|b| b.id).collect(),
            ..Default::default()
        })
        .await?;
    let id = round.round.id;
    let _ = writeln!(
        md,
        "| create the round ({} targets) | {} |",
        branches.len(),
        secs(t)
    );
    println!("   round created");
    repo()
        .move_round(id, RoundState::SelfAssessment, None)
        .await?;
    let t = Instant::now();
    let rows = fill_scores(&store, id).await?;
    let _ = writeln!(
        md,
        "| self and department scores, {rows} rows (bare UPDATEs) | {} |",
        secs(t)
    );
    for (label, to) in [
        (
            "into review (the automatic items' figures read for every organization, totals)",
            RoundState::Review,
        ),
        (
            "into notice (every item scored, totals)",
            RoundState::Notice,
        ),
        ("publish (totals fixed)", RoundState::Published),
    ] {
        let t = Instant::now();
        repo().move_round(id, to, None).await?;
        let _ = writeln!(md, "| {label} | {} |", secs(t));
        println!("   {label}");
    }
    let ratings = || store.scoped(&city.actor).ratings();
    ratings().set_rules(city.node_id, &rules()).await?;
    let parks = park_ids(&store).await?;
    for p in &parks {
        ratings().set_rules(*p, &rules()).await?;
    }
    let t = Instant::now();
    let rated = ratings().rate_round(id).await?;
    let _ = writeln!(
        md,
        "| rate the published round: {rated} stars, capped under each of {} parks, with history and kept counts | {} |",
        parks.len(),
        secs(t)
    );
    println!("   rated");
    md.push_str(&distribution(&store, budget).await?);
    md.push('\n');
    Ok(md)
}

/// The parks of the city (each gets a rule set of its own, so each caps its branches).
/// Each automatic figure read for every branch one call at a time (as the move into review
/// read them before) and in one call for all (as it reads them now), timed once each in the
/// same run and checked equal first; answers the report's lines.
async fn figure_reads(
    store: &Store,
    branches: &[crate::bench_cadence::Branch],
) -> anyhow::Result<String> {
    use touyan_domain::tree::TreePath;
    use touyan_storage::kit::area::{FigureManyQuery, FigureQuery};
    let db = store.raw_connection();
    let to = touyan_storage::kit::today();
    let from = to - chrono::Duration::days(90);
    let paths = branches
        .iter()
        .map(|b| TreePath::parse(&b.path))
        .collect::<Result<Vec<_>, _>>()?;
    let mut md = String::new();
    for key in AUTOMATIC {
        let t = Instant::now();
        let mut one = Vec::with_capacity(paths.len());
        for p in &paths {
            let q = FigureQuery {
                under: p.clone(),
                from,
                to,
            };
            one.push(touyan_storage::figure(db, key, &q).await?);
        }
        let each = secs(t);
        let q = FigureManyQuery {
            under: paths.clone(),
            from,
            to,
        };
        let t = Instant::now();
        let many = touyan_storage::figures_many(db, key, &q).await?;
        let grouped = secs(t);
        let one: Option<Vec<_>> = one.into_iter().collect();
        if one != many {
            bail!("{key}: the grouped read differs from the reads one by one");
        }
        let _ = writeln!(
            md,
            "| `{key}` for {} organizations, read one call each (before) | {each} |\n\
             | `{key}` for the same, in one call (now) | {grouped} |",
            paths.len()
        );
    }
    Ok(md)
}

async fn park_ids(store: &Store) -> anyhow::Result<Vec<i64>> {
    let rows = store
        .raw_connection()
        .query_all(stmt(
            store.db_backend(),
            "SELECT id FROM org_node WHERE kind = 'park' ORDER BY id",
            vec![],
        ))
        .await?;
    rows.iter()
        .map(|r| Ok(r.try_get_by_index::<i64>(0)?))
        .collect()
}

/// The star distribution of the first district, kept against counted.
async fn distribution(store: &Store, budget: Budget) -> anyhow::Result<String> {
    let d = org_admin_at(store, "CY-D01", "bench_eval_district").await?;
    let repo = || store.scoped(&d.actor).ratings();
    let kept = repo().distribution(d.node_id, Some("2026Q4")).await?;
    let scan = repo().distribution_scan(d.node_id, Some("2026Q4")).await?;
    if format!("{kept:?}") != format!("{scan:?}") {
        bail!("the kept distribution {kept:?} differs from the count {scan:?}");
    }
    let rated: i64 = kept.iter().flat_map(|x| x.counts.iter()).sum();
    let k = measure(budget, || async {
        Ok(repo().distribution(d.node_id, None).await?)
    })
    .await?;
    let s = measure(budget, || async {
        Ok(repo().distribution_scan(d.node_id, None).await?)
    })
    .await?;
    Ok(format!(
        "\n| star distribution of {} ({rated} rated) | from kept counts | counted from the ratings | counted / kept |\n|---|---:|---:|---:|\n| every period | {} | {} | {} |\n",
        d.name,
        k.cell(),
        s.cell(),
        fmt_ratio(s.median / k.median)
    ))
}

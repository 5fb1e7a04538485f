//! `touyan-bench load`: pages served per second to many connections at once, per page and per
//! level of the tree, in one run on one database. The city-scale data (generated when the
//! database holds none), one org admin per level signed in through the login form, the real
//! server on a free local port in this process, and for each page and level `connections`
//! clients asking again as soon as each answer is read, for `seconds`. Prints a markdown table
//! of pages per second and the 50th and 99th percentiles, and each level's ratio to the grid's.

use crate::bench::{generate_city, org_admin_at, CityShape, BENCH_PASSWORD};
use anyhow::Context;
use sea_orm::{ConnectionTrait, Statement};
use std::time::{Duration, Instant};
use touyan_storage::Store;

#[derive(clap::Args)]
pub struct LoadArgs {
    /// `sqlite://path` or `postgres://...`; the city is generated into it when it has none.
    #[arg(long)]
    database: String,
    /// Clients asking at once.
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// How long each page and level is asked for.
    #[arg(long, default_value_t = 15)]
    seconds: u64,
    /// The pages, comma-separated.
    #[arg(long, default_value = "/,/audit")]
    pages: String,
}

/// The levels measured: (label, node code of the city data).
const LEVELS: [(&str, &str); 3] = [
    ("grid", "CY-D01-S01-C01-G01"),
    ("district", "CY-D01"),
    ("city", "CY"),
];

pub async fn run(args: LoadArgs) -> anyhow::Result<()> {
    let store = Store::connect(&args.database).await?;
    store.migrate().await?;
    let conn = store.raw_connection();
    let has_city = conn
        .query_one(Statement::from_string(
            conn.get_database_backend(),
            "SELECT COUNT(*) FROM org_node WHERE code = 'CY'",
        ))
        .await?
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or(0)
        > 0;
    if !has_city {
        println!("generating the city-scale data into {}", args.database);
        generate_city(&store, &CityShape::default()).await?;
    }
    for (label, code) in LEVELS {
        org_admin_at(&store, code, &format!("bench_{label}")).await?;
    }
    let server = touyan_web::build(touyan_web::Config {
        database_url: args.database.clone(),
        listen: "127.0.0.1:0".into(),
        admin_password: Some(format!("bench-{}", rand::random::<u64>())),
        ..Default::default()
    })
    .await?;
    let base = format!("http://{}", server.local_addr());
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run_until(async move {
        let _ = stop_rx.await;
    }));

    println!(
        "\n{} connections, {} s per page and level, {:?}\n",
        args.connections,
        args.seconds,
        store.db_backend()
    );
    println!("| page | level | pages/s | p50 ms | p99 ms | errors | vs grid |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    for page in args
        .pages
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let mut grid_rate = None;
        for (label, _) in LEVELS {
            let client = signed_in(&base, &format!("bench_{label}")).await?;
            let r = hammer(&client, &format!("{base}{page}"), &args).await;
            let rate = r.pages as f64 / r.elapsed.as_secs_f64();
            let ratio = match grid_rate {
                None => {
                    grid_rate = Some(rate);
                    "1.00".to_string()
                }
                Some(g) => format!("{:.2}", rate / g),
            };
            println!(
                "| `{page}` | {label} | {rate:.0} | {:.1} | {:.1} | {} | {ratio} |",
                r.percentile(0.50),
                r.percentile(0.99),
                r.errors
            );
        }
    }
    let _ = stop_tx.send(());
    let _ = serving.await;
    Ok(())
}

/// A client holding the session of `username`, signed in through the login form.
async fn signed_in(base: &str, username: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder()
        .no_proxy()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(256)
        .build()?;
    let form = client
        .get(format!("{base}/login"))
        .send()
        .await?
        .text()
        .await?;
    let csrf = form
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .context("no CSRF token on the login page")?
        .to_string();
    let r = client
        .post(format!("{base}/login"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("username", username),
            ("password", BENCH_PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await?;
    anyhow::ensure!(
        r.status().is_redirection(),
        "login {username}: {}",
        r.status()
    );
    Ok(client)
}

struct Outcome {
    pages: u64,
    errors: u64,
    elapsed: Duration,
    /// Every answer's time, sorted.
    times: Vec<Duration>,
}

impl Outcome {
    fn percentile(&self, q: f64) -> f64 {
        if self.times.is_empty() {
            return f64::NAN;
        }
        let i = ((self.times.len() as f64 * q).ceil() as usize).clamp(1, self.times.len()) - 1;
        self.times[i].as_secs_f64() * 1000.0
    }
}

/// `connections` tasks asking for `url` one answer after another until the time is up.
async fn hammer(client: &reqwest::Client, url: &str, args: &LoadArgs) -> Outcome {
    let until = Instant::now() + Duration::from_secs(args.seconds);
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(args.connections);
    for _ in 0..args.connections {
        let client = client.clone();
        let url = url.to_string();
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            let mut errors = 0u64;
            while Instant::now() < until {
                let t = Instant::now();
                let ok = match client.get(&url).send().await {
                    Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                    _ => false,
                };
                if ok {
                    times.push(t.elapsed());
                } else {
                    errors += 1;
                }
            }
            (times, errors)
        }));
    }
    let mut times = Vec::new();
    let mut errors = 0;
    for t in tasks {
        if let Ok((mut ts, e)) = t.await {
            times.append(&mut ts);
            errors += e;
        }
    }
    let elapsed = start.elapsed();
    times.sort_unstable();
    Outcome {
        pages: times.len() as u64,
        errors,
        elapsed,
        times,
    }
}

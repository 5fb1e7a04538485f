//! The benchmark on one backend: each level through HTTP, the storage layer and the bare
//! statements.

use super::*;

// ---------------------------------------------------------------------------------------
// Measurements
// ---------------------------------------------------------------------------------------

/// The last full calendar month before today (Beijing time).
pub(super) fn last_month() -> (NaiveDate, NaiveDate) {
    let today = touyan_storage::kit::today();
    let first_this = today.with_day(1).expect("day 1 exists");
    let last = first_this - Days::days(1);
    (last.with_day(1).expect("day 1 exists"), last)
}

/// A signed-in HTTP client of the server under test.
pub(crate) async fn http_login(base: &str, username: &str) -> anyhow::Result<reqwest::Client> {
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

pub(crate) async fn get_ok(c: &reqwest::Client, url: &str) -> anyhow::Result<usize> {
    let r = c.get(url).send().await?;
    if !r.status().is_success() {
        bail!("GET {url}: {}", r.status());
    }
    Ok(r.bytes().await?.len())
}

pub(super) async fn bench_backend(
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

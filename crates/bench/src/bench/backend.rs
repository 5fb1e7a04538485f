//! The benchmark on one backend: each level through HTTP, the storage layer and the bare
//! statements, the page sweep and the query plans.

use super::*;

pub(super) async fn bench_backend(
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
pub(super) async fn sweep_pages(
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

pub(super) async fn explain_level(
    bare: &Bare<'_>,
    l: &Level,
    path_too: bool,
) -> anyhow::Result<String> {
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

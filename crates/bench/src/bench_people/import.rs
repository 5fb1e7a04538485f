//! The import benchmark: the file posted to a server of its own, the storage import and its
//! phases, and the bare inserts that bound them.

use super::*;

impl Running {
    pub(crate) async fn shut(self) -> anyhow::Result<()> {
        let _ = self.stop.send(());
        self.serving.await??;
        self.store.raw_connection().clone().close().await?;
        Ok(())
    }
}

/// Empties the import database (a new SQLite file, or a new PostgreSQL database) and builds
/// the city tree in it, with no audit entries.
pub(super) async fn fresh_import_db(
    url: &str,
    backend_pg: bool,
    nodes: usize,
    seed: u64,
) -> anyhow::Result<Store> {
    if backend_pg {
        prepare_postgres(url, true).await?;
    } else if let Some(path) = url.strip_prefix("sqlite://") {
        remove_sqlite(Path::new(path));
    }
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let shape = CityShape {
        nodes,
        rows: 0,
        seed,
        ..CityShape::default()
    };
    generate_city(&store, &shape).await?;
    Ok(store)
}

pub(crate) async fn start_server(url: &str, store: Store) -> anyhow::Result<Running> {
    let admin_password = format!("bench-{:016x}", rand::random::<u64>());
    let server = touyan_web::build(touyan_web::Config {
        database_url: url.to_string(),
        listen: "127.0.0.1:0".into(),
        admin_password: Some(admin_password.clone()),
        ..Default::default()
    })
    .await?;
    let base = format!("http://{}", server.local_addr());
    let (stop, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run_until(async move {
        let _ = stop_rx.await;
    }));
    let client = reqwest::Client::builder()
        .no_proxy()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let r = client
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"username": "admin", "password": admin_password}))
        .send()
        .await?;
    if !r.status().is_success() {
        bail!("admin sign-in: {} {}", r.status(), r.text().await?);
    }
    let me: serde_json::Value = r.json().await?;
    let csrf = me["csrf_token"]
        .as_str()
        .context("the sign-in answered no CSRF token")?
        .to_string();
    Ok(Running {
        base,
        client,
        csrf,
        stop,
        serving,
        store,
    })
}

impl ImportReport {
    pub(super) fn label(&self) -> String {
        match self.stored {
            0 => self.title.clone(),
            n => format!("{}, {n} people stored", self.title),
        }
    }
}

/// One import, timed, of a file of `rows` rows into a ledger of `stored` people; its `read_ms`
/// is left for the caller, which times the reads around it.
pub(super) async fn import_once(
    r: &Running,
    file: &[u8],
    rows: usize,
    stored: usize,
) -> anyhow::Result<ImportRun> {
    let (content_type, body) = multipart_body("people.xlsx", file);
    let url = format!("{}/api/v1/people/import", r.base);
    let req = r
        .client
        .post(url)
        .header("content-type", content_type)
        .header("x-csrf-token", &r.csrf)
        .body(body);
    trim_heap();
    let peak_ok = reset_peak_rss();
    let before = proc_status_kib("VmRSS").unwrap_or(0);
    let t = Instant::now();
    let resp = req.send().await?;
    let status = resp.status();
    let text = resp.text().await?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let peak = if peak_ok {
        proc_status_kib("VmHWM").unwrap_or(0)
    } else {
        0
    };
    if !status.is_success() {
        let cut: String = text.chars().take(2000).collect();
        bail!("import answered {status}: {cut}");
    }
    let v: serde_json::Value = serde_json::from_str(&text)?;
    if v["imported"].as_u64() != Some(rows as u64) {
        bail!("import answered {v}, expected {rows} rows");
    }
    let backend = r.store.db_backend();
    let n = scalar_i64(
        r.store.raw_connection(),
        backend,
        "SELECT COUNT(*) FROM person",
        vec![],
    )
    .await?
    .unwrap_or(0);
    if n != (rows + stored) as i64 {
        bail!("{n} people in the database after importing {rows} into {stored}");
    }
    Ok(ImportRun {
        ms,
        mem: Memory { before, peak },
        read_ms: [0.0; 2],
    })
}

/// A fresh import database with the admin signed in through `Auth::login`.
pub(super) async fn fresh_admin(
    url: &str,
    pg: bool,
    args: &BenchPeopleArgs,
) -> anyhow::Result<(Store, Actor)> {
    let store = fresh_import_db(url, pg, args.nodes, args.seed).await?;
    store
        .auth()
        .ensure_admin(Some(BENCH_PASSWORD.into()))
        .await?;
    let ok = store
        .auth()
        .login("admin", BENCH_PASSWORD, Some("127.0.0.1".into()))
        .await
        .map_err(|e| anyhow::anyhow!("admin login: {e:?}"))?;
    Ok((store, ok.actor))
}

/// The rows as the import hands them to the storage layer (codes, dates as yyyy-mm-dd).
pub(super) fn person_rows(rows: &[FileRow]) -> Vec<PersonRow> {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    rows.iter()
        .enumerate()
        .map(|(i, r)| PersonRow {
            row: i as u32 + 2,
            node: r.node.clone(),
            input: PersonInput {
                name: Some(r.p.name.clone()),
                gender: Some(r.p.gender.into()),
                ethnicity: Some(r.p.ethnicity.unwrap_or_default().into()),
                birth_date: Some(r.p.birth.to_string()),
                id_number: Some(r.p.id_number.clone()),
                phone: Some(r.p.phone.clone().unwrap_or_default()),
                education: Some(r.p.education.unwrap_or_default().into()),
                status: Some(r.p.status.into()),
                applied_on: Some(date(r.p.dates[0])),
                activist_on: Some(date(r.p.dates[1])),
                development_object_on: Some(date(r.p.dates[2])),
                probation_on: Some(date(r.p.dates[3])),
                full_on: Some(date(r.p.dates[4])),
                notes: Some(String::new()),
                node_id: None,
            },
        })
        .collect()
}

/// The same rows straight into `PeopleRepo::import` as the signed-in admin (no HTTP, no
/// workbook): node resolution, checks, the duplicate lookup and the inserts.
pub(super) async fn storage_import(
    url: &str,
    pg: bool,
    args: &BenchPeopleArgs,
    rows: &[FileRow],
) -> anyhow::Result<f64> {
    let (store, actor) = fresh_admin(url, pg, args).await?;
    let data = person_rows(rows);
    let t = Instant::now();
    let out = store
        .scoped(&actor)
        .people()
        .import(data, "people.xlsx")
        .await?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    match out {
        touyan_storage::kit::import::ImportOutcome::Imported(n) if n == rows.len() as u64 => {}
        touyan_storage::kit::import::ImportOutcome::Imported(n) => {
            bail!("storage import wrote {n} of {} rows", rows.len())
        }
        touyan_storage::kit::import::ImportOutcome::Refused(e) => {
            bail!(
                "storage import refused: {:?}",
                e.iter().take(5).collect::<Vec<_>>()
            )
        }
    }
    store.raw_connection().clone().close().await?;
    Ok(ms)
}

pub(super) async fn import_phases(
    url: &str,
    pg: bool,
    args: &BenchPeopleArgs,
    rows: &[FileRow],
) -> anyhow::Result<Phases> {
    let (store, actor) = fresh_admin(url, pg, args).await?;
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let data = person_rows(rows);

    let t = Instant::now();
    let resolver = store.scoped(&actor).import_nodes(i64::MAX as u64).await?;
    let mut placed: Vec<(i64, String)> = Vec::with_capacity(data.len());
    for r in &data {
        let (id, path) = resolver
            .resolve(&r.node)
            .with_context(|| format!("node {} not resolved", r.node))?;
        placed.push((id, path.to_string()));
    }
    let nodes = t.elapsed().as_secs_f64() * 1000.0;

    let today = touyan_storage::kit::today();
    let t = Instant::now();
    let mut parsed = Vec::with_capacity(data.len());
    for r in &data {
        parsed.push(
            r.input
                .parse(today)
                .map_err(|e| anyhow::anyhow!("row {}: {e:?}", r.row))?,
        );
    }
    let parse = t.elapsed().as_secs_f64() * 1000.0;

    const CHUNK: usize = 400;
    let t = Instant::now();
    for chunk in parsed.chunks(CHUNK) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let sql = format!(
            "SELECT {PERSON_SELECT} FROM \"person\" WHERE \"person\".\"id_number\" IN ({marks})"
        );
        let values: Vec<Value> = chunk
            .iter()
            .map(|p| p.id_number.as_str().to_string().into())
            .collect();
        let found = conn.query_all(stmt(backend, &sql, values)).await?;
        if !found.is_empty() {
            bail!("a fresh database already holds some of the numbers");
        }
    }
    let lookup = t.elapsed().as_secs_f64() * 1000.0;

    let insert = bare_inserts(&store, &parsed, &placed, false).await?;
    store.raw_connection().clone().close().await?;
    // The same on another fresh database, with the table's indexes (and on PostgreSQL its
    // foreign key) set aside and built again, as the import does into a nearly empty ledger.
    let (store, _) = fresh_admin(url, pg, args).await?;
    let load_insert = bare_inserts(&store, &parsed, &placed, true).await?;
    store.raw_connection().clone().close().await?;
    Ok(Phases {
        nodes,
        parse,
        lookup,
        insert,
        load_insert,
    })
}

/// `parsed` written with bare multi-row `INSERT`s of 400 rows in one transaction, in the
/// order the import writes them; with `aside`, between `bulk::set_aside` and
/// `bulk::build_again`. Milliseconds, commit included.
pub(super) async fn bare_inserts(
    store: &Store,
    parsed: &[touyan_domain::people::Person],
    placed: &[(i64, String)],
    aside: bool,
) -> anyhow::Result<f64> {
    const CHUNK: usize = 400;
    let backend = store.db_backend();
    let conn = store.raw_connection();
    // The rows in the order the import writes them: each batch of 5 000 by node path, then
    // by number.
    let mut order: Vec<usize> = (0..parsed.len()).collect();
    for batch in order.chunks_mut(5000) {
        batch.sort_unstable_by(|&a, &b| {
            (placed[a].1.as_str(), parsed[a].id_number.as_str())
                .cmp(&(placed[b].1.as_str(), parsed[b].id_number.as_str()))
        });
    }
    let now = touyan_storage::now_ms();
    let t = Instant::now();
    let txn = conn.begin().await?;
    let defs = if aside {
        touyan_storage::bulk::set_aside(&txn, "person").await?
    } else {
        vec![]
    };
    for chunk in order.chunks(CHUNK) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * PERSON_COLS.len());
        for (p, (node_id, path)) in chunk.iter().map(|&i| (&parsed[i], &placed[i])) {
            let pl = &p.pipeline;
            values.extend([
                p.name.clone().into(),
                p.gender.code().into(),
                p.ethnicity.clone().into(),
                p.birth_date.into(),
                p.id_number.as_str().to_string().into(),
                p.phone.as_ref().map(|m| m.as_str().to_string()).into(),
                p.education.clone().into(),
                (*node_id).into(),
                path.clone().into(),
                pl.status().code().into(),
                pl.applied_on.into(),
                pl.activist_on.into(),
                pl.development_object_on.into(),
                pl.probation_on.into(),
                Value::Int(None),
                pl.full_on.into(),
                p.notes.clone().into(),
                now.into(),
                now.into(),
            ]);
        }
        txn.execute(stmt(backend, &insert_sql(chunk.len()), values))
            .await?;
    }
    touyan_storage::bulk::build_again(&txn, &defs).await?;
    txn.commit().await?;
    Ok(t.elapsed().as_secs_f64() * 1000.0)
}

pub(super) async fn make_file(
    running: &Running,
    args: &BenchPeopleArgs,
) -> anyhow::Result<FileInfo> {
    let r = running
        .client
        .get(format!(
            "{}/api/v1/people/import-template.xlsx",
            running.base
        ))
        .send()
        .await?;
    if !r.status().is_success() {
        bail!("template: {}", r.status());
    }
    let template = Template::parse(&r.bytes().await?)?;
    println!(
        "template sheet {:?}, headers {:?}",
        template.sheet, template.header
    );
    let leaves = leaves(&running.store).await?;
    let t = Instant::now();
    let rows = file_rows(args.rows, &leaves, args.seed);
    let bytes = write_file(&template, &rows)?;
    let gen_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "people file: {} rows, {:.1} MB, written in {:.1} s",
        rows.len(),
        bytes.len() as f64 / 1e6,
        gen_ms / 1000.0
    );
    if let Some(p) = &args.keep_file {
        std::fs::write(p, &bytes).with_context(|| format!("writing {}", p.display()))?;
    }
    let mut read = Vec::new();
    let mut cells = 0;
    for _ in 0..args.read_runs.max(1) {
        let t = Instant::now();
        let (n, _) = read_every_cell(&bytes)?;
        read.push(t.elapsed().as_secs_f64() * 1000.0);
        cells = n;
    }
    println!("calamine alone: {cells} cells, {read:.0?} ms");
    Ok(FileInfo {
        bytes,
        rows,
        header: template.header,
        gen_ms,
        cells,
        read,
    })
}

pub(super) async fn bench_import(
    title: &str,
    url: &str,
    pg: bool,
    args: &BenchPeopleArgs,
    file: &mut Option<FileInfo>,
    stored: usize,
) -> anyhow::Result<ImportReport> {
    println!(
        "== import, {title}, {stored} people stored: {}",
        redact(url)
    );
    let mut runs = Vec::new();
    let mut setup_ms = 0.0;
    let numbers: HashSet<String> = match (stored, file.as_ref()) {
        (0, _) => HashSet::new(),
        (_, Some(f)) => f.rows.iter().map(|r| r.p.id_number.clone()).collect(),
        (_, None) => bail!("the series into a stored ledger runs after the file is made"),
    };
    for i in 0..args.import_runs.max(1) {
        let t = Instant::now();
        let store = fresh_import_db(url, pg, args.nodes, args.seed).await?;
        if stored > 0 {
            insert_people(&store, stored, args.seed ^ 0x570d, &numbers).await?;
        }
        let running = start_server(url, store).await?;
        setup_ms = t.elapsed().as_secs_f64() * 1000.0;
        if file.is_none() {
            *file = Some(make_file(&running, args).await?);
        }
        let f = file.as_ref().expect("made above");
        // A read of the file right before and right after each import, so that each import
        // has a divisor timed under the same state of the machine (its speed drifts by tens
        // of percent within a minute).
        let read = || -> anyhow::Result<f64> {
            let t = Instant::now();
            read_every_cell(&f.bytes)?;
            Ok(t.elapsed().as_secs_f64() * 1000.0)
        };
        let before = read()?;
        let mut run = import_once(&running, &f.bytes, f.rows.len(), stored).await?;
        run.read_ms = [before, read()?];
        println!(
            "import {}: {:.0} ms (calamine before and after: {:.0?} ms), peak RSS {} (RSS before {})",
            i + 1,
            run.ms,
            run.read_ms,
            fmt_mib(run.mem.peak),
            fmt_mib(run.mem.before)
        );
        runs.push(run);
        running.shut().await?;
    }
    // Where the time goes is measured for the load into a nearly empty ledger only.
    let apart = args.no_storage_import || stored > 0;
    let storage_ms = if apart {
        None
    } else {
        let f = file.as_ref().expect("made above");
        let ms = storage_import(url, pg, args, &f.rows).await?;
        println!("PeopleRepo::import alone: {ms:.0} ms");
        Some(ms)
    };
    let phases = if apart {
        None
    } else {
        let f = file.as_ref().expect("made above");
        let p = import_phases(url, pg, args, &f.rows).await?;
        println!("its steps redone apart: {p:?}");
        Some(p)
    };
    Ok(ImportReport {
        title: title.to_string(),
        stored,
        runs,
        storage_ms,
        phases,
        setup_ms,
    })
}

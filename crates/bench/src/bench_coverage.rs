//! Benchmark of the ledger's coverage and list (`touyan-bench bench-coverage`), on SQLite and, when
//! given a URL, PostgreSQL.
//!
//! A city of parks (`generate_city` with every unit a park) gives 50 000 enterprise nodes;
//! each gets a profile, a share of them members (every fifth three full members, every
//! seventh one) and a joint cover (every fourth), written with multi-row INSERTs around the
//! product; then the product works every enterprise's mark out (`recount_enterprise_marks`).
//! For the org admin of the city, a district and a park: the coverage summed from the marks
//! (`EnterpriseRepo::coverage`) against the same figure counted from the records
//! (`coverage_counted`, checked equal first), and a scoped page of enterprises filtered by
//! industry and party status through HTTP, the storage layer (on the benchmark's connections
//! and on the server's) and the bare statements. Each district also runs six industrial-chain
//! committees; every third enterprise of the district is a current member of one of them, so
//! the breakdown by chain has lines to read.
//! Nothing asserts a time.

use crate::bench::{
    fmt_ratio, generate_city, measure, on_each_backend, org_admin_at, redact, refresh_statistics,
    stmt, Budget, CityShape, Runs, Stat,
};
use anyhow::{bail, Context};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Value};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;
use touyan_domain::enterprise::CreditCode;
use touyan_domain::paging::PageRequest;
use touyan_storage::enterprise::EnterpriseFilter;
use touyan_storage::Store;

const LEVELS: [(&str, &str); 3] = [
    ("city", "CY"),
    ("district", "CY-D01"),
    ("park", "CY-D01-P01"),
];
const ROWS: usize = 400;

#[derive(clap::Args, Debug, Clone)]
pub struct BenchCoverageArgs {
    /// SQLite database file (default: <temp dir>/touyan-bench-coverage/ledger.db).
    #[arg(long)]
    pub sqlite_path: Option<PathBuf>,
    /// Skip SQLite.
    #[arg(long)]
    pub no_sqlite: bool,
    /// PostgreSQL URL of a database used only by this benchmark (its name must contain
    /// "bench"; dropped and created again).
    #[arg(long)]
    pub postgres: Option<String>,
    /// Enterprises (the city's grids are filled with this many).
    #[arg(long, default_value_t = 50_000)]
    pub enterprises: usize,
    #[arg(long, default_value_t = 30)]
    pub iterations: usize,
    #[arg(long, default_value_t = 3)]
    pub warmup: usize,
    #[arg(long, default_value_t = 10)]
    pub budget_secs: u64,
    /// Also write the report (markdown) to this file.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub async fn run(args: BenchCoverageArgs) -> anyhow::Result<()> {
    let budget = Budget::new(args.iterations, args.warmup, args.budget_secs);
    let runs = Runs {
        sqlite_path: args.sqlite_path.as_deref(),
        default_file: ("touyan-bench-coverage", "ledger.db"),
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

/// Rows of one multi-row INSERT.
async fn insert(
    conn: &DatabaseConnection,
    backend: DbBackend,
    head: &str,
    width: usize,
    rows: Vec<Vec<Value>>,
) -> anyhow::Result<()> {
    for chunk in rows.chunks(ROWS) {
        let one = format!("({})", vec!["?"; width].join(", "));
        let sql = format!("{head} VALUES {}", vec![one; chunk.len()].join(", "));
        let values: Vec<Value> = chunk.iter().flatten().cloned().collect();
        conn.execute(stmt(backend, &sql, values)).await?;
    }
    Ok(())
}

/// Profiles, members and joint covers for every enterprise node.
async fn generate(store: &Store) -> anyhow::Result<usize> {
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let rows = conn
        .query_all(stmt(
            backend,
            "SELECT id, path, parent_id FROM org_node WHERE kind = 'enterprise' ORDER BY path",
            vec![],
        ))
        .await?;
    let now = touyan_storage::now_ms();
    let (mut profiles, mut people, mut links) = (Vec::new(), Vec::new(), Vec::new());
    const INDUSTRIES: [&str; 5] = ["C", "C", "F", "I", "M"];
    const SIZES: [&str; 4] = ["small", "micro", "small", "medium"];
    for (i, r) in rows.iter().enumerate() {
        let id: i64 = r.try_get_by_index(0)?;
        let path: String = r.try_get_by_index(1)?;
        let parent: Option<i64> = r.try_get_by_index(2)?;
        let code = CreditCode::complete(&format!("91370700{:09}", i))
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        profiles.push(vec![
            id.into(),
            path.clone().into(),
            code.as_str().into(),
            INDUSTRIES[i % INDUSTRIES.len()].into(),
            SIZES[i % SIZES.len()].into(),
            "operating".into(),
            now.into(),
            now.into(),
        ]);
        let members = if i % 5 == 0 {
            3
        } else {
            usize::from(i % 7 == 0)
        };
        for _ in 0..members {
            let n = people.len();
            people.push(vec![
                format!("党员{n}").into(),
                "male".into(),
                chrono::NaiveDate::from_ymd_opt(1980, 1, 1).into(),
                format!("B{n:017}").into(),
                id.into(),
                path.clone().into(),
                "full".into(),
                now.into(),
                now.into(),
            ]);
        }
        if i % 4 == 1 {
            links.push(vec![
                id.into(),
                path.clone().into(),
                "joint".into(),
                parent.into(),
                path.rsplitn(3, '/').nth(2).map(|p| format!("{p}/")).into(),
                chrono::NaiveDate::from_ymd_opt(2024, 1, 1).into(),
                now.into(),
            ]);
        }
    }
    let n = profiles.len();
    insert(conn, backend, "INSERT INTO enterprise (node_id, node_path, credit_code, industry, size, status, created_at, updated_at)", 8, profiles).await?;
    insert(conn, backend, "INSERT INTO person (name, gender, birth_date, id_number, node_id, node_path, status, created_at, updated_at)", 9, people).await?;
    insert(conn, backend, "INSERT INTO enterprise_link (node_id, node_path, kind, org_node_id, org_path, from_on, created_at)", 7, links).await?;
    Ok(n)
}

/// Six chain committees under a committee of each district, made through the product by the
/// city's admin,
/// and every third enterprise of the district a current member of one; answers the members.
async fn chains(store: &Store) -> anyhow::Result<usize> {
    let city = org_admin_at(store, LEVELS[0].1, "bench_ent_chains").await?;
    let s = store.scoped(&city.actor);
    let kinds: Vec<String> = (s.orgs().kinds().await)
        .map_err(|e| anyhow::anyhow!("kinds: {e:?}"))?
        .into_iter()
        .map(|k| k.code)
        .collect();
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let districts = conn
        .query_all(stmt(
            backend,
            "SELECT id, path FROM org_node WHERE parent_id = ? ORDER BY path",
            vec![city.node_id.into()],
        ))
        .await?;
    let now = touyan_storage::now_ms();
    let joined = chrono::NaiveDate::from_ymd_opt(2024, 3, 1);
    let mut rows = Vec::new();
    for d in &districts {
        let (id, path): (i64, String) = (d.try_get_by_index(0)?, d.try_get_by_index(1)?);
        // The chains hang under a committee of the district, as the party line files them.
        let committee = node(
            &s,
            &kinds,
            id,
            &format!("基准两新组织党委{id}"),
            "party_committee",
        )
        .await?;
        let mut chains = Vec::new();
        for c in 0..6 {
            let name = format!("基准产业链{id}-{c}党委");
            chains.push(node(&s, &kinds, committee.0, &name, "chain_party_committee").await?);
        }
        let members = conn
            .query_all(stmt(
                backend,
                "SELECT node_id, node_path FROM enterprise WHERE node_path LIKE ? ORDER BY node_path",
                vec![format!("{path}%").into()],
            ))
            .await?;
        for (i, m) in members.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
            let (chain, chain_path) = &chains[(i / 3) % chains.len()];
            rows.push(vec![
                (*chain).into(),
                chain_path.clone().into(),
                m.try_get_by_index::<i64>(0)?.into(),
                m.try_get_by_index::<String>(1)?.into(),
                joined.into(),
                now.into(),
            ]);
        }
    }
    let n = rows.len();
    insert(conn, backend, "INSERT INTO chain_member (chain_node_id, chain_path, node_id, node_path, joined_on, created_at)", 6, rows).await?;
    Ok(n)
}

/// A node made through the product under `parent`; answers its id and path.
async fn node(
    s: &touyan_storage::Scoped<'_>,
    kinds: &[String],
    parent: i64,
    name: &str,
    kind: &str,
) -> anyhow::Result<(i64, String)> {
    let draft = touyan_domain::org::NodeDraft::parse(name, kind, None, None, kinds)
        .map_err(|e| anyhow::anyhow!("{name}: {e:?}"))?;
    let made = (s.orgs().create(Some(parent), draft).await)
        .map_err(|e| anyhow::anyhow!("{name}: {e:?}"))?;
    Ok((made.id, made.path))
}

fn cell(s: &Stat) -> String {
    s.cell()
}

async fn one_backend(
    title: &str,
    url: &str,
    args: &BenchCoverageArgs,
    budget: Budget,
) -> anyhow::Result<String> {
    println!("== {title}: {}", redact(url));
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let t = Instant::now();
    generate_city(
        &store,
        &CityShape {
            nodes: 1 + 10 + 100 + 1000 + args.enterprises,
            rows: 0,
            units_per_district: 10,
            parks_per_district: 10,
            ..CityShape::default()
        },
    )
    .await?;
    let n = generate(&store).await?;
    let members = chains(&store).await?;
    let generated = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let marked = store.recount_enterprise_marks().await?;
    let marking = t.elapsed().as_secs_f64();
    // The profiles, people, links, chains and marks came after the city's statistics.
    refresh_statistics(store.raw_connection(), store.db_backend()).await?;
    let mut md = format!(
        "### {title}\n\n{n} enterprises ({members} of them in 60 chains) generated in \
         {generated:.0} s; their marks worked out \
         by the product in {marking:.1} s ({marked} marks).\n\n\
         | caller | enterprises | coverage from the marks | counted from the records | counted / marks | list (storage) | list (storage, the server's connections) | bare count + profiles | bare count + page as shown | list / shown | HTTP `GET /api/v1/enterprises` | HTTP / profiles | HTTP / shown | HTTP floor `GET /api/v1/me` | (floor + profiles) / profiles |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    );
    let server = touyan_web::build(touyan_web::Config {
        database_url: url.to_string(),
        listen: "127.0.0.1:0".into(),
        admin_password: Some(format!("bench-{:016x}", rand::random::<u64>())),
        ..Default::default()
    })
    .await?;
    let base = format!("http://{}", server.local_addr());
    // The server's own connections, for the list made below the HTTP layer.
    let served = server.store().clone();
    let (stop, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run_until(async move {
        let _ = stop_rx.await;
    }));
    let mut lines_md = String::from(
        "\n| caller | by | lines | from the kept counts | counted from the marks | counted / kept |\n\
         |---|---|---:|---:|---:|---:|\n",
    );
    for (label, code) in LEVELS {
        let who = format!("bench_ent_{label}");
        let a = org_admin_at(&store, code, &who).await?;
        let repo = || store.scoped(&a.actor);
        let marks = repo().enterprises().coverage(Some(a.node_id)).await?;
        let counted = repo()
            .enterprises()
            .coverage_counted(Some(a.node_id))
            .await?;
        if (
            marks.own,
            marks.joint,
            marks.none,
            marks.members_only,
            marks.members,
        ) != (
            counted.own,
            counted.joint,
            counted.none,
            counted.members_only,
            counted.members,
        ) {
            bail!("{label}: the marks ({marks:?}) and the records ({counted:?}) disagree");
        }
        let cov = measure(budget, || async {
            Ok(repo().enterprises().coverage(Some(a.node_id)).await?)
        })
        .await?;
        let scan = measure(budget, || async {
            Ok(repo()
                .enterprises()
                .coverage_counted(Some(a.node_id))
                .await?)
        })
        .await?;
        let filter = EnterpriseFilter {
            under: Some(a.node_id),
            industry: Some("C".into()),
            party: Some("members_only".into()),
            ..Default::default()
        };
        let page = PageRequest {
            page: 1,
            per_page: 20,
        };
        let listed = repo().enterprises().list(&filter, page).await?;
        let bare = Bare::new(&store, &a.path);
        if bare.count().await? != listed.total as i64 {
            bail!("{label}: the list and the bare count disagree");
        }
        let list = measure(budget, || async {
            Ok(repo().enterprises().list(&filter, page).await?)
        })
        .await?;
        let list_served = measure(budget, || async {
            Ok(served
                .scoped(&a.actor)
                .enterprises()
                .list(&filter, page)
                .await?)
        })
        .await?;
        let bare_t = measure(budget, || async {
            bare.count().await?;
            bare.page().await
        })
        .await?;
        let shown: Vec<i64> = listed.items.iter().map(|e| e.id).collect();
        if bare.page_shown().await? != shown {
            bail!("{label}: the list and the bare page disagree");
        }
        let shown_t = measure(budget, || async {
            bare.count().await?;
            bare.page_shown().await
        })
        .await?;
        let client = crate::bench_requests::http_login(&base, &who).await?;
        let url = format!(
            "{base}/api/v1/enterprises?under={}&industry=C&party=members_only&per_page=20",
            a.node_id
        );
        let http = measure(budget, || crate::bench_requests::get_ok(&client, &url)).await?;
        // What any signed-in API answer costs, measured the same way: the session looked up
        // and a small JSON body written. No list can answer faster than this plus its
        // statements.
        let me = format!("{base}/api/v1/me");
        let floor = measure(budget, || crate::bench_requests::get_ok(&client, &me)).await?;
        let _ = writeln!(
            md,
            "| {label} {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            a.name,
            marks.enterprises,
            cell(&cov),
            cell(&scan),
            fmt_ratio(scan.median / cov.median),
            cell(&list),
            cell(&list_served),
            cell(&bare_t),
            cell(&shown_t),
            fmt_ratio(list.median / shown_t.median),
            cell(&http),
            fmt_ratio(http.median / bare_t.median),
            fmt_ratio(http.median / shown_t.median),
            cell(&floor),
            fmt_ratio((floor.median + bare_t.median) / bare_t.median),
        );
        breakdowns(&store, &a, label, budget, &mut lines_md).await?;
        println!("   {label}: done");
    }
    let _ = stop.send(());
    let _ = serving.await;
    md.push_str(&lines_md);
    md.push('\n');
    md.push_str(&chain_writes(&store, budget).await?);
    Ok(md)
}

/// An enterprise in no chain joins a chain of its district and leaves it again, through the
/// product by the city's admin (each a write of its own with its audit, its mark worked out
/// again and the kept lines moved); answers the line of the report.
async fn chain_writes(store: &Store, budget: Budget) -> anyhow::Result<String> {
    use touyan_domain::enterprise::links::Tie;
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let row = conn
        .query_one(stmt(
            backend,
            "SELECT c.id, e.node_id FROM org_node c JOIN org_node d ON c.path LIKE d.path || '%' \
             JOIN enterprise e ON e.node_path LIKE d.path || '%' \
             WHERE c.kind = 'chain_party_committee' AND d.parent_id = (SELECT id FROM org_node \
             WHERE code = ?) AND e.node_id NOT IN (SELECT node_id FROM chain_member) \
             ORDER BY c.path, e.node_path LIMIT 1",
            vec![LEVELS[0].1.into()],
        ))
        .await?
        .context("a chain and an enterprise in no chain")?;
    let (chain, id): (i64, i64) = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
    let a = org_admin_at(store, LEVELS[0].1, "bench_ent_chains").await?;
    let tie = Tie {
        id,
        from_on: chrono::Utc::now().date_naive(),
    };
    let pair = measure(budget, || async {
        let repo = store.scoped(&a.actor).enterprises();
        let m = repo.join_chain(chain, tie).await?;
        repo.leave_chain(chain, m.id).await?;
        Ok(())
    })
    .await?;
    let kept = store
        .scoped(&a.actor)
        .enterprises()
        .coverage_by(
            Some(a.node_id),
            touyan_storage::enterprise::CoverageBy::Chain,
        )
        .await?;
    let counted = store
        .scoped(&a.actor)
        .enterprises()
        .coverage_by_scan(
            Some(a.node_id),
            touyan_storage::enterprise::CoverageBy::Chain,
        )
        .await?;
    if serde_json::to_value(&kept)? != serde_json::to_value(&counted)? {
        bail!("after the joins and leaves the kept chain lines and the marks disagree");
    }
    Ok(format!(
        "An enterprise joins a chain and leaves it (two writes through the product): {}\n\n",
        cell(&pair)
    ))
}

/// The breakdowns of the coverage under the caller's node by child, industry, size and chain:
/// read from the kept counts (`coverage_by`) against the same lines summed from every mark
/// under the node (`coverage_by_scan`), checked equal before timing.
async fn breakdowns(
    store: &Store,
    a: &crate::bench::AdminAt,
    label: &str,
    budget: Budget,
    md: &mut String,
) -> anyhow::Result<()> {
    use touyan_storage::enterprise::CoverageBy;
    let repo = || store.scoped(&a.actor);
    for (name, by) in [
        ("child", CoverageBy::Child),
        ("industry", CoverageBy::Industry),
        ("size", CoverageBy::Size),
        ("chain", CoverageBy::Chain),
    ] {
        let under = Some(a.node_id);
        let kept = repo().enterprises().coverage_by(under, by).await?;
        let counted = repo().enterprises().coverage_by_scan(under, by).await?;
        if serde_json::to_value(&kept)? != serde_json::to_value(&counted)? {
            bail!("{label} by {name}: the kept counts and the marks disagree");
        }
        let k = measure(budget, || async {
            Ok(repo().enterprises().coverage_by(under, by).await?)
        })
        .await?;
        let c = measure(budget, || async {
            Ok(repo().enterprises().coverage_by_scan(under, by).await?)
        })
        .await?;
        let _ = writeln!(
            md,
            "| {label} {} | {name} | {} | {} | {} | {} |",
            a.name,
            kept.len(),
            cell(&k),
            cell(&c),
            fmt_ratio(c.median / k.median),
        );
    }
    Ok(())
}

/// The list's two statements written by hand: the count and the first page of enterprises
/// under a path with industry C whose mark is members-only.
struct Bare<'a> {
    conn: &'a DatabaseConnection,
    backend: DbBackend,
    low: String,
    high: String,
}

const WHERE: &str = "node_path >= ? AND node_path < ? AND industry = 'C' AND node_id IN \
    (SELECT node_id FROM enterprise_mark WHERE node_path >= ? AND node_path < ? \
    AND party = 'members_only')";

impl<'a> Bare<'a> {
    fn new(store: &'a Store, path: &touyan_domain::tree::TreePath) -> Bare<'a> {
        Bare {
            conn: store.raw_connection(),
            backend: store.db_backend(),
            low: path.as_str().to_string(),
            high: path.upper_bound(),
        }
    }

    /// The path range, for the profiles and for their marks.
    fn values(&self) -> Vec<Value> {
        let (low, high) = (self.low.clone(), self.high.clone());
        vec![
            low.clone().into(),
            high.clone().into(),
            low.into(),
            high.into(),
        ]
    }

    async fn count(&self) -> anyhow::Result<i64> {
        let sql = format!("SELECT COUNT(*) FROM enterprise WHERE {WHERE}");
        let row = self
            .conn
            .query_one(stmt(self.backend, &sql, self.values()))
            .await?
            .context("a count")?;
        Ok(row.try_get_by_index(0)?)
    }

    async fn page(&self) -> anyhow::Result<usize> {
        let sql = format!("SELECT * FROM enterprise WHERE {WHERE} ORDER BY node_path LIMIT 20");
        let rows = self
            .conn
            .query_all(stmt(self.backend, &sql, self.values()))
            .await?;
        Ok(rows.len())
    }

    /// The page as the list shows it, in one statement: each profile with its node's name
    /// and its parent's, its mark (party status, members, the branch rule) and its current
    /// link with the linked organization's name; answers the page's ids.
    async fn page_shown(&self) -> anyhow::Result<Vec<i64>> {
        let sql = format!(
            "SELECT e.node_id, e.credit_code, e.legal_rep, e.industry, e.size, e.employees, \
             e.founded_on, e.address, e.status, e.status_on, e.updated_at, n.name, pn.name, \
             m.party, m.own_organizations, m.members, m.full_members, m.breaking, l.id, \
             l.kind, l.org_node_id, lo.name, l.from_on, l.until_on, l.outcome \
             FROM (SELECT * FROM enterprise WHERE {WHERE} ORDER BY node_path LIMIT 20) e \
             JOIN org_node n ON n.id = e.node_id \
             LEFT JOIN org_node pn ON pn.id = n.parent_id \
             LEFT JOIN enterprise_mark m ON m.node_id = e.node_id \
             LEFT JOIN enterprise_link l ON l.id = (SELECT MAX(x.id) FROM enterprise_link x \
                 WHERE x.node_id = e.node_id AND x.until_on IS NULL) \
             LEFT JOIN org_node lo ON lo.id = l.org_node_id ORDER BY e.node_path"
        );
        let rows = self
            .conn
            .query_all(stmt(self.backend, &sql, self.values()))
            .await?;
        Ok(rows
            .iter()
            .map(|r| r.try_get_by_index::<i64>(0))
            .collect::<Result<_, _>>()?)
    }
}

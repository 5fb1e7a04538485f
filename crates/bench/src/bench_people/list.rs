//! The scoped people list benchmark: the people written in bulk, an admin at each level, and
//! the list through the storage layer and as the bare statements.

use super::*;

// ---------------------------------------------------------------------------------------
// Scoped list
// ---------------------------------------------------------------------------------------

pub(super) const PERSON_COLS: [&str; 19] = [
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "id_number",
    "phone",
    "education",
    "node_id",
    "node_path",
    "status",
    "applied_on",
    "activist_on",
    "development_object_on",
    "probation_on",
    "probation_extended_months",
    "full_on",
    "notes",
    "created_at",
    "updated_at",
];

pub(super) const PERSON_SELECT: &str =
    "\"person\".\"id\", \"person\".\"name\", \"person\".\"gender\", \
    \"person\".\"ethnicity\", \"person\".\"birth_date\", \"person\".\"id_number\", \
    \"person\".\"phone\", \"person\".\"education\", \"person\".\"node_id\", \
    \"person\".\"node_path\", \"person\".\"status\", \"person\".\"applied_on\", \
    \"person\".\"activist_on\", \"person\".\"development_object_on\", \
    \"person\".\"probation_on\", \"person\".\"probation_extended_months\", \
    \"person\".\"full_on\", \"person\".\"notes\", \"person\".\"created_at\", \
    \"person\".\"updated_at\"";

pub(super) fn insert_sql(rows: usize) -> String {
    let one = format!("({})", vec!["?"; PERSON_COLS.len()].join(","));
    let quoted: Vec<String> = PERSON_COLS.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        "INSERT INTO person ({}) VALUES {}",
        quoted.join(", "),
        vec![one.as_str(); rows].join(",")
    )
}

/// Inserts `n` people over the leaves with multi-row INSERTs, secondary indexes dropped for
/// the load and rebuilt after it in the same transaction, then refreshes statistics.
pub(super) async fn insert_people(
    store: &Store,
    n: usize,
    seed: u64,
    avoid: &HashSet<String>,
) -> anyhow::Result<()> {
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let leaves = leaves(store).await?;
    let t = Instant::now();
    let now = touyan_storage::now_ms();
    let mut g = PeopleGen::new(seed ^ 0x5eed);
    g.taken = avoid.clone();
    let mut rng = StdRng::seed_from_u64(seed ^ 0x1ea5);
    let txn = conn.begin().await?;
    let indexes = secondary_indexes(&txn, backend, "person").await?;
    for (name, _) in &indexes {
        txn.execute_unprepared(&format!("DROP INDEX \"{name}\""))
            .await?;
    }
    let mut done = 0;
    let mut next_report = 100_000;
    while done < n {
        let k = BATCH.min(n - done);
        let mut values: Vec<Value> = Vec::with_capacity(k * PERSON_COLS.len());
        for _ in 0..k {
            let p = g.next();
            let leaf = &leaves[rng.gen_range(0..leaves.len())];
            values.extend([
                p.name.into(),
                p.gender.into(),
                p.ethnicity.map(str::to_string).into(),
                p.birth.into(),
                p.id_number.into(),
                p.phone.into(),
                p.education.map(str::to_string).into(),
                leaf.id.into(),
                leaf.path.clone().into(),
                p.status.into(),
                p.dates[0].into(),
                p.dates[1].into(),
                p.dates[2].into(),
                p.dates[3].into(),
                Value::Int(None),
                p.dates[4].into(),
                Value::String(None),
                now.into(),
                now.into(),
            ]);
        }
        txn.execute(stmt(backend, &insert_sql(k), values)).await?;
        done += k;
        if done >= next_report || done == n {
            println!(
                "person: {done}/{n} rows ({:.1} s)",
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
        "person: {n} rows in {:.1} s (indexes rebuilt in {:.1} s)",
        t.elapsed().as_secs_f64(),
        ti.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    refresh_statistics(conn, backend).await?;
    println!("statistics refreshed in {:.1} s", t.elapsed().as_secs_f64());
    Ok(())
}

/// The district's org admin (created on first use), signed in.
pub(super) async fn district_admin(
    store: &Store,
) -> anyhow::Result<(i64, String, TreePath, Actor)> {
    let a = org_admin_at(store, DISTRICT_CODE, "bench_people_district").await?;
    Ok((a.node_id, a.name, a.path, a.actor))
}

/// Reads every column of every row, as the ORM would, and returns the ids.
pub(super) fn person_ids(rows: Vec<QueryResult>) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get_by_index(0)?;
        let _: String = r.try_get_by_index(1)?;
        let _: String = r.try_get_by_index(2)?;
        let _: Option<String> = r.try_get_by_index(3)?;
        let _: NaiveDate = r.try_get_by_index(4)?;
        let _: String = r.try_get_by_index(5)?;
        let _: Option<String> = r.try_get_by_index(6)?;
        let _: Option<String> = r.try_get_by_index(7)?;
        let _: i64 = r.try_get_by_index(8)?;
        let _: String = r.try_get_by_index(9)?;
        let _: String = r.try_get_by_index(10)?;
        for i in 11..15 {
            let _: Option<NaiveDate> = r.try_get_by_index(i)?;
        }
        let _: Option<i32> = r.try_get_by_index(15)?;
        let _: Option<NaiveDate> = r.try_get_by_index(16)?;
        let _: Option<String> = r.try_get_by_index(17)?;
        let _: i64 = r.try_get_by_index(18)?;
        let _: i64 = r.try_get_by_index(19)?;
        ids.push(id);
    }
    Ok(ids)
}

impl Bare<'_> {
    pub(super) fn range(&self) -> Vec<Value> {
        vec![self.path.as_str().into(), self.path.upper_bound().into()]
    }
    pub(super) fn count_sql(s: &Shape) -> String {
        format!(
            "SELECT COUNT(*) FROM \"person\" WHERE \"person\".\"node_path\" >= ? AND \"person\".\"node_path\" < ? AND {}",
            s.cond
        )
    }
    pub(super) fn page_sql(s: &Shape) -> String {
        format!(
            "SELECT {PERSON_SELECT} FROM \"person\" WHERE \"person\".\"node_path\" >= ? AND \"person\".\"node_path\" < ? AND {} \
             ORDER BY \"person\".\"node_path\" ASC, \"person\".\"id\" ASC LIMIT ? OFFSET ?",
            s.cond
        )
    }
    pub(super) fn values(&self, s: &Shape, paged: bool) -> Vec<Value> {
        let mut v = self.range();
        v.extend(s.values.iter().cloned());
        if paged {
            v.push(Value::BigUnsigned(Some(20)));
            v.push(Value::BigUnsigned(Some(0)));
        }
        v
    }
    pub(super) async fn count(&self, s: &Shape) -> anyhow::Result<i64> {
        Ok(scalar_i64(
            self.conn,
            self.backend,
            &Self::count_sql(s),
            self.values(s, false),
        )
        .await?
        .unwrap_or(0))
    }
    pub(super) async fn page_rows(&self, s: &Shape) -> Result<Vec<QueryResult>, sea_orm::DbErr> {
        self.conn
            .query_all(stmt(self.backend, &Self::page_sql(s), self.values(s, true)))
            .await
    }
    pub(super) async fn page(&self, s: &Shape) -> anyhow::Result<Vec<i64>> {
        person_ids(self.page_rows(s).await?)
    }
    /// The names of the page's nodes, as the list's views read them.
    pub(super) async fn names_lookup(&self, mut node_ids: Vec<i64>) -> anyhow::Result<()> {
        node_ids.sort_unstable();
        node_ids.dedup();
        if node_ids.is_empty() {
            return Ok(());
        }
        let marks = vec!["?"; node_ids.len()].join(", ");
        let sql = format!(
            "SELECT \"org_node\".\"id\", \"org_node\".\"name\" FROM \"org_node\" WHERE \"org_node\".\"id\" IN ({marks})"
        );
        let names = self
            .conn
            .query_all(stmt(
                self.backend,
                &sql,
                node_ids.into_iter().map(Value::from).collect(),
            ))
            .await?;
        for r in names {
            let _: String = r.try_get_by_index(1)?;
        }
        Ok(())
    }
    /// The statements `PeopleRepo::list` sends, written out: the count and the page side by
    /// side on two connections (the list's condition is the bare one: the district's range,
    /// whose path comes with the caller's grants, and the filter), then the names of the
    /// page's nodes.
    pub(super) async fn product_form(&self, s: &Shape) -> anyhow::Result<Vec<i64>> {
        let (count, rows) = tokio::join!(self.count(s), self.page_rows(s));
        count?;
        let rows = rows?;
        let mut node_ids: Vec<i64> = Vec::with_capacity(rows.len());
        for r in &rows {
            node_ids.push(r.try_get_by_index(8)?);
        }
        let ids = person_ids(rows)?;
        self.names_lookup(node_ids).await?;
        Ok(ids)
    }
    pub(super) async fn explain(
        &self,
        label: &str,
        sql: &str,
        values: Vec<Value>,
    ) -> anyhow::Result<String> {
        let (prefix, col) = match self.backend {
            DbBackend::Postgres => ("EXPLAIN (ANALYZE, BUFFERS) ", "QUERY PLAN"),
            _ => ("EXPLAIN QUERY PLAN ", "detail"),
        };
        let rows = self
            .conn
            .query_all(stmt(self.backend, &format!("{prefix}{sql}"), values))
            .await?;
        let mut out = format!("-- {label}\n");
        for r in rows {
            let line: String = r.try_get("", col)?;
            out.push_str(&line);
            out.push('\n');
        }
        Ok(out)
    }
}

pub(super) async fn bench_list(
    title: &str,
    url: &str,
    args: &BenchPeopleArgs,
    budget: Budget,
) -> anyhow::Result<ListReport> {
    println!("== scoped list, {title}: {}", redact(url));
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let mut setup = String::new();
    let have = scalar_i64(conn, backend, "SELECT COUNT(*) FROM person", vec![])
        .await?
        .unwrap_or(0);
    if have > 0 && args.reuse {
        println!("reusing the {have} people already present");
        refresh_statistics(conn, backend).await?;
        let _ = writeln!(setup, "Data reused (`--reuse`).");
    } else {
        if have > 0 {
            bail!("the database already holds people; pass --reuse or use an empty database");
        }
        let t = Instant::now();
        let shape = CityShape {
            nodes: args.nodes,
            rows: 0,
            seed: args.seed,
            ..CityShape::default()
        };
        generate_city(&store, &shape).await?;
        let tree_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        insert_people(&store, args.people, args.seed, &HashSet::new()).await?;
        let _ = writeln!(
            setup,
            "Data generated: the tree in {tree_s:.0} s (`generate_city`, no audit entries), the \
             people in {:.0} s (multi-row `INSERT`s, indexes rebuilt, statistics refreshed).",
            t.elapsed().as_secs_f64()
        );
    }
    let nodes = scalar_i64(conn, backend, "SELECT COUNT(*) FROM org_node", vec![])
        .await?
        .unwrap_or(0);
    let people = scalar_i64(conn, backend, "SELECT COUNT(*) FROM person", vec![])
        .await?
        .unwrap_or(0);
    let (node_id, name, path, actor) = district_admin(&store).await?;
    let in_scope = scalar_i64(
        conn,
        backend,
        "SELECT COUNT(*) FROM person WHERE node_path >= ? AND node_path < ?",
        vec![path.as_str().into(), path.upper_bound().into()],
    )
    .await?
    .unwrap_or(0);
    let _ = writeln!(
        setup,
        "{nodes} organization nodes, {people} people on the deepest nodes. The caller is the \
         org admin (组织管理员) of district {name} ({DISTRICT_CODE}, `{}`), signed in through \
         `Auth::login`; {in_scope} people in its scope.",
        path.as_str()
    );

    let shapes = [
        Shape {
            label: "status = full",
            filter: PersonFilter {
                under: Some(node_id),
                status: Some("full".into()),
                ..Default::default()
            },
            cond: "\"person\".\"status\" = ?",
            values: vec!["full".into()],
        },
        Shape {
            label: "name contains 华",
            filter: PersonFilter {
                under: Some(node_id),
                q: Some(NAME_Q.into()),
                ..Default::default()
            },
            cond: "\"person\".\"name\" LIKE ? ESCAPE '\\'",
            values: vec![touyan_storage::kit::sql::like_contains(NAME_Q).into()],
        },
    ];
    let bare = Bare {
        conn,
        backend,
        path: &path,
    };
    let repo = || store.scoped(&actor);
    let mut results = Vec::new();
    let mut plans = String::new();
    for s in &shapes {
        // The product and the bare statements must agree before they are timed.
        let page = repo()
            .people()
            .list(&s.filter, PageRequest::default(), false)
            .await?;
        let ids: Vec<i64> = page.items.iter().map(|p| p.id).collect();
        let page_nodes: Vec<i64> = page.items.iter().map(|p| p.node_id).collect();
        let count = bare.count(s).await?;
        let bare_ids = bare.page(s).await?;
        if page.total as i64 != count || ids != bare_ids || bare.product_form(s).await? != ids {
            bail!(
                "{}: PeopleRepo::list (total {}, first {:?}) disagrees with the bare statements (total {count}, first {:?})",
                s.label,
                page.total,
                ids.first(),
                bare_ids.first()
            );
        }
        println!("-- {}: {count} matches", s.label);
        if args.explain {
            plans.push_str(&format!("== {}\n", s.label));
            plans.push_str(
                &bare
                    .explain("count", &Bare::count_sql(s), bare.values(s, false))
                    .await?,
            );
            plans.push_str(
                &bare
                    .explain("page", &Bare::page_sql(s), bare.values(s, true))
                    .await?,
            );
        }
        let product = measure(budget, || async {
            Ok::<_, anyhow::Error>(
                repo()
                    .people()
                    .list(&s.filter, PageRequest::default(), false)
                    .await?,
            )
        })
        .await?;
        let bare_both = measure(budget, || async {
            let c = bare.count(s).await?;
            let p = bare.page(s).await?;
            Ok::<_, anyhow::Error>((c, p))
        })
        .await?;
        let bare_count = measure(budget, || bare.count(s)).await?;
        let bare_page = measure(budget, || bare.page(s)).await?;
        let product_form = measure(budget, || bare.product_form(s)).await?;
        let lookups = measure(budget, || bare.names_lookup(page_nodes.clone())).await?;
        println!(
            "   PeopleRepo::list {} | bare count + page {} | count {} | page {} | product's statements {}",
            product.cell(),
            bare_both.cell(),
            bare_count.cell(),
            bare_page.cell(),
            product_form.cell()
        );
        results.push(ShapeResult {
            label: s.label,
            total: count,
            product,
            bare: bare_both,
            bare_count,
            bare_page,
            product_form,
            lookups,
        });
    }
    store.raw_connection().clone().close().await?;
    Ok(ListReport {
        title: title.to_string(),
        setup,
        shapes: results,
        plans,
    })
}

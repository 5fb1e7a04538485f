//! Writing the city into a database with bare bulk inserts: the tree, its accounts and the
//! audit entries attached to its nodes.

use super::*;

pub(crate) fn insert_sql(table: &str, cols: &[&str], rows: usize) -> String {
    let one = format!("({})", vec!["?"; cols.len()].join(","));
    let quoted: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        quoted.join(", "),
        vec![one.as_str(); rows].join(",")
    )
}

pub(crate) async fn scalar_i64<C: ConnectionTrait>(
    conn: &C,
    backend: DbBackend,
    sql: &str,
    values: Vec<Value>,
) -> anyhow::Result<Option<i64>> {
    let row = conn.query_one(stmt(backend, sql, values)).await?;
    Ok(match row {
        Some(r) => r.try_get_by_index::<Option<i64>>(0)?,
        None => None,
    })
}

pub(super) async fn city_present(
    conn: &DatabaseConnection,
    backend: DbBackend,
) -> anyhow::Result<bool> {
    Ok(scalar_i64(
        conn,
        backend,
        "SELECT id FROM org_node WHERE code = ?",
        vec![CITY_CODE.into()],
    )
    .await?
    .is_some())
}

pub(crate) const ORG_COLS: [&str; 12] = [
    "id",
    "parent_id",
    "path",
    "depth",
    "name",
    "spell",
    "kind",
    "code",
    "sort_order",
    "status",
    "created_at",
    "updated_at",
];

pub(super) const AUDIT_COLS: [&str; 12] = [
    "id",
    "at",
    "actor_id",
    "actor_name",
    "ip",
    "action",
    "record_type",
    "record_id",
    "node_id",
    "node_path",
    "before",
    "after",
];

/// Builds the city: the tree and `shape.rows` audit entries, in one transaction per table,
/// then refreshes the planner statistics. Refuses a database that already holds it.
pub async fn generate_city(store: &Store, shape: &CityShape) -> anyhow::Result<()> {
    let conn = store.raw_connection();
    let backend = store.db_backend();
    if city_present(conn, backend).await? {
        println!("city data already present (organization code {CITY_CODE}); nothing to do");
        return Ok(());
    }
    let started = Instant::now();
    let now = touyan_storage::now_ms();
    let node_base = scalar_i64(conn, backend, "SELECT MAX(id) FROM org_node", vec![])
        .await?
        .unwrap_or(0)
        + 1;
    let tree = build_tree(shape, node_base)?;

    // The tree.
    let t = Instant::now();
    let txn = conn.begin().await?;
    txn.execute(stmt(
        backend,
        "INSERT INTO org_kind (code, name_zh, name_en, sort_order, builtin) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (code) DO NOTHING",
        vec![
            "city".into(),
            "市".into(),
            "City".into(),
            5i32.into(),
            false.into(),
        ],
    ))
    .await?;
    // The city kind's place in the tree, beside the seeded rules for the kinds below it.
    for (parent, child) in CITY_KIND_RULES {
        txn.execute(stmt(
            backend,
            "INSERT INTO org_kind_rule (parent_kind, child_kind) VALUES (?, ?) \
             ON CONFLICT (parent_kind, child_kind) DO NOTHING",
            vec![(*parent).into(), (*child).into()],
        ))
        .await?;
    }
    for chunk in tree.chunks(BATCH) {
        let mut values = Vec::with_capacity(chunk.len() * ORG_COLS.len());
        for n in chunk {
            values.extend([
                n.id.into(),
                n.parent_id.into(),
                n.path.clone().into(),
                n.depth.into(),
                n.name.clone().into(),
                touyan_domain::spell::spell_key(&n.name).into(),
                n.kind.into(),
                n.code.clone().into(),
                n.sort_order.into(),
                "active".into(),
                now.into(),
                now.into(),
            ]);
        }
        txn.execute(stmt(
            backend,
            &insert_sql("org_node", &ORG_COLS, chunk.len()),
            values,
        ))
        .await?;
    }
    txn.commit().await?;
    println!(
        "org_node: {} nodes in {:.1} s",
        tree.len(),
        t.elapsed().as_secs_f64()
    );

    // The audit log: secondary indexes are dropped for the load and built again after it,
    // in the same transaction, from their own stored definitions.
    let t = Instant::now();
    let audit_base = scalar_i64(conn, backend, "SELECT MAX(id) FROM audit_log", vec![])
        .await?
        .unwrap_or(0)
        + 1;
    let txn = conn.begin().await?;
    let indexes = secondary_indexes(&txn, backend, "audit_log").await?;
    for (name, _) in &indexes {
        txn.execute_unprepared(&format!("DROP INDEX \"{name}\""))
            .await?;
    }
    let mut rng = StdRng::seed_from_u64(shape.seed);
    let by_depth: Vec<Vec<&GenNode>> = (1..=5)
        .map(|d| tree.iter().filter(|n| n.depth == d).collect())
        .collect();
    let span_ms: i64 = 2 * 365 * 86_400_000;
    let t0 = now - span_ms;
    let step = (span_ms / shape.rows.max(1) as i64).max(1);
    let mut done = 0usize;
    let mut next_report = 100_000usize;
    while done < shape.rows {
        let n = BATCH.min(shape.rows - done);
        let mut values = Vec::with_capacity(n * AUDIT_COLS.len());
        for i in done..done + n {
            let at = t0 + i as i64 * step + rng.gen_range(0..step);
            audit_row(&mut rng, &by_depth, audit_base + i as i64, at, &mut values);
        }
        txn.execute(stmt(
            backend,
            &insert_sql("audit_log", &AUDIT_COLS, n),
            values,
        ))
        .await?;
        done += n;
        if done >= next_report || done == shape.rows {
            println!(
                "audit_log: {done}/{} rows ({:.1} s)",
                shape.rows,
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
        "audit_log: {} rows in {:.1} s (indexes rebuilt in {:.1} s)",
        shape.rows,
        t.elapsed().as_secs_f64(),
        ti.elapsed().as_secs_f64()
    );

    if backend == DbBackend::Postgres {
        for table in ["org_node", "audit_log"] {
            conn.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .await?;
        }
    }
    // What the product derives from the nodes (their subtree counts), as an upgrade would.
    let t = Instant::now();
    store.repair().await?;
    println!("derived data rebuilt in {:.1} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    refresh_statistics(conn, backend).await?;
    println!(
        "statistics refreshed in {:.1} s; city generated in {:.1} s",
        t.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `ANALYZE` (SQLite's bundled build keeps STAT4 samples) and a WAL checkpoint on SQLite;
/// `VACUUM ANALYZE` on PostgreSQL, which also sets the visibility map that index-only
/// scans rely on (autovacuum would do the same some time after a bulk load).
pub(crate) async fn refresh_statistics(
    conn: &DatabaseConnection,
    backend: DbBackend,
) -> anyhow::Result<()> {
    match backend {
        DbBackend::Postgres => {
            conn.execute_unprepared("VACUUM ANALYZE").await?;
        }
        _ => {
            conn.execute_unprepared("ANALYZE").await?;
            conn.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await?;
        }
    }
    Ok(())
}

/// The secondary indexes of `table` (a name of ours, not input) as (name, CREATE statement).
pub(crate) async fn secondary_indexes<C: ConnectionTrait>(
    conn: &C,
    backend: DbBackend,
    table: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    let sql = match backend {
        DbBackend::Postgres => format!(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() \
             AND tablename = '{table}' AND indexname NOT IN \
             (SELECT conname FROM pg_constraint WHERE conrelid = '{table}'::regclass)"
        ),
        _ => format!(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}' \
             AND sql IS NOT NULL"
        ),
    };
    let rows = conn.query_all(stmt(backend, &sql, vec![])).await?;
    rows.iter()
        .map(|r| Ok((r.try_get_by_index(0)?, r.try_get_by_index(1)?)))
        .collect()
}

/// One plausible audit entry, appended to `values` in [`AUDIT_COLS`] order.
pub(super) fn audit_row(
    rng: &mut StdRng,
    by_depth: &[Vec<&GenNode>],
    id: i64,
    at: i64,
    values: &mut Vec<Value>,
) {
    let pick =
        |rng: &mut StdRng, d: usize| by_depth[d - 1][rng.gen_range(0..by_depth[d - 1].len())];
    let r: f64 = rng.gen();
    // Most entries belong to grids and enterprises, some to the offices above them, a few
    // to the whole tree (roles and dictionaries).
    let node = if r < 0.005 {
        None
    } else if r < 0.01 {
        Some(pick(rng, 1))
    } else if r < 0.04 {
        Some(pick(rng, 2))
    } else if r < 0.09 {
        Some(pick(rng, 3))
    } else if r < 0.19 {
        Some(pick(rng, 4))
    } else {
        Some(pick(rng, 5))
    };
    let ip = format!(
        "10.{}.{}.{}",
        rng.gen_range(0..32),
        rng.gen_range(0..256),
        rng.gen_range(1..255)
    );
    let actor = node.map_or(1, |n| n.id);
    let actor_name = match node.map(|n| n.depth) {
        Some(5) => format!("wgy{actor}"),
        Some(_) => format!("gly{actor}"),
        None => "admin".to_string(),
    };
    let person = |rng: &mut StdRng| {
        format!(
            "{}{}",
            SURNAMES[rng.gen_range(0..SURNAMES.len())],
            COMMUNITY_WORDS[rng.gen_range(0..COMMUNITY_WORDS.len())]
        )
    };
    let uid = rng.gen_range(1000..200_000);
    let (action, record_type, record_id, before, after): (
        &str,
        &str,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = match node {
        None => (
            "update",
            "role",
            Some(rng.gen_range(1..20).to_string()),
            Some(r#"{"permissions":["org.read","audit.read"]}"#.into()),
            Some(r#"{"permissions":["org.read","org.write","audit.read"]}"#.into()),
        ),
        Some(n) => {
            let k: u32 = rng.gen_range(0..100);
            match k {
                0..=34 => ("login", "session", Some(uid.to_string()), None, None),
                35..=44 => ("logout", "session", Some(uid.to_string()), None, None),
                45..=51 => (
                    "login_failed",
                    "session",
                    None,
                    None,
                    Some(format!(r#"{{"username":"{actor_name}"}}"#)),
                ),
                52..=63 => {
                    let (a, b) = (rng.gen_range(0..20), rng.gen_range(0..20));
                    (
                        "update",
                        "org_node",
                        Some(n.id.to_string()),
                        Some(format!(r#"{{"sort_order":{a}}}"#)),
                        Some(format!(r#"{{"sort_order":{b}}}"#)),
                    )
                }
                64..=71 => (
                    "create",
                    "user",
                    Some(uid.to_string()),
                    None,
                    Some(format!(
                        r#"{{"username":"u{uid}","display_name":"{}","status":"active"}}"#,
                        person(rng)
                    )),
                ),
                72..=81 => (
                    "update",
                    "user",
                    Some(uid.to_string()),
                    Some(r#"{"status":"active"}"#.into()),
                    Some(r#"{"status":"disabled"}"#.into()),
                ),
                82..=87 => (
                    "create",
                    "assignment",
                    Some(rng.gen_range(1..100_000).to_string()),
                    None,
                    Some(format!(r#"{{"user_id":{uid},"role":"readonly"}}"#)),
                ),
                88..=92 => (
                    "export",
                    "user",
                    None,
                    None,
                    Some(format!(r#"{{"rows":{}}}"#, rng.gen_range(1..500))),
                ),
                93..=96 => (
                    "create",
                    "api_token",
                    Some(rng.gen_range(1..10_000).to_string()),
                    None,
                    Some(r#"{"name":"sync","permissions":null}"#.into()),
                ),
                _ => (
                    "create",
                    "org_node",
                    Some(n.id.to_string()),
                    None,
                    Some(format!(r#"{{"kind":"{}","status":"active"}}"#, n.kind)),
                ),
            }
        }
    };
    values.extend([
        id.into(),
        at.into(),
        Value::BigInt(None),
        actor_name.into(),
        Some(ip).into(),
        action.into(),
        record_type.into(),
        record_id.into(),
        node.map(|n| n.id).into(),
        node.map_or("/".to_string(), |n| n.path.clone()).into(),
        before.into(),
        after.into(),
    ]);
}

//! Writing the requests in bulk: the districts they fall in, the rows, and the counters the
//! measures read.

use super::*;

pub(super) fn insert_sql(table: &str, cols: &[&str], rows: usize) -> String {
    let one = format!("({})", vec!["?"; cols.len()].join(","));
    let quoted: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        quoted.join(", "),
        vec![one.as_str(); rows].join(",")
    )
}

pub(super) async fn load_districts(
    conn: &DatabaseConnection,
    backend: DbBackend,
) -> anyhow::Result<(Vec<Node>, Vec<District>)> {
    let rows = conn
        .query_all(stmt(
            backend,
            "SELECT id, parent_id, path, depth, kind FROM org_node WHERE code LIKE 'CY%' ORDER BY path",
            vec![],
        ))
        .await?;
    let mut nodes = Vec::with_capacity(rows.len());
    for r in rows {
        nodes.push(Node {
            id: r.try_get_by_index(0)?,
            parent: r.try_get_by_index(1)?,
            path: r.try_get_by_index(2)?,
            depth: r.try_get_by_index(3)?,
            kind: r.try_get_by_index(4)?,
        });
    }
    let index: HashMap<i64, usize> = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let mut districts: Vec<District> = Vec::new();
    let mut of_district: HashMap<i64, usize> = HashMap::new();
    for n in &nodes {
        if n.depth == 2 {
            of_district.insert(n.id, districts.len());
            districts.push(District {
                spots: vec![],
                units: vec![],
            });
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        if n.depth < 3 {
            continue;
        }
        let ids = TreePath::parse(&n.path)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?
            .ids();
        let Some(d) = of_district.get(&ids[1]).copied() else {
            continue;
        };
        if n.depth == 3 {
            districts[d].units.push(i);
            continue;
        }
        // The product's dispatching unit: the nearest community, else street, park, district.
        let chain: Vec<usize> = ids.iter().filter_map(|x| index.get(x).copied()).collect();
        let dispatcher = ["community", "street", "park", "district"]
            .iter()
            .find_map(|k| chain.iter().rev().find(|c| nodes[**c].kind == *k).copied())
            .unwrap_or(chain[0]);
        let above = nodes[dispatcher]
            .parent
            .and_then(|p| index.get(&p).copied())
            .filter(|p| nodes[*p].depth >= 2);
        districts[d].spots.push(Spot {
            node: i,
            dispatcher,
            above,
        });
    }
    if districts.iter().any(|d| d.spots.is_empty()) {
        bail!("a district without grids: generate the city with its default shape");
    }
    Ok((nodes, districts))
}

/// Writes counters with plain multi-row INSERTs (no row is written twice: see the caller).
pub(super) async fn insert_counters<C: ConnectionTrait>(
    conn: &C,
    backend: DbBackend,
    d: Deltas,
) -> anyhow::Result<u64> {
    let mut n = 0u64;
    let cube: Vec<_> = d.cube.into_iter().collect();
    let cols: Vec<&str> = ["node_id", "day", "category", "channel", "located"]
        .into_iter()
        .chain(COUNTER_COLUMNS)
        .collect();
    for chunk in cube.chunks(STAT_BATCH) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * cols.len());
        for ((node, day, cat, chan, loc), v) in chunk {
            values.extend([
                (*node).into(),
                (*day).into(),
                cat.clone().into(),
                chan.clone().into(),
                (*loc).into(),
            ]);
            values.extend(v.iter().map(|x| Value::from(*x)));
        }
        conn.execute(stmt(
            backend,
            &insert_sql("request_stat", &cols, chunk.len()),
            values,
        ))
        .await?;
        n += chunk.len() as u64;
    }
    let handler: Vec<_> = d.handler.into_iter().collect();
    let cols: Vec<&str> = ["node_id", "day", "handling_node_id"]
        .into_iter()
        .chain(COUNTER_COLUMNS)
        .collect();
    for chunk in handler.chunks(STAT_BATCH) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * cols.len());
        for ((node, day, h), v) in chunk {
            values.extend([(*node).into(), (*day).into(), (*h).into()]);
            values.extend(v.iter().map(|x| Value::from(*x)));
        }
        conn.execute(stmt(
            backend,
            &insert_sql("request_stat_handler", &cols, chunk.len()),
            values,
        ))
        .await?;
        n += chunk.len() as u64;
    }
    Ok(n)
}

/// Generates the requests, their marks and the counters, district by district, in one
/// transaction; secondary indexes are dropped for the load and built again after it.
pub(super) async fn generate_requests(
    store: &Store,
    args: &BenchRequestsArgs,
) -> anyhow::Result<String> {
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let (nodes, districts) = load_districts(conn, backend).await?;
    let root = nodes
        .iter()
        .find(|n| n.depth == 1)
        .map(|n| n.id)
        .context("no city root")?;
    let t = Instant::now();
    let now = touyan_storage::now_ms();
    let span = args.months.max(1) * 30 * DAY;
    let mut rng = StdRng::seed_from_u64(args.seed ^ 0x7e9_0e57);
    let txn = conn.begin().await?;
    let mut dropped = Vec::new();
    for table in [
        "service_request",
        "request_reach",
        "request_stat",
        "request_stat_handler",
    ] {
        for (name, sql) in secondary_indexes(&txn, backend, table).await? {
            txn.execute_unprepared(&format!("DROP INDEX \"{name}\""))
                .await?;
            dropped.push(sql);
        }
    }
    let per = args.requests / districts.len();
    let mut next_id = scalar_i64(&txn, backend, "SELECT MAX(id) FROM service_request", vec![])
        .await?
        .unwrap_or(0)
        + 1;
    // Counters of the city root collect every district's requests; they are written last.
    let mut at_root = Deltas::default();
    let mut counter_rows = 0u64;
    let mut total_reach = 0u64;
    let mut done = 0usize;
    let mut t_counters = Duration::ZERO;
    for (di, d) in districts.iter().enumerate() {
        let count = if di + 1 == districts.len() {
            args.requests - per * di
        } else {
            per
        };
        let mut deltas = Deltas::default();
        let mut left = count;
        while left > 0 {
            let k = BATCH.min(left);
            let mut values = Vec::with_capacity(k * REQUEST_COLS.len());
            let mut marks = Vec::with_capacity(k * MARK_COLS.len());
            let mut reach: Vec<Value> = Vec::with_capacity(k * 6 * REACH_COLS.len());
            let mut reach_rows = 0;
            for _ in 0..k {
                let g = gen_request(&mut rng, next_id, &nodes, d, now, span);
                next_id += 1;
                values.extend(g.values);
                for (node, at, cat) in g.reach {
                    reach.extend([g.id.into(), node.into(), at.into(), cat.into()]);
                    reach_rows += 1;
                }
                let c = &g.contribution;
                marks.extend([
                    g.id.into(),
                    c.day.into(),
                    c.category.clone().into(),
                    c.channel.clone().into(),
                    c.node_path.clone().into(),
                    c.handling_node_id.into(),
                    c.handling_path.clone().into(),
                    c.flags.into(),
                    c.due_at.into(),
                ]);
                deltas.add(c, 1);
            }
            txn.execute(stmt(
                backend,
                &insert_sql("service_request", &REQUEST_COLS, k),
                values,
            ))
            .await?;
            txn.execute(stmt(
                backend,
                &insert_sql("request_stat_mark", &MARK_COLS, k),
                marks,
            ))
            .await?;
            // In statements of at most REACH_BATCH rows.
            let mut reach = reach.into_iter();
            while reach_rows > 0 {
                let n = reach_rows.min(REACH_BATCH);
                let chunk: Vec<Value> = reach.by_ref().take(n * REACH_COLS.len()).collect();
                txn.execute(stmt(
                    backend,
                    &insert_sql("request_reach", &REACH_COLS, n),
                    chunk,
                ))
                .await?;
                reach_rows -= n;
                total_reach += n as u64;
            }
            left -= k;
            done += k;
        }
        let tc = Instant::now();
        let mut here = Deltas::default();
        for (k, v) in deltas.cube {
            if k.0 == root {
                at_root
                    .cube
                    .insert(k.clone(), add(at_root.cube.get(&k), &v));
            } else {
                here.cube.insert(k, v);
            }
        }
        for (k, v) in deltas.handler {
            if k.0 == root {
                at_root.handler.insert(k, add(at_root.handler.get(&k), &v));
            } else {
                here.handler.insert(k, v);
            }
        }
        counter_rows += insert_counters(&txn, backend, here).await?;
        t_counters += tc.elapsed();
        println!(
            "service_request: {done}/{} rows, {counter_rows} counter rows ({:.1} s)",
            args.requests,
            t.elapsed().as_secs_f64()
        );
    }
    counter_rows += insert_counters(&txn, backend, at_root).await?;
    let ti = Instant::now();
    for sql in &dropped {
        txn.execute_unprepared(sql).await?;
    }
    txn.commit().await?;
    let index_s = ti.elapsed().as_secs_f64();
    if backend == DbBackend::Postgres {
        conn.execute_unprepared(
            "SELECT setval(pg_get_serial_sequence('service_request', 'id'), (SELECT MAX(id) FROM service_request))",
        )
        .await?;
    }
    let tr = Instant::now();
    refresh_statistics(conn, backend).await?;
    let total = t.elapsed().as_secs_f64();
    println!("requests generated in {total:.1} s");
    Ok(format!(
        "Data generated in {total:.0} s: {} requests with their marks, {total_reach} reach rows \
         and {counter_rows} counter rows (of which {:.0} s writing counters), indexes rebuilt in \
         {index_s:.0} s, statistics refreshed in {:.0} s.",
        args.requests,
        t_counters.as_secs_f64(),
        tr.elapsed().as_secs_f64()
    ))
}

pub(super) fn add(a: Option<&[i64; 17]>, b: &[i64; 17]) -> [i64; 17] {
    let mut o = a.copied().unwrap_or([0; 17]);
    for (x, y) in o.iter_mut().zip(b.iter()) {
        *x += *y;
    }
    o
}

//! The cadence benchmark's data, written with bare multi-row INSERTs around the product: a
//! party branch (党支部) under every enterprise of the generated city, and activities spread
//! over the branches and the years before the judged day, with the per-day counts the
//! product keeps beside them (`cadence_count`) summed here the way its writes sum them.

use crate::bench::{insert_sql, stmt, ORG_COLS};
use anyhow::Context;
use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, TransactionTrait, Value};
use std::collections::HashMap;
use touyan_storage::Store;

/// Rows per INSERT.
const BATCH: usize = 400;

/// The activity types a branch holds, as the generator draws them: one type alone, or a
/// branch members' meeting with a party lecture (one record satisfying both).
const DRAWS: &[&str] = &[
    "theme_day",
    "committee_meeting",
    "group_meeting",
    "theme_day",
    "committee_meeting",
    "group_meeting",
    "party_lecture",
    "branch_congress,party_lecture",
    "branch_congress",
    "life_meeting",
    "member_review",
];

/// A branch of the generated data.
pub(crate) struct Branch {
    pub(crate) id: i64,
    pub(crate) path: String,
}

async fn insert_rows(
    conn: &impl ConnectionTrait,
    backend: DbBackend,
    table: &str,
    cols: &[&str],
    rows: Vec<Vec<Value>>,
) -> anyhow::Result<()> {
    for chunk in rows.chunks(BATCH) {
        let sql = insert_sql(table, cols, chunk.len());
        let values: Vec<Value> = chunk.iter().flatten().cloned().collect();
        conn.execute(stmt(backend, &sql, values)).await?;
    }
    Ok(())
}

/// One party branch under each enterprise node, ids after the largest.
pub(crate) async fn add_branches(store: &Store) -> anyhow::Result<Vec<Branch>> {
    let conn: &DatabaseConnection = store.raw_connection();
    let backend = store.db_backend();
    let rows = conn
        .query_all(stmt(
            backend,
            "SELECT id, path, depth, code FROM org_node WHERE kind = 'enterprise' ORDER BY path",
            vec![],
        ))
        .await?;
    let next = conn
        .query_one(stmt(backend, "SELECT MAX(id) FROM org_node", vec![]))
        .await?
        .context("a maximum")?
        .try_get_by_index::<i64>(0)?
        + 1;
    let now = touyan_storage::now_ms();
    let mut nodes = Vec::with_capacity(rows.len());
    let mut out = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let parent: i64 = r.try_get_by_index(0)?;
        let ppath: String = r.try_get_by_index(1)?;
        let depth: i32 = r.try_get_by_index(2)?;
        let code: String = r.try_get_by_index(3)?;
        let id = next + i as i64;
        let path = format!("{ppath}{id}/");
        let name = "党支部".to_string();
        nodes.push(vec![
            id.into(),
            parent.into(),
            path.clone().into(),
            (depth + 1).into(),
            name.clone().into(),
            touyan_domain::spell::spell_key(&name).into(),
            "party_branch".into(),
            format!("{code}-B").into(),
            0i32.into(),
            "active".into(),
            now.into(),
            now.into(),
        ]);
        out.push(Branch { id, path });
    }
    let txn = conn.begin().await?;
    insert_rows(&txn, backend, "org_node", &ORG_COLS, nodes).await?;
    txn.commit().await?;
    Ok(out)
}

const ACTIVITY_COLS: [&str; 20] = [
    "node_id",
    "node_path",
    "types",
    "held_at",
    "held_on",
    "place",
    "host",
    "recorder",
    "lecturer",
    "topic",
    "minutes",
    "expected",
    "present",
    "on_leave",
    "absent",
    "late",
    "recorded_on",
    "recorded_by",
    "created_at",
    "updated_at",
];

const COUNT_COLS: [&str; 6] = [
    "node_id",
    "node_path",
    "activity_type",
    "held_on",
    "n",
    "late",
];

/// `total` activities spread evenly over the branches and over the `years` years up to
/// `on`, each on a random day and entered late one time in twenty, with their per-day
/// counts. Returns the per-day count rows written.
pub(super) async fn add_activities(
    store: &Store,
    branches: &[Branch],
    total: usize,
    on: NaiveDate,
    years: i64,
    seed: u64,
) -> anyhow::Result<usize> {
    let conn = store.raw_connection();
    let backend = store.db_backend();
    let mut rng = StdRng::seed_from_u64(seed);
    let first = on - Duration::days(365 * years);
    let span = (on - first).num_days().max(1);
    let now = touyan_storage::now_ms();
    let mut counts: HashMap<(i64, &'static str, NaiveDate), (i64, i64, usize)> = HashMap::new();
    let txn = conn.begin().await?;
    let mut rows = Vec::with_capacity(BATCH * 10);
    for i in 0..total {
        let b = &branches[i % branches.len()];
        let day = first + Duration::days(rng.gen_range(0..=span));
        let types = DRAWS[rng.gen_range(0..DRAWS.len())];
        let late = rng.gen_range(0..20) == 0;
        let held_at = day
            .and_hms_opt(9 + (i % 8) as u32, 30, 0)
            .context("a time")?;
        let recorded_on = if late { day + Duration::days(40) } else { day };
        rows.push(vec![
            b.id.into(),
            b.path.clone().into(),
            types.into(),
            held_at.into(),
            day.into(),
            Some("党员活动室".to_string()).into(),
            Some("支部书记".to_string()).into(),
            Some("组织委员".to_string()).into(),
            None::<String>.into(),
            format!("{}年{}月组织生活", day.year(), day.month()).into(),
            None::<String>.into(),
            12i64.into(),
            10i64.into(),
            1i64.into(),
            1i64.into(),
            late.into(),
            recorded_on.into(),
            "bench".into(),
            now.into(),
            now.into(),
        ]);
        for ty in types.split(',') {
            let ty: &'static str = DRAWS
                .iter()
                .flat_map(|d| d.split(','))
                .find(|d| *d == ty)
                .context("a known type")?;
            let e = counts
                .entry((b.id, ty, day))
                .or_insert((0, 0, i % branches.len()));
            e.0 += 1;
            e.1 += i64::from(late);
        }
        if rows.len() >= BATCH * 10 {
            insert_rows(
                &txn,
                backend,
                "cadence_activity",
                &ACTIVITY_COLS,
                std::mem::take(&mut rows),
            )
            .await?;
        }
        if (i + 1) % 200_000 == 0 {
            println!("cadence_activity: {}/{total} rows", i + 1);
        }
    }
    insert_rows(&txn, backend, "cadence_activity", &ACTIVITY_COLS, rows).await?;
    let n = counts.len();
    let count_rows: Vec<Vec<Value>> = counts
        .into_iter()
        .map(|((node, ty, day), (k, late, b))| {
            vec![
                node.into(),
                branches[b].path.clone().into(),
                ty.into(),
                day.into(),
                k.into(),
                late.into(),
            ]
        })
        .collect();
    insert_rows(&txn, backend, "cadence_count", &COUNT_COLS, count_rows).await?;
    txn.commit().await?;
    // The planner's statistics, as after a bulk load in production.
    conn.execute_unprepared("ANALYZE").await?;
    Ok(n)
}

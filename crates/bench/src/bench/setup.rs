//! What a run sets up: the common way's ancestor lists, indexes and statistics, an org admin
//! at each level and the levels themselves.

use super::*;

pub(super) fn hex_nonce() -> String {
    let n: u64 = rand::random();
    format!("{n:016x}")
}

/// The comparison's own table: RuoYi's `sys_dept` shape with `ancestors` = the ids from the
/// top down to the parent, joined by commas and starting with 0 ("0,1,5"), mirroring
/// org_node. Any index on `audit_log.node_id` left by an earlier run is dropped: the first
/// phase measures the common way without one.
pub(super) async fn build_common_way(
    conn: &DatabaseConnection,
    backend: DbBackend,
) -> anyhow::Result<()> {
    conn.execute_unprepared("DROP INDEX IF EXISTS bench_ix_audit_node")
        .await?;
    conn.execute_unprepared("DROP TABLE IF EXISTS bench_dept")
        .await?;
    conn.execute_unprepared(
        "CREATE TABLE bench_dept (dept_id BIGINT PRIMARY KEY, parent_id BIGINT, ancestors TEXT NOT NULL)",
    )
    .await?;
    let rows = conn
        .query_all(stmt(
            backend,
            "SELECT id, path FROM org_node ORDER BY id",
            vec![],
        ))
        .await?;
    let mut depts = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get_by_index(0)?;
        let path: String = r.try_get_by_index(1)?;
        let p = TreePath::parse(&path).map_err(|e| anyhow::anyhow!("{path}: {e:?}"))?;
        let ids = p.ids();
        let parents = &ids[..ids.len().saturating_sub(1)];
        let mut anc = String::from("0");
        for a in parents {
            let _ = write!(anc, ",{a}");
        }
        depts.push((id, parents.last().copied(), anc));
    }
    let txn = conn.begin().await?;
    for chunk in depts.chunks(BATCH) {
        let mut values = Vec::with_capacity(chunk.len() * 3);
        for (id, parent, anc) in chunk {
            values.extend([Value::from(*id), Value::from(*parent), anc.clone().into()]);
        }
        txn.execute(stmt(
            backend,
            &insert_sql(
                "bench_dept",
                &["dept_id", "parent_id", "ancestors"],
                chunk.len(),
            ),
            values,
        ))
        .await?;
    }
    txn.commit().await?;
    analyze(conn, backend).await
}

/// The common way's best case: its lookups by node id become index range scans.
pub(super) async fn index_node_id(
    conn: &DatabaseConnection,
    backend: DbBackend,
) -> anyhow::Result<()> {
    conn.execute_unprepared("CREATE INDEX bench_ix_audit_node ON audit_log (node_id, id)")
        .await?;
    analyze(conn, backend).await
}

pub(super) async fn analyze(conn: &DatabaseConnection, backend: DbBackend) -> anyhow::Result<()> {
    match backend {
        DbBackend::Postgres => {
            conn.execute_unprepared("VACUUM ANALYZE bench_dept").await?;
            conn.execute_unprepared("ANALYZE audit_log").await?;
        }
        _ => {
            conn.execute_unprepared("ANALYZE").await?;
        }
    }
    Ok(())
}

/// Finds the node with `code`, gives it the org admin `username` (created on first use) and
/// signs that admin in.
pub(crate) async fn org_admin_at(
    store: &Store,
    code: &str,
    username: &str,
) -> anyhow::Result<AdminAt> {
    let row = store
        .raw_connection()
        .query_one(stmt(
            store.db_backend(),
            "SELECT id, path, name, depth FROM org_node WHERE code = ?",
            vec![code.into()],
        ))
        .await?
        .with_context(|| format!("no node with code {code}: generate the city first"))?;
    let node_id: i64 = row.try_get_by_index(0)?;
    let path: String = row.try_get_by_index(1)?;
    let name: String = row.try_get_by_index(2)?;
    let depth: i32 = row.try_get_by_index(3)?;
    let path = TreePath::parse(&path).map_err(|e| anyhow::anyhow!("{path}: {e:?}"))?;

    let system = Actor::system();
    let s = store.scoped(&system);
    let existing = s
        .users()
        .all(
            &UserFilter {
                q: Some(username.to_string()),
                ..Default::default()
            },
            10,
        )
        .await?;
    if !existing.iter().any(|u| u.username == username) {
        let new = NewUser::parse(username, &format!("{name}管理员"), BENCH_PASSWORD)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let u = s.users().create(new, Some(node_id)).await?;
        let role = s.roles().by_code("org_admin").await?;
        s.users().assign(u.id, role.id, Some(node_id)).await?;
    }
    let ok = store
        .auth()
        .login(username, BENCH_PASSWORD, Some("127.0.0.1".into()))
        .await
        .map_err(|e| anyhow::anyhow!("login {username}: {e:?}"))?;
    Ok(AdminAt {
        node_id,
        name,
        depth,
        path,
        actor: ok.actor,
    })
}

/// The node with `code` and its org admin's API token and signed-in actor.
pub(super) async fn make_level(
    store: &Store,
    label: &'static str,
    code: &str,
) -> anyhow::Result<Level> {
    let a = org_admin_at(store, code, &format!("bench_{label}")).await?;
    let token = store
        .scoped(&a.actor)
        .tokens()
        .create("bench", None, None)
        .await?;
    Ok(Level {
        label,
        node_id: a.node_id,
        name: a.name,
        depth: a.depth,
        path: a.path,
        token: token.secret,
        actor: a.actor,
    })
}

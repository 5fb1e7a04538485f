//! A database written by an earlier version upgrades and serves. The fixtures were written by
//! `touyan demo` on 2026-12-03, before the built-in roles moved out of the migrations and the
//! migrations' shared helpers into one module: a SQLite file, and a PostgreSQL database as
//! `pg_dump --inserts` wrote it (its `\restrict` lines, which only psql reads, taken out).
//! Opened by this version, each is migrated (nothing left to apply), its roles are brought up
//! to the code's list, every count stays as it was, and the demo logins work.

use crate::common::*;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use std::io::Read;

const TABLES: [&str; 10] = [
    "org_node",
    "app_user",
    "role",
    "person",
    "studio",
    "service_request",
    "audit_log",
    "request_event",
    "visit",
    "seaql_migrations",
];

async fn counts(db: &DatabaseConnection) -> Vec<(String, i64)> {
    let mut out = vec![];
    for t in TABLES {
        let row = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) FROM {t}"),
            ))
            .await
            .unwrap()
            .unwrap();
        out.push((t.to_string(), row.try_get_by_index::<i64>(0).unwrap()));
    }
    out
}

/// Serves the database at `url`, written by the earlier version, and checks it.
async fn upgrades_and_serves(url: String) {
    let before = {
        let db = Database::connect(&url).await.unwrap();
        let c = counts(&db).await;
        db.close().await.unwrap();
        c
    };
    assert!(before
        .iter()
        .any(|(t, n)| t == "service_request" && *n == 1099));

    let app = spawn_with(|c| c.database_url = url.clone()).await;
    let db = Database::connect(&url).await.unwrap();
    // Nothing added or lost but the rows of the migrations written since (m0014_org_spell,
    // m0015_org_counts, m0016_enterprise, m0017_enterprise_links, m0018_centre,
    // m0019_enterprise_census, m0020_enterprise_mark, m0021_enterprise_park, m0022_cadence,
    // m0023_cadence_studio, m0023_enterprise_counts, m0023_notice, m0023_task,
    // m0024_cadence_signin, m0025_cadence_file, m0026_campaign, m0027_task_edit,
    // m0028_enterprise_count_dims, m0029_cadence_change, m0030_evaluation, m0031_rating,
    // m0032_park_committee, m0033_round_subject, m0034_studio_evaluation, m0035_commendation,
    // m0036_round_file, m0037_allowance_payee, m0038_campaign_links,
    // m0039_studio_decision_per_proposal, m0040_enterprise_chain_counts,
    // m0041_activity_centre).
    let migrations_since = 31;
    let expected: Vec<(String, i64)> = before
        .iter()
        .map(|(t, n)| match t.as_str() {
            "seaql_migrations" => (t.clone(), n + migrations_since),
            _ => (t.clone(), *n),
        })
        .collect();
    assert_eq!(counts(&db).await, expected, "nothing added or lost");
    // The built-in roles hold what this version gives them.
    for r in touyan_domain::access::BUILTIN_ROLES.iter() {
        let sql = match db.get_database_backend() {
            sea_orm::DbBackend::Postgres => {
                "SELECT permissions FROM role WHERE code = $1 AND builtin = $2"
            }
            _ => "SELECT permissions FROM role WHERE code = ? AND builtin = ?",
        };
        let row = db
            .query_one(Statement::from_sql_and_values(
                db.get_database_backend(),
                sql,
                [r.code.into(), true.into()],
            ))
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("role {}", r.code));
        let perms: Vec<&str> = r.permissions.iter().map(|p| p.code()).collect();
        assert_eq!(row.try_get_by_index::<String>(0).unwrap(), perms.join(","));
    }

    // The demo logins sign in and see their records.
    let binhai = app.login("binhai", "touyan-demo").await;
    let (s, v) = binhai.get_json("/api/v1/requests?per_page=1").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["total"].as_u64().unwrap() >= 643, "{v}");
    let handler = app.login("chengguan", "touyan-demo").await;
    let (s, v) = handler.get_json("/api/v1/requests?per_page=1").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["total"].as_u64().unwrap() > 0, "{v}");
    let (s, v) = binhai.get_json("/api/v1/people?per_page=1").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["total"].as_u64().unwrap() > 0, "{v}");
    // The nodes stored before the spelling keys got theirs: the picker finds them by pinyin.
    let (s, v) = binhai.get_json("/orgs/pick?q=zgyg").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v[0]["name"], "中国药谷园区", "{v}");
}

fn gunzip(path: &str) -> Vec<u8> {
    let gz = std::fs::read(path).unwrap();
    let mut bytes = vec![];
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

#[tokio::test]
async fn a_sqlite_database_of_the_earlier_version_upgrades_and_serves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    std::fs::write(&path, gunzip("tests/fixtures/demo-2026-12-03.db.gz")).unwrap();
    upgrades_and_serves(format!("sqlite://{}", path.display())).await;
}

/// Runs where the suite runs on PostgreSQL (`TOUYAN_TEST_DATABASE_URL`); on SQLite alone
/// there is no server to restore the dump into.
#[tokio::test]
async fn a_postgres_database_of_the_earlier_version_upgrades_and_serves() {
    let Some(server) = std::env::var("TOUYAN_TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty())
    else {
        eprintln!("no TOUYAN_TEST_DATABASE_URL: the PostgreSQL fixture is not restored");
        return;
    };
    let url = postgres_database(&server).await;
    let dump = String::from_utf8(gunzip("tests/fixtures/demo-2026-12-03.postgres.sql.gz"))
        .expect("the dump is text");
    // The dump sets an empty search path on its connection, which then goes with its pool.
    let db = Database::connect(&url).await.unwrap();
    db.execute_unprepared(&dump)
        .await
        .expect("the dump restores");
    db.close().await.unwrap();
    upgrades_and_serves(url).await;
}

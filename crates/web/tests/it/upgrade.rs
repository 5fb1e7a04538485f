//! A database written by an earlier version upgrades and serves: the fixture is the SQLite
//! file `touyan demo` wrote on 2026-12-03, before the built-in roles moved out of the
//! migrations and the migrations' shared helpers into one module. Opened by this version, it
//! is migrated (nothing left to apply), its roles are brought up to the code's list, every
//! count stays as it was, and the demo logins work.

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

#[tokio::test]
async fn a_database_of_the_earlier_version_upgrades_and_serves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let gz = std::fs::read("tests/fixtures/demo-2026-12-03.db.gz").unwrap();
    let mut bytes = vec![];
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut bytes)
        .unwrap();
    std::fs::write(&path, bytes).unwrap();
    let url = format!("sqlite://{}", path.display());

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
    assert_eq!(counts(&db).await, before, "nothing added or lost");
    // The built-in roles hold what this version gives them.
    for r in touyan_domain::access::BUILTIN_ROLES.iter() {
        let row = db
            .query_one(Statement::from_sql_and_values(
                db.get_database_backend(),
                "SELECT permissions FROM role WHERE code = ? AND builtin = ?",
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
}

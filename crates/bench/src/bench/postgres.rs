//! The PostgreSQL database a run uses: its URL taken apart, made fresh, and shown redacted.

use super::*;

pub(crate) fn split_db_url(url: &str) -> anyhow::Result<(String, String, String)> {
    let scheme_end = url.find("://").context("database URL without scheme")? + 3;
    let slash = url[scheme_end..]
        .find('/')
        .map(|i| i + scheme_end)
        .context("PostgreSQL URL without a database name")?;
    let rest = &url[slash + 1..];
    let (db, query) = match rest.find('?') {
        Some(q) => (&rest[..q], &rest[q..]),
        None => (rest, ""),
    };
    if db.is_empty() {
        bail!("PostgreSQL URL without a database name");
    }
    Ok((url[..=slash].to_string(), db.to_string(), query.to_string()))
}

/// Makes sure the benchmark database exists, and empties it (by dropping and creating it
/// again) when the data is to be generated anew and its name says it is a bench database.
pub(crate) async fn prepare_postgres(url: &str, fresh: bool) -> anyhow::Result<()> {
    let (prefix, db, query) = split_db_url(url)?;
    if !db.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        bail!("database name {db:?}: use letters, digits and _ only");
    }
    let mut admin = None;
    for maint in ["postgres", "template1"] {
        let mut opts = ConnectOptions::new(format!("{prefix}{maint}{query}"));
        opts.sqlx_logging(false).max_connections(1);
        if let Ok(c) = Database::connect(opts).await {
            admin = Some(c);
            break;
        }
    }
    let admin = admin
        .context("cannot reach the server's postgres database to create the bench database")?;
    let exists = admin
        .query_one(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT 1 FROM pg_database WHERE datname = $1",
            vec![db.clone().into()],
        ))
        .await?
        .is_some();
    if exists && fresh {
        if !db.contains("bench") {
            // Not ours to drop: generation refuses a database that already holds the city.
            admin.close().await?;
            return Ok(());
        }
        println!("dropping database {db}");
        admin
            .execute_unprepared(&format!("DROP DATABASE \"{db}\" WITH (FORCE)"))
            .await?;
    }
    if !exists || fresh {
        println!("creating database {db}");
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{db}\""))
            .await?;
    }
    admin.close().await?;
    Ok(())
}

pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// The backends a benchmark runs on, as (title, URL): a fresh SQLite file at `sqlite_path`
/// (default `<temp dir>/<dir>/<file>`) unless `no_sqlite`, and the PostgreSQL database at
/// `postgres` when given (dropped and created again).
pub(crate) async fn fresh_backends(
    sqlite_path: Option<&std::path::Path>,
    (dir, file): (&str, &str),
    no_sqlite: bool,
    postgres: Option<&str>,
) -> anyhow::Result<Vec<(&'static str, String)>> {
    let mut backends = Vec::new();
    if !no_sqlite {
        let path = sqlite_path
            .map(std::path::Path::to_path_buf)
            .unwrap_or_else(|| std::env::temp_dir().join(dir).join(file));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
        backends.push(("SQLite", format!("sqlite://{}", path.display())));
    }
    if let Some(url) = postgres {
        prepare_postgres(url, true).await?;
        backends.push(("PostgreSQL", url.to_string()));
    }
    if backends.is_empty() {
        anyhow::bail!("nothing to measure: SQLite skipped and no --postgres URL given");
    }
    Ok(backends)
}

/// Where a benchmark with its own data runs and where its report goes.
pub(crate) struct Runs<'a> {
    pub sqlite_path: Option<&'a std::path::Path>,
    /// The default SQLite file as (folder under the temp dir, file name).
    pub default_file: (&'a str, &'a str),
    pub no_sqlite: bool,
    pub postgres: Option<&'a str>,
    pub out: Option<&'a std::path::Path>,
}

/// Runs `one` on each fresh backend of `runs` in turn, prints the joined report and writes it
/// to `runs.out` when given.
pub(crate) async fn on_each_backend<F, Fut>(runs: Runs<'_>, mut one: F) -> anyhow::Result<()>
where
    F: FnMut(&'static str, String) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<String>>,
{
    let backends = fresh_backends(
        runs.sqlite_path,
        runs.default_file,
        runs.no_sqlite,
        runs.postgres,
    )
    .await?;
    let mut md = String::new();
    for (title, url) in backends {
        md.push_str(&one(title, url).await.context(title)?);
    }
    println!("\n{md}");
    if let Some(out) = runs.out {
        std::fs::write(out, &md)?;
    }
    Ok(())
}

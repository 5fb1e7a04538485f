//! Storage of touyan: entities, the one migration source, and the only way to reach records:
//! a [`Scoped`] handle made from an authenticated [`Actor`]. Every query that returns records
//! is filtered by the actor's subtrees here, so the HTTP layer cannot forget to.

mod accounts;
mod areas;
pub mod audit;
pub mod auth;
pub mod bulk;
pub mod cadence;
pub mod calendar;
pub mod campaign;
pub mod centre;
pub mod commendation;
pub mod dict;
pub mod enterprise;
mod entity;
mod error;
pub mod evaluation;
pub mod kit;
pub mod login_guard;
pub mod migration;
pub mod notice;
pub mod org;
pub mod people;
pub mod rating;
pub mod request;
pub mod role;
mod scope;
pub mod studio;
pub mod task;
pub mod token;
pub mod user;

pub use areas::{
    figure, figure_keys, figures_many, published_rounds, round_outcome, studio_round_results,
    studios_under,
};
pub use areas::{held_at_centre, public_held_at_centre};
pub use error::StorageError;
pub use scope::{Actor, Scoped};

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
};
use sea_orm_migration::MigratorTrait;
use serde::Serialize;
use std::time::Duration;

pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// One page of a list, in the shape the API answers.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// How many rows `filtered` matches, as a plain `COUNT(*)` over its condition. sea-orm's
/// paginator counts over a subquery that selects every column, which SQLite evaluates row by
/// row: it took twice the plain count in the people benchmark (docs/benchmarks.md, "People").
pub(crate) async fn count_rows<E: sea_orm::EntityTrait>(
    db: &DatabaseConnection,
    mut filtered: sea_orm::Select<E>,
) -> std::result::Result<u64, sea_orm::DbErr> {
    use sea_orm::QuerySelect;
    // An order on the filter means nothing to a count (and PostgreSQL refuses it beside an
    // aggregate).
    sea_orm::sea_query::OrderedStatement::clear_order_by(sea_orm::QueryTrait::query(&mut filtered));
    let n: Option<i64> = filtered
        .select_only()
        .column_as(sea_orm::sea_query::Expr::cust("COUNT(*)"), "n")
        .into_tuple()
        .one(db)
        .await?;
    Ok(n.unwrap_or(0) as u64)
}

/// Counts what `filtered` matches and fetches one page of it in the order `order` gives.
pub(crate) async fn fetch_page<E>(
    db: &DatabaseConnection,
    filtered: sea_orm::Select<E>,
    order: impl FnOnce(sea_orm::Select<E>) -> sea_orm::Select<E>,
    page: touyan_domain::paging::PageRequest,
) -> Result<Page<E::Model>>
where
    E: sea_orm::EntityTrait,
    E::Model: sea_orm::FromQueryResult + Send + Sync,
{
    use sea_orm::QuerySelect;
    let total = count_rows(db, filtered.clone());
    let items = order(filtered)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db);
    // The total and the page on two connections, side by side: one after the other they
    // would not share a snapshot either.
    let (total, items) = tokio::try_join!(total, items)?;
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// Keys per `IN (...)` list when rows are read by many keys: well inside every backend's
/// limit on bound values.
pub(crate) const IN_CHUNK: usize = 500;

/// The rows of `select` whose `col` is one of `keys`, `IN_CHUNK` keys a statement, each
/// statement in `select`'s order.
pub(crate) async fn find_in<E, C>(
    conn: &C,
    select: sea_orm::Select<E>,
    col: E::Column,
    keys: &[i64],
) -> Result<Vec<E::Model>>
where
    E: sea_orm::EntityTrait,
    E::Model: sea_orm::FromQueryResult + Send + Sync,
    C: sea_orm::ConnectionTrait,
{
    use sea_orm::{ColumnTrait, QueryFilter};
    let mut out = Vec::new();
    for chunk in keys.chunks(IN_CHUNK) {
        out.extend(
            select
                .clone()
                .filter(col.is_in(chunk.to_vec()))
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

impl<T> Page<T> {
    /// The same page holding other items (views built from the rows).
    pub fn with_items<U>(self, items: Vec<U>) -> Page<U> {
        Page {
            items,
            total: self.total,
            page: self.page,
            per_page: self.per_page,
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            per_page: self.per_page,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database behind every module.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    backend: Backend,
    files: kit::files::FileStore,
    hashing: auth::Hashing,
}

/// Whether a statement failed because a foreign key still points at the row: sea-orm's
/// classification where it has one, else the databases' own messages (SQLite reports the
/// failure of a DELETE without an extended code).
pub(crate) fn is_fk_violation(e: &sea_orm::DbErr) -> bool {
    if matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_))
    ) {
        return true;
    }
    let m = e.to_string();
    m.contains("FOREIGN KEY constraint failed") || m.contains("violates foreign key constraint")
}

/// Opens a transaction that will write. On SQLite it holds the write lock from its first
/// statement (`BEGIN IMMEDIATE`): a deferred transaction that reads first and writes later
/// cannot wait for another writer (SQLite answers "database is locked" at once instead of
/// waiting out the busy timeout, since the read it holds may already be stale), whereas one
/// that asks for the lock before reading simply waits its turn. PostgreSQL needs nothing.
pub(crate) async fn begin_write(
    db: &DatabaseConnection,
) -> std::result::Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::TransactionTrait;
    let txn = db.begin().await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // The driver has no way to say IMMEDIATE, so its empty deferred transaction is
        // replaced by an immediate one on the same connection; the driver's own COMMIT or
        // ROLLBACK then ends this one.
        txn.execute_unprepared("COMMIT").await?;
        if let Err(e) = txn.execute_unprepared("BEGIN IMMEDIATE").await {
            // Back inside a transaction (a deferred BEGIN takes no lock, so it cannot be
            // busy), as the driver believes the connection is: its ROLLBACK on drop then
            // ends that one, instead of failing and leaving the pooled connection's count of
            // open transactions off by one.
            txn.execute_unprepared("BEGIN").await?;
            return Err(e);
        }
    }
    Ok(txn)
}

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Store {
    /// Connects to `sqlite://path` or `postgres://...`. SQLite files are created when
    /// missing and run in WAL mode with foreign keys enforced.
    pub async fn connect(url: &str) -> Result<Store> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StorageError::BadUrl);
        };
        let mut opts = ConnectOptions::new(url.to_string());
        opts.sqlx_logging(std::env::var("TOUYAN_SQL_TRACE").is_ok())
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(30));
        match backend {
            Backend::Sqlite => {
                opts.max_connections(8).min_connections(1);
                opts.map_sqlx_sqlite_opts(|o| {
                    o.create_if_missing(true)
                        .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                        .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(10))
                        // 32 MiB of page cache per connection (SQLite's default is 2 MiB):
                        // imports touch the unique number index all over.
                        .pragma("cache_size", "-32768")
                        // Reads through a memory map of the file (up to SQLite's 2 GiB build
                        // limit) rather than a copy per connection of each page read.
                        .pragma("mmap_size", "2147418112")
                });
            }
            Backend::Postgres => {
                opts.max_connections(16).min_connections(1);
            }
        }
        let db = Database::connect(opts).await?;
        Ok(Store {
            db,
            backend,
            files: kit::files::FileStore::new("data/files"),
            hashing: auth::Hashing::new(),
        })
    }

    /// Keeps uploaded files under `dir` (default `data/files`).
    pub fn with_files_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Store {
        self.files = kit::files::FileStore::new(dir);
        self
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies the migrations and the repairs that follow those applied now, then brings the
    /// built-in roles up to the code's list.
    pub async fn migrate(&self) -> Result<()> {
        let applied: Vec<String> = migration::Migrator::get_pending_migrations(&self.db)
            .await?
            .iter()
            .map(|m| m.name().to_string())
            .collect();
        migration::Migrator::up(&self.db, None).await?;
        self.run_repairs(migration::repairs_due(&applied)).await?;
        role::sync_builtin(&self.db).await
    }

    /// Runs every area's repair now (request counters, reach rows, handling paths, the
    /// organization names' spelling keys), each in
    /// its own transaction: for a database whose upgrade stopped between a migration and the
    /// repair that follows it. Answers how many ran.
    pub async fn repair(&self) -> Result<usize> {
        let all = migration::all_repairs();
        let n = all.len();
        self.run_repairs(all).await?;
        Ok(n)
    }

    async fn run_repairs(&self, repairs: Vec<kit::area::Repair>) -> Result<()> {
        let system = Actor::system();
        for repair in repairs {
            let work = kit::work::Work::begin(&self.db, &system).await?;
            repair(work.txn()).await?;
            work.commit_unaudited("stored data brought up to date with today's code")
                .await?;
        }
        Ok(())
    }

    /// True when the database holds no organization node and no user but the built-ins.
    pub async fn is_empty(&self) -> Result<bool> {
        use sea_orm::{EntityTrait, PaginatorTrait};
        Ok(entity::org_node::Entity::find().count(&self.db).await? == 0
            && entity::app_user::Entity::find().count(&self.db).await? == 0)
    }

    /// Accounts, sessions and tokens: the only operations open before authentication.
    pub fn auth(&self) -> auth::Auth<'_> {
        auth::Auth {
            db: &self.db,
            hashing: &self.hashing,
        }
    }

    /// Records, seen through `actor`'s subtrees.
    pub fn scoped<'a>(&'a self, actor: &'a Actor) -> Scoped<'a> {
        Scoped::new(&self.db, actor, &self.files, &self.hashing)
    }

    /// Runs a plain statement (used by the benchmark and for health checks).
    pub async fn ping(&self) -> Result<()> {
        self.db
            .execute(Statement::from_string(
                self.db.get_database_backend(),
                "SELECT 1",
            ))
            .await?;
        Ok(())
    }

    /// For the data generator and the benchmark, which measure bare SQL beside the product's
    /// own queries. Nothing in the web layer calls this.
    pub fn raw_connection(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn db_backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }
}

#[cfg(test)]
mod write_lock_tests {
    use super::*;

    async fn count(c: &impl ConnectionTrait) -> i64 {
        let sql = "SELECT COUNT(*) AS c FROM t";
        let row = c.query_one(Statement::from_string(DbBackend::Sqlite, sql));
        row.await.unwrap().unwrap().try_get::<i64>("", "c").unwrap()
    }

    /// A transaction that reads, then writes while another connection wants to write: with a
    /// deferred BEGIN the other connection commits in between and the transaction's write
    /// fails with "database is locked"; with [`begin_write`] the other one waits its turn.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_writer_waits_for_an_open_write_transaction_instead_of_breaking_it() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/w.db", dir.path().display());
        let store = Store::connect(&url).await.unwrap();
        let db = store.raw_connection();
        db.execute_unprepared("CREATE TABLE t (n INTEGER NOT NULL)")
            .await
            .unwrap();

        let txn = begin_write(db).await.unwrap();
        assert_eq!(count(&txn).await, 0);
        let other = db.clone();
        let writer =
            tokio::spawn(async move { other.execute_unprepared("INSERT INTO t VALUES (2)").await });
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            !writer.is_finished(),
            "the other writer went ahead of the open write transaction"
        );
        txn.execute_unprepared("INSERT INTO t VALUES (1)")
            .await
            .expect("the transaction's own write");
        txn.commit().await.unwrap();
        writer
            .await
            .unwrap()
            .expect("the other writer, after the commit");
        assert_eq!(count(db).await, 2);
    }

    /// A write transaction that cannot get the lock in time fails, and leaves its pooled
    /// connection fit for the next transaction.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_write_transaction_that_times_out_leaves_its_connection_usable() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/t.db?mode=rwc", dir.path().display());
        let mut opts = ConnectOptions::new(url);
        opts.max_connections(2).sqlx_logging(false);
        opts.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(Duration::from_millis(100))
        });
        let db = Database::connect(opts).await.unwrap();
        db.execute_unprepared("CREATE TABLE t (n INTEGER NOT NULL)")
            .await
            .unwrap();

        let holder = begin_write(&db).await.unwrap();
        let refused = begin_write(&db).await;
        assert!(refused.is_err(), "a second writer got the lock");
        drop(refused);
        holder.commit().await.unwrap();
        // Both pooled connections, the one that timed out among them, write again.
        for n in 0..4 {
            let txn = begin_write(&db).await.unwrap();
            txn.execute_unprepared(&format!("INSERT INTO t VALUES ({n})"))
                .await
                .unwrap();
            txn.commit().await.unwrap();
        }
        assert_eq!(count(&db).await, 4);
    }
}

#[cfg(test)]
mod sqlite_build_tests {
    use super::*;

    /// The SQLite compiled in keeps one plan per statement, so a statement the pool has
    /// prepared is not parsed again each time a value is bound (`.cargo/config.toml`).
    #[tokio::test]
    async fn the_compiled_sqlite_keeps_one_plan_per_statement() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}/q.db", dir.path().display()))
            .await
            .unwrap();
        let rows = store
            .raw_connection()
            .query_all(Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA compile_options",
            ))
            .await
            .unwrap();
        let options: Vec<String> = rows
            .iter()
            .map(|r| r.try_get_by_index::<String>(0).unwrap())
            .collect();
        assert!(
            options.iter().any(|o| o == "ENABLE_QPSG"),
            "compiled without ENABLE_QPSG: {options:?}"
        );
    }
}

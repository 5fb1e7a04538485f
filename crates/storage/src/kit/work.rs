//! The unit of work: one write's transaction and actor, and the changes it records, each
//! written to the audit log in the same transaction. Its commit refuses a write that recorded
//! no change, unless the code says by name why that write is not audited.

use crate::audit::{self, Entry};
use crate::{Actor, Result, StorageError};
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use std::sync::atomic::{AtomicUsize, Ordering};

pub(crate) struct Work<'a> {
    txn: DatabaseTransaction,
    actor: &'a Actor,
    /// How many changes were recorded (atomic only so that the work may be shared across
    /// awaits; one task uses it).
    recorded: AtomicUsize,
}

impl<'a> Work<'a> {
    /// Opens the write's transaction (see [`crate::begin_write`]).
    pub(crate) async fn begin(db: &DatabaseConnection, actor: &'a Actor) -> Result<Work<'a>> {
        Ok(Work {
            txn: crate::begin_write(db).await?,
            actor,
            recorded: AtomicUsize::new(0),
        })
    }

    /// The transaction, for the write's reads and changes.
    pub(crate) fn txn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Records a change: its audit entry (record, node, before → after) is written now, in
    /// the write's transaction.
    pub(crate) async fn record(&self, e: Entry<'_>) -> Result<()> {
        audit::write(&self.txn, self.actor, e).await?;
        self.recorded.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Commits the changes recorded; a write that recorded none is refused and rolled back.
    pub(crate) async fn commit(self) -> Result<()> {
        if self.recorded.load(Ordering::Relaxed) == 0 {
            return Err(StorageError::Unaudited);
        }
        self.txn.commit().await?;
        Ok(())
    }

    /// Commits a write that changes nothing worth an audit entry; `_why` says what it is.
    pub(crate) async fn commit_unaudited(self, _why: &'static str) -> Result<()> {
        self.txn.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;
    use sea_orm::{ConnectionTrait, Statement};

    async fn audit_rows(db: &DatabaseConnection) -> i64 {
        let r = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                "SELECT COUNT(*) FROM audit_log",
            ))
            .await
            .unwrap()
            .unwrap();
        r.try_get_by_index(0).unwrap()
    }

    #[tokio::test]
    async fn a_write_commits_with_its_audit_entries_and_is_refused_without_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}/w.db", dir.path().display()))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let db = store.raw_connection();
        let actor = Actor::system();
        let before = audit_rows(db).await;

        let w = Work::begin(db, &actor).await.unwrap();
        assert!(matches!(w.commit().await, Err(StorageError::Unaudited)));
        assert_eq!(audit_rows(db).await, before);

        let w = Work::begin(db, &actor).await.unwrap();
        let entry = Entry {
            action: "create",
            record_type: "thing",
            record_id: Some("1".into()),
            node: None,
            before: None,
            after: Some(serde_json::json!({"n": 1})),
        };
        w.record(entry).await.unwrap();
        w.commit().await.unwrap();
        assert_eq!(audit_rows(db).await, before + 1);

        let w = Work::begin(db, &actor).await.unwrap();
        w.commit_unaudited("nothing changed").await.unwrap();
        assert_eq!(audit_rows(db).await, before + 1);
    }
}

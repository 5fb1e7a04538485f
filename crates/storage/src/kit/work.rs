//! The unit of work: one write's transaction and actor, and the changes it records, each
//! written to the audit log in the same transaction. Its commit refuses a write that recorded
//! no change, unless the code says by name why that write is not audited.

use crate::audit::{self, Entry};
use crate::{Actor, Result, StorageError};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, Value,
};
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

    /// Records many changes at once, a hundred entries to a statement (a history entered
    /// after the fact), in their order.
    pub(crate) async fn record_many(&self, entries: Vec<Entry<'_>>) -> Result<()> {
        let n = entries.len();
        let a = self.actor;
        let rows = entries
            .into_iter()
            .map(|e| audit::row(a.user_id, &a.username, a.ip.clone(), e))
            .collect();
        audit::write_rows(&self.txn, rows).await?;
        self.recorded.fetch_add(n, Ordering::Relaxed);
        Ok(())
    }

    /// A unit of work over a write transaction opened with [`crate::begin_write`] and used
    /// first where a borrowed actor cannot go (handed to a writer task and back).
    pub(crate) fn adopt(txn: DatabaseTransaction, actor: &'a Actor) -> Work<'a> {
        Work {
            txn,
            actor,
            recorded: AtomicUsize::new(0),
        }
    }
}

/// A compare-and-swap move of one record's state: the row is changed only if its state (and
/// any other column named in `unchanged`) is still what the caller read; otherwise the write
/// is refused with `refused`, as somebody moved the record meanwhile.
pub(crate) struct StateMove<'e, E: EntityTrait> {
    pub id_column: E::Column,
    pub id: i64,
    pub state_column: E::Column,
    /// The state read before the move; `None` when the column was empty.
    pub from: Option<Value>,
    /// The columns the move sets, the state among them.
    pub set: Vec<(E::Column, Value)>,
    /// Further columns that must still hold what was read.
    pub unchanged: Vec<(E::Column, Value)>,
    /// The refusal's message key when the record was moved meanwhile.
    pub refused: &'static str,
    /// The move's audit entry.
    pub entry: Entry<'e>,
}

impl Work<'_> {
    /// Makes a state move: the guarded update, then its history row, then its audit entry,
    /// all in this write. Answers the history row as written.
    pub(crate) async fn move_state<E, H>(
        &self,
        mv: StateMove<'_, E>,
        history: H,
    ) -> Result<<H::Entity as EntityTrait>::Model>
    where
        E: EntityTrait,
        H: ActiveModelTrait + ActiveModelBehavior + Send,
        <H::Entity as EntityTrait>::Model: IntoActiveModel<H>,
    {
        self.swap_state(&mv).await?;
        let row = history.insert(&self.txn).await?;
        self.record(mv.entry).await?;
        Ok(row)
    }

    /// A state move whose history is its audit entry alone.
    pub(crate) async fn move_state_unlogged<E: EntityTrait>(
        &self,
        mv: StateMove<'_, E>,
    ) -> Result<()> {
        self.swap_state(&mv).await?;
        self.record(mv.entry).await
    }

    async fn swap_state<E: EntityTrait>(&self, mv: &StateMove<'_, E>) -> Result<()> {
        let mut q = E::update_many().filter(mv.id_column.eq(mv.id));
        for (c, v) in &mv.set {
            q = q.col_expr(*c, SimpleExpr::from(Expr::value(v.clone())));
        }
        q = match &mv.from {
            Some(v) => q.filter(mv.state_column.eq(v.clone())),
            None => q.filter(mv.state_column.is_null()),
        };
        for (c, v) in &mv.unchanged {
            q = q.filter(c.eq(v.clone()));
        }
        if q.exec(&self.txn).await?.rows_affected != 1 {
            return Err(StorageError::Refused(mv.refused));
        }
        Ok(())
    }

    /// A state move one of many in a write whose own entry covers them all (an import's one
    /// entry, a history's entries written at once): the guarded update and its history row;
    /// the move's `entry` is not recorded.
    pub(crate) async fn move_state_covered<E, H>(
        &self,
        mv: StateMove<'_, E>,
        history: H,
    ) -> Result<<H::Entity as EntityTrait>::Model>
    where
        E: EntityTrait,
        H: ActiveModelTrait + ActiveModelBehavior + Send,
        <H::Entity as EntityTrait>::Model: IntoActiveModel<H>,
    {
        self.swap_state(&mv).await?;
        Ok(history.insert(&self.txn).await?)
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

    fn node(id: i64, name: &str) -> crate::entity::org_node::ActiveModel {
        use sea_orm::Set;
        crate::entity::org_node::ActiveModel {
            id: Set(id),
            parent_id: Set(None),
            path: Set(format!("/{id}/")),
            depth: Set(0),
            name: Set(name.into()),
            spell: Set(String::new()),
            kind: Set("district".into()),
            code: Set(None),
            sort_order: Set(0),
            status: Set("active".into()),
            created_at: Set(0),
            updated_at: Set(0),
        }
    }

    fn disable(id: i64) -> StateMove<'static, crate::entity::org_node::Entity> {
        use crate::entity::org_node::Column;
        StateMove {
            id_column: Column::Id,
            id,
            state_column: Column::Status,
            from: Some("active".into()),
            set: vec![
                (Column::Status, "disabled".into()),
                (Column::UpdatedAt, 5i64.into()),
            ],
            unchanged: vec![],
            refused: "rule.studio_moved_meanwhile",
            entry: Entry {
                action: "disable",
                record_type: "org_node",
                record_id: Some(id.to_string()),
                node: None,
                before: None,
                after: None,
            },
        }
    }

    #[tokio::test]
    async fn a_state_moves_once_and_a_second_move_from_the_same_state_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}/m.db", dir.path().display()))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let db = store.raw_connection();
        let actor = Actor::system();
        node(900_001, "甲").insert(db).await.unwrap();
        let before = audit_rows(db).await;

        let w = Work::begin(db, &actor).await.unwrap();
        let row = w
            .move_state(disable(900_001), node(900_002, "history"))
            .await
            .unwrap();
        assert_eq!(row.name, "history");
        w.commit().await.unwrap();
        let m = crate::entity::org_node::Entity::find_by_id(900_001)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((m.status.as_str(), m.updated_at), ("disabled", 5));
        assert_eq!(audit_rows(db).await, before + 1);

        // Read as active, but somebody moved it meanwhile: refused, nothing written.
        let w = Work::begin(db, &actor).await.unwrap();
        let err = w.move_state_unlogged(disable(900_001)).await.unwrap_err();
        assert!(matches!(
            err,
            StorageError::Refused("rule.studio_moved_meanwhile")
        ));
        drop(w);
        assert_eq!(audit_rows(db).await, before + 1);
    }
}

//! Change requests to locked activity records, decided by a superior.

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0029_cadence_change"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("cadence_change"))
                .col(id("id"))
                .col(col("activity_id").big_integer().not_null())
                .col(path_col("node_path", b))
                // The update's input as JSON.
                .col(col("proposed").text().not_null())
                .col(col("reason").string().not_null())
                .col(col("state").string().not_null())
                .col(col("asked_by").big_integer().null())
                .col(col("asked_by_name").string().not_null())
                // Milliseconds since the epoch (UTC).
                .col(col("asked_at").big_integer().not_null())
                .col(col("decided_by").string().null())
                .col(col("decided_at").big_integer().null())
                .col(col("decision_note").string().null())
                .foreign_key(&mut fk("cadence_change", "activity_id", "cadence_activity"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_cadence_change_activity",
            "cadence_change",
            &["activity_id", "state"],
            false,
        )
        .await?;
        // One pending request an activity, held by the database when two ask at once.
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_cadence_change_pending ON cadence_change (activity_id) \
                 WHERE state = 'pending'",
            )
            .await?;
        idx(
            m,
            "ix_cadence_change_scope",
            "cadence_change",
            &["state", "node_path"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(t("cadence_change")).to_owned())
            .await
    }
}

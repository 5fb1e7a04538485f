//! Tasks issued down the tree, their recipients, the counts kept per task and node at or
//! below the issuing node, reminders and files.

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0023_task"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("task"))
                .col(id("id"))
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("title").string().not_null())
                .col(col("body").text().null())
                .col(col("due_at").date_time().not_null())
                .col(col("fields").text().not_null())
                .col(col("recipients").big_integer().not_null())
                .col(col("issued_by").string().not_null())
                .col(col("issued_at").date_time().not_null())
                .col(col("created_at").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("task", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(m, "ix_task_scope", "task", &["node_path", "due_at"], false).await?;
        idx(m, "ix_task_node", "task", &["node_id"], false).await?;
        m.create_table(
            Table::create()
                .table(t("task_recipient"))
                .col(id("id"))
                .col(col("task_id").big_integer().not_null())
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("state").string().not_null())
                .col(col("received_at").date_time().null())
                .col(col("submitted_at").date_time().null())
                .col(col("late").boolean().not_null())
                .col(col("answers").text().null())
                .col(col("note").text().null())
                .col(col("return_reason").string().null())
                .col(col("accepted_at").date_time().null())
                .col(col("reminders").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("task_recipient", "task_id", "task"))
                .foreign_key(&mut fk("task_recipient", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ux_task_recipient_node",
            "task_recipient",
            &["task_id", "node_id"],
            true,
        )
        .await?;
        idx(
            m,
            "ix_task_recipient_scope",
            "task_recipient",
            &["node_path", "state"],
            false,
        )
        .await?;
        idx(
            m,
            "ix_task_recipient_node",
            "task_recipient",
            &["node_id"],
            false,
        )
        .await?;
        // Kept in the transaction of every step: per task, for the issuing node and every
        // node between it and a recipient (the recipient too), the recipients at or below.
        m.create_table(
            Table::create()
                .table(t("task_count"))
                .col(col("task_id").big_integer().not_null())
                .col(col("node_id").big_integer().not_null())
                .col(col("parent_id").big_integer().null())
                .col(path_col("node_path", b))
                .col(col("total").big_integer().not_null())
                .col(col("received").big_integer().not_null())
                .col(col("submitted").big_integer().not_null())
                .col(col("accepted").big_integer().not_null())
                .col(col("on_time").big_integer().not_null())
                .primary_key(Index::create().col(t("task_id")).col(t("node_id")))
                .foreign_key(&mut fk("task_count", "task_id", "task"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_task_count_parent",
            "task_count",
            &["task_id", "parent_id"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("task_reminder"))
                .col(id("id"))
                .col(col("task_id").big_integer().not_null())
                .col(col("recipient_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("reminded_by").string().not_null())
                .col(col("user_id").big_integer().null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("task_reminder", "recipient_id", "task_recipient"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_task_reminder_recipient",
            "task_reminder",
            &["recipient_id"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("task_file"))
                .col(id("id"))
                .col(col("task_id").big_integer().not_null())
                .col(col("recipient_id").big_integer().null())
                .col(path_col("node_path", b))
                .col(col("file_name").string().not_null())
                .col(col("content_type").string().not_null())
                .col(col("size").big_integer().not_null())
                .col(col("storage_key").string().not_null())
                .col(col("user_id").big_integer().null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("task_file", "task_id", "task"))
                .to_owned(),
        )
        .await?;
        idx(m, "ix_task_file_task", "task_file", &["task_id"], false).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "task_file",
            "task_reminder",
            "task_count",
            "task_recipient",
            "task",
        ] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

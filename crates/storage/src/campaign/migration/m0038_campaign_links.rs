//! The work-list tasks linked to a campaign, and the files given as evidence of its
//! milestones.

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0038_campaign_links"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        // The task is another area's record: no key on its table, it is read through the
        // list of areas.
        m.create_table(
            Table::create()
                .table(t("campaign_task"))
                .col(id("id"))
                .col(col("campaign_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("task_id").big_integer().not_null())
                .col(col("linked_by").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("campaign_task", "campaign_id", "campaign"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ux_campaign_task",
            "campaign_task",
            &["campaign_id", "task_id"],
            true,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("campaign_file"))
                .col(id("id"))
                .col(col("milestone_id").big_integer().not_null())
                .col(col("campaign_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("file_name").string().not_null())
                .col(col("content_type").string().not_null())
                .col(col("size").big_integer().not_null())
                .col(col("storage_key").string().not_null())
                .col(col("user_id").big_integer().null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk(
                    "campaign_file",
                    "milestone_id",
                    "campaign_milestone",
                ))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_campaign_file_milestone",
            "campaign_file",
            &["milestone_id"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in ["campaign_file", "campaign_task"] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

//! Photos and files of activity records: bytes in the file store, one row each here.

use crate::migration::schema::{col, fk, id, idx, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0025_cadence_file"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(t("cadence_file"))
                .col(id("id"))
                .col(col("activity_id").big_integer().not_null())
                .col(col("file_name").string().not_null())
                .col(col("content_type").string().not_null())
                .col(col("size").big_integer().not_null())
                .col(col("storage_key").string().not_null())
                .col(col("user_id").big_integer().null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("cadence_file", "activity_id", "cadence_activity"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_cadence_file_activity",
            "cadence_file",
            &["activity_id"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(t("cadence_file")).to_owned())
            .await
    }
}

//! Files uploaded as evidence on an organization's sheet: the bytes kept by content in the
//! file store, the row naming the round, the organization, the item and the side (the
//! organization's own or a department's) that added it.

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0036_round_file"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("round_file"))
                .col(id("id"))
                .col(col("round_id").big_integer().not_null())
                .col(col("target_id").big_integer().not_null())
                .col(col("indicator_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("side").string().not_null())
                .col(col("file_name").string().not_null())
                .col(col("content_type").string().not_null())
                .col(col("size").big_integer().not_null())
                .col(col("storage_key").string().not_null())
                .col(col("user_id").big_integer().null())
                .col(col("created_by").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("round_file", "target_id", "round_target"))
                .foreign_key(&mut fk("round_file", "indicator_id", "rubric_indicator"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_round_file_target",
            "round_file",
            &["target_id", "indicator_id"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(t("round_file")).to_owned())
            .await
    }
}

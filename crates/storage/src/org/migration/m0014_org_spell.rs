//! A node's name as it is typed in Latin letters (pinyin initials and whole pinyin), so the
//! organization picker finds 富成花园 by `fchy`. Existing nodes get theirs from the
//! organization area's repair that follows this migration.

use crate::migration::schema::{col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0014_org_spell"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("org_node"))
                .add_column(col("spell").string().not_null().default(""))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("org_node"))
                .drop_column(t("spell"))
                .to_owned(),
        )
        .await
    }
}

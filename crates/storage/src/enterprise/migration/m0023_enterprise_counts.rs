//! An enterprise's mark also keeps how many party organizations of its own it has, so that a
//! page of the ledger reads every derived figure it shows from the marks; and the coverage of
//! every node is kept, by party status, in `enterprise_count` (node 0 standing for the whole
//! forest), so that reading it costs a few rows whatever the size of the subtree. Both are
//! filled by the repair that follows, which works every mark out again.

use crate::migration::schema::{col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0023_enterprise_counts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("enterprise_mark"))
                .add_column(col("own_organizations").big_integer().not_null().default(0))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("enterprise_count"))
                .col(col("node_id").big_integer().not_null())
                .col(col("party").string().not_null())
                .col(col("n").big_integer().not_null())
                .col(col("members").big_integer().not_null())
                .col(col("breaking").big_integer().not_null())
                .primary_key(Index::create().col(t("node_id")).col(t("party")))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(t("enterprise_count")).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(t("enterprise_mark"))
                .drop_column(t("own_organizations"))
                .to_owned(),
        )
        .await
    }
}

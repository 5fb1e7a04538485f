//! An enterprise's mark also keeps how many party organizations of its own it has, so that a
//! page of the ledger reads every derived figure it shows from the marks. Existing marks get
//! theirs from the repair that follows, which works every mark out again.

use crate::migration::schema::{col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0023_enterprise_mark_own"
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
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("enterprise_mark"))
                .drop_column(t("own_organizations"))
                .to_owned(),
        )
        .await
    }
}

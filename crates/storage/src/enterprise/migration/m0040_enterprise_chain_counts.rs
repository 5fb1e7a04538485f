//! The coverage kept per node also by industrial chain: each enterprise's mark keeps the chain
//! committees it was counted under (`chains`, their node ids sorted and separated by commas),
//! so that joining or leaving a chain, a move or a change of the mark takes the old chain
//! lines off and adds the new ones (`chain:<id>` and `chain:*` in `enterprise_count`). The
//! column and the lines are filled by the repair that follows, which works every mark and
//! every line out again.

use crate::migration::schema::{col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0040_enterprise_chain_counts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("enterprise_mark"))
                .add_column(col("chains").string().not_null().default(""))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("enterprise_mark"))
                .drop_column(t("chains"))
                .to_owned(),
        )
        .await
    }
}

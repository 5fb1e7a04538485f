//! A task may be withdrawn (撤回) by its issuer: when, by whom and why are kept on the task.

use crate::migration::schema::{col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0027_task_edit"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement, as SQLite alters a table.
        for c in [
            col("withdrawn_at").date_time().null().to_owned(),
            col("withdrawn_by").string().null().to_owned(),
            col("withdraw_reason").text().null().to_owned(),
        ] {
            let mut c = c;
            m.alter_table(
                Table::alter()
                    .table(t("task"))
                    .add_column(&mut c)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for c in ["withdrawn_at", "withdrawn_by", "withdraw_reason"] {
            m.alter_table(Table::alter().table(t("task")).drop_column(t(c)).to_owned())
                .await?;
        }
        Ok(())
    }
}

//! The 红星津贴's payee accounts: a bank account per party-affairs worker.

use crate::migration::schema::{col, fk, id, idx, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0037_allowance_payee"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(t("allowance_payee"))
                .col(id("id"))
                .col(col("person_id").big_integer().not_null())
                .col(col("bank_name").string().not_null())
                .col(col("holder").string().not_null())
                .col(col("account_number").string().not_null())
                .col(col("updated_by").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("allowance_payee", "person_id", "person"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ux_allowance_payee_person",
            "allowance_payee",
            &["person_id"],
            true,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(t("allowance_payee")).to_owned())
            .await
    }
}

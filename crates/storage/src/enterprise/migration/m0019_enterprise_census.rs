//! The ledger's annual census (起底): one row per enterprise and year with the figures of the
//! day it was taken, corrected by the park where its own count differs.

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0019_enterprise_census"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("enterprise_census"))
                .col(id("id"))
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("year").integer().not_null())
                .col(col("status").string().not_null())
                .col(col("party").string().not_null())
                .col(col("employees").big_integer().null())
                .col(col("members").big_integer().not_null())
                .col(col("revenue_fen").big_integer().null())
                .col(col("filled").boolean().not_null())
                .col(col("taken_at").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("enterprise_census", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ux_enterprise_census",
            "enterprise_census",
            &["node_id", "year"],
            true,
        )
        .await?;
        idx(
            m,
            "ix_enterprise_census_scope",
            "enterprise_census",
            &["year", "node_path"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(t("enterprise_census")).to_owned())
            .await
    }
}

//! The enterprise ledger: a profile per enterprise node, filed under the node's path, with a
//! unique credit code; revenue by year.

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0016_enterprise"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("enterprise"))
                .col(col("node_id").big_integer().not_null().primary_key())
                .col(path_col("node_path", b))
                .col(col("credit_code").string().not_null())
                .col(col("legal_rep").string().null())
                .col(col("industry").string().null())
                .col(col("size").string().null())
                .col(col("employees").big_integer().null())
                .col(col("founded_on").date().null())
                .col(col("address").string().null())
                .col(col("status").string().not_null())
                .col(col("status_on").date().null())
                .col(col("cover").string().null())
                .col(col("created_at").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("enterprise", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_enterprise_scope",
            "enterprise",
            &["node_path"],
            false,
        )
        .await?;
        idx(
            m,
            "ux_enterprise_credit",
            "enterprise",
            &["credit_code"],
            true,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("enterprise_revenue"))
                .col(id("id"))
                .col(col("node_id").big_integer().not_null())
                .col(col("year").integer().not_null())
                .col(col("amount_fen").big_integer().not_null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("enterprise_revenue", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ux_enterprise_revenue",
            "enterprise_revenue",
            &["node_id", "year"],
            true,
        )
        .await?;
        idx(
            m,
            "ix_enterprise_revenue_year",
            "enterprise_revenue",
            &["year", "amount_fen"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in ["enterprise_revenue", "enterprise"] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

//! Per node, how many nodes of each kind and status its subtree holds (`org::counts`), so
//! the figures of a large scope are read from a few rows. Filled by the organization area's
//! repair that follows this migration.

use crate::migration::schema::{col, idx, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0015_org_counts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(t("org_count"))
                .col(col("node_id").big_integer().not_null())
                .col(col("kind").string().not_null())
                .col(col("status").string().not_null())
                .col(col("n").big_integer().not_null())
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ux_org_count",
            "org_count",
            &["node_id", "kind", "status"],
            true,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(t("org_count")).to_owned())
            .await
    }
}

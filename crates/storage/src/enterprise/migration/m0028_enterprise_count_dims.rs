//! The coverage kept per node also by industry section and by size: `enterprise_count` gains
//! a dimension (`""` for all, `industry:<section>`, `size:<code>`) in its key, so that the
//! breakdowns of a node's coverage read its lines instead of every mark under it. The lines
//! are only a sum of the marks, so the table is made afresh and filled by the repair that
//! follows (which works every mark and every line out again). Chain memberships get an index
//! on the member's path, for the breakdown by chain, which reads the current members under a
//! node.

use crate::migration::schema::{col, idx, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0028_enterprise_count_dims"
    }
}

fn counts(dim: bool) -> TableCreateStatement {
    let mut key = Index::create();
    key.col(t("node_id"));
    let mut table = Table::create();
    table
        .table(t("enterprise_count"))
        .col(col("node_id").big_integer().not_null());
    if dim {
        table.col(col("dim").string().not_null().default(""));
        key.col(t("dim"));
    }
    key.col(t("party"));
    table
        .col(col("party").string().not_null())
        .col(col("n").big_integer().not_null())
        .col(col("members").big_integer().not_null())
        .col(col("breaking").big_integer().not_null())
        .primary_key(&mut key)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(t("enterprise_count")).to_owned())
            .await?;
        m.create_table(counts(true)).await?;
        idx(
            m,
            "ix_chain_member_path",
            "chain_member",
            &["node_path"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_chain_member_path")
                .table(t("chain_member"))
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(t("enterprise_count")).to_owned())
            .await?;
        m.create_table(counts(false)).await
    }
}

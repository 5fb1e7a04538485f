//! Each enterprise's derived party-building figures kept beside its profile (its mark), so
//! that the coverage of any node is summed from these rows instead of being worked out from
//! the tree and the people records on every read. Filled by the repair that follows.

use crate::migration::schema::{col, fk, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0020_enterprise_mark"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("enterprise_mark"))
                .col(col("node_id").big_integer().not_null().primary_key())
                .col(path_col("node_path", b))
                .col(col("operating").boolean().not_null())
                .col(col("party").string().not_null())
                .col(col("members").big_integer().not_null())
                .col(col("full_members").big_integer().not_null())
                .col(col("breaking").boolean().not_null())
                .col(col("industry").string().null())
                .col(col("size").string().null())
                .foreign_key(&mut fk("enterprise_mark", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_enterprise_mark_scope",
            "enterprise_mark",
            &["node_path"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(t("enterprise_mark")).to_owned())
            .await
    }
}

//! Park profiles (园区台账): one row per park node with its level, whether it is a key park,
//! its operator, address and area, filed under the node's path.

use crate::migration::schema::{col, fk, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0021_enterprise_park"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("enterprise_park"))
                .col(col("node_id").big_integer().not_null().primary_key())
                .col(path_col("node_path", b))
                .col(col("level").string().not_null())
                .col(col("key_park").boolean().not_null())
                .col(col("operator").string().null())
                .col(col("address").string().null())
                .col(col("area_m2").big_integer().null())
                .col(col("created_at").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("enterprise_park", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_enterprise_park_scope",
            "enterprise_park",
            &["node_path"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(t("enterprise_park")).to_owned())
            .await
    }
}

//! Service centres and stations: each filed under its host node's path, and the enterprise
//! nodes each serves, filed under theirs.

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0018_centre"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("centre"))
                .col(id("id"))
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("name").string().not_null())
                .col(col("kind").string().not_null())
                .col(col("address").string().null())
                .col(col("facilities").string().not_null())
                .col(col("hours").string().null())
                .col(col("phone").string().null())
                .col(col("area_m2").big_integer().null())
                .col(col("opened_on").date().null())
                .col(col("status").string().not_null())
                .col(col("closed_on").date().null())
                .col(col("created_at").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("centre", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(m, "ix_centre_scope", "centre", &["node_path"], false).await?;
        idx(m, "ix_centre_node", "centre", &["node_id"], false).await?;
        m.create_table(
            Table::create()
                .table(t("centre_enterprise"))
                .col(col("centre_id").big_integer().not_null())
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .primary_key(Index::create().col(t("centre_id")).col(t("node_id")))
                .foreign_key(&mut fk("centre_enterprise", "centre_id", "centre"))
                .foreign_key(&mut fk("centre_enterprise", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_centre_enterprise_node",
            "centre_enterprise",
            &["node_id"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in ["centre_enterprise", "centre"] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

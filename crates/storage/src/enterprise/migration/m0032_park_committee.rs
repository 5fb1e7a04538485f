//! A park's profile may name the park's party organization when the party line files it
//! elsewhere: in 滨海's five levels (区党工委 → 两新组织党委 → 园区党委 → 网格党总支 → 企业党组织,
//! seed [003]) a park committee stands under the zone's 两新组织党委, not under the park node.

use crate::migration::schema::{col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0032_park_committee"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("enterprise_park"))
                .add_column(col("committee_node_id").big_integer().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("enterprise_park"))
                .drop_column(t("committee_node_id"))
                .to_owned(),
        )
        .await
    }
}

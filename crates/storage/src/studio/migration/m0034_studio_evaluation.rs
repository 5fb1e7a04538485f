//! What was done with the lifecycle moves that published studio rounds propose: accepted (the
//! move made, with its document number) or rejected with a reason, once per studio and round.

use crate::migration::schema::{col, fk, id, idx, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0034_studio_evaluation"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(t("studio_round_decision"))
                .col(id("id"))
                .col(col("studio_id").big_integer().not_null())
                .col(col("round_id").big_integer().not_null())
                .col(col("round_title").string().not_null())
                .col(col("proposal").string().not_null())
                .col(col("decision").string().not_null())
                .col(col("document_no").string().null())
                .col(col("reason").string().null())
                .col(col("move_id").big_integer().null())
                .col(col("user_id").big_integer().null())
                .col(col("user_name").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("studio_round_decision", "studio_id", "studio"))
                .foreign_key(&mut fk("studio_round_decision", "move_id", "studio_move"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ux_studio_round_decision",
            "studio_round_decision",
            &["studio_id", "round_id"],
            true,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(t("studio_round_decision")).to_owned())
            .await
    }
}

//! A studio's decision answers one proposal of a round: a round reopened and published again
//! with another proposal takes a new decision beside the old one, which stays in the history.

use crate::migration::schema::{idx, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0039_studio_decision_per_proposal"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ux_studio_round_decision")
                .table(t("studio_round_decision"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_studio_round_decision",
            "studio_round_decision",
            &["studio_id", "round_id"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_studio_round_decision")
                .table(t("studio_round_decision"))
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
}

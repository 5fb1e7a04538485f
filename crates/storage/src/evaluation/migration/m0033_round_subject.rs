//! What a round assesses and how its targets were chosen: organizations (chosen, or every
//! organization of some kinds under a node, the selector kept on the round) or studios, with a
//! studio round's rules for proposing 示范, 预警 and 摘牌. A studio assessed keeps its id and
//! name beside its host node, so several studios of one node may be assessed in a round.

use crate::migration::schema::{col, idx, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0033_round_subject"
    }
}

async fn add(m: &SchemaManager<'_>, table: &str, c: &mut ColumnDef) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(t(table)).add_column(c).to_owned())
        .await
}

async fn drop(m: &SchemaManager<'_>, table: &str, c: &str) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(t(table)).drop_column(t(c)).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(
            m,
            "round",
            col("subject").string().not_null().default("organizations"),
        )
        .await?;
        add(m, "round", col("selector_node_id").big_integer().null()).await?;
        add(m, "round", col("selector_kinds").string().null()).await?;
        add(m, "round", col("demonstration_at").big_integer().null()).await?;
        add(m, "round", col("warned_below").big_integer().null()).await?;
        add(m, "round", col("delisted_below").big_integer().null()).await?;
        add(m, "round_target", col("studio_id").big_integer().null()).await?;
        add(m, "round_target", col("studio_name").string().null()).await?;
        m.drop_index(
            Index::drop()
                .name("ux_round_target")
                .table(t("round_target"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_round_target_round",
            "round_target",
            &["round_id", "node_id"],
            false,
        )
        .await?;
        idx(
            m,
            "ux_round_target_studio",
            "round_target",
            &["round_id", "studio_id"],
            true,
        )
        .await?;
        idx(
            m,
            "ix_round_target_studio",
            "round_target",
            &["studio_id"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "ix_round_target_studio",
            "ux_round_target_studio",
            "ix_round_target_round",
        ] {
            m.drop_index(Index::drop().name(name).table(t("round_target")).to_owned())
                .await?;
        }
        idx(
            m,
            "ux_round_target",
            "round_target",
            &["round_id", "node_id"],
            true,
        )
        .await?;
        drop(m, "round_target", "studio_name").await?;
        drop(m, "round_target", "studio_id").await?;
        for c in [
            "delisted_below",
            "warned_below",
            "demonstration_at",
            "selector_kinds",
            "selector_node_id",
            "subject",
        ] {
            drop(m, "round", c).await?;
        }
        Ok(())
    }
}

//! Campaigns, their targets, values kept by hand, the daily history of each target, and
//! milestones.

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0026_campaign"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("campaign"))
                .col(id("id"))
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("name").string().not_null())
                .col(col("description").text().null())
                .col(col("start_on").date().not_null())
                .col(col("end_on").date().not_null())
                .col(col("status").string().not_null())
                .col(col("created_by").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("campaign", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(m, "ix_campaign_scope", "campaign", &["node_path"], false).await?;
        idx(m, "ix_campaign_node", "campaign", &["node_id"], false).await?;
        m.create_table(
            Table::create()
                .table(t("campaign_target"))
                .col(id("id"))
                .col(col("campaign_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("name").string().not_null())
                .col(col("kind").string().not_null())
                .col(col("baseline").double().not_null())
                .col(col("goal").double().not_null())
                .col(col("due_on").date().not_null())
                .col(col("figure").string().null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("campaign_target", "campaign_id", "campaign"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_campaign_target_campaign",
            "campaign_target",
            &["campaign_id"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("campaign_value"))
                .col(id("id"))
                .col(col("target_id").big_integer().not_null())
                .col(col("campaign_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("on_day").date().not_null())
                .col(col("value").double().not_null())
                .col(col("note").string().null())
                .col(col("recorded_by").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("campaign_value", "target_id", "campaign_target"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_campaign_value_target",
            "campaign_value",
            &["target_id", "on_day"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("campaign_snapshot"))
                .col(col("target_id").big_integer().not_null())
                .col(col("day").date().not_null())
                .col(col("campaign_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("value").double().not_null())
                .primary_key(Index::create().col(t("target_id")).col(t("day")))
                .foreign_key(&mut fk("campaign_snapshot", "target_id", "campaign_target"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("campaign_milestone"))
                .col(id("id"))
                .col(col("campaign_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("name").string().not_null())
                .col(col("due_on").date().not_null())
                .col(col("done_on").date().null())
                .col(col("evidence_note").string().null())
                .col(col("evidence_link").string().null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("campaign_milestone", "campaign_id", "campaign"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_campaign_milestone_campaign",
            "campaign_milestone",
            &["campaign_id"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "campaign_milestone",
            "campaign_snapshot",
            "campaign_value",
            "campaign_target",
            "campaign",
        ] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

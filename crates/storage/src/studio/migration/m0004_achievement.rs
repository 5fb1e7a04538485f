//! Studio achievements (成果): one row each, with the people who contributed.

use crate::migration::schema::{col, fk, id, idx, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0004_achievement"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(t("studio_achievement"))
                .col(id("id"))
                .col(col("studio_id").big_integer().not_null())
                .col(col("kind").string().not_null())
                .col(col("title").string().not_null())
                .col(col("application_no").string().null())
                .col(col("grant_no").string().null())
                .col(col("registration_no").string().null())
                .col(col("level").string().null())
                .col(col("rank").string().null())
                .col(col("achieved_on").date().not_null())
                .col(col("year").integer().not_null())
                .col(col("note").text().null())
                .col(col("shared").boolean().not_null().default(false))
                .col(col("public").boolean().not_null().default(true))
                .col(col("created_at").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("studio_achievement", "studio_id", "studio"))
                .to_owned(),
        )
        .await?;
        // Lists and counts go by studio (the studio carries the scope), then kind and year.
        idx(
            m,
            "ix_studio_achievement_studio",
            "studio_achievement",
            &["studio_id", "achieved_on"],
            false,
        )
        .await?;
        idx(
            m,
            "ix_studio_achievement_kind_year",
            "studio_achievement",
            &["kind", "year"],
            false,
        )
        .await?;
        // One record per patent application. NULLs never collide, so other kinds are free.
        idx(
            m,
            "ux_studio_achievement_number",
            "studio_achievement",
            &["kind", "application_no"],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(t("studio_achievement_contributor"))
                .col(id("id"))
                .col(col("achievement_id").big_integer().not_null())
                .col(col("person_id").big_integer().not_null())
                .col(col("position").integer().not_null())
                .foreign_key(&mut fk(
                    "studio_achievement_contributor",
                    "achievement_id",
                    "studio_achievement",
                ))
                .foreign_key(&mut fk(
                    "studio_achievement_contributor",
                    "person_id",
                    "person",
                ))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ux_studio_achievement_contributor",
            "studio_achievement_contributor",
            &["achievement_id", "person_id"],
            true,
        )
        .await?;
        idx(
            m,
            "ix_studio_achievement_contributor_person",
            "studio_achievement_contributor",
            &["person_id"],
            false,
        )
        .await?;
        // An import names contributors by name: find them without reading a whole subtree.
        idx(
            m,
            "ix_person_name_for_achievements",
            "person",
            &["name", "node_path"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_person_name_for_achievements")
                .table(t("person"))
                .to_owned(),
        )
        .await?;
        for name in ["studio_achievement_contributor", "studio_achievement"] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

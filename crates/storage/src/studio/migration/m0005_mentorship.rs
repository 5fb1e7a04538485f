//! Mentorship (名师帮带) and training sessions (学习培训) inside studios: mentorships with
//! their apprentices, session records and outcomes; training sessions (their materials are
//! `studio_file` rows with owner kind "training").

use crate::migration::schema::{col, fk, id, idx, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0005_mentorship"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_studio_mentorship(m).await?;
        create_studio_mentorship_apprentice(m).await?;
        create_studio_mentorship_session(m).await?;
        create_studio_mentorship_outcome(m).await?;
        create_studio_training(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "studio_training",
            "studio_mentorship_outcome",
            "studio_mentorship_session",
            "studio_mentorship_apprentice",
            "studio_mentorship",
        ] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn create_studio_mentorship(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_mentorship"))
            .col(id("id"))
            .col(col("studio_id").big_integer().not_null())
            .col(col("title").string().not_null())
            .col(col("mentor_id").big_integer().not_null())
            .col(col("shape").string().not_null())
            .col(col("started_on").date().not_null())
            .col(col("planned_end_on").date().null())
            .col(col("goals").text().not_null())
            .col(col("plan").text().null())
            .col(col("closed_on").date().null())
            .col(col("grade").string().null())
            .col(col("closing_comment").text().null())
            .col(col("created_at").big_integer().not_null())
            .col(col("updated_at").big_integer().not_null())
            .foreign_key(&mut fk("studio_mentorship", "studio_id", "studio"))
            .foreign_key(&mut fk("studio_mentorship", "mentor_id", "person"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_studio_mentorship_studio",
        "studio_mentorship",
        &["studio_id", "started_on"],
        false,
    )
    .await?;
    idx(
        m,
        "ix_studio_mentorship_mentor",
        "studio_mentorship",
        &["mentor_id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_studio_mentorship_apprentice(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_mentorship_apprentice"))
            .col(id("id"))
            .col(col("mentorship_id").big_integer().not_null())
            .col(col("person_id").big_integer().not_null())
            .col(col("tier").string().not_null())
            .foreign_key(&mut fk(
                "studio_mentorship_apprentice",
                "mentorship_id",
                "studio_mentorship",
            ))
            .foreign_key(&mut fk(
                "studio_mentorship_apprentice",
                "person_id",
                "person",
            ))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ux_studio_mentorship_apprentice",
        "studio_mentorship_apprentice",
        &["mentorship_id", "person_id"],
        true,
    )
    .await?;
    idx(
        m,
        "ix_studio_mentorship_apprentice_person",
        "studio_mentorship_apprentice",
        &["person_id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_studio_mentorship_session(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_mentorship_session"))
            .col(id("id"))
            .col(col("mentorship_id").big_integer().not_null())
            .col(col("held_on").date().not_null())
            .col(col("content").text().not_null())
            .col(col("hours_tenths").integer().not_null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk(
                "studio_mentorship_session",
                "mentorship_id",
                "studio_mentorship",
            ))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_studio_mentorship_session",
        "studio_mentorship_session",
        &["mentorship_id", "held_on"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_studio_mentorship_outcome(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_mentorship_outcome"))
            .col(id("id"))
            .col(col("mentorship_id").big_integer().not_null())
            .col(col("person_id").big_integer().not_null())
            .col(col("kind").string().not_null())
            .col(col("achieved_on").date().not_null())
            .col(col("description").text().not_null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk(
                "studio_mentorship_outcome",
                "mentorship_id",
                "studio_mentorship",
            ))
            .foreign_key(&mut fk("studio_mentorship_outcome", "person_id", "person"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_studio_mentorship_outcome",
        "studio_mentorship_outcome",
        &["mentorship_id", "achieved_on"],
        false,
    )
    .await?;
    idx(
        m,
        "ix_studio_mentorship_outcome_person",
        "studio_mentorship_outcome",
        &["person_id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_studio_training(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_training"))
            .col(id("id"))
            .col(col("studio_id").big_integer().not_null())
            .col(col("topic").string().not_null())
            .col(col("held_on").date().not_null())
            .col(col("expected").integer().not_null())
            .col(col("attended").integer().not_null())
            .col(col("place").string().null())
            .col(col("summary").text().null())
            .col(col("shared").boolean().not_null().default(false))
            .col(col("created_at").big_integer().not_null())
            .col(col("updated_at").big_integer().not_null())
            .foreign_key(&mut fk("studio_training", "studio_id", "studio"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_studio_training_studio",
        "studio_training",
        &["studio_id", "held_on"],
        false,
    )
    .await?;
    idx(
        m,
        "ix_studio_training_shared",
        "studio_training",
        &["studio_id", "shared"],
        false,
    )
    .await
}

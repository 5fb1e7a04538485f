//! Studio activity: office hours and questions (驻室答疑), incubated projects with their team,
//! stage history, milestones and yearly benefit (项目孵化), evaluations (考核评价) and support
//! received (激励保障).

use crate::migration::schema::{col, fk, id, idx, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0006_activity"
    }
}

/// Tables in creation order; dropped in reverse.
const TABLES: [&str; 9] = [
    "studio_office_hour",
    "studio_question",
    "studio_project",
    "studio_project_member",
    "studio_project_stage",
    "studio_project_milestone",
    "studio_project_benefit",
    "studio_evaluation",
    "studio_support",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_studio_office_hour(m).await?;
        create_studio_question(m).await?;
        create_studio_project(m).await?;
        create_studio_project_member(m).await?;
        create_studio_project_stage(m).await?;
        create_studio_project_milestone(m).await?;
        create_studio_project_benefit(m).await?;
        create_studio_evaluation(m).await?;
        create_studio_support(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in TABLES.iter().rev() {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn create_studio_office_hour(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_office_hour"))
            .col(id("id"))
            .col(col("studio_id").big_integer().not_null())
            .col(col("weekday").integer().not_null())
            .col(col("starts").string().not_null())
            .col(col("ends").string().not_null())
            .col(col("place").string().not_null())
            .col(col("host_id").big_integer().null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk("studio_office_hour", "studio_id", "studio"))
            .foreign_key(&mut fk("studio_office_hour", "host_id", "person"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_studio_office_hour",
        "studio_office_hour",
        &["studio_id", "weekday"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_studio_question(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_question"))
            .col(id("id"))
            .col(col("studio_id").big_integer().not_null())
            .col(col("asker_user_id").big_integer().null())
            .col(col("asker_name").string().not_null())
            .col(col("title").string().not_null())
            .col(col("body").text().null())
            .col(col("asked_at").big_integer().not_null())
            .col(col("answer").text().null())
            .col(col("answerer_id").big_integer().null())
            .col(col("answered_by_user").big_integer().null())
            .col(col("answered_at").big_integer().null())
            .foreign_key(&mut fk("studio_question", "studio_id", "studio"))
            .foreign_key(&mut fk("studio_question", "answerer_id", "person"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_studio_question",
        "studio_question",
        &["studio_id", "asked_at"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_studio_project(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_project"))
            .col(id("id"))
            .col(col("studio_id").big_integer().not_null())
            .col(col("title").string().not_null())
            .col(col("description").text().null())
            .col(col("stage").string().not_null())
            .col(col("started_on").date().not_null())
            // The date of the last stage move (the start date before any).
            .col(col("stage_on").date().not_null())
            .col(col("investment_fen").big_integer().not_null().default(0))
            .col(col("shared").boolean().not_null().default(false))
            .col(col("created_at").big_integer().not_null())
            .col(col("updated_at").big_integer().not_null())
            .foreign_key(&mut fk("studio_project", "studio_id", "studio"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_studio_project",
        "studio_project",
        &["studio_id", "stage"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_studio_project_member(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_project_member"))
            .col(id("id"))
            .col(col("project_id").big_integer().not_null())
            .col(col("person_id").big_integer().not_null())
            .col(col("role").string().null())
            .foreign_key(&mut fk(
                "studio_project_member",
                "project_id",
                "studio_project",
            ))
            .foreign_key(&mut fk("studio_project_member", "person_id", "person"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ux_studio_project_member",
        "studio_project_member",
        &["project_id", "person_id"],
        true,
    )
    .await?;
    idx(
        m,
        "ix_studio_project_member_person",
        "studio_project_member",
        &["person_id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_studio_project_stage(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_project_stage"))
            .col(id("id"))
            .col(col("project_id").big_integer().not_null())
            .col(col("from_stage").string().null())
            .col(col("to_stage").string().not_null())
            .col(col("moved_on").date().not_null())
            .col(col("note").text().null())
            .col(col("user_id").big_integer().null())
            .col(col("user_name").string().not_null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk(
                "studio_project_stage",
                "project_id",
                "studio_project",
            ))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_studio_project_stage",
        "studio_project_stage",
        &["project_id", "id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_studio_project_milestone(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_project_milestone"))
            .col(id("id"))
            .col(col("project_id").big_integer().not_null())
            .col(col("title").string().not_null())
            .col(col("due_on").date().not_null())
            .col(col("done_on").date().null())
            .col(col("created_at").big_integer().not_null())
            .col(col("updated_at").big_integer().not_null())
            .foreign_key(&mut fk(
                "studio_project_milestone",
                "project_id",
                "studio_project",
            ))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_studio_project_milestone",
        "studio_project_milestone",
        &["project_id", "due_on"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_studio_project_benefit(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_project_benefit"))
            .col(id("id"))
            .col(col("project_id").big_integer().not_null())
            .col(col("year").integer().not_null())
            .col(col("revenue_fen").big_integer().not_null())
            .col(col("saving_fen").big_integer().not_null())
            .col(col("note").text().null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk(
                "studio_project_benefit",
                "project_id",
                "studio_project",
            ))
            .to_owned(),
    )
    .await?;
    // One entry per project and year.
    idx(
        m,
        "ux_studio_project_benefit",
        "studio_project_benefit",
        &["project_id", "year"],
        true,
    )
    .await?;
    Ok(())
}

async fn create_studio_evaluation(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_evaluation"))
            .col(id("id"))
            .col(col("studio_id").big_integer().not_null())
            .col(col("period").string().not_null())
            .col(col("evaluated_on").date().not_null())
            .col(col("score_tenths").integer().not_null())
            .col(col("grade").string().not_null())
            .col(col("override_reason").text().null())
            .col(col("document_no").string().null())
            .col(col("comment").text().null())
            .col(col("user_id").big_integer().null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk("studio_evaluation", "studio_id", "studio"))
            .to_owned(),
    )
    .await?;
    // One evaluation per studio and period.
    idx(
        m,
        "ux_studio_evaluation",
        "studio_evaluation",
        &["studio_id", "period"],
        true,
    )
    .await?;
    Ok(())
}

async fn create_studio_support(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_support"))
            .col(id("id"))
            .col(col("studio_id").big_integer().not_null())
            .col(col("kind").string().not_null())
            .col(col("amount_fen").big_integer().null())
            .col(col("received_on").date().not_null())
            .col(col("source").string().not_null())
            .col(col("note").text().null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk("studio_support", "studio_id", "studio"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_studio_support",
        "studio_support",
        &["studio_id", "received_on"],
        false,
    )
    .await
}

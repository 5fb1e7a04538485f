//! Rubrics with their versions and indicator trees, rounds with the organizations they
//! assess, the scores given per organization and indicator, and the evidence linked to them.

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0030_evaluation"
    }
}

impl Migration {
    async fn rubrics(&self, m: &SchemaManager<'_>) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("rubric"))
                .col(id("id"))
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("name").string().not_null())
                .col(col("description").text().null())
                .col(col("template").string().null())
                .col(col("latest_version").integer().not_null())
                .col(col("created_by").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("rubric", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(m, "ix_rubric_scope", "rubric", &["node_path"], false).await?;
        idx(m, "ix_rubric_node", "rubric", &["node_id"], false).await?;
        m.create_table(
            Table::create()
                .table(t("rubric_version"))
                .col(id("id"))
                .col(col("rubric_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("version").integer().not_null())
                .col(col("frozen").boolean().not_null())
                .col(col("base_hundredths").big_integer().not_null())
                .col(col("created_by").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("rubric_version", "rubric_id", "rubric"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ux_rubric_version",
            "rubric_version",
            &["rubric_id", "version"],
            true,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("rubric_indicator"))
                .col(id("id"))
                .col(col("version_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("parent_id").big_integer().null())
                .col(col("position").integer().not_null())
                .col(col("title").string().not_null())
                .col(col("kind").string().not_null())
                .col(col("max_hundredths").big_integer().not_null())
                .col(col("section").boolean().not_null())
                .col(col("department_id").big_integer().null())
                .col(col("figure").string().null())
                .col(col("full_at").big_integer().null())
                .col(col("evidence_required").boolean().not_null())
                .col(col("guidance").text().null())
                .foreign_key(&mut fk("rubric_indicator", "version_id", "rubric_version"))
                .foreign_key(&mut fk("rubric_indicator", "parent_id", "rubric_indicator"))
                .foreign_key(&mut fk("rubric_indicator", "department_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_rubric_indicator_version",
            "rubric_indicator",
            &["version_id", "position"],
            false,
        )
        .await?;
        idx(
            m,
            "ix_rubric_indicator_department",
            "rubric_indicator",
            &["department_id"],
            false,
        )
        .await
    }

    async fn rounds(&self, m: &SchemaManager<'_>) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("round"))
                .col(id("id"))
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("rubric_id").big_integer().not_null())
                .col(col("version_id").big_integer().not_null())
                .col(col("title").string().not_null())
                .col(col("period").string().not_null())
                .col(col("state").string().not_null())
                .col(col("reopen_reason").string().null())
                .col(col("published_at").big_integer().null())
                .col(col("created_by").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("round", "node_id", "org_node"))
                .foreign_key(&mut fk("round", "rubric_id", "rubric"))
                .foreign_key(&mut fk("round", "version_id", "rubric_version"))
                .to_owned(),
        )
        .await?;
        idx(m, "ix_round_scope", "round", &["node_path"], false).await?;
        idx(m, "ix_round_version", "round", &["version_id"], false).await?;
        m.create_table(
            Table::create()
                .table(t("round_target"))
                .col(id("id"))
                .col(col("round_id").big_integer().not_null())
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("self_total").big_integer().null())
                .col(col("review_total").big_integer().null())
                .col(col("vetoed").boolean().not_null())
                .col(col("final_total").big_integer().null())
                .foreign_key(&mut fk("round_target", "round_id", "round"))
                .foreign_key(&mut fk("round_target", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ux_round_target",
            "round_target",
            &["round_id", "node_id"],
            true,
        )
        .await?;
        idx(
            m,
            "ix_round_target_scope",
            "round_target",
            &["node_path"],
            false,
        )
        .await?;
        idx(
            m,
            "ix_round_target_node",
            "round_target",
            &["node_id"],
            false,
        )
        .await?;
        self.scores(m).await
    }

    async fn scores(&self, m: &SchemaManager<'_>) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("round_score"))
                .col(id("id"))
                .col(col("round_id").big_integer().not_null())
                .col(col("target_id").big_integer().not_null())
                .col(col("indicator_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("self_score").big_integer().null())
                .col(col("self_note").string().null())
                .col(col("reviewer_score").big_integer().null())
                .col(col("reviewer_note").string().null())
                .col(col("reviewer_id").big_integer().null())
                .col(col("reviewer_name").string().null())
                .col(col("figure_key").string().null())
                .col(col("figure_params").string().null())
                .col(col("figure_numerator").big_integer().null())
                .col(col("figure_denominator").big_integer().null())
                .col(col("figure_read_at").big_integer().null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("round_score", "target_id", "round_target"))
                .foreign_key(&mut fk("round_score", "indicator_id", "rubric_indicator"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ux_round_score",
            "round_score",
            &["target_id", "indicator_id"],
            true,
        )
        .await?;
        idx(
            m,
            "ix_round_score_round",
            "round_score",
            &["round_id"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("round_evidence"))
                .col(id("id"))
                .col(col("round_id").big_integer().not_null())
                .col(col("target_id").big_integer().not_null())
                .col(col("indicator_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("kind").string().not_null())
                .col(col("record_id").big_integer().null())
                .col(col("label").string().not_null())
                .col(col("url").string().null())
                .col(col("created_by").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("round_evidence", "target_id", "round_target"))
                .foreign_key(&mut fk(
                    "round_evidence",
                    "indicator_id",
                    "rubric_indicator",
                ))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_round_evidence_target",
            "round_evidence",
            &["target_id", "indicator_id"],
            false,
        )
        .await
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        self.rubrics(m).await?;
        self.rounds(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "round_evidence",
            "round_score",
            "round_target",
            "round",
            "rubric_indicator",
            "rubric_version",
            "rubric",
        ] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

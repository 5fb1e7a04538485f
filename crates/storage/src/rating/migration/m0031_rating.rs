//! Star ratings: rule sets, ratings, their moves and objections, kept counts; the 红星津贴's
//! amount tables, batches and lines.

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0031_rating"
    }
}

fn rule_table(b: DbBackend) -> TableCreateStatement {
    let mut s = Table::create();
    s.table(t("rating_rule"))
        .col(id("id"))
        .col(col("node_id").big_integer().not_null())
        .col(path_col("node_path", b));
    for i in 1..=5 {
        s.col(col(&format!("threshold_{i}")).big_integer().null());
    }
    for i in 1..=5 {
        s.col(col(&format!("cap_{i}")).integer().null());
    }
    s.col(col("veto_policy").string().not_null())
        .col(col("step_limit").boolean().not_null())
        .col(col("notice_days").integer().not_null())
        .col(col("updated_by").string().not_null())
        .col(col("updated_at").big_integer().not_null())
        .foreign_key(&mut fk("rating_rule", "node_id", "org_node"))
        .to_owned()
}

fn rating_table(b: DbBackend) -> TableCreateStatement {
    Table::create()
        .table(t("rating"))
        .col(id("id"))
        .col(col("node_id").big_integer().not_null())
        .col(path_col("node_path", b))
        .col(col("period").string().not_null())
        .col(col("star").integer().null())
        .col(col("score").big_integer().null())
        .col(col("vetoed").boolean().not_null())
        .col(col("round_id").big_integer().null())
        .col(col("direct_reason").string().null())
        .col(col("basis").string().not_null())
        .col(col("state").string().not_null())
        .col(col("issued_on").date().not_null())
        .col(col("notice_ends_on").date().not_null())
        .col(col("star_since").date().not_null())
        .col(col("issued_by_node_id").big_integer().not_null())
        .col(col("created_by").string().not_null())
        .col(col("created_at").big_integer().not_null())
        .col(col("updated_at").big_integer().not_null())
        .foreign_key(&mut fk("rating", "node_id", "org_node"))
        .to_owned()
}

fn move_table(b: DbBackend) -> TableCreateStatement {
    Table::create()
        .table(t("rating_move"))
        .col(id("id"))
        .col(col("rating_id").big_integer().not_null())
        .col(col("node_id").big_integer().not_null())
        .col(path_col("node_path", b))
        .col(col("period").string().not_null())
        .col(col("from_star").integer().null())
        .col(col("to_star").integer().null())
        .col(col("basis").string().not_null())
        .col(col("moved_on").date().not_null())
        .col(col("created_at").big_integer().not_null())
        .foreign_key(&mut fk("rating_move", "rating_id", "rating"))
        .to_owned()
}

fn objection_table(b: DbBackend) -> TableCreateStatement {
    Table::create()
        .table(t("rating_objection"))
        .col(id("id"))
        .col(col("rating_id").big_integer().not_null())
        .col(path_col("node_path", b))
        .col(col("body").text().not_null())
        .col(col("raised_by").string().not_null())
        .col(col("raised_on").date().not_null())
        .col(col("answer").text().null())
        .col(col("answered_by").string().null())
        .col(col("answered_on").date().null())
        .col(col("created_at").big_integer().not_null())
        .foreign_key(&mut fk("rating_objection", "rating_id", "rating"))
        .to_owned()
}

fn count_table(b: DbBackend) -> TableCreateStatement {
    Table::create()
        .table(t("rating_count"))
        .col(col("node_id").big_integer().not_null())
        .col(col("period").string().not_null())
        .col(col("star").integer().not_null())
        .col(path_col("node_path", b))
        .col(col("count").big_integer().not_null())
        .primary_key(
            Index::create()
                .col(t("node_id"))
                .col(t("period"))
                .col(t("star")),
        )
        .to_owned()
}

fn amount_table(b: DbBackend) -> TableCreateStatement {
    Table::create()
        .table(t("allowance_amount"))
        .col(id("id"))
        .col(col("node_id").big_integer().not_null())
        .col(path_col("node_path", b))
        .col(col("period").string().not_null())
        .col(col("star").integer().not_null())
        .col(col("amount_fen").big_integer().not_null())
        .col(col("updated_at").big_integer().not_null())
        .foreign_key(&mut fk("allowance_amount", "node_id", "org_node"))
        .to_owned()
}

fn batch_table(b: DbBackend) -> TableCreateStatement {
    Table::create()
        .table(t("allowance_batch"))
        .col(id("id"))
        .col(col("node_id").big_integer().not_null())
        .col(path_col("node_path", b))
        .col(col("period").string().not_null())
        .col(col("state").string().not_null())
        .col(col("reverses_id").big_integer().null())
        .col(col("total_fen").big_integer().not_null())
        .col(col("lines").big_integer().not_null())
        .col(col("created_by").string().not_null())
        .col(col("approved_by").string().null())
        .col(col("paid_on").date().null())
        .col(col("created_at").big_integer().not_null())
        .col(col("updated_at").big_integer().not_null())
        .foreign_key(&mut fk("allowance_batch", "node_id", "org_node"))
        .to_owned()
}

fn line_table(b: DbBackend) -> TableCreateStatement {
    Table::create()
        .table(t("allowance_line"))
        .col(id("id"))
        .col(col("batch_id").big_integer().not_null())
        .col(path_col("node_path", b))
        .col(col("person_id").big_integer().not_null())
        .col(col("person_name").string().not_null())
        .col(col("org_node_id").big_integer().not_null())
        .col(col("star").integer().null())
        .col(col("days").big_integer().not_null())
        .col(col("amount_fen").big_integer().not_null())
        .foreign_key(&mut fk("allowance_line", "batch_id", "allowance_batch"))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(rule_table(b)).await?;
        idx(m, "ux_rating_rule_node", "rating_rule", &["node_id"], true).await?;
        m.create_table(rating_table(b)).await?;
        idx(
            m,
            "ux_rating_node_period",
            "rating",
            &["node_id", "period"],
            true,
        )
        .await?;
        idx(
            m,
            "ix_rating_scope",
            "rating",
            &["node_path", "period"],
            false,
        )
        .await?;
        m.create_table(move_table(b)).await?;
        idx(
            m,
            "ix_rating_move_node",
            "rating_move",
            &["node_id", "moved_on"],
            false,
        )
        .await?;
        m.create_table(objection_table(b)).await?;
        idx(
            m,
            "ix_rating_objection_rating",
            "rating_objection",
            &["rating_id"],
            false,
        )
        .await?;
        m.create_table(count_table(b)).await?;
        m.create_table(amount_table(b)).await?;
        idx(
            m,
            "ux_allowance_amount",
            "allowance_amount",
            &["node_id", "period", "star"],
            true,
        )
        .await?;
        m.create_table(batch_table(b)).await?;
        idx(
            m,
            "ix_allowance_batch_scope",
            "allowance_batch",
            &["node_path", "period"],
            false,
        )
        .await?;
        m.create_table(line_table(b)).await?;
        idx(
            m,
            "ix_allowance_line_batch",
            "allowance_line",
            &["batch_id"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "allowance_line",
            "allowance_batch",
            "allowance_amount",
            "rating_count",
            "rating_objection",
            "rating_move",
            "rating",
            "rating_rule",
        ] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

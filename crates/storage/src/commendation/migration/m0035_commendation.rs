//! Commendations, the organizations and the people they name.

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0035_commendation"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("commendation"))
                .col(id("id"))
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("round_id").big_integer().null())
                .col(col("title").string().not_null())
                .col(col("doc_number").string().not_null())
                .col(col("issued_on").date().not_null())
                .col(col("level").string().not_null())
                .col(col("state").string().not_null())
                .col(col("revoke_reason").string().null())
                .col(col("revoked_on").date().null())
                .col(col("created_by").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("commendation", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_commendation_scope",
            "commendation",
            &["node_path"],
            false,
        )
        .await?;
        idx(
            m,
            "ix_commendation_node",
            "commendation",
            &["node_id"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("commendation_org"))
                .col(id("id"))
                .col(col("commendation_id").big_integer().not_null())
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("honour").string().not_null())
                .col(col("position").integer().not_null())
                .foreign_key(&mut fk(
                    "commendation_org",
                    "commendation_id",
                    "commendation",
                ))
                .foreign_key(&mut fk("commendation_org", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_commendation_org_commendation",
            "commendation_org",
            &["commendation_id"],
            false,
        )
        .await?;
        idx(
            m,
            "ix_commendation_org_node",
            "commendation_org",
            &["node_id"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("commendation_person"))
                .col(id("id"))
                .col(col("commendation_id").big_integer().not_null())
                .col(col("person_id").big_integer().not_null())
                .col(col("person_name").string().not_null())
                .col(col("person_node_id").big_integer().not_null())
                .col(col("honour").string().not_null())
                .col(col("position").integer().not_null())
                .col(col("honour_id").big_integer().null())
                .foreign_key(&mut fk(
                    "commendation_person",
                    "commendation_id",
                    "commendation",
                ))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_commendation_person_commendation",
            "commendation_person",
            &["commendation_id"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["commendation_person", "commendation_org", "commendation"] {
            m.drop_table(Table::drop().table(t(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}

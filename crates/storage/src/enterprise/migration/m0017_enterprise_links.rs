//! What ties an enterprise to others, each tie dated: the party organization that is its own
//! or covers it (with how the tie ended: an incubation that ends in an own organization is a
//! graduation), the industrial-chain committees it belongs to, its instructors; and the
//! guidance teams with their members. The profile's old `cover` flag is kept as it was and
//! read only for a profile that has no link yet.

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0017_enterprise_links"
    }
}

/// The tables in the order they are made (dropped in reverse).
const TABLES: [&str; 5] = [
    "enterprise_link",
    "chain_member",
    "instructor_assignment",
    "guidance_team",
    "guidance_team_member",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("enterprise_link"))
                .col(id("id"))
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("kind").string().not_null())
                .col(col("org_node_id").big_integer().not_null())
                .col(path_col("org_path", b))
                .col(col("from_on").date().not_null())
                .col(col("until_on").date().null())
                .col(col("outcome").string().null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("enterprise_link", "node_id", "org_node"))
                .foreign_key(&mut fk("enterprise_link", "org_node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_enterprise_link_node",
            "enterprise_link",
            &["node_id"],
            false,
        )
        .await?;
        idx(
            m,
            "ix_enterprise_link_org",
            "enterprise_link",
            &["org_node_id"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("chain_member"))
                .col(id("id"))
                .col(col("chain_node_id").big_integer().not_null())
                .col(path_col("chain_path", b))
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("joined_on").date().not_null())
                .col(col("left_on").date().null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("chain_member", "chain_node_id", "org_node"))
                .foreign_key(&mut fk("chain_member", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_chain_member_chain",
            "chain_member",
            &["chain_node_id"],
            false,
        )
        .await?;
        idx(
            m,
            "ix_chain_member_node",
            "chain_member",
            &["node_id"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("instructor_assignment"))
                .col(id("id"))
                .col(col("person_id").big_integer().not_null())
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("from_on").date().not_null())
                .col(col("until_on").date().null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("instructor_assignment", "person_id", "person"))
                .foreign_key(&mut fk("instructor_assignment", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_instructor_person",
            "instructor_assignment",
            &["person_id"],
            false,
        )
        .await?;
        idx(
            m,
            "ix_instructor_scope",
            "instructor_assignment",
            &["node_path"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("guidance_team"))
                .col(id("id"))
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("name").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("guidance_team", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_guidance_team_scope",
            "guidance_team",
            &["node_path"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("guidance_team_member"))
                .col(id("id"))
                .col(col("team_id").big_integer().not_null())
                .col(col("person_id").big_integer().not_null())
                .col(col("rank").string().not_null())
                .col(col("duty").string().null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("guidance_team_member", "team_id", "guidance_team"))
                .foreign_key(&mut fk("guidance_team_member", "person_id", "person"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ux_guidance_team_member",
            "guidance_team_member",
            &["team_id", "person_id"],
            true,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in TABLES.iter().rev() {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

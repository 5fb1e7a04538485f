//! Which kinds of organization may sit directly under which (`org_kind_rule`), seeded with
//! `touyan_domain::org::SEEDED_KIND_RULES` and with every pair an existing tree already
//! uses, so that trees built before the rules keep their shape.

use super::schema::{col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0012_org_kind_rules"
    }
}

fn kind_fk(column: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(t("org_kind_rule"), t(column))
        .to(t("org_kind"), t("code"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(t("org_kind_rule"))
                .col(col("parent_kind").string().not_null())
                .col(col("child_kind").string().not_null())
                .primary_key(Index::create().col(t("parent_kind")).col(t("child_kind")))
                .foreign_key(&mut kind_fk("parent_kind"))
                .foreign_key(&mut kind_fk("child_kind"))
                .to_owned(),
        )
        .await?;
        let mut ins = Query::insert();
        ins.into_table(t("org_kind_rule"))
            .columns([t("parent_kind"), t("child_kind")]);
        for (p, c) in touyan_domain::org::SEEDED_KIND_RULES {
            ins.values_panic([(*p).into(), (*c).into()]);
        }
        m.exec_stmt(ins).await?;
        // Pairs the stored trees already hold (kinds added since the seed included). The
        // WHERE keeps SQLite from reading the ON CONFLICT as part of the join.
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO org_kind_rule (parent_kind, child_kind) \
                 SELECT DISTINCT p.kind, c.kind FROM org_node c JOIN org_node p ON p.id = c.parent_id WHERE 1 = 1 \
                 ON CONFLICT (parent_kind, child_kind) DO NOTHING",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(t("org_kind_rule")).to_owned())
            .await
    }
}

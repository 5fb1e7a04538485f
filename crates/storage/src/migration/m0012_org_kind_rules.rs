//! Which kinds of organization may sit directly under which (`org_kind_rule`), seeded with
//! the pairs below (the domain's `SEEDED_KIND_RULES` of the day) and with every pair an existing tree already
//! uses, so that trees built before the rules keep their shape.

use super::schema::{col, t};
use sea_orm_migration::prelude::*;

/// The (parent kind, child kind) pairs this migration seeded.
pub(crate) const RULES: &[(&str, &str)] = &[
    ("district", "street"),
    ("district", "park"),
    ("district", "grid"),
    ("district", "department"),
    ("district", "enterprise"),
    ("district", "party_working_committee"),
    ("district", "party_committee"),
    ("street", "community"),
    ("street", "grid"),
    ("street", "department"),
    ("street", "enterprise"),
    ("street", "party_working_committee"),
    ("street", "party_committee"),
    ("street", "party_general_branch"),
    ("street", "party_branch"),
    ("park", "park"),
    ("park", "street"),
    ("park", "grid"),
    ("park", "department"),
    ("park", "enterprise"),
    ("park", "party_working_committee"),
    ("park", "party_committee"),
    ("park", "party_general_branch"),
    ("park", "party_branch"),
    ("community", "grid"),
    ("community", "enterprise"),
    ("community", "party_committee"),
    ("community", "party_general_branch"),
    ("community", "party_branch"),
    ("grid", "enterprise"),
    ("grid", "party_branch"),
    ("department", "department"),
    ("department", "party_committee"),
    ("department", "party_general_branch"),
    ("department", "party_branch"),
    ("enterprise", "department"),
    ("enterprise", "party_committee"),
    ("enterprise", "party_general_branch"),
    ("enterprise", "party_branch"),
    ("party_working_committee", "party_committee"),
    ("party_working_committee", "party_general_branch"),
    ("party_working_committee", "party_branch"),
    ("party_working_committee", "chain_party_committee"),
    ("party_committee", "party_committee"),
    ("party_committee", "party_general_branch"),
    ("party_committee", "party_branch"),
    ("party_committee", "chain_party_committee"),
    ("chain_party_committee", "party_general_branch"),
    ("chain_party_committee", "party_branch"),
    ("party_general_branch", "party_branch"),
];

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
        for (p, c) in RULES {
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

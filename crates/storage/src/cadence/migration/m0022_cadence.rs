//! Obligations (set everywhere or for a node's subtree), activity records with their types
//! and attendance, the activity-type dictionary, and the kept per-day counts compliance is
//! summed from.

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;
use touyan_domain::cadence::{Seed, ACTIVITY_TYPES, SEEDED};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0022_cadence"
    }
}

/// The stored seed: the national and the seeds' obligations as today's code has them, set
/// for everywhere and marked built-in (editable, never deleted).
async fn seed(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    seed_types(m, ACTIVITY_TYPES, 10).await?;
    seed_rules(m, SEEDED).await
}

/// Activity types into the dictionary, built-in, sorted from `first` by tens.
pub(super) async fn seed_types(
    m: &SchemaManager<'_>,
    types: &[(&str, &str, &str)],
    first: i32,
) -> Result<(), DbErr> {
    let mut ins = Query::insert();
    ins.into_table(t("dict_entry")).columns([
        t("dict"),
        t("code"),
        t("name_zh"),
        t("name_en"),
        t("sort_order"),
        t("builtin"),
    ]);
    for (i, (code, zh, en)) in types.iter().enumerate() {
        ins.values_panic([
            "activity_type".into(),
            (*code).into(),
            (*zh).into(),
            (*en).into(),
            (first + i as i32 * 10).into(),
            true.into(),
        ]);
    }
    m.exec_stmt(ins).await?;
    Ok(())
}

/// Obligations set for everywhere, built-in.
pub(super) async fn seed_rules(m: &SchemaManager<'_>, rules: &[Seed]) -> Result<(), DbErr> {
    let mut ins = Query::insert();
    ins.into_table(t("cadence_obligation")).columns([
        t("node_id"),
        t("node_path"),
        t("kinds"),
        t("activity_type"),
        t("cycle"),
        t("min_count"),
        t("due"),
        t("builtin"),
        t("created_at"),
        t("updated_at"),
    ]);
    for (kinds, ty, cycle, n, due) in rules {
        let due: Option<String> = due.map(|(m, d)| format!("{m:02}-{d:02}"));
        ins.values_panic([
            Option::<i64>::None.into(),
            "/".into(),
            kinds.join(",").into(),
            (*ty).into(),
            cycle.code().into(),
            (*n as i32).into(),
            due.into(),
            true.into(),
            0i64.into(),
            0i64.into(),
        ]);
    }
    m.exec_stmt(ins).await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(t("cadence_obligation"))
                .col(id("id"))
                .col(col("node_id").big_integer().null())
                // `/` for an obligation set everywhere.
                .col(path_col("node_path", b))
                .col(col("kinds").string().not_null())
                .col(col("activity_type").string().not_null())
                .col(col("cycle").string().not_null())
                .col(col("min_count").integer().not_null())
                .col(col("due").string().null())
                .col(col("builtin").boolean().not_null())
                .col(col("created_at").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("cadence_obligation", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_cadence_obligation_node",
            "cadence_obligation",
            &["node_id"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("cadence_activity"))
                .col(id("id"))
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("types").string().not_null())
                .col(col("held_at").date_time().not_null())
                .col(col("held_on").date().not_null())
                .col(col("place").string().null())
                .col(col("host").string().null())
                .col(col("recorder").string().null())
                .col(col("lecturer").string().null())
                .col(col("topic").string().not_null())
                .col(col("minutes").text().null())
                .col(col("expected").big_integer().not_null())
                .col(col("present").big_integer().not_null())
                .col(col("on_leave").big_integer().not_null())
                .col(col("absent").big_integer().not_null())
                .col(col("late").boolean().not_null())
                .col(col("recorded_on").date().not_null())
                .col(col("recorded_by").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .col(col("updated_at").big_integer().not_null())
                .foreign_key(&mut fk("cadence_activity", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_cadence_activity_scope",
            "cadence_activity",
            &["node_path", "held_on"],
            false,
        )
        .await?;
        idx(
            m,
            "ix_cadence_activity_node",
            "cadence_activity",
            &["node_id", "held_on"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("cadence_attendance"))
                .col(col("activity_id").big_integer().not_null())
                .col(col("person_id").big_integer().not_null())
                .col(col("person_name").string().not_null())
                .col(col("status").string().not_null())
                .col(col("reason").string().null())
                .col(path_col("node_path", b))
                .primary_key(Index::create().col(t("activity_id")).col(t("person_id")))
                .foreign_key(&mut fk(
                    "cadence_attendance",
                    "activity_id",
                    "cadence_activity",
                ))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_cadence_attendance_person",
            "cadence_attendance",
            &["person_id"],
            false,
        )
        .await?;
        // Kept in the transaction of every activity written: how many activities of each
        // type each organization held on each day, and how many of them were entered late.
        m.create_table(
            Table::create()
                .table(t("cadence_count"))
                .col(col("node_id").big_integer().not_null())
                .col(path_col("node_path", b))
                .col(col("activity_type").string().not_null())
                .col(col("held_on").date().not_null())
                .col(col("n").big_integer().not_null())
                .col(col("late").big_integer().not_null())
                .primary_key(
                    Index::create()
                        .col(t("node_id"))
                        .col(t("activity_type"))
                        .col(t("held_on")),
                )
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_cadence_count_scope",
            "cadence_count",
            &["node_path", "held_on"],
            false,
        )
        .await?;
        seed(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "cadence_count",
            "cadence_attendance",
            "cadence_activity",
            "cadence_obligation",
        ] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        m.exec_stmt(
            Query::delete()
                .from_table(t("dict_entry"))
                .and_where(Expr::col(t("dict")).eq("activity_type"))
                .to_owned(),
        )
        .await
    }
}

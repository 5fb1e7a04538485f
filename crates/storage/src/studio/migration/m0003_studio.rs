//! Studios: the registry, members, lifecycle moves, stored files, alliances; the studio-kind
//! dictionary; accounts linked to the person they are (a leader's "my studio").

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

/// The studio kinds as this migration seeded them (code, Chinese, English).
const KINDS: [(&str, &str, &str); 6] = [
    ("secretary", "书记工作室", "Party secretary studio"),
    (
        "red_craftsman",
        "红星工匠工作室",
        "Red-star craftsman studio",
    ),
    (
        "famous_teacher",
        "党员名师工作室",
        "Party-member master teacher studio",
    ),
    (
        "model_worker",
        "劳模创新工作室",
        "Model worker innovation studio",
    ),
    (
        "worker_innovation",
        "职工创新工作室",
        "Employee innovation studio",
    ),
    ("skill_master", "技能大师工作室", "Skill master studio"),
];

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0003_studio"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_studio(m).await?;
        create_studio_member(m).await?;
        create_studio_move(m).await?;
        create_studio_file(m).await?;
        create_alliance(m).await?;
        create_alliance_member(m).await?;

        m.alter_table(
            Table::alter()
                .table(t("app_user"))
                .add_column(col("person_id").big_integer().null())
                .to_owned(),
        )
        .await?;

        let mut ins = Query::insert();
        ins.into_table(t("dict_entry")).columns([
            t("dict"),
            t("code"),
            t("name_zh"),
            t("name_en"),
            t("sort_order"),
            t("builtin"),
        ]);
        for (i, (code, zh, en)) in KINDS.iter().enumerate() {
            ins.values_panic([
                "studio_kind".into(),
                (*code).into(),
                (*zh).into(),
                (*en).into(),
                ((i as i32 + 1) * 10).into(),
                true.into(),
            ]);
        }
        m.exec_stmt(ins).await?;
        // The built-in roles are brought up to the code's list at start-up (`role::sync_builtin`).
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("app_user"))
                .drop_column(t("person_id"))
                .to_owned(),
        )
        .await?;
        for name in [
            "alliance_member",
            "alliance",
            "studio_file",
            "studio_move",
            "studio_member",
            "studio",
        ] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        m.exec_stmt(
            Query::delete()
                .from_table(t("dict_entry"))
                .and_where(Expr::col(t("dict")).eq("studio_kind"))
                .to_owned(),
        )
        .await
    }
}

async fn create_studio(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let b = m.get_database_backend();
    m.create_table(
        Table::create()
            .table(t("studio"))
            .col(id("id"))
            .col(col("name").string().not_null())
            .col(col("kind").string().not_null())
            .col(col("level").string().not_null())
            .col(col("demonstration").boolean().not_null().default(false))
            .col(col("node_id").big_integer().not_null())
            .col(path_col("node_path", b))
            .col(col("leader_id").big_integer().null())
            .col(col("field").string().null())
            .col(col("plaque_on").date().null())
            .col(col("description").text().null())
            .col(col("state").string().not_null())
            .col(col("slug").string().null())
            .col(col("public").boolean().not_null().default(false))
            .col(col("photo_id").big_integer().null())
            .col(col("created_at").big_integer().not_null())
            .col(col("updated_at").big_integer().not_null())
            .foreign_key(&mut fk("studio", "node_id", "org_node"))
            .foreign_key(&mut fk("studio", "leader_id", "person"))
            .to_owned(),
    )
    .await?;
    idx(m, "ix_studio_scope", "studio", &["node_path", "id"], false).await?;
    idx(m, "ix_studio_node", "studio", &["node_id"], false).await?;
    idx(m, "ix_studio_leader", "studio", &["leader_id"], false).await?;
    idx(m, "ux_studio_slug", "studio", &["slug"], true).await?;
    Ok(())
}

async fn create_studio_member(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_member"))
            .col(id("id"))
            .col(col("studio_id").big_integer().not_null())
            .col(col("person_id").big_integer().not_null())
            .col(col("role").string().not_null())
            .col(col("joined_on").date().not_null())
            .col(col("left_on").date().null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk("studio_member", "studio_id", "studio"))
            .foreign_key(&mut fk("studio_member", "person_id", "person"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ux_studio_member",
        "studio_member",
        &["studio_id", "person_id"],
        true,
    )
    .await?;
    idx(
        m,
        "ix_studio_member_person",
        "studio_member",
        &["person_id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_studio_move(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("studio_move"))
            .col(id("id"))
            .col(col("studio_id").big_integer().not_null())
            .col(col("from_state").string().null())
            .col(col("to_state").string().not_null())
            .col(col("moved_on").date().not_null())
            .col(col("reason").text().not_null())
            .col(col("document_no").string().null())
            .col(col("evaluation_id").big_integer().null())
            .col(col("user_id").big_integer().null())
            .col(col("user_name").string().not_null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk("studio_move", "studio_id", "studio"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_studio_move",
        "studio_move",
        &["studio_id", "id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_studio_file(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    // Files kept in the file store; the row says whose they are. `owner_kind`/`owner_id`
    // name the record inside the studio a file belongs to (a photo, an achievement's
    // evidence, a session's materials).
    m.create_table(
        Table::create()
            .table(t("studio_file"))
            .col(id("id"))
            .col(col("studio_id").big_integer().not_null())
            .col(col("owner_kind").string().not_null())
            .col(col("owner_id").big_integer().not_null())
            .col(col("file_name").string().not_null())
            .col(col("content_type").string().not_null())
            .col(col("size").big_integer().not_null())
            .col(col("sha256").string().not_null())
            .col(col("storage_key").string().not_null())
            .col(col("user_id").big_integer().null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk("studio_file", "studio_id", "studio"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_studio_file_owner",
        "studio_file",
        &["studio_id", "owner_kind", "owner_id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_alliance(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let b = m.get_database_backend();
    m.create_table(
        Table::create()
            .table(t("alliance"))
            .col(id("id"))
            .col(col("name").string().not_null())
            .col(col("node_id").big_integer().not_null())
            .col(path_col("node_path", b))
            .col(col("description").text().null())
            .col(col("created_at").big_integer().not_null())
            .col(col("updated_at").big_integer().not_null())
            .foreign_key(&mut fk("alliance", "node_id", "org_node"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_alliance_scope",
        "alliance",
        &["node_path", "id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_alliance_member(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("alliance_member"))
            .col(id("id"))
            .col(col("alliance_id").big_integer().not_null())
            .col(col("studio_id").big_integer().not_null())
            .col(col("joined_on").date().not_null())
            .col(col("left_on").date().null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk("alliance_member", "alliance_id", "alliance"))
            .foreign_key(&mut fk("alliance_member", "studio_id", "studio"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_alliance_member",
        "alliance_member",
        &["alliance_id", "studio_id"],
        false,
    )
    .await?;
    idx(
        m,
        "ix_alliance_member_studio",
        "alliance_member",
        &["studio_id"],
        false,
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The seed is this migration's own copy: when the domain's list changes, a new migration
    /// brings stored databases along and this test is told so.
    #[test]
    fn the_seed_is_todays_list_of_studio_kinds() {
        assert_eq!(super::KINDS, touyan_domain::studio::BUILTIN_KINDS);
    }
}

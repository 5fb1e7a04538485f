//! People and party members: person records, posts, pipeline events, honours, free notes,
//! development quotas; a general dictionary table (post kinds first); kept import reports.

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0002_people"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_dict_entry(m).await?;
        create_person(m).await?;
        create_person_post(m).await?;
        create_person_event(m).await?;
        create_honour(m).await?;
        create_person_note(m).await?;
        create_quota(m).await?;

        let mut report = Table::create();
        report
            .table(t("import_report"))
            .col(col("token").string().not_null().primary_key())
            .col(col("user_id").big_integer().null())
            .col(col("filename").string().not_null())
            .col(col("content").blob().not_null())
            .col(col("created_at").big_integer().not_null());
        m.create_table(report.to_owned()).await?;

        seed(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "import_report",
            "quota",
            "person_note",
            "honour",
            "person_event",
            "person_post",
            "person",
            "dict_entry",
        ] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn create_dict_entry(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("dict_entry"))
            .col(col("dict").string().not_null())
            .col(col("code").string().not_null())
            .col(col("name_zh").string().not_null())
            .col(col("name_en").string().not_null())
            .col(col("sort_order").integer().not_null().default(0))
            .col(col("builtin").boolean().not_null().default(false))
            .primary_key(Index::create().col(t("dict")).col(t("code")))
            .to_owned(),
    )
    .await?;
    Ok(())
}

async fn create_person(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let b = m.get_database_backend();
    m.create_table(
        Table::create()
            .table(t("person"))
            .col(id("id"))
            .col(col("name").string().not_null())
            .col(col("gender").string().not_null())
            .col(col("ethnicity").string().null())
            .col(col("birth_date").date().not_null())
            .col(col("id_number").string().not_null())
            .col(col("phone").string().null())
            .col(col("education").string().null())
            .col(col("node_id").big_integer().not_null())
            .col(path_col("node_path", b))
            .col(col("status").string().not_null())
            .col(col("applied_on").date().null())
            .col(col("activist_on").date().null())
            .col(col("development_object_on").date().null())
            .col(col("probation_on").date().null())
            .col(col("probation_extended_months").integer().null())
            .col(col("full_on").date().null())
            .col(col("notes").text().null())
            .col(col("created_at").big_integer().not_null())
            .col(col("updated_at").big_integer().not_null())
            .foreign_key(&mut fk("person", "node_id", "org_node"))
            .to_owned(),
    )
    .await?;
    idx(m, "ux_person_id_number", "person", &["id_number"], true).await?;
    idx(m, "ix_person_scope", "person", &["node_path", "id"], false).await?;
    idx(
        m,
        "ix_person_status",
        "person",
        &["status", "node_path"],
        false,
    )
    .await?;
    idx(m, "ix_person_node", "person", &["node_id"], false).await?;
    Ok(())
}

async fn create_person_post(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let b = m.get_database_backend();
    m.create_table(
        Table::create()
            .table(t("person_post"))
            .col(id("id"))
            .col(col("person_id").big_integer().not_null())
            .col(col("post_code").string().not_null())
            .col(col("node_id").big_integer().not_null())
            .col(path_col("node_path", b))
            .col(col("start_on").date().not_null())
            .col(col("end_on").date().null())
            .col(col("note").string().null())
            .col(col("created_at").big_integer().not_null())
            .col(col("updated_at").big_integer().not_null())
            .foreign_key(&mut fk("person_post", "person_id", "person"))
            .foreign_key(&mut fk("person_post", "node_id", "org_node"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_person_post_scope",
        "person_post",
        &["node_path", "post_code"],
        false,
    )
    .await?;
    idx(
        m,
        "ix_person_post_person",
        "person_post",
        &["person_id"],
        false,
    )
    .await?;
    idx(m, "ix_person_post_node", "person_post", &["node_id"], false).await?;
    Ok(())
}

async fn create_person_event(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let b = m.get_database_backend();
    m.create_table(
        Table::create()
            .table(t("person_event"))
            .col(id("id"))
            .col(col("person_id").big_integer().not_null())
            .col(col("step").string().not_null())
            .col(col("on_date").date().not_null())
            .col(col("from_status").string().not_null())
            .col(col("to_status").string().not_null())
            .col(col("months").integer().null())
            .col(col("quota_id").big_integer().null())
            .col(col("note").string().null())
            .col(path_col("node_path", b))
            .col(col("actor_name").string().not_null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk("person_event", "person_id", "person"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_person_event_scope",
        "person_event",
        &["step", "on_date", "node_path"],
        false,
    )
    .await?;
    idx(
        m,
        "ix_person_event_person",
        "person_event",
        &["person_id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_honour(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let b = m.get_database_backend();
    m.create_table(
        Table::create()
            .table(t("honour"))
            .col(id("id"))
            .col(col("person_id").big_integer().not_null())
            .col(col("title").string().not_null())
            .col(col("level").string().not_null())
            .col(col("awarded_on").date().not_null())
            .col(col("awarding_node_id").big_integer().null())
            .col(col("note").string().null())
            .col(path_col("node_path", b))
            .col(col("created_at").big_integer().not_null())
            .col(col("updated_at").big_integer().not_null())
            .foreign_key(&mut fk("honour", "person_id", "person"))
            .foreign_key(&mut fk("honour", "awarding_node_id", "org_node"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_honour_scope",
        "honour",
        &["node_path", "title"],
        false,
    )
    .await?;
    idx(m, "ix_honour_title", "honour", &["title"], false).await?;
    idx(m, "ix_honour_person", "honour", &["person_id"], false).await?;
    idx(
        m,
        "ix_honour_awarding",
        "honour",
        &["awarding_node_id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_person_note(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let b = m.get_database_backend();
    m.create_table(
        Table::create()
            .table(t("person_note"))
            .col(id("id"))
            .col(col("person_id").big_integer().not_null())
            .col(col("on_date").date().not_null())
            .col(col("body").text().not_null())
            .col(path_col("node_path", b))
            .col(col("actor_name").string().not_null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk("person_note", "person_id", "person"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_person_note_person",
        "person_note",
        &["person_id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_quota(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let b = m.get_database_backend();
    m.create_table(
        Table::create()
            .table(t("quota"))
            .col(id("id"))
            .col(col("node_id").big_integer().not_null())
            .col(path_col("node_path", b))
            .col(col("year").integer().not_null())
            .col(col("received").integer().not_null())
            .col(col("handed_down").integer().not_null())
            .col(col("used").integer().not_null())
            .col(col("updated_at").big_integer().not_null())
            .foreign_key(&mut fk("quota", "node_id", "org_node"))
            .to_owned(),
    )
    .await?;
    idx(m, "ux_quota_node_year", "quota", &["node_id", "year"], true).await?;
    idx(m, "ix_quota_scope", "quota", &["year", "node_path"], false).await?;
    Ok(())
}

/// The post kinds as this migration seeded them (code, Chinese, English).
const POSTS: [(&str, &str, &str); 9] = [
    ("secretary", "书记", "Secretary"),
    ("deputy_secretary", "副书记", "Deputy secretary"),
    ("committee_member", "委员", "Committee member"),
    (
        "party_worker_full",
        "专职党务工作者",
        "Full-time party worker",
    ),
    (
        "party_worker_part",
        "兼职党务工作者",
        "Part-time party worker",
    ),
    ("grid_leader", "网格长", "Grid leader"),
    ("grid_worker", "网格员", "Grid worker"),
    ("building_leader", "楼长", "Building leader"),
    ("instructor", "党建工作指导员", "Party-building instructor"),
];

/// Post kinds (DESIGN module 3), and the built-in roles brought up to this version's
/// permission list: roles seeded by the first migration lacked the people permissions.
async fn seed(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut ins = Query::insert();
    ins.into_table(t("dict_entry")).columns([
        t("dict"),
        t("code"),
        t("name_zh"),
        t("name_en"),
        t("sort_order"),
        t("builtin"),
    ]);
    for (i, (code, zh, en)) in POSTS.iter().enumerate() {
        ins.values_panic([
            "post".into(),
            (*code).into(),
            (*zh).into(),
            (*en).into(),
            ((i as i32 + 1) * 10).into(),
            true.into(),
        ]);
    }
    m.exec_stmt(ins).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The seed is this migration's own copy: when the domain's list changes, a new migration
    /// brings stored databases along and this test is told so.
    #[test]
    fn the_seed_is_todays_list_of_posts() {
        let seeded: Vec<(&str, &str)> = super::POSTS.iter().map(|(c, z, _)| (*c, *z)).collect();
        assert_eq!(seeded, touyan_domain::people::BUILTIN_POSTS.to_vec());
    }
}

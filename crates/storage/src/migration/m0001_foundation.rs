//! Organization tree, accounts, roles and assignments, sessions, API tokens, audit log.

use super::schema::{col, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0001_foundation"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_org_kind(m).await?;
        create_org_node(m).await?;
        create_app_user(m).await?;
        create_role(m).await?;
        create_assignment(m).await?;
        create_session(m).await?;
        create_api_token(m).await?;
        create_audit_log(m).await?;
        create_login_throttle(m).await?;

        seed_dictionaries(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "login_throttle",
            "audit_log",
            "api_token",
            "session",
            "assignment",
            "role",
            "app_user",
            "org_node",
            "org_kind",
        ] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn create_org_kind(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("org_kind"))
            .col(col("code").string().not_null().primary_key())
            .col(col("name_zh").string().not_null())
            .col(col("name_en").string().not_null())
            .col(col("sort_order").integer().not_null().default(0))
            .col(col("builtin").boolean().not_null().default(false))
            .to_owned(),
    )
    .await?;
    Ok(())
}

async fn create_org_node(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let b = m.get_database_backend();
    m.create_table(
        Table::create()
            .table(t("org_node"))
            .col(id("id"))
            .col(col("parent_id").big_integer().null())
            .col(path_col("path", b))
            .col(col("depth").integer().not_null())
            .col(col("name").string().not_null())
            .col(col("kind").string().not_null())
            .col(col("code").string().null())
            .col(col("sort_order").integer().not_null().default(0))
            .col(col("status").string().not_null())
            .col(col("created_at").big_integer().not_null())
            .col(col("updated_at").big_integer().not_null())
            .foreign_key(
                ForeignKey::create()
                    .from(t("org_node"), t("parent_id"))
                    .to(t("org_node"), t("id"))
                    .on_delete(ForeignKeyAction::Restrict),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(t("org_node"), t("kind"))
                    .to(t("org_kind"), t("code"))
                    .on_delete(ForeignKeyAction::Restrict),
            )
            .to_owned(),
    )
    .await?;
    idx(m, "ux_org_node_path", "org_node", &["path"], true).await?;
    idx(m, "ux_org_node_code", "org_node", &["code"], true).await?;
    idx(
        m,
        "ix_org_node_parent",
        "org_node",
        &["parent_id", "sort_order"],
        false,
    )
    .await?;
    idx(m, "ix_org_node_kind", "org_node", &["kind", "path"], false).await?;
    Ok(())
}

async fn create_app_user(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let b = m.get_database_backend();
    m.create_table(
        Table::create()
            .table(t("app_user"))
            .col(id("id"))
            .col(col("username").string().not_null())
            .col(col("display_name").string().not_null())
            .col(col("password_hash").string().not_null())
            .col(col("node_id").big_integer().null())
            .col(path_col("node_path", b))
            .col(col("status").string().not_null())
            .col(col("locale").string().not_null())
            .col(col("created_at").big_integer().not_null())
            .col(col("updated_at").big_integer().not_null())
            .col(col("last_login_at").big_integer().null())
            .foreign_key(
                ForeignKey::create()
                    .from(t("app_user"), t("node_id"))
                    .to(t("org_node"), t("id"))
                    .on_delete(ForeignKeyAction::Restrict),
            )
            .to_owned(),
    )
    .await?;
    idx(m, "ux_app_user_username", "app_user", &["username"], true).await?;
    idx(
        m,
        "ix_app_user_scope",
        "app_user",
        &["node_path", "id"],
        false,
    )
    .await?;
    idx(m, "ix_app_user_node", "app_user", &["node_id"], false).await?;
    Ok(())
}

async fn create_role(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("role"))
            .col(id("id"))
            .col(col("code").string().null())
            .col(col("name").string().not_null())
            .col(col("description").string().not_null().default(""))
            .col(col("permissions").string().not_null())
            .col(col("builtin").boolean().not_null().default(false))
            .col(col("created_at").big_integer().not_null())
            .col(col("updated_at").big_integer().not_null())
            .to_owned(),
    )
    .await?;
    idx(m, "ux_role_name", "role", &["name"], true).await?;
    idx(m, "ux_role_code", "role", &["code"], true).await?;
    Ok(())
}

async fn create_assignment(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let b = m.get_database_backend();
    m.create_table(
        Table::create()
            .table(t("assignment"))
            .col(id("id"))
            .col(col("user_id").big_integer().not_null())
            .col(col("role_id").big_integer().not_null())
            .col(col("node_id").big_integer().null())
            .col(path_col("node_path", b))
            .col(col("created_at").big_integer().not_null())
            .col(col("created_by").big_integer().null())
            .foreign_key(
                ForeignKey::create()
                    .from(t("assignment"), t("user_id"))
                    .to(t("app_user"), t("id"))
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(t("assignment"), t("role_id"))
                    .to(t("role"), t("id"))
                    .on_delete(ForeignKeyAction::Restrict),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(t("assignment"), t("node_id"))
                    .to(t("org_node"), t("id"))
                    .on_delete(ForeignKeyAction::Restrict),
            )
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ux_assignment",
        "assignment",
        &["user_id", "role_id", "node_path"],
        true,
    )
    .await?;
    idx(
        m,
        "ix_assignment_scope",
        "assignment",
        &["node_path", "id"],
        false,
    )
    .await?;
    idx(m, "ix_assignment_role", "assignment", &["role_id"], false).await?;
    idx(m, "ix_assignment_node", "assignment", &["node_id"], false).await?;
    Ok(())
}

async fn create_session(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("session"))
            .col(id("id"))
            .col(col("token_hash").string().not_null())
            .col(col("user_id").big_integer().not_null())
            .col(col("csrf_token").string().not_null())
            .col(col("ip").string().null())
            .col(col("created_at").big_integer().not_null())
            .col(col("last_seen_at").big_integer().not_null())
            .col(col("expires_at").big_integer().not_null())
            .foreign_key(
                ForeignKey::create()
                    .from(t("session"), t("user_id"))
                    .to(t("app_user"), t("id"))
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .to_owned(),
    )
    .await?;
    idx(m, "ux_session_token", "session", &["token_hash"], true).await?;
    idx(m, "ix_session_user", "session", &["user_id"], false).await?;
    Ok(())
}

async fn create_api_token(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("api_token"))
            .col(id("id"))
            .col(col("user_id").big_integer().not_null())
            .col(col("name").string().not_null())
            .col(col("token_hash").string().not_null())
            .col(col("prefix").string().not_null())
            .col(col("permissions").string().null())
            .col(col("created_at").big_integer().not_null())
            .col(col("expires_at").big_integer().null())
            .col(col("last_used_at").big_integer().null())
            .col(col("revoked_at").big_integer().null())
            .foreign_key(
                ForeignKey::create()
                    .from(t("api_token"), t("user_id"))
                    .to(t("app_user"), t("id"))
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .to_owned(),
    )
    .await?;
    idx(m, "ux_api_token_hash", "api_token", &["token_hash"], true).await?;
    idx(
        m,
        "ix_api_token_user",
        "api_token",
        &["user_id", "id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_audit_log(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let b = m.get_database_backend();
    m.create_table(
        Table::create()
            .table(t("audit_log"))
            .col(id("id"))
            .col(col("at").big_integer().not_null())
            .col(col("actor_id").big_integer().null())
            .col(col("actor_name").string().not_null())
            .col(col("ip").string().null())
            .col(col("action").string().not_null())
            .col(col("record_type").string().not_null())
            .col(col("record_id").string().null())
            .col(col("node_id").big_integer().null())
            .col(path_col("node_path", b))
            .col(col("before").text().null())
            .col(col("after").text().null())
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_audit_scope",
        "audit_log",
        &["node_path", "id"],
        false,
    )
    .await?;
    idx(m, "ix_audit_actor", "audit_log", &["actor_id", "id"], false).await?;
    idx(
        m,
        "ix_audit_record",
        "audit_log",
        &["record_type", "record_id"],
        false,
    )
    .await?;
    idx(m, "ix_audit_at", "audit_log", &["at"], false).await?;
    Ok(())
}

async fn create_login_throttle(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("login_throttle"))
            .col(col("key").string().not_null().primary_key())
            .col(col("failures").integer().not_null())
            .col(col("last_failure").big_integer().not_null())
            .col(col("locked_until").big_integer().not_null())
            .to_owned(),
    )
    .await?;
    Ok(())
}

/// The organization kinds named by the seeds (DESIGN module 1).
async fn seed_dictionaries(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    const KINDS: [(&str, &str, &str); 12] = [
        ("district", "区/县", "District / county"),
        ("street", "街道/乡镇", "Street / township"),
        ("park", "开发区/园区", "Development zone / park"),
        ("community", "社区/村", "Community / village"),
        ("grid", "网格", "Grid"),
        ("department", "部门", "Department"),
        ("enterprise", "企业", "Enterprise"),
        (
            "party_working_committee",
            "党工委",
            "Party working committee",
        ),
        ("party_committee", "党委", "Party committee"),
        ("party_general_branch", "党总支", "Party general branch"),
        ("party_branch", "党支部", "Party branch"),
        (
            "chain_party_committee",
            "产业链党委",
            "Industry-chain party committee",
        ),
    ];
    let mut ins = Query::insert();
    ins.into_table(t("org_kind")).columns([
        t("code"),
        t("name_zh"),
        t("name_en"),
        t("sort_order"),
        t("builtin"),
    ]);
    for (i, (code, zh, en)) in KINDS.iter().enumerate() {
        ins.values_panic([
            (*code).into(),
            (*zh).into(),
            (*en).into(),
            ((i as i32 + 1) * 10).into(),
            true.into(),
        ]);
    }
    m.exec_stmt(ins).await?;

    // The built-in roles are written at start-up from the code (`role::sync_builtin`).
    Ok(())
}

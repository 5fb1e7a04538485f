//! Service requests (诉求工单): categories with their handling units and time limits, the
//! requests, their timelines, supervision cards, attached files, and enterprise and household
//! visits (走访).

use crate::migration::schema::{col, fk, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0007_request"
    }
}

/// Categories a district starts with: code, Chinese and English names, acceptance limit in
/// working hours, reply limit in working days, follow-up limit in working days.
const CATEGORIES: [(&str, &str, &str, i32, i32, i32); 9] = [
    (
        "environment",
        "环境卫生",
        "Environment and sanitation",
        4,
        5,
        3,
    ),
    ("municipal", "市政设施", "Municipal facilities", 4, 10, 3),
    ("property", "物业管理", "Property management", 8, 10, 3),
    ("safety", "治安消防", "Public safety and fire", 2, 3, 2),
    ("neighbour", "邻里纠纷", "Neighbour disputes", 8, 10, 3),
    ("labour", "劳动保障", "Labour and social security", 8, 15, 5),
    (
        "enterprise",
        "企业服务",
        "Services to enterprises",
        8,
        10,
        5,
    ),
    ("elderly", "为老服务", "Services for the elderly", 8, 5, 3),
    ("other", "其他", "Other", 8, 15, 5),
];

/// A path column that is empty until set (the handling unit's, before dispatch), compared byte
/// by byte like the others.
fn nullable_path(name: &str, b: sea_orm::DbBackend) -> ColumnDef {
    let mut c = col(name);
    c.string().null();
    if b == sea_orm::DbBackend::Postgres {
        c.extra("COLLATE \"C\"");
    }
    c
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_request_category(m).await?;
        create_visit(m).await?;
        create_service_request(m).await?;
        create_request_event(m).await?;
        create_request_card(m).await?;
        create_request_file(m).await?;

        let mut ins = Query::insert();
        ins.into_table(t("request_category")).columns([
            t("code"),
            t("name_zh"),
            t("name_en"),
            t("accept_hours"),
            t("reply_days"),
            t("follow_up_days"),
            t("sort_order"),
        ]);
        for (i, (code, zh, en, a, r, f)) in CATEGORIES.iter().enumerate() {
            ins.values_panic([
                (*code).into(),
                (*zh).into(),
                (*en).into(),
                (*a).into(),
                (*r).into(),
                (*f).into(),
                ((i as i32 + 1) * 10).into(),
            ]);
        }
        m.exec_stmt(ins).await?;
        // The built-in roles are brought up to the code's list at start-up (`role::sync_builtin`).
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "request_file",
            "request_card",
            "request_event",
            "service_request",
            "visit",
            "request_category",
        ] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn create_request_category(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("request_category"))
            .col(col("code").string().not_null().primary_key())
            .col(col("name_zh").string().not_null())
            .col(col("name_en").string().not_null())
            .col(col("default_node_id").big_integer().null())
            .col(col("accept_hours").integer().not_null())
            .col(col("reply_days").integer().not_null())
            .col(col("follow_up_days").integer().not_null())
            .col(col("reopen_days").integer().not_null().default(7))
            .col(col("red_after_hours").integer().null())
            .col(col("sort_order").integer().not_null().default(0))
            .col(col("active").boolean().not_null().default(true))
            .foreign_key(&mut fk("request_category", "default_node_id", "org_node"))
            .to_owned(),
    )
    .await?;
    Ok(())
}

async fn create_visit(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let b = m.get_database_backend();
    m.create_table(
        Table::create()
            .table(t("visit"))
            .col(id("id"))
            .col(col("node_id").big_integer().not_null())
            .col(path_col("node_path", b))
            .col(col("kind").string().not_null())
            .col(col("visited_on").date().not_null())
            .col(col("visitor_name").string().not_null())
            .col(col("visitor_person_id").big_integer().null())
            .col(col("household").string().null())
            .col(col("notes").text().null())
            .col(col("problems").integer().not_null().default(0))
            .col(col("user_id").big_integer().null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk("visit", "node_id", "org_node"))
            .foreign_key(&mut fk("visit", "visitor_person_id", "person"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_visit_scope",
        "visit",
        &["node_path", "visited_on"],
        false,
    )
    .await?;
    idx(
        m,
        "ix_visit_visitor",
        "visit",
        &["visitor_person_id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_service_request(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let b = m.get_database_backend();
    // Times are Unix milliseconds; due times are computed on Beijing working time and
    // stored the same way.
    m.create_table(
        Table::create()
            .table(t("service_request"))
            .col(id("id"))
            .col(col("code").string().not_null())
            .col(col("channel").string().not_null())
            .col(col("category").string().not_null())
            .col(col("urgency").string().not_null())
            .col(col("node_id").big_integer().not_null())
            .col(path_col("node_path", b))
            .col(col("dispatcher_node_id").big_integer().not_null())
            .col(path_col("dispatcher_path", b))
            .col(col("handling_node_id").big_integer().null())
            .col(nullable_path("handling_path", b))
            .col(col("address").string().null())
            .col(col("description").text().not_null())
            .col(col("contact_name").string().null())
            .col(col("contact_phone").string().null())
            .col(col("hotline_no").string().null())
            .col(col("enterprise_name").string().null())
            .col(col("visit_id").big_integer().null())
            .col(col("state").string().not_null())
            .col(col("round").integer().not_null().default(1))
            .col(col("pending_extension_days").integer().null())
            .col(col("rated_this_round").boolean().not_null().default(false))
            .col(col("rating").string().null())
            .col(col("solved").boolean().null())
            .col(col("step").string().null())
            .col(col("step_started_at").big_integer().null())
            .col(col("step_due_at").big_integer().null())
            .col(col("follow_up_due_at").big_integer().null())
            .col(col("card").string().null())
            .col(col("created_by").big_integer().null())
            .col(col("created_at").big_integer().not_null())
            .col(col("received_at").big_integer().null())
            .col(col("dispatched_at").big_integer().null())
            .col(col("accepted_at").big_integer().null())
            .col(col("accepted_in_time").boolean().null())
            .col(col("replied_at").big_integer().null())
            .col(col("replied_in_time").boolean().null())
            .col(col("closed_at").big_integer().null())
            .col(col("updated_at").big_integer().not_null())
            .foreign_key(&mut fk("service_request", "node_id", "org_node"))
            .foreign_key(&mut fk("service_request", "dispatcher_node_id", "org_node"))
            .foreign_key(&mut fk("service_request", "handling_node_id", "org_node"))
            .foreign_key(&mut fk("service_request", "visit_id", "visit"))
            .to_owned(),
    )
    .await?;
    index_service_request(m).await
}

/// The request table's indexes: its code, and the orders and filters its lists use.
async fn index_service_request(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    idx(m, "ux_request_code", "service_request", &["code"], true).await?;
    idx(
        m,
        "ux_request_hotline",
        "service_request",
        &["hotline_no"],
        true,
    )
    .await?;
    idx(
        m,
        "ix_request_scope",
        "service_request",
        &["node_path", "created_at"],
        false,
    )
    .await?;
    idx(
        m,
        "ix_request_dispatcher",
        "service_request",
        &["dispatcher_path", "created_at"],
        false,
    )
    .await?;
    idx(
        m,
        "ix_request_handling",
        "service_request",
        &["handling_path", "created_at"],
        false,
    )
    .await?;
    // Open311 lists public requests by time.
    idx(
        m,
        "ix_request_channel",
        "service_request",
        &["channel", "created_at"],
        false,
    )
    .await?;
    idx(
        m,
        "ix_request_due",
        "service_request",
        &["step_due_at"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_request_event(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("request_event"))
            .col(id("id"))
            .col(col("request_id").big_integer().not_null())
            .col(col("round").integer().not_null())
            .col(col("action").string().not_null())
            .col(col("from_state").string().null())
            .col(col("to_state").string().not_null())
            .col(col("role").string().not_null())
            .col(col("user_id").big_integer().null())
            .col(col("actor_name").string().not_null())
            .col(col("node_id").big_integer().null())
            .col(col("note").text().null())
            .col(col("detail").text().null())
            .col(col("public").boolean().not_null().default(true))
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk("request_event", "request_id", "service_request"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ix_request_event",
        "request_event",
        &["request_id", "id"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_request_card(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    // One card of a colour per step per round: the job can run again after a restart and
    // find the card already there.
    m.create_table(
        Table::create()
            .table(t("request_card"))
            .col(id("id"))
            .col(col("request_id").big_integer().not_null())
            .col(col("round").integer().not_null())
            .col(col("step").string().not_null())
            .col(col("colour").string().not_null())
            .col(col("due_at").big_integer().not_null())
            .col(col("raised_at").big_integer().not_null())
            .foreign_key(&mut fk("request_card", "request_id", "service_request"))
            .to_owned(),
    )
    .await?;
    idx(
        m,
        "ux_request_card",
        "request_card",
        &["request_id", "round", "step", "colour"],
        true,
    )
    .await?;
    idx(
        m,
        "ix_request_card_time",
        "request_card",
        &["raised_at"],
        false,
    )
    .await?;
    Ok(())
}

async fn create_request_file(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(t("request_file"))
            .col(id("id"))
            .col(col("request_id").big_integer().not_null())
            .col(col("event_id").big_integer().null())
            .col(col("file_name").string().not_null())
            .col(col("content_type").string().not_null())
            .col(col("size").big_integer().not_null())
            .col(col("storage_key").string().not_null())
            .col(col("public").boolean().not_null().default(false))
            .col(col("user_id").big_integer().null())
            .col(col("created_at").big_integer().not_null())
            .foreign_key(&mut fk("request_file", "request_id", "service_request"))
            .to_owned(),
    )
    .await?;
    idx(m, "ix_request_file", "request_file", &["request_id"], false).await?;
    Ok(())
}

//! Maintained aggregates of service requests: daily counters per organization node, so that
//! the measures of a district for a month read a few hundred rows instead of scanning its
//! requests ("dashboards read maintained aggregates", DESIGN platform principles).
//!
//! - `request_stat`: per node, Beijing day of creation, category, channel and whether the
//!   requests lie in the node's subtree (`located`) or were only handled there.
//! - `request_stat_handler`: the same counters per node, day and handling unit.
//! - `request_stat_mark`: what each request currently adds to the counters, so that the next
//!   change takes exactly that away again, however the change came about; with its running
//!   clock's due time, indexed for requests that have one, for "overdue now".
//!
//! Plus the indexes the live parts of the measures use: overdue follow-ups and the requests
//! raised on a visit.

use crate::migration::schema::{col, id, idx, path_col, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0009_request_stats"
    }
}

/// The counters, in the order of `crate::request::stats::COUNTERS`.
pub(crate) const COUNTER_COLUMNS: [&str; 17] = [
    "collected",
    "received",
    "dispatched",
    "accepted",
    "accepted_in_time",
    "replied",
    "closed",
    "solved",
    "open",
    "withdrawn",
    "steps_done",
    "steps_on_time",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "yellow",
    "red",
];

fn with_counters(mut tbl: TableCreateStatement) -> TableCreateStatement {
    for c in COUNTER_COLUMNS {
        tbl.col(col(c).big_integer().not_null().default(0));
    }
    tbl
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_database_backend();
        let mut handling_path = col("handling_path");
        handling_path.string().null();
        if b == sea_orm::DbBackend::Postgres {
            handling_path.extra("COLLATE \"C\"");
        }
        let mut cube = Table::create();
        cube.table(t("request_stat"))
            .col(id("id"))
            .col(col("node_id").big_integer().not_null())
            .col(col("day").integer().not_null())
            .col(col("category").string().not_null())
            .col(col("channel").string().not_null())
            .col(col("located").boolean().not_null());
        m.create_table(with_counters(cube)).await?;
        idx(
            m,
            "ux_request_stat",
            "request_stat",
            &["node_id", "day", "category", "channel", "located"],
            true,
        )
        .await?;

        let mut handler = Table::create();
        handler
            .table(t("request_stat_handler"))
            .col(id("id"))
            .col(col("node_id").big_integer().not_null())
            .col(col("day").integer().not_null())
            .col(col("handling_node_id").big_integer().not_null());
        m.create_table(with_counters(handler)).await?;
        idx(
            m,
            "ux_request_stat_handler",
            "request_stat_handler",
            &["node_id", "day", "handling_node_id"],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(t("request_stat_mark"))
                .col(col("request_id").big_integer().not_null().primary_key())
                .col(col("day").integer().not_null())
                .col(col("category").string().not_null())
                .col(col("channel").string().not_null())
                .col(path_col("node_path", b))
                .col(col("handling_node_id").big_integer().null())
                .col(handling_path)
                .col(col("flags").integer().not_null())
                .col(col("due_at").big_integer().null())
                .to_owned(),
        )
        .await?;
        // Requests with a running clock only: "overdue now" reads the few of a period here.
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX ix_request_stat_due ON request_stat_mark (day, due_at) \
                 WHERE due_at IS NOT NULL",
            )
            .await?;

        idx(
            m,
            "ix_request_follow_up_due",
            "service_request",
            &["follow_up_due_at"],
            false,
        )
        .await?;
        idx(
            m,
            "ix_request_visit",
            "service_request",
            &["visit_id"],
            false,
        )
        .await?;
        // Requests taken in before the counters existed are counted by the request area's
        // repair that follows this migration (its manifest), with the code of the day.
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("ix_request_stat_due", "request_stat_mark"),
            ("ix_request_visit", "service_request"),
            ("ix_request_follow_up_due", "service_request"),
        ] {
            m.drop_index(Index::drop().name(name).table(t(table)).to_owned())
                .await?;
        }
        for name in ["request_stat_mark", "request_stat_handler", "request_stat"] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}

//! Where each service request is seen from: one row per node above (or at) its location, its
//! dispatching unit and its handling unit (`touyan_domain::request::reach`). A caller's list
//! is then an equality on its node, walked in time order, instead of an OR of three path
//! ranges that had to read and sort every request of the subtree.

use crate::migration::schema::{col, fk, idx, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0010_request_reach"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(t("request_reach"))
                .col(col("request_id").big_integer().not_null())
                .col(col("node_id").big_integer().not_null())
                .col(col("created_at").big_integer().not_null())
                .col(col("category").string().not_null())
                .primary_key(Index::create().col(t("request_id")).col(t("node_id")))
                .foreign_key(&mut fk("request_reach", "request_id", "service_request"))
                .foreign_key(&mut fk("request_reach", "node_id", "org_node"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_request_reach",
            "request_reach",
            &["node_id", "created_at", "request_id"],
            false,
        )
        .await?;
        idx(
            m,
            "ix_request_reach_category",
            "request_reach",
            &["node_id", "category", "created_at", "request_id"],
            false,
        )
        .await?;
        // The whole-tree list (a scope at the top of the forest) walks requests by time.
        idx(
            m,
            "ix_request_created",
            "service_request",
            &["created_at", "id"],
            false,
        )
        .await?;
        // The rows of requests already stored are written by the request area's repair that
        // follows this migration (its manifest).
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_request_created")
                .table(t("service_request"))
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(t("request_reach")).to_owned())
            .await
    }
}

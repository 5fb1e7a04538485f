//! Notifications kept per user, and the users' calendar feeds. Both go with their user.

use crate::migration::schema::{col, id, idx, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0023_notice"
    }
}

/// A user's row, removed with the user.
fn owned_by_user(table: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(t(table), t("user_id"))
        .to(t("app_user"), t("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(t("notice"))
                .col(id("id"))
                .col(col("user_id").big_integer().not_null())
                .col(col("kind").string().not_null())
                .col(col("link").string().not_null())
                .col(col("args").text().not_null())
                .col(col("created_at").big_integer().not_null())
                .col(col("read_at").big_integer().null())
                .foreign_key(&mut owned_by_user("notice"))
                .to_owned(),
        )
        .await?;
        // A user's list, newest first, and their unread count.
        idx(m, "ix_notice_user", "notice", &["user_id", "id"], false).await?;
        idx(
            m,
            "ix_notice_unread",
            "notice",
            &["user_id", "read_at"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("notice_feed"))
                .col(id("id"))
                .col(col("user_id").big_integer().not_null())
                .col(col("token_hash").string().not_null())
                .col(col("prefix").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .col(col("last_used_at").big_integer().null())
                .col(col("revoked_at").big_integer().null())
                .foreign_key(&mut owned_by_user("notice_feed"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ux_notice_feed_hash",
            "notice_feed",
            &["token_hash"],
            true,
        )
        .await?;
        idx(m, "ix_notice_feed_user", "notice_feed", &["user_id"], false).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(t("notice_feed")).to_owned())
            .await?;
        m.drop_table(Table::drop().table(t("notice")).to_owned())
            .await
    }
}

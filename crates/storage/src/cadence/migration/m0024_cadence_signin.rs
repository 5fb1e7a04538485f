//! Sign-in codes of activities: one open code an activity, until the end of its day.

use crate::migration::schema::{col, fk, idx, t};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0024_cadence_signin"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(t("cadence_signin"))
                .col(col("activity_id").big_integer().not_null().primary_key())
                .col(col("code").string().not_null())
                // Milliseconds since the epoch (UTC).
                .col(col("expires_at").big_integer().not_null())
                .col(col("opened_by").string().not_null())
                .col(col("created_at").big_integer().not_null())
                .foreign_key(&mut fk("cadence_signin", "activity_id", "cadence_activity"))
                .to_owned(),
        )
        .await?;
        idx(
            m,
            "ix_cadence_signin_code",
            "cadence_signin",
            &["code"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(t("cadence_signin")).to_owned())
            .await
    }
}

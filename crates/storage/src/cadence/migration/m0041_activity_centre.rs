//! An activity may name the party-mass service centre it was held at; a centre named by an
//! activity is not deleted from under it.

use crate::migration::schema::idx;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0041_activity_centre"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Written out, as SQLite adds a column with its reference only this way.
        m.get_connection()
            .execute_unprepared(
                "ALTER TABLE cadence_activity ADD COLUMN centre_id BIGINT NULL \
                 REFERENCES centre (id)",
            )
            .await?;
        idx(
            m,
            "ix_cadence_activity_centre",
            "cadence_activity",
            &["centre_id", "held_on"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_cadence_activity_centre")
                .table(Alias::new("cadence_activity"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Alias::new("cadence_activity"))
                .drop_column(Alias::new("centre_id"))
                .to_owned(),
        )
        .await
    }
}

//! A request sent back, reopened or withdrawn used to keep the handling path of the unit it
//! left, and with it that unit's reach: the path now follows the handling unit in every
//! action, and the repair that follows this migration clears the paths left behind on stored
//! requests.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0011_request_handling_path"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        // No schema change: the paths are cleared by the request area's repair that follows
        // this migration (its manifest), with the code of the day.
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        // Nothing to undo: the cleared paths granted reach nobody should have had.
        Ok(())
    }
}

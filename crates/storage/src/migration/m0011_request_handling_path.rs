//! A request sent back, reopened or withdrawn used to keep the handling path of the unit it
//! left, and with it that unit's reach: the path now follows the handling unit in every
//! action, and this clears the paths left behind on stored requests.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0011_request_handling_path"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::request::handling::mend_left_paths(m.get_connection())
            .await
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        // Nothing to undo: the cleared paths granted reach nobody should have had.
        Ok(())
    }
}

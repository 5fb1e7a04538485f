//! The studio's 三个一 [001] as obligations of the organizations hosting a listed studio
//! (每月一个主题、每季度一次交流、每半年一次总结), with their activity types; built-in and set
//! for everywhere, as the earlier seed.

use super::m0022_cadence::{seed_rules, seed_types};
use sea_orm_migration::prelude::*;
use touyan_domain::cadence::{ACTIVITY_TYPES, STUDIO_ACTIVITY_TYPES, STUDIO_SEEDED};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0023_cadence_studio"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let first = (ACTIVITY_TYPES.len() as i32 + 1) * 10;
        seed_types(m, STUDIO_ACTIVITY_TYPES, first).await?;
        seed_rules(m, STUDIO_SEEDED).await
    }
}

//! Sign-in hardening: the login throttle now counts a name from one address (locked after
//! repeated failures), a name from every address (only slowed) and an address; counters kept
//! under the former rules (a name locked from everywhere) are dropped. Managing one's API
//! tokens becomes a permission of its own, given to every built-in role.

use super::schema::t;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0013_auth_hardening"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.exec_stmt(Query::delete().from_table(t("login_throttle")).to_owned())
            .await?;
        // The built-in roles gain `token.manage` at start-up (`role::sync_builtin`).
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        // Counters are transient and the roles keep a permission the former code ignores.
        Ok(())
    }
}

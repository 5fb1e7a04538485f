//! The work lists' migrations.

use sea_orm_migration::MigrationTrait;

mod m0023_task;

/// The area's migrations, for the list of areas.
pub(super) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(m0023_task::Migration)]
}

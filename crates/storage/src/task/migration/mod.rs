//! The work lists' migrations.

use sea_orm_migration::MigrationTrait;

mod m0023_task;
mod m0027_task_edit;

/// The area's migrations, for the list of areas.
pub(super) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(m0023_task::Migration),
        Box::new(m0027_task_edit::Migration),
    ]
}

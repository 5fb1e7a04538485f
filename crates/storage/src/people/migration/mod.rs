//! The people area's migrations.

use sea_orm_migration::MigrationTrait;

mod m0002_people;

/// The area's migrations, for the list of areas.
pub(super) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(m0002_people::Migration)]
}

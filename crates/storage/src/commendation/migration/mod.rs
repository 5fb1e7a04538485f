//! The commendations' migrations.

use sea_orm_migration::MigrationTrait;

mod m0035_commendation;

/// The area's migrations, for the list of areas.
pub(super) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(m0035_commendation::Migration)]
}

//! The service centres' migrations.

use sea_orm_migration::MigrationTrait;

mod m0018_centre;

/// The area's migrations, for the list of areas.
pub(super) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(m0018_centre::Migration)]
}

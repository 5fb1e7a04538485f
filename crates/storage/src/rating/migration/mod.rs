//! The star ratings' migrations.

use sea_orm_migration::MigrationTrait;

mod m0031_rating;

/// The area's migrations, for the list of areas.
pub(super) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(m0031_rating::Migration)]
}

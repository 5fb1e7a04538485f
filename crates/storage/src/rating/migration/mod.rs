//! The star ratings' migrations.

use sea_orm_migration::MigrationTrait;

mod m0031_rating;
mod m0037_allowance_payee;

/// The area's migrations, for the list of areas.
pub(super) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(m0031_rating::Migration),
        Box::new(m0037_allowance_payee::Migration),
    ]
}

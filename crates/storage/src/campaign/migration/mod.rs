//! The campaigns' migrations.

use sea_orm_migration::MigrationTrait;

mod m0026_campaign;
mod m0038_campaign_links;

/// The area's migrations, for the list of areas.
pub(super) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(m0026_campaign::Migration),
        Box::new(m0038_campaign_links::Migration),
    ]
}

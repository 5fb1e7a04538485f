//! The enterprise ledger's migrations.

use sea_orm_migration::MigrationTrait;

mod m0016_enterprise;
mod m0017_enterprise_links;
mod m0019_enterprise_census;
mod m0020_enterprise_mark;
mod m0021_enterprise_park;
mod m0023_enterprise_counts;
mod m0028_enterprise_count_dims;
mod m0032_park_committee;
mod m0040_enterprise_chain_counts;

/// The area's migrations, for the list of areas.
pub(super) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(m0016_enterprise::Migration),
        Box::new(m0017_enterprise_links::Migration),
        Box::new(m0019_enterprise_census::Migration),
        Box::new(m0020_enterprise_mark::Migration),
        Box::new(m0021_enterprise_park::Migration),
        Box::new(m0023_enterprise_counts::Migration),
        Box::new(m0028_enterprise_count_dims::Migration),
        Box::new(m0032_park_committee::Migration),
        Box::new(m0040_enterprise_chain_counts::Migration),
    ]
}

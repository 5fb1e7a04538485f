//! The request area's migrations.

use sea_orm_migration::MigrationTrait;

mod m0007_request;
mod m0009_request_stats;
mod m0010_request_reach;
mod m0011_request_handling_path;

/// The area's migrations, for the list of areas.
pub(super) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(m0007_request::Migration),
        Box::new(m0009_request_stats::Migration),
        Box::new(m0010_request_reach::Migration),
        Box::new(m0011_request_handling_path::Migration),
    ]
}

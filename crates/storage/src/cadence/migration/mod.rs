//! The work cadence's migrations.

use sea_orm_migration::MigrationTrait;

mod m0022_cadence;
mod m0023_cadence_studio;
mod m0024_cadence_signin;
mod m0025_cadence_file;
mod m0029_cadence_change;
mod m0041_activity_centre;

/// The area's migrations, for the list of areas.
pub(super) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(m0022_cadence::Migration),
        Box::new(m0023_cadence_studio::Migration),
        Box::new(m0024_cadence_signin::Migration),
        Box::new(m0025_cadence_file::Migration),
        Box::new(m0029_cadence_change::Migration),
        Box::new(m0041_activity_centre::Migration),
    ]
}

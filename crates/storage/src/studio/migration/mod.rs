//! The studio area's migrations.

use sea_orm_migration::MigrationTrait;

mod m0003_studio;
mod m0004_achievement;
mod m0005_mentorship;
mod m0006_activity;
mod m0034_studio_evaluation;

/// The area's migrations, for the list of areas.
pub(super) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(m0003_studio::Migration),
        Box::new(m0004_achievement::Migration),
        Box::new(m0005_mentorship::Migration),
        Box::new(m0006_activity::Migration),
        Box::new(m0034_studio_evaluation::Migration),
    ]
}

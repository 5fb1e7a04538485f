//! The evaluation area's migrations.

use sea_orm_migration::MigrationTrait;

mod m0030_evaluation;
mod m0033_round_subject;
mod m0036_round_file;
mod m0039_studio_decision_per_proposal;

/// The area's migrations, for the list of areas.
pub(super) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(m0030_evaluation::Migration),
        Box::new(m0033_round_subject::Migration),
        Box::new(m0036_round_file::Migration),
        Box::new(m0039_studio_decision_per_proposal::Migration),
    ]
}

//! The organization area's own migrations (the tree itself is the foundation's, m0001).

use sea_orm_migration::MigrationTrait;

mod m0014_org_spell;
mod m0015_org_counts;

pub(crate) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(m0014_org_spell::Migration),
        Box::new(m0015_org_counts::Migration),
    ]
}

//! The organization area's own migrations (the tree itself is the foundation's, m0001).

use sea_orm_migration::MigrationTrait;

mod m0014_org_spell;

pub(crate) fn all() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(m0014_org_spell::Migration)]
}

//! One migration source for SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;

mod schema;

mod m0001_foundation;
mod m0002_people;
mod m0003_studio;
mod m0004_achievement;
mod m0005_mentorship;
mod m0006_activity;
mod m0007_request;
mod m0008_calendar;
mod m0009_request_stats;
mod m0010_request_reach;
mod m0011_request_handling_path;
mod m0012_org_kind_rules;
mod m0013_auth_hardening;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_people::Migration),
            Box::new(m0003_studio::Migration),
            Box::new(m0004_achievement::Migration),
            Box::new(m0005_mentorship::Migration),
            Box::new(m0006_activity::Migration),
            Box::new(m0007_request::Migration),
            Box::new(m0008_calendar::Migration),
            Box::new(m0009_request_stats::Migration),
            Box::new(m0010_request_reach::Migration),
            Box::new(m0011_request_handling_path::Migration),
            Box::new(m0012_org_kind_rules::Migration),
            Box::new(m0013_auth_hardening::Migration),
        ]
    }
}

//! One migration source for SQLite and PostgreSQL: the foundation's migrations here, each
//! area's in its own folder, registered by its manifest (`crate::areas`). They run in the
//! order of their names, which never change.

use sea_orm_migration::prelude::*;

pub(crate) mod schema;

// The foundation (tree, accounts, roles, audit, sessions) and the areas kept in one file:
// the organization tree's kind rules, the calendar, the accounts' hardening.
mod m0001_foundation;
mod m0008_calendar;
pub(crate) mod m0012_org_kind_rules;
mod m0013_auth_hardening;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut all: Vec<Box<dyn MigrationTrait>> = vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0008_calendar::Migration),
            Box::new(m0012_org_kind_rules::Migration),
            Box::new(m0013_auth_hardening::Migration),
        ];
        for area in crate::areas::AREAS {
            all.extend((area.migrations)());
        }
        all.sort_by(|a, b| a.name().cmp(b.name()));
        all
    }
}

/// The repairs due after the migrations named in `applied` (those this start applied), in the
/// order of the migrations they follow.
pub(crate) fn repairs_due(applied: &[String]) -> Vec<crate::kit::area::Repair> {
    repairs_where(|after| applied.iter().any(|n| n == after))
}

/// Every area's repairs, in the order of the migrations they follow: run on demand when a
/// start was interrupted between a migration and its repair (each is a rebuild, so running
/// it again changes nothing that is already right).
pub(crate) fn all_repairs() -> Vec<crate::kit::area::Repair> {
    repairs_where(|_| true)
}

fn repairs_where(due: impl Fn(&str) -> bool) -> Vec<crate::kit::area::Repair> {
    let mut due: Vec<(&str, crate::kit::area::Repair)> = crate::areas::AREAS
        .iter()
        .flat_map(|a| a.repairs.iter().copied())
        .filter(|(after, _)| due(after))
        .collect();
    due.sort_by_key(|(after, _)| *after);
    due.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names every database already holds in `seaql_migrations`: they never change, and
    /// the areas' lists put together give them in this order.
    #[test]
    fn the_migrations_keep_their_names_and_order() {
        let names: Vec<String> = Migrator::migrations()
            .iter()
            .map(|m| m.name().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "m0001_foundation",
                "m0002_people",
                "m0003_studio",
                "m0004_achievement",
                "m0005_mentorship",
                "m0006_activity",
                "m0007_request",
                "m0008_calendar",
                "m0009_request_stats",
                "m0010_request_reach",
                "m0011_request_handling_path",
                "m0012_org_kind_rules",
                "m0013_auth_hardening",
                "m0014_org_spell",
                "m0015_org_counts",
                "m0016_enterprise",
                "m0017_enterprise_links",
                "m0018_centre",
                "m0019_enterprise_census",
                "m0020_enterprise_mark",
                "m0021_enterprise_park",
                "m0022_cadence",
                "m0023_cadence_studio",
                "m0023_enterprise_counts",
                "m0023_notice",
                "m0023_task",
                "m0024_cadence_signin",
                "m0025_cadence_file",
                "m0026_campaign",
                "m0027_task_edit",
                "m0028_enterprise_count_dims",
                "m0029_cadence_change",
                "m0030_evaluation",
                "m0031_rating",
                "m0032_park_committee",
                "m0033_round_subject",
                "m0034_studio_evaluation",
                "m0035_commendation",
                "m0036_round_file",
                "m0037_allowance_payee",
                "m0038_campaign_links",
                "m0039_studio_decision_per_proposal",
                "m0040_enterprise_chain_counts",
                "m0041_activity_centre",
            ]
        );
    }

    #[test]
    fn repairs_run_only_after_their_migration_was_applied_and_in_its_order() {
        let all: Vec<String> = Migrator::migrations()
            .iter()
            .map(|m| m.name().to_string())
            .collect();
        assert_eq!(repairs_due(&all).len(), 6);
        assert_eq!(all_repairs().len(), 6);
        assert!(repairs_due(&[]).is_empty());
        assert_eq!(
            repairs_due(&["m0011_request_handling_path".into()]).len(),
            1
        );
        assert!(repairs_due(&["m0012_org_kind_rules".into()]).is_empty());
        assert_eq!(repairs_due(&["m0014_org_spell".into()]).len(), 1);
        for area in crate::areas::AREAS {
            for (after, _) in area.repairs {
                assert!(
                    all.iter().any(|n| n == after),
                    "{}: no migration {after}",
                    area.name
                );
            }
        }
    }
}

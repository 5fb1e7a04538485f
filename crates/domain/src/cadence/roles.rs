//! Parts an organization plays that its kind does not tell — hosting a studio (工作室) —,
//! named by the area that knows them. An obligation names kinds and parts alike: a studio's
//! host keeps the studio's 三个一 [001] whatever its own kind, and only while it hosts one.

use super::obligation::{effective, Rule, Seed, SetRule};
use super::period::Cycle;

/// The part of an organization hosting a listed studio (挂牌、示范 or 预警, not yet or no
/// longer delisted).
pub const STUDIO_HOST: &str = "studio_host";

/// The parts obligations may name, as (code, Chinese, English).
pub const ROLES: &[(&str, &str, &str)] = &[(STUDIO_HOST, "工作室所在组织", "Studio host")];

/// A studio's 三个一 [001] — 每月一个主题、每季度一次交流、每半年一次总结 —, kept by the
/// organization hosting it, as (parts, activity type, cycle, minimum, due). A month's theme is
/// met by a training the studio gives (its records count through the list of areas), a
/// quarter's exchange by a mentorship session; the summary is recorded as an activity.
pub const STUDIO_SEEDED: &[Seed] = &[
    (&[STUDIO_HOST], "studio_theme", Cycle::Month, 1, None),
    (&[STUDIO_HOST], "studio_exchange", Cycle::Quarter, 1, None),
    (&[STUDIO_HOST], "studio_summary", Cycle::HalfYear, 1, None),
];

/// The activity types the studio obligations name, as (code, Chinese, English).
pub const STUDIO_ACTIVITY_TYPES: &[(&str, &str, &str)] = &[
    ("studio_theme", "工作室主题活动", "Studio theme activity"),
    ("studio_exchange", "工作室交流", "Studio exchange"),
    (
        "studio_summary",
        "工作室半年总结",
        "Studio half-year summary",
    ),
];

/// The rules an organization of `kind` playing `roles` at the path `ids` keeps: those of its
/// kind, then those of each part it plays (each resolved as [`effective`] resolves a kind),
/// a type and cycle once — the first found wins.
pub fn rules_for<'a>(
    kind: &str,
    roles: &[String],
    ids: &[i64],
    set: &[SetRule<'a>],
) -> Vec<(i64, &'a Rule)> {
    let mut out = effective(kind, ids, set);
    for role in roles {
        for (id, r) in effective(role, ids, set) {
            let known = out
                .iter()
                .any(|(_, o)| o.activity_type == r.activity_type && o.cycle == r.cycle);
            if !known {
                out.push((id, r));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(kinds: &[&str], ty: &str, cycle: Cycle, n: u32) -> Rule {
        Rule {
            kinds: kinds.iter().map(|k| k.to_string()).collect(),
            activity_type: ty.into(),
            cycle,
            min_count: n,
            due: None,
        }
    }

    #[test]
    fn a_host_keeps_its_kinds_rules_and_its_studios_and_a_superior_lifts_them_below() {
        let branch = rule(&["party_branch"], "theme_day", Cycle::Month, 1);
        let theme = rule(&[STUDIO_HOST], "studio_theme", Cycle::Month, 1);
        let lifted = rule(&[STUDIO_HOST], "studio_theme", Cycle::Month, 0);
        let at_root: &[i64] = &[];
        let at_park: &[i64] = &[1, 2];
        let set = [
            SetRule {
                id: 1,
                at: at_root,
                rule: &branch,
            },
            SetRule {
                id: 2,
                at: at_root,
                rule: &theme,
            },
        ];
        let host = vec![STUDIO_HOST.to_string()];
        let got: Vec<i64> = rules_for("party_branch", &host, &[1, 2, 3], &set)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(got, vec![1, 2]);
        // Not hosting a studio: only its kind's.
        let got = rules_for("party_branch", &[], &[1, 2, 3], &set);
        assert_eq!(got.len(), 1);
        // A host of a kind with no rules of its own keeps the studio's.
        assert_eq!(rules_for("enterprise", &host, &[1, 4], &set).len(), 1);
        // Lifted for the park's subtree.
        let mut set = set.to_vec();
        set.push(SetRule {
            id: 3,
            at: at_park,
            rule: &lifted,
        });
        assert_eq!(rules_for("enterprise", &host, &[1, 2, 5], &set).len(), 0);
        assert_eq!(rules_for("enterprise", &host, &[1, 4], &set).len(), 1);
    }

    #[test]
    fn the_studio_seed_names_its_own_types_and_a_part_no_kind_takes() {
        for (parts, ty, _, n, _) in STUDIO_SEEDED {
            assert!(
                STUDIO_ACTIVITY_TYPES.iter().any(|(c, _, _)| c == ty),
                "{ty}"
            );
            assert!(parts.iter().all(|p| ROLES.iter().any(|(c, _, _)| c == p)));
            assert!(*n > 0);
        }
        for (c, _, _) in STUDIO_ACTIVITY_TYPES {
            assert!(!super::super::ACTIVITY_TYPES.iter().any(|(a, _, _)| a == c));
        }
    }
}

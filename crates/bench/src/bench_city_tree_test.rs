//! The generated city tree keeps the organization rules: every (parent kind, child kind)
//! pair is one the seeded rules admit (or the city kind the generator adds with its own
//! rule), and no two siblings share a name.

use super::{build_tree, CityShape};
use std::collections::{HashMap, HashSet};
use touyan_domain::org::{KindRules, SEEDED_KIND_RULES};

fn check(shape: &CityShape) {
    let tree = build_tree(shape, 1).expect("shape is valid");
    let rules = KindRules::new(
        SEEDED_KIND_RULES
            .iter()
            .copied()
            .chain(super::CITY_KIND_RULES.iter().copied()),
    );
    let kind: HashMap<i64, &str> = tree.iter().map(|n| (n.id, n.kind)).collect();
    let mut names: HashSet<(Option<i64>, &str)> = HashSet::new();
    for n in &tree {
        if let Some(p) = n.parent_id {
            assert!(
                rules.allows(kind[&p], n.kind),
                "{} under {}",
                n.kind,
                kind[&p]
            );
        }
        assert!(
            names.insert((n.parent_id, n.name.as_str())),
            "two siblings named {}",
            n.name
        );
    }
}

#[test]
fn the_default_city_keeps_the_rules() {
    check(&CityShape::default());
}

#[test]
fn a_crowded_city_still_names_siblings_apart() {
    check(&CityShape {
        nodes: 1 + 1 + 20 + 20 * 20 + 20 * 20 * 150,
        rows: 0,
        districts: 1,
        units_per_district: 20,
        parks_per_district: 2,
        children_per_unit: 20,
        seed: 1,
    });
}

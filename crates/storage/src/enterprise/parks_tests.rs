//! The parks overview's pure parts: nearest park, the summary by level.

use super::*;

#[test]
fn an_enterprise_counts_in_its_nearest_park_only() {
    let parks = vec!["/1/5/".to_string(), "/1/5/9/".to_string(), "/1/6/".into()];
    let marks: Vec<(String, String)> = [
        ("/1/5/20/", "own"),
        ("/1/5/9/21/", "joint"),
        ("/1/5/9/7/22/", "none"),
        ("/1/6/23/", "incubation"),
        ("/1/8/24/", "own"),
    ]
    .iter()
    .map(|(p, s)| (p.to_string(), s.to_string()))
    .collect();
    let f = tally(&parks, &marks);
    let want = |operating, own, covered| ParkFigures {
        operating,
        own,
        covered,
    };
    assert_eq!(f, vec![want(1, 1, 0), want(2, 0, 1), want(1, 0, 1)]);
}

fn park(level: Option<&str>, key: bool, org: bool, f: ParkFigures) -> ParkView {
    ParkView {
        id: 1,
        name: "p".into(),
        level: level.map(String::from),
        key,
        operator: None,
        has_organization: org,
        enterprises: f.operating,
        own: f.own,
        covered: f.covered,
        organization_rate: f.rate(),
        fully_covered: f.fully_covered(),
    }
}

#[test]
fn the_summary_goes_by_level_highest_first_and_unrecorded_last() {
    let f = |operating, own, covered| ParkFigures {
        operating,
        own,
        covered,
    };
    let parks = [
        park(Some("district"), false, false, f(2, 0, 0)),
        park(None, false, true, f(1, 1, 0)),
        park(Some("municipal"), true, true, f(3, 2, 1)),
        park(Some("municipal"), true, true, f(2, 1, 0)),
    ];
    let s = summarize(&parks);
    assert_eq!(
        (s.parks, s.key_parks, s.with_organization, s.fully_covered),
        (4, 2, 3, 2)
    );
    assert_eq!((s.enterprises, s.own, s.covered), (8, 4, 1));
    assert_eq!(s.organization_rate, Some(62.5));
    let levels: Vec<(&str, u64, u64)> = s
        .by_level
        .iter()
        .map(|l| (l.level.as_str(), l.parks, l.fully_covered))
        .collect();
    assert_eq!(
        levels,
        vec![("municipal", 2, 1), ("district", 1, 0), ("", 1, 1)]
    );
    assert_eq!(s.by_level[0].organization_rate, Some(80.0));
}

#[test]
fn the_filter_keeps_what_every_given_condition_allows() {
    let p = park(
        Some("municipal"),
        true,
        false,
        ParkFigures {
            operating: 1,
            own: 1,
            covered: 0,
        },
    );
    let keeps = |f: ParkFilter| f.keeps(&p);
    assert!(keeps(ParkFilter::default()));
    assert!(keeps(ParkFilter {
        level: Some("municipal".into()),
        key: Some(true),
        fully_covered: Some(true),
        ..Default::default()
    }));
    assert!(!keeps(ParkFilter {
        has_organization: Some(true),
        ..Default::default()
    }));
    assert!(!keeps(ParkFilter {
        level: Some("district".into()),
        ..Default::default()
    }));
}

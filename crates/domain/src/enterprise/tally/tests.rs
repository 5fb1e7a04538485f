use super::*;

fn at(path: &str, party: &str, members: i64, breaking: bool) -> Counted {
    Counted {
        path: TreePath::parse(path).unwrap(),
        party: party.into(),
        members,
        breaking,
        industry: "C".into(),
        size: "small".into(),
    }
}

fn key(node: i64, dim: &str, party: &str) -> LineKey {
    (node, dim.to_string(), party.to_string())
}

/// The lines of one dimension, as (node, status, n).
fn lines_of(d: &BTreeMap<LineKey, Delta>, dim: &str) -> Vec<(i64, String, i64)> {
    d.iter()
        .filter(|((_, k, _), _)| k == dim)
        .map(|((node, _, party), v)| (*node, party.clone(), v.n))
        .collect()
}

#[test]
fn a_new_enterprise_counts_above_itself_and_for_the_forest_in_every_dimension() {
    let d = deltas(&[], &[at("/1/2/9/", "members_only", 3, true)]);
    let mut nodes: Vec<i64> = d.keys().map(|(n, _, _)| *n).collect();
    nodes.dedup();
    assert_eq!(nodes, vec![0, 1, 2]);
    let one = Delta {
        n: 1,
        members: 3,
        breaking: 1,
    };
    for dim in ["", "industry:C", "size:small"] {
        assert_eq!(d[&key(2, dim, "members_only")], one, "{dim}");
        assert_eq!(d[&key(0, dim, "members_only")], one, "{dim}");
    }
    assert_eq!(d.len(), 9);
}

#[test]
fn an_unrecorded_industry_or_size_counts_under_an_empty_code() {
    let mut m = at("/1/9/", "none", 0, false);
    m.industry.clear();
    m.size.clear();
    let d = deltas(&[], &[m]);
    assert_eq!(d[&key(1, "industry:", "none")].n, 1);
    assert_eq!(d[&key(1, "size:", "none")].n, 1);
}

#[test]
fn a_status_change_moves_the_count_between_statuses_and_leaves_no_zero_lines() {
    let before = [at("/1/2/9/", "members_only", 3, true)];
    let after = [at("/1/2/9/", "own", 3, false)];
    let d = deltas(&before, &after);
    // Three nodes, three dimensions, two statuses.
    assert_eq!(d.len(), 18);
    assert_eq!(d[&key(1, "", "members_only")].n, -1);
    assert_eq!(d[&key(1, "industry:C", "own")].breaking, 0);
    // Nothing changed, nothing to write.
    assert!(deltas(&after, &after).is_empty());
}

#[test]
fn an_industry_change_moves_only_the_industry_lines() {
    let before = [at("/1/2/9/", "own", 4, false)];
    let mut moved = before[0].clone();
    moved.industry = "I".into();
    let d = deltas(&before, &[moved]);
    assert!(lines_of(&d, "").is_empty());
    assert!(lines_of(&d, "size:small").is_empty());
    let own = || "own".to_string();
    assert_eq!(
        lines_of(&d, "industry:C"),
        vec![(0, own(), -1), (1, own(), -1), (2, own(), -1)]
    );
    assert_eq!(
        lines_of(&d, "industry:I"),
        vec![(0, own(), 1), (1, own(), 1), (2, own(), 1)]
    );
    assert_eq!(d[&key(2, "industry:I", "own")].members, 4);
}

#[test]
fn a_size_change_moves_only_the_size_lines() {
    let before = [at("/1/9/", "joint", 1, false)];
    let mut grown = before[0].clone();
    grown.size = "large".into();
    let d = deltas(&before, &[grown]);
    let dims: Vec<&str> = d.keys().map(|(_, dim, _)| dim.as_str()).collect();
    assert_eq!(
        dims,
        vec!["size:large", "size:small", "size:large", "size:small"]
    );
    assert_eq!(d[&key(1, "size:large", "joint")].n, 1);
    assert_eq!(d[&key(1, "size:small", "joint")].n, -1);
}

#[test]
fn a_moved_enterprise_leaves_the_nodes_it_left_and_joins_the_new_ones_in_every_dimension() {
    let d = deltas(
        &[at("/1/2/9/", "own", 1, false)],
        &[at("/1/5/9/", "own", 1, false)],
    );
    for dim in ["", "industry:C", "size:small"] {
        let own = || "own".to_string();
        // The forest and node 1 keep it; 2 loses it, 5 gains it.
        assert_eq!(lines_of(&d, dim), vec![(2, own(), -1), (5, own(), 1)]);
    }
}

#[test]
fn a_closure_takes_the_enterprise_off_every_line_it_counted_in() {
    // A closed enterprise is no longer counted: its old mark goes, nothing comes.
    let d = deltas(&[at("/1/2/9/", "incubation", 2, false)], &[]);
    assert_eq!(d.len(), 9);
    assert!(d.values().all(|v| v.n == -1 && v.members == -2));
}

use super::*;

fn at(path: &str, party: &str, members: i64, breaking: bool) -> Counted {
    Counted {
        path: TreePath::parse(path).unwrap(),
        party: party.into(),
        members,
        breaking,
        industry: "C".into(),
        size: "small".into(),
        chains: vec![],
    }
}

fn in_chains(path: &str, party: &str, chains: &[i64]) -> Counted {
    Counted {
        chains: chains.to_vec(),
        ..at(path, party, 2, false)
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
    // In no chain: no chain line.
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

/// The dimensions of the lines that move, each once, in order.
fn dims_of(d: &BTreeMap<LineKey, Delta>) -> Vec<String> {
    let mut dims: Vec<String> = d.keys().map(|(_, dim, _)| dim.clone()).collect();
    dims.sort();
    dims.dedup();
    dims
}

#[test]
fn a_chain_member_counts_under_its_chain_and_under_any_chain() {
    let d = deltas(&[], &[in_chains("/1/2/9/", "own", &[40])]);
    assert_eq!(
        dims_of(&d),
        vec!["", "chain:*", "chain:40", "industry:C", "size:small"]
    );
    for dim in ["chain:*", "chain:40"] {
        let nodes: Vec<i64> = lines_of(&d, dim).iter().map(|l| l.0).collect();
        assert_eq!(nodes, vec![0, 1, 2], "{dim}");
        assert_eq!(d[&key(1, dim, "own")].members, 2);
    }
}

#[test]
fn a_member_of_two_chains_counts_in_each_and_once_in_any_chain() {
    // Listed twice and out of order: each chain once.
    let d = deltas(&[], &[in_chains("/1/9/", "joint", &[41, 40, 41])]);
    assert_eq!(
        dims_of(&d),
        vec![
            "",
            "chain:*",
            "chain:40",
            "chain:41",
            "industry:C",
            "size:small"
        ]
    );
    for dim in ["chain:*", "chain:40", "chain:41"] {
        assert_eq!(d[&key(1, dim, "joint")].n, 1, "{dim}");
        assert_eq!(d[&key(0, dim, "joint")].n, 1, "{dim}");
    }
}

#[test]
fn joining_a_chain_moves_only_that_chains_lines_and_any_chain_the_first_time() {
    let outside = in_chains("/1/9/", "own", &[]);
    let one = in_chains("/1/9/", "own", &[40]);
    let two = in_chains("/1/9/", "own", &[40, 41]);
    let d = deltas(std::slice::from_ref(&outside), std::slice::from_ref(&one));
    assert_eq!(dims_of(&d), vec!["chain:*", "chain:40"]);
    assert!(d.values().all(|v| v.n == 1 && v.members == 2));
    // The second chain: the enterprise was already in one.
    let d = deltas(std::slice::from_ref(&one), std::slice::from_ref(&two));
    assert_eq!(dims_of(&d), vec!["chain:41"]);
    assert_eq!(lines_of(&d, "chain:41").len(), 2);
}

#[test]
fn leaving_chains_takes_the_lines_off_and_any_chain_with_the_last() {
    let two = in_chains("/1/9/", "none", &[40, 41]);
    let one = in_chains("/1/9/", "none", &[41]);
    let d = deltas(std::slice::from_ref(&two), std::slice::from_ref(&one));
    assert_eq!(dims_of(&d), vec!["chain:40"]);
    assert!(d.values().all(|v| v.n == -1));
    let d = deltas(&[one], &[in_chains("/1/9/", "none", &[])]);
    assert_eq!(dims_of(&d), vec!["chain:*", "chain:41"]);
    assert!(d.values().all(|v| v.n == -1 && v.members == -2));
}

#[test]
fn a_moved_or_changed_member_moves_its_chain_lines_with_it() {
    let before = in_chains("/1/2/9/", "members_only", &[40]);
    let mut moved = before.clone();
    moved.path = TreePath::parse("/1/5/9/").unwrap();
    let d = deltas(std::slice::from_ref(&before), &[moved]);
    let mo = || "members_only".to_string();
    for dim in ["chain:*", "chain:40"] {
        assert_eq!(
            lines_of(&d, dim),
            vec![(2, mo(), -1), (5, mo(), 1)],
            "{dim}"
        );
    }
    // A branch of its own: the chain lines move from one status to the other.
    let mut branch = before.clone();
    branch.party = "own".into();
    let d = deltas(std::slice::from_ref(&before), &[branch]);
    assert_eq!(d[&key(2, "chain:40", "own")].n, 1);
    assert_eq!(d[&key(2, "chain:40", "members_only")].n, -1);
    // Closed: off every line, its chains' too.
    let d = deltas(&[before], &[]);
    assert_eq!(d.len(), 3 * 5);
    assert!(d.values().all(|v| v.n == -1));
}

#[test]
fn the_chains_a_mark_keeps_read_back_as_written() {
    assert_eq!(chains_text(&[]), "");
    assert_eq!(chains_text(&[41, 7, 41]), "7,41");
    assert_eq!(parse_chains("7,41"), Some(vec![7, 41]));
    assert_eq!(parse_chains(""), Some(vec![]));
    assert_eq!(parse_chains(&chains_text(&[3, 2])), Some(vec![2, 3]));
    assert_eq!(parse_chains("7,x"), None);
    assert_eq!(parse_chains("7,"), None);
}

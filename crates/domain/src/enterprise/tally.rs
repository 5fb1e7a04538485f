//! How a change of enterprises' marks moves the coverage kept per node: each operating
//! enterprise counts, by its party status, at every node above it and once for the whole
//! forest (node 0); a change takes the old mark off where it was counted and adds the new one
//! where it is now. Worked out in memory so that the store writes one line per node and
//! status touched, whatever the number of enterprises.

use crate::tree::TreePath;
use std::collections::BTreeMap;

/// The key standing for the whole forest.
pub const FOREST: i64 = 0;

/// What one enterprise's mark counts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub path: TreePath,
    pub party: String,
    pub members: i64,
    pub breaking: bool,
}

/// A change of the counts of one node and status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delta {
    pub n: i64,
    pub members: i64,
    pub breaking: i64,
}

impl Delta {
    fn is_zero(&self) -> bool {
        *self == Delta::default()
    }
}

/// The nodes an enterprise at `path` counts for: those above it, and the forest.
fn counted_at(path: &TreePath) -> Vec<i64> {
    let ids = path.ids();
    let above = ids.len().saturating_sub(1);
    std::iter::once(FOREST)
        .chain(ids[..above].iter().copied())
        .collect()
}

/// The changes, by (node, status), that replace the counts of `before` by those of `after`
/// (operating enterprises only); lines that cancel out are left out.
pub fn deltas(before: &[Counted], after: &[Counted]) -> BTreeMap<(i64, String), Delta> {
    let mut out: BTreeMap<(i64, String), Delta> = BTreeMap::new();
    for (marks, sign) in [(before, -1i64), (after, 1i64)] {
        for m in marks {
            for node in counted_at(&m.path) {
                let d = out.entry((node, m.party.clone())).or_default();
                d.n += sign;
                d.members += sign * m.members;
                d.breaking += sign * i64::from(m.breaking);
            }
        }
    }
    out.retain(|_, d| !d.is_zero());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &str, party: &str, members: i64, breaking: bool) -> Counted {
        Counted {
            path: TreePath::parse(path).unwrap(),
            party: party.into(),
            members,
            breaking,
        }
    }

    #[test]
    fn a_new_enterprise_counts_above_itself_and_for_the_forest() {
        let d = deltas(&[], &[at("/1/2/9/", "members_only", 3, true)]);
        let keys: Vec<i64> = d.keys().map(|(n, _)| *n).collect();
        assert_eq!(keys, vec![0, 1, 2]);
        assert_eq!(
            d[&(2, "members_only".to_string())],
            Delta {
                n: 1,
                members: 3,
                breaking: 1
            }
        );
    }

    #[test]
    fn a_status_change_moves_the_count_between_statuses_and_leaves_no_zero_lines() {
        let before = [at("/1/2/9/", "members_only", 3, true)];
        let after = [at("/1/2/9/", "own", 3, false)];
        let d = deltas(&before, &after);
        assert_eq!(d.len(), 6);
        assert_eq!(d[&(1, "members_only".to_string())].n, -1);
        assert_eq!(d[&(1, "own".to_string())].breaking, 0);
        // Nothing changed, nothing to write.
        assert!(deltas(&after, &after).is_empty());
    }

    #[test]
    fn a_moved_enterprise_leaves_the_nodes_it_left_and_joins_the_new_ones() {
        let d = deltas(
            &[at("/1/2/9/", "own", 1, false)],
            &[at("/1/5/9/", "own", 1, false)],
        );
        let moved: Vec<(i64, i64)> = d.iter().map(|((node, _), v)| (*node, v.n)).collect();
        // The forest and node 1 keep it; 2 loses it, 5 gains it.
        assert_eq!(moved, vec![(2, -1), (5, 1)]);
    }
}

//! How a change of enterprises' marks moves the coverage kept per node: each operating
//! enterprise counts, by its party status, at every node above it and once for the whole
//! forest (node 0) — in all (dimension `""`), under its industry section
//! (`industry:<section>`) and under its size (`size:<code>`), an unrecorded one under an empty
//! code, and under each industrial chain it is a current member of (`chain:<chain node id>`),
//! with once more under `chain:*` when it is in any chain (so that the enterprises in no chain
//! are all of them less `chain:*`, a member of two chains taken off once); a change takes the
//! old mark off where it was counted and adds the new one where it is now. Worked out in
//! memory so that the store writes one line per node, dimension and status touched, whatever
//! the number of enterprises.

use crate::tree::TreePath;
use std::collections::BTreeMap;

/// The key standing for the whole forest.
pub const FOREST: i64 = 0;

/// The dimension of the lines that count every enterprise.
pub const ALL: &str = "";
/// The prefix of the lines that count the enterprises by industry section.
pub const BY_INDUSTRY: &str = "industry:";
/// The prefix of the lines that count the enterprises by size.
pub const BY_SIZE: &str = "size:";
/// The prefix of the lines that count the current members of each industrial chain.
pub const BY_CHAIN: &str = "chain:";
/// The line that counts, once each, the enterprises in at least one chain.
pub const IN_ANY_CHAIN: &str = "chain:*";

/// What one enterprise's mark counts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub path: TreePath,
    pub party: String,
    pub members: i64,
    pub breaking: bool,
    /// Its industry section (`""` when not recorded).
    pub industry: String,
    /// Its size (`""` when not recorded).
    pub size: String,
    /// The chain committees (their nodes' ids) it is a current member of, each once.
    pub chains: Vec<i64>,
}

impl Counted {
    /// The dimensions it counts under: all, its industry, its size, and when it is in any
    /// chain, each of its chains and the line of the enterprises in any chain.
    pub fn dims(&self) -> Vec<String> {
        let mut dims = vec![
            ALL.to_string(),
            format!("{BY_INDUSTRY}{}", self.industry),
            format!("{BY_SIZE}{}", self.size),
        ];
        let chains = chain_set(&self.chains);
        if !chains.is_empty() {
            dims.push(IN_ANY_CHAIN.to_string());
            dims.extend(chains.iter().map(|c| format!("{BY_CHAIN}{c}")));
        }
        dims
    }
}

/// Chain ids sorted, each once.
fn chain_set(chains: &[i64]) -> Vec<i64> {
    let mut out = chains.to_vec();
    out.sort_unstable();
    out.dedup();
    out
}

/// The chains an enterprise's mark was counted under, as the mark keeps them: their ids
/// sorted, each once, separated by commas (`""` for none).
pub fn chains_text(chains: &[i64]) -> String {
    chain_set(chains)
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// The chains kept in a mark by [`chains_text`]; none when the text is not such a list.
pub fn parse_chains(text: &str) -> Option<Vec<i64>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    text.split(',').map(|c| c.parse().ok()).collect()
}

/// Where a kept line counts: the node, the dimension and the party status.
pub type LineKey = (i64, String, String);

/// A change of the counts of one node, dimension and status.
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

/// The changes, by (node, dimension, status), that replace the counts of `before` by those
/// of `after` (operating enterprises only); lines that cancel out are left out.
pub fn deltas(before: &[Counted], after: &[Counted]) -> BTreeMap<LineKey, Delta> {
    let mut out: BTreeMap<LineKey, Delta> = BTreeMap::new();
    for (marks, sign) in [(before, -1i64), (after, 1i64)] {
        for m in marks {
            let dims = m.dims();
            for node in counted_at(&m.path) {
                for dim in &dims {
                    let d = out.entry((node, dim.clone(), m.party.clone())).or_default();
                    d.n += sign;
                    d.members += sign * m.members;
                    d.breaking += sign * i64::from(m.breaking);
                }
            }
        }
    }
    out.retain(|_, d| !d.is_zero());
    out
}

#[cfg(test)]
mod tests;

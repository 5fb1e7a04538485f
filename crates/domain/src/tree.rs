//! Materialized tree paths, shared by every area: each record that belongs somewhere in the
//! organization tree carries its node's path, the ids from the root down, as `/1/5/23/`.
//! "Everything under node X" is then the key range `[path(X), upper(path(X)))`, which a
//! B-tree index answers as one range scan at any depth.

use crate::DomainError;
use serde::{Deserialize, Serialize};

/// A materialized path such as `/1/5/23/`. The empty tree prefix `/` stands for "every root".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TreePath(String);

impl TreePath {
    /// The prefix shared by every path: a scope over the whole forest.
    pub fn everything() -> Self {
        TreePath("/".to_string())
    }

    pub fn for_root(id: i64) -> Self {
        TreePath(format!("/{id}/"))
    }

    pub fn child(&self, id: i64) -> Self {
        TreePath(format!("{}{id}/", self.0))
    }

    /// Parses a stored path, refusing anything that is not `/` or `/<id>/.../`.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::field("path", "err.path_invalid");
        if s == "/" {
            return Ok(Self::everything());
        }
        if !s.starts_with('/') || !s.ends_with('/') || s.len() < 3 {
            return Err(bad());
        }
        for seg in s[1..s.len() - 1].split('/') {
            if seg.is_empty() || !seg.bytes().all(|b| b.is_ascii_digit()) || seg.starts_with('0') {
                return Err(bad());
            }
        }
        Ok(TreePath(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Ids from the root down to this node.
    pub fn ids(&self) -> Vec<i64> {
        self.0
            .split('/')
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect()
    }

    /// The node's own id (the last segment), if this is not the `everything` prefix.
    pub fn id(&self) -> Option<i64> {
        self.ids().last().copied()
    }

    /// The path of `id` when it is this node or one above it: a path names every node on
    /// the way down, so their paths are its prefixes.
    pub fn prefix_to(&self, id: i64) -> Option<TreePath> {
        let needle = format!("/{id}/");
        let at = self.0.find(&needle)?;
        Some(TreePath(self.0[..at + needle.len()].to_string()))
    }

    pub fn parent(&self) -> Option<TreePath> {
        let ids = self.ids();
        if ids.len() < 2 {
            return None;
        }
        let mut p = String::from("/");
        for id in &ids[..ids.len() - 1] {
            p.push_str(&id.to_string());
            p.push('/');
        }
        Some(TreePath(p))
    }

    /// Depth counted from 1 at a root; 0 for the `everything` prefix.
    pub fn depth(&self) -> usize {
        self.ids().len()
    }

    /// True when `self` is `other` or lies anywhere below it.
    pub fn is_within(&self, other: &TreePath) -> bool {
        self.0.starts_with(&other.0)
    }

    /// The exclusive upper bound of the subtree's key range: every path that starts with
    /// `self` sorts at or after `self` and strictly before this bound. `/` (0x2F) is followed
    /// by `0` (0x30) in byte order, so replacing the final `/` with `0` bounds the range.
    pub fn upper_bound(&self) -> String {
        let mut s = self.0.clone();
        s.pop();
        s.push('0');
        s
    }

    /// Rewrites this path after its ancestor `old` moved to `new`.
    pub fn rebase(&self, old: &TreePath, new: &TreePath) -> Option<TreePath> {
        self.0
            .strip_prefix(&old.0)
            .map(|rest| TreePath(format!("{}{rest}", new.0)))
    }
}

impl std::fmt::Display for TreePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reduces a set of scope prefixes to the ones not already covered by another.
pub fn minimal_prefixes(mut paths: Vec<TreePath>) -> Vec<TreePath> {
    paths.sort();
    paths.dedup();
    let mut out: Vec<TreePath> = Vec::new();
    for p in paths {
        if !out.iter().any(|q| p.is_within(q)) {
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> TreePath {
        TreePath::parse(s).unwrap()
    }

    #[test]
    fn builds_and_reads_paths() {
        let root = TreePath::for_root(1);
        let c = root.child(5).child(23);
        assert_eq!(c.as_str(), "/1/5/23/");
        assert_eq!(c.ids(), vec![1, 5, 23]);
        assert_eq!(c.id(), Some(23));
        assert_eq!(c.depth(), 3);
        assert_eq!(c.parent(), Some(p("/1/5/")));
        assert_eq!(root.parent(), None);
        assert_eq!(TreePath::everything().depth(), 0);
    }

    #[test]
    fn a_path_knows_the_paths_above_it() {
        let c = p("/1/15/5/");
        assert_eq!(c.prefix_to(5), Some(p("/1/15/5/")));
        assert_eq!(c.prefix_to(15), Some(p("/1/15/")));
        assert_eq!(c.prefix_to(1), Some(p("/1/")));
        // Whole segments only: 1 and 5 are not read out of 15.
        assert_eq!(p("/15/").prefix_to(5), None);
        assert_eq!(p("/15/").prefix_to(1), None);
        assert_eq!(c.prefix_to(7), None);
        assert_eq!(TreePath::everything().prefix_to(1), None);
    }

    #[test]
    fn parse_refuses_malformed() {
        for bad in ["", "1/2/", "/1/2", "//", "/a/", "/01/", "/1//2/"] {
            assert!(TreePath::parse(bad).is_err(), "{bad}");
        }
        assert!(TreePath::parse("/").is_ok());
    }

    #[test]
    fn within_respects_segment_boundaries() {
        assert!(p("/1/5/23/").is_within(&p("/1/5/")));
        assert!(p("/1/5/").is_within(&p("/1/5/")));
        assert!(!p("/1/50/").is_within(&p("/1/5/")));
        assert!(p("/9/").is_within(&TreePath::everything()));
    }

    #[test]
    fn upper_bound_bounds_exactly_the_subtree() {
        let x = p("/1/5/");
        let ub = x.upper_bound();
        assert_eq!(ub, "/1/50");
        for inside in ["/1/5/", "/1/5/6/", "/1/5/999999/7/"] {
            assert!(inside >= x.as_str() && inside < ub.as_str(), "{inside}");
        }
        for outside in ["/1/50/", "/1/51/", "/1/4/", "/1/6/", "/1/", "/2/"] {
            assert!(
                !(outside >= x.as_str() && outside < ub.as_str()),
                "{outside}"
            );
        }
        assert_eq!(TreePath::everything().upper_bound(), "0");
    }

    #[test]
    fn rebase_rewrites_descendants() {
        let old = p("/1/5/");
        let new = p("/2/9/5/");
        assert_eq!(p("/1/5/23/").rebase(&old, &new), Some(p("/2/9/5/23/")));
        assert_eq!(p("/1/6/").rebase(&old, &new), None);
    }

    #[test]
    fn minimal_prefixes_drops_covered() {
        let v = minimal_prefixes(vec![
            p("/1/5/"),
            p("/1/"),
            p("/2/3/"),
            p("/2/3/"),
            p("/2/30/"),
        ]);
        assert_eq!(v, vec![p("/1/"), p("/2/3/"), p("/2/30/")]);
    }
}

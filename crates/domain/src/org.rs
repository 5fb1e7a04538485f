//! The organization tree. Each node stores its materialized path: the ids from the root
//! down to itself, as `/1/5/23/`. "Everything under node X" is then the key range
//! `[path(X), upper(path(X)))`, which a B-tree index answers as one range scan at any depth.

use crate::{DomainError, FieldErrors};
use serde::{Deserialize, Serialize};

mod kind_rules;
pub use kind_rules::{check_sibling_name, parse_kind_list, KindRules, SEEDED_KIND_RULES};

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

/// Where a move may put a node: under any node outside its own subtree, or at the top.
pub fn check_move(node: &TreePath, new_parent: Option<&TreePath>) -> Result<(), DomainError> {
    if let Some(p) = new_parent {
        if p.is_within(node) {
            return Err(DomainError::Refused("rule.move_into_own_subtree"));
        }
    }
    Ok(())
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

/// A node name: trimmed, 1 to 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeName(String);

impl NodeName {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(DomainError::field("name", "err.required"));
        }
        if t.chars().count() > 100 {
            return Err(DomainError::field("name", "err.too_long_100"));
        }
        if t.chars().any(char::is_control) {
            return Err(DomainError::field("name", "err.control_chars"));
        }
        Ok(NodeName(t.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0
    }
}

/// An optional external code for a node (an organization code, a grid number): letters,
/// digits, `-`, `_` and `.`, at most 50 characters. Blank means none.
pub fn parse_node_code(s: Option<&str>) -> Result<Option<String>, DomainError> {
    let Some(t) = s.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if t.len() > 50
        || !t
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    {
        return Err(DomainError::field("code", "err.code_format"));
    }
    Ok(Some(t.to_string()))
}

pub fn parse_sort_order(v: Option<i64>) -> Result<i32, DomainError> {
    match v {
        None => Ok(0),
        Some(n) if (-1_000_000..=1_000_000).contains(&n) => Ok(n as i32),
        Some(_) => Err(DomainError::field("sort_order", "err.sort_order_range")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeStatus {
    Active,
    Disabled,
}

impl NodeStatus {
    pub fn code(self) -> &'static str {
        match self {
            NodeStatus::Active => "active",
            NodeStatus::Disabled => "disabled",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "active" => Ok(NodeStatus::Active),
            "disabled" => Ok(NodeStatus::Disabled),
            _ => Err(DomainError::field("status", "err.status_invalid")),
        }
    }
}

/// The validated content of a node form (create or full update).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeDraft {
    pub name: NodeName,
    pub kind: String,
    pub code: Option<String>,
    pub sort_order: i32,
}

impl NodeDraft {
    /// `kinds` are the dictionary codes currently known.
    pub fn parse(
        name: &str,
        kind: &str,
        code: Option<&str>,
        sort_order: Option<i64>,
        kinds: &[String],
    ) -> Result<Self, DomainError> {
        let mut fe = FieldErrors::new();
        let name = fe.check("name", NodeName::parse(name));
        let kind = kind.trim();
        if kind.is_empty() {
            fe.add("kind", "err.required");
        } else if !kinds.iter().any(|k| k == kind) {
            fe.add("kind", "err.kind_unknown");
        }
        let code = fe.check("code", parse_node_code(code));
        let sort_order = fe.check("sort_order", parse_sort_order(sort_order));
        fe.into_result()?;
        Ok(NodeDraft {
            name: name.unwrap(),
            kind: kind.to_string(),
            code: code.unwrap(),
            sort_order: sort_order.unwrap(),
        })
    }
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
    fn move_refuses_own_subtree() {
        let node = p("/1/5/");
        assert_eq!(
            check_move(&node, Some(&p("/1/5/7/"))),
            Err(DomainError::Refused("rule.move_into_own_subtree"))
        );
        assert!(check_move(&node, Some(&node)).is_err());
        assert!(check_move(&node, Some(&p("/1/50/"))).is_ok());
        assert!(check_move(&node, None).is_ok());
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

    #[test]
    fn node_draft_validates_each_field() {
        let kinds = vec!["grid".to_string()];
        let d = NodeDraft::parse("  第一网格 ", "grid", Some(""), Some(3), &kinds).unwrap();
        assert_eq!(d.name.as_str(), "第一网格");
        assert_eq!(d.code, None);
        let e = NodeDraft::parse(" ", "nope", Some("a b"), Some(9_999_999), &kinds).unwrap_err();
        let DomainError::Invalid(fe) = e else {
            panic!()
        };
        assert_eq!(fe.0["name"], "err.required");
        assert_eq!(fe.0["kind"], "err.kind_unknown");
        assert_eq!(fe.0["code"], "err.code_format");
        assert_eq!(fe.0["sort_order"], "err.sort_order_range");
        let long: String = "网".repeat(101);
        assert!(NodeName::parse(&long).is_err());
        assert!(NodeName::parse(&"网".repeat(100)).is_ok());
    }
}

/// A kind in the organization dictionary: a code for integrations and names in both
/// languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindDraft {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub sort_order: i32,
}

impl KindDraft {
    pub fn parse(
        code: &str,
        name_zh: &str,
        name_en: &str,
        sort_order: Option<i64>,
    ) -> Result<Self, DomainError> {
        let mut fe = FieldErrors::new();
        let code = code.trim();
        let code_ok = (2..=40).contains(&code.len())
            && code.starts_with(|c: char| c.is_ascii_lowercase())
            && code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if code.is_empty() {
            fe.add("code", "err.required");
        } else if !code_ok {
            fe.add("code", "err.kind_code_format");
        }
        for (field, v, max) in [
            ("name_zh", name_zh.trim(), 20),
            ("name_en", name_en.trim(), 50),
        ] {
            if v.is_empty() {
                fe.add(field, "err.required");
            } else if v.chars().count() > max || v.chars().any(char::is_control) {
                fe.add(
                    field,
                    if max == 20 {
                        "err.too_long_20"
                    } else {
                        "err.too_long_50"
                    },
                );
            }
        }
        let sort_order = fe.check("sort_order", parse_sort_order(sort_order));
        fe.into_result()?;
        Ok(KindDraft {
            code: code.to_string(),
            name_zh: name_zh.trim().to_string(),
            name_en: name_en.trim().to_string(),
            sort_order: sort_order.unwrap(),
        })
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;

    #[test]
    fn kind_codes_and_names() {
        let k = KindDraft::parse(
            "incubator_branch",
            " 孵化党支部 ",
            "Incubation branch",
            Some(130),
        )
        .unwrap();
        assert_eq!(k.name_zh, "孵化党支部");
        let DomainError::Invalid(fe) =
            KindDraft::parse("Bad Code", "", &"x".repeat(51), None).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(fe.0["code"], "err.kind_code_format");
        assert_eq!(fe.0["name_zh"], "err.required");
        assert_eq!(fe.0["name_en"], "err.too_long_50");
        assert!(KindDraft::parse("x", "甲", "A", None).is_err(), "too short");
        assert!(KindDraft::parse("grid2", &"网".repeat(21), "A", None).is_err());
    }
}

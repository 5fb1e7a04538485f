//! The organization tree. Each node stores its materialized path: the ids from the root
//! down to itself, as `/1/5/23/`. "Everything under node X" is then the key range
//! `[path(X), upper(path(X)))`, which a B-tree index answers as one range scan at any depth.

use crate::tree::TreePath;
use crate::{DomainError, FieldErrors};
use serde::{Deserialize, Serialize};

mod inputs;
mod kind_rules;
pub mod permissions;
pub use crate::dict::KindDraft;
pub use crate::fields::parse_sort_order;
pub use inputs::*;
pub use kind_rules::{check_sibling_name, parse_kind_list, KindRules, SEEDED_KIND_RULES};

/// Where a move may put a node: under any node outside its own subtree, or at the top.
pub fn check_move(node: &TreePath, new_parent: Option<&TreePath>) -> Result<(), DomainError> {
    if let Some(p) = new_parent {
        if p.is_within(node) {
            return Err(DomainError::Refused("rule.move_into_own_subtree"));
        }
    }
    Ok(())
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

//! Where a node may go: the kinds allowed under each kind, and unique names among siblings.

use super::NodeName;
use crate::DomainError;

/// Which kinds of node may sit directly under which: a set of (parent kind, child kind)
/// pairs, kept as data and edited with the kind dictionary. A root (no parent) may be of any
/// kind; only whole-tree administrators create roots.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindRules(std::collections::BTreeSet<(String, String)>);

impl KindRules {
    pub fn new<I, A, B>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (A, B)>,
        A: Into<String>,
        B: Into<String>,
    {
        KindRules(
            pairs
                .into_iter()
                .map(|(a, b)| (a.into(), b.into()))
                .collect(),
        )
    }

    pub fn allows(&self, parent: &str, child: &str) -> bool {
        self.0.contains(&(parent.to_string(), child.to_string()))
    }

    /// The kinds allowed directly under `parent`, in code order.
    pub fn children_of(&self, parent: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(p, _)| p == parent)
            .map(|(_, c)| c.clone())
            .collect()
    }

    /// A node of kind `child` under a parent of kind `parent` (none: a root). The problem is
    /// reported on `field`: `kind` when the node is created or re-kinded, `parent_id` when it
    /// is moved.
    pub fn check_placement(
        &self,
        parent: Option<&str>,
        child: &str,
        field: &str,
    ) -> Result<(), DomainError> {
        match parent {
            Some(p) if !self.allows(p, child) => Err(DomainError::field(
                field,
                if field == "parent_id" {
                    "orgrule.parent_not_allowed"
                } else {
                    "orgrule.kind_not_allowed"
                },
            )),
            _ => Ok(()),
        }
    }

    /// A node re-kinded to `kind` must still admit the kinds of its children.
    pub fn check_children<'k>(
        &self,
        kind: &str,
        mut child_kinds: impl Iterator<Item = &'k str>,
    ) -> Result<(), DomainError> {
        if child_kinds.all(|c| self.allows(kind, c)) {
            Ok(())
        } else {
            Err(DomainError::field("kind", "orgrule.children_not_allowed"))
        }
    }
}

/// Siblings (children of one parent, or the roots) never share a name. Names are stored
/// trimmed, and compared as written: letter case counts.
pub fn check_sibling_name<'n>(
    name: &NodeName,
    mut siblings: impl Iterator<Item = &'n str>,
    field: &str,
) -> Result<(), DomainError> {
    if siblings.any(|s| s.trim() == name.as_str()) {
        Err(DomainError::field(field, "orgrule.name_taken"))
    } else {
        Ok(())
    }
}

/// A list of kind codes given for a rule (the kinds allowed under one kind, or above it):
/// each must be known; repeats are dropped.
pub fn parse_kind_list(
    field: &str,
    codes: &[String],
    known: &[String],
) -> Result<Vec<String>, DomainError> {
    let mut out: Vec<String> = Vec::with_capacity(codes.len());
    for c in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        if !known.iter().any(|k| k == c) {
            return Err(DomainError::field(field, "err.kind_unknown"));
        }
        if !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
    }
    Ok(out)
}

/// The (parent kind, child kind) pairs a new installation starts with, over the built-in
/// kinds of the foundation seed: the administrative line 区/县 → 街道/乡镇 and 开发区/园区 →
/// 社区/村 → 网格 → 企业, and the party line 党工委 → 党委 → 党总支 → 党支部 with the
/// industry-chain committees ("一链一党委") under a 党委 or 党工委. Each level of the
/// administrative line may also hold departments, enterprises and its own party bodies.
pub const SEEDED_KIND_RULES: &[(&str, &str)] = &[
    ("district", "street"),
    ("district", "park"),
    ("district", "grid"),
    ("district", "department"),
    ("district", "enterprise"),
    ("district", "party_working_committee"),
    ("district", "party_committee"),
    ("street", "community"),
    ("street", "grid"),
    ("street", "department"),
    ("street", "enterprise"),
    ("street", "party_working_committee"),
    ("street", "party_committee"),
    // A street's or a park's working committee leads its organs' branches directly.
    ("street", "party_general_branch"),
    ("street", "party_branch"),
    ("park", "park"),
    ("park", "street"),
    ("park", "grid"),
    ("park", "department"),
    ("park", "enterprise"),
    ("park", "party_working_committee"),
    ("park", "party_committee"),
    ("park", "party_general_branch"),
    ("park", "party_branch"),
    ("community", "grid"),
    ("community", "enterprise"),
    ("community", "party_committee"),
    ("community", "party_general_branch"),
    ("community", "party_branch"),
    ("grid", "enterprise"),
    ("grid", "party_branch"),
    ("department", "department"),
    ("department", "party_committee"),
    ("department", "party_general_branch"),
    ("department", "party_branch"),
    ("enterprise", "department"),
    ("enterprise", "party_committee"),
    ("enterprise", "party_general_branch"),
    ("enterprise", "party_branch"),
    ("party_working_committee", "party_committee"),
    ("party_working_committee", "party_general_branch"),
    ("party_working_committee", "party_branch"),
    ("party_working_committee", "chain_party_committee"),
    ("party_committee", "party_committee"),
    ("party_committee", "party_general_branch"),
    ("party_committee", "party_branch"),
    ("party_committee", "chain_party_committee"),
    ("chain_party_committee", "party_general_branch"),
    ("chain_party_committee", "party_branch"),
    ("party_general_branch", "party_branch"),
];

#[cfg(test)]
mod rule_tests {
    use super::*;

    fn seeded() -> KindRules {
        KindRules::new(SEEDED_KIND_RULES.iter().copied())
    }

    #[test]
    fn a_district_never_sits_under_a_grid() {
        let r = seeded();
        let e = r
            .check_placement(Some("grid"), "district", "kind")
            .unwrap_err();
        assert_eq!(e, DomainError::field("kind", "orgrule.kind_not_allowed"));
        let e = r
            .check_placement(Some("grid"), "district", "parent_id")
            .unwrap_err();
        assert_eq!(
            e,
            DomainError::field("parent_id", "orgrule.parent_not_allowed")
        );
        assert!(r
            .check_placement(Some("district"), "street", "kind")
            .is_ok());
        assert!(r
            .check_placement(Some("grid"), "enterprise", "kind")
            .is_ok());
        assert!(
            r.check_placement(None, "district", "kind").is_ok(),
            "a root"
        );
        assert!(r
            .check_placement(Some("party_branch"), "party_branch", "kind")
            .is_err());
    }

    #[test]
    fn rekinding_keeps_the_children_admitted() {
        let r = seeded();
        assert!(r
            .check_children("park", ["grid", "enterprise"].into_iter())
            .is_ok());
        assert_eq!(
            r.check_children("grid", ["grid"].into_iter()),
            Err(DomainError::field("kind", "orgrule.children_not_allowed"))
        );
        assert!(r.check_children("party_branch", std::iter::empty()).is_ok());
    }

    #[test]
    fn siblings_do_not_share_a_name() {
        let name = NodeName::parse(" 第一网格 ").unwrap();
        let e = check_sibling_name(&name, ["第二网格", "第一网格"].into_iter(), "name");
        assert_eq!(e, Err(DomainError::field("name", "orgrule.name_taken")));
        assert!(check_sibling_name(&name, ["第二网格"].into_iter(), "name").is_ok());
        // Case counts: these are different names.
        let latin = NodeName::parse("Grid A").unwrap();
        assert!(check_sibling_name(&latin, ["grid a"].into_iter(), "name").is_ok());
    }

    #[test]
    fn kind_lists_are_checked_against_the_dictionary() {
        let known = vec!["grid".to_string(), "enterprise".to_string()];
        let l = parse_kind_list(
            "children",
            &[
                "grid".into(),
                " grid ".into(),
                "".into(),
                "enterprise".into(),
            ],
            &known,
        )
        .unwrap();
        assert_eq!(l, vec!["grid", "enterprise"]);
        assert_eq!(
            parse_kind_list("children", &["nope".into()], &known),
            Err(DomainError::field("children", "err.kind_unknown"))
        );
    }

    #[test]
    fn the_seed_names_only_builtin_kinds_and_no_pair_twice() {
        const BUILTIN: [&str; 12] = [
            "district",
            "street",
            "park",
            "community",
            "grid",
            "department",
            "enterprise",
            "party_working_committee",
            "party_committee",
            "party_general_branch",
            "party_branch",
            "chain_party_committee",
        ];
        for (p, c) in SEEDED_KIND_RULES {
            assert!(BUILTIN.contains(p) && BUILTIN.contains(c), "{p} {c}");
        }
        assert_eq!(seeded().0.len(), SEEDED_KIND_RULES.len());
        assert_eq!(
            seeded().children_of("grid"),
            vec!["enterprise", "party_branch"]
        );
    }
}

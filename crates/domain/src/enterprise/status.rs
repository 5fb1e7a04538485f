//! An enterprise's party-building status, derived from records, never entered: its own party
//! organization (a party node under it in the tree), coverage by a joint branch (联合党支部)
//! or an incubation branch (孵化育新党支部), members working there without an organization,
//! or none.

use serde::{Deserialize, Serialize};

/// How an enterprise without its own organization is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cover {
    /// A 联合党支部 formed with other enterprises.
    Joint,
    /// A 孵化育新党支部 that recruits and trains until the enterprise has its own.
    Incubation,
}

impl Cover {
    pub const ALL: [Cover; 2] = [Cover::Joint, Cover::Incubation];
    pub fn code(self) -> &'static str {
        match self {
            Cover::Joint => "joint",
            Cover::Incubation => "incubation",
        }
    }
    pub fn from_code(s: &str) -> Option<Cover> {
        Cover::ALL.into_iter().find(|c| c.code() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartyStatus {
    /// A party organization of its own.
    Own,
    /// Covered by a joint branch.
    Joint,
    /// Covered by an incubation branch.
    Incubation,
    /// Party members work there, but no organization covers it.
    MembersOnly,
    /// Neither an organization nor members.
    None,
}

impl PartyStatus {
    pub const ALL: [PartyStatus; 5] = [
        PartyStatus::Own,
        PartyStatus::Joint,
        PartyStatus::Incubation,
        PartyStatus::MembersOnly,
        PartyStatus::None,
    ];
    pub fn code(self) -> &'static str {
        match self {
            PartyStatus::Own => "own",
            PartyStatus::Joint => "joint",
            PartyStatus::Incubation => "incubation",
            PartyStatus::MembersOnly => "members_only",
            PartyStatus::None => "none",
        }
    }
    pub fn from_code(s: &str) -> Option<PartyStatus> {
        PartyStatus::ALL.into_iter().find(|c| c.code() == s)
    }
    /// Its own organization or a joint or incubation branch: counted as organization coverage
    /// (党的组织覆盖).
    pub fn organized(self) -> bool {
        matches!(
            self,
            PartyStatus::Own | PartyStatus::Joint | PartyStatus::Incubation
        )
    }
}

/// What is recorded about one enterprise's party building.
#[derive(Debug, Clone, Copy, Default)]
pub struct PartyFacts {
    /// Party organizations in the tree at or under the enterprise's node.
    pub own_organizations: u64,
    pub cover: Option<Cover>,
    /// Full and probationary members whose organization node is the enterprise or under it.
    pub members: u64,
    /// Of those, full members (正式党员).
    pub full_members: u64,
}

/// The status the facts give: an own organization first, then a covering branch, then
/// members.
pub fn party_status(f: &PartyFacts) -> PartyStatus {
    if f.own_organizations > 0 {
        PartyStatus::Own
    } else if let Some(c) = f.cover {
        match c {
            Cover::Joint => PartyStatus::Joint,
            Cover::Incubation => PartyStatus::Incubation,
        }
    } else if f.members > 0 {
        PartyStatus::MembersOnly
    } else {
        PartyStatus::None
    }
}

/// 中国共产党章程 第三十条: an organization with three or more full members sets up a basic
/// party organization. An enterprise with three or more full members and none of its own
/// breaks the rule, whether or not a joint branch covers it.
pub const OWN_BRANCH_FROM: u64 = 3;

pub fn should_have_own_branch(f: &PartyFacts) -> bool {
    f.own_organizations == 0 && f.full_members >= OWN_BRANCH_FROM
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(own: u64, cover: Option<Cover>, members: u64, full: u64) -> PartyFacts {
        PartyFacts {
            own_organizations: own,
            cover,
            members,
            full_members: full,
        }
    }

    #[test]
    fn an_own_organization_comes_first_then_a_cover_then_members() {
        assert_eq!(
            party_status(&facts(1, Some(Cover::Joint), 5, 5)),
            PartyStatus::Own
        );
        assert_eq!(
            party_status(&facts(0, Some(Cover::Joint), 5, 5)),
            PartyStatus::Joint
        );
        assert_eq!(
            party_status(&facts(0, Some(Cover::Incubation), 0, 0)),
            PartyStatus::Incubation
        );
        assert_eq!(
            party_status(&facts(0, None, 1, 0)),
            PartyStatus::MembersOnly
        );
        assert_eq!(party_status(&facts(0, None, 0, 0)), PartyStatus::None);
        assert!(PartyStatus::Joint.organized() && !PartyStatus::MembersOnly.organized());
    }

    #[test]
    fn three_full_members_without_an_own_organization_break_the_rule() {
        assert!(should_have_own_branch(&facts(0, None, 3, 3)));
        assert!(should_have_own_branch(&facts(0, Some(Cover::Joint), 4, 3)));
        // Probationary members do not count toward the three.
        assert!(!should_have_own_branch(&facts(0, None, 5, 2)));
        assert!(!should_have_own_branch(&facts(1, None, 9, 9)));
    }

    #[test]
    fn codes_round_trip() {
        for s in PartyStatus::ALL {
            assert_eq!(PartyStatus::from_code(s.code()), Some(s));
        }
        for c in Cover::ALL {
            assert_eq!(Cover::from_code(c.code()), Some(c));
        }
        assert_eq!(Cover::from_code("other"), None);
    }
}

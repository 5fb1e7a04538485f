//! How an enterprise is tied to the party organizations, people and chains around it, each
//! tie dated: the organization that is its own or covers it (a joint branch, an incubation
//! branch), its party-building instructors (党建工作指导员), the industrial-chain committees
//! (一链一党委) it belongs to, and the guidance teams (指导团) that back the instructors.

use crate::fields::{parse_date, parse_text};
use crate::input::text;
use crate::{DomainError, FieldErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Cover;

/// What a linked party organization is to the enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// Its own organization, filed elsewhere in the tree (a park's party tree, say).
    Own,
    /// A branch that covers it without being its own.
    Cover(Cover),
}

impl LinkKind {
    pub const ALL: [LinkKind; 3] = [
        LinkKind::Own,
        LinkKind::Cover(Cover::Joint),
        LinkKind::Cover(Cover::Incubation),
    ];
    pub fn code(self) -> &'static str {
        match self {
            LinkKind::Own => "own",
            LinkKind::Cover(c) => c.code(),
        }
    }
    pub fn from_code(s: &str) -> Option<LinkKind> {
        LinkKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// How a link ended.
pub const OUTCOME_GRADUATED: &str = "graduated";
pub const OUTCOME_ENDED: &str = "ended";

/// The outcome of the current link when `next` replaces it: an enterprise that leaves an
/// incubation branch for an organization of its own has been incubated ("孵化育新", [003]);
/// any other change just ends the old link.
pub fn outcome_of(current: LinkKind, next: Option<LinkKind>, own_under_node: bool) -> &'static str {
    let now_own = next == Some(LinkKind::Own) || (next.is_none() && own_under_node);
    if current == LinkKind::Cover(Cover::Incubation) && now_own {
        OUTCOME_GRADUATED
    } else {
        OUTCOME_ENDED
    }
}

// A link to a party organization as the page form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = EnterpriseLinkBody))]
pub struct LinkInput {
    /// `own`, `joint` or `incubation`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub kind: String,
    /// The party organization's node.
    #[serde(default, deserialize_with = "crate::input::num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub org_node_id: String,
    /// From this day (today when blank).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub from_on: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    pub org_node_id: i64,
    pub from_on: NaiveDate,
}

/// A record id given as text: required and positive.
pub fn parse_id(fe: &mut FieldErrors, field: &str, v: &str) -> Option<i64> {
    match v.trim() {
        "" => {
            fe.add(field, "err.required");
            None
        }
        t => match t.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                fe.add(field, "err.number_invalid");
                None
            }
        },
    }
}

/// A date no later than today; today when blank.
fn day_until_today(fe: &mut FieldErrors, field: &str, v: &str, today: NaiveDate) -> NaiveDate {
    match fe.check(field, parse_date(field, v)) {
        Some(Some(d)) if d > today => {
            fe.add(field, "err.date_future");
            today
        }
        Some(Some(d)) => d,
        _ => today,
    }
}

impl LinkInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Link, DomainError> {
        let mut fe = FieldErrors::new();
        let kind = match self.kind.trim() {
            "" => {
                fe.add("kind", "err.required");
                None
            }
            t => {
                let k = LinkKind::from_code(t);
                if k.is_none() {
                    fe.add("kind", "err.choice");
                }
                k
            }
        };
        let org = parse_id(&mut fe, "org_node_id", &self.org_node_id);
        let from_on = day_until_today(&mut fe, "from_on", &self.from_on, today);
        fe.into_result()?;
        Ok(Link {
            kind: kind.expect("checked"),
            org_node_id: org.expect("checked"),
            from_on,
        })
    }
}

// A dated tie of a person or a chain to an enterprise: an instructor's assignment, a chain
// membership.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = TieBody))]
pub struct TieInput {
    /// The instructor (a person) or the enterprise (a node), by id.
    #[serde(default, deserialize_with = "crate::input::num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub id: String,
    /// From this day (today when blank).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub from_on: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tie {
    pub id: i64,
    pub from_on: NaiveDate,
}

impl TieInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Tie, DomainError> {
        let mut fe = FieldErrors::new();
        let id = parse_id(&mut fe, "id", &self.id);
        let from_on = day_until_today(&mut fe, "from_on", &self.from_on, today);
        fe.into_result()?;
        Ok(Tie {
            id: id.expect("checked"),
            from_on,
        })
    }
}

/// The day a tie ends: not before it began, not after today.
pub fn end_day(
    from_on: NaiveDate,
    until: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, DomainError> {
    if until > today {
        Err(DomainError::field("until_on", "err.date_future"))
    } else if until < from_on {
        Err(DomainError::field("until_on", "err.ent_until_before_from"))
    } else {
        Ok(until)
    }
}

/// A guidance team member's rank: 县级 or 科级 leaders [004], or another cadre.
pub const RANKS: [&str; 3] = ["county", "section", "other"];

// A guidance team member as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = TeamMemberBody))]
pub struct TeamMemberInput {
    /// The person, by id.
    #[serde(default, deserialize_with = "crate::input::num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub person_id: String,
    /// `county`, `section` or `other`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub rank: String,
    /// The member's duty in the team (组长, 成员 …).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub duty: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember {
    pub person_id: i64,
    pub rank: String,
    pub duty: Option<String>,
}

impl TeamMemberInput {
    pub fn parse(&self) -> Result<TeamMember, DomainError> {
        let mut fe = FieldErrors::new();
        let person_id = parse_id(&mut fe, "person_id", &self.person_id);
        let rank = self.rank.trim();
        if rank.is_empty() {
            fe.add("rank", "err.required");
        } else if !RANKS.contains(&rank) {
            fe.add("rank", "err.choice");
        }
        let duty = fe
            .check(
                "duty",
                parse_text("duty", &self.duty, 50, "err.too_long_50"),
            )
            .flatten();
        fe.into_result()?;
        Ok(TeamMember {
            person_id: person_id.expect("checked"),
            rank: rank.to_string(),
            duty,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(e: DomainError) -> crate::FieldErrors {
        match e {
            DomainError::Invalid(fe) => fe,
            other => panic!("not field errors: {other:?}"),
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn leaving_incubation_for_an_own_organization_is_a_graduation() {
        let inc = LinkKind::Cover(Cover::Incubation);
        assert_eq!(
            outcome_of(inc, Some(LinkKind::Own), false),
            OUTCOME_GRADUATED
        );
        // Ended because a branch was set up under the enterprise itself.
        assert_eq!(outcome_of(inc, None, true), OUTCOME_GRADUATED);
        assert_eq!(outcome_of(inc, None, false), OUTCOME_ENDED);
        assert_eq!(
            outcome_of(inc, Some(LinkKind::Cover(Cover::Joint)), false),
            OUTCOME_ENDED
        );
        assert_eq!(
            outcome_of(LinkKind::Cover(Cover::Joint), Some(LinkKind::Own), false),
            OUTCOME_ENDED
        );
    }

    #[test]
    fn a_link_needs_a_kind_and_an_organization_and_no_future_day() {
        let today = day("2026-06-01");
        let ok = LinkInput {
            kind: "incubation".into(),
            org_node_id: "12".into(),
            from_on: "".into(),
        }
        .parse(today)
        .unwrap();
        assert_eq!(ok.kind, LinkKind::Cover(Cover::Incubation));
        assert_eq!(ok.from_on, today);
        let e = LinkInput {
            kind: "friend".into(),
            org_node_id: "x".into(),
            from_on: "2026-07-01".into(),
        }
        .parse(today)
        .unwrap_err();
        let fe = fields(e);
        assert_eq!(fe.0["kind"], "err.choice");
        assert_eq!(fe.0["org_node_id"], "err.number_invalid");
        assert_eq!(fe.0["from_on"], "err.date_future");
        let e = LinkInput::default().parse(today).unwrap_err();
        assert_eq!(fields(e).0["kind"], "err.required");
        for k in LinkKind::ALL {
            assert_eq!(LinkKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn a_tie_ends_between_its_start_and_today() {
        let today = day("2026-06-01");
        let from = day("2026-01-01");
        assert_eq!(end_day(from, from, today), Ok(from));
        assert!(end_day(from, day("2025-12-31"), today).is_err());
        assert!(end_day(from, day("2026-06-02"), today).is_err());
        let t = TieInput {
            id: "0".into(),
            from_on: "2026/3/1".into(),
        }
        .parse(today)
        .unwrap_err();
        assert_eq!(fields(t).0["id"], "err.number_invalid");
    }

    #[test]
    fn a_team_member_has_a_rank_from_the_list() {
        let m = TeamMemberInput {
            person_id: "5".into(),
            rank: "county".into(),
            duty: " 组长 ".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(m.duty.as_deref(), Some("组长"));
        let e = TeamMemberInput {
            person_id: "".into(),
            rank: "general".into(),
            duty: "".into(),
        }
        .parse()
        .unwrap_err();
        let fe = fields(e);
        assert_eq!(fe.0["person_id"], "err.required");
        assert_eq!(fe.0["rank"], "err.choice");
    }
}

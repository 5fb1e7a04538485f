//! A commendation as the page forms and the API bodies give it, its checks, its states, and
//! the choice of a round's best organizations.

use crate::fields::{parse_date, parse_text};
use crate::input::{loose_num_text, text};
use crate::{DomainError, FieldErrors};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeSet;

/// The most organizations, or people, one commendation names.
pub const MAX_LINES: usize = 500;

/// The levels an honour is recorded at in the honours ledger, highest first.
pub const LEVELS: [&str; 6] = [
    "national",
    "provincial",
    "city",
    "district",
    "street",
    "unit",
];

/// A commendation's state: drafted (changed freely), issued (locked), revoked (kept, with
/// its reason, and its honours withdrawn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Draft,
    Issued,
    Revoked,
}

impl State {
    pub const ALL: [State; 3] = [State::Draft, State::Issued, State::Revoked];

    pub fn code(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Issued => "issued",
            State::Revoked => "revoked",
        }
    }

    pub fn from_code(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|v| v.code() == s)
    }

    /// A draft is changed; an issued commendation is locked.
    pub fn check_edit(self) -> Result<(), DomainError> {
        match self {
            State::Draft => Ok(()),
            _ => Err(DomainError::Refused("rule.commendation_locked")),
        }
    }

    /// Only a draft is issued, and only when it names someone.
    pub fn check_issue(self, lines: usize) -> Result<(), DomainError> {
        self.check_edit()?;
        if lines == 0 {
            return Err(DomainError::Refused("rule.commendation_empty"));
        }
        Ok(())
    }

    /// Only an issued commendation is revoked.
    pub fn check_revoke(self) -> Result<(), DomainError> {
        match self {
            State::Issued => Ok(()),
            _ => Err(DomainError::Refused("rule.commendation_not_issued")),
        }
    }
}

/// An organization commended, with the honour's name (示范党支部).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = CommendedOrgBody))]
pub struct OrgLineInput {
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub node_id: String,
    /// At most 50 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub honour: String,
}

/// A person commended, with the honour's name (优秀共产党员, 先进个人).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = CommendedPersonBody))]
pub struct PersonLineInput {
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub person_id: String,
    /// At most 50 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub honour: String,
}

/// A commendation as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = CommendationBody))]
pub struct CommendationInput {
    /// The node that issues it (the caller holds `commendation.manage` over it).
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub node_id: String,
    /// The published evaluation round it follows, at or under the node; none: standalone.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub round_id: String,
    /// At most 100 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub title: String,
    /// The document number (文号), at most 50 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub doc_number: String,
    /// `YYYY-MM-DD`, not after today.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub issued_on: String,
    /// The level of the honours recorded: `national`, `provincial`, `city`, `district`,
    /// `street` or `unit`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub level: String,
    /// Fill the organizations with the round's best this many results (vetoed ones left
    /// out), replacing those given.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<u32>))]
    pub top: String,
    /// The honour's name for organizations filled from the round.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub org_honour: String,
    #[serde(default)]
    pub organizations: Vec<OrgLineInput>,
    #[serde(default)]
    pub people: Vec<PersonLineInput>,
}

/// Someone commended: a node or a person by id, with the honour's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub id: i64,
    pub honour: String,
}

/// A checked commendation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commendation {
    pub node_id: i64,
    pub round_id: Option<i64>,
    pub title: String,
    pub doc_number: String,
    pub issued_on: NaiveDate,
    pub level: String,
    /// The round's best this many, with their honour, to fill the organizations with.
    pub top: Option<(usize, String)>,
    pub organizations: Vec<Line>,
    pub people: Vec<Line>,
}

fn positive_id(v: &str) -> Option<i64> {
    v.trim().parse::<i64>().ok().filter(|v| *v > 0)
}

fn required_text(fe: &mut FieldErrors, field: &str, v: &str, max: usize) -> Option<String> {
    let key = if max == 100 {
        "err.too_long_100"
    } else {
        "err.commendation_too_long_50"
    };
    let t = fe.check(field, parse_text(field, v, max, key)).flatten();
    if t.is_none() && !fe.0.contains_key(field) {
        fe.add(field, "err.required");
    }
    t
}

/// The lines of a list under `field`: each with an id and an honour of at most 50
/// characters, nobody twice, at most [`MAX_LINES`].
fn lines<'a>(
    fe: &mut FieldErrors,
    field: &str,
    given: impl Iterator<Item = (&'a str, &'a str)>,
) -> Vec<Line> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (id, honour) in given {
        let Some(id) = positive_id(id) else {
            fe.add(field, "err.commendation_line_id");
            continue;
        };
        let honour = honour.trim();
        if honour.is_empty() {
            fe.add(field, "err.commendation_line_honour");
            continue;
        }
        if honour.chars().count() > 50 {
            fe.add(field, "err.commendation_too_long_50");
            continue;
        }
        if !seen.insert(id) {
            fe.add(field, "err.commendation_twice");
            continue;
        }
        out.push(Line {
            id,
            honour: honour.to_string(),
        });
    }
    if out.len() > MAX_LINES {
        fe.add(field, "err.commendation_too_many");
    }
    out
}

impl CommendationInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Commendation, DomainError> {
        let mut fe = FieldErrors::new();
        let node_id = positive_id(&self.node_id);
        if node_id.is_none() {
            fe.add("node_id", "err.required");
        }
        let round_id = match self.round_id.trim() {
            "" => None,
            v => {
                let id = positive_id(v);
                if id.is_none() {
                    fe.add("round_id", "err.choice_invalid");
                }
                id
            }
        };
        let title = required_text(&mut fe, "title", &self.title, 100);
        let doc_number = required_text(&mut fe, "doc_number", &self.doc_number, 50);
        let issued_on = match fe.check("issued_on", parse_date("issued_on", &self.issued_on)) {
            Some(None) => {
                fe.add("issued_on", "err.required");
                None
            }
            Some(Some(d)) if d > today => {
                fe.add("issued_on", "err.date_future");
                None
            }
            other => other.flatten(),
        };
        let level = match self.level.trim() {
            "" => {
                fe.add("level", "err.required");
                None
            }
            l if LEVELS.contains(&l) => Some(l.to_string()),
            _ => {
                fe.add("level", "err.choice_invalid");
                None
            }
        };
        let top = self.parse_top(&mut fe, round_id.is_some());
        let organizations = lines(
            &mut fe,
            "organizations",
            self.organizations
                .iter()
                .map(|l| (l.node_id.as_str(), l.honour.as_str())),
        );
        let people = lines(
            &mut fe,
            "people",
            self.people
                .iter()
                .map(|l| (l.person_id.as_str(), l.honour.as_str())),
        );
        fe.into_result()?;
        match (node_id, title, doc_number, issued_on, level) {
            (Some(node_id), Some(title), Some(doc_number), Some(issued_on), Some(level)) => {
                Ok(Commendation {
                    node_id,
                    round_id,
                    title,
                    doc_number,
                    issued_on,
                    level,
                    top,
                    organizations,
                    people,
                })
            }
            _ => Err(DomainError::field("title", "err.required")),
        }
    }

    /// The round's best `top` organizations to fill in: a whole number from 1 to
    /// [`MAX_LINES`], only with a round, and with the honour they receive.
    fn parse_top(&self, fe: &mut FieldErrors, with_round: bool) -> Option<(usize, String)> {
        let t = self.top.trim();
        if t.is_empty() {
            return None;
        }
        let n = t
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_LINES).contains(n));
        if n.is_none() {
            fe.add("top", "err.commendation_top");
        }
        if !with_round {
            fe.add("round_id", "err.commendation_top_round");
        }
        let honour = required_text(fe, "org_honour", &self.org_honour, 50);
        match (n, honour, with_round) {
            (Some(n), Some(h), true) => Some((n, h)),
            _ => None,
        }
    }
}

/// The reason a commendation is revoked.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = CommendationRevokeBody))]
pub struct RevokeInput {
    /// At most 500 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub reason: String,
}

impl RevokeInput {
    pub fn parse(&self) -> Result<String, DomainError> {
        let mut fe = FieldErrors::new();
        let r = fe
            .check(
                "reason",
                parse_text("reason", &self.reason, 500, "err.too_long_500"),
            )
            .flatten();
        if r.is_none() {
            fe.add("reason", "err.required");
        }
        fe.into_result()?;
        r.ok_or_else(|| DomainError::field("reason", "err.required"))
    }
}

/// One organization's result in a round, as the choice of the best reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scored {
    pub node_id: i64,
    /// In hundredths of a point.
    pub score: i64,
    pub vetoed: bool,
}

/// The best `n` organizations of a round: vetoed ones (一票否决) never, then by score, the
/// higher first; equal scores in the order of the node ids, so the choice never depends on
/// the order results were read in. Fewer when the round has fewer.
pub fn best_of(results: &[Scored], n: usize) -> Vec<i64> {
    let mut eligible: Vec<&Scored> = results.iter().filter(|r| !r.vetoed).collect();
    eligible.sort_by(|a, b| b.score.cmp(&a.score).then(a.node_id.cmp(&b.node_id)));
    eligible.into_iter().take(n).map(|r| r.node_id).collect()
}

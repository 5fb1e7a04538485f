//! Studios (工作室, DESIGN module 4): the registry and its lifecycle. The mechanisms recorded
//! inside a studio (training, mentorship, questions, projects, achievements, support) have a
//! module each below.

pub mod achievement;
pub mod activity;
mod inputs;
pub mod mentorship;
pub mod permissions;
pub mod project;
pub mod proposal;

use crate::fields::{parse_date, parse_text, required_past_date};
use crate::input::text;
use crate::{DomainError, FieldErrors};
use chrono::NaiveDate;
use serde::Deserialize;

pub use inputs::*;

/// Built-in studio kinds [000, 001, 002, 003]: code, Chinese and English names. Admins add more
/// to the `studio_kind` dictionary.
pub const BUILTIN_KINDS: [(&str, &str, &str); 6] = [
    ("secretary", "书记工作室", "Party secretary studio"),
    (
        "red_craftsman",
        "红星工匠工作室",
        "Red-star craftsman studio",
    ),
    (
        "famous_teacher",
        "党员名师工作室",
        "Party-member master teacher studio",
    ),
    (
        "model_worker",
        "劳模创新工作室",
        "Model worker innovation studio",
    ),
    (
        "worker_innovation",
        "职工创新工作室",
        "Employee innovation studio",
    ),
    ("skill_master", "技能大师工作室", "Skill master studio"),
];

/// 区级, 市级, 省级.
pub const LEVELS: [&str; 3] = ["district", "city", "provincial"];

/// Member roles: 核心成员, 成员, 学员. The leader (领衔人) is the studio's own field.
pub const MEMBER_ROLES: [&str; 3] = ["core", "member", "trainee"];

/// Lifecycle states: 申报 → 挂牌 → 示范 → 预警 → 摘牌.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    Applied,
    Listed,
    Demonstration,
    Warned,
    Delisted,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Applied,
        State::Listed,
        State::Demonstration,
        State::Warned,
        State::Delisted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Applied => "applied",
            State::Listed => "listed",
            State::Demonstration => "demonstration",
            State::Warned => "warned",
            State::Delisted => "delisted",
        }
    }

    pub fn from_code(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|x| x.code() == s)
    }

    /// A delisted studio keeps its history and takes no new records.
    pub fn takes_records(self) -> bool {
        self != State::Delisted
    }
}

/// One allowed lifecycle move. `document` says the move needs a decision document number
/// (文号): every move away from 申报 is a decision of the supervising unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub from: State,
    pub to: State,
    pub document: bool,
}

const fn mv(from: State, to: State, document: bool) -> Move {
    Move { from, to, document }
}

/// The allowed moves, defined once. "动态调整" [000] and "以评促建、以评促改" [002]: evaluation
/// moves a studio up to 示范, down to 预警, back to 挂牌 once corrected, or off the list.
pub const MOVES: [Move; 9] = [
    mv(State::Applied, State::Listed, true),
    mv(State::Applied, State::Delisted, false),
    mv(State::Listed, State::Demonstration, true),
    mv(State::Listed, State::Warned, true),
    mv(State::Listed, State::Delisted, true),
    mv(State::Demonstration, State::Listed, true),
    mv(State::Demonstration, State::Warned, true),
    mv(State::Warned, State::Listed, true),
    mv(State::Warned, State::Delisted, true),
];

/// The move from `from` to `to`, or the rule that refuses it.
pub fn check_move(from: State, to: State) -> Result<Move, DomainError> {
    if from == State::Delisted {
        return Err(DomainError::Refused("rule.studio_delisted_final"));
    }
    if from == to {
        return Err(DomainError::Refused("rule.studio_same_state"));
    }
    MOVES
        .into_iter()
        .find(|m| m.from == from && m.to == to)
        .ok_or(DomainError::Refused("rule.studio_move_not_allowed"))
}

/// The states a studio in `from` may move to, in lifecycle order.
pub fn next_states(from: State) -> Vec<State> {
    MOVES
        .iter()
        .filter(|m| m.from == from)
        .map(|m| m.to)
        .collect()
}

// A lifecycle move as the page form and the API body give it, read alike from each
// (`Deserialize`): the state, the date and the reason must be sent. (Kept out of the API
// schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = MoveBody))]
pub struct MoveInput {
    /// `listed` (挂牌), `demonstration` (示范), `warned` (预警) or `delisted` (摘牌).
    pub to: String,
    pub on: String,
    pub reason: String,
    /// The decision's document number (文号); required for every move but withdrawing an
    /// application.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub document_no: String,
    /// An evaluation the move follows from.
    pub evaluation_id: Option<i64>,
}

/// A checked move, ready to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveRecord {
    pub from: State,
    pub to: State,
    pub on: NaiveDate,
    pub reason: String,
    pub document_no: Option<String>,
    pub evaluation_id: Option<i64>,
}

impl MoveInput {
    pub fn parse(&self, from: State, today: NaiveDate) -> Result<MoveRecord, DomainError> {
        let mut fe = FieldErrors::new();
        let to = State::from_code(self.to.trim());
        if to.is_none() {
            fe.add("to", "err.choice");
        }
        let on = required_past_date(&mut fe, "on", &self.on, today);
        let reason = fe
            .check(
                "reason",
                parse_text("reason", &self.reason, 500, "err.too_long_500"),
            )
            .flatten();
        if reason.is_none() && !fe.0.contains_key("reason") {
            fe.add("reason", "err.required");
        }
        let doc = fe
            .check(
                "document_no",
                parse_text("document_no", &self.document_no, 100, "err.too_long_100"),
            )
            .flatten();
        fe.into_result()?;
        let to = to.expect("checked");
        let m = check_move(from, to)?;
        if m.document && doc.is_none() {
            return Err(DomainError::field(
                "document_no",
                "err.studio_document_required",
            ));
        }
        Ok(MoveRecord {
            from,
            to,
            on: on.expect("checked"),
            reason: reason.expect("checked"),
            document_no: doc,
            evaluation_id: self.evaluation_id,
        })
    }
}

// A studio as a form or the API body gives it: its registry fields, its host node and its
// leader, read from the body through its `Deserialize`. The name, kind, level and node must
// be sent; the rest are blank (none, not shown) when not given. A form names the node and
// the leader in its own fields. (Kept out of the API schema's description, which is the
// body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = StudioBody))]
pub struct StudioInput {
    pub name: String,
    pub kind: String,
    pub level: String,
    #[serde(default)]
    pub demonstration: bool,
    pub node_id: i64,
    pub leader_id: Option<i64>,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub field: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub plaque_on: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub description: String,
    /// Address of the public page `/s/{slug}`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub slug: String,
    /// Show the public page.
    #[serde(default)]
    pub public: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Studio {
    pub name: String,
    pub kind: String,
    pub level: String,
    pub demonstration: bool,
    pub field: Option<String>,
    pub plaque_on: Option<NaiveDate>,
    pub description: Option<String>,
    pub slug: Option<String>,
    pub public: bool,
}

impl StudioInput {
    /// `kinds`: the codes of the `studio_kind` dictionary.
    pub fn parse(&self, kinds: &[String], today: NaiveDate) -> Result<Studio, DomainError> {
        let mut fe = FieldErrors::new();
        let name = fe.check("name", parse_studio_name(&self.name));
        let kind = self.kind.trim();
        if kind.is_empty() {
            fe.add("kind", "err.required");
        } else if !kinds.iter().any(|k| k == kind) {
            fe.add("kind", "err.choice");
        }
        let level = self.level.trim();
        if level.is_empty() {
            fe.add("level", "err.required");
        } else if !LEVELS.contains(&level) {
            fe.add("level", "err.choice");
        }
        let field = fe
            .check(
                "field",
                parse_text("field", &self.field, 100, "err.too_long_100"),
            )
            .flatten();
        let plaque_on = fe
            .check("plaque_on", parse_date("plaque_on", &self.plaque_on))
            .flatten();
        if plaque_on.is_some_and(|d| d > today) {
            fe.add("plaque_on", "err.date_future");
        }
        let description = fe
            .check(
                "description",
                parse_text("description", &self.description, 5000, "err.too_long_5000"),
            )
            .flatten();
        let slug = fe.check("slug", parse_slug(&self.slug)).flatten();
        if self.public && slug.is_none() && !fe.0.contains_key("slug") {
            fe.add("slug", "err.studio_slug_for_public");
        }
        fe.into_result()?;
        Ok(Studio {
            name: name.expect("checked"),
            kind: kind.to_string(),
            level: level.to_string(),
            demonstration: self.demonstration,
            field,
            plaque_on,
            description,
            slug,
            public: self.public,
        })
    }
}

/// A studio's name: 2–100 characters, no control characters.
pub fn parse_studio_name(s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(DomainError::field("name", "err.required"));
    }
    let n = t.chars().count();
    if n < 2 {
        return Err(DomainError::field("name", "err.too_short_2"));
    }
    if n > 100 {
        return Err(DomainError::field("name", "err.too_long_100"));
    }
    if t.chars().any(char::is_control) {
        return Err(DomainError::field("name", "err.control_chars"));
    }
    Ok(t.to_string())
}

/// A public page address: 3–64 of `a-z`, `0-9` and `-`, not starting or ending with `-`.
/// Blank is none. Upper case is folded.
pub fn parse_slug(s: &str) -> Result<Option<String>, DomainError> {
    let t = s.trim().to_ascii_lowercase();
    if t.is_empty() {
        return Ok(None);
    }
    let ok = (3..=64).contains(&t.len())
        && t.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !t.starts_with('-')
        && !t.ends_with('-');
    if ok {
        Ok(Some(t))
    } else {
        Err(DomainError::field("slug", "err.slug_format"))
    }
}

/// A member's role and term in a studio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub role: String,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
}

pub fn parse_membership(
    role: &str,
    joined_on: &str,
    left_on: &str,
    today: NaiveDate,
) -> Result<Membership, DomainError> {
    let mut fe = FieldErrors::new();
    let role = role.trim();
    if role.is_empty() {
        fe.add("role", "err.required");
    } else if !MEMBER_ROLES.contains(&role) {
        fe.add("role", "err.choice");
    }
    let joined = required_past_date(&mut fe, "joined_on", joined_on, today);
    let left = fe
        .check("left_on", parse_date("left_on", left_on))
        .flatten();
    if let (Some(j), Some(l)) = (joined, left) {
        if l < j {
            fe.add("left_on", "err.date_order");
        }
    }
    fe.into_result()?;
    Ok(Membership {
        role: role.to_string(),
        joined_on: joined.expect("checked"),
        left_on: left,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn kinds() -> Vec<String> {
        BUILTIN_KINDS.iter().map(|k| k.0.to_string()).collect()
    }

    #[test]
    fn every_state_but_delisted_can_move_somewhere_and_delisted_is_final() {
        for s in State::ALL {
            assert_eq!(next_states(s).is_empty(), s == State::Delisted, "{s:?}");
        }
        for to in State::ALL {
            assert_eq!(
                check_move(State::Delisted, to),
                Err(DomainError::Refused("rule.studio_delisted_final"))
            );
        }
    }

    #[test]
    fn moves_follow_the_table() {
        assert!(check_move(State::Applied, State::Listed).is_ok());
        assert!(check_move(State::Listed, State::Demonstration).is_ok());
        assert!(check_move(State::Demonstration, State::Warned).is_ok());
        assert!(check_move(State::Warned, State::Listed).is_ok());
        assert!(check_move(State::Warned, State::Delisted).is_ok());
        // 申报 cannot jump to 示范 or 预警; a warned studio is corrected before it is a model.
        assert_eq!(
            check_move(State::Applied, State::Demonstration),
            Err(DomainError::Refused("rule.studio_move_not_allowed"))
        );
        assert_eq!(
            check_move(State::Warned, State::Demonstration),
            Err(DomainError::Refused("rule.studio_move_not_allowed"))
        );
        assert_eq!(
            check_move(State::Listed, State::Listed),
            Err(DomainError::Refused("rule.studio_same_state"))
        );
        assert!(!State::Delisted.takes_records());
        assert!(State::Warned.takes_records());
    }

    #[test]
    fn a_move_needs_a_reason_and_a_decision_number() {
        let today = d("2026-06-01");
        let mut m = MoveInput {
            to: "listed".into(),
            on: "2026-05-01".into(),
            reason: "".into(),
            ..Default::default()
        };
        let e = m.parse(State::Applied, today).unwrap_err();
        assert_eq!(e, DomainError::field("reason", "err.required"));
        m.reason = "评审通过".into();
        assert_eq!(
            m.parse(State::Applied, today).unwrap_err(),
            DomainError::field("document_no", "err.studio_document_required")
        );
        m.document_no = "朝工发〔2026〕3号".into();
        let r = m.parse(State::Applied, today).unwrap();
        assert_eq!(
            (r.from, r.to, r.on),
            (State::Applied, State::Listed, d("2026-05-01"))
        );
        // Withdrawing an application needs no document.
        m.to = "delisted".into();
        m.document_no.clear();
        assert!(m.parse(State::Applied, today).is_ok());
        m.on = "2026-07-01".into();
        assert_eq!(
            m.parse(State::Applied, today).unwrap_err(),
            DomainError::field("on", "err.date_future")
        );
        m.on = "2026-05-01".into();
        m.to = "nowhere".into();
        assert_eq!(
            m.parse(State::Applied, today).unwrap_err(),
            DomainError::field("to", "err.choice")
        );
    }

    #[test]
    fn studio_fields_are_checked_together() {
        let today = d("2026-06-01");
        let ok = StudioInput {
            name: "田茂英红星工匠工作室".into(),
            kind: "red_craftsman".into(),
            level: "district".into(),
            plaque_on: "2021-07-01".into(),
            slug: "Tian-Maoying".into(),
            public: true,
            ..Default::default()
        };
        let s = ok.parse(&kinds(), today).unwrap();
        assert_eq!(s.slug.as_deref(), Some("tian-maoying"));
        let bad = StudioInput {
            name: "田".into(),
            kind: "nope".into(),
            level: "".into(),
            plaque_on: "2027-01-01".into(),
            slug: "".into(),
            public: true,
            ..Default::default()
        };
        match bad.parse(&kinds(), today).unwrap_err() {
            DomainError::Invalid(fe) => {
                assert_eq!(fe.0["name"], "err.too_short_2");
                assert_eq!(fe.0["kind"], "err.choice");
                assert_eq!(fe.0["level"], "err.required");
                assert_eq!(fe.0["plaque_on"], "err.date_future");
                assert_eq!(fe.0["slug"], "err.studio_slug_for_public");
            }
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(parse_slug(" ").unwrap(), None);
        assert_eq!(parse_slug("abc-1").unwrap().as_deref(), Some("abc-1"));
        for bad in ["ab", "-abc", "abc-", "a_b_c", "工作室", &"a".repeat(65)] {
            assert!(parse_slug(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn memberships() {
        let today = d("2026-06-01");
        let m = parse_membership("core", "2024-01-01", "", today).unwrap();
        assert_eq!(m.left_on, None);
        assert_eq!(
            parse_membership("boss", "2024-01-01", "", today).unwrap_err(),
            DomainError::field("role", "err.choice")
        );
        assert_eq!(
            parse_membership("member", "2024-01-01", "2023-01-01", today).unwrap_err(),
            DomainError::field("left_on", "err.date_order")
        );
    }
}

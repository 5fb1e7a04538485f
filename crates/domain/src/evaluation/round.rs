//! A round, a score, a piece of evidence and a reopening as the forms and the API bodies give
//! them, and their checks.

use super::period::Period;
use super::score::{parse_points, score_allowed, IndicatorKind, VETO_TRIGGERED};
use crate::fields::parse_text;
use crate::input::{code_list, loose_num_text, text};
use crate::{DomainError, FieldErrors};
use serde::Deserialize;

/// Most organizations a round assesses (a city district's branches and more).
pub const MAX_TARGETS: usize = 10_000;

/// A round as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = RoundBody))]
pub struct RoundInput {
    /// The node that runs it (the caller holds `evaluation.manage` over it).
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub node_id: String,
    /// The rubric whose latest version it scores against (frozen from then on).
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub rubric_id: String,
    /// At most 100 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub title: String,
    /// `2026`, `2026H1` or `2026Q3`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub period: String,
    /// How the targets are given: `chosen` (the default: the nodes of `target_ids`),
    /// `under` (every organization of the kinds `under_kinds` under `under_node_id`, found
    /// when the round starts) or `studios` (the studios of `target_ids`).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub target_mode: String,
    /// The organizations assessed (nodes in the subtree of the round's node), or for a
    /// studio round the studios (hosted in that subtree).
    #[serde(default)]
    pub target_ids: Vec<i64>,
    /// For `under`: the node whose subtree is searched.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub under_node_id: String,
    /// For `under`: the organization kinds taken (`party_branch` for every 党支部); a list or
    /// one text separated by commas.
    #[serde(default, deserialize_with = "code_list")]
    pub under_kinds: Vec<String>,
    /// For a studio round: a score at or above these points proposes 示范.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub demonstration_at: String,
    /// For a studio round: a score below these points proposes 预警.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub warned_below: String,
    /// For a studio round: a score below these points, or a triggered veto, proposes 摘牌.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub delisted_below: String,
}

/// What a round assesses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Organizations,
    Studios,
}

impl Subject {
    pub fn code(self) -> &'static str {
        match self {
            Subject::Organizations => "organizations",
            Subject::Studios => "studios",
        }
    }

    pub fn from_code(s: &str) -> Option<Subject> {
        [Subject::Organizations, Subject::Studios]
            .into_iter()
            .find(|v| v.code() == s.trim())
    }
}

/// Every organization of some kinds under a node: expanded to the nodes in the caller's
/// scope when the round starts, and kept on the round to show how its targets were chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    pub node_id: i64,
    pub kinds: Vec<String>,
}

/// The lifecycle move a studio's result proposes (codes of the studio area's states).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proposal {
    /// 示范.
    Demonstration,
    /// 预警.
    Warned,
    /// 摘牌.
    Delisted,
}

impl Proposal {
    pub fn code(self) -> &'static str {
        match self {
            Proposal::Demonstration => "demonstration",
            Proposal::Warned => "warned",
            Proposal::Delisted => "delisted",
        }
    }

    pub fn from_code(s: &str) -> Option<Proposal> {
        [
            Proposal::Demonstration,
            Proposal::Warned,
            Proposal::Delisted,
        ]
        .into_iter()
        .find(|v| v.code() == s.trim())
    }
}

/// A studio round's rules, in hundredths: "以评促建" — the result moves the studio up to 示范,
/// down to 预警 or off the list (摘牌).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StudioRules {
    pub demonstration_at: Option<i64>,
    pub warned_below: Option<i64>,
    pub delisted_below: Option<i64>,
}

impl StudioRules {
    pub fn is_empty(&self) -> bool {
        *self == StudioRules::default()
    }

    /// The move a total of `score` hundredths proposes: a triggered veto or a score below
    /// `delisted_below` 摘牌, below `warned_below` 预警, at or above `demonstration_at` 示范;
    /// none in between.
    pub fn propose(&self, score: i64, vetoed: bool) -> Option<Proposal> {
        if vetoed || self.delisted_below.is_some_and(|z| score < z) {
            return Some(Proposal::Delisted);
        }
        if self.warned_below.is_some_and(|y| score < y) {
            return Some(Proposal::Warned);
        }
        if self.demonstration_at.is_some_and(|x| score >= x) {
            return Some(Proposal::Demonstration);
        }
        None
    }
}

/// Most organization kinds a selector names.
const MAX_KINDS: usize = 10;

fn kinds_of(fe: &mut FieldErrors, given: &[String]) -> Vec<String> {
    let mut kinds: Vec<String> = given.iter().map(|k| k.trim().to_string()).collect();
    kinds.retain(|k| !k.is_empty());
    kinds.sort();
    kinds.dedup();
    let plain =
        |k: &String| k.len() <= 50 && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    if kinds.is_empty() {
        fe.add("under_kinds", "err.required");
    } else if kinds.len() > MAX_KINDS || !kinds.iter().all(plain) {
        fe.add("under_kinds", "err.choice");
    }
    kinds
}

fn points_of(fe: &mut FieldErrors, field: &str, v: &str) -> Option<i64> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    let p = parse_points(v);
    if p.is_none() {
        fe.add(field, "err.evaluation_points");
    }
    p
}

/// Checks a studio round's rules: each optional, in points, and 摘牌 below 预警 below 示范.
fn rules_of(fe: &mut FieldErrors, input: &RoundInput) -> StudioRules {
    let r = StudioRules {
        demonstration_at: points_of(fe, "demonstration_at", &input.demonstration_at),
        warned_below: points_of(fe, "warned_below", &input.warned_below),
        delisted_below: points_of(fe, "delisted_below", &input.delisted_below),
    };
    if let (Some(z), Some(y)) = (r.delisted_below, r.warned_below) {
        if z > y {
            fe.add("delisted_below", "err.evaluation_thresholds");
        }
    }
    let lower = r.warned_below.or(r.delisted_below);
    if let (Some(low), Some(x)) = (lower, r.demonstration_at) {
        if low > x {
            fe.add("demonstration_at", "err.evaluation_thresholds");
        }
    }
    r
}

/// A checked round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub node_id: i64,
    pub rubric_id: i64,
    pub title: String,
    pub period: Period,
    pub subject: Subject,
    /// The nodes (or studios) chosen; empty for a selector, whose nodes are found later.
    pub target_ids: Vec<i64>,
    pub selector: Option<Selector>,
    pub rules: StudioRules,
}

fn id_of(fe: &mut FieldErrors, field: &str, v: &str) -> Option<i64> {
    let id = v.trim().parse::<i64>().ok().filter(|v| *v > 0);
    if id.is_none() {
        fe.add(field, "err.required");
    }
    id
}

impl RoundInput {
    pub fn parse(&self) -> Result<Round, DomainError> {
        let mut fe = FieldErrors::new();
        let node_id = id_of(&mut fe, "node_id", &self.node_id);
        let rubric_id = id_of(&mut fe, "rubric_id", &self.rubric_id);
        let title = fe
            .check(
                "title",
                parse_text("title", &self.title, 100, "err.too_long_100"),
            )
            .flatten();
        if title.is_none() && !fe.0.contains_key("title") {
            fe.add("title", "err.required");
        }
        let period = Period::parse(&self.period);
        if period.is_none() {
            fe.add("period", "err.evaluation_period");
        }
        let mode = match self.target_mode.trim() {
            "" | "chosen" => Some("chosen"),
            "under" => Some("under"),
            "studios" => Some("studios"),
            _ => None,
        };
        if mode.is_none() {
            fe.add("target_mode", "err.choice");
        }
        let mut target_ids: Vec<i64> = self.target_ids.clone();
        target_ids.sort_unstable();
        target_ids.dedup();
        let mut selector = None;
        if mode == Some("under") {
            target_ids.clear();
            let node = id_of(&mut fe, "under_node_id", &self.under_node_id);
            let kinds = kinds_of(&mut fe, &self.under_kinds);
            selector = node.map(|node_id| Selector { node_id, kinds });
        } else if target_ids.is_empty() {
            fe.add("target_ids", "err.required");
        } else if target_ids.len() > MAX_TARGETS || target_ids.iter().any(|t| *t <= 0) {
            fe.add("target_ids", "err.choice");
        }
        let subject = if mode == Some("studios") {
            Subject::Studios
        } else {
            Subject::Organizations
        };
        let rules = rules_of(&mut fe, self);
        if subject == Subject::Organizations && !rules.is_empty() {
            fe.add("demonstration_at", "err.evaluation_rules_studios");
        }
        fe.into_result()?;
        Ok(Round {
            node_id: node_id.expect("checked"),
            rubric_id: rubric_id.expect("checked"),
            title: title.expect("checked"),
            period: period.expect("checked"),
            subject,
            target_ids,
            selector,
            rules,
        })
    }
}

/// A score of one indicator, as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = ScoreBody))]
pub struct ScoreInput {
    /// Points, at most two decimals, from 0 to the indicator's maximum; for a veto `1`
    /// (triggered) or `0`.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = f64))]
    pub score: String,
    /// At most 500 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub note: String,
}

/// A checked score, in hundredths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    pub score: i64,
    pub note: Option<String>,
}

impl ScoreInput {
    /// Checks the score for an indicator of `kind` with maximum `max` (hundredths).
    pub fn parse(&self, kind: IndicatorKind, max: i64) -> Result<Score, DomainError> {
        let mut fe = FieldErrors::new();
        let score = match (kind, self.score.trim()) {
            (_, "") => {
                fe.add("score", "err.required");
                None
            }
            (IndicatorKind::Veto, "1" | "true") => Some(VETO_TRIGGERED),
            (IndicatorKind::Veto, "0" | "false") => Some(0),
            (IndicatorKind::Veto, _) => {
                fe.add("score", "err.choice");
                None
            }
            (_, s) => match parse_points(s) {
                Some(v) if score_allowed(kind, max, v) => Some(v),
                Some(_) => {
                    fe.add("score", "err.evaluation_over_max");
                    None
                }
                None => {
                    fe.add("score", "err.evaluation_points");
                    None
                }
            },
        };
        let note = fe
            .check(
                "note",
                parse_text("note", &self.note, 500, "err.too_long_500"),
            )
            .flatten();
        fe.into_result()?;
        Ok(Score {
            score: score.expect("checked"),
            note,
        })
    }
}

/// The kinds of records evidence may link to.
pub const EVIDENCE_KINDS: [&str; 6] =
    ["activity", "task", "request", "achievement", "file", "link"];

/// A piece of evidence: a link to an existing record (kind and id) or to a URL.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = EvidenceBody))]
pub struct EvidenceInput {
    /// `activity`, `task`, `request`, `achievement`, `file` or `link`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub kind: String,
    /// The record's id (not for a link).
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub record_id: String,
    /// At most 200 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub label: String,
    /// For a link: `http://` or `https://`, at most 500 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub url: String,
}

/// A checked piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub kind: String,
    pub record_id: Option<i64>,
    pub label: String,
    pub url: Option<String>,
}

impl EvidenceInput {
    pub fn parse(&self) -> Result<Evidence, DomainError> {
        let mut fe = FieldErrors::new();
        let kind = self.kind.trim();
        if !EVIDENCE_KINDS.contains(&kind) {
            fe.add("kind", "err.choice");
        }
        let label = fe
            .check(
                "label",
                parse_text("label", &self.label, 200, "err.evaluation_title_long"),
            )
            .flatten();
        if label.is_none() && !fe.0.contains_key("label") {
            fe.add("label", "err.required");
        }
        let url = fe
            .check("url", parse_text("url", &self.url, 500, "err.too_long_500"))
            .flatten();
        let record_id = self.record_id.trim().parse::<i64>().ok().filter(|v| *v > 0);
        if kind == "link" {
            match &url {
                Some(u) if u.starts_with("http://") || u.starts_with("https://") => {}
                _ => fe.add("url", "err.evaluation_link"),
            }
        } else if record_id.is_none() {
            fe.add("record_id", "err.required");
        }
        fe.into_result()?;
        Ok(Evidence {
            kind: kind.to_string(),
            record_id: record_id.filter(|_| kind != "link"),
            label: label.expect("checked"),
            url: url.filter(|_| kind == "link"),
        })
    }
}

/// A reopening: the superior's reason, as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = ReopenBody))]
pub struct ReopenInput {
    /// At most 500 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub reason: String,
}

impl ReopenInput {
    pub fn parse(&self) -> Result<String, DomainError> {
        match parse_text("reason", &self.reason, 500, "err.too_long_500")? {
            Some(r) => Ok(r),
            None => Err(DomainError::field("reason", "err.required")),
        }
    }
}

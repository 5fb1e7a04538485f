//! A round, a score, a piece of evidence and a reopening as the forms and the API bodies give
//! them, and their checks.

use super::period::Period;
use super::score::{parse_points, score_allowed, IndicatorKind, VETO_TRIGGERED};
use crate::fields::parse_text;
use crate::input::{loose_num_text, text};
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
    /// The organizations assessed: nodes in the subtree of the round's node.
    #[serde(default)]
    pub target_ids: Vec<i64>,
}

/// A checked round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub node_id: i64,
    pub rubric_id: i64,
    pub title: String,
    pub period: Period,
    pub target_ids: Vec<i64>,
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
        let mut target_ids: Vec<i64> = self.target_ids.clone();
        target_ids.sort_unstable();
        target_ids.dedup();
        if target_ids.is_empty() {
            fe.add("target_ids", "err.required");
        } else if target_ids.len() > MAX_TARGETS || target_ids.iter().any(|t| *t <= 0) {
            fe.add("target_ids", "err.choice");
        }
        fe.into_result()?;
        Ok(Round {
            node_id: node_id.expect("checked"),
            rubric_id: rubric_id.expect("checked"),
            title: title.expect("checked"),
            period: period.expect("checked"),
            target_ids,
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

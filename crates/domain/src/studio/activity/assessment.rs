//! 考核评价 and 激励保障: a studio's evaluations, with their scores and grades, and the
//! support it received.

use super::Fen;
use crate::fields::{parse_text, required_past_date};
use crate::input::{num_text, opt_num_text, text};
use crate::{DomainError, FieldErrors};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

// ---------------------------------------------------------------------------------------
// Evaluations (考核评价).

/// Grades, best first: 优秀, 良好, 合格, 不合格.
pub const GRADES: [&str; 4] = ["excellent", "good", "pass", "fail"];

/// The grade a score (in tenths of a point) falls in: 90 and above 优秀, 80 良好, 60 合格,
/// below 不合格 — the bands of the usual 百分制 assessment.
pub fn grade_of(score_tenths: i32) -> &'static str {
    match score_tenths {
        900.. => "excellent",
        800.. => "good",
        600.. => "pass",
        _ => "fail",
    }
}

/// A score of 0–100 with at most one decimal, in tenths of a point.
pub fn parse_score(field: &str, s: &str) -> Result<i32, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(DomainError::field(field, "err.required"));
    }
    let bad = || DomainError::field(field, "err.eval_score_format");
    let (i, f) = match t.split_once('.') {
        Some((i, f)) => (i, f),
        None => (t, ""),
    };
    if i.is_empty()
        || i.len() > 3
        || !i.bytes().all(|b| b.is_ascii_digit())
        || !f.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    // `92.50` is one decimal written with a trailing zero.
    let f = f.trim_end_matches('0');
    if f.len() > 1 {
        return Err(bad());
    }
    let tenths = i.parse::<i32>().map_err(|_| bad())? * 10 + f.parse::<i32>().unwrap_or(0);
    if tenths > 1000 {
        return Err(DomainError::field(field, "err.eval_score_range"));
    }
    Ok(tenths)
}

/// Tenths of a point as `92.5` (`90` for whole points).
pub fn fmt_score(tenths: i32) -> String {
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// An assessment period: a year `2025`, a half `2025H1`/`2025H2`, or a quarter
/// `2025Q1`–`2025Q4` (lower case accepted). Answered in upper case.
pub fn parse_period(field: &str, s: &str) -> Result<String, DomainError> {
    let t = s.trim().to_ascii_uppercase();
    if t.is_empty() {
        return Err(DomainError::field(field, "err.required"));
    }
    let bad = || DomainError::field(field, "err.eval_period_format");
    if t.len() < 4 || !t.is_char_boundary(4) {
        return Err(bad());
    }
    let (y, rest) = t.split_at(4);
    let year: i32 = y
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| y.parse().ok())
        .flatten()
        .ok_or_else(bad)?;
    if !(2000..=2100).contains(&year) {
        return Err(bad());
    }
    let ok = matches!(rest, "" | "H1" | "H2" | "Q1" | "Q2" | "Q3" | "Q4");
    if ok {
        Ok(t)
    } else {
        Err(bad())
    }
}

/// The months a period code covers, as (first, last) month numbers counted from year 0
/// (`2025Q3` → July to September 2025); none for a code that is not a period.
fn months(code: &str) -> Option<(i32, i32)> {
    let t = parse_period("period", code).ok()?;
    let (y, rest) = t.split_at(4);
    let base = y.parse::<i32>().ok()? * 12;
    let (from, to) = match rest {
        "" => (1, 12),
        "H1" => (1, 6),
        "H2" => (7, 12),
        "Q1" => (1, 3),
        "Q2" => (4, 6),
        "Q3" => (7, 9),
        _ => (10, 12),
    };
    Some((base + from, base + to))
}

/// Whether a published evaluation round of period `round` replaces a free-text evaluation
/// record of period `record`: the round's period covers the record's (a year's round replaces
/// that year's quarterly records; a quarter's round does not replace the year's record). The
/// record is kept and shown as replaced ("以评促建" [002]: the round is the evaluation of
/// record).
pub fn round_replaces(round: &str, record: &str) -> bool {
    match (months(round), months(record)) {
        (Some((rf, rt)), Some((f, t))) => rf <= f && t <= rt,
        _ => false,
    }
}

// An evaluation as the page form and the API body give it, read alike from each
// (`Deserialize`): the period, the date and the score must be sent, the others are blank
// when not given. A blank grade is the one the score's band gives; the override reason says
// why the grade differs from it (a veto item, a review). (Kept out of the API schema's
// description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = EvaluationBody)
)]
pub struct EvaluationInput {
    /// `2025`, `2025H1`, `2025Q3`.
    #[serde(deserialize_with = "num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub period: String,
    pub evaluated_on: String,
    /// 0–100, one decimal at most.
    #[serde(deserialize_with = "num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub score: String,
    /// `excellent`, `good`, `pass` or `fail`; absent: the score's band (90/80/60).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub grade: String,
    /// Needed when the grade differs from the score's band.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub override_reason: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub document_no: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub period: String,
    pub evaluated_on: NaiveDate,
    pub score_tenths: i32,
    pub grade: String,
    pub override_reason: Option<String>,
    pub document_no: Option<String>,
    pub comment: Option<String>,
}

impl EvaluationInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Evaluation, DomainError> {
        let mut fe = FieldErrors::new();
        let period = fe.check("period", parse_period("period", &self.period));
        let on = required_past_date(&mut fe, "evaluated_on", &self.evaluated_on, today);
        let score = fe.check("score", parse_score("score", &self.score));
        let grade = self.grade.trim();
        if !grade.is_empty() && !GRADES.contains(&grade) {
            fe.add("grade", "err.choice");
        }
        let reason = fe
            .check(
                "override_reason",
                parse_text(
                    "override_reason",
                    &self.override_reason,
                    500,
                    "err.too_long_500",
                ),
            )
            .flatten();
        let document_no = fe
            .check(
                "document_no",
                parse_text("document_no", &self.document_no, 100, "err.too_long_100"),
            )
            .flatten();
        let comment = fe
            .check(
                "comment",
                parse_text("comment", &self.comment, 2000, "err.too_long_2000"),
            )
            .flatten();
        // A year's period is evaluated in or after that year.
        if let (Some(p), Some(d)) = (&period, on) {
            if p[..4].parse::<i32>().is_ok_and(|y| d.year() < y) {
                fe.add("evaluated_on", "err.eval_before_period");
            }
        }
        let mut grade_out = None;
        if let Some(sc) = score {
            let band = grade_of(sc);
            if grade.is_empty() || grade == band {
                grade_out = Some(band.to_string());
            } else if GRADES.contains(&grade) {
                if reason.is_none() {
                    fe.add("grade", "err.eval_grade_mismatch");
                } else {
                    grade_out = Some(grade.to_string());
                }
            }
        }
        fe.into_result()?;
        let grade = grade_out.expect("checked");
        // A reason is kept only when it explains an override.
        let override_reason = if grade == grade_of(score.expect("checked")) {
            None
        } else {
            reason
        };
        Ok(Evaluation {
            period: period.expect("checked"),
            evaluated_on: on.expect("checked"),
            score_tenths: score.expect("checked"),
            grade,
            override_reason,
            document_no,
            comment,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Support received (激励保障).

/// 经费, 奖励, 物资.
pub const SUPPORT_KINDS: [&str; 3] = ["funding", "reward", "material"];

// Support as the page form and the API body give it, read alike from each
// (`Deserialize`): the kind, the date and the source must be sent, the amount and the note
// are blank when not given. (Kept out of the API schema's description, which is the body's
// own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = SupportBody)
)]
pub struct SupportInput {
    /// `funding` 经费, `reward` 奖励 or `material` 物资.
    pub kind: String,
    /// In yuan (number or text such as `"5万"`); required and above zero for funding and
    /// rewards, an optional value for material.
    #[serde(default, deserialize_with = "opt_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub amount: String,
    pub received_on: String,
    /// Who gave it.
    pub source: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Support {
    pub kind: String,
    /// Required and above zero for funding and rewards; an optional estimate for material.
    pub amount: Option<Fen>,
    pub received_on: NaiveDate,
    pub source: String,
    pub note: Option<String>,
}

impl SupportInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Support, DomainError> {
        let mut fe = FieldErrors::new();
        let kind = self.kind.trim();
        if kind.is_empty() {
            fe.add("kind", "err.required");
        } else if !SUPPORT_KINDS.contains(&kind) {
            fe.add("kind", "err.choice");
        }
        let amount = fe
            .check("amount", Fen::parse("amount", &self.amount))
            .flatten();
        let amount = if kind == "material" {
            amount
        } else {
            if amount.is_none() && !fe.0.contains_key("amount") {
                fe.add("amount", "err.required");
            }
            positive(&mut fe, "amount", amount)
        };
        let on = required_past_date(&mut fe, "received_on", &self.received_on, today);
        let source = fe
            .check(
                "source",
                parse_text("source", &self.source, 100, "err.too_long_100"),
            )
            .flatten();
        if source.is_none() && !fe.0.contains_key("source") {
            fe.add("source", "err.required");
        }
        let note = fe
            .check(
                "note",
                parse_text("note", &self.note, 500, "err.too_long_500"),
            )
            .flatten();
        fe.into_result()?;
        Ok(Support {
            kind: kind.to_string(),
            amount,
            received_on: on.expect("checked"),
            source: source.expect("checked"),
            note,
        })
    }
}

/// An optional amount that must be more than zero when given.
fn positive(fe: &mut FieldErrors, field: &str, v: Option<Fen>) -> Option<Fen> {
    match v {
        Some(Fen(0)) => {
            fe.add(field, "err.sup_amount_positive");
            None
        }
        other => other,
    }
}

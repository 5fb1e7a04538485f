//! Records of a studio's working mechanisms [000]: office hours and questions (驻室答疑),
//! evaluations (考核评价) and support received (激励保障), with the money amounts they carry.

use crate::fields::{parse_text, required_past_date};
use crate::input::{num_text, opt_num_text, text};
use crate::{DomainError, FieldErrors};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

// ---------------------------------------------------------------------------------------
// Money.

/// An amount of money in fen (分, 1 yuan = 100 fen). Parsed amounts are never negative;
/// differences (a net benefit) may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(pub i64);

/// Largest amount anyone types: 10^12 yuan.
pub const MAX_YUAN: i64 = 1_000_000_000_000;
const MAX_FEN: i128 = MAX_YUAN as i128 * 100;

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// An amount as people write it: `12.5`, `12.50元`, `￥12.5`, `1,234.56`, `1.5万`,
    /// `3万元`. Blank is none. Yuan take at most two decimals (fen); 万 (ten thousand yuan)
    /// at most six, so that the amount is still a whole number of fen.
    pub fn parse(field: &str, s: &str) -> Result<Option<Fen>, DomainError> {
        let bad = |k: &str| Err(DomainError::field(field, k));
        let mut t: String = s.trim().chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() {
            return Ok(None);
        }
        for prefix in ["￥", "¥", "RMB", "CNY"] {
            if let Some(rest) = t.strip_prefix(prefix) {
                t = rest.to_string();
            }
        }
        if let Some(rest) = t.strip_suffix('元') {
            t = rest.to_string();
        }
        let wan = match t.strip_suffix('万') {
            Some(rest) => {
                t = rest.to_string();
                true
            }
            None => false,
        };
        if t.starts_with('-') || t.starts_with('－') {
            return bad("err.act_money_negative");
        }
        let t = t.strip_prefix('+').unwrap_or(&t);
        let (int, frac) = match t.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (t, None),
        };
        let int = int.replace('，', ",");
        if int.is_empty() && frac.is_none_or(str::is_empty) {
            return bad("err.act_money_format");
        }
        // Thousands separators, when used, group by three.
        if int.contains(',') {
            let groups: Vec<&str> = int.split(',').collect();
            let ok = !groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3);
            if !ok {
                return bad("err.act_money_format");
            }
        }
        let digits: String = int.chars().filter(|c| *c != ',').collect();
        let frac = frac.unwrap_or("");
        if !digits.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return bad("err.act_money_format");
        }
        let places = if wan { 6 } else { 2 };
        if frac.len() > places {
            return bad("err.act_money_decimals");
        }
        // Whole part: anything longer than 15 digits is over the limit anyway.
        let digits = digits.trim_start_matches('0');
        if digits.len() > 15 {
            return bad("err.act_money_too_large");
        }
        let whole: i128 = if digits.is_empty() {
            0
        } else {
            digits
                .parse()
                .map_err(|_| DomainError::field(field, "err.act_money_format"))?
        };
        let mut frac_units: i128 = 0;
        for (i, b) in frac.bytes().enumerate() {
            frac_units += i128::from(b - b'0') * 10i128.pow((places - 1 - i) as u32);
        }
        // In fen: yuan × 100 + fen, or 万 × 10^6 + millionths of 万.
        let scale: i128 = if wan { 1_000_000 } else { 100 };
        let fen = whole * scale + frac_units;
        if fen > MAX_FEN {
            return bad("err.act_money_too_large");
        }
        Ok(Some(Fen(fen as i64)))
    }

    /// A required amount: blank is `err.required`.
    pub fn required(field: &str, s: &str) -> Result<Fen, DomainError> {
        Fen::parse(field, s)?.ok_or_else(|| DomainError::field(field, "err.required"))
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, o: Fen) -> Option<Fen> {
        self.0.checked_add(o.0).map(Fen)
    }

    pub fn checked_sub(self, o: Fen) -> Option<Fen> {
        self.0.checked_sub(o.0).map(Fen)
    }

    /// `12,345.60`: yuan with thousands separators and two decimals.
    pub fn yuan(self) -> String {
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        format!("{}{grouped}.{:02}", if neg { "-" } else { "" }, abs % 100)
    }

    /// `12345.6`: plain yuan, the way a form shows an amount to edit (parses back exactly).
    pub fn plain(self) -> String {
        let abs = self.0.unsigned_abs();
        let mut s = format!(
            "{}{}.{:02}",
            if self.0 < 0 { "-" } else { "" },
            abs / 100,
            abs % 100
        );
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
        s
    }

    /// `1.23万`: ten thousands of yuan, rounded half up to two decimals, trailing zeros
    /// dropped (`3万`, `1.5万`).
    pub fn wan(self) -> String {
        let neg = self.0 < 0;
        let abs = u128::from(self.0.unsigned_abs());
        // Hundredths of 万 are 10 000 fen each.
        let hundredths = (abs + 5_000) / 10_000;
        let mut s = format!("{}.{:02}", hundredths / 100, hundredths % 100);
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
        let sign = if neg && hundredths > 0 { "-" } else { "" };
        format!("{sign}{s}万")
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

// ---------------------------------------------------------------------------------------
// Office hours and questions (驻室答疑).

/// A title of 2–200 characters without control characters.
pub fn parse_title(field: &str, s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(DomainError::field(field, "err.required"));
    }
    let n = t.chars().count();
    if !(2..=200).contains(&n) {
        return Err(DomainError::field(field, "err.act_title_length"));
    }
    if t.chars().any(char::is_control) {
        return Err(DomainError::field(field, "err.control_chars"));
    }
    Ok(t.to_string())
}

/// A longer text of up to 5000 characters (line breaks kept); blank is none.
pub fn parse_long_text(field: &str, s: &str) -> Result<Option<String>, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > 5000 {
        return Err(DomainError::field(field, "err.act_too_long_5000"));
    }
    Ok(Some(t.to_string()))
}

// A question as the page form and the API body give it, read alike from each
// (`Deserialize`). The title must be sent; the others are blank when not given. (Kept out of
// the API schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = QuestionBody)
)]
pub struct QuestionInput {
    /// 2–200 characters.
    pub title: String,
    /// Up to 5000 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub body: String,
    /// Who asked, when recorded for someone else; the caller's name when absent.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub asker_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub title: String,
    pub body: Option<String>,
    pub asker_name: Option<String>,
}

impl QuestionInput {
    pub fn parse(&self) -> Result<Question, DomainError> {
        let mut fe = FieldErrors::new();
        let title = fe.check("title", parse_title("title", &self.title));
        let body = fe
            .check("body", parse_long_text("body", &self.body))
            .flatten();
        let asker_name = fe
            .check(
                "asker_name",
                parse_text("asker_name", &self.asker_name, 50, "err.too_long_50"),
            )
            .flatten();
        fe.into_result()?;
        Ok(Question {
            title: title.expect("checked"),
            body,
            asker_name,
        })
    }
}

/// An answer: up to 5000 characters, required.
pub fn parse_answer(s: &str) -> Result<String, DomainError> {
    parse_long_text("answer", s)?.ok_or_else(|| DomainError::field("answer", "err.required"))
}

/// A time of day `HH:MM` (24-hour; `9:00` is taken as `09:00`), answered as minutes after
/// midnight.
pub fn parse_time(field: &str, s: &str) -> Result<u32, DomainError> {
    let t = s.trim().replace('：', ":");
    if t.is_empty() {
        return Err(DomainError::field(field, "err.required"));
    }
    let bad = || DomainError::field(field, "err.act_time_format");
    let (h, m) = t.split_once(':').ok_or_else(bad)?;
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || h.len() > 2 || !digits(m) || m.len() != 2 {
        return Err(bad());
    }
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// Minutes after midnight as `HH:MM`.
pub fn fmt_time(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Office hours as a form or an API body gives them.
#[derive(Debug, Clone, Default)]
pub struct OfficeHourInput {
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: String,
    pub starts: String,
    pub ends: String,
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeHour {
    pub weekday: i32,
    /// `HH:MM`.
    pub starts: String,
    pub ends: String,
    pub place: String,
}

impl OfficeHourInput {
    pub fn parse(&self) -> Result<OfficeHour, DomainError> {
        let mut fe = FieldErrors::new();
        let wd = self.weekday.trim();
        let weekday = match wd.parse::<i32>() {
            Ok(n) if (1..=7).contains(&n) => Some(n),
            _ if wd.is_empty() => {
                fe.add("weekday", "err.required");
                None
            }
            _ => {
                fe.add("weekday", "err.act_weekday");
                None
            }
        };
        let starts = fe.check("starts", parse_time("starts", &self.starts));
        let ends = fe.check("ends", parse_time("ends", &self.ends));
        if let (Some(a), Some(b)) = (starts, ends) {
            if b <= a {
                fe.add("ends", "err.act_time_order");
            }
        }
        let place = fe
            .check(
                "place",
                parse_text("place", &self.place, 100, "err.too_long_100"),
            )
            .flatten();
        if place.is_none() {
            fe.add("place", "err.required");
        }
        fe.into_result()?;
        Ok(OfficeHour {
            weekday: weekday.expect("checked"),
            starts: fmt_time(starts.expect("checked")),
            ends: fmt_time(ends.expect("checked")),
            place: place.expect("checked"),
        })
    }
}

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

#[cfg(test)]
mod tests;

//! Records of a studio's working mechanisms [000]: office hours and questions (驻室答疑),
//! evaluations (考核评价) and support received (激励保障), with the money amounts they carry.

use crate::fields::parse_text;
use crate::input::{num_text, text};
use crate::{DomainError, FieldErrors};
use serde::Deserialize;

pub use crate::money::{Fen, MAX_YUAN};

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

// An answer as the page form and the API body give it, read alike from each
// (`Deserialize`). (Kept out of the API schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = AnswerBody))]
pub struct AnswerInput {
    /// Up to 5000 characters.
    pub answer: String,
    /// The person answering: a member of the studio now or its leader. Absent: the person
    /// the caller's account is linked to.
    pub answerer_id: Option<i64>,
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

// Office hours as the page form and the API body give them, read alike from each
// (`Deserialize`); the host is the caller's person when not given. (Kept out of the API
// schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = OfficeHourBody)
)]
pub struct OfficeHourInput {
    /// 1 (Monday) to 7 (Sunday).
    #[serde(deserialize_with = "num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i32))]
    pub weekday: String,
    /// `HH:MM`.
    pub starts: String,
    /// `HH:MM`, after `starts`.
    pub ends: String,
    pub place: String,
    pub host_id: Option<i64>,
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

mod assessment;
#[cfg(test)]
mod tests;

pub use assessment::*;

//! Records of a studio's working mechanisms [000]: office hours and questions (驻室答疑),
//! evaluations (考核评价) and support received (激励保障), with the money amounts they carry.

use crate::fields::parse_text;
use crate::input::{num_text, text};
use crate::{DomainError, FieldErrors};
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

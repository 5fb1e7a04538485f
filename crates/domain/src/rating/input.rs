//! Rule sets, direct ratings, objections, answers, amount tables and batches as the page
//! forms and the API bodies give them, and their checks.

use super::period::Period;
use super::stars::{RuleSet, VetoPolicy, MAX_STAR};
use crate::fields::parse_text;
use crate::input::{loose_num_text, text};
use crate::money::Fen;
use crate::{DomainError, FieldErrors};
use serde::Deserialize;

/// A rule set as the form and the API body give it: thresholds in points (two decimals at
/// most), caps in whole percent; blank leaves a star without threshold or cap.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = RatingRuleBody))]
pub struct RuleInput {
    #[serde(default, deserialize_with = "text")]
    pub threshold_1: String,
    #[serde(default, deserialize_with = "text")]
    pub threshold_2: String,
    #[serde(default, deserialize_with = "text")]
    pub threshold_3: String,
    #[serde(default, deserialize_with = "text")]
    pub threshold_4: String,
    #[serde(default, deserialize_with = "text")]
    pub threshold_5: String,
    #[serde(default, deserialize_with = "text")]
    pub cap_1: String,
    #[serde(default, deserialize_with = "text")]
    pub cap_2: String,
    #[serde(default, deserialize_with = "text")]
    pub cap_3: String,
    #[serde(default, deserialize_with = "text")]
    pub cap_4: String,
    #[serde(default, deserialize_with = "text")]
    pub cap_5: String,
    /// `at_most_one` or `unrated`.
    #[serde(default, deserialize_with = "text")]
    pub veto_policy: String,
    /// `true`/`on` for at most one star up or down per period.
    #[serde(default, deserialize_with = "text")]
    pub step_limit: String,
    /// 0–30.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub notice_days: String,
}

/// Points with at most two decimals as hundredths (`90`, `85.5`, `72.25`).
pub fn parse_points(field: &str, s: &str) -> Result<Option<i64>, DomainError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || DomainError::field(field, "err.rating_points");
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty()
        || int.len() > 4
        || frac.len() > 2
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: i64 = int.parse().map_err(|_| bad())?;
    let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    Ok(Some(whole * 100 + cents))
}

fn parse_flag(s: &str) -> bool {
    matches!(s.trim(), "true" | "on" | "1" | "yes")
}

impl RuleInput {
    pub fn parse(&self) -> Result<RuleSet, DomainError> {
        let mut fe = FieldErrors::new();
        let th = [
            &self.threshold_1,
            &self.threshold_2,
            &self.threshold_3,
            &self.threshold_4,
            &self.threshold_5,
        ];
        let caps = [
            &self.cap_1,
            &self.cap_2,
            &self.cap_3,
            &self.cap_4,
            &self.cap_5,
        ];
        let mut rules = RuleSet {
            thresholds: [None; 5],
            caps: [None; 5],
            ..RuleSet::default()
        };
        for i in 0..5 {
            let f = format!("threshold_{}", i + 1);
            rules.thresholds[i] = fe.check(&f, parse_points(&f, th[i])).flatten();
            let f = format!("cap_{}", i + 1);
            match caps[i].trim() {
                "" => {}
                c => match c.trim_end_matches('%').parse::<u32>() {
                    Ok(v) => rules.caps[i] = Some(v),
                    Err(_) => fe.add(&f, "err.rating_cap_range"),
                },
            }
        }
        match VetoPolicy::from_code(self.veto_policy.trim()) {
            Some(v) => rules.veto = v,
            None if self.veto_policy.trim().is_empty() => {}
            None => fe.add("veto_policy", "err.choice"),
        }
        rules.step_limit = parse_flag(&self.step_limit);
        match self.notice_days.trim() {
            "" => fe.add("notice_days", "err.required"),
            d => match d.parse::<u32>() {
                Ok(v) => rules.notice_days = v,
                Err(_) => fe.add("notice_days", "err.rating_notice_days"),
            },
        }
        fe.into_result()?;
        rules.check()?;
        Ok(rules)
    }
}

/// A required period code under `field`.
pub fn parse_period(field: &str, s: &str) -> Result<Period, DomainError> {
    match s.trim() {
        "" => Err(DomainError::field(field, "err.required")),
        c => Period::parse(c).ok_or_else(|| DomainError::field(field, "err.rating_period")),
    }
}

/// A direct rating (直接定级) as given.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = DirectRatingBody))]
pub struct DirectInput {
    /// The organization rated.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub node_id: String,
    /// `2026`, `2026H1` or `2026Q3`.
    #[serde(default, deserialize_with = "text")]
    pub period: String,
    /// 1–5.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub star: String,
    /// Why (an honour such as 先进基层党组织), at most 200 characters.
    #[serde(default, deserialize_with = "text")]
    pub reason: String,
}

/// A checked direct rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Direct {
    pub node_id: i64,
    pub period: Period,
    pub star: u8,
    pub reason: String,
}

impl DirectInput {
    pub fn parse(&self) -> Result<Direct, DomainError> {
        let mut fe = FieldErrors::new();
        let node_id = self.node_id.trim().parse::<i64>().ok().filter(|v| *v > 0);
        if node_id.is_none() {
            fe.add("node_id", "err.required");
        }
        let period = fe.check("period", parse_period("period", &self.period));
        let star = self
            .star
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|s| (1..=MAX_STAR).contains(s));
        if star.is_none() {
            fe.add("star", "err.rating_star");
        }
        let reason = required_text(&mut fe, "reason", &self.reason, 200);
        fe.into_result()?;
        Ok(Direct {
            node_id: node_id.expect("checked"),
            period: period.expect("checked"),
            star: star.expect("checked"),
            reason: reason.expect("checked"),
        })
    }
}

/// A required text of at most `max` characters.
fn required_text(fe: &mut FieldErrors, field: &str, v: &str, max: usize) -> Option<String> {
    let key = if max <= 200 {
        "err.too_long_200"
    } else {
        "err.too_long_2000"
    };
    let t = fe.check(field, parse_text(field, v, max, key)).flatten();
    if t.is_none() && !fe.0.contains_key(field) {
        fe.add(field, "err.required");
    }
    t
}

/// An objection's or an answer's text.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = RatingTextBody))]
pub struct TextInput {
    /// At most 2 000 characters.
    #[serde(default, deserialize_with = "text")]
    pub body: String,
}

impl TextInput {
    pub fn parse(&self) -> Result<String, DomainError> {
        let mut fe = FieldErrors::new();
        let t = required_text(&mut fe, "body", &self.body, 2_000);
        fe.into_result()?;
        Ok(t.expect("checked"))
    }
}

/// An amount table for a period as given: yuan per worker for each star (blank: nothing).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = AllowanceAmountBody))]
pub struct AmountInput {
    #[serde(default, deserialize_with = "text")]
    pub period: String,
    #[serde(default, deserialize_with = "loose_num_text")]
    pub amount_1: String,
    #[serde(default, deserialize_with = "loose_num_text")]
    pub amount_2: String,
    #[serde(default, deserialize_with = "loose_num_text")]
    pub amount_3: String,
    #[serde(default, deserialize_with = "loose_num_text")]
    pub amount_4: String,
    #[serde(default, deserialize_with = "loose_num_text")]
    pub amount_5: String,
}

impl AmountInput {
    pub fn parse(&self) -> Result<(Period, super::AmountTable), DomainError> {
        let mut fe = FieldErrors::new();
        let period = fe.check("period", parse_period("period", &self.period));
        let given = [
            &self.amount_1,
            &self.amount_2,
            &self.amount_3,
            &self.amount_4,
            &self.amount_5,
        ];
        let mut table = [Fen::ZERO; 5];
        for (i, v) in given.iter().enumerate() {
            let f = format!("amount_{}", i + 1);
            if let Some(Some(fen)) = fe.check(&f, Fen::parse(&f, v)) {
                table[i] = fen;
            }
        }
        fe.into_result()?;
        Ok((period.expect("checked"), table))
    }
}

/// A batch to compute: the paying node and the period.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = AllowanceBatchBody))]
pub struct BatchInput {
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub node_id: String,
    #[serde(default, deserialize_with = "text")]
    pub period: String,
}

impl BatchInput {
    pub fn parse(&self) -> Result<(i64, Period), DomainError> {
        let mut fe = FieldErrors::new();
        let node_id = self.node_id.trim().parse::<i64>().ok().filter(|v| *v > 0);
        if node_id.is_none() {
            fe.add("node_id", "err.required");
        }
        let period = fe.check("period", parse_period("period", &self.period));
        fe.into_result()?;
        Ok((node_id.expect("checked"), period.expect("checked")))
    }
}

//! Mentorship (名师帮带) and training sessions (学习培训), two of the seven mechanisms of a
//! secretary studio [000].
//!
//! A mentorship is a pair (一对一带教 [001]) or a group ("1+5+N" [000]: one lead mentor, up to
//! five core apprentices and any number of others; "共带徒弟10人" [002]). It has session
//! records, a closing evaluation, and outcomes per apprentice (promoted, certified, took on a
//! sub-project [002], award).

use crate::fields::{parse_date, parse_text, required_past_date};
use crate::input::{opt_num_text, text};
use crate::{DomainError, FieldErrors};
use chrono::NaiveDate;
use serde::Deserialize;

/// `pair` (一对一带教) or `group` (1+5+N).
pub const SHAPES: [&str; 2] = ["pair", "group"];

/// An apprentice's tier in a group: one of the five core apprentices, or one of the N others.
pub const TIERS: [&str; 2] = ["core", "other"];

/// "1+5+N" [000]: one lead mentor, at most five core apprentices.
pub const MAX_CORE: usize = 5;

/// Closing evaluation: 优秀, 良好, 合格, 不合格.
pub const GRADES: [&str; 4] = ["excellent", "good", "pass", "fail"];

/// What an apprentice achieved: 晋升/提拔, 取得证书/技能等级, 承担子项目 [002], 获奖.
pub const OUTCOME_KINDS: [&str; 4] = ["promoted", "certified", "subproject", "award"];

/// Session hours are kept in tenths: 0.5 to 24 hours.
pub const MIN_HOURS_TENTHS: i32 = 5;
pub const MAX_HOURS_TENTHS: i32 = 240;

/// Most people one training session may expect.
pub const MAX_EXPECTED: i64 = 100_000;

// One apprentice as a form or an API body names them; the tier is blank when not given.
// (Kept out of the API schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = ApprenticeBody)
)]
pub struct ApprenticeInput {
    pub person_id: Option<i64>,
    /// `core` or `other`; blank is `core` in a pair and `other` in a group.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub tier: String,
}

/// A mentorship as a form or an API body gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MentorshipInput {
    pub title: String,
    pub mentor_id: Option<i64>,
    pub shape: String,
    pub apprentices: Vec<ApprenticeInput>,
    pub started_on: String,
    pub goals: String,
    pub plan: String,
    pub planned_end_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Apprentice {
    pub person_id: i64,
    pub tier: String,
}

/// A checked mentorship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentorship {
    pub title: String,
    pub mentor_id: i64,
    pub shape: String,
    pub apprentices: Vec<Apprentice>,
    pub started_on: NaiveDate,
    pub goals: String,
    pub plan: Option<String>,
    pub planned_end_on: Option<NaiveDate>,
}

/// Dates already recorded under a mentorship, which a changed start date must still precede.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recorded {
    /// The earliest session.
    pub first_session: Option<NaiveDate>,
    /// The earliest outcome.
    pub first_outcome: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

fn required_text(
    fe: &mut FieldErrors,
    field: &str,
    v: &str,
    max: usize,
    key: &str,
) -> Option<String> {
    match fe.check(field, parse_text(field, v, max, key)) {
        Some(None) => {
            fe.add(field, "err.required");
            None
        }
        other => other.flatten(),
    }
}

fn no_control(fe: &mut FieldErrors, field: &str, v: &Option<String>) {
    if v.as_deref()
        .is_some_and(|t| t.chars().any(char::is_control))
    {
        fe.add(field, "err.control_chars");
    }
}

fn choice(fe: &mut FieldErrors, field: &str, v: &str, allowed: &[&str]) -> Option<String> {
    let t = v.trim();
    if t.is_empty() {
        fe.add(field, "err.required");
        None
    } else if !allowed.contains(&t) {
        fe.add(field, "err.choice_invalid");
        None
    } else {
        Some(t.to_string())
    }
}

impl MentorshipInput {
    /// Checks every field at once. `recorded` holds the dates of what was already recorded
    /// (all `None` for a new mentorship).
    pub fn parse(&self, today: NaiveDate, recorded: Recorded) -> Result<Mentorship, DomainError> {
        let mut fe = FieldErrors::new();
        let title = required_text(&mut fe, "title", &self.title, 100, "err.too_long_100");
        no_control(&mut fe, "title", &title);
        if self.mentor_id.is_none() {
            fe.add("mentor_id", "err.required");
        }
        let shape = choice(&mut fe, "shape", &self.shape, &SHAPES);
        let started = required_past_date(&mut fe, "started_on", &self.started_on, today);
        let goals = required_text(&mut fe, "goals", &self.goals, 2000, "err.too_long_2000");
        let plan = fe
            .check(
                "plan",
                parse_text("plan", &self.plan, 5000, "err.ment_too_long_5000"),
            )
            .flatten();
        let planned_end = fe
            .check(
                "planned_end_on",
                parse_date("planned_end_on", &self.planned_end_on),
            )
            .flatten();
        if let Some(start) = started {
            if planned_end.is_some_and(|e| e < start) {
                fe.add("planned_end_on", "err.ment_end_before_start");
            }
            // Sessions, outcomes and the closing already recorded cannot fall before the start.
            let later = [
                recorded.first_session,
                recorded.first_outcome,
                recorded.closed_on,
            ];
            if later.into_iter().flatten().any(|d| d < start) {
                fe.add("started_on", "err.ment_start_after_records");
            }
        }
        let apprentices = shape
            .as_deref()
            .and_then(|sh| parse_apprentices(&mut fe, sh, self.mentor_id, &self.apprentices));
        fe.into_result()?;
        Ok(Mentorship {
            title: title.expect("checked"),
            mentor_id: self.mentor_id.expect("checked"),
            shape: shape.expect("checked"),
            apprentices: apprentices.expect("checked"),
            started_on: started.expect("checked"),
            goals: goals.expect("checked"),
            plan,
            planned_end_on: planned_end,
        })
    }
}

/// The apprentices of a mentorship of `shape`: a pair has exactly one; a group one or more,
/// at most [`MAX_CORE`] of them core. Nobody twice, and the mentor is nobody's apprentice.
fn parse_apprentices(
    fe: &mut FieldErrors,
    shape: &str,
    mentor: Option<i64>,
    list: &[ApprenticeInput],
) -> Option<Vec<Apprentice>> {
    let before = fe.0.len();
    if list.is_empty() {
        fe.add("apprentices", "err.ment_apprentice_required");
        return None;
    }
    if shape == "pair" && list.len() != 1 {
        fe.add("apprentices", "err.ment_pair_one_apprentice");
    }
    let mut out: Vec<Apprentice> = Vec::with_capacity(list.len());
    for (i, a) in list.iter().enumerate() {
        let pf = format!("apprentices.{i}.person_id");
        let tf = format!("apprentices.{i}.tier");
        let tier = match a.tier.trim() {
            "" if shape == "pair" => Some("core".to_string()),
            "" => Some("other".to_string()),
            t if TIERS.contains(&t) => Some(t.to_string()),
            _ => {
                fe.add(&tf, "err.choice_invalid");
                None
            }
        };
        let Some(pid) = a.person_id else {
            fe.add(&pf, "err.required");
            continue;
        };
        if Some(pid) == mentor {
            fe.add(&pf, "err.ment_mentor_is_apprentice");
        } else if out.iter().any(|o| o.person_id == pid) {
            fe.add(&pf, "err.ment_apprentice_twice");
        }
        if let Some(tier) = tier {
            out.push(Apprentice {
                person_id: pid,
                tier,
            });
        }
    }
    if shape == "group" && out.iter().filter(|a| a.tier == "core").count() > MAX_CORE {
        fe.add("apprentices", "err.ment_core_max_5");
    }
    (fe.0.len() == before).then_some(out)
}

// A session record as the API body gives it, read through its `Deserialize`: every field
// is blank when not given. (Kept out of the API schema's description, which is the body's
// own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = SessionBody))]
pub struct SessionInput {
    /// `YYYY-MM-DD`, between the start of the mentorship and today.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub held_on: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub content: String,
    /// 0.5 to 24, one decimal.
    #[serde(default, deserialize_with = "opt_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<Hours>))]
    pub hours: String,
}

/// Hours as a number (`1.5`) or as text (`"1.5"`).
#[cfg(feature = "schema")]
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum Hours {
    Number(f64),
    Text(String),
}

// The closing of a mentorship as the API body gives it: every field is blank when not
// given. (Kept out of the API schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = CloseBody))]
pub struct CloseInput {
    /// On or after the start and the last session, not in the future.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub closed_on: String,
    /// `excellent`, `good`, `pass` or `fail`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub grade: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub comment: String,
}

// An apprentice's outcome as the API body gives it: every field is blank when not given.
// (Kept out of the API schema's description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = OutcomeBody))]
pub struct OutcomeInput {
    /// One of the mentorship's apprentices.
    pub person_id: Option<i64>,
    /// `promoted`, `certified`, `subproject` or `award`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub kind: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub achieved_on: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub description: String,
}

/// A session record: held on a day between the start of the mentorship and today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub held_on: NaiveDate,
    pub content: String,
    pub hours_tenths: i32,
}

/// `closed_on`: the mentorship's closing date, if closed (a closed mentorship takes no new
/// sessions).
pub fn parse_session(
    held_on: &str,
    content: &str,
    hours: &str,
    started_on: NaiveDate,
    closed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<SessionRecord, DomainError> {
    if closed_on.is_some() {
        return Err(DomainError::Refused("rule.ment_closed_no_sessions"));
    }
    let mut fe = FieldErrors::new();
    let held = required_past_date(&mut fe, "held_on", held_on, today);
    if held.is_some_and(|d| d < started_on) {
        fe.add("held_on", "err.ment_session_before_start");
    }
    let content = required_text(&mut fe, "content", content, 2000, "err.too_long_2000");
    let hours = fe.check("hours", parse_hours(hours));
    fe.into_result()?;
    Ok(SessionRecord {
        held_on: held.expect("checked"),
        content: content.expect("checked"),
        hours_tenths: hours.expect("checked"),
    })
}

/// Hours with at most one decimal, 0.5 to 24, as tenths: `"1.5"` is 15.
pub fn parse_hours(s: &str) -> Result<i32, DomainError> {
    let t = s.trim();
    let bad = |k: &str| Err(DomainError::field("hours", k));
    if t.is_empty() {
        return bad("err.required");
    }
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f.trim_end_matches('0')),
        None => (t, ""),
    };
    let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 4 || !digits(whole) || !digits(frac) {
        return bad("err.ment_hours_format");
    }
    if frac.len() > 1 {
        return bad("err.ment_hours_one_decimal");
    }
    let tenths: i32 =
        whole.parse::<i32>().unwrap_or(i32::MAX / 20) * 10 + frac.parse::<i32>().unwrap_or(0);
    if !(MIN_HOURS_TENTHS..=MAX_HOURS_TENTHS).contains(&tenths) {
        return bad("err.ment_hours_range");
    }
    Ok(tenths)
}

/// Tenths of an hour as people write them: 15 → "1.5", 20 → "2".
pub fn hours_text(tenths: i32) -> String {
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// The closing evaluation of a mentorship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub closed_on: NaiveDate,
    pub grade: String,
    pub comment: String,
}

/// Closes a mentorship: on or after its start and every session, not in the future, once.
pub fn parse_closing(
    closed_on: &str,
    grade: &str,
    comment: &str,
    started_on: NaiveDate,
    last_session: Option<NaiveDate>,
    already_closed: bool,
    today: NaiveDate,
) -> Result<Closing, DomainError> {
    if already_closed {
        return Err(DomainError::Refused("rule.ment_already_closed"));
    }
    let mut fe = FieldErrors::new();
    let on = required_past_date(&mut fe, "closed_on", closed_on, today);
    if let Some(d) = on {
        if d < started_on {
            fe.add("closed_on", "err.ment_close_before_start");
        } else if last_session.is_some_and(|s| d < s) {
            fe.add("closed_on", "err.ment_close_before_session");
        }
    }
    let grade = choice(&mut fe, "grade", grade, &GRADES);
    let comment = required_text(&mut fe, "comment", comment, 2000, "err.too_long_2000");
    fe.into_result()?;
    Ok(Closing {
        closed_on: on.expect("checked"),
        grade: grade.expect("checked"),
        comment: comment.expect("checked"),
    })
}

/// What one apprentice achieved through a mentorship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub person_id: i64,
    pub kind: String,
    pub achieved_on: NaiveDate,
    pub description: String,
}

/// An outcome for one of `apprentices`, on or after the start; it may be recorded after the
/// mentorship closed (a promotion often follows the closing).
pub fn parse_outcome(
    person_id: Option<i64>,
    kind: &str,
    achieved_on: &str,
    description: &str,
    apprentices: &[i64],
    started_on: NaiveDate,
    today: NaiveDate,
) -> Result<Outcome, DomainError> {
    let mut fe = FieldErrors::new();
    match person_id {
        None => fe.add("person_id", "err.required"),
        Some(p) if !apprentices.contains(&p) => fe.add("person_id", "err.ment_not_apprentice"),
        Some(_) => {}
    }
    let kind = choice(&mut fe, "kind", kind, &OUTCOME_KINDS);
    let on = required_past_date(&mut fe, "achieved_on", achieved_on, today);
    if on.is_some_and(|d| d < started_on) {
        fe.add("achieved_on", "err.ment_outcome_before_start");
    }
    let description = required_text(&mut fe, "description", description, 500, "err.too_long_500");
    fe.into_result()?;
    Ok(Outcome {
        person_id: person_id.expect("checked"),
        kind: kind.expect("checked"),
        achieved_on: on.expect("checked"),
        description: description.expect("checked"),
    })
}

/// A training session (学习培训) as a form or an API body gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrainingInput {
    pub topic: String,
    pub held_on: String,
    pub expected: String,
    pub attended: String,
    pub place: String,
    pub summary: String,
    /// Shared with the studio's alliances as one of its methods.
    pub shared: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    pub topic: String,
    pub held_on: NaiveDate,
    pub expected: i32,
    pub attended: i32,
    pub place: Option<String>,
    pub summary: Option<String>,
    pub shared: bool,
}

fn count(fe: &mut FieldErrors, field: &str, v: &str) -> Option<i64> {
    let t = v.trim();
    if t.is_empty() {
        fe.add(field, "err.required");
        return None;
    }
    match t.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            fe.add(field, "err.number_invalid");
            None
        }
    }
}

impl TrainingInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Training, DomainError> {
        let mut fe = FieldErrors::new();
        let topic = required_text(&mut fe, "topic", &self.topic, 200, "err.train_too_long_200");
        no_control(&mut fe, "topic", &topic);
        let held = required_past_date(&mut fe, "held_on", &self.held_on, today);
        let expected = count(&mut fe, "expected", &self.expected);
        if expected.is_some_and(|n| !(1..=MAX_EXPECTED).contains(&n)) {
            fe.add("expected", "err.train_expected_range");
        }
        let attended = count(&mut fe, "attended", &self.attended);
        if attended.is_some_and(|n| n < 0) {
            fe.add("attended", "err.train_attended_negative");
        } else if let (Some(a), Some(e)) = (attended, expected) {
            if a > e {
                fe.add("attended", "err.train_attended_over_expected");
            }
        }
        let place = fe
            .check(
                "place",
                parse_text("place", &self.place, 200, "err.train_too_long_200"),
            )
            .flatten();
        let summary = fe
            .check(
                "summary",
                parse_text("summary", &self.summary, 5000, "err.ment_too_long_5000"),
            )
            .flatten();
        fe.into_result()?;
        Ok(Training {
            topic: topic.expect("checked"),
            held_on: held.expect("checked"),
            expected: expected.expect("checked") as i32,
            attended: attended.expect("checked") as i32,
            place,
            summary,
            shared: self.shared,
        })
    }
}

/// Attendance as a percentage with one decimal, rounded half up: 2 of 3 is 66.7. Nobody
/// expected is no attendance to speak of: 0.
pub fn attendance_rate(attended: i64, expected: i64) -> f64 {
    if expected <= 0 || attended <= 0 {
        return 0.0;
    }
    // Tenths of a percent, in integers so that 66.65 and the like round the same everywhere.
    let tenths = (attended * 2000 + expected) / (2 * expected);
    tenths as f64 / 10.0
}

mod changes;
#[cfg(test)]
mod tests;

pub use changes::{MentorshipPatch, TrainingPatch};

//! Mentorship (名师帮带) and training sessions (学习培训), two of the seven mechanisms of a
//! secretary studio [000].
//!
//! A mentorship is a pair (一对一带教 [001]) or a group ("1+5+N" [000]: one lead mentor, up to
//! five core apprentices and any number of others; "共带徒弟10人" [002]). It has session
//! records, a closing evaluation, and outcomes per apprentice (promoted, certified, took on a
//! sub-project [002], award).

use crate::fields::{parse_date, parse_text, required_past_date};
use crate::{DomainError, FieldErrors};
use chrono::NaiveDate;

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

/// One apprentice as a form or an API body names them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApprenticeInput {
    pub person_id: Option<i64>,
    /// `core` or `other`; blank means `core` in a pair and `other` in a group.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const TODAY: &str = "2025-06-30";

    fn ap(id: i64, tier: &str) -> ApprenticeInput {
        ApprenticeInput {
            person_id: Some(id),
            tier: tier.into(),
        }
    }

    fn input(shape: &str, apprentices: Vec<ApprenticeInput>) -> MentorshipInput {
        MentorshipInput {
            title: "数控车工一对一带教".into(),
            mentor_id: Some(1),
            shape: shape.into(),
            apprentices,
            started_on: "2025-01-10".into(),
            goals: "一年内独立完成精密零件加工".into(),
            plan: String::new(),
            planned_end_on: "2025-12-31".into(),
        }
    }

    fn fields(r: Result<Mentorship, DomainError>) -> Vec<(String, String)> {
        match r {
            Err(DomainError::Invalid(fe)) => fe.0.into_iter().collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_pair_has_exactly_one_apprentice_and_it_is_core() {
        let m = input("pair", vec![ap(2, "")])
            .parse(d(TODAY), Recorded::default())
            .unwrap();
        assert_eq!(
            m.apprentices,
            vec![Apprentice {
                person_id: 2,
                tier: "core".into()
            }]
        );
        assert_eq!(m.planned_end_on, Some(d("2025-12-31")));
        let e =
            fields(input("pair", vec![ap(2, ""), ap(3, "")]).parse(d(TODAY), Recorded::default()));
        assert_eq!(
            e,
            vec![("apprentices".into(), "err.ment_pair_one_apprentice".into())]
        );
        let e = fields(input("pair", vec![]).parse(d(TODAY), Recorded::default()));
        assert_eq!(
            e,
            vec![("apprentices".into(), "err.ment_apprentice_required".into())]
        );
    }

    #[test]
    fn a_group_is_one_lead_five_core_and_any_others() {
        // 1+5+N [000]: five core and seven others is fine.
        let mut list: Vec<ApprenticeInput> = (2..7).map(|i| ap(i, "core")).collect();
        list.extend((10..17).map(|i| ap(i, "")));
        let m = input("group", list.clone())
            .parse(d(TODAY), Recorded::default())
            .unwrap();
        assert_eq!(m.apprentices.iter().filter(|a| a.tier == "core").count(), 5);
        assert_eq!(
            m.apprentices.iter().filter(|a| a.tier == "other").count(),
            7
        );
        // A sixth core apprentice is one too many.
        list.push(ap(30, "core"));
        let e = fields(input("group", list).parse(d(TODAY), Recorded::default()));
        assert_eq!(
            e,
            vec![("apprentices".into(), "err.ment_core_max_5".into())]
        );
        // A group of one is still a group.
        assert!(input("group", vec![ap(2, "other")])
            .parse(d(TODAY), Recorded::default())
            .is_ok());
    }

    #[test]
    fn nobody_twice_and_the_mentor_is_not_an_apprentice() {
        let e = fields(
            input(
                "group",
                vec![ap(2, "core"), ap(1, "other"), ap(2, "other"), ap(4, "lead")],
            )
            .parse(d(TODAY), Recorded::default()),
        );
        assert_eq!(
            e,
            vec![
                (
                    "apprentices.1.person_id".into(),
                    "err.ment_mentor_is_apprentice".into()
                ),
                (
                    "apprentices.2.person_id".into(),
                    "err.ment_apprentice_twice".into()
                ),
                ("apprentices.3.tier".into(), "err.choice_invalid".into()),
            ]
        );
    }

    #[test]
    fn every_field_error_is_reported_at_once() {
        let m = MentorshipInput {
            title: " ".into(),
            mentor_id: None,
            shape: "trio".into(),
            apprentices: vec![ap(2, "")],
            started_on: "2025-07-01".into(),
            goals: String::new(),
            plan: "x".repeat(5001),
            planned_end_on: "2025-13-01".into(),
        };
        let e = fields(m.parse(d(TODAY), Recorded::default()));
        assert_eq!(
            e,
            vec![
                ("goals".into(), "err.required".into()),
                ("mentor_id".into(), "err.required".into()),
                ("plan".into(), "err.ment_too_long_5000".into()),
                ("planned_end_on".into(), "err.date_format".into()),
                ("shape".into(), "err.choice_invalid".into()),
                ("started_on".into(), "err.date_future".into()),
                ("title".into(), "err.required".into()),
            ]
        );
    }

    #[test]
    fn dates_keep_their_order() {
        let mut m = input("pair", vec![ap(2, "")]);
        m.planned_end_on = "2025-01-09".into();
        let e = fields(m.parse(d(TODAY), Recorded::default()));
        assert_eq!(
            e,
            vec![("planned_end_on".into(), "err.ment_end_before_start".into())]
        );
        // Moving the start after a recorded session is refused; onto it is fine.
        let m = input("pair", vec![ap(2, "")]);
        let rec = Recorded {
            first_session: Some(d("2025-01-05")),
            ..Recorded::default()
        };
        let e = fields(m.parse(d(TODAY), rec));
        assert_eq!(
            e,
            vec![("started_on".into(), "err.ment_start_after_records".into())]
        );
        let rec = Recorded {
            first_session: Some(d("2025-01-10")),
            first_outcome: Some(d("2025-03-01")),
            closed_on: Some(d("2025-06-01")),
        };
        assert!(m.parse(d(TODAY), rec).is_ok());
    }

    #[test]
    fn hours_have_one_decimal_between_half_an_hour_and_a_day() {
        assert_eq!(parse_hours("1.5"), Ok(15));
        assert_eq!(parse_hours(" 2 "), Ok(20));
        assert_eq!(parse_hours("2.50"), Ok(25));
        assert_eq!(parse_hours("0.5"), Ok(5));
        assert_eq!(parse_hours("24"), Ok(240));
        assert_eq!(parse_hours("24.0"), Ok(240));
        let key = |s: &str| match parse_hours(s) {
            Err(DomainError::Invalid(fe)) => fe.0["hours"].clone(),
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(key("0.4"), "err.ment_hours_range");
        assert_eq!(key("24.1"), "err.ment_hours_range");
        assert_eq!(key("0"), "err.ment_hours_range");
        assert_eq!(key("1.25"), "err.ment_hours_one_decimal");
        assert_eq!(key("-1"), "err.ment_hours_format");
        assert_eq!(key(".5"), "err.ment_hours_format");
        assert_eq!(key("1,5"), "err.ment_hours_format");
        assert_eq!(key("99999999"), "err.ment_hours_format");
        assert_eq!(key(""), "err.required");
        assert_eq!(hours_text(15), "1.5");
        assert_eq!(hours_text(20), "2");
    }

    #[test]
    fn sessions_fall_between_start_and_today_and_stop_at_closing() {
        let start = d("2025-01-10");
        let s = parse_session("2025-02-01", "讲解图纸", "1.5", start, None, d(TODAY)).unwrap();
        assert_eq!(s.hours_tenths, 15);
        let e = parse_session("2025-01-09", "讲解图纸", "2", start, None, d(TODAY));
        assert_eq!(
            e,
            Err(DomainError::field(
                "held_on",
                "err.ment_session_before_start"
            ))
        );
        let e = parse_session("2025-07-01", "讲解图纸", "2", start, None, d(TODAY));
        assert_eq!(e, Err(DomainError::field("held_on", "err.date_future")));
        let e = parse_session(
            "2025-02-01",
            "讲解图纸",
            "2",
            start,
            Some(d("2025-03-01")),
            d(TODAY),
        );
        assert_eq!(e, Err(DomainError::Refused("rule.ment_closed_no_sessions")));
    }

    #[test]
    fn closing_follows_start_and_every_session_once() {
        let start = d("2025-01-10");
        let last = Some(d("2025-05-01"));
        let c = parse_closing(
            "2025-05-01",
            "excellent",
            "圆满完成",
            start,
            last,
            false,
            d(TODAY),
        )
        .unwrap();
        assert_eq!(c.grade, "excellent");
        let e = parse_closing("2025-04-30", "good", "好", start, last, false, d(TODAY));
        assert_eq!(
            e,
            Err(DomainError::field(
                "closed_on",
                "err.ment_close_before_session"
            ))
        );
        let e = parse_closing("2025-01-01", "good", "好", start, None, false, d(TODAY));
        assert_eq!(
            e,
            Err(DomainError::field(
                "closed_on",
                "err.ment_close_before_start"
            ))
        );
        let e = parse_closing("2025-05-01", "perfect", "", start, last, false, d(TODAY));
        match e {
            Err(DomainError::Invalid(fe)) => {
                assert_eq!(fe.0["grade"], "err.choice_invalid");
                assert_eq!(fe.0["comment"], "err.required");
            }
            other => panic!("{other:?}"),
        }
        let e = parse_closing("2025-05-01", "pass", "好", start, last, true, d(TODAY));
        assert_eq!(e, Err(DomainError::Refused("rule.ment_already_closed")));
    }

    #[test]
    fn outcomes_belong_to_an_apprentice_after_the_start() {
        let start = d("2025-01-10");
        let o = parse_outcome(
            Some(2),
            "subproject",
            "2025-04-01",
            "承担子项目",
            &[2, 3],
            start,
            d(TODAY),
        )
        .unwrap();
        assert_eq!(o.kind, "subproject");
        let e = parse_outcome(
            Some(9),
            "promoted",
            "2025-04-01",
            "提拔",
            &[2, 3],
            start,
            d(TODAY),
        );
        assert_eq!(
            e,
            Err(DomainError::field("person_id", "err.ment_not_apprentice"))
        );
        let e = parse_outcome(
            Some(2),
            "award",
            "2025-01-01",
            "获奖",
            &[2],
            start,
            d(TODAY),
        );
        assert_eq!(
            e,
            Err(DomainError::field(
                "achieved_on",
                "err.ment_outcome_before_start"
            ))
        );
        let e = parse_outcome(
            Some(2),
            "medal",
            "2025-02-01",
            "获奖",
            &[2],
            start,
            d(TODAY),
        );
        assert_eq!(e, Err(DomainError::field("kind", "err.choice_invalid")));
    }

    #[test]
    fn attendance_rate_is_a_percentage_with_one_decimal() {
        assert_eq!(attendance_rate(2, 3), 66.7);
        assert_eq!(attendance_rate(1, 3), 33.3);
        assert_eq!(attendance_rate(30, 30), 100.0);
        assert_eq!(attendance_rate(0, 12), 0.0);
        assert_eq!(attendance_rate(1, 8), 12.5);
        // 1/16 = 6.25 %: half up to 6.3.
        assert_eq!(attendance_rate(1, 16), 6.3);
        assert_eq!(attendance_rate(5, 0), 0.0);
    }

    #[test]
    fn training_counts_are_checked_together() {
        let t = TrainingInput {
            topic: "学习贯彻党的二十届三中全会精神".into(),
            held_on: "2025-03-05".into(),
            expected: "40".into(),
            attended: "38".into(),
            place: "工作室会议室".into(),
            summary: String::new(),
            shared: true,
        }
        .parse(d(TODAY))
        .unwrap();
        assert_eq!((t.expected, t.attended, t.shared), (40, 38, true));
        assert_eq!(t.summary, None);
        let bad = TrainingInput {
            topic: String::new(),
            held_on: "2025-07-05".into(),
            expected: "10".into(),
            attended: "11".into(),
            ..TrainingInput::default()
        };
        match bad.parse(d(TODAY)) {
            Err(DomainError::Invalid(fe)) => {
                assert_eq!(fe.0["topic"], "err.required");
                assert_eq!(fe.0["held_on"], "err.date_future");
                assert_eq!(fe.0["attended"], "err.train_attended_over_expected");
            }
            other => panic!("{other:?}"),
        }
        let bad = TrainingInput {
            topic: "t".into(),
            held_on: "2025-03-05".into(),
            expected: "0".into(),
            attended: "x".into(),
            ..TrainingInput::default()
        };
        match bad.parse(d(TODAY)) {
            Err(DomainError::Invalid(fe)) => {
                assert_eq!(fe.0["expected"], "err.train_expected_range");
                assert_eq!(fe.0["attended"], "err.number_invalid");
            }
            other => panic!("{other:?}"),
        }
    }
}

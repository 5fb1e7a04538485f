//! An activity record (a meeting, a lecture, a 主题党日 …): one or more types — one 支部党员
//! 大会 with a 党课 keeps both obligations, each once —, when and where it was held, who
//! hosted, recorded and lectured, the topic and the minutes, and the attendance against the
//! roster of the organization's members on that day (应到, 实到, 请假 with a reason, 缺席).

use super::period::parse_held_at;
use crate::fields::parse_text;
use crate::input::{code_list, loose_num_text, text};
use crate::{DomainError, FieldErrors};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Days after it was recorded during which an activity may be changed by those who record
/// activities; later, only a superior (`cadence.manage` above the organization) changes it,
/// directly or by approving a change request.
pub const LOCK_DAYS: i64 = 30;

/// Most types one activity can carry.
pub const MAX_TYPES: usize = 5;

/// How a member on the roster took part.
pub const ATTENDANCE: [&str; 3] = ["present", "leave", "absent"];

// One member's attendance as the body gives it. (Kept out of the API schema's description.)
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = AttendanceBody))]
pub struct AttendanceInput {
    /// A person on the organization's roster that day.
    pub person_id: i64,
    /// `present`, `leave` or `absent`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub status: String,
    /// Why on leave (required for `leave`), at most 100 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub reason: String,
}

// An activity as the page form and the API body give it. (Kept out of the API schema's
// description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = ActivityBody))]
pub struct ActivityInput {
    /// The organization that held it.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub node_id: String,
    /// Codes of the `activity_type` dictionary (a list, or one text separated by commas).
    #[serde(default, deserialize_with = "code_list")]
    #[cfg_attr(feature = "schema", schema(value_type = Vec<String>))]
    pub types: Vec<String>,
    /// `YYYY-MM-DD HH:MM` in Beijing time, or a moment with its offset.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub held_at: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub place: String,
    /// The party-mass service centre it was held at (blank: none), one the organization may
    /// use: hosted at its node, above it or under it.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub centre_id: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub host: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub recorder: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub lecturer: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub topic: String,
    /// The minutes (会议记录), at most 20 000 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub minutes: String,
    /// Those on the roster who were on leave or absent, or all of them; anyone on the
    /// roster not listed was present.
    #[serde(default)]
    pub attendance: Vec<AttendanceInput>,
}

/// One member's checked attendance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendance {
    pub person_id: i64,
    pub status: String,
    pub reason: Option<String>,
}

/// A checked activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub node_id: i64,
    pub types: Vec<String>,
    pub held_at: NaiveDateTime,
    pub place: Option<String>,
    /// The service centre it was held at.
    pub centre_id: Option<i64>,
    pub host: Option<String>,
    pub recorder: Option<String>,
    pub lecturer: Option<String>,
    pub topic: String,
    pub minutes: Option<String>,
    pub attendance: Vec<Attendance>,
}

impl Activity {
    /// The day it was held (Beijing), which decides the periods it counts toward.
    pub fn held_on(&self) -> NaiveDate {
        self.held_at.date()
    }
}

fn parse_attendance(fe: &mut FieldErrors, given: &[AttendanceInput]) -> Vec<Attendance> {
    let mut out: Vec<Attendance> = Vec::with_capacity(given.len());
    for a in given {
        let status = a.status.trim();
        if !ATTENDANCE.contains(&status) {
            fe.add("attendance", "err.cadence_attendance");
            continue;
        }
        let reason = fe
            .check(
                "attendance",
                parse_text("attendance", &a.reason, 100, "err.too_long_100"),
            )
            .flatten();
        if status == "leave" && reason.is_none() {
            fe.add("attendance", "err.cadence_leave_reason");
        }
        if out.iter().any(|o| o.person_id == a.person_id) {
            fe.add("attendance", "err.cadence_attendance_twice");
            continue;
        }
        out.push(Attendance {
            person_id: a.person_id,
            status: status.to_string(),
            reason,
        });
    }
    out
}

impl ActivityInput {
    /// Checks the input against the known activity types; an activity is held on or before
    /// `today` (a plan is not a record).
    pub fn parse(&self, types: &[String], today: NaiveDate) -> Result<Activity, DomainError> {
        let mut fe = FieldErrors::new();
        let node_id = self.node_id.trim().parse::<i64>().ok().filter(|v| *v > 0);
        if node_id.is_none() {
            fe.add("node_id", "err.required");
        }
        let mut chosen: Vec<String> = Vec::new();
        for t in &self.types {
            let t = t.trim();
            if !t.is_empty() && !chosen.iter().any(|c| c == t) {
                chosen.push(t.to_string());
            }
        }
        if chosen.is_empty() {
            fe.add("types", "err.required");
        } else if chosen.len() > MAX_TYPES {
            fe.add("types", "err.cadence_types_many");
        } else if chosen.iter().any(|c| !types.contains(c)) {
            fe.add("types", "err.choice");
        }
        let held_at = match self.held_at.trim() {
            "" => {
                fe.add("held_at", "err.required");
                None
            }
            t => match parse_held_at(t) {
                Some(dt) if dt.date() > today => {
                    fe.add("held_at", "err.date_future");
                    None
                }
                Some(dt) => Some(dt),
                None => {
                    fe.add("held_at", "err.cadence_held_at");
                    None
                }
            },
        };
        let mut short = |field: &str, v: &str| {
            fe.check(field, parse_text(field, v, 100, "err.too_long_100"))
                .flatten()
        };
        let place = short("place", &self.place);
        let host = short("host", &self.host);
        let recorder = short("recorder", &self.recorder);
        let lecturer = short("lecturer", &self.lecturer);
        let topic = short("topic", &self.topic);
        if topic.is_none() && !fe.0.contains_key("topic") {
            fe.add("topic", "err.required");
        }
        let minutes = fe
            .check(
                "minutes",
                parse_text("minutes", &self.minutes, 20_000, "err.cadence_minutes_long"),
            )
            .flatten();
        let controls = [&self.place, &self.host, &self.recorder, &self.lecturer]
            .iter()
            .any(|v| v.chars().any(char::is_control));
        if controls {
            fe.add("place", "err.control_chars");
        }
        let centre_id = match self.centre_id.trim() {
            "" => None,
            t => match t.parse::<i64>() {
                Ok(v) if v > 0 => Some(v),
                _ => {
                    fe.add("centre_id", "err.number_invalid");
                    None
                }
            },
        };
        let attendance = parse_attendance(&mut fe, &self.attendance);
        fe.into_result()?;
        Ok(Activity {
            node_id: node_id.expect("checked"),
            types: chosen,
            held_at: held_at.expect("checked"),
            place,
            centre_id,
            host,
            recorder,
            lecturer,
            topic: topic.expect("checked"),
            minutes,
            attendance,
        })
    }
}

/// Whether an activity held on `held_on` and recorded on `recorded_on` (both Beijing days)
/// was entered late: after the end of the month it was held in, when the monthly checks of
/// that month were already due.
pub fn entered_late(held_on: NaiveDate, recorded_on: NaiveDate) -> bool {
    let month_end = super::period::Period::containing(super::period::Cycle::Month, held_on).end();
    recorded_on > month_end
}

/// Whether a record made on `recorded_on` is locked on `today`.
pub fn locked(recorded_on: NaiveDate, today: NaiveDate) -> bool {
    (today - recorded_on).num_days() > LOCK_DAYS
}

/// 应到, 实到, 请假, 缺席 of a roster of `expected` people of whom these were recorded on
/// leave or absent (everyone else on the roster was present).
pub fn attendance_counts(expected: usize, recorded: &[Attendance]) -> [i64; 4] {
    let leave = recorded.iter().filter(|a| a.status == "leave").count();
    let absent = recorded.iter().filter(|a| a.status == "absent").count();
    let present = expected.saturating_sub(leave + absent);
    [expected as i64, present as i64, leave as i64, absent as i64]
}

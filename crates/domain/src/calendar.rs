//! Working time (工作时间), shared by every time limit counted in working days or hours — first
//! those of service requests: "N 个工作小时内接单",
//! "M 个工作日内答复". The calendar is data: Saturdays and Sundays are rest days and
//! Monday–Friday working days, unless the year's schedule says otherwise — a public holiday
//! (法定节假日) on a weekday, or a weekend day made a working day (调休上班). The schedule is
//! published each year by the State Council (国务院办公厅关于 XXXX 年部分节假日安排的通知) and
//! entered by an administrator as text, one day a line.
//!
//! All times are local wall-clock times (the caller converts to Asia/Shanghai or the
//! deployment's zone before calling); nothing here reads a clock.

use crate::fields::{parse_date, parse_text};
use crate::input::text;
use crate::{DomainError, FieldErrors};
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::Deserialize;
use std::collections::BTreeMap;

mod inputs;
pub use inputs::{HoursInput, ScheduleInput};

/// What the schedule says about one date, overriding the weekday rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// 放假: no work, even on a weekday.
    Holiday,
    /// 上班: a working day, even on a Saturday or Sunday (调休).
    Workday,
}

impl DayKind {
    pub const ALL: [DayKind; 2] = [DayKind::Holiday, DayKind::Workday];

    pub fn code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }

    pub fn from_code(s: &str) -> Option<DayKind> {
        DayKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// One entry of a year's schedule: the date, what it is, and a note (the festival's name).
pub type DayEntry = (NaiveDate, DayKind, String);

/// The overrides of the weekday rule. Dates not listed follow it: Monday–Friday work,
/// Saturday and Sunday rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    pub days: BTreeMap<NaiveDate, DayKind>,
}

impl WorkCalendar {
    /// The plain weekday rule, with no holidays.
    pub fn new() -> Self {
        Self::default()
    }

    /// A calendar from parsed schedule entries (a later entry for the same date wins).
    pub fn from_entries<'a>(entries: impl IntoIterator<Item = &'a DayEntry>) -> Self {
        WorkCalendar {
            days: entries.into_iter().map(|(d, k, _)| (*d, *k)).collect(),
        }
    }

    pub fn is_workday(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => is_weekday(date),
        }
    }

    /// The first working day on or after `d`; `None` past the end of representable dates.
    fn workday_on_or_after(&self, mut d: NaiveDate) -> Option<NaiveDate> {
        // Any 7 consecutive days contain a weekday, so this ends once past the last override.
        while !self.is_workday(d) {
            d = d.succ_opt()?;
        }
        Some(d)
    }

    /// The `n`-th working day strictly after `d` (`n` ≥ 1). Whole weeks with no override in
    /// them are skipped five working days at a time, so the cost grows with the number of
    /// overrides crossed, not with `n`.
    fn nth_workday_after(&self, mut d: NaiveDate, n: u64) -> Option<NaiveDate> {
        let mut left = n;
        while left > 0 {
            if left > 5 {
                // Days strictly between `d` and the next override are plain weekday-rule days.
                let free = match self.days.range(d.succ_opt()?..).next() {
                    Some((h, _)) => (*h - d).num_days() - 1,
                    None => i64::MAX,
                };
                // Keep at least one working day to step onto, so we land on a working day.
                let weeks = (free / 7).min(((left - 1) / 5) as i64);
                if weeks > 0 {
                    d = d.checked_add_days(Days::new(weeks as u64 * 7))?;
                    left -= weeks as u64 * 5;
                    continue;
                }
            }
            d = d.succ_opt()?;
            if self.is_workday(d) {
                left -= 1;
            }
        }
        Some(d)
    }

    /// Working days in `[from, to)`; 0 when `to <= from`.
    fn workdays_in(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to <= from {
            return 0;
        }
        let span = (to - from).num_days();
        let mut n = span / 7 * 5;
        let mut d = from + Days::new((span / 7 * 7) as u64);
        while d < to {
            if is_weekday(d) {
                n += 1;
            }
            d = d.succ_opt().expect("before `to`");
        }
        for (date, kind) in self.days.range(from..to) {
            match (kind, is_weekday(*date)) {
                (DayKind::Holiday, true) => n -= 1,
                (DayKind::Workday, false) => n += 1,
                _ => {}
            }
        }
        n
    }
}

fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The working hours of a working day. Default 09:00–17:00: eight hours counted straight
/// through, with no lunch break taken out. Offices differ on the break (12:00–13:30,
/// 11:30–14:00 …) and a time limit counted in whole working days does not depend on it; one
/// span keeps "2 个工作小时" simple to state and to check. A deployment that wants the break
/// counted sets a shorter span (for instance 09:00–16:00 for seven hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkHours {
    start: NaiveTime,
    end: NaiveTime,
}

impl Default for WorkHours {
    fn default() -> Self {
        WorkHours {
            start: NaiveTime::from_hms_opt(9, 0, 0).expect("valid"),
            end: NaiveTime::from_hms_opt(17, 0, 0).expect("valid"),
        }
    }
}

impl WorkHours {
    /// The start must come before the end, on the same day.
    pub fn new(start: NaiveTime, end: NaiveTime) -> Result<WorkHours, DomainError> {
        if start >= end {
            return Err(DomainError::field("end", "err.work_hours_order"));
        }
        Ok(WorkHours { start, end })
    }

    pub fn start(&self) -> NaiveTime {
        self.start
    }

    pub fn end(&self) -> NaiveTime {
        self.end
    }

    /// Working minutes in one working day (480 by default).
    pub fn minutes_per_day(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }

    /// Seconds of `t`'s day worked before `t` (0 before the start, the whole day after the end).
    fn worked_before(&self, t: NaiveTime) -> i64 {
        (t.clamp(self.start, self.end) - self.start).num_seconds()
    }
}

/// The first working moment at or after `t`: `t` itself inside working hours of a working
/// day, else the start of the next working hours. 17:00 sharp is no longer working time.
pub fn next_working_moment(
    cal: &WorkCalendar,
    hours: &WorkHours,
    t: NaiveDateTime,
) -> NaiveDateTime {
    let d = t.date();
    if cal.is_workday(d) && t.time() < hours.end {
        return if t.time() < hours.start {
            d.and_time(hours.start)
        } else {
            t
        };
    }
    d.succ_opt()
        .and_then(|n| cal.workday_on_or_after(n))
        .map(|w| w.and_time(hours.start))
        .unwrap_or(NaiveDateTime::MAX)
}

/// The moment `minutes` working minutes have passed since `start`. A start outside working
/// time counts from the next working moment; a limit that ends exactly at the close of a day
/// ends at 17:00 that day, not at 09:00 the next. `minutes == 0` gives the next working
/// moment. Saturates at `NaiveDateTime::MAX`.
pub fn add_work_minutes(
    cal: &WorkCalendar,
    hours: &WorkHours,
    start: NaiveDateTime,
    minutes: u64,
) -> NaiveDateTime {
    let t = next_working_moment(cal, hours, start);
    if t == NaiveDateTime::MAX {
        return t;
    }
    // Counted in seconds, so a start at 16:59:30 has 30 seconds left that day.
    let per_day = hours.minutes_per_day() as u64 * 60;
    let wanted = minutes.saturating_mul(60);
    let today_left = (hours.end - t.time()).num_seconds() as u64;
    if wanted <= today_left {
        return t + chrono::Duration::seconds(wanted as i64);
    }
    let rest = wanted - today_left;
    // Whole or partial working days after t's day: the last one takes the remainder.
    let days = rest.div_ceil(per_day);
    let in_last = rest - (days - 1) * per_day;
    cal.nth_workday_after(t.date(), days)
        .map(|d| d.and_time(hours.start) + chrono::Duration::seconds(in_last as i64))
        .unwrap_or(NaiveDateTime::MAX)
}

/// The moment the `n`-th working hour after `start` ends (see [`add_work_minutes`]).
pub fn add_work_hours(
    cal: &WorkCalendar,
    hours: &WorkHours,
    start: NaiveDateTime,
    n: u32,
) -> NaiveDateTime {
    add_work_minutes(cal, hours, start, u64::from(n) * 60)
}

/// The end of working hours of the `n`-th working day after `start`'s day: the day of
/// receipt is not counted, as in "3 个工作日内答复" — received on Friday at any hour, due
/// Wednesday 17:00. `n == 0` gives the end of the first working day on or after `start`'s
/// day. Saturates at `NaiveDateTime::MAX`.
pub fn add_work_days(
    cal: &WorkCalendar,
    hours: &WorkHours,
    start: NaiveDateTime,
    n: u32,
) -> NaiveDateTime {
    let day = if n == 0 {
        cal.workday_on_or_after(start.date())
    } else {
        cal.nth_workday_after(start.date(), u64::from(n))
    };
    day.map(|d| d.and_time(hours.end))
        .unwrap_or(NaiveDateTime::MAX)
}

/// Whole working minutes from `a` to `b` (negative when `b` is before `a`): how late a step
/// is, in the time the handling unit actually had.
pub fn work_minutes_between(
    cal: &WorkCalendar,
    hours: &WorkHours,
    a: NaiveDateTime,
    b: NaiveDateTime,
) -> i64 {
    if b < a {
        return -work_minutes_between(cal, hours, b, a);
    }
    let worked_before = |t: NaiveDateTime| {
        if cal.is_workday(t.date()) {
            hours.worked_before(t.time())
        } else {
            0
        }
    };
    let seconds = cal.workdays_in(a.date(), b.date()) * hours.minutes_per_day() * 60
        - worked_before(a)
        + worked_before(b);
    // Whole minutes: a part-minute is not yet a minute late.
    seconds / 60
}

// One schedule entry as a form or the API body gives it, read from the body through its
// `Deserialize`: the kind must be sent, the note is blank when not given, and the date is
// named by the address. (Kept out of the API schema's description, which is the body's
// own.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = DayBody))]
pub struct DayInput {
    #[serde(skip)]
    pub date: String,
    /// `holiday` (放假, even on a weekday) or `workday` (上班, even on a weekend: 调休).
    pub kind: String,
    /// The festival, e.g. 春节 or 春节调休; at most 50 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub note: String,
}

impl DayInput {
    /// Date (any shape `people::parse_date` takes), kind `holiday` or `workday`, note up to
    /// 50 characters (the festival, e.g. 春节 or 春节调休).
    pub fn parse(&self) -> Result<DayEntry, DomainError> {
        let mut fe = FieldErrors::new();
        let date = fe.check("date", parse_date("date", &self.date)).flatten();
        if date.is_none() && !fe.0.contains_key("date") {
            fe.add("date", "err.required");
        }
        let kind = match self.kind.trim() {
            "" => {
                fe.add("kind", "err.required");
                None
            }
            k => DayKind::from_code(k).or_else(|| {
                fe.add("kind", "err.choice");
                None
            }),
        };
        let note = fe
            .check(
                "note",
                parse_text("note", &self.note, 50, "err.too_long_50"),
            )
            .flatten();
        fe.into_result()?;
        Ok((
            date.expect("checked"),
            kind.expect("checked"),
            note.unwrap_or_default(),
        ))
    }
}

/// A problem on one line of a schedule text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based, counting blank and comment lines, as an editor shows it.
    pub line: usize,
    pub field: String,
    pub key: String,
}

/// A year's schedule as text, one day a line: `2026-02-15 holiday 春节`,
/// `2026-02-28 workday 春节调休`. Blank lines and lines starting with `#` are ignored; the
/// note is the rest of the line and may be empty. Every bad line is reported (a date listed
/// twice is reported on its second line, `err.calendar_date_repeated`), and nothing is
/// returned unless all lines are good.
pub fn parse_schedule(text: &str) -> Result<Vec<DayEntry>, Vec<LineError>> {
    let mut out: Vec<DayEntry> = Vec::new();
    let mut errors = Vec::new();
    let mut seen: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let mut parts = t.splitn(3, char::is_whitespace);
        let input = DayInput {
            date: parts.next().unwrap_or("").to_string(),
            kind: parts.next().unwrap_or("").to_string(),
            note: parts.next().unwrap_or("").to_string(),
        };
        match input.parse() {
            Ok(entry) => {
                if seen.insert(entry.0, line).is_some() {
                    errors.push(LineError {
                        line,
                        field: "date".into(),
                        key: "err.calendar_date_repeated".into(),
                    });
                } else {
                    out.push(entry);
                }
            }
            Err(DomainError::Invalid(fe)) => errors.extend(
                fe.0.into_iter()
                    .map(|(field, key)| LineError { line, field, key }),
            ),
            Err(e) => errors.push(LineError {
                line,
                field: "line".into(),
                key: e.key().into(),
            }),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;

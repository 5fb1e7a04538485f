//! Working time (工作时间) for the time limits of service requests: "N 个工作小时内接单",
//! "M 个工作日内答复". The calendar is data: Saturdays and Sundays are rest days and
//! Monday–Friday working days, unless the year's schedule says otherwise — a public holiday
//! (法定节假日) on a weekday, or a weekend day made a working day (调休上班). The schedule is
//! published each year by the State Council (国务院办公厅关于 XXXX 年部分节假日安排的通知) and
//! entered by an administrator as text, one day a line.
//!
//! All times are local wall-clock times (the caller converts to Asia/Shanghai or the
//! deployment's zone before calling); nothing here reads a clock.

use crate::fields::{parse_date, parse_text};
use crate::{DomainError, FieldErrors};
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use std::collections::BTreeMap;

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

/// One schedule entry as a form gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayInput {
    pub date: String,
    pub kind: String,
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
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    /// The 2026 schedule as published in 国务院办公厅关于2026年部分节假日安排的通知
    /// (2025-11-04, gov.cn/zhengce/content/202511/content_7047090.htm), checked against the
    /// notice's text: 春节 2月15日（周日）至23日（周一）放假调休，共9天；2月14日（周六）、
    /// 2月28日（周六）上班. Only the lines the tests need, plus 元旦.
    const SCHEDULE_2026: &str = "\
# 2026 年部分节假日安排（国办，2025-11-04）
2026-01-01 holiday 元旦
2026-01-02 holiday 元旦
2026-01-03 holiday 元旦
2026-01-04 workday 元旦调休

2026-02-14 workday 春节调休
2026-02-15 holiday 春节
2026-02-16 holiday 春节
2026-02-17 holiday 春节
2026-02-18 holiday 春节
2026-02-19 holiday 春节
2026-02-20 holiday 春节
2026-02-21 holiday 春节
2026-02-22 holiday 春节
2026-02-23 holiday 春节
2026-02-28 workday 春节调休
";

    fn cal2026() -> WorkCalendar {
        WorkCalendar::from_entries(&parse_schedule(SCHEDULE_2026).unwrap())
    }

    #[test]
    fn weekday_rule_and_overrides() {
        let plain = WorkCalendar::new();
        assert!(plain.is_workday(d("2026-02-13"))); // Friday
        assert!(!plain.is_workday(d("2026-02-14"))); // Saturday
        let c = cal2026();
        assert!(c.is_workday(d("2026-02-14"))); // Saturday, 调休上班
        assert!(!c.is_workday(d("2026-02-16"))); // Monday, 春节
        assert!(!c.is_workday(d("2026-02-23"))); // Monday, 正月初七
        assert!(c.is_workday(d("2026-02-24")));
        assert!(!c.is_workday(d("2026-02-22"))); // Sunday, listed as holiday too
        assert!(c.is_workday(d("2026-02-28")));
        assert!(!c.is_workday(d("2026-03-01"))); // Sunday, no override
    }

    #[test]
    fn hours_across_a_weekend() {
        let (c, h) = (WorkCalendar::new(), WorkHours::default());
        // Friday 2026-03-06 15:00 + 4 working hours: 2 on Friday, 2 on Monday.
        assert_eq!(
            add_work_hours(&c, &h, t("2026-03-06 15:00"), 4),
            t("2026-03-09 11:00")
        );
        // Exactly the rest of Friday ends at 17:00 Friday, not 09:00 Monday.
        assert_eq!(
            add_work_hours(&c, &h, t("2026-03-06 15:00"), 2),
            t("2026-03-06 17:00")
        );
        // 16 hours = two whole days from Friday 09:00: Friday and Monday.
        assert_eq!(
            add_work_hours(&c, &h, t("2026-03-06 09:00"), 16),
            t("2026-03-09 17:00")
        );
        assert_eq!(
            add_work_hours(&c, &h, t("2026-03-06 09:00"), 17),
            t("2026-03-10 10:00")
        );
        // 3 working days from Friday: Monday, Tuesday, Wednesday.
        assert_eq!(
            add_work_days(&c, &h, t("2026-03-06 10:00"), 3),
            t("2026-03-11 17:00")
        );
        assert_eq!(
            work_minutes_between(&c, &h, t("2026-03-06 15:00"), t("2026-03-09 11:00")),
            240
        );
    }

    #[test]
    fn starts_outside_working_time() {
        let (c, h) = (cal2026(), WorkHours::default());
        // At night: counted from 09:00 the next working day.
        assert_eq!(
            add_work_hours(&c, &h, t("2026-03-03 22:30"), 2),
            t("2026-03-04 11:00")
        );
        // Early morning: from 09:00 that day.
        assert_eq!(
            add_work_hours(&c, &h, t("2026-03-04 06:00"), 2),
            t("2026-03-04 11:00")
        );
        // At exactly 17:00: the day is over.
        assert_eq!(
            add_work_hours(&c, &h, t("2026-03-04 17:00"), 1),
            t("2026-03-05 10:00")
        );
        assert_eq!(
            add_work_hours(&c, &h, t("2026-03-04 16:59"), 1),
            t("2026-03-05 09:59")
        );
        // On a holiday (元旦): from 09:00 on the 调休 Sunday, 2026-01-04.
        assert_eq!(
            add_work_hours(&c, &h, t("2026-01-01 10:00"), 2),
            t("2026-01-04 11:00")
        );
        // Zero hours: the next working moment.
        assert_eq!(
            add_work_hours(&c, &h, t("2026-03-04 17:00"), 0),
            t("2026-03-05 09:00")
        );
        // The day a request comes in is never counted, whatever the hour.
        assert_eq!(
            add_work_days(&c, &h, t("2026-03-04 23:00"), 1),
            t("2026-03-05 17:00")
        );
        assert_eq!(
            add_work_days(&c, &h, t("2026-03-04 00:00"), 1),
            t("2026-03-05 17:00")
        );
        assert_eq!(
            add_work_days(&c, &h, t("2026-03-07 12:00"), 0),
            t("2026-03-09 17:00")
        );
        assert_eq!(
            next_working_moment(&c, &h, t("2026-03-04 12:00")),
            t("2026-03-04 12:00")
        );
    }

    #[test]
    fn spring_festival_2026() {
        let (c, h) = (cal2026(), WorkHours::default());
        // Received Friday 2026-02-13; 3 working days: Saturday the 14th (调休上班), then the
        // festival runs to Monday the 23rd, so Tuesday 24th and Wednesday 25th.
        assert_eq!(
            add_work_days(&c, &h, t("2026-02-13 10:00"), 3),
            t("2026-02-25 17:00")
        );
        // 10 hours from Friday 16:00: 1 on Friday, 8 on Saturday the 14th, 1 on the 24th.
        assert_eq!(
            add_work_hours(&c, &h, t("2026-02-13 16:00"), 10),
            t("2026-02-24 10:00")
        );
        // Received on the festival: counted from the 24th.
        assert_eq!(
            add_work_hours(&c, &h, t("2026-02-17 09:30"), 2),
            t("2026-02-24 11:00")
        );
        assert_eq!(
            add_work_days(&c, &h, t("2026-02-17 09:30"), 1),
            t("2026-02-24 17:00")
        );
        // Five working days from the 24th: 25, 26, 27, Saturday 28 (调休), Monday 2 March.
        assert_eq!(
            add_work_days(&c, &h, t("2026-02-24 09:00"), 5),
            t("2026-03-02 17:00")
        );
        // Without the schedule, the same would be due on the 20th, in the middle of the festival.
        assert_eq!(
            add_work_days(&WorkCalendar::new(), &h, t("2026-02-13 10:00"), 5),
            t("2026-02-20 17:00")
        );
        // Working time from Friday 12:00 to Tuesday 24th 12:00: 5 h + 8 h (14th) + 3 h.
        assert_eq!(
            work_minutes_between(&c, &h, t("2026-02-13 12:00"), t("2026-02-24 12:00")),
            16 * 60
        );
        assert_eq!(
            work_minutes_between(&c, &h, t("2026-02-24 12:00"), t("2026-02-13 12:00")),
            -16 * 60
        );
        // Nothing is worked during the festival.
        assert_eq!(
            work_minutes_between(&c, &h, t("2026-02-15 00:00"), t("2026-02-23 23:59")),
            0
        );
    }

    #[test]
    fn minutes_between_agrees_with_adding() {
        let (c, h) = (cal2026(), WorkHours::default());
        let starts = [
            "2026-01-01 08:00",
            "2026-02-12 16:30",
            "2026-02-14 09:00",
            "2026-02-20 12:00",
            "2026-02-27 17:00",
        ];
        for s in starts {
            let s = t(s);
            let first = next_working_moment(&c, &h, s);
            for n in [1u64, 59, 60, 480, 481, 2400, 7 * 480 + 13, 40 * 480] {
                let end = add_work_minutes(&c, &h, s, n);
                assert_eq!(work_minutes_between(&c, &h, s, end), n as i64, "{s} + {n}");
                assert_eq!(work_minutes_between(&c, &h, first, end), n as i64);
            }
            for n in [1u32, 2, 5, 6, 11, 30, 200] {
                let end = add_work_days(&c, &h, s, n);
                assert_eq!(end.time(), h.end());
                let counted =
                    c.workdays_in(s.date().succ_opt().unwrap(), end.date().succ_opt().unwrap());
                assert_eq!(counted, i64::from(n), "{s} + {n} days");
                assert!(c.is_workday(end.date()));
            }
        }
    }

    #[test]
    fn long_spans_skip_weeks_but_count_overrides() {
        let c = cal2026();
        let h = WorkHours::default();
        // 2026 has 261 weekdays; the schedule above removes 1-2 Jan, 16-20 and 23 Feb (8)
        // and adds 4 Jan, 14 and 28 Feb (3).
        assert_eq!(c.workdays_in(d("2026-01-01"), d("2027-01-01")), 261 - 8 + 3);
        // The 256th working day after 31 Dec 2025 is the last working day of 2026.
        assert_eq!(
            add_work_days(&c, &h, t("2025-12-31 12:00"), 256),
            t("2026-12-31 17:00")
        );
        // A huge count saturates instead of overflowing, and without walking day by day.
        assert_eq!(
            add_work_hours(&c, &h, t("2026-03-04 10:00"), u32::MAX),
            NaiveDateTime::MAX
        );
        assert_eq!(
            add_work_days(&c, &h, t("2026-03-04 10:00"), 1_000_000).date(),
            d("2026-03-04") + Days::new(1_000_000 / 5 * 7)
        );
        assert_eq!(
            add_work_days(&c, &h, NaiveDate::MAX.and_hms_opt(12, 0, 0).unwrap(), 1),
            NaiveDateTime::MAX
        );
    }

    #[test]
    fn custom_working_hours() {
        let h = WorkHours::new(
            NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
            NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        )
        .unwrap();
        assert_eq!(h.minutes_per_day(), 210);
        let c = WorkCalendar::new();
        assert_eq!(
            add_work_hours(&c, &h, t("2026-03-04 11:00"), 2),
            t("2026-03-05 09:30")
        );
        assert_eq!(
            add_work_days(&c, &h, t("2026-03-04 11:00"), 1),
            t("2026-03-05 12:00")
        );
        assert_eq!(
            WorkHours::new(h.end(), h.start()),
            Err(DomainError::field("end", "err.work_hours_order"))
        );
        assert_eq!(WorkHours::default().minutes_per_day(), 480);
    }

    #[test]
    fn schedule_text_reports_each_bad_line() {
        let entries =
            parse_schedule("2026-02-15 holiday 春节\n\n# note\n2026/2/28 workday").unwrap();
        assert_eq!(
            entries,
            [
                (d("2026-02-15"), DayKind::Holiday, "春节".to_string()),
                (d("2026-02-28"), DayKind::Workday, String::new()),
            ]
        );
        let errs = parse_schedule(
            "2026-02-15 holiday 春节\n2026-02-30 holiday x\n2026-02-16 rest 春节\n\n2026-02-15 workday 重复\nholiday",
        )
        .unwrap_err();
        let got: Vec<(usize, &str, &str)> = errs
            .iter()
            .map(|e| (e.line, e.field.as_str(), e.key.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "date", "err.date_format"),
                (3, "kind", "err.choice"),
                (5, "date", "err.calendar_date_repeated"),
                (6, "date", "err.date_format"),
                (6, "kind", "err.required"),
            ]
        );
    }

    #[test]
    fn day_input() {
        let ok = DayInput {
            date: "2026-10-10".into(),
            kind: "workday".into(),
            note: " 国庆调休 ".into(),
        };
        assert_eq!(
            ok.parse().unwrap(),
            (d("2026-10-10"), DayKind::Workday, "国庆调休".to_string())
        );
        let bad = DayInput {
            date: "".into(),
            kind: "".into(),
            note: "长".repeat(51),
        };
        match bad.parse().unwrap_err() {
            DomainError::Invalid(fe) => {
                assert_eq!(fe.0["date"], "err.required");
                assert_eq!(fe.0["kind"], "err.required");
                assert_eq!(fe.0["note"], "err.too_long_50");
            }
            e => panic!("{e:?}"),
        }
        for k in DayKind::ALL {
            assert_eq!(DayKind::from_code(k.code()), Some(k));
        }
    }
}

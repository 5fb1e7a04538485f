//! The working calendar (工作日历) that every time limit is counted on: the days that
//! override the weekday rule — public holidays and the weekend days worked in exchange
//! (调休) — and the working hours of a working day. Everyone signed in reads it; changing it
//! needs `calendar.manage` over the whole tree. The schedule is published each year by the
//! State Council and entered by an administrator, a day at a time or a year's text at once.

use crate::audit::Entry;
use crate::entity::work_calendar::{day, hours};
use crate::kit::calendar::{load_calendar, HOURS_ROW};
use crate::kit::work::Work;
use crate::{now_ms, Result, Scoped, StorageError};
use chrono::{Datelike, NaiveDate, NaiveTime};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::calendar::{
    parse_schedule, DayEntry, DayInput, DayKind, LineError, WorkCalendar, WorkHours,
};
use touyan_domain::fields::parse_date;
use touyan_domain::FieldErrors;

/// The years a schedule may be kept for.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The longest schedule text an import takes: a year has at most 366 lines of a few dozen
/// characters each.
pub const IMPORT_MAX_CHARS: usize = 40_000;

/// One day of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CalendarDay {
    pub date: NaiveDate,
    /// `holiday` (放假) or `workday` (上班, 调休).
    pub kind: String,
    /// The festival, e.g. 春节 or 春节调休; may be empty.
    pub note: String,
    /// Unix milliseconds.
    pub updated_at: i64,
}

/// The working hours of every working day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HoursView {
    /// `HH:MM`.
    pub start: String,
    /// `HH:MM`.
    pub end: String,
    pub minutes_per_day: i64,
}

/// Working days in one month of a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MonthCount {
    /// 1 to 12.
    pub month: u32,
    pub days: u32,
    pub workdays: u32,
}

/// A year of the calendar as the page and the API show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CalendarYear {
    pub year: i32,
    /// The days of the year that override the weekday rule, in date order.
    pub entries: Vec<CalendarDay>,
    pub hours: HoursView,
    pub months: Vec<MonthCount>,
    /// Working days in the whole year.
    pub workdays: u32,
}

/// What an import did to its year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ImportSummary {
    pub year: i32,
    /// Entries of the year there were before (all replaced).
    pub replaced: u64,
    /// Entries of the year there are now.
    pub imported: u64,
}

pub struct CalendarRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl From<day::Model> for CalendarDay {
    fn from(m: day::Model) -> Self {
        CalendarDay {
            date: m.day,
            kind: m.kind,
            note: m.note,
            updated_at: m.updated_at,
        }
    }
}

impl From<WorkHours> for HoursView {
    fn from(h: WorkHours) -> Self {
        HoursView {
            start: h.start().format("%H:%M").to_string(),
            end: h.end().format("%H:%M").to_string(),
            minutes_per_day: h.minutes_per_day(),
        }
    }
}

fn day_json(date: NaiveDate, kind: &str, note: &str) -> serde_json::Value {
    json!({"date": date, "kind": kind, "note": note})
}

/// A time of day as `HH:MM` (a full-width colon is taken too), or the error's key.
fn parse_clock(s: &str) -> std::result::Result<NaiveTime, &'static str> {
    let t = s.trim().replace('：', ":");
    if t.is_empty() {
        return Err("err.required");
    }
    match t.split_once(':') {
        Some((h, m)) if (1..=2).contains(&h.len()) && m.len() == 2 => {
            NaiveTime::parse_from_str(&t, "%H:%M").map_err(|_| "err.calendar_time_format")
        }
        _ => Err("err.calendar_time_format"),
    }
}

/// Working hours as `HH:MM` texts: both well formed, the start before the end.
pub fn parse_hours(start: &str, end: &str) -> Result<WorkHours> {
    let mut fe = FieldErrors::new();
    let a = parse_clock(start).map_err(|k| fe.add("start", k)).ok();
    let b = parse_clock(end).map_err(|k| fe.add("end", k)).ok();
    if let (Some(a), Some(b)) = (a, b) {
        fe.check("end", WorkHours::new(a, b).map(|_| ()));
    }
    if !fe.is_empty() {
        return Err(StorageError::Invalid(fe));
    }
    Ok(WorkHours::new(a.expect("checked"), b.expect("checked"))?)
}

/// A year in the kept range, or the `year` field's error.
pub fn check_year(year: i32) -> Result<(NaiveDate, NaiveDate)> {
    if !YEARS.contains(&year) {
        return Err(StorageError::field("year", "err.year_range"));
    }
    Ok((
        NaiveDate::from_ymd_opt(year, 1, 1).expect("in range"),
        NaiveDate::from_ymd_opt(year, 12, 31).expect("in range"),
    ))
}

/// Working days per month of `year` under `cal`.
fn month_counts(cal: &WorkCalendar, year: i32) -> Vec<MonthCount> {
    let mut out: Vec<MonthCount> = (1..=12)
        .map(|month| MonthCount {
            month,
            days: 0,
            workdays: 0,
        })
        .collect();
    let (mut d, last) = (
        NaiveDate::from_ymd_opt(year, 1, 1).expect("in range"),
        NaiveDate::from_ymd_opt(year, 12, 31).expect("in range"),
    );
    while d <= last {
        let m = &mut out[d.month0() as usize];
        m.days += 1;
        if cal.is_workday(d) {
            m.workdays += 1;
        }
        d = d.succ_opt().expect("in range");
    }
    out
}

/// The errors of a year's schedule text, each under `line_<n>.<field>` (`line_7.date`).
fn line_errors(errors: impl IntoIterator<Item = LineError>) -> FieldErrors {
    let mut fe = FieldErrors::new();
    for e in errors {
        fe.add(&format!("line_{}.{}", e.line, e.field), &e.key);
    }
    fe
}

/// Parses a year's schedule: every line good, and every date inside `year`. All problems
/// are reported together, by line.
fn parse_year(year: i32, text: &str) -> Result<Vec<DayEntry>> {
    if text.chars().count() > IMPORT_MAX_CHARS {
        return Err(StorageError::field("text", "err.calendar_text_too_long"));
    }
    let parsed = parse_schedule(text);
    // Dates of another year, on lines that are good in themselves.
    let mut outside = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Ok(one) = parse_schedule(t) {
            if one.iter().any(|(d, _, _)| d.year() != year) {
                outside.push(LineError {
                    line: i + 1,
                    field: "date".into(),
                    key: "err.calendar_outside_year".into(),
                });
            }
        }
    }
    match parsed {
        Ok(entries) if outside.is_empty() => {
            if entries.is_empty() {
                Err(StorageError::field("text", "err.calendar_text_empty"))
            } else {
                Ok(entries)
            }
        }
        Ok(_) => Err(StorageError::Invalid(line_errors(outside))),
        Err(mut errors) => {
            errors.extend(outside);
            errors.sort_by_key(|e| e.line);
            Err(StorageError::Invalid(line_errors(errors)))
        }
    }
}

impl CalendarRepo<'_> {
    fn require_manage(&self) -> Result<()> {
        if self
            .s
            .actor
            .grants
            .allows_global(Permission::CalendarManage)
        {
            Ok(())
        } else {
            Err(StorageError::Forbidden)
        }
    }

    /// Whether the caller may change the calendar.
    pub fn can_manage(&self) -> bool {
        self.require_manage().is_ok()
    }

    /// The whole calendar and the working hours, to compute time limits with.
    pub async fn load(&self) -> Result<(WorkCalendar, WorkHours)> {
        load_calendar(self.s.db).await
    }

    /// The days of `year` that override the weekday rule, in date order.
    pub async fn entries(&self, year: i32) -> Result<Vec<CalendarDay>> {
        let (first, last) = check_year(year)?;
        let rows = day::Entity::find()
            .filter(day::Column::Day.between(first, last))
            .order_by_asc(day::Column::Day)
            .all(self.s.db)
            .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    pub async fn hours(&self) -> Result<HoursView> {
        Ok(self.load().await?.1.into())
    }

    /// A year with its overrides, the working hours and the working days per month.
    pub async fn year(&self, year: i32) -> Result<CalendarYear> {
        let entries = self.entries(year).await?;
        let hours = self.hours().await?;
        let cal = WorkCalendar {
            days: entries
                .iter()
                .filter_map(|e| DayKind::from_code(&e.kind).map(|k| (e.date, k)))
                .collect(),
        };
        let months = month_counts(&cal, year);
        Ok(CalendarYear {
            year,
            workdays: months.iter().map(|m| m.workdays).sum(),
            entries,
            hours,
            months,
        })
    }

    /// Sets one day (date in any shape `parse_date` takes, kind `holiday` or `workday`, a
    /// note of at most 50 characters), replacing what was there.
    pub async fn set(&self, input: &DayInput) -> Result<CalendarDay> {
        self.require_manage()?;
        let (date, kind, note) = input.parse()?;
        check_year(date.year()).map_err(|_| StorageError::field("date", "err.year_range"))?;
        let now = now_ms();
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let before = day::Entity::find_by_id(date).one(txn).await?;
        day::Entity::insert(day::ActiveModel {
            day: Set(date),
            kind: Set(kind.code().to_string()),
            note: Set(note.clone()),
            updated_at: Set(now),
            user_id: Set(self.s.actor.user_id),
        })
        .on_conflict(
            OnConflict::column(day::Column::Day)
                .update_columns([
                    day::Column::Kind,
                    day::Column::Note,
                    day::Column::UpdatedAt,
                    day::Column::UserId,
                ])
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
        work.record(Entry {
            action: if before.is_some() { "update" } else { "create" },
            record_type: "work_calendar",
            record_id: Some(date.to_string()),
            node: None,
            before: before.map(|b| day_json(b.day, &b.kind, &b.note)),
            after: Some(day_json(date, kind.code(), &note)),
        })
        .await?;
        work.commit().await?;
        Ok(CalendarDay {
            date,
            kind: kind.code().to_string(),
            note,
            updated_at: now,
        })
    }

    /// Removes a day's override: the day follows the weekday rule again. 404 when the day
    /// has none.
    pub async fn remove(&self, date: &str) -> Result<()> {
        self.require_manage()?;
        let date = parse_date("date", date)?.ok_or(StorageError::field("date", "err.required"))?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = day::Entity::find_by_id(date)
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        day::Entity::delete_by_id(date).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "work_calendar",
            record_id: Some(date.to_string()),
            node: None,
            before: Some(day_json(m.day, &m.kind, &m.note)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// Sets the working hours (`HH:MM` each; the start before the end).
    pub async fn set_hours(&self, start: &str, end: &str) -> Result<HoursView> {
        self.require_manage()?;
        let h = parse_hours(start, end)?;
        let view = HoursView::from(h);
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let before = hours::Entity::find_by_id(HOURS_ROW).one(txn).await?;
        hours::Entity::insert(hours::ActiveModel {
            id: Set(HOURS_ROW),
            day_start: Set(view.start.clone()),
            day_end: Set(view.end.clone()),
            updated_at: Set(now_ms()),
            user_id: Set(self.s.actor.user_id),
        })
        .on_conflict(
            OnConflict::column(hours::Column::Id)
                .update_columns([
                    hours::Column::DayStart,
                    hours::Column::DayEnd,
                    hours::Column::UpdatedAt,
                    hours::Column::UserId,
                ])
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
        work.record(Entry {
            action: "update",
            record_type: "work_hours",
            record_id: Some(HOURS_ROW.to_string()),
            node: None,
            before: before.map(|b| json!({"start": b.day_start, "end": b.day_end})),
            after: Some(json!({"start": view.start, "end": view.end})),
        })
        .await?;
        work.commit().await?;
        Ok(view)
    }

    /// Replaces `year`'s schedule with the one in `text` (one day a line:
    /// `2027-02-06 holiday 春节`; blank lines and `#` comments ignored). All or nothing: any
    /// bad line, or a date of another year, refuses the whole text, with every problem
    /// reported under `line_<n>.<field>`.
    pub async fn import_year(&self, year: i32, text: &str) -> Result<ImportSummary> {
        self.require_manage()?;
        let (first, last) = check_year(year)?;
        let entries = parse_year(year, text)?;
        let now = now_ms();
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let before = day::Entity::find()
            .filter(day::Column::Day.between(first, last))
            .order_by_asc(day::Column::Day)
            .all(txn)
            .await?;
        day::Entity::delete_many()
            .filter(day::Column::Day.between(first, last))
            .exec(txn)
            .await?;
        let rows = entries.iter().map(|(d, k, n)| day::ActiveModel {
            day: Set(*d),
            kind: Set(k.code().to_string()),
            note: Set(n.clone()),
            updated_at: Set(now),
            user_id: Set(self.s.actor.user_id),
        });
        day::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
        let mut after: Vec<&DayEntry> = entries.iter().collect();
        after.sort_by_key(|e| e.0);
        work.record(Entry {
            action: "import",
            record_type: "work_calendar",
            record_id: Some(year.to_string()),
            node: None,
            before: Some(
                before
                    .iter()
                    .map(|b| day_json(b.day, &b.kind, &b.note))
                    .collect(),
            ),
            after: Some(
                after
                    .iter()
                    .map(|(d, k, n)| day_json(*d, k.code(), n))
                    .collect(),
            ),
        })
        .await?;
        work.commit().await?;
        Ok(ImportSummary {
            year,
            replaced: before.len() as u64,
            imported: entries.len() as u64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_and_hours() {
        assert_eq!(
            parse_hours("08:30", "17：30").unwrap(),
            WorkHours::new(
                NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
                NaiveTime::from_hms_opt(17, 30, 0).unwrap()
            )
            .unwrap()
        );
        match parse_hours("9h", "") {
            Err(StorageError::Invalid(fe)) => {
                assert_eq!(fe.0["start"], "err.calendar_time_format");
                assert_eq!(fe.0["end"], "err.required");
            }
            r => panic!("{r:?}"),
        }
        match parse_hours("17:00", "09:00") {
            Err(StorageError::Invalid(fe)) => assert_eq!(fe.0["end"], "err.work_hours_order"),
            r => panic!("{r:?}"),
        }
        assert!(parse_hours("25:00", "26:00").is_err());
        assert!(parse_hours("09:00:00", "17:00").is_err());
        assert_eq!(parse_hours("9:00", "17:00").unwrap(), WorkHours::default());
        assert!(parse_hours("9:0", "17:00").is_err());
    }

    #[test]
    fn a_year_text_is_checked_line_by_line() {
        let ok = parse_year(
            2027,
            "# 2027\n2027-01-01 holiday 元旦\n\n2027-02-20 workday",
        )
        .unwrap();
        assert_eq!(ok.len(), 2);
        match parse_year(
            2027,
            "2027-01-01 holiday 元旦\n2026-12-31 holiday 跨年\n2027-13-01 holiday x\n2027-01-01 workday",
        ) {
            Err(StorageError::Invalid(fe)) => {
                let got: Vec<(&str, &str)> =
                    fe.0.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                assert_eq!(
                    got,
                    [
                        ("line_2.date", "err.calendar_outside_year"),
                        ("line_3.date", "err.date_format"),
                        ("line_4.date", "err.calendar_date_repeated"),
                    ]
                );
            }
            r => panic!("{r:?}"),
        }
        match parse_year(2027, "# nothing\n\n") {
            Err(StorageError::Invalid(fe)) => assert_eq!(fe.0["text"], "err.calendar_text_empty"),
            r => panic!("{r:?}"),
        }
        assert!(parse_year(2027, &"x".repeat(IMPORT_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn months_count_working_days() {
        let mut cal = WorkCalendar::new();
        // 2026-02: 20 weekdays; the festival takes 6 (16–20, 23), 14 and 28 are worked.
        for d in [16, 17, 18, 19, 20, 23] {
            cal.days.insert(
                NaiveDate::from_ymd_opt(2026, 2, d).unwrap(),
                DayKind::Holiday,
            );
        }
        for d in [14, 28] {
            cal.days.insert(
                NaiveDate::from_ymd_opt(2026, 2, d).unwrap(),
                DayKind::Workday,
            );
        }
        let m = month_counts(&cal, 2026);
        assert_eq!(m[1].days, 28);
        assert_eq!(m[1].workdays, 20 - 6 + 2);
        assert_eq!(m[2].workdays, 22);
        assert_eq!(m.iter().map(|m| m.days).sum::<u32>(), 365);
    }
}

/// The area's repositories, reached from the caller's scoped handle.
impl<'a> crate::Scoped<'a> {
    pub fn calendar(self) -> CalendarRepo<'a> {
        CalendarRepo { s: self }
    }
}

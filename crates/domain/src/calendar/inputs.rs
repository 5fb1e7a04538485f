//! What the calendar's writes take besides one day ([`super::DayInput`]), each read from
//! the API body through its `Deserialize`: the working hours and a year's schedule as text. (Each type's schema
//! description is the API body's own, so the types carry line comments.)

use serde::Deserialize;

// The working hours of every working day.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = HoursBody))]
pub struct HoursInput {
    /// `HH:MM`, e.g. `09:00`.
    pub start: String,
    /// `HH:MM`, after the start, e.g. `17:00`.
    pub end: String,
}

// A year's schedule as text, replacing the year's days.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = ImportBody))]
pub struct ScheduleInput {
    pub year: i32,
    /// One day a line: `2027-02-06 holiday 春节`, `2027-02-14 workday 春节调休`; blank lines
    /// and lines starting with `#` are ignored.
    pub text: String,
}

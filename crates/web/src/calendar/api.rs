//! The working calendar over the API: a year's holidays and 调休 working days with the
//! working hours and working days per month, changes to single days, the working hours, a
//! year's schedule imported as text, and a due time computed on the stored calendar.

use crate::api::{ApiJson, ApiQuery};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::require::require;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Json;
use chrono::{Datelike, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};
use touyan_domain::access::Permission;
use touyan_domain::calendar::{
    add_work_days, add_work_hours, next_working_moment, work_minutes_between, DayInput, HoursInput,
    ScheduleInput,
};
use touyan_domain::FieldErrors;
use touyan_storage::calendar::{CalendarDay, CalendarYear, HoursView, ImportSummary};
use touyan_storage::kit::today;
use touyan_storage::StorageError;
use utoipa::OpenApi;

/// The most working days the due-time helper counts.
pub const MAX_DAYS: u32 = 365;
/// The most working hours the due-time helper counts.
pub const MAX_HOURS: u32 = 2400;

pub fn routes() -> crate::routes::Routes {
    let manage = || require(Permission::CalendarManage);
    crate::routes::Routes::new()
        .route("/v1/calendar", get(year))
        .route(
            "/v1/calendar/days/{date}",
            put(set_day).delete(remove_day).route_layer(manage()),
        )
        .route("/v1/calendar/hours", put(set_hours).route_layer(manage()))
        .route("/v1/calendar/import", post(import).route_layer(manage()))
        .route("/v1/calendar/due", get(due))
}

#[derive(OpenApi)]
#[openapi(
    paths(year, set_day, remove_day, set_hours, import, due),
    components(schemas(CalendarYear, CalendarDay, HoursView, ImportSummary, DueView)),
    tags((name = "calendar", description = "The working calendar (工作日历) every time limit is counted on: public holidays and weekend days made working days (调休), as published each year by the State Council, and the working hours. Everyone signed in reads it; changes need `calendar.manage` over the whole tree (403 otherwise).")),
)]
pub struct Doc;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// 2000 to 2100; this year (Beijing time) when absent.
    year: Option<i32>,
}

/// A year: the days overriding the weekday rule, the working hours, and working days per
/// month.
#[utoipa::path(get, path = "/api/v1/calendar", tag = "calendar", params(YearQuery),
    responses((status = 200, body = CalendarYear), (status = 422, body = crate::api::ErrorBody)))]
pub async fn year(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> WebResult<Json<CalendarYear>> {
    let y = q.year.unwrap_or_else(|| today().year());
    Ok(Json(st.store.scoped(&me.actor).calendar().year(y).await?))
}

/// Sets one day, replacing what was there.
#[utoipa::path(put, path = "/api/v1/calendar/days/{date}", tag = "calendar", request_body = DayInput,
    params(("date" = String, Path, description = "YYYY-MM-DD")),
    responses((status = 200, body = CalendarDay), (status = 403, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn set_day(
    State(st): State<AppState>,
    me: Authed,
    Path(date): Path<String>,
    ApiJson(b): ApiJson<DayInput>,
) -> WebResult<Json<CalendarDay>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .calendar()
            .set(&DayInput { date, ..b })
            .await?,
    ))
}

/// Removes a day's override: it follows the weekday rule again (404 when it has none).
#[utoipa::path(delete, path = "/api/v1/calendar/days/{date}", tag = "calendar",
    params(("date" = String, Path, description = "YYYY-MM-DD")),
    responses((status = 204), (status = 403, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody)))]
pub async fn remove_day(
    State(st): State<AppState>,
    me: Authed,
    Path(date): Path<String>,
) -> WebResult<StatusCode> {
    st.store.scoped(&me.actor).calendar().remove(&date).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets the working hours of every working day.
#[utoipa::path(put, path = "/api/v1/calendar/hours", tag = "calendar", request_body = HoursInput,
    responses((status = 200, body = HoursView), (status = 403, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn set_hours(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<HoursInput>,
) -> WebResult<Json<HoursView>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .calendar()
            .set_hours(&b.start, &b.end)
            .await?,
    ))
}

/// Replaces a year's schedule with the text's. All or nothing: a bad line or a date of
/// another year refuses the whole text with 422, and `error.fields` names every problem as
/// `line_<n>.<field>` → message, e.g. `"line_3.date": "日期格式应为 YYYY-MM-DD"` (`n` counts
/// every line from 1, blank and comment lines included; `field` is `date`, `kind` or `note`).
/// An empty schedule is refused under `text`.
#[utoipa::path(post, path = "/api/v1/calendar/import", tag = "calendar", request_body = ScheduleInput,
    responses((status = 200, body = ImportSummary), (status = 403, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn import(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(b): ApiJson<ScheduleInput>,
) -> WebResult<Json<ImportSummary>> {
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .calendar()
            .import_year(b.year, &b.text)
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DueQuery {
    /// Local time `YYYY-MM-DDTHH:MM` (a space instead of `T` works too); now, Beijing time,
    /// when absent.
    from: Option<String>,
    /// Working days, 0 to 365: due at the end of working hours of the n-th working day after
    /// `from`'s day (the day of receipt is not counted).
    days: Option<String>,
    /// Working hours, 0 to 2400, counted from the first working moment at or after `from`.
    hours: Option<String>,
}

/// A due time computed on the stored calendar.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DueView {
    /// `YYYY-MM-DDTHH:MM`.
    pub from: String,
    /// The first working moment at or after `from`, where working time starts counting.
    pub counted_from: String,
    pub days: Option<u32>,
    pub hours: Option<u32>,
    /// `YYYY-MM-DDTHH:MM`.
    pub due: String,
    /// Working minutes from `from` to `due`.
    pub working_minutes: i64,
}

const MINUTE: &str = "%Y-%m-%dT%H:%M";

/// A local date and time to the minute, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DD HH:MM`.
pub fn parse_moment(s: &str) -> Option<NaiveDateTime> {
    let t = s.trim().replacen(' ', "T", 1);
    NaiveDateTime::parse_from_str(&t, MINUTE)
        .ok()
        .filter(|d| (1900..=2200).contains(&d.year()))
}

/// A count between 0 and `max`, or the field's error.
fn count(
    fe: &mut FieldErrors,
    field: &str,
    v: &Option<String>,
    max: u32,
    key: &str,
) -> Option<u32> {
    let t = v.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
    match t.parse::<u32>() {
        Ok(n) if n <= max => Some(n),
        _ => {
            fe.add(field, key);
            None
        }
    }
}

/// The due time `days` working days or `hours` working hours (one of the two) after `from`.
#[utoipa::path(get, path = "/api/v1/calendar/due", tag = "calendar", params(DueQuery),
    responses((status = 200, body = DueView), (status = 422, body = crate::api::ErrorBody)))]
pub async fn due(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<DueQuery>,
) -> WebResult<Json<DueView>> {
    let mut fe = FieldErrors::new();
    let from = match q.from.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => {
            let now = (chrono::Utc::now() + chrono::Duration::hours(8)).naive_utc();
            now.date()
                .and_hms_opt(now.hour(), now.minute(), 0)
                .unwrap_or(now)
        }
        Some(t) => parse_moment(t).unwrap_or_else(|| {
            fe.add("from", "err.calendar_moment_format");
            NaiveDateTime::MIN
        }),
    };
    let days = count(
        &mut fe,
        "days",
        &q.days,
        MAX_DAYS,
        "err.calendar_days_range",
    );
    let hours = count(
        &mut fe,
        "hours",
        &q.hours,
        MAX_HOURS,
        "err.calendar_hours_range",
    );
    let given = |v: &Option<String>| v.as_deref().is_some_and(|t| !t.trim().is_empty());
    if given(&q.days) == given(&q.hours) {
        fe.add("days", "err.calendar_days_or_hours");
    }
    if !fe.is_empty() {
        return Err(StorageError::Invalid(fe).into());
    }
    let (cal, wh) = st.store.scoped(&me.actor).calendar().load().await?;
    let due = match (days, hours) {
        (Some(n), _) => add_work_days(&cal, &wh, from, n),
        (None, Some(n)) => add_work_hours(&cal, &wh, from, n),
        (None, None) => {
            return Err(StorageError::field("days", "err.calendar_days_or_hours").into())
        }
    };
    Ok(Json(DueView {
        from: from.format(MINUTE).to_string(),
        counted_from: next_working_moment(&cal, &wh, from)
            .format(MINUTE)
            .to_string(),
        days,
        hours,
        due: due.format(MINUTE).to_string(),
        working_minutes: work_minutes_between(&cal, &wh, from, due),
    }))
}

/// The area's part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    <Doc as utoipa::OpenApi>::openapi()
}

//! The working-calendar page (whole-tree `calendar.manage`): a year as month grids with
//! weekends, holidays and 调休 working days marked, a form for one day, the working hours,
//! and a year's schedule imported as text with its errors shown line by line.

use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::pages::{form_failure, render, see_other, Errors, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::calendar::DayInput;
use touyan_domain::fields::parse_date;
use touyan_storage::calendar::{check_year, CalendarDay, CalendarYear};
use touyan_storage::kit::today;
use touyan_storage::StorageError;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/calendar", get(index))
        .route("/calendar/days", post(set_day))
        .route("/calendar/days/delete", post(remove_day))
        .route("/calendar/hours", post(set_hours))
        .route("/calendar/import", post(import))
}

/// One day of a month grid.
struct Cell {
    day: u32,
    date: String,
    /// CSS classes: `rest` (Saturday or Sunday), `holiday`, `workday` (a weekend day worked).
    class: String,
    /// A one-character mark: 休 or 班 (translated), empty on a plain day.
    mark: &'static str,
    note: String,
    today: bool,
}

struct MonthGrid {
    month: u32,
    workdays: u32,
    /// Weeks from Monday to Sunday; `None` outside the month.
    weeks: Vec<Vec<Option<Cell>>>,
}

/// One override as the list under the grid shows it.
struct Row {
    date: String,
    weekday: &'static str,
    kind: String,
    kind_label: &'static str,
    note: String,
}

#[derive(Deserialize, Default)]
struct DayForm {
    year: Option<String>,
    date: Option<String>,
    kind: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize, Default)]
struct HoursForm {
    year: Option<String>,
    start: Option<String>,
    end: Option<String>,
}

#[derive(Deserialize, Default)]
struct ImportForm {
    year: Option<String>,
    text: Option<String>,
}

#[derive(Deserialize)]
struct Q {
    year: Option<String>,
    /// A day to put into the day form (a click on the grid).
    date: Option<String>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "calendar/calendar.html")]
struct CalendarPage {
    l: Layout,
    year: i32,
    cal: CalendarYear,
    grids: Vec<MonthGrid>,
    weekdays: Vec<&'static str>,
    rows: Vec<Row>,
    /// Which form failed: `day`, `remove`, `hours`, `import`, or empty.
    failed: &'static str,
    day: DayForm,
    hours: HoursForm,
    import: ImportForm,
    errors: Errors,
    /// The import's problems, one per bad line and field, in line order.
    line_errors: Vec<String>,
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn weekday_key(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "cal.wd_mon",
        Weekday::Tue => "cal.wd_tue",
        Weekday::Wed => "cal.wd_wed",
        Weekday::Thu => "cal.wd_thu",
        Weekday::Fri => "cal.wd_fri",
        Weekday::Sat => "cal.wd_sat",
        Weekday::Sun => "cal.wd_sun",
    }
}

/// The twelve month grids of a year, marked from its overrides.
fn grids(cal: &CalendarYear, tr: Tr) -> Vec<MonthGrid> {
    let marks: BTreeMap<NaiveDate, &CalendarDay> =
        cal.entries.iter().map(|e| (e.date, e)).collect();
    let now = today();
    cal.months
        .iter()
        .map(|m| {
            let first = NaiveDate::from_ymd_opt(cal.year, m.month, 1).expect("a month of the year");
            let mut weeks: Vec<Vec<Option<Cell>>> = Vec::new();
            let mut week: Vec<Option<Cell>> = (0..first.weekday().num_days_from_monday())
                .map(|_| None)
                .collect();
            for d in first.iter_days().take_while(|d| d.month() == m.month) {
                let rest = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
                let entry = marks.get(&d);
                let mut class = String::from(if rest { "rest" } else { "" });
                let mark = match entry.map(|e| e.kind.as_str()) {
                    Some("holiday") => {
                        class.push_str(" holiday");
                        tr.t("cal.mark_holiday")
                    }
                    Some("workday") => {
                        class.push_str(" workday");
                        tr.t("cal.mark_workday")
                    }
                    _ => "",
                };
                week.push(Some(Cell {
                    day: d.day(),
                    date: d.to_string(),
                    class: class.trim().to_string(),
                    mark,
                    note: entry.map(|e| e.note.clone()).unwrap_or_default(),
                    today: d == now,
                }));
                if week.len() == 7 {
                    weeks.push(std::mem::take(&mut week));
                }
            }
            if !week.is_empty() {
                week.resize_with(7, || None);
                weeks.push(week);
            }
            MonthGrid {
                month: m.month,
                workdays: m.workdays,
                weeks,
            }
        })
        .collect()
}

/// The year's overrides as schedule text, to edit and import again.
fn schedule_text(cal: &CalendarYear) -> String {
    cal.entries
        .iter()
        .map(|e| {
            if e.note.is_empty() {
                format!("{} {}\n", e.date, e.kind)
            } else {
                format!("{} {} {}\n", e.date, e.kind, e.note)
            }
        })
        .collect()
}

/// `line_<n>.<field>` errors as sentences in line order; the other fields stay in `errors`.
fn split_line_errors(errors: &mut BTreeMap<String, String>, tr: Tr) -> Vec<String> {
    let mut lines: Vec<(usize, String, String)> = Vec::new();
    errors.retain(|k, msg| {
        let parsed = k
            .strip_prefix("line_")
            .and_then(|r| r.split_once('.'))
            .and_then(|(n, f)| n.parse::<usize>().ok().map(|n| (n, f.to_string())));
        match parsed {
            Some((n, f)) => {
                lines.push((n, f, msg.clone()));
                false
            }
            None => true,
        }
    });
    lines.sort();
    lines
        .into_iter()
        .map(|(n, field, msg)| {
            let label = match field.as_str() {
                "date" => tr.t("cal.date"),
                "kind" => tr.t("cal.kind"),
                "note" => tr.t("cal.note"),
                _ => "",
            };
            tr.tf(
                "cal.line_error",
                &[
                    ("line", &n.to_string()),
                    ("field", label),
                    ("message", &msg),
                ],
            )
        })
        .collect()
}

/// The year a form or link names, this year when it names none or a bad one.
fn year_of(v: &Option<String>) -> i32 {
    v.as_deref()
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| check_year(*y).is_ok())
        .unwrap_or_else(|| today().year())
}

struct View {
    year: i32,
    flash: Option<String>,
    failed: &'static str,
    day: DayForm,
    hours: HoursForm,
    import: ImportForm,
    errors: BTreeMap<String, String>,
    status: StatusCode,
}

impl View {
    fn new(year: i32) -> View {
        View {
            year,
            flash: None,
            failed: "",
            day: DayForm::default(),
            hours: HoursForm::default(),
            import: ImportForm::default(),
            errors: BTreeMap::new(),
            status: StatusCode::OK,
        }
    }
}

async fn show(st: &AppState, me: &Me, mut v: View) -> WebResult<Response> {
    let repo = st.store.scoped(&me.actor).calendar();
    if !repo.can_manage() {
        return Err(WebError::Storage(StorageError::NotFound));
    }
    let tr = me.ctx.tr();
    let cal = repo.year(v.year).await?;
    let l =
        Layout::new(&me.ctx, "calendar", "cal.title", "/calendar").with_flash(v.flash.as_deref());
    if v.failed != "hours" {
        v.hours.start = Some(cal.hours.start.clone());
        v.hours.end = Some(cal.hours.end.clone());
    }
    if v.failed != "import" {
        v.import.year = Some(v.year.to_string());
        v.import.text = Some(schedule_text(&cal));
    }
    if v.failed != "day" && v.day.kind.is_none() {
        // A day picked on the grid: its override, or the usual change for its weekday.
        if let Some(d) = v
            .day
            .date
            .as_deref()
            .and_then(|d| parse_date("date", d).ok().flatten())
        {
            let entry = cal.entries.iter().find(|e| e.date == d);
            let rest = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            v.day.kind = Some(match entry {
                Some(e) => e.kind.clone(),
                None if rest => "workday".into(),
                None => "holiday".into(),
            });
            v.day.note = entry.map(|e| e.note.clone());
        }
    }
    let line_errors = split_line_errors(&mut v.errors, tr);
    let rows = cal
        .entries
        .iter()
        .map(|e| Row {
            date: e.date.to_string(),
            weekday: tr.t(weekday_key(e.date.weekday())),
            kind: e.kind.clone(),
            kind_label: tr.t(&format!("cal.kind_{}", e.kind)),
            note: e.note.clone(),
        })
        .collect();
    let page = CalendarPage {
        grids: grids(&cal, tr),
        weekdays: WEEKDAYS.iter().map(|w| tr.t(weekday_key(*w))).collect(),
        rows,
        year: v.year,
        cal,
        l,
        failed: v.failed,
        day: v.day,
        hours: v.hours,
        import: v.import,
        errors: Errors(v.errors),
        line_errors,
    };
    Ok(render(v.status, &page))
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<Q>) -> WebResult<Response> {
    let mut v = View::new(year_of(&q.year));
    v.flash = q.ok;
    v.day.date = q.date;
    show(&st, &me, v).await
}

/// Shows the page again with the failed form's input and errors (422), or the error itself
/// when it is not about the form.
async fn fail(st: &AppState, me: &Me, mut v: View, e: WebError) -> WebResult<Response> {
    v.errors = form_failure(e, me.ctx.tr())?;
    v.status = StatusCode::UNPROCESSABLE_ENTITY;
    show(st, me, v).await
}

fn done(year: i32, ok: &str) -> Response {
    see_other(&format!("/calendar?year={year}&ok={ok}"))
}

fn text(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

async fn set_day(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<DayForm>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .calendar()
        .set(&DayInput {
            date: text(&f.date).to_string(),
            kind: text(&f.kind).to_string(),
            note: text(&f.note).to_string(),
        })
        .await;
    match r {
        // Back to the year of the day just set.
        Ok(d) => Ok(done(d.date.year(), "ok.saved")),
        Err(e) => {
            let mut v = View::new(year_of(&f.year));
            v.failed = "day";
            v.day = f;
            fail(&st, &me, v, e.into()).await
        }
    }
}

async fn remove_day(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<DayForm>,
) -> WebResult<Response> {
    let year = year_of(&f.year);
    match st
        .store
        .scoped(&me.actor)
        .calendar()
        .remove(text(&f.date))
        .await
    {
        Ok(()) => Ok(done(year, "ok.deleted")),
        Err(e) => {
            let mut v = View::new(year);
            v.failed = "remove";
            v.day = f;
            fail(&st, &me, v, e.into()).await
        }
    }
}

async fn set_hours(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<HoursForm>,
) -> WebResult<Response> {
    let year = year_of(&f.year);
    let r = st
        .store
        .scoped(&me.actor)
        .calendar()
        .set_hours(text(&f.start), text(&f.end))
        .await;
    match r {
        Ok(_) => Ok(done(year, "ok.saved")),
        Err(e) => {
            let mut v = View::new(year);
            v.failed = "hours";
            v.hours = f;
            fail(&st, &me, v, e.into()).await
        }
    }
}

async fn import(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<ImportForm>,
) -> WebResult<Response> {
    let r = async {
        let year = match text(&f.year).trim() {
            "" => return Err(StorageError::field("year", "err.required").into()),
            y => y
                .parse::<i32>()
                .map_err(|_| StorageError::field("year", "err.year_range"))?,
        };
        let s = st
            .store
            .scoped(&me.actor)
            .calendar()
            .import_year(year, text(&f.text))
            .await?;
        Ok::<_, WebError>(s)
    }
    .await;
    match r {
        Ok(s) => Ok(done(s.year, "ok.cal_imported")),
        Err(e) => {
            let mut v = View::new(year_of(&f.year));
            v.failed = "import";
            v.import = f;
            fail(&st, &me, v, e).await
        }
    }
}

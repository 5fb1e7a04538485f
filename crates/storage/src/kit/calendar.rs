//! Reading the working calendar (工作日历) that time limits are counted on: the days that
//! override the weekday rule and the working hours. The calendar area keeps and edits it;
//! any area that counts working time reads it here.

use crate::entity::work_calendar::{day, hours};
use crate::Result;
use chrono::NaiveTime;
use sea_orm::{ConnectionTrait, EntityTrait};
use touyan_domain::calendar::{DayKind, WorkCalendar, WorkHours};

/// The one row of `work_hours`.
pub(crate) const HOURS_ROW: i32 = 1;

/// The whole calendar and the working hours, for computing time limits. Needs no caller:
/// time limits are counted the same for everyone, and background work calls it too.
pub(crate) async fn load_calendar<C: ConnectionTrait>(
    conn: &C,
) -> Result<(WorkCalendar, WorkHours)> {
    let rows = day::Entity::find().all(conn).await?;
    let mut cal = WorkCalendar::new();
    for r in rows {
        if let Some(k) = DayKind::from_code(&r.kind) {
            cal.days.insert(r.day, k);
        }
    }
    let hours = hours::Entity::find_by_id(HOURS_ROW)
        .one(conn)
        .await?
        .and_then(|h| stored_hours(&h))
        .unwrap_or_default();
    Ok((cal, hours))
}

fn stored_hours(m: &hours::Model) -> Option<WorkHours> {
    let a = NaiveTime::parse_from_str(&m.day_start, "%H:%M").ok()?;
    let b = NaiveTime::parse_from_str(&m.day_end, "%H:%M").ok()?;
    WorkHours::new(a, b).ok()
}

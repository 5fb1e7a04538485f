//! Activity records read: listed and read in the caller's scope, with the roster of the day
//! they were held. Writing them is in `activity_write`. A record older than the lock period
//! is changed only by a superior.

use super::CadenceRepo;
use crate::entity::cadence_tables::{cadence_activity as activity, cadence_attendance as att};
use crate::entity::person;
use crate::kit::sql::{like_expr, node_names, nonblank};
use crate::kit::today;
use crate::scope::within;
use crate::{fetch_page, Page, Result};
use chrono::NaiveDate;
use sea_orm::sea_query::{Condition, Expr, LikeExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::cadence::locked;
use touyan_domain::paging::PageRequest;
use touyan_domain::tree::TreePath;

/// The most people a roster lists (a very large organization records its attendance in
/// its own branches).
const ROSTER_CAP: u64 = 2_000;

/// Members are full (正式) and probationary (预备) party members.
const MEMBER_STATUSES: [&str; 2] = ["full", "probationary"];

/// An activity as lists and pages show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ActivityView {
    pub id: i64,
    pub node_id: i64,
    pub node_name: String,
    /// Activity-type codes.
    pub types: Vec<String>,
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub held_at: String,
    pub held_on: NaiveDate,
    pub place: Option<String>,
    /// The service centre it was held at, with its name.
    pub centre_id: Option<i64>,
    pub centre_name: Option<String>,
    pub host: Option<String>,
    pub recorder: Option<String>,
    pub lecturer: Option<String>,
    pub topic: String,
    pub minutes: Option<String>,
    /// 应到, 实到, 请假, 缺席.
    pub expected: i64,
    pub present: i64,
    pub on_leave: i64,
    pub absent: i64,
    /// Entered after the month it was held in had ended.
    pub late: bool,
    pub recorded_on: NaiveDate,
    pub recorded_by: String,
    /// Past the lock period: only a superior changes it.
    pub locked: bool,
    /// The roster of its day with each person's attendance (on a single record's read).
    pub attendance: Vec<AttendanceView>,
}

/// One person of an activity's roster.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttendanceView {
    pub person_id: i64,
    pub name: String,
    /// `present`, `leave` or `absent`.
    pub status: String,
    pub reason: Option<String>,
}

/// A member on an organization's roster on a day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RosterEntry {
    pub person_id: i64,
    pub name: String,
    /// `full` or `probationary`.
    pub status: String,
}

#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub under: Option<i64>,
    /// An activity-type code.
    pub activity_type: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Part of the topic.
    pub q: Option<String>,
    pub late: Option<bool>,
    /// Only those with a change request waiting on a decision.
    pub pending_change: bool,
    /// Only those held at this service centre.
    pub centre_id: Option<i64>,
}

/// Activities whose comma-joined types include the code `t` exactly.
pub(super) fn has_type(t: &str) -> Condition {
    let escaped: String = t
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            _ => vec![c],
        })
        .collect();
    let like = |p: String| Expr::col(activity::Column::Types).like(LikeExpr::new(p).escape('\\'));
    Condition::any()
        .add(activity::Column::Types.eq(t))
        .add(like(format!("{escaped},%")))
        .add(like(format!("%,{escaped}")))
        .add(like(format!("%,{escaped},%")))
}

/// The members filed at the node `path` or under it who were members on `on`: full or
/// probationary now, admitted on or before the day (or with no admission day recorded).
pub(super) async fn roster_at<C: ConnectionTrait>(
    conn: &C,
    path: &TreePath,
    on: NaiveDate,
) -> Result<Vec<person::Model>> {
    let admitted = Condition::any()
        .add(person::Column::ProbationOn.lte(on))
        .add(
            Condition::all()
                .add(person::Column::ProbationOn.is_null())
                .add(
                    Condition::any()
                        .add(person::Column::FullOn.is_null())
                        .add(person::Column::FullOn.lte(on)),
                ),
        );
    Ok(person::Entity::find()
        .filter(within(person::Column::NodePath, path))
        .filter(person::Column::Status.is_in(MEMBER_STATUSES))
        .filter(admitted)
        .order_by_asc(person::Column::NodePath)
        .order_by_asc(person::Column::Id)
        .limit(ROSTER_CAP)
        .all(conn)
        .await?)
}

impl CadenceRepo<'_> {
    /// The roster of node `id` on `on`: whom an activity held there that day expects.
    pub async fn roster(&self, id: i64, on: NaiveDate) -> Result<Vec<RosterEntry>> {
        let p = self
            .s
            .orgs()
            .path_of_readable(id, Permission::CadenceRead)
            .await?;
        Ok(roster_at(self.s.db, &p, on)
            .await?
            .into_iter()
            .map(|m| RosterEntry {
                person_id: m.id,
                name: m.name,
                status: m.status,
            })
            .collect())
    }

    /// The service centres an activity of node `id` may be held at (see
    /// [`crate::kit::area::UsableCentresFn`]).
    pub async fn usable_centres(&self, id: i64) -> Result<Vec<crate::kit::area::CentreRef>> {
        use sea_orm::TransactionTrait;
        let p = self
            .s
            .orgs()
            .path_of_readable(id, Permission::CadenceRead)
            .await?;
        let txn = self.s.db.begin().await?;
        let out = crate::areas::usable_centres(&txn, &p).await?;
        txn.commit().await?;
        Ok(out)
    }

    async fn select(&self, f: &ActivityFilter) -> Result<sea_orm::Select<activity::Entity>> {
        let seen = self.s.list_filter::<activity::Entity>(f.under).await?;
        let mut q = activity::Entity::find().filter(seen);
        if let Some(t) = nonblank(&f.q) {
            q = q.filter(like_expr(activity::Column::Topic, &t));
        }
        if let Some(t) = nonblank(&f.activity_type) {
            q = q.filter(has_type(&t));
        }
        if let Some(d) = f.from {
            q = q.filter(activity::Column::HeldOn.gte(d));
        }
        if let Some(d) = f.to {
            q = q.filter(activity::Column::HeldOn.lte(d));
        }
        if let Some(l) = f.late {
            q = q.filter(activity::Column::Late.eq(l));
        }
        if let Some(c) = f.centre_id {
            q = q.filter(activity::Column::CentreId.eq(c));
        }
        if f.pending_change {
            q = q.filter(super::change::with_pending_change());
        }
        Ok(q)
    }

    fn ordered(q: sea_orm::Select<activity::Entity>) -> sea_orm::Select<activity::Entity> {
        q.order_by_desc(activity::Column::HeldAt)
            .order_by_desc(activity::Column::Id)
    }

    pub async fn activities(
        &self,
        f: &ActivityFilter,
        page: PageRequest,
    ) -> Result<Page<ActivityView>> {
        let mut p = fetch_page(self.s.db, self.select(f).await?, Self::ordered, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    /// Up to `cap` activities for an export, in list order.
    pub async fn all_activities(&self, f: &ActivityFilter, cap: u64) -> Result<Vec<ActivityView>> {
        let rows = Self::ordered(self.select(f).await?)
            .limit(cap)
            .all(self.s.db)
            .await?;
        self.views(rows).await
    }

    /// Activity `id` with its roster and attendance, and whether the caller may change it.
    pub async fn activity(&self, id: i64) -> Result<(ActivityView, bool)> {
        let (m, path) = self
            .s
            .load_for_read::<activity::Entity, _>(self.s.db, id)
            .await?;
        let can = self.may_change(&m, &path);
        let rows = att::Entity::find()
            .filter(att::Column::ActivityId.eq(id))
            .order_by_asc(att::Column::PersonId)
            .all(self.s.db)
            .await?;
        let mut v = self.views(vec![m]).await?.remove(0);
        v.attendance = rows
            .into_iter()
            .map(|a| AttendanceView {
                person_id: a.person_id,
                name: a.person_name,
                status: a.status,
                reason: a.reason,
            })
            .collect();
        Ok((v, can))
    }

    /// Whether the caller reads activity `id` (not found otherwise).
    pub async fn check_activity(&self, id: i64) -> Result<()> {
        self.s
            .load_for_read::<activity::Entity, _>(self.s.db, id)
            .await
            .map(drop)
    }

    /// Those who record activities change one until it locks; then only a superior does.
    pub(super) fn may_change(&self, m: &activity::Model, path: &TreePath) -> bool {
        if locked(m.recorded_on, today()) {
            self.superior(path)
        } else {
            self.s.actor.can(Permission::CadenceWrite, path)
        }
    }

    /// Whether the caller is a superior of the organization at `path` (`cadence.manage` over
    /// its parent): who changes its locked records and decides change requests to them.
    pub(super) fn superior(&self, path: &TreePath) -> bool {
        path.parent()
            .is_some_and(|p| self.s.actor.can(Permission::CadenceManage, &p))
    }

    async fn views(&self, rows: Vec<activity::Model>) -> Result<Vec<ActivityView>> {
        let names = node_names(self.s.db, rows.iter().map(|m| m.node_id).collect()).await?;
        let mut centre_ids: Vec<i64> = rows.iter().filter_map(|m| m.centre_id).collect();
        centre_ids.sort_unstable();
        centre_ids.dedup();
        let centres: HashMap<i64, String> = crate::areas::centres_by_id(self.s.db, &centre_ids)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let day = today();
        Ok(rows
            .into_iter()
            .map(|m| ActivityView {
                id: m.id,
                node_name: names.get(&m.node_id).cloned().unwrap_or_default(),
                node_id: m.node_id,
                types: m.types.split(',').map(str::to_string).collect(),
                held_at: m.held_at.format("%Y-%m-%d %H:%M").to_string(),
                held_on: m.held_on,
                place: m.place,
                centre_name: m.centre_id.and_then(|c| centres.get(&c).cloned()),
                centre_id: m.centre_id,
                host: m.host,
                recorder: m.recorder,
                lecturer: m.lecturer,
                topic: m.topic,
                minutes: m.minutes,
                expected: m.expected,
                present: m.present,
                on_leave: m.on_leave,
                absent: m.absent,
                late: m.late,
                locked: locked(m.recorded_on, day),
                recorded_on: m.recorded_on,
                recorded_by: m.recorded_by,
                attendance: Vec::new(),
            })
            .collect())
    }
}

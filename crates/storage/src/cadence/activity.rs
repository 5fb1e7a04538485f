//! Activity records: listed and read in the caller's scope, recorded against the roster of
//! the day they were held, changed and removed — each in one audited unit of work that also
//! brings the kept per-day counts up to date. A record older than the lock period is changed
//! only by a superior.

use super::CadenceRepo;
use crate::audit::Entry;
use crate::entity::cadence_tables::cadence_count as count;
use crate::entity::cadence_tables::{cadence_activity as activity, cadence_attendance as att};
use crate::entity::person;
use crate::kit::lookup::node_for;
use crate::kit::sql::{like_expr, node_names, nonblank};
use crate::kit::today;
use crate::kit::work::Work;
use crate::scope::within;
use crate::{fetch_page, now_ms, Page, Result, StorageError};
use chrono::NaiveDate;
use sea_orm::sea_query::{Condition, Expr, LikeExpr, OnConflict};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::cadence::{attendance_counts, entered_late, locked, Activity};
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
}

fn activity_json(m: &activity::Model) -> serde_json::Value {
    json!({"node_id": m.node_id, "types": m.types, "held_at": m.held_at.format("%Y-%m-%d %H:%M").to_string(),
           "place": m.place, "host": m.host, "recorder": m.recorder, "lecturer": m.lecturer,
           "topic": m.topic, "expected": m.expected, "present": m.present,
           "on_leave": m.on_leave, "absent": m.absent, "late": m.late})
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

/// Adds `sign` (1 or -1) to the kept count of each of the activity's types on its day.
pub(super) async fn bump<C: ConnectionTrait>(
    conn: &C,
    m: &activity::Model,
    sign: i64,
) -> Result<()> {
    let late = if m.late { sign } else { 0 };
    for ty in m.types.split(',') {
        let row = count::ActiveModel {
            node_id: Set(m.node_id),
            node_path: Set(m.node_path.clone()),
            activity_type: Set(ty.to_string()),
            held_on: Set(m.held_on),
            n: Set(sign),
            late: Set(late),
        };
        count::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    count::Column::NodeId,
                    count::Column::ActivityType,
                    count::Column::HeldOn,
                ])
                .value(
                    count::Column::N,
                    Expr::col((count::Entity, count::Column::N)).add(sign),
                )
                .value(
                    count::Column::Late,
                    Expr::col((count::Entity, count::Column::Late)).add(late),
                )
                .to_owned(),
            )
            .exec_without_returning(conn)
            .await?;
    }
    if sign < 0 {
        count::Entity::delete_many()
            .filter(count::Column::NodeId.eq(m.node_id))
            .filter(count::Column::N.lte(0))
            .exec(conn)
            .await?;
    }
    Ok(())
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

    /// Refuses attendance naming anyone not on the roster of the day of `a` at `path`.
    pub(super) async fn check_roster<C: ConnectionTrait>(
        conn: &C,
        path: &TreePath,
        a: &Activity,
    ) -> Result<()> {
        let roster = roster_at(conn, path, a.held_on()).await?;
        if a.attendance
            .iter()
            .any(|x| !roster.iter().any(|r| r.id == x.person_id))
        {
            return Err(StorageError::field(
                "attendance",
                "err.cadence_not_on_roster",
            ));
        }
        Ok(())
    }

    /// Writes the attendance of `a` against the roster of its day at `path`; answers the
    /// counts (应到, 实到, 请假, 缺席). Anyone named who is not on the roster is refused.
    async fn write_attendance<C: ConnectionTrait>(
        conn: &C,
        id: i64,
        path: &TreePath,
        a: &Activity,
    ) -> Result<[i64; 4]> {
        let roster = roster_at(conn, path, a.held_on()).await?;
        if a.attendance
            .iter()
            .any(|x| !roster.iter().any(|r| r.id == x.person_id))
        {
            return Err(StorageError::field(
                "attendance",
                "err.cadence_not_on_roster",
            ));
        }
        att::Entity::delete_many()
            .filter(att::Column::ActivityId.eq(id))
            .exec(conn)
            .await?;
        let rows: Vec<att::ActiveModel> = roster
            .iter()
            .map(|r| {
                let given = a.attendance.iter().find(|x| x.person_id == r.id);
                att::ActiveModel {
                    activity_id: Set(id),
                    person_id: Set(r.id),
                    person_name: Set(r.name.clone()),
                    status: Set(given.map_or("present".into(), |g| g.status.clone())),
                    reason: Set(given.and_then(|g| g.reason.clone())),
                    node_path: Set(r.node_path.clone()),
                }
            })
            .collect();
        for part in rows.chunks(crate::IN_CHUNK / 5) {
            att::Entity::insert_many(part.to_vec())
                .exec_without_returning(conn)
                .await?;
        }
        Ok(attendance_counts(roster.len(), &a.attendance))
    }

    pub(super) fn fill(am: &mut activity::ActiveModel, a: &Activity, counts: [i64; 4]) {
        am.types = Set(a.types.join(","));
        am.held_at = Set(a.held_at);
        am.held_on = Set(a.held_on());
        am.place = Set(a.place.clone());
        am.host = Set(a.host.clone());
        am.recorder = Set(a.recorder.clone());
        am.lecturer = Set(a.lecturer.clone());
        am.topic = Set(a.topic.clone());
        am.minutes = Set(a.minutes.clone());
        am.expected = Set(counts[0]);
        am.present = Set(counts[1]);
        am.on_leave = Set(counts[2]);
        am.absent = Set(counts[3]);
        am.updated_at = Set(now_ms());
    }

    /// Records an activity held by a node the caller may record activities at.
    pub async fn create_activity(&self, a: Activity) -> Result<ActivityView> {
        self.create_recorded(a, today()).await
    }

    /// Records an activity as entered on `recorded_on`: for the command line's demo and
    /// back-filled history only (a signed-in caller is refused), so that a record made at
    /// the time is not shown as entered late.
    pub async fn create_recorded_on(
        &self,
        a: Activity,
        recorded_on: NaiveDate,
    ) -> Result<ActivityView> {
        let a_system = self.s.actor.user_id.is_none()
            && self.s.actor.token_id.is_none()
            && self.s.actor.grants.allows_global(Permission::CadenceManage);
        if !a_system {
            return Err(StorageError::Forbidden);
        }
        self.create_recorded(a, recorded_on).await
    }

    async fn create_recorded(&self, a: Activity, day: NaiveDate) -> Result<ActivityView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node, path) =
            node_for(&self.s, txn, a.node_id, Permission::CadenceWrite, "node_id").await?;
        let mut am = activity::ActiveModel {
            node_id: Set(node.id),
            node_path: Set(node.path.clone()),
            late: Set(entered_late(a.held_on(), day)),
            recorded_on: Set(day),
            recorded_by: Set(self.s.actor.display_name.clone()),
            created_at: Set(now_ms()),
            expected: Set(0),
            ..Default::default()
        };
        Self::fill(&mut am, &a, [0; 4]);
        let m = am.insert(txn).await?;
        let counts = Self::write_attendance(txn, m.id, &path, &a).await?;
        let mut am: activity::ActiveModel = m.into();
        Self::fill(&mut am, &a, counts);
        let m = am.update(txn).await?;
        bump(txn, &m, 1).await?;
        work.record(Entry {
            action: "create",
            record_type: "cadence_activity",
            record_id: Some(m.id.to_string()),
            node: Some((node.id, &path)),
            before: None,
            after: Some(activity_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(self.activity(m.id).await?.0)
    }

    /// Loads activity `id` for a change: 404 out of reach, 403 when it reads but may not
    /// change it (locked and the caller is no superior).
    pub(super) async fn load_to_change<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<(activity::Model, TreePath)> {
        let (m, path) = self
            .s
            .load_for_read::<activity::Entity, _>(conn, id)
            .await?;
        if !self.may_change(&m, &path) {
            return Err(if locked(m.recorded_on, today()) {
                StorageError::Refused("rule.cadence_locked")
            } else {
                StorageError::Forbidden
            });
        }
        Ok((m, path))
    }

    /// Changes activity `id` (the organization that held it stays).
    pub async fn update_activity(&self, id: i64, a: Activity) -> Result<ActivityView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (old, path) = self.load_to_change(txn, id).await?;
        Self::apply_update(&work, old, &path, &a).await?;
        work.commit().await?;
        Ok(self.activity(id).await?.0)
    }

    /// Writes `a` over the activity `old` filed at `path` in the unit of work: the kept
    /// per-day counts moved, the attendance written against the roster of its day, audited
    /// with the values before and after. The organization stays.
    pub(super) async fn apply_update(
        work: &Work<'_>,
        old: activity::Model,
        path: &TreePath,
        a: &Activity,
    ) -> Result<activity::Model> {
        let txn = work.txn();
        if a.node_id != old.node_id {
            return Err(StorageError::field("node_id", "err.cadence_node_fixed"));
        }
        let id = old.id;
        bump(txn, &old, -1).await?;
        let before = activity_json(&old);
        let counts = Self::write_attendance(txn, id, path, a).await?;
        let recorded_on = old.recorded_on;
        let mut am: activity::ActiveModel = old.into();
        Self::fill(&mut am, a, counts);
        am.late = Set(entered_late(a.held_on(), recorded_on));
        let m = am.update(txn).await?;
        bump(txn, &m, 1).await?;
        work.record(Entry {
            action: "update",
            record_type: "cadence_activity",
            record_id: Some(id.to_string()),
            node: Some((m.node_id, path)),
            before: Some(before),
            after: Some(activity_json(&m)),
        })
        .await?;
        Ok(m)
    }

    pub async fn delete_activity(&self, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (old, path) = self.load_to_change(txn, id).await?;
        bump(txn, &old, -1).await?;
        crate::entity::cadence_tables::cadence_signin::Entity::delete_by_id(id)
            .exec(txn)
            .await?;
        super::files::drop_files(txn, id).await?;
        super::change::drop_changes(txn, id).await?;
        att::Entity::delete_many()
            .filter(att::Column::ActivityId.eq(id))
            .exec(txn)
            .await?;
        activity::Entity::delete_by_id(id).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "cadence_activity",
            record_id: Some(id.to_string()),
            node: Some((old.node_id, &path)),
            before: Some(activity_json(&old)),
            after: None,
        })
        .await?;
        work.commit().await
    }
}

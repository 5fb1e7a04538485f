//! Activity records written: recorded against the roster of the day they were held, changed
//! and removed — each in one audited unit of work that also brings the kept per-day counts
//! up to date — and the centre an activity was held at checked against those its
//! organization may use.

use super::activity::{roster_at, ActivityView};
use super::CadenceRepo;
use crate::audit::Entry;
use crate::entity::cadence_tables::cadence_count as count;
use crate::entity::cadence_tables::{cadence_activity as activity, cadence_attendance as att};
use crate::kit::lookup::node_for;
use crate::kit::today;
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
};
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::cadence::{attendance_counts, entered_late, locked, Activity};
use touyan_domain::tree::TreePath;

fn activity_json(m: &activity::Model) -> serde_json::Value {
    json!({"node_id": m.node_id, "types": m.types, "held_at": m.held_at.format("%Y-%m-%d %H:%M").to_string(),
           "place": m.place, "centre_id": m.centre_id, "host": m.host, "recorder": m.recorder, "lecturer": m.lecturer,
           "topic": m.topic, "expected": m.expected, "present": m.present,
           "on_leave": m.on_leave, "absent": m.absent, "late": m.late})
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

/// Refuses a centre the organization at `path` may not hold its activities at; the centre
/// the record already names (`kept`) stays acceptable, should the organization have moved.
pub(super) async fn check_centre(
    txn: &DatabaseTransaction,
    path: &TreePath,
    chosen: Option<i64>,
    kept: Option<i64>,
) -> Result<()> {
    let Some(id) = chosen else {
        return Ok(());
    };
    if Some(id) == kept {
        return Ok(());
    }
    let usable = crate::areas::usable_centres(txn, path).await?;
    if usable.iter().any(|c| c.id == id) {
        Ok(())
    } else {
        Err(StorageError::field(
            "centre_id",
            "err.cadence_centre_out_of_reach",
        ))
    }
}

impl CadenceRepo<'_> {
    /// Refuses attendance naming anyone not on the roster of the day of `a` at `path`;
    /// answers that roster.
    pub(super) async fn check_roster<C: ConnectionTrait>(
        conn: &C,
        path: &TreePath,
        a: &Activity,
    ) -> Result<Vec<crate::entity::person::Model>> {
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
        Ok(roster)
    }

    /// Writes the attendance of `a` against the roster of its day at `path`; answers the
    /// counts (应到, 实到, 请假, 缺席). Anyone named who is not on the roster is refused.
    async fn write_attendance<C: ConnectionTrait>(
        conn: &C,
        id: i64,
        path: &TreePath,
        a: &Activity,
    ) -> Result<[i64; 4]> {
        let roster = Self::check_roster(conn, path, a).await?;
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
        am.centre_id = Set(a.centre_id);
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
        check_centre(txn, &path, a.centre_id, None).await?;
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
        check_centre(txn, path, a.centre_id, old.centre_id).await?;
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

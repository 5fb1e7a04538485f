//! Change requests (修改申请) to locked activity records. One who records activities for the
//! organization proposes new values once the record is locked, one pending request at a time;
//! a superior of the organization (the same who changes a locked record directly) approves
//! it, which writes the values as an update does in the same unit of work, or rejects it with
//! a reason; its author may withdraw it while pending. Read with the activity, 404 out of
//! scope; every step audited. The deciders are told of a request in their bell, its author
//! of the decision.

use super::CadenceRepo;
use crate::audit::Entry;
use crate::entity::cadence_tables::{cadence_activity as activity, cadence_change as change};
use crate::kit::notice::{holders, notify};
use crate::kit::today;
use crate::kit::work::Work;
use crate::scope::{within, FiledUnder};
use crate::{now_ms, Result, StorageError};
use sea_orm::sea_query::{Condition, Expr, Query};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::cadence::{
    beijing, locked, ActivityInput, ChangeActor, ChangeState, ChangeStep, Proposal,
};
use touyan_domain::tree::TreePath;

const PENDING: &str = "pending";

/// A change request as the activity's page and the API show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChangeView {
    pub id: i64,
    pub activity_id: i64,
    /// `pending`, `approved`, `rejected` or `withdrawn`.
    pub state: String,
    /// The values proposed, as the activity's body gives them.
    #[schema(value_type = Object)]
    pub proposed: serde_json::Value,
    /// Why the change is asked for.
    pub reason: String,
    pub asked_by: String,
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub asked_at: String,
    pub decided_by: Option<String>,
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub decided_at: Option<String>,
    /// The reason of a rejection (or a note with an approval).
    pub decision_note: Option<String>,
    /// The caller approves or rejects it (a superior, while it is pending).
    pub may_decide: bool,
    /// The caller withdraws it (its author, while it is pending).
    pub may_withdraw: bool,
}

/// A change request is read with its activity and changed over the activity's path; a
/// request of another activity answers as missing.
impl FiledUnder for change::Entity {
    type Parent = activity::Entity;
    fn parent_column() -> change::Column {
        change::Column::ActivityId
    }
}

fn beijing_text(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&beijing())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Tells `users` in their bell that `kind` happened to a change request of activity `id`,
/// with the activity's topic.
async fn tell<C: ConnectionTrait>(
    txn: &C,
    users: &[i64],
    kind: &str,
    id: i64,
    topic: &str,
) -> Result<()> {
    let topic: String = topic.chars().take(60).collect();
    notify(
        txn,
        users,
        kind,
        &format!("/activities/{id}"),
        &[("topic", &topic)],
    )
    .await
}

/// Removes the requests of activity `id` (with the activity).
pub(super) async fn drop_changes<C: ConnectionTrait>(conn: &C, id: i64) -> Result<()> {
    change::Entity::delete_many()
        .filter(change::Column::ActivityId.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The ids of activities with a pending change request, as a condition on activities.
pub(super) fn with_pending_change() -> Condition {
    let pending = Query::select()
        .column(change::Column::ActivityId)
        .from(change::Entity)
        .and_where(change::Column::State.eq(PENDING))
        .to_owned();
    Condition::all().add(activity::Column::Id.in_subquery(pending))
}

impl CadenceRepo<'_> {
    fn change_view(&self, m: change::Model, path: &TreePath) -> ChangeView {
        let pending = m.state == PENDING;
        let mine = m.asked_by.is_some() && m.asked_by == self.s.actor.user_id;
        ChangeView {
            id: m.id,
            activity_id: m.activity_id,
            may_decide: pending && self.superior(path),
            may_withdraw: pending && mine,
            state: m.state,
            proposed: serde_json::from_str(&m.proposed).unwrap_or_default(),
            reason: m.reason,
            asked_by: m.asked_by_name,
            asked_at: beijing_text(m.asked_at),
            decided_by: m.decided_by,
            decided_at: m.decided_at.map(beijing_text),
            decision_note: m.decision_note,
        }
    }

    /// The change requests of activity `id`, latest first.
    pub async fn changes(&self, id: i64) -> Result<Vec<ChangeView>> {
        let (_, path) = self
            .s
            .load_for_read::<activity::Entity, _>(self.s.db, id)
            .await?;
        let rows = change::Entity::find()
            .filter(change::Column::ActivityId.eq(id))
            .order_by_desc(change::Column::Id)
            .all(self.s.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|m| self.change_view(m, &path))
            .collect())
    }

    /// Change request `cid` of activity `id`.
    pub async fn change(&self, id: i64, cid: i64) -> Result<ChangeView> {
        let (m, _, path) = self
            .s
            .load_under_for_read::<change::Entity, _>(self.s.db, id, cid)
            .await?;
        Ok(self.change_view(m, &path))
    }

    /// Whether the caller may ask for a change to activity `id`: it is locked, the caller
    /// records activities for its organization but is no superior of it (who changes it
    /// directly), and no request is pending.
    pub async fn may_propose(&self, id: i64) -> Result<bool> {
        let (act, path) = self
            .s
            .load_for_read::<activity::Entity, _>(self.s.db, id)
            .await?;
        if !locked(act.recorded_on, today())
            || self.superior(&path)
            || !self.s.actor.can(Permission::CadenceWrite, &path)
        {
            return Ok(false);
        }
        let waiting = change::Entity::find()
            .filter(change::Column::ActivityId.eq(id))
            .filter(change::Column::State.eq(PENDING))
            .count(self.s.db)
            .await?;
        Ok(waiting == 0)
    }

    /// Proposes new values for the locked activity `id`: by one who records activities for
    /// its organization (403 otherwise), once it is locked (409 before: it is changed
    /// directly), one pending request at a time (422).
    pub async fn propose_change(&self, id: i64, p: Proposal) -> Result<ChangeView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (act, path) = self.s.load_for_read::<activity::Entity, _>(txn, id).await?;
        if !self.s.actor.can(Permission::CadenceWrite, &path) {
            return Err(StorageError::Forbidden);
        }
        if !locked(act.recorded_on, today()) {
            return Err(StorageError::Refused("rule.cadence_change_unlocked"));
        }
        if p.activity.node_id != act.node_id {
            return Err(StorageError::field("node_id", "err.cadence_node_fixed"));
        }
        let waiting = change::Entity::find()
            .filter(change::Column::ActivityId.eq(id))
            .filter(change::Column::State.eq(PENDING))
            .count(txn)
            .await?;
        if waiting > 0 {
            return Err(StorageError::field("change", "err.cadence_change_pending"));
        }
        Self::check_roster(txn, &path, &p.activity).await?;
        super::activity_write::check_centre(txn, &path, p.activity.centre_id, act.centre_id)
            .await?;
        let proposed = serde_json::to_value(p.activity.to_input()).unwrap_or_default();
        let m = change::ActiveModel {
            activity_id: Set(id),
            node_path: Set(act.node_path.clone()),
            proposed: Set(proposed.to_string()),
            reason: Set(p.reason.clone()),
            state: Set(PENDING.into()),
            asked_by: Set(self.s.actor.user_id),
            asked_by_name: Set(self.s.actor.display_name.clone()),
            asked_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                StorageError::field("change", "err.cadence_change_pending")
            }
            _ => e.into(),
        })?;
        work.record(Entry {
            action: "propose_change",
            record_type: "cadence_change",
            record_id: Some(m.id.to_string()),
            node: Some((act.node_id, &path)),
            before: None,
            after: Some(json!({"activity_id": id, "reason": p.reason, "proposed": proposed})),
        })
        .await?;
        // Those who decide it are told: who manage the organization's superior node.
        if let Some(above) = path.parent() {
            let mut to = holders(txn, Permission::CadenceManage, &above).await?;
            to.retain(|u| Some(*u) != self.s.actor.user_id);
            tell(txn, &to, "cadence.notice_change_asked", id, &act.topic).await?;
        }
        work.commit().await?;
        Ok(self.change_view(m, &path))
    }

    /// Takes `step` on change request `cid` of activity `id`: a superior of its organization
    /// approves or rejects it (with `note`, required to reject), its author withdraws it (403
    /// for anyone else); only a pending one (409). Approving checks the proposed values again
    /// against today's activity `types` and writes them as an update does, in the same unit
    /// of work.
    pub async fn decide_change(
        &self,
        id: i64,
        cid: i64,
        step: ChangeStep,
        note: &str,
        types: &[String],
    ) -> Result<ChangeView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, act, path) = self
            .s
            .load_under_for_read::<change::Entity, _>(txn, id, cid)
            .await?;
        let allowed = match step.taken_by() {
            ChangeActor::Superior => self.superior(&path),
            ChangeActor::Author => m.asked_by.is_some() && m.asked_by == self.s.actor.user_id,
        };
        if !allowed {
            return Err(StorageError::Forbidden);
        }
        let from = ChangeState::parse(&m.state).unwrap_or(ChangeState::Withdrawn);
        let (to, note) = step.apply(from, note)?;
        let node_id = act.node_id;
        let topic = act.topic.clone();
        if step == ChangeStep::Approve {
            let input: ActivityInput = serde_json::from_str(&m.proposed)
                .map_err(|_| StorageError::field("change", "err.cadence_change_unreadable"))?;
            let a = input.parse(types, today())?;
            Self::apply_update(&work, act, &path, &a).await?;
        }
        let before = json!({"state": m.state});
        let mut am: change::ActiveModel = m.into();
        am.state = Set(to.code().into());
        am.decided_by = Set(Some(self.s.actor.display_name.clone()));
        am.decided_at = Set(Some(now_ms()));
        am.decision_note = Set(note.clone());
        let m = am.update(txn).await?;
        work.record(Entry {
            action: step.action(),
            record_type: "cadence_change",
            record_id: Some(cid.to_string()),
            node: Some((node_id, &path)),
            before: Some(before),
            after: Some(json!({"activity_id": id, "state": to.code(), "note": note})),
        })
        .await?;
        // Its author is told of the decision (not of its own withdrawal).
        let told = match step {
            ChangeStep::Approve => Some("cadence.notice_change_approved"),
            ChangeStep::Reject => Some("cadence.notice_change_rejected"),
            ChangeStep::Withdraw => None,
        };
        if let (Some(kind), Some(author)) = (told, m.asked_by) {
            if Some(author) != self.s.actor.user_id {
                tell(txn, &[author], kind, id, &topic).await?;
            }
        }
        work.commit().await?;
        Ok(self.change_view(m, &path))
    }

    /// How many pending change requests wait on the caller's decision: those of
    /// organizations strictly below a node where the caller holds `cadence.manage`.
    pub async fn changes_to_decide(&self) -> Result<u64> {
        let scopes = self.s.actor.grants.scopes(Permission::CadenceManage);
        if scopes.is_empty() {
            return Ok(0);
        }
        let mut below = Condition::any();
        for s in &scopes {
            below = below.add(
                within(change::Column::NodePath, s)
                    .and(Expr::col(change::Column::NodePath).ne(s.as_str())),
            );
        }
        Ok(change::Entity::find()
            .filter(change::Column::State.eq(PENDING))
            .filter(below)
            .count(self.s.db)
            .await?)
    }
}

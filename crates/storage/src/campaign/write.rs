//! Changing campaigns, each in one audited unit of work: starting one, adding targets and
//! milestones, keeping a value by hand (with its point of the history), reaching a
//! milestone, and moving the status (a draft set running, a campaign closed).

use super::read::day;
use super::snapshot::put_point;
use super::{CampaignDetail, CampaignRepo};
use crate::audit::Entry;
use crate::entity::campaign_tables::{
    campaign, campaign_milestone as ms, campaign_target as target, campaign_value as val,
};
use crate::kit::lookup::node_for;
use crate::kit::today;
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::campaign::{
    CampaignInput, DoneInput, Kind, MilestoneInput, Status, TargetInput, ValueInput,
};
use touyan_domain::tree::TreePath;

impl CampaignRepo<'_> {
    /// Campaign `id` for a change by the caller, refused once closed.
    pub(super) async fn open_for_write(
        &self,
        txn: &DatabaseTransaction,
        id: i64,
    ) -> Result<(campaign::Model, TreePath)> {
        let (m, p) = self
            .s
            .load_for_write::<campaign::Entity, _>(txn, id)
            .await?;
        if m.status == Status::Closed.code() {
            return Err(StorageError::Refused("rule.campaign_closed"));
        }
        Ok((m, p))
    }

    /// Starts a campaign at a node where the caller holds `campaign.manage`.
    pub async fn create(&self, input: &CampaignInput) -> Result<CampaignDetail> {
        let c = input.parse()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node, path) = node_for(
            &self.s,
            txn,
            c.node_id,
            Permission::CampaignManage,
            "node_id",
        )
        .await?;
        let m = campaign::ActiveModel {
            node_id: Set(node.id),
            node_path: Set(node.path.clone()),
            name: Set(c.name),
            description: Set(c.description),
            start_on: Set(c.start_on),
            end_on: Set(c.end_on),
            status: Set(c.status.code().into()),
            created_by: Set(self.s.actor.display_name.clone()),
            created_at: Set(now_ms()),
            updated_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "campaign",
            record_id: Some(m.id.to_string()),
            node: Some((node.id, &path)),
            before: None,
            after: Some(json!({"name": m.name, "start_on": day(&m.start_on),
                               "end_on": day(&m.end_on), "status": m.status})),
        })
        .await?;
        work.commit().await?;
        self.detail(m.id).await
    }

    /// Adds a target to campaign `id`, following a live figure or kept by hand.
    pub async fn add_target(&self, id: i64, input: &TargetInput) -> Result<CampaignDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (c, path) = self.open_for_write(txn, id).await?;
        let offered: Vec<(&str, &str)> = crate::areas::figure_keys()
            .map(|f| (f.key, f.kind.code()))
            .collect();
        let t = input.parse(&offered, c.start_on, c.end_on)?;
        let m = target::ActiveModel {
            campaign_id: Set(c.id),
            node_path: Set(c.node_path.clone()),
            name: Set(t.name),
            kind: Set(t.kind.code().into()),
            baseline: Set(t.baseline),
            goal: Set(t.goal),
            due_on: Set(t.due_on),
            figure: Set(t.figure),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "campaign_target",
            record_id: Some(m.id.to_string()),
            node: Some((c.node_id, &path)),
            before: None,
            after: Some(json!({"campaign_id": c.id, "name": m.name, "kind": m.kind,
                               "baseline": m.baseline, "goal": m.goal,
                               "due_on": day(&m.due_on), "figure": m.figure})),
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }

    /// Keeps a value of target `tid` of campaign `id` by hand, with its point of the
    /// history on its day. A target that follows a live figure takes none.
    pub async fn record_value(
        &self,
        id: i64,
        tid: i64,
        input: &ValueInput,
    ) -> Result<CampaignDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (c, path) = self.open_for_write(txn, id).await?;
        let t = target::Entity::find_by_id(tid)
            .filter(target::Column::CampaignId.eq(c.id))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        if t.figure.is_some() {
            return Err(StorageError::Refused("rule.campaign_target_live"));
        }
        let kind = Kind::from_code(&t.kind).unwrap_or(Kind::Count);
        let v = input.parse(kind, today())?;
        let m = val::ActiveModel {
            target_id: Set(t.id),
            campaign_id: Set(c.id),
            node_path: Set(c.node_path.clone()),
            on_day: Set(v.on),
            value: Set(v.value),
            note: Set(v.note),
            recorded_by: Set(self.s.actor.display_name.clone()),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        put_point(txn, &t, v.on, v.value).await?;
        work.record(Entry {
            action: "create",
            record_type: "campaign_value",
            record_id: Some(m.id.to_string()),
            node: Some((c.node_id, &path)),
            before: None,
            after: Some(
                json!({"campaign_id": c.id, "target_id": t.id, "on": day(&m.on_day),
                               "value": m.value, "note": m.note}),
            ),
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }

    /// Adds a milestone to campaign `id`.
    pub async fn add_milestone(&self, id: i64, input: &MilestoneInput) -> Result<CampaignDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (c, path) = self.open_for_write(txn, id).await?;
        let s = input.parse(c.start_on, c.end_on)?;
        let m = ms::ActiveModel {
            campaign_id: Set(c.id),
            node_path: Set(c.node_path.clone()),
            name: Set(s.name),
            due_on: Set(s.due_on),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "campaign_milestone",
            record_id: Some(m.id.to_string()),
            node: Some((c.node_id, &path)),
            before: None,
            after: Some(json!({"campaign_id": c.id, "name": m.name, "due_on": day(&m.due_on)})),
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }

    /// Marks milestone `mid` of campaign `id` reached, with its evidence.
    pub async fn complete_milestone(
        &self,
        id: i64,
        mid: i64,
        input: &DoneInput,
    ) -> Result<CampaignDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (c, path) = self.open_for_write(txn, id).await?;
        let s = ms::Entity::find_by_id(mid)
            .filter(ms::Column::CampaignId.eq(c.id))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let d = input.parse(today())?;
        let done = ms::Entity::update_many()
            .col_expr(ms::Column::DoneOn, Expr::value(d.done_on))
            .col_expr(ms::Column::EvidenceNote, Expr::value(d.note.clone()))
            .col_expr(ms::Column::EvidenceLink, Expr::value(d.link.clone()))
            .filter(ms::Column::Id.eq(s.id))
            .filter(ms::Column::DoneOn.is_null())
            .exec(txn)
            .await?;
        if done.rows_affected != 1 {
            return Err(StorageError::Refused("rule.campaign_milestone_done"));
        }
        work.record(Entry {
            action: "complete",
            record_type: "campaign_milestone",
            record_id: Some(s.id.to_string()),
            node: Some((c.node_id, &path)),
            before: Some(json!({"done_on": null})),
            after: Some(json!({"done_on": day(&d.done_on), "note": d.note, "link": d.link})),
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }

    /// Moves campaign `id` to `to`: a draft is set running, a draft or a running campaign
    /// is closed; a closed one stays closed.
    pub async fn set_status(&self, id: i64, to: Status) -> Result<CampaignDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (c, path) = self.open_for_write(txn, id).await?;
        let from = Status::from_code(&c.status).unwrap_or(Status::Active);
        let allowed = matches!(
            (from, to),
            (Status::Draft, Status::Active) | (_, Status::Closed)
        );
        if !allowed {
            return Err(StorageError::Refused("rule.campaign_status"));
        }
        let moved = campaign::Entity::update_many()
            .col_expr(campaign::Column::Status, Expr::value(to.code()))
            .col_expr(campaign::Column::UpdatedAt, Expr::value(now_ms()))
            .filter(campaign::Column::Id.eq(c.id))
            .filter(campaign::Column::Status.eq(c.status.clone()))
            .exec(txn)
            .await?;
        if moved.rows_affected != 1 {
            return Err(StorageError::Refused("rule.campaign_status"));
        }
        work.record(Entry {
            action: if to == Status::Closed {
                "close"
            } else {
                "activate"
            },
            record_type: "campaign",
            record_id: Some(c.id.to_string()),
            node: Some((c.node_id, &path)),
            before: Some(json!({"status": c.status})),
            after: Some(json!({"status": to.code()})),
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }

    /// Writes a point of the history of target `tid` as of an earlier day: for the command
    /// line's demo only (a signed-in caller is refused).
    pub async fn point_as_of(&self, tid: i64, on: NaiveDate, value: f64) -> Result<()> {
        let a = self.s.actor;
        if a.user_id.is_some()
            || a.token_id.is_some()
            || !a.grants.allows_global(Permission::CampaignManage)
        {
            return Err(StorageError::Forbidden);
        }
        let work = Work::begin(self.s.db, a).await?;
        let t = target::Entity::find_by_id(tid)
            .one(work.txn())
            .await?
            .ok_or(StorageError::NotFound)?;
        put_point(work.txn(), &t, on, value).await?;
        work.commit_unaudited("a past point of the demo's history")
            .await
    }
}

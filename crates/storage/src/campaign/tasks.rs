//! The work-list tasks (工作清单) issued for a campaign: linked by its managers when they read
//! the task, unlinked, and listed on the campaign with the task's completion and on-time
//! rates — each task read through the list of areas by the caller's own reach, never from
//! the work lists' tables.

use super::{CampaignDetail, CampaignRepo};
use crate::audit::Entry;
use crate::entity::campaign_tables::campaign_task as link;
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::json;
use touyan_domain::campaign::TaskLinkInput;

/// A task linked to a campaign, as the caller reads it; opened at `/tasks/{task_id}`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LinkedTaskView {
    pub task_id: i64,
    pub title: String,
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub due_at: String,
    pub past_due: bool,
    pub withdrawn: bool,
    /// Recipients, completion and on-time rates (whole percent) when the caller reads the
    /// task's issuing node; none when it reads the task as a recipient only.
    pub recipients: Option<i64>,
    pub completion_pct: Option<i64>,
    pub on_time_pct: Option<i64>,
}

impl CampaignRepo<'_> {
    /// The tasks linked to campaign `id` that the caller reads, in the order they were
    /// linked, and how many others are linked beyond its reach.
    pub(super) async fn linked_tasks(&self, id: i64) -> Result<(Vec<LinkedTaskView>, i64)> {
        let ids: Vec<i64> = link::Entity::find()
            .filter(link::Column::CampaignId.eq(id))
            .order_by_asc(link::Column::Id)
            .all(self.s.db)
            .await?
            .into_iter()
            .map(|l| l.task_id)
            .collect();
        let seen = crate::areas::task_refs(self.s, &ids).await?;
        let hidden = (ids.len() - seen.len()) as i64;
        let views = seen
            .into_iter()
            .map(|t| LinkedTaskView {
                task_id: t.id,
                title: t.title,
                due_at: t.due_at,
                past_due: t.past_due,
                withdrawn: t.withdrawn,
                recipients: t.recipients,
                completion_pct: t.completion_pct,
                on_time_pct: t.on_time_pct,
            })
            .collect();
        Ok((views, hidden))
    }

    /// Up to `limit` tasks issued in campaign `id`'s subtree that the caller reads, not
    /// withdrawn and not linked yet, latest first, as (id, title and due moment).
    pub async fn task_choices(&self, id: i64, limit: u64) -> Result<Vec<(i64, String)>> {
        let (c, path) = self
            .s
            .load_for_read::<crate::entity::campaign_tables::campaign::Entity, _>(self.s.db, id)
            .await?;
        let held: Vec<i64> = link::Entity::find()
            .filter(link::Column::CampaignId.eq(c.id))
            .all(self.s.db)
            .await?
            .into_iter()
            .map(|l| l.task_id)
            .collect();
        Ok(crate::areas::tasks_issued_under(self.s, &path, limit)
            .await?
            .into_iter()
            .filter(|t| !held.contains(&t.id))
            .map(|t| (t.id, format!("{} · {}", t.title, t.due_at)))
            .collect())
    }

    /// Links a task the caller reads to campaign `id` (422 on `task_id` for a task it does
    /// not read or one already linked).
    pub async fn link_task(&self, id: i64, input: &TaskLinkInput) -> Result<CampaignDetail> {
        let task_id = input.parse()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (c, path) = self.open_for_write(txn, id).await?;
        let found = crate::areas::task_refs(self.s, &[task_id]).await?;
        let Some(task) = found.into_iter().next() else {
            return Err(StorageError::field("task_id", "err.campaign_task_unknown"));
        };
        let held = link::Entity::find()
            .filter(link::Column::CampaignId.eq(c.id))
            .filter(link::Column::TaskId.eq(task_id))
            .one(txn)
            .await?;
        if held.is_some() {
            return Err(StorageError::field("task_id", "err.campaign_task_linked"));
        }
        let m = link::ActiveModel {
            campaign_id: Set(c.id),
            node_path: Set(c.node_path.clone()),
            task_id: Set(task_id),
            linked_by: Set(self.s.actor.display_name.clone()),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "link",
            record_type: "campaign_task",
            record_id: Some(m.id.to_string()),
            node: Some((c.node_id, &path)),
            before: None,
            after: Some(json!({"campaign_id": c.id, "task_id": task_id, "title": task.title})),
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }

    /// Unlinks task `task_id` from campaign `id` (not found when it is not linked).
    pub async fn unlink_task(&self, id: i64, task_id: i64) -> Result<CampaignDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (c, path) = self.open_for_write(txn, id).await?;
        let m = link::Entity::find()
            .filter(link::Column::CampaignId.eq(c.id))
            .filter(link::Column::TaskId.eq(task_id))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        link::Entity::delete_by_id(m.id).exec(txn).await?;
        work.record(Entry {
            action: "unlink",
            record_type: "campaign_task",
            record_id: Some(m.id.to_string()),
            node: Some((c.node_id, &path)),
            before: Some(json!({"campaign_id": c.id, "task_id": task_id})),
            after: None,
        })
        .await?;
        work.commit().await?;
        self.detail(id).await
    }
}

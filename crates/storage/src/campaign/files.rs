//! Files given as evidence of a campaign's milestones (会议纪要、照片、报告): read with the
//! campaign, added by its managers while it is open, removed while the milestone is not
//! done, each change audited. Type and size are checked as for every upload.

use super::CampaignRepo;
use crate::audit::Entry;
use crate::entity::campaign_tables::{campaign_file as file, campaign_milestone as ms};
use crate::kit::files::Upload;
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::files::check_upload;

/// Most files one milestone keeps.
pub const MAX_FILES: u64 = 30;

/// A file of a milestone; downloaded at
/// `/api/v1/campaigns/{id}/milestones/{mid}/files/{fid}`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = CampaignFileView)]
pub struct MilestoneFileView {
    pub id: i64,
    pub milestone_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: i64,
}

impl From<file::Model> for MilestoneFileView {
    fn from(m: file::Model) -> Self {
        MilestoneFileView {
            id: m.id,
            milestone_id: m.milestone_id,
            file_name: m.file_name,
            content_type: m.content_type,
            size: m.size,
            created_at: m.created_at,
        }
    }
}

fn file_json(f: &file::Model) -> serde_json::Value {
    json!({"campaign_id": f.campaign_id, "milestone_id": f.milestone_id,
           "file_name": f.file_name, "size": f.size})
}

/// The files of campaign `id`'s milestones, by milestone, oldest first.
pub(super) async fn files_by_milestone<C: ConnectionTrait>(
    conn: &C,
    id: i64,
) -> Result<HashMap<i64, Vec<MilestoneFileView>>> {
    let mut out: HashMap<i64, Vec<MilestoneFileView>> = HashMap::new();
    for f in file::Entity::find()
        .filter(file::Column::CampaignId.eq(id))
        .order_by_asc(file::Column::Id)
        .all(conn)
        .await?
    {
        out.entry(f.milestone_id).or_default().push(f.into());
    }
    Ok(out)
}

/// Milestone `mid` of campaign `id`, not found otherwise.
async fn milestone<C: ConnectionTrait>(conn: &C, id: i64, mid: i64) -> Result<ms::Model> {
    ms::Entity::find_by_id(mid)
        .filter(ms::Column::CampaignId.eq(id))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

impl CampaignRepo<'_> {
    /// The files of milestone `mid` of campaign `id`, oldest first.
    pub async fn milestone_files(&self, id: i64, mid: i64) -> Result<Vec<MilestoneFileView>> {
        self.check_visible(id).await?;
        milestone(self.s.db, id, mid).await?;
        Ok(file::Entity::find()
            .filter(file::Column::MilestoneId.eq(mid))
            .order_by_asc(file::Column::Id)
            .all(self.s.db)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// File `fid` of milestone `mid` of campaign `id` with its bytes.
    pub async fn milestone_file(
        &self,
        id: i64,
        mid: i64,
        fid: i64,
    ) -> Result<(MilestoneFileView, Vec<u8>)> {
        self.check_visible(id).await?;
        let m = file::Entity::find_by_id(fid)
            .filter(file::Column::MilestoneId.eq(mid))
            .filter(file::Column::CampaignId.eq(id))
            .one(self.s.db)
            .await?
            .ok_or(StorageError::NotFound)?;
        let bytes = self.s.files.get(&m.storage_key).await?;
        Ok((m.into(), bytes))
    }

    /// Adds a file to milestone `mid` of campaign `id`.
    pub async fn attach_milestone_file(
        &self,
        id: i64,
        mid: i64,
        up: &Upload,
    ) -> Result<MilestoneFileView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (c, path) = self.open_for_write(txn, id).await?;
        let s = milestone(txn, c.id, mid).await?;
        let checked = check_upload("file", &up.file_name, &up.bytes, false)?;
        let held = file::Entity::find()
            .filter(file::Column::MilestoneId.eq(s.id))
            .count(txn)
            .await?;
        if held >= MAX_FILES {
            return Err(StorageError::field("file", "err.campaign_files_many"));
        }
        let key = self.s.files.put(&up.bytes).await?;
        let m = file::ActiveModel {
            milestone_id: Set(s.id),
            campaign_id: Set(c.id),
            node_path: Set(c.node_path.clone()),
            file_name: Set(checked.file_name),
            content_type: Set(checked.content_type.to_string()),
            size: Set(up.bytes.len() as i64),
            storage_key: Set(key),
            user_id: Set(self.s.actor.user_id),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "upload",
            record_type: "campaign_file",
            record_id: Some(m.id.to_string()),
            node: Some((c.node_id, &path)),
            before: None,
            after: Some(file_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(m.into())
    }

    /// Removes file `fid` of milestone `mid` of campaign `id`, refused once the milestone
    /// is done (its evidence stays).
    pub async fn delete_milestone_file(&self, id: i64, mid: i64, fid: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (c, path) = self.open_for_write(txn, id).await?;
        let s = milestone(txn, c.id, mid).await?;
        let m = file::Entity::find_by_id(fid)
            .filter(file::Column::MilestoneId.eq(s.id))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        if s.done_on.is_some() {
            return Err(StorageError::Refused("rule.campaign_milestone_files_kept"));
        }
        file::Entity::delete_by_id(m.id).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "campaign_file",
            record_id: Some(m.id.to_string()),
            node: Some((c.node_id, &path)),
            before: Some(file_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await
    }
}

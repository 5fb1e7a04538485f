//! Photos and files of activity records (会议照片、签到表、材料): read with the activity, added
//! and removed by those who may change it (a locked record only by a superior), each change
//! audited. Type and size are checked as for every upload.

use super::CadenceRepo;
use crate::audit::Entry;
use crate::entity::cadence_tables::cadence_file as file;
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
use touyan_domain::files::check_upload;

/// Most files one activity keeps.
pub const MAX_FILES: u64 = 30;

/// A file of an activity.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ActivityFileView {
    pub id: i64,
    pub activity_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: i64,
}

impl ActivityFileView {
    /// Whether it shows as a picture.
    pub fn is_image(&self) -> bool {
        self.content_type.starts_with("image/")
    }
}

impl From<file::Model> for ActivityFileView {
    fn from(m: file::Model) -> Self {
        ActivityFileView {
            id: m.id,
            activity_id: m.activity_id,
            file_name: m.file_name,
            content_type: m.content_type,
            size: m.size,
            created_at: m.created_at,
        }
    }
}

fn file_json(f: &file::Model) -> serde_json::Value {
    json!({"activity_id": f.activity_id, "file_name": f.file_name, "size": f.size})
}

/// Removes the rows of an activity's files (the activity is being deleted in `conn`).
pub(super) async fn drop_files<C: ConnectionTrait>(conn: &C, activity_id: i64) -> Result<()> {
    file::Entity::delete_many()
        .filter(file::Column::ActivityId.eq(activity_id))
        .exec(conn)
        .await?;
    Ok(())
}

impl CadenceRepo<'_> {
    /// The files of activity `id`, oldest first.
    pub async fn activity_files(&self, id: i64) -> Result<Vec<ActivityFileView>> {
        self.check_activity(id).await?;
        Ok(file::Entity::find()
            .filter(file::Column::ActivityId.eq(id))
            .order_by_asc(file::Column::Id)
            .all(self.s.db)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// File `fid` of activity `id` with its bytes.
    pub async fn activity_file(&self, id: i64, fid: i64) -> Result<(ActivityFileView, Vec<u8>)> {
        self.check_activity(id).await?;
        let m = file::Entity::find_by_id(fid)
            .filter(file::Column::ActivityId.eq(id))
            .one(self.s.db)
            .await?
            .ok_or(StorageError::NotFound)?;
        let bytes = self.s.files.get(&m.storage_key).await?;
        Ok((m.into(), bytes))
    }

    /// Adds a photo or file to activity `id`.
    pub async fn attach_activity_file(&self, id: i64, up: &Upload) -> Result<ActivityFileView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (a, path) = self.load_to_change(txn, id).await?;
        let checked = check_upload("file", &up.file_name, &up.bytes, false)?;
        let held = file::Entity::find()
            .filter(file::Column::ActivityId.eq(id))
            .count(txn)
            .await?;
        if held >= MAX_FILES {
            return Err(StorageError::field("file", "err.cadence_files_many"));
        }
        let key = self.s.files.put(&up.bytes).await?;
        let m = file::ActiveModel {
            activity_id: Set(id),
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
            record_type: "cadence_file",
            record_id: Some(m.id.to_string()),
            node: Some((a.node_id, &path)),
            before: None,
            after: Some(file_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(m.into())
    }

    /// Removes file `fid` of activity `id`.
    pub async fn delete_activity_file(&self, id: i64, fid: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (a, path) = self.load_to_change(txn, id).await?;
        let m = file::Entity::find_by_id(fid)
            .filter(file::Column::ActivityId.eq(id))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        file::Entity::delete_by_id(fid).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "cadence_file",
            record_id: Some(fid.to_string()),
            node: Some((a.node_id, &path)),
            before: Some(file_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await
    }
}

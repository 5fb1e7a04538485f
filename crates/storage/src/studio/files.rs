//! Files of studio records (photos, evidence, materials): bytes in the file store, one row
//! each in `studio_file` naming the studio and the record. A file is read through its studio's
//! scope like every other record of the studio.

use super::studio_node;
use crate::audit::Entry;
use crate::entity::studio_file;
use crate::kit::files::Upload;
use crate::kit::work::Work;
use crate::{now_ms, Result, Scoped, StorageError};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use serde_json::json;
use touyan_domain::files::check_upload;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FileView {
    pub id: i64,
    pub studio_id: i64,
    /// `photo`, `achievement`, `training`, `project`, ...
    pub owner_kind: String,
    pub owner_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: i64,
}

impl From<studio_file::Model> for FileView {
    fn from(m: studio_file::Model) -> Self {
        FileView {
            id: m.id,
            studio_id: m.studio_id,
            owner_kind: m.owner_kind,
            owner_id: m.owner_id,
            file_name: m.file_name,
            content_type: m.content_type,
            size: m.size,
            created_at: m.created_at,
        }
    }
}

pub struct StudioFiles<'a> {
    pub(crate) s: Scoped<'a>,
}

/// Stores an upload for a record of an open studio inside the caller's transaction `conn`,
/// after checking its type and size (`field` names the form field in errors). The caller
/// has already checked that the studio takes records and that the record is its own.
pub(crate) async fn attach_in<C: ConnectionTrait>(
    s: &Scoped<'_>,
    conn: &C,
    studio_id: i64,
    owner_kind: &str,
    owner_id: i64,
    field: &str,
    up: &Upload,
) -> Result<FileView> {
    let checked = check_upload(field, &up.file_name, &up.bytes, owner_kind == "photo")?;
    let key = s.files.put(&up.bytes).await?;
    let m = studio_file::ActiveModel {
        studio_id: Set(studio_id),
        owner_kind: Set(owner_kind.to_string()),
        owner_id: Set(owner_id),
        file_name: Set(checked.file_name),
        content_type: Set(checked.content_type.to_string()),
        size: Set(up.bytes.len() as i64),
        sha256: Set(key.clone()),
        storage_key: Set(key),
        user_id: Set(s.actor.user_id),
        created_at: Set(now_ms()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(m.into())
}

/// The files of records `owner_ids` of one kind in a studio, oldest first.
pub(crate) async fn files_of<C: ConnectionTrait>(
    conn: &C,
    studio_id: i64,
    owner_kind: &str,
    owner_ids: &[i64],
) -> Result<Vec<FileView>> {
    if owner_ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(studio_file::Entity::find()
        .filter(studio_file::Column::StudioId.eq(studio_id))
        .filter(studio_file::Column::OwnerKind.eq(owner_kind))
        .filter(studio_file::Column::OwnerId.is_in(owner_ids.to_vec()))
        .order_by_asc(studio_file::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(FileView::from)
        .collect())
}

/// Removes the rows of a record's files (the record is being deleted in `conn`).
pub(crate) async fn drop_files_of<C: ConnectionTrait>(
    conn: &C,
    studio_id: i64,
    owner_kind: &str,
    owner_id: i64,
) -> Result<()> {
    studio_file::Entity::delete_many()
        .filter(studio_file::Column::StudioId.eq(studio_id))
        .filter(studio_file::Column::OwnerKind.eq(owner_kind))
        .filter(studio_file::Column::OwnerId.eq(owner_id))
        .exec(conn)
        .await?;
    Ok(())
}

fn file_json(f: &FileView) -> serde_json::Value {
    json!({"studio_id": f.studio_id, "owner_kind": f.owner_kind, "owner_id": f.owner_id,
           "file_name": f.file_name, "size": f.size})
}

impl StudioFiles<'_> {
    /// One file with its bytes, if the caller may read its studio (or reaches it through an
    /// alliance, for files of records the studio shares).
    pub async fn get(&self, id: i64) -> Result<(FileView, Vec<u8>)> {
        let m = studio_file::Entity::find_by_id(id)
            .one(self.s.db)
            .await?
            .ok_or(StorageError::NotFound)?;
        let read = self
            .s
            .parent_for_read::<studio_file::Entity, _>(self.s.db, m.studio_id)
            .await;
        match read {
            Ok(_) => {}
            Err(StorageError::NotFound) => {
                super::alliance::shared_file_reachable(&self.s, &m).await?;
            }
            Err(e) => return Err(e),
        }
        let bytes = self.s.files.get(&m.storage_key).await?;
        Ok((m.into(), bytes))
    }

    /// Attaches an upload to a record of a studio (a photo: `owner_kind` "photo", owner the
    /// studio itself), audited.
    pub async fn attach(
        &self,
        studio_id: i64,
        owner_kind: &str,
        owner_id: i64,
        up: &Upload,
    ) -> Result<FileView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (st, path) = self
            .s
            .parent_for_write::<studio_file::Entity, _>(txn, studio_id)
            .await?;
        let f = attach_in(&self.s, txn, studio_id, owner_kind, owner_id, "file", up).await?;
        work.record(Entry {
            action: "upload",
            record_type: "studio_file",
            record_id: Some(f.id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: None,
            after: Some(file_json(&f)),
        })
        .await?;
        work.commit().await?;
        Ok(f)
    }

    pub async fn delete(&self, id: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = studio_file::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let (st, path) = self
            .s
            .parent_for_write::<studio_file::Entity, _>(txn, m.studio_id)
            .await?;
        studio_file::Entity::delete_by_id(id).exec(txn).await?;
        if st.photo_id == Some(id) {
            super::clear_photo(txn, st.id).await?;
        }
        let f: FileView = m.into();
        work.record(Entry {
            action: "delete",
            record_type: "studio_file",
            record_id: Some(id.to_string()),
            node: Some(studio_node(&st, &path)),
            before: Some(file_json(&f)),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }
}

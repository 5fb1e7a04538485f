//! Files of a task (attached by the issuer) and of a recipient's feedback (attached by the
//! recipient while it is still to submit), neither once the task is withdrawn: bytes in the
//! file store, one row each in `task_file`, read through the task's scope — a recipient's
//! file only by those who read that recipient.

use super::{TaskFileView, TaskRepo};
use crate::audit::Entry;
use crate::entity::task_tables::task_file;
use crate::kit::files::Upload;
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use sea_orm::{QueryOrder, Select};
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::files::check_upload;
use touyan_domain::task::{check_live, State};
use touyan_domain::tree::TreePath;

impl From<task_file::Model> for TaskFileView {
    fn from(f: task_file::Model) -> Self {
        TaskFileView {
            id: f.id,
            file_name: f.file_name,
            content_type: f.content_type,
            size: f.size,
            created_at: f.created_at,
        }
    }
}

fn of_task(task_id: i64) -> Select<task_file::Entity> {
    task_file::Entity::find()
        .filter(task_file::Column::TaskId.eq(task_id))
        .order_by_asc(task_file::Column::Id)
}

impl TaskRepo<'_> {
    /// The task's own files (`None`), or those of one recipient.
    pub(crate) async fn files_of(
        &self,
        task_id: i64,
        recipient: Option<i64>,
    ) -> Result<Vec<TaskFileView>> {
        let q = match recipient {
            Some(r) => of_task(task_id).filter(task_file::Column::RecipientId.eq(r)),
            None => of_task(task_id).filter(task_file::Column::RecipientId.is_null()),
        };
        Ok(q.all(self.s.db)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Every recipient's files of a task, by recipient.
    pub(crate) async fn recipient_files(
        &self,
        task_id: i64,
    ) -> Result<HashMap<i64, Vec<TaskFileView>>> {
        let mut out: HashMap<i64, Vec<TaskFileView>> = HashMap::new();
        let rows = of_task(task_id)
            .filter(task_file::Column::RecipientId.is_not_null())
            .all(self.s.db)
            .await?;
        for f in rows {
            if let Some(r) = f.recipient_id {
                out.entry(r).or_default().push(f.into());
            }
        }
        Ok(out)
    }

    async fn store(
        &self,
        work: &Work<'_>,
        task_id: i64,
        recipient: Option<(i64, i64, &TreePath)>,
        node: (i64, &TreePath),
        up: &Upload,
    ) -> Result<TaskFileView> {
        let checked = check_upload("file", &up.file_name, &up.bytes, false)?;
        let key = self.s.files.put(&up.bytes).await?;
        let f = task_file::ActiveModel {
            task_id: Set(task_id),
            recipient_id: Set(recipient.map(|r| r.0)),
            node_path: Set(node.1.as_str().to_string()),
            file_name: Set(checked.file_name),
            content_type: Set(checked.content_type.to_string()),
            size: Set(up.bytes.len() as i64),
            storage_key: Set(key),
            user_id: Set(self.s.actor.user_id),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(work.txn())
        .await?;
        work.record(Entry {
            action: "upload",
            record_type: "task_file",
            record_id: Some(f.id.to_string()),
            node: Some(node),
            before: None,
            after: Some(json!({"task_id": task_id, "recipient_id": f.recipient_id,
                               "file_name": f.file_name, "size": f.size})),
        })
        .await?;
        Ok(f.into())
    }

    /// Attaches a file to the task itself (`task.manage` over the issuing node).
    pub async fn attach(&self, task_id: i64, up: &Upload) -> Result<TaskFileView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let (t, tp, _) = self.load_task(work.txn(), task_id).await?;
        if !self.s.actor.can(Permission::TaskManage, &tp) {
            return Err(StorageError::Forbidden);
        }
        check_live(t.withdrawn_at.is_some())?;
        let f = self
            .store(&work, task_id, None, (t.node_id, &tp), up)
            .await?;
        work.commit().await?;
        Ok(f)
    }

    /// Attaches a file to a recipient's feedback while it is still to submit (`task.write`
    /// over the recipient node).
    pub async fn attach_feedback(
        &self,
        task_id: i64,
        rid: i64,
        up: &Upload,
    ) -> Result<TaskFileView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let (t, _, r, rp) = self.load_recipient(work.txn(), task_id, rid).await?;
        if !self.s.actor.can(Permission::TaskWrite, &rp) {
            return Err(StorageError::Forbidden);
        }
        check_live(t.withdrawn_at.is_some())?;
        if !State::from_code(&r.state).is_some_and(State::open) {
            return Err(StorageError::field("state", "err.task_step"));
        }
        let f = self
            .store(
                &work,
                task_id,
                Some((r.id, r.node_id, &rp)),
                (r.node_id, &rp),
                up,
            )
            .await?;
        work.commit().await?;
        Ok(f)
    }

    /// File `fid` of task `task_id` with its bytes, when the caller reads it.
    pub async fn file(&self, task_id: i64, fid: i64) -> Result<(TaskFileView, Vec<u8>)> {
        let (_, _, issuer) = self.load_task(self.s.db, task_id).await?;
        let f = task_file::Entity::find_by_id(fid)
            .filter(task_file::Column::TaskId.eq(task_id))
            .one(self.s.db)
            .await?
            .ok_or(StorageError::NotFound)?;
        if let Some(r) = f.recipient_id {
            if !issuer {
                // The recipient's own row only.
                self.load_recipient(self.s.db, task_id, r).await?;
            }
        }
        let bytes = self.s.files.get(&f.storage_key).await?;
        Ok((f.into(), bytes))
    }
}

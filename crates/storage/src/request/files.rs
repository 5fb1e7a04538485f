//! Photos and evidence of a request (办理佐证): bytes in the file store, one row each in
//! `request_file`. A file is read through its request's scope like the request itself; a reply
//! cites the request's own files only.

use super::{RequestFileView, RequestRepo};
use crate::audit::Entry;
use crate::entity::request_tables::{request_file, service_request as sr};
use crate::kit::files::Upload;
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde_json::json;
use touyan_domain::files::check_upload;
use touyan_domain::request::workflow::State;
use touyan_domain::tree::TreePath;

impl From<request_file::Model> for RequestFileView {
    fn from(f: request_file::Model) -> Self {
        RequestFileView {
            id: f.id,
            file_name: f.file_name,
            content_type: f.content_type,
            size: f.size,
            public: f.public,
            created_at: f.created_at,
        }
    }
}

/// Checks that every id of `evidence` is a file of request `request_id`.
pub(crate) async fn check_evidence<C: ConnectionTrait>(
    conn: &C,
    request_id: i64,
    evidence: &[i64],
) -> Result<()> {
    if evidence.is_empty() {
        return Ok(());
    }
    let found = request_file::Entity::find()
        .filter(request_file::Column::RequestId.eq(request_id))
        .filter(request_file::Column::Id.is_in(evidence.to_vec()))
        .all(conn)
        .await?;
    if evidence.iter().all(|id| found.iter().any(|f| f.id == *id)) {
        Ok(())
    } else {
        Err(StorageError::field("evidence", "err.rq_evidence_foreign"))
    }
}

/// Ties the files a reply cited to its timeline entry.
pub(crate) async fn link_evidence<C: ConnectionTrait>(
    conn: &C,
    request_id: i64,
    event_id: i64,
    evidence: &[i64],
) -> Result<()> {
    if evidence.is_empty() {
        return Ok(());
    }
    request_file::Entity::update_many()
        .col_expr(
            request_file::Column::EventId,
            sea_orm::sea_query::Expr::value(event_id),
        )
        .filter(request_file::Column::RequestId.eq(request_id))
        .filter(request_file::Column::Id.is_in(evidence.to_vec()))
        .exec(conn)
        .await?;
    Ok(())
}

impl RequestRepo<'_> {
    /// Stores an upload for request `m` inside the caller's transaction, audited. The caller
    /// has checked that it may act on the request.
    pub(crate) async fn attach_in(
        &self,
        work: &Work<'_>,
        m: &sr::Model,
        up: &Upload,
    ) -> Result<RequestFileView> {
        let checked = check_upload("file", &up.file_name, &up.bytes, false)?;
        let key = self.s.files.put(&up.bytes).await?;
        let f = request_file::ActiveModel {
            request_id: Set(m.id),
            event_id: Set(None),
            file_name: Set(checked.file_name),
            content_type: Set(checked.content_type.to_string()),
            size: Set(up.bytes.len() as i64),
            storage_key: Set(key),
            public: Set(false),
            user_id: Set(self.s.actor.user_id),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(work.txn())
        .await?;
        work.record(Entry {
            action: "upload",
            record_type: "request_file",
            record_id: Some(f.id.to_string()),
            node: Some((m.dispatcher_node_id, &TreePath::parse(&m.dispatcher_path)?)),
            before: None,
            after: Some(json!({"request_id": m.id, "file_name": f.file_name, "size": f.size})),
        })
        .await?;
        Ok(f.into())
    }

    /// Attaches a photo or an evidence file to a request the caller dispatches or handles
    /// (403 for one who only reads it, 404 outside the scope).
    pub async fn attach(&self, id: i64, up: &Upload) -> Result<RequestFileView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let m: sr::Model = self.readable(work.txn(), id).await?;
        if self.roles_on(&m).is_empty() {
            return Err(StorageError::Forbidden);
        }
        if m.state == State::Withdrawn.code() {
            return Err(StorageError::Refused("rule.request_action_not_allowed"));
        }
        let f = self.attach_in(&work, &m, up).await?;
        work.commit().await?;
        Ok(f)
    }

    /// A file of a request the caller sees, with its bytes.
    pub async fn file(&self, fid: i64) -> Result<(RequestFileView, Vec<u8>)> {
        let f = request_file::Entity::find_by_id(fid)
            .one(self.s.db)
            .await?
            .ok_or(StorageError::NotFound)?;
        self.readable(self.s.db, f.request_id).await?;
        let bytes = self.s.files.get(&f.storage_key).await?;
        Ok((f.into(), bytes))
    }
}

//! Files uploaded as evidence on an organization's sheet: kept by content like every other
//! upload (type checked by content, size bounded, name cleaned), listed with the item,
//! downloaded by whoever reads the sheet, and removed by whoever may score the side that
//! added them while the round still takes that side's scores. Every change is audited.

use super::scoring::{reviews, target_in};
use super::{EvaluationRepo, EvidenceFileView};
use crate::audit::Entry;
use crate::entity::evaluation_tables::{
    round, round_file as file, round_target as target, rubric_indicator as ind,
};
use crate::kit::files::Upload;
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::evaluation::RoundState;
use touyan_domain::files::check_upload;
use touyan_domain::tree::TreePath;

/// Most files one organization keeps on one item.
pub const MAX_FILES: u64 = 10;

/// The side a file was added for: the organization's own (`self`) or a department's
/// (`review`).
const SELF_SIDE: &str = "self";
const REVIEW_SIDE: &str = "review";

pub(super) fn file_view(m: file::Model, can_remove: bool) -> EvidenceFileView {
    EvidenceFileView {
        id: m.id,
        indicator_id: m.indicator_id,
        file_name: m.file_name,
        content_type: m.content_type,
        size: m.size,
        side: m.side,
        created_by: m.created_by,
        created_at: m.created_at,
        can_remove,
    }
}

fn file_json(f: &file::Model) -> serde_json::Value {
    json!({"round_id": f.round_id, "target_id": f.target_id, "indicator_id": f.indicator_id,
           "side": f.side, "file_name": f.file_name, "size": f.size})
}

/// The side the caller adds evidence for on item `i` now: the organization's while it
/// self-assesses, a department's while the round takes reviews. Refused (409) when the
/// caller could write but the round's state takes nothing, forbidden when it never could.
async fn side_now<C: ConnectionTrait>(
    repo: &EvaluationRepo<'_>,
    conn: &C,
    r: &round::Model,
    i: &ind::Model,
    path: &TreePath,
) -> Result<&'static str> {
    let state = RoundState::from_code(&r.state).unwrap_or(RoundState::Draft);
    let assess = repo.s.actor.can(Permission::EvaluationAssess, path);
    if state.takes_self_scores() && assess {
        return Ok(SELF_SIDE);
    }
    let review = reviews(repo, conn, r, i).await?;
    if state.takes_reviews() && review {
        return Ok(REVIEW_SIDE);
    }
    Err(if assess || review {
        StorageError::Refused("rule.evaluation_state")
    } else {
        StorageError::Forbidden
    })
}

/// Whether the caller may remove a file of side `side` on item `i` now.
pub(super) async fn may_remove<C: ConnectionTrait>(
    repo: &EvaluationRepo<'_>,
    conn: &C,
    r: &round::Model,
    i: &ind::Model,
    path: &TreePath,
    side: &str,
) -> Result<bool> {
    let state = RoundState::from_code(&r.state).unwrap_or(RoundState::Draft);
    Ok(match side {
        SELF_SIDE => {
            state.takes_self_scores() && repo.s.actor.can(Permission::EvaluationAssess, path)
        }
        _ => state.takes_reviews() && reviews(repo, conn, r, i).await?,
    })
}

/// The item `iid` of round `r`'s rubric version (a section takes no evidence).
async fn item_of<C: ConnectionTrait>(conn: &C, r: &round::Model, iid: i64) -> Result<ind::Model> {
    ind::Entity::find_by_id(iid)
        .filter(ind::Column::VersionId.eq(r.version_id))
        .filter(ind::Column::Section.eq(false))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

/// File `fid` of item `iid` of organization `t`.
async fn file_of<C: ConnectionTrait>(
    conn: &C,
    t: &target::Model,
    iid: i64,
    fid: i64,
) -> Result<file::Model> {
    file::Entity::find_by_id(fid)
        .filter(file::Column::TargetId.eq(t.id))
        .filter(file::Column::IndicatorId.eq(iid))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

impl EvaluationRepo<'_> {
    /// Adds an uploaded file as evidence on item `iid` of organization `tid` in round `id`:
    /// by the organization while it self-assesses, or by a department of the item while the
    /// round takes reviews.
    pub async fn attach_file(
        &self,
        id: i64,
        tid: i64,
        iid: i64,
        up: &Upload,
    ) -> Result<EvidenceFileView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (t, r, path) = target_in(self, txn, id, tid).await?;
        let i = item_of(txn, &r, iid).await?;
        let side = side_now(self, txn, &r, &i, &path).await?;
        let checked = check_upload("file", &up.file_name, &up.bytes, false)?;
        let held = file::Entity::find()
            .filter(file::Column::TargetId.eq(t.id))
            .filter(file::Column::IndicatorId.eq(i.id))
            .count(txn)
            .await?;
        if held >= MAX_FILES {
            return Err(StorageError::field("file", "err.evaluation_files_many"));
        }
        let key = self.s.files.put(&up.bytes).await?;
        let m = file::ActiveModel {
            round_id: Set(id),
            target_id: Set(t.id),
            indicator_id: Set(i.id),
            node_path: Set(t.node_path.clone()),
            side: Set(side.to_string()),
            file_name: Set(checked.file_name),
            content_type: Set(checked.content_type.to_string()),
            size: Set(up.bytes.len() as i64),
            storage_key: Set(key),
            user_id: Set(self.s.actor.user_id),
            created_by: Set(self.s.actor.display_name.clone()),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "upload",
            record_type: "round_file",
            record_id: Some(m.id.to_string()),
            node: Some((t.node_id, &path)),
            before: None,
            after: Some(file_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(file_view(m, true))
    }

    /// File `fid` of item `iid` of organization `tid` in round `id`, with its bytes, for
    /// whoever reads the sheet.
    pub async fn evidence_file(
        &self,
        id: i64,
        tid: i64,
        iid: i64,
        fid: i64,
    ) -> Result<(EvidenceFileView, Vec<u8>)> {
        let db = self.s.db;
        let (t, _, _) = target_in(self, db, id, tid).await?;
        let m = file_of(db, &t, iid, fid).await?;
        let bytes = self.s.files.get(&m.storage_key).await?;
        Ok((file_view(m, false), bytes))
    }

    /// Removes file `fid`: by whoever may score the side that added it, while the round
    /// takes that side's scores.
    pub async fn delete_file(&self, id: i64, tid: i64, iid: i64, fid: i64) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (t, r, path) = target_in(self, txn, id, tid).await?;
        let i = item_of(txn, &r, iid).await?;
        let m = file_of(txn, &t, iid, fid).await?;
        if !may_remove(self, txn, &r, &i, &path, &m.side).await? {
            let writes = self.s.actor.can(Permission::EvaluationAssess, &path)
                || reviews(self, txn, &r, &i).await?;
            return Err(if writes {
                StorageError::Refused("rule.evaluation_state")
            } else {
                StorageError::Forbidden
            });
        }
        file::Entity::delete_by_id(fid).exec(txn).await?;
        work.record(Entry {
            action: "delete",
            record_type: "round_file",
            record_id: Some(fid.to_string()),
            node: Some((t.node_id, &path)),
            before: Some(file_json(&m)),
            after: None,
        })
        .await?;
        work.commit().await
    }
}

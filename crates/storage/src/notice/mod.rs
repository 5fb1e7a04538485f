//! Notifications (通知): what other areas told a user (written with
//! `crate::kit::notice::notify` inside their own writes), listed newest first and marked
//! read by their user only; and the user's calendar feed (日历订阅), whose secret address
//! is issued, re-issued and revoked by its user (`feed`).

mod feed;
pub(crate) mod manifest;
mod migration;

pub use feed::FeedView;

use crate::entity::notice_tables::notice;
use crate::kit::work::Work;
use crate::{count_rows, fetch_page, now_ms, Page, Result, Scoped, StorageError};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::BTreeMap;
use touyan_domain::paging::PageRequest;

/// One notification as its user reads it: the kind is a translation key whose `{name}`
/// placeholders the arguments fill.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NoticeView {
    pub id: i64,
    pub kind: String,
    pub link: String,
    pub args: BTreeMap<String, String>,
    /// Unix milliseconds.
    pub created_at: i64,
    pub read_at: Option<i64>,
}

impl From<notice::Model> for NoticeView {
    fn from(m: notice::Model) -> Self {
        let args = serde_json::from_str(&m.args).unwrap_or_default();
        NoticeView {
            id: m.id,
            kind: m.kind,
            link: m.link,
            args,
            created_at: m.created_at,
            read_at: m.read_at,
        }
    }
}

pub struct NoticeRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl NoticeRepo<'_> {
    /// The user whose notifications these are: the signed-in user, or the owner of the
    /// token calling. Nobody else's are ever reached.
    fn reader(&self) -> Result<i64> {
        self.s.actor.user_id.ok_or(StorageError::NotFound)
    }

    fn mine(&self) -> Result<sea_orm::Select<notice::Entity>> {
        Ok(notice::Entity::find().filter(notice::Column::UserId.eq(self.reader()?)))
    }

    /// The caller's notifications, newest first.
    pub async fn list(&self, page: PageRequest) -> Result<Page<NoticeView>> {
        let order = |q: sea_orm::Select<notice::Entity>| q.order_by_desc(notice::Column::Id);
        Ok(fetch_page(self.s.db, self.mine()?, order, page)
            .await?
            .map(Into::into))
    }

    /// How many of the caller's notifications are unread.
    pub async fn unread(&self) -> Result<u64> {
        let q = self.mine()?.filter(notice::Column::ReadAt.is_null());
        Ok(count_rows(self.s.db, q).await?)
    }

    /// Marks the caller's notification `id` read (404 for anyone else's).
    pub async fn mark_read(&self, id: i64) -> Result<NoticeView> {
        let m = self
            .mine()?
            .filter(notice::Column::Id.eq(id))
            .one(self.s.db)
            .await?
            .ok_or(StorageError::NotFound)?;
        if m.read_at.is_some() {
            return Ok(m.into());
        }
        let now = now_ms();
        let work = Work::begin(self.s.db, self.s.actor).await?;
        notice::Entity::update_many()
            .col_expr(notice::Column::ReadAt, Some(now).into())
            .filter(notice::Column::Id.eq(id))
            .filter(notice::Column::UserId.eq(m.user_id))
            .exec(work.txn())
            .await?;
        work.commit_unaudited("the caller's own notification read")
            .await?;
        let mut v: NoticeView = m.into();
        v.read_at = Some(now);
        Ok(v)
    }

    /// Marks every unread notification of the caller read; answers how many.
    pub async fn mark_all_read(&self) -> Result<u64> {
        let uid = self.reader()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let r = notice::Entity::update_many()
            .col_expr(notice::Column::ReadAt, Some(now_ms()).into())
            .filter(notice::Column::UserId.eq(uid))
            .filter(notice::Column::ReadAt.is_null())
            .exec(work.txn())
            .await?;
        work.commit_unaudited("the caller's own notifications read")
            .await?;
        Ok(r.rows_affected)
    }
}

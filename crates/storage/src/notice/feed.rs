//! The calendar feed's secret address: issued (a new one revokes the one before), revoked,
//! and answered for — the user behind a live secret, with every grant, for the feed that
//! needs no session. Only the secret's SHA-256 is kept.

use super::NoticeRepo;
use crate::audit::Entry;
use crate::entity::app_user;
use crate::entity::notice_tables::notice_feed as feed;
use crate::kit::callers::{actor_for, sha256_hex};
use crate::kit::work::Work;
use crate::{now_ms, Actor, Result, StorageError, Store};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use serde_json::json;

/// The secret's prefix, to tell it from an API token.
pub const FEED_PREFIX: &str = "tyc_";

/// A used feed's last-used stamp is written at most this often.
const TOUCH_EVERY_MS: i64 = 10 * 60 * 1000;

/// The caller's live feed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FeedView {
    pub id: i64,
    /// The first characters of the secret.
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

impl From<feed::Model> for FeedView {
    fn from(m: feed::Model) -> Self {
        FeedView {
            id: m.id,
            prefix: m.prefix,
            created_at: m.created_at,
            last_used_at: m.last_used_at,
        }
    }
}

impl NoticeRepo<'_> {
    /// The user who manages a feed: one signed in, never a token (a token cannot mint a
    /// secret that outlives it).
    fn feed_owner(&self) -> Result<i64> {
        match (self.s.actor.user_id, self.s.actor.token_id) {
            (Some(id), None) => Ok(id),
            (Some(_), Some(_)) => Err(StorageError::Forbidden),
            (None, _) => Err(StorageError::NotFound),
        }
    }

    /// The caller's live feed, if any.
    pub async fn feed(&self) -> Result<Option<FeedView>> {
        let uid = self.s.actor.user_id.ok_or(StorageError::NotFound)?;
        Ok(feed::Entity::find()
            .filter(feed::Column::UserId.eq(uid))
            .filter(feed::Column::RevokedAt.is_null())
            .order_by_desc(feed::Column::Id)
            .one(self.s.db)
            .await?
            .map(Into::into))
    }

    /// Issues a new secret address for the caller's feed, revoking the one before; answers
    /// it with the secret, shown this once.
    pub async fn issue_feed(&self) -> Result<(FeedView, String)> {
        let uid = self.feed_owner()?;
        let secret = format!("{FEED_PREFIX}{}", hex::encode(rand::random::<[u8; 24]>()));
        let now = now_ms();
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let revoked = revoke_live(txn, uid, now).await?;
        let m = feed::ActiveModel {
            user_id: Set(uid),
            token_hash: Set(sha256_hex(&secret)),
            prefix: Set(secret[..FEED_PREFIX.len() + 6].to_string()),
            created_at: Set(now),
            last_used_at: Set(None),
            revoked_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let v: FeedView = m.into();
        work.record(Entry {
            action: "create",
            record_type: "notice_feed",
            record_id: Some(v.id.to_string()),
            node: self.s.actor.home_ref(),
            before: revoked.map(|p| json!({ "prefix": p })),
            after: Some(json!({ "prefix": v.prefix })),
        })
        .await?;
        work.commit().await?;
        Ok((v, secret))
    }

    /// Revokes the caller's live feed (404 when there is none): its address answers 404
    /// from now on.
    pub async fn revoke_feed(&self) -> Result<()> {
        let uid = self.feed_owner()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let prefix = revoke_live(work.txn(), uid, now_ms())
            .await?
            .ok_or(StorageError::NotFound)?;
        work.record(Entry {
            action: "revoke",
            record_type: "notice_feed",
            record_id: None,
            node: self.s.actor.home_ref(),
            before: Some(json!({ "prefix": prefix })),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }
}

/// Revokes a user's live feeds; answers the prefix of the last one, if there was one.
async fn revoke_live(
    txn: &sea_orm::DatabaseTransaction,
    uid: i64,
    now: i64,
) -> Result<Option<String>> {
    let live = feed::Entity::find()
        .filter(feed::Column::UserId.eq(uid))
        .filter(feed::Column::RevokedAt.is_null())
        .order_by_desc(feed::Column::Id)
        .all(txn)
        .await?;
    feed::Entity::update_many()
        .col_expr(feed::Column::RevokedAt, Some(now).into())
        .filter(feed::Column::UserId.eq(uid))
        .filter(feed::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    Ok(live.into_iter().next().map(|m| m.prefix))
}

impl Store {
    /// The user behind a feed's secret, with every grant, when the secret is live and the
    /// account active; `None` otherwise (the feed answers 404 alike for all).
    pub async fn feed_caller(&self, secret: &str) -> Result<Option<Actor>> {
        let db = self.raw_connection();
        let Some(f) = feed::Entity::find()
            .filter(feed::Column::TokenHash.eq(sha256_hex(secret)))
            .filter(feed::Column::RevokedAt.is_null())
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        let Some(u) = app_user::Entity::find_by_id(f.user_id).one(db).await? else {
            return Ok(None);
        };
        if u.status != "active" {
            return Ok(None);
        }
        let actor = actor_for(db, &u, None).await?;
        let now = now_ms();
        if f.last_used_at.is_none_or(|l| now - l > TOUCH_EVERY_MS) {
            let work = Work::begin(db, &actor).await?;
            feed::Entity::update_many()
                .col_expr(feed::Column::LastUsedAt, Some(now).into())
                .filter(feed::Column::Id.eq(f.id))
                .exec(work.txn())
                .await?;
            work.commit_unaudited("a calendar feed's last-used stamp")
                .await?;
        }
        Ok(Some(actor))
    }
}

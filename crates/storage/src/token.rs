//! API tokens: created by a user for an integration, carrying at most that user's rights
//! (optionally narrowed to some permissions), stored as a SHA-256 hash, revocable.

use crate::audit::Entry;
use crate::entity::api_token;
use crate::kit::work::Work;
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use serde_json::json;
use touyan_domain::access::{parse_permissions, Permission};
use touyan_domain::paging::PageRequest;

pub const TOKEN_PREFIX: &str = "ty_";

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TokenView {
    pub id: i64,
    pub name: String,
    /// The first characters of the secret, to tell tokens apart.
    pub prefix: String,
    /// None: all of the owner's permissions.
    pub permissions: Option<Vec<String>>,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl From<api_token::Model> for TokenView {
    fn from(m: api_token::Model) -> Self {
        TokenView {
            id: m.id,
            name: m.name,
            prefix: m.prefix,
            permissions: m
                .permissions
                .map(|p| p.split(',').map(String::from).collect()),
            created_at: m.created_at,
            expires_at: m.expires_at,
            last_used_at: m.last_used_at,
            revoked_at: m.revoked_at,
        }
    }
}

/// A token just made: the only time its secret is shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NewToken {
    pub token: TokenView,
    pub secret: String,
}

pub struct TokenRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl TokenRepo<'_> {
    /// Whose tokens the caller may list and revoke: a person signed in always may manage
    /// their own; a token only when it carries `token.manage`.
    fn manager(&self) -> Result<i64> {
        let a = self.s.actor;
        match (a.user_id, a.token_id) {
            (Some(id), None) => Ok(id),
            (Some(id), Some(_)) if a.grants.holds(Permission::TokenManage) => Ok(id),
            (Some(_), Some(_)) => Err(StorageError::Forbidden),
            (None, _) => Err(StorageError::NotFound),
        }
    }

    fn owner(&self) -> Result<i64> {
        // Tokens belong to people; a token cannot mint further tokens.
        match (self.s.actor.user_id, self.s.actor.token_id) {
            (Some(id), None) => Ok(id),
            (Some(_), Some(_)) => Err(StorageError::Forbidden),
            (None, _) => Err(StorageError::NotFound),
        }
    }

    pub async fn list(&self, page: PageRequest) -> Result<Page<TokenView>> {
        let uid = self.manager()?;
        let q = api_token::Entity::find().filter(api_token::Column::UserId.eq(uid));
        let order = |q: sea_orm::Select<api_token::Entity>| q.order_by_desc(api_token::Column::Id);
        Ok(fetch_page(self.s.db, q, order, page).await?.map(Into::into))
    }

    pub async fn create(
        &self,
        name: &str,
        permissions: Option<Vec<String>>,
        expires_in_days: Option<i64>,
    ) -> Result<NewToken> {
        let uid = self.owner()?;
        let mut fe = touyan_domain::FieldErrors::new();
        let name = name.trim();
        if name.is_empty() {
            fe.add("name", "err.required");
        } else if name.chars().count() > 50 {
            fe.add("name", "err.too_long_50");
        }
        let perms = match permissions.filter(|p| !p.is_empty()) {
            Some(p) => fe.check("permissions", parse_permissions(&p)).map(Some),
            None => Some(None),
        };
        // A token carries at most its owner's rights: listing one the owner lacks is an error
        // rather than a permission silently dropped.
        if let Some(Some(set)) = &perms {
            if set.iter().any(|p| !self.s.actor.grants.holds(*p)) {
                fe.add("permissions", "auth.err.permission_not_held");
            }
        }
        if let Some(d) = expires_in_days {
            if !(1..=3650).contains(&d) {
                fe.add("expires_in_days", "err.days_range");
            }
        }
        fe.into_result()?;
        let perms = perms.unwrap();
        let secret = format!("{TOKEN_PREFIX}{}", hex::encode(rand::random::<[u8; 24]>()));
        let now = now_ms();
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = api_token::ActiveModel {
            user_id: Set(uid),
            name: Set(name.to_string()),
            token_hash: Set(crate::kit::callers::sha256_hex(&secret)),
            prefix: Set(secret[..TOKEN_PREFIX.len() + 6].to_string()),
            permissions: Set(
                perms.map(|p| p.iter().map(|x| x.code()).collect::<Vec<_>>().join(","))
            ),
            created_at: Set(now),
            expires_at: Set(expires_in_days.map(|d| now + d * 86_400_000)),
            last_used_at: Set(None),
            revoked_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let v: TokenView = m.into();
        work.record(Entry {
            action: "create",
            record_type: "api_token",
            record_id: Some(v.id.to_string()),
            node: self.s.actor.home_ref(),
            before: None,
            after: Some(json!({"name": v.name, "prefix": v.prefix, "permissions": v.permissions})),
        })
        .await?;
        work.commit().await?;
        Ok(NewToken { token: v, secret })
    }

    pub async fn revoke(&self, id: i64) -> Result<TokenView> {
        let uid = self.manager()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = api_token::Entity::find_by_id(id)
            .filter(api_token::Column::UserId.eq(uid))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        if m.revoked_at.is_some() {
            return Ok(m.into());
        }
        let mut am: api_token::ActiveModel = m.into();
        am.revoked_at = Set(Some(now_ms()));
        let v: TokenView = am.update(txn).await?.into();
        work.record(Entry {
            action: "revoke",
            record_type: "api_token",
            record_id: Some(id.to_string()),
            node: self.s.actor.home_ref(),
            before: None,
            after: Some(json!({"name": v.name, "prefix": v.prefix})),
        })
        .await?;
        work.commit().await?;
        Ok(v)
    }
}

/// The area's repositories, reached from the caller's scoped handle.
impl<'a> crate::Scoped<'a> {
    pub fn tokens(self) -> TokenRepo<'a> {
        TokenRepo { s: self }
    }
}

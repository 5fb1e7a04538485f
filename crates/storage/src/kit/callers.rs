//! Who is calling: the account behind a session cookie or an API token, with every grant,
//! read on each request by the web layer's authentication; and the expiry of sessions. The
//! accounts area opens and ends sessions (`crate::auth`) on the same handle.

use crate::entity::{api_token, app_user, session};
use crate::kit::hashing::Hashing;
use crate::kit::work::Work;
use crate::{now_ms, Actor, Result};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use touyan_domain::access::{parse_permissions, Grant, Grants};
use touyan_domain::tree::TreePath;

/// Sessions end after this long without use.
pub const SESSION_IDLE_MS: i64 = 12 * 3600 * 1000;

/// A session's last-seen time is written at most this often.
const TOUCH_EVERY_MS: i64 = 60 * 1000;

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

pub fn random_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// Every assignment of a user, as grants: one query joining each assignment to its role.
pub(crate) async fn grants_of<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<Grants> {
    let sql = "SELECT a.node_path, r.permissions FROM assignment a \
               JOIN role r ON r.id = a.role_id WHERE a.user_id = ?";
    let rows = conn
        .query_all(crate::kit::sql::stmt(
            conn.get_database_backend(),
            sql,
            vec![user_id.into()],
        ))
        .await?;
    let mut grants = Vec::new();
    for row in rows {
        let path: String = row.try_get_by_index(0)?;
        let perms: String = row.try_get_by_index(1)?;
        let codes: Vec<&str> = perms.split(',').collect();
        if let (Ok(permissions), Ok(scope)) = (parse_permissions(&codes), TreePath::parse(&path)) {
            grants.push(Grant { permissions, scope });
        }
    }
    Ok(Grants::new(grants))
}

pub(crate) async fn actor_for<C: ConnectionTrait>(
    conn: &C,
    u: &app_user::Model,
    ip: Option<String>,
) -> Result<Actor> {
    let home = match u.node_id {
        Some(id) => TreePath::parse(&u.node_path).ok().map(|p| (id, p)),
        None => None,
    };
    Ok(Actor {
        user_id: Some(u.id),
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        grants: grants_of(conn, u.id).await?,
        token_id: None,
        ip,
        locale: u.locale.clone(),
        home,
    })
}

/// Columns of the caller and one of its grants, read after the credential's own columns by
/// `caller_rows`: one row per assignment (or one row with NULL grants when there is none).
const CALLER_COLUMNS: &str = "u.id, u.username, u.display_name, u.node_id, u.node_path, \
     u.status, u.locale, a.node_path, r.permissions";

const CALLER_JOINS: &str = "JOIN app_user u ON u.id = c.user_id \
     LEFT JOIN assignment a ON a.user_id = u.id LEFT JOIN role r ON r.id = a.role_id";

/// A session or token with its account and every grant, read in one statement: this runs on
/// every request, so it is one round trip to the database rather than three.
async fn caller_rows(
    db: &DatabaseConnection,
    credential_columns: &str,
    table: &str,
    hash: &str,
) -> Result<Vec<sea_orm::QueryResult>> {
    let sql = format!(
        "SELECT {credential_columns}, {CALLER_COLUMNS} FROM {table} c {CALLER_JOINS} \
         WHERE c.token_hash = ?"
    );
    let stmt = crate::kit::sql::stmt(db.get_database_backend(), &sql, vec![hash.into()]);
    Ok(db.query_all(stmt).await?)
}

/// The active account in `rows` (columns from `first` on are `CALLER_COLUMNS`), or `None`.
fn actor_from_rows(
    rows: &[sea_orm::QueryResult],
    first: usize,
    ip: Option<String>,
) -> Result<Option<Actor>> {
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let status: String = row.try_get_by_index(first + 5)?;
    if status != "active" {
        return Ok(None);
    }
    let node_id: Option<i64> = row.try_get_by_index(first + 3)?;
    let node_path: String = row.try_get_by_index(first + 4)?;
    let mut grants = Vec::new();
    for r in rows {
        let scope: Option<String> = r.try_get_by_index(first + 7)?;
        let perms: Option<String> = r.try_get_by_index(first + 8)?;
        if let (Some(scope), Some(perms)) = (scope, perms) {
            let codes: Vec<&str> = perms.split(',').collect();
            if let (Ok(permissions), Ok(scope)) =
                (parse_permissions(&codes), TreePath::parse(&scope))
            {
                grants.push(Grant { permissions, scope });
            }
        }
    }
    Ok(Some(Actor {
        user_id: Some(row.try_get_by_index(first)?),
        username: row.try_get_by_index(first + 1)?,
        display_name: row.try_get_by_index(first + 2)?,
        grants: Grants::new(grants),
        token_id: None,
        ip,
        locale: row.try_get_by_index(first + 6)?,
        home: node_id.and_then(|id| TreePath::parse(&node_path).ok().map(|p| (id, p))),
    }))
}

#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub id: i64,
    pub csrf_token: String,
}

pub struct Auth<'a> {
    pub(crate) db: &'a DatabaseConnection,
    pub(crate) hashing: &'a Hashing,
}

impl Auth<'_> {
    /// The actor behind a session cookie, if the session is live; extends it on use.
    pub async fn session(
        &self,
        token: &str,
        ip: Option<String>,
    ) -> Result<Option<(Actor, SessionInfo)>> {
        let now = now_ms();
        let cols = "c.id, c.csrf_token, c.expires_at, c.last_seen_at";
        let rows = caller_rows(self.db, cols, "session", &sha256_hex(token)).await?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let id: i64 = row.try_get_by_index(0)?;
        let csrf_token: String = row.try_get_by_index(1)?;
        let expires_at: i64 = row.try_get_by_index(2)?;
        let last_seen_at: i64 = row.try_get_by_index(3)?;
        if expires_at <= now {
            session::Entity::delete_by_id(id).exec(self.db).await?;
            return Ok(None);
        }
        let Some(actor) = actor_from_rows(&rows, 4, ip)? else {
            return Ok(None);
        };
        if now - last_seen_at > TOUCH_EVERY_MS {
            let work = Work::begin(self.db, &actor).await?;
            session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, now.into())
                .col_expr(session::Column::ExpiresAt, (now + SESSION_IDLE_MS).into())
                .filter(session::Column::Id.eq(id))
                .exec(work.txn())
                .await?;
            work.commit_unaudited("a session's last-seen stamp").await?;
        }
        Ok(Some((actor, SessionInfo { id, csrf_token })))
    }

    /// The actor behind an API token: the owner's grants, narrowed to the token's permissions.
    pub async fn bearer(&self, secret: &str, ip: Option<String>) -> Result<Option<Actor>> {
        let now = now_ms();
        let cols = "c.id, c.permissions, c.expires_at, c.revoked_at, c.last_used_at";
        let rows = caller_rows(self.db, cols, "api_token", &sha256_hex(secret)).await?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let token_id: i64 = row.try_get_by_index(0)?;
        let narrowed: Option<String> = row.try_get_by_index(1)?;
        let expires_at: Option<i64> = row.try_get_by_index(2)?;
        let revoked_at: Option<i64> = row.try_get_by_index(3)?;
        let last_used_at: Option<i64> = row.try_get_by_index(4)?;
        if revoked_at.is_some() || expires_at.is_some_and(|e| e <= now) {
            return Ok(None);
        }
        let Some(mut actor) = actor_from_rows(&rows, 5, ip)? else {
            return Ok(None);
        };
        if let Some(p) = &narrowed {
            let allowed = parse_permissions(&p.split(',').collect::<Vec<_>>())?;
            actor.grants = actor.grants.restrict(&allowed);
        }
        actor.token_id = Some(token_id);
        if last_used_at.is_none_or(|l| now - l > TOUCH_EVERY_MS) {
            let work = Work::begin(self.db, &actor).await?;
            api_token::Entity::update_many()
                .col_expr(api_token::Column::LastUsedAt, Some(now).into())
                .filter(api_token::Column::Id.eq(token_id))
                .exec(work.txn())
                .await?;
            work.commit_unaudited("a token's last-used stamp").await?;
        }
        Ok(Some(actor))
    }

    /// Removes sessions past their expiry (called now and then by the server).
    pub async fn purge_expired(&self) -> Result<u64> {
        let system = Actor::system();
        let work = Work::begin(self.db, &system).await?;
        let r = session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lte(now_ms()))
            .exec(work.txn())
            .await?;
        work.commit_unaudited("expired sessions' housekeeping")
            .await?;
        Ok(r.rows_affected)
    }
}

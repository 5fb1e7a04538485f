//! Authentication: passwords, the login throttle, and opening and ending the sessions stored
//! in the database. These are the only operations open before the caller is known; each ends
//! in an [`Actor`] whose grants drive every scoped query. Finding the caller behind a session
//! or an API token on each request is the kit's (`crate::kit::callers`).

use crate::audit::Entry;
use crate::entity::{api_token, app_user, session};
use crate::kit::callers::{actor_for, random_token, sha256_hex};
pub use crate::kit::callers::{Auth, SessionInfo, SESSION_IDLE_MS};
pub(crate) use crate::kit::hashing::Hashing;
use crate::kit::work::Work;
use crate::login_guard::Attempt;
use crate::{now_ms, Actor, Result, StorageError};
use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
use argon2::Argon2;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde_json::json;
use std::sync::OnceLock;
use touyan_domain::auth::{NewPassword, Username};
use touyan_domain::tree::TreePath;

/// A hash to verify against when the user does not exist, so that both failures take as long.
fn dummy_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"no such user", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

pub(crate) async fn end_sessions<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<()> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Revokes every live API token of a user; answers how many.
pub(crate) async fn revoke_tokens<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<u64> {
    let r = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Some(now_ms()).into())
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(r.rows_affected)
}

#[derive(Debug)]
pub enum LoginError {
    /// Too many failures for this name or address; retry after so many seconds.
    Throttled(i64),
    /// Unknown user, wrong password or disabled account: one answer for all three.
    BadCredentials,
    Storage(StorageError),
}

impl From<StorageError> for LoginError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::Throttled(s) => LoginError::Throttled(s),
            e => LoginError::Storage(e),
        }
    }
}
impl From<sea_orm::DbErr> for LoginError {
    fn from(e: sea_orm::DbErr) -> Self {
        LoginError::Storage(e.into())
    }
}

pub struct LoginOk {
    pub session_token: String,
    pub csrf_token: String,
    pub actor: Actor,
}

impl Auth<'_> {
    /// Checks a password and opens a session. The attempt is counted before the password is
    /// checked (see [`crate::login_guard`]): past a few failures a name is slowed, and a name
    /// from one address is locked for a while; a success starts the name's count again.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        ip: Option<String>,
    ) -> Result<LoginOk, LoginError> {
        let name = Username::parse(username)
            .map(|u| u.as_str().to_string())
            .unwrap_or_else(|_| username.trim().to_lowercase());
        let user = app_user::Entity::find()
            .filter(app_user::Column::Username.eq(name.as_str()))
            .one(self.db)
            .await?;
        let home = user
            .as_ref()
            .and_then(|u| u.node_id.zip(TreePath::parse(&u.node_path).ok()));
        let user_id = user.as_ref().map(|u| u.id);
        let attempt = Attempt::new(&name, ip.as_deref());
        attempt
            .count(self.db, user_id.map(|id| (id, home.clone())))
            .await?;
        let ok = match &user {
            Some(u) => {
                self.hashing.verify(password, &u.password_hash).await? && u.status == "active"
            }
            None => {
                self.hashing.verify(password, dummy_hash()).await?;
                false
            }
        };
        let Some(u) = user.filter(|_| ok) else {
            let who = Actor::unsigned(user_id, &name, ip.clone());
            let work = Work::begin(self.db, &who).await?;
            attempt.failed(work.txn()).await?;
            work.record(Entry {
                action: "login_failed",
                record_type: "session",
                record_id: None,
                node: home.as_ref().map(|(i, p)| (*i, p)),
                before: None,
                after: Some(json!({"username": name})),
            })
            .await?;
            work.commit().await?;
            return Err(LoginError::BadCredentials);
        };
        attempt.succeeded(self.db).await?;
        let token = random_token();
        let csrf = random_token();
        let now = now_ms();
        let who = Actor::unsigned(Some(u.id), &u.username, ip.clone());
        let work = Work::begin(self.db, &who).await?;
        let txn = work.txn();
        let s = session::ActiveModel {
            token_hash: Set(sha256_hex(&token)),
            user_id: Set(u.id),
            csrf_token: Set(csrf.clone()),
            ip: Set(ip.clone()),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(now + SESSION_IDLE_MS),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let mut am: app_user::ActiveModel = u.clone().into();
        am.last_login_at = Set(Some(now));
        am.update(txn).await?;
        work.record(Entry {
            action: "login",
            record_type: "session",
            record_id: Some(s.id.to_string()),
            node: home.as_ref().map(|(i, p)| (*i, p)),
            before: None,
            after: None,
        })
        .await?;
        work.commit().await?;
        let actor = actor_for(self.db, &u, ip).await?;
        Ok(LoginOk {
            session_token: token,
            csrf_token: csrf,
            actor,
        })
    }

    pub async fn logout(&self, session_id: i64, actor: &Actor) -> Result<()> {
        let work = Work::begin(self.db, actor).await?;
        let txn = work.txn();
        session::Entity::delete_by_id(session_id).exec(txn).await?;
        work.record(Entry {
            action: "logout",
            record_type: "session",
            record_id: Some(session_id.to_string()),
            node: actor.home_ref(),
            before: None,
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// Changes the caller's own password after checking the current one (a check counted by
    /// the login throttle); ends the caller's other sessions.
    pub async fn change_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
        keep_session: Option<i64>,
    ) -> Result<()> {
        let uid = actor.user_id.ok_or(StorageError::NotFound)?;
        let u = app_user::Entity::find_by_id(uid)
            .one(self.db)
            .await?
            .ok_or(StorageError::NotFound)?;
        // Guesses of the current password are counted like sign-ins, for the same name and
        // address, so a session left open cannot be used to find the password.
        let home = u.node_id.zip(TreePath::parse(&u.node_path).ok());
        let attempt = Attempt::new(&u.username, actor.ip.as_deref());
        attempt.count(self.db, Some((u.id, home))).await?;
        let mut fe = touyan_domain::FieldErrors::new();
        if self.hashing.verify(current, &u.password_hash).await? {
            attempt.succeeded(self.db).await?;
        } else {
            attempt.failed(self.db).await?;
            fe.add("current_password", "err.password_wrong");
        }
        let new = fe.check("new_password", NewPassword::parse("new_password", new));
        fe.into_result()?;
        let hash = self.hashing.hash(new.unwrap().expose()).await?;
        let work = Work::begin(self.db, actor).await?;
        let txn = work.txn();
        let mut am: app_user::ActiveModel = u.into();
        am.password_hash = Set(hash);
        am.updated_at = Set(now_ms());
        am.update(txn).await?;
        let mut del = session::Entity::delete_many().filter(session::Column::UserId.eq(uid));
        if let Some(keep) = keep_session {
            del = del.filter(session::Column::Id.ne(keep));
        }
        del.exec(txn).await?;
        work.record(Entry {
            action: "change_password",
            record_type: "user",
            record_id: Some(uid.to_string()),
            node: actor.home_ref(),
            before: None,
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(())
    }

    /// The caller's preferred language.
    pub async fn set_locale(&self, actor: &Actor, locale: &str) -> Result<()> {
        let uid = actor.user_id.ok_or(StorageError::NotFound)?;
        if !crate::user::LOCALES.contains(&locale) {
            return Err(StorageError::field("locale", "err.locale_invalid"));
        }
        let work = Work::begin(self.db, actor).await?;
        let u = app_user::Entity::find_by_id(uid)
            .one(work.txn())
            .await?
            .ok_or(StorageError::NotFound)?;
        let mut am: app_user::ActiveModel = u.into();
        am.locale = Set(locale.to_string());
        am.update(work.txn()).await?;
        work.commit_unaudited("a preference of the caller's own")
            .await?;
        Ok(())
    }

    /// On a database with no accounts, creates `admin` as 系统管理员 over the whole tree.
    /// Answers the password when it was generated here (to be printed once).
    pub async fn ensure_admin(&self, password: Option<String>) -> Result<Option<String>> {
        use sea_orm::PaginatorTrait;
        if app_user::Entity::find().count(self.db).await? > 0 {
            return Ok(None);
        }
        let (pw, generated) = match password {
            Some(p) => (p, false),
            None => (hex::encode(rand::random::<[u8; 9]>()), true),
        };
        let system = Actor::system();
        // Creating an account touches no file.
        let files = crate::kit::files::FileStore::new("data/files");
        let scoped = crate::Scoped::new(self.db, &system, &files, self.hashing);
        let new = touyan_domain::auth::NewUser::parse("admin", "系统管理员", &pw)?;
        let u = scoped.users().create(new, None).await?;
        let role = scoped.roles().by_code("system_admin").await?;
        scoped.users().assign(u.id, role.id, None).await?;
        Ok(generated.then_some(pw))
    }
}

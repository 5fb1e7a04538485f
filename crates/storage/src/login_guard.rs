//! The login throttle as stored: every password check (signing in, changing one's own
//! password) is counted before it runs, in one write transaction that reads and updates the
//! counters it is judged by, so that parallel attempts are judged one after the other and
//! never pass the policy together. Three counters are kept for an attempt:
//!
//! - the name with the client address (`pair:`): locked after a few consecutive failures;
//! - the name from every address (`user:`): only slowed, so nobody can lock another out;
//! - the address for every name (`ip:`): slowed, then locked, against one address trying
//!   many names.
//!
//! Administrators see the current locks and may lift one; each lock and unlock is audited.

use crate::audit::Entry;
use crate::entity::login_throttle;
use crate::kit::work::Work;
use crate::{now_ms, Actor, Result, Scoped, StorageError};
use sea_orm::{ColumnTrait, QuerySelect};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::auth::{Policy, Throttle, Verdict, ADDRESS_POLICY, PAIR_POLICY, USER_POLICY};
use touyan_domain::tree::TreePath;

/// The counters of one attempt: a user name as typed (lower-cased) and the client address.
#[derive(Debug, Clone)]
pub(crate) struct Attempt {
    name: String,
    ip: Option<String>,
}

fn user_key(name: &str) -> String {
    format!("user:{name}")
}

fn pair_key(name: &str, ip: &str) -> String {
    format!("pair:{name}|{ip}")
}

fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
}

/// What a lock holds back: one name from one address, or one address for every name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LockKind {
    Account,
    Address,
}

/// A lock in force.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LoginLock {
    /// Names the lock for [`LoginLocks::unlock`].
    pub key: String,
    pub kind: LockKind,
    /// The user name tried (for an account lock).
    pub username: Option<String>,
    /// The client address.
    pub address: String,
    /// Failures counted so far.
    pub failures: i32,
    /// Unix milliseconds of the last failure.
    pub last_failure: i64,
    /// Unix milliseconds at which the lock ends by itself.
    pub locked_until: i64,
}

/// The kind, name and address a stored key stands for; `None` for a name-wide counter,
/// which is never locked.
fn parse_key(key: &str) -> Option<(LockKind, Option<String>, String)> {
    if let Some(rest) = key.strip_prefix("pair:") {
        // An address never holds `|`; a name typed at the form might.
        let (name, ip) = rest.rsplit_once('|')?;
        return Some((LockKind::Account, Some(name.to_string()), ip.to_string()));
    }
    key.strip_prefix("ip:")
        .map(|ip| (LockKind::Address, None, ip.to_string()))
}

impl Attempt {
    pub(crate) fn new(name: &str, ip: Option<&str>) -> Self {
        Attempt {
            name: name.to_string(),
            ip: ip.map(str::to_string),
        }
    }

    fn ip(&self) -> &str {
        self.ip.as_deref().unwrap_or("")
    }

    /// Every counter with its policy, in key order, so that parallel transactions lock the
    /// rows in one order.
    fn keys(&self) -> [(String, &'static Policy); 3] {
        [
            (ip_key(self.ip()), &ADDRESS_POLICY),
            (pair_key(&self.name, self.ip()), &PAIR_POLICY),
            (user_key(&self.name), &USER_POLICY),
        ]
    }

    /// Counts this attempt as a failure before the password is checked, or refuses it with
    /// the seconds to wait. A lock this attempt sets is audited in the same transaction;
    /// `who` is the account the name belongs to, if any, with its home node.
    pub(crate) async fn count(
        &self,
        db: &DatabaseConnection,
        who: Option<(i64, Option<(i64, TreePath)>)>,
    ) -> Result<()> {
        let now = now_ms();
        let (user_id, home) = match &who {
            Some((id, home)) => (Some(*id), home.as_ref()),
            None => (None, None),
        };
        let attempt = Actor::unsigned(user_id, &self.name, self.ip.clone());
        let work = Work::begin(db, &attempt).await?;
        let txn = work.txn();
        let mut locked = false;
        let mut rows = Vec::with_capacity(3);
        let mut wait = 0;
        for (key, policy) in self.keys() {
            let t = read_locked(txn, &key).await?;
            if let Verdict::RetryAfter(s) = t.check(policy, now) {
                wait = wait.max(s);
            }
            rows.push((key, policy, t));
        }
        if wait > 0 {
            // Nothing was written; dropping the transaction rolls it back.
            return Err(StorageError::Throttled(wait));
        }
        for (key, policy, before) in rows {
            let after = before.record_failure(policy, now);
            let b = txn.get_database_backend();
            let sql = "UPDATE login_throttle SET failures = ?, last_failure = ?, \
                       locked_until = ? WHERE \"key\" = ?";
            let values = vec![
                (after.failures.min(i32::MAX as u32) as i32).into(),
                after.last_failure.into(),
                after.locked_until.into(),
                key.clone().into(),
            ];
            txn.execute(crate::kit::sql::stmt(b, sql, values)).await?;
            if after.locked(now) && !before.locked(now) {
                locked = true;
                work.record(Entry {
                    action: "login_locked",
                    record_type: "login_lock",
                    record_id: Some(key.clone()),
                    node: home.map(|(i, p)| (*i, p)),
                    before: None,
                    after: Some(json!({
                        "username": self.name,
                        "address": self.ip(),
                        "failures": after.failures,
                        "locked_until": after.locked_until,
                    })),
                })
                .await?;
            }
        }
        if locked {
            work.commit().await?;
        } else {
            work.commit_unaudited("login-failure counters").await?;
        }
        Ok(())
    }

    /// After a wrong password: the delays run from when the failure was known, not from when
    /// the attempt began.
    pub(crate) async fn failed<C: ConnectionTrait>(&self, db: &C) -> Result<()> {
        let now = now_ms();
        let keys = self.keys();
        let sql = "UPDATE login_throttle SET last_failure = ? \
                   WHERE \"key\" IN (?, ?, ?) AND last_failure < ?";
        let values = vec![
            now.into(),
            keys[0].0.clone().into(),
            keys[1].0.clone().into(),
            keys[2].0.clone().into(),
            now.into(),
        ];
        db.execute(crate::kit::sql::stmt(
            db.get_database_backend(),
            sql,
            values,
        ))
        .await?;
        Ok(())
    }

    /// After the right password: the name's counters start again; the address gives back
    /// the one failure this attempt counted, so an office signing in is never slowed.
    pub(crate) async fn succeeded(&self, db: &DatabaseConnection) -> Result<()> {
        let b = db.get_database_backend();
        let attempt = Actor::unsigned(None, &self.name, self.ip.clone());
        let work = Work::begin(db, &attempt).await?;
        let txn = work.txn();
        let del = "DELETE FROM login_throttle WHERE \"key\" IN (?, ?)";
        let values = vec![
            pair_key(&self.name, self.ip()).into(),
            user_key(&self.name).into(),
        ];
        txn.execute(crate::kit::sql::stmt(b, del, values)).await?;
        let dec = "UPDATE login_throttle SET failures = failures - 1 \
                   WHERE \"key\" = ? AND failures > 0";
        txn.execute(crate::kit::sql::stmt(
            b,
            dec,
            vec![ip_key(self.ip()).into()],
        ))
        .await?;
        work.commit_unaudited("login-failure counters").await?;
        Ok(())
    }
}

/// One counter, created when missing, read with its row held for the transaction: one
/// upsert that PostgreSQL answers with the row locked (SQLite's write transaction already
/// holds the whole database).
async fn read_locked<C: ConnectionTrait>(conn: &C, key: &str) -> Result<Throttle> {
    let sql = "INSERT INTO login_throttle (\"key\", failures, last_failure, locked_until) \
               VALUES (?, 0, 0, 0) ON CONFLICT (\"key\") DO UPDATE \
               SET failures = login_throttle.failures \
               RETURNING failures, last_failure, locked_until";
    let stmt = crate::kit::sql::stmt(conn.get_database_backend(), sql, vec![key.into()]);
    let row = conn
        .query_one(stmt)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound(key.to_string()))?;
    let failures: i32 = row.try_get_by_index(0)?;
    Ok(Throttle {
        failures: failures.max(0) as u32,
        last_failure: row.try_get_by_index(1)?,
        locked_until: row.try_get_by_index(2)?,
    })
}

/// At most this many locks are listed, the latest first.
const LIST_CAP: u64 = 500;

/// The locks in force, for administrators holding the users permissions over the whole
/// tree (a lock names an address and a name that may be no account, so no subtree holds it).
pub struct LoginLocks<'a> {
    s: Scoped<'a>,
}

impl<'a> Scoped<'a> {
    pub fn login_locks(self) -> LoginLocks<'a> {
        LoginLocks { s: self }
    }
}

impl LoginLocks<'_> {
    pub async fn list(&self) -> Result<Vec<LoginLock>> {
        if !self.s.actor.grants.allows_global(Permission::UserRead) {
            return Err(StorageError::Forbidden);
        }
        let now = now_ms();
        let rows = login_throttle::Entity::find()
            .filter(login_throttle::Column::LockedUntil.gt(now))
            .order_by_desc(login_throttle::Column::LockedUntil)
            .limit(LIST_CAP)
            .all(self.s.db)
            .await?;
        Ok(rows.into_iter().filter_map(view).collect())
    }

    /// Lifts a lock in force (and the name's slowing with an account lock).
    pub async fn unlock(&self, key: &str) -> Result<LoginLock> {
        if !self.s.actor.grants.allows_global(Permission::UserWrite) {
            return Err(StorageError::Forbidden);
        }
        let now = now_ms();
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let lock = login_throttle::Entity::find_by_id(key.to_string())
            .filter(login_throttle::Column::LockedUntil.gt(now))
            .one(txn)
            .await?
            .and_then(view)
            .ok_or(StorageError::NotFound)?;
        let mut keys = vec![lock.key.clone()];
        if let Some(name) = &lock.username {
            keys.push(user_key(name));
        }
        login_throttle::Entity::delete_many()
            .filter(login_throttle::Column::Key.is_in(keys))
            .exec(txn)
            .await?;
        work.record(Entry {
            action: "unlock",
            record_type: "login_lock",
            record_id: Some(lock.key.clone()),
            node: None,
            before: Some(json!({
                "username": lock.username,
                "address": lock.address,
                "failures": lock.failures,
                "locked_until": lock.locked_until,
            })),
            after: None,
        })
        .await?;
        work.commit().await?;
        Ok(lock)
    }
}

fn view(m: login_throttle::Model) -> Option<LoginLock> {
    let (kind, username, address) = parse_key(&m.key)?;
    Some(LoginLock {
        key: m.key,
        kind,
        username,
        address,
        failures: m.failures,
        last_failure: m.last_failure,
        locked_until: m.locked_until,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_what_they_count_and_come_in_one_order() {
        let a = Attempt::new("admin", Some("10.0.0.7"));
        let keys: Vec<String> = a.keys().iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(keys, ["ip:10.0.0.7", "pair:admin|10.0.0.7", "user:admin"]);
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "locked in one order by every attempt");
        assert_eq!(
            parse_key("pair:a|b|::1"),
            Some((LockKind::Account, Some("a|b".into()), "::1".into()))
        );
        assert_eq!(
            parse_key("ip:10.0.0.7"),
            Some((LockKind::Address, None, "10.0.0.7".into()))
        );
        assert_eq!(parse_key("user:admin"), None);
    }
}

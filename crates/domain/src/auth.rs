//! Accounts: user names, passwords, display names, and the login throttle.

use crate::{DomainError, FieldErrors};
use serde::{Deserialize, Serialize};

mod inputs;
pub use inputs::*;

/// A login name: 2 to 32 characters, lower-case letters, digits, `_`, `-`, `.`, starting with a
/// letter. Input is lower-cased so `Admin` and `admin` are one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim().to_lowercase();
        if t.is_empty() {
            return Err(DomainError::field("username", "err.required"));
        }
        let ok = (2..=32).contains(&t.len())
            && t.starts_with(|c: char| c.is_ascii_lowercase())
            && t.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b));
        if !ok {
            return Err(DomainError::field("username", "err.username_format"));
        }
        Ok(Username(t))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 8 to 128 characters, not one character repeated.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

impl NewPassword {
    pub fn parse(field: &str, s: &str) -> Result<Self, DomainError> {
        let n = s.chars().count();
        if n == 0 {
            return Err(DomainError::field(field, "err.required"));
        }
        if n < 8 {
            return Err(DomainError::field(field, "err.password_short"));
        }
        if n > 128 {
            return Err(DomainError::field(field, "err.password_long"));
        }
        let first = s.chars().next().unwrap();
        if s.chars().all(|c| c == first) {
            return Err(DomainError::field(field, "err.password_weak"));
        }
        Ok(NewPassword(s.to_string()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A person's displayed name: 1 to 50 characters after trimming.
pub fn parse_display_name(s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(DomainError::field("display_name", "err.required"));
    }
    if t.chars().count() > 50 || t.chars().any(char::is_control) {
        return Err(DomainError::field("display_name", "err.too_long_50"));
    }
    Ok(t.to_string())
}

/// The validated fields of a new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: Username,
    pub display_name: String,
    pub password: NewPassword,
}

impl NewUser {
    pub fn parse(username: &str, display_name: &str, password: &str) -> Result<Self, DomainError> {
        let mut fe = FieldErrors::new();
        let u = fe.check("username", Username::parse(username));
        let d = fe.check("display_name", parse_display_name(display_name));
        let p = fe.check("password", NewPassword::parse("password", password));
        fe.into_result()?;
        Ok(NewUser {
            username: u.unwrap(),
            display_name: d.unwrap(),
            password: p.unwrap(),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Active,
    Disabled,
}

impl UserStatus {
    pub fn code(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Disabled => "disabled",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "active" => Ok(UserStatus::Active),
            "disabled" => Ok(UserStatus::Disabled),
            _ => Err(DomainError::field("status", "err.status_invalid")),
        }
    }
}

/// Failed logins counted for one key (a user name, or a client address).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Throttle {
    pub failures: u32,
    /// Unix milliseconds of the last failure.
    pub last_failure: i64,
    /// Unix milliseconds until which every attempt is refused.
    pub locked_until: i64,
}

/// How failures of one kind of key are answered: failures older than `window` are forgotten;
/// from the `slow_after`th failure on, each attempt must wait a delay doubling from one
/// second (capped at `max_delay`); the `lock_after`th failure locks the key for `lock_for`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub window: i64,
    pub slow_after: u32,
    pub max_delay: i64,
    pub lock_after: u32,
    pub lock_for: i64,
}

/// For one user name, from every address: guessing one account's password. Only slowed,
/// never locked, so that nobody can keep an account locked out from elsewhere.
pub const USER_POLICY: Policy = Policy {
    window: 15 * 60,
    slow_after: 3,
    max_delay: 60,
    lock_after: u32::MAX,
    lock_for: 0,
};

/// For one user name from one client address: locked after five consecutive failures for
/// thirty minutes (等保 2.0 level 3, 身份鉴别: 登录失败处理 — limit failed attempts and lock).
pub const PAIR_POLICY: Policy = Policy {
    window: 30 * 60,
    slow_after: u32::MAX,
    max_delay: 0,
    lock_after: 5,
    lock_for: 30 * 60,
};

/// For one client address, which a whole office may share behind one gateway: more room
/// before slowing, but the same shape against an address that tries many names.
pub const ADDRESS_POLICY: Policy = Policy {
    window: 15 * 60,
    slow_after: 10,
    max_delay: 60,
    lock_after: 50,
    lock_for: 15 * 60,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Refused without checking the password; retry after this many seconds.
    RetryAfter(i64),
}

/// Whole seconds to wait for `ms` milliseconds, rounded up, at least one.
fn wait_secs(ms: i64) -> i64 {
    ((ms + 999) / 1000).max(1)
}

/// Times are Unix milliseconds (so that attempts a moment apart are told apart); the
/// policy's durations and the answered waits are whole seconds.
impl Throttle {
    fn current(self, p: &Policy, now: i64) -> Throttle {
        if self.locked_until <= now && now - self.last_failure > p.window * 1000 {
            Throttle::default()
        } else {
            self
        }
    }

    pub fn check(self, p: &Policy, now: i64) -> Verdict {
        let t = self.current(p, now);
        if t.locked_until > now {
            return Verdict::RetryAfter(wait_secs(t.locked_until - now));
        }
        if t.failures >= p.slow_after {
            let delay = (1i64 << (t.failures - p.slow_after).min(10)).min(p.max_delay);
            let ready = t.last_failure + delay * 1000;
            if ready > now {
                return Verdict::RetryAfter(wait_secs(ready - now));
            }
        }
        Verdict::Allowed
    }

    /// Whether every attempt is refused until a later time (a lock, not a delay).
    pub fn locked(self, now: i64) -> bool {
        self.locked_until > now
    }

    pub fn record_failure(self, p: &Policy, now: i64) -> Throttle {
        let t = self.current(p, now);
        let failures = t.failures.saturating_add(1);
        let locked_until = if failures >= p.lock_after {
            now + p.lock_for * 1000
        } else {
            t.locked_until
        };
        Throttle {
            failures,
            last_failure: now,
            locked_until,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(Username::parse(" Binhai ").unwrap().as_str(), "binhai");
        for bad in ["", "a", "1abc", "有中文", "a b", &"a".repeat(33)] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords() {
        assert!(NewPassword::parse("password", "touyan-demo").is_ok());
        assert_eq!(
            NewPassword::parse("password", "short"),
            Err(DomainError::field("password", "err.password_short"))
        );
        assert_eq!(
            NewPassword::parse("password", "aaaaaaaaaa"),
            Err(DomainError::field("password", "err.password_weak"))
        );
        assert!(NewPassword::parse("password", &"ab".repeat(65)).is_err());
        assert_eq!(
            format!("{:?}", NewPassword::parse("p", "secret-123").unwrap()),
            "NewPassword(***)"
        );
    }

    #[test]
    fn new_user_collects_every_field_error() {
        let DomainError::Invalid(fe) = NewUser::parse("", " ", "x").unwrap_err() else {
            panic!()
        };
        assert_eq!(fe.0.len(), 3);
    }

    const S: i64 = 1000;

    #[test]
    fn waits_are_whole_seconds_rounded_up() {
        assert_eq!(wait_secs(1), 1);
        assert_eq!(wait_secs(999), 1);
        assert_eq!(wait_secs(1000), 1);
        assert_eq!(wait_secs(1001), 2);
        assert_eq!(wait_secs(1_800_000), 1800);
    }

    #[test]
    fn a_name_is_only_slowed_a_name_and_address_pair_is_locked() {
        let mut name = Throttle::default();
        let mut pair = Throttle::default();
        let now = 1_000_000 * S;
        for i in 0..100 {
            name = name.record_failure(&USER_POLICY, now + i * 100);
        }
        let last = now + 9_900;
        assert!(!name.locked(last));
        assert_eq!(name.check(&USER_POLICY, last), Verdict::RetryAfter(60));
        for i in 0..PAIR_POLICY.lock_after as i64 {
            assert_eq!(
                pair.check(&PAIR_POLICY, now + i),
                Verdict::Allowed,
                "no delay"
            );
            pair = pair.record_failure(&PAIR_POLICY, now + i);
        }
        let at = now + PAIR_POLICY.lock_after as i64 - 1;
        assert!(pair.locked(at));
        assert_eq!(
            pair.check(&PAIR_POLICY, at),
            Verdict::RetryAfter(PAIR_POLICY.lock_for)
        );
        assert_eq!(
            pair.check(&PAIR_POLICY, at + PAIR_POLICY.lock_for * S),
            Verdict::Allowed
        );
    }

    #[test]
    fn throttle_slows_then_locks() {
        let p = &ADDRESS_POLICY;
        let mut t = Throttle::default();
        let now = 1_000_000 * S;
        for i in 0..p.slow_after {
            assert_eq!(t.check(p, now + i as i64 * 100 * S), Verdict::Allowed);
            t = t.record_failure(p, now + i as i64 * 100 * S);
        }
        let last = t.last_failure;
        // From the slowing failure on, the next attempt waits one second, then doubles;
        // attempts a few milliseconds apart are told apart.
        assert_eq!(t.check(p, last), Verdict::RetryAfter(1));
        assert_eq!(t.check(p, last + 999), Verdict::RetryAfter(1));
        assert_eq!(t.check(p, last + S), Verdict::Allowed);
        t = t.record_failure(p, last + S);
        assert_eq!(t.check(p, last + S), Verdict::RetryAfter(2));
        let mut now2 = last + 10 * S;
        while t.failures < p.lock_after {
            t = t.record_failure(p, now2);
            now2 += S;
        }
        assert_eq!(t.check(p, now2), Verdict::RetryAfter(p.lock_for - 1));
        assert_eq!(t.check(p, now2 - S + p.lock_for * S), Verdict::Allowed);
    }

    #[test]
    fn throttle_forgets_old_failures() {
        let p = &USER_POLICY;
        let t = Throttle::default()
            .record_failure(p, 0)
            .record_failure(p, S)
            .record_failure(p, 2 * S);
        assert_eq!(t.check(p, 2 * S), Verdict::RetryAfter(1));
        assert_eq!(t.check(p, (2 + p.window + 1) * S), Verdict::Allowed);
        assert_eq!(t.record_failure(p, (2 + p.window + 1) * S).failures, 1);
    }

    #[test]
    fn an_address_gets_more_room_than_a_name() {
        let mut t = Throttle::default();
        for i in 0..USER_POLICY.slow_after {
            t = t.record_failure(&ADDRESS_POLICY, i as i64 * S);
        }
        assert_eq!(t.check(&ADDRESS_POLICY, 2 * S), Verdict::Allowed);
        assert_ne!(t.check(&USER_POLICY, 2 * S), Verdict::Allowed);
    }
}

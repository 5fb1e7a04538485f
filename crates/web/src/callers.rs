//! Callers resolved a moment ago. A page and the requests it sets off, or an integration
//! calling in a loop, send the same session or token again and again; each would otherwise
//! read the same rows (the credential, its account and the account's grants) once per
//! request. An entry serves for at most [`TTL`], and not at all once a state-changing
//! request has finished in this process after it was read: a change to an account, its
//! grants, its sessions or its tokens made through this server takes effect on the very
//! next request, and one made by another process over the same database (the `touyan admin`
//! command line, a second server) within [`TTL`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use touyan_storage::kit::callers::SessionInfo;
use touyan_storage::Actor;

/// How long a resolved caller may be reused.
pub const TTL: Duration = Duration::from_secs(1);
/// Entries kept at most; beyond it the stale ones go, or all of them.
const MAX_ENTRIES: usize = 10_000;

/// Which kind of credential a key names, so that a session cookie and a bearer token that
/// happened to be equal could never stand for each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Credential {
    Session,
    Bearer,
}

#[derive(Default)]
pub struct Callers {
    /// Bumped when a state-changing request finishes.
    epoch: AtomicU64,
    map: Mutex<HashMap<(Credential, String), Entry>>,
}

struct Entry {
    actor: Actor,
    session: Option<SessionInfo>,
    /// The epoch read before the caller was looked up.
    epoch: u64,
    at: Instant,
}

impl Callers {
    /// Read before looking a caller up, and handed back to [`Callers::put`]: a change that
    /// finishes while the lookup runs then voids what it read.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::Acquire)
    }

    pub fn get(&self, kind: Credential, secret: &str) -> Option<(Actor, Option<SessionInfo>)> {
        self.get_at(kind, secret, Instant::now())
    }

    fn get_at(
        &self,
        kind: Credential,
        secret: &str,
        now: Instant,
    ) -> Option<(Actor, Option<SessionInfo>)> {
        let epoch = self.epoch();
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        let e = map.get(&(kind, secret.to_string()))?;
        e.fresh(epoch, now)
            .then(|| (e.actor.clone(), e.session.clone()))
    }

    pub fn put(
        &self,
        kind: Credential,
        secret: &str,
        epoch: u64,
        actor: &Actor,
        session: Option<&SessionInfo>,
    ) {
        let now = Instant::now();
        let current = self.epoch();
        if epoch != current {
            return;
        }
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, e| e.fresh(current, now));
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
        }
        map.insert(
            (kind, secret.to_string()),
            Entry {
                actor: actor.clone(),
                session: session.cloned(),
                epoch,
                at: now,
            },
        );
    }

    /// A state-changing request has finished: everything read before it is void.
    pub fn changed(&self) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
    }
}

impl Entry {
    fn fresh(&self, epoch: u64, now: Instant) -> bool {
        self.epoch == epoch && now.saturating_duration_since(self.at) < TTL
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(name: &str) -> Actor {
        let mut a = Actor::system();
        a.username = name.into();
        a
    }

    #[test]
    fn serves_a_caller_until_a_change_or_its_time_is_up() {
        let c = Callers::default();
        let e = c.epoch();
        c.put(Credential::Session, "s1", e, &actor("alice"), None);
        let got = c.get(Credential::Session, "s1").map(|(a, _)| a.username);
        assert_eq!(got.as_deref(), Some("alice"));
        // The same secret as another kind of credential is another caller.
        assert!(c.get(Credential::Bearer, "s1").is_none());
        assert!(c.get(Credential::Session, "s2").is_none());
        // Past its time.
        let later = Instant::now() + TTL;
        assert!(c.get_at(Credential::Session, "s1", later).is_none());
        // After a change, until it is read again.
        c.changed();
        assert!(c.get(Credential::Session, "s1").is_none());
        c.put(Credential::Session, "s1", c.epoch(), &actor("alice2"), None);
        let got = c.get(Credential::Session, "s1").map(|(a, _)| a.username);
        assert_eq!(got.as_deref(), Some("alice2"));
    }

    #[test]
    fn a_lookup_that_a_change_overtook_is_not_kept() {
        let c = Callers::default();
        let before = c.epoch();
        // A write finishes while the lookup is reading.
        c.changed();
        c.put(Credential::Bearer, "t", before, &actor("bob"), None);
        assert!(c.get(Credential::Bearer, "t").is_none());
    }

    #[test]
    fn keeps_a_bounded_number_of_callers() {
        let c = Callers::default();
        let e = c.epoch();
        for i in 0..MAX_ENTRIES + 5 {
            c.put(Credential::Bearer, &i.to_string(), e, &actor("x"), None);
        }
        let n = c.map.lock().unwrap().len();
        assert!(n <= MAX_ENTRIES, "{n}");
        assert!(c
            .get(Credential::Bearer, &(MAX_ENTRIES + 4).to_string())
            .is_some());
    }
}

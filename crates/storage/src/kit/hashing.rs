//! Password hashing (argon2id), bounded so that a burst of sign-ins cannot exhaust memory.

use crate::{Result, StorageError};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Password hashes computed or checked at once: each holds about 19 MiB for its run, so a
/// burst of sign-ins must not start them all together. One per store (a server has one), two
/// permits per core keep the cores busy.
#[derive(Clone)]
pub(crate) struct Hashing {
    permits: Arc<Semaphore>,
}

/// How long a password check waits for its turn before it is answered "retry later".
const HASHING_WAIT: Duration = Duration::from_secs(3);

impl Hashing {
    pub(crate) fn new() -> Hashing {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Hashing {
            permits: Arc::new(Semaphore::new((2 * cores).max(2))),
        }
    }

    /// Runs `work` (one argon2 hash or check) off the async threads, once a permit is free;
    /// past [`HASHING_WAIT`] the caller is told to retry in a second.
    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let permit = tokio::time::timeout(HASHING_WAIT, self.permits.acquire())
            .await
            .map_err(|_| StorageError::Throttled(1))?
            .map_err(|e| StorageError::Hash(e.to_string()))?;
        let out = tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| StorageError::Hash(e.to_string()));
        drop(permit);
        out
    }

    /// argon2id with the crate's default parameters, off the async threads.
    pub(crate) async fn hash(&self, pw: &str) -> Result<String> {
        let pw = pw.to_string();
        self.run(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(pw.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| StorageError::Hash(e.to_string()))
        })
        .await?
    }

    pub(crate) async fn verify(&self, pw: &str, hash: &str) -> Result<bool> {
        let (pw, hash) = (pw.to_string(), hash.to_string());
        self.run(move || {
            PasswordHash::new(&hash)
                .map(|h| Argon2::default().verify_password(pw.as_bytes(), &h).is_ok())
                .unwrap_or(false)
        })
        .await
    }
}

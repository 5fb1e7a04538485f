//! Limits on what one client address may do on the public side without signing in: submit
//! requests, look requests up by tracking code, rate, and search locations. Counts are kept
//! in this process's memory, per address and per kind, over a sliding window: they start
//! again from zero when the server restarts, and each server of several counts on its own.
//! The address is the one `ctx` settles on (the peer, or `X-Forwarded-For` from a trusted
//! proxy), so a whole office behind one NAT shares its allowance.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What is being limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// New requests (the form, the JSON API, Open311 POST): 5 per 10 minutes.
    Submit,
    /// Anything that opens a request by its tracking code: 60 per minute.
    Lookup,
    /// Ratings and other actions through the tracking code: 10 per 10 minutes.
    Act,
    /// Location searches of the form's picker: 120 per minute.
    Search,
    /// Activity sign-in codes tried by one account (keyed by the account, not the address):
    /// 10 per 10 minutes, a success given back.
    SignIn,
}

impl Bucket {
    /// How many in how long.
    pub fn limit(self) -> (usize, Duration) {
        match self {
            Bucket::Submit => (5, Duration::from_secs(600)),
            Bucket::Lookup => (60, Duration::from_secs(60)),
            Bucket::Act => (10, Duration::from_secs(600)),
            Bucket::Search => (120, Duration::from_secs(60)),
            Bucket::SignIn => (10, Duration::from_secs(600)),
        }
    }
}

/// Past this many tracked addresses, a call also drops those with nothing in their window.
const SWEEP_AT: usize = 10_000;

/// The limiter shared by every handler through `AppState`.
#[derive(Debug, Default)]
pub struct Limiter {
    seen: Mutex<HashMap<(Bucket, String), VecDeque<Instant>>>,
}

/// A slot taken by [`Limiter::take`]; give it back with [`Limiter::give_back`] when the
/// attempt did not count (a submission refused for its fields).
#[derive(Debug)]
pub struct Slot {
    bucket: Bucket,
    key: String,
    at: Instant,
}

impl Limiter {
    /// Takes one slot of `bucket` for `ip`, or answers the whole seconds to wait.
    pub fn take(&self, bucket: Bucket, ip: Option<&str>) -> Result<Slot, i64> {
        self.take_at(bucket, ip, Instant::now())
    }

    fn take_at(&self, bucket: Bucket, ip: Option<&str>, now: Instant) -> Result<Slot, i64> {
        let (max, window) = bucket.limit();
        let key = ip.unwrap_or("unknown").to_string();
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() >= SWEEP_AT {
            seen.retain(|(b, _), times| {
                let w = b.limit().1;
                times.back().is_some_and(|t| now.duration_since(*t) < w)
            });
        }
        let times = seen.entry((bucket, key.clone())).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            times.pop_front();
        }
        if times.len() >= max {
            let oldest = *times.front().expect("full, so not empty");
            let wait = window.saturating_sub(now.duration_since(oldest));
            // Whole seconds, rounded up, at least one.
            let secs = wait.as_millis().div_ceil(1000).max(1);
            return Err(secs as i64);
        }
        times.push_back(now);
        Ok(Slot {
            bucket,
            key,
            at: now,
        })
    }

    /// Returns a slot that should not have counted.
    pub fn give_back(&self, slot: Slot) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(times) = seen.get_mut(&(slot.bucket, slot.key)) {
            if let Some(i) = times.iter().rposition(|t| *t == slot.at) {
                times.remove(i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_address_and_bucket_over_a_sliding_window() {
        let l = Limiter::default();
        let t0 = Instant::now();
        for i in 0..5 {
            assert!(l
                .take_at(
                    Bucket::Submit,
                    Some("10.0.0.1"),
                    t0 + Duration::from_secs(i)
                )
                .is_ok());
        }
        // The sixth within ten minutes waits until the first leaves the window.
        let wait = l
            .take_at(
                Bucket::Submit,
                Some("10.0.0.1"),
                t0 + Duration::from_secs(10),
            )
            .unwrap_err();
        assert_eq!(wait, 590);
        // Another address, another bucket: their own allowances.
        assert!(l.take_at(Bucket::Submit, Some("10.0.0.2"), t0).is_ok());
        assert!(l.take_at(Bucket::Lookup, Some("10.0.0.1"), t0).is_ok());
        // Ten minutes after the first, one slot is free again.
        assert!(l
            .take_at(
                Bucket::Submit,
                Some("10.0.0.1"),
                t0 + Duration::from_secs(600)
            )
            .is_ok());
        assert!(l
            .take_at(
                Bucket::Submit,
                Some("10.0.0.1"),
                t0 + Duration::from_secs(600)
            )
            .is_err());
    }

    #[test]
    fn a_slot_given_back_does_not_count() {
        let l = Limiter::default();
        let t0 = Instant::now();
        for i in 0..5 {
            let s = l
                .take_at(Bucket::Submit, None, t0 + Duration::from_millis(i))
                .unwrap();
            if i == 4 {
                l.give_back(s);
            }
        }
        assert!(l
            .take_at(Bucket::Submit, None, t0 + Duration::from_millis(9))
            .is_ok());
        assert_eq!(
            l.take_at(Bucket::Submit, None, t0 + Duration::from_millis(10))
                .unwrap_err(),
            600
        );
    }

    #[test]
    fn idle_addresses_are_swept() {
        let l = Limiter::default();
        let t0 = Instant::now();
        for i in 0..SWEEP_AT {
            l.take_at(Bucket::Lookup, Some(&format!("ip{i}")), t0)
                .unwrap();
        }
        l.take_at(Bucket::Lookup, Some("late"), t0 + Duration::from_secs(61))
            .unwrap();
        assert_eq!(l.seen.lock().unwrap().len(), 1);
    }
}

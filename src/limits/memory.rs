//! The in-memory backend: the state of every account in this process,
//! shared by every clone of the client.

use std::collections::HashMap;
#[cfg(test)]
use std::sync::Arc;
#[cfg(test)]
use std::sync::atomic::AtomicU64;
use std::sync::atomic::AtomicUsize;
use std::sync::atomic::Ordering;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::SlowDown;
use super::budget::ScopedBudget;
use super::gcra::{AccountState, Decision, Snapshot};
use super::held::Reservation;

/// Where "now" comes from: the wall clock (quotas count per UTC day), or a
/// clock the unit tests move by hand.
#[derive(Debug, Clone, Default)]
pub(crate) enum Clock {
    #[default]
    System,
    #[cfg(test)]
    Manual(Arc<AtomicU64>),
}

impl Clock {
    /// Microseconds since the Unix epoch.
    pub(crate) fn now_us(&self) -> f64 {
        match self {
            Clock::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or(Duration::ZERO)
                .as_micros() as f64,
            #[cfg(test)]
            Clock::Manual(now) => now.load(Ordering::SeqCst) as f64,
        }
    }
}

/// Accesses between two prunes of idle accounts, at least.
const PRUNE_EVERY: usize = 256;

/// Every account's state, behind one lock (held for a few arithmetic steps).
/// Idle accounts are dropped now and then, so the map holds only accounts
/// with something to remember however many pass through.
#[derive(Debug, Default)]
pub(crate) struct MemoryBackend {
    accounts: Mutex<HashMap<String, AccountState>>,
    clock: Clock,
    /// Accesses since the last prune.
    since_prune: AtomicUsize,
}

impl MemoryBackend {
    #[cfg(test)]
    pub(crate) fn with_clock(clock: Clock) -> Self {
        MemoryBackend {
            accounts: Mutex::default(),
            clock,
            since_prune: AtomicUsize::new(0),
        }
    }

    fn with<T>(&self, account: &str, f: impl FnOnce(&mut AccountState, f64) -> T) -> T {
        // A panic while holding the lock leaves consistent numbers behind.
        let mut accounts = self.accounts.lock().unwrap_or_else(PoisonError::into_inner);
        let now = self.clock.now_us();
        let result = match accounts.get_mut(account) {
            Some(state) => f(state, now),
            None => f(accounts.entry(account.to_string()).or_default(), now),
        };
        // Every `max(PRUNE_EVERY, accounts)` accesses: amortized O(1) each.
        let since = self.since_prune.fetch_add(1, Ordering::Relaxed) + 1;
        if since >= accounts.len().max(PRUNE_EVERY) {
            accounts.retain(|_, state| !state.is_idle(now));
            self.since_prune.store(0, Ordering::Relaxed);
        }
        result
    }

    #[cfg(test)]
    pub(crate) fn admit(
        &self,
        account: &str,
        budgets: &[ScopedBudget],
        kind: Option<&str>,
    ) -> Decision {
        self.admit_within(account, budgets, kind, f64::INFINITY)
    }

    /// Admits one attempt, unless its start is more than `max_wait_us` away.
    pub(crate) fn admit_within(
        &self,
        account: &str,
        budgets: &[ScopedBudget],
        kind: Option<&str>,
        max_wait_us: f64,
    ) -> Decision {
        self.with(account, |state, now| {
            state.admit_within(now, budgets, kind, max_wait_us)
        })
    }

    /// Gives back one admission (`AccountState::release`).
    pub(crate) fn release(
        &self,
        account: &str,
        budgets: &[ScopedBudget],
        reservation: &Reservation,
    ) {
        self.with(account, |state, now| {
            state.release(now, budgets, reservation)
        });
    }

    pub(crate) fn slow_down(
        &self,
        account: &str,
        scope: &str,
        why: &str,
        slow_down: &SlowDown,
    ) -> f64 {
        self.with(account, |state, _| state.slow_down(scope, why, slow_down))
    }

    pub(crate) fn recover(&self, account: &str, scopes: &[&str], slow_down: &SlowDown) -> f64 {
        self.with(account, |state, _| state.recover(scopes, slow_down))
    }

    pub(crate) fn stop(&self, account: &str, reason: &str, cool_down: Option<Duration>) {
        self.with(account, |state, now| {
            state.stop(reason, cool_down.map(|d| now + d.as_micros() as f64));
        });
    }

    pub(crate) fn reset(&self, account: &str, kind: Option<&str>) {
        self.with(account, |state, _| state.reset(kind));
    }

    /// The account's state now (a fresh one, not kept, if this process
    /// never saw it).
    pub(crate) fn snapshot(&self, account: &str) -> Snapshot {
        let accounts = self.accounts.lock().unwrap_or_else(PoisonError::into_inner);
        let now = self.clock.now_us();
        match accounts.get(account) {
            Some(state) => state.snapshot(now),
            None => AccountState::default().snapshot(now),
        }
    }

    /// Every account this process has seen, with its state now.
    pub(crate) fn snapshots(&self) -> Vec<(String, Snapshot)> {
        let accounts = self.accounts.lock().unwrap_or_else(PoisonError::into_inner);
        let now = self.clock.now_us();
        let mut all: Vec<_> = accounts
            .iter()
            .map(|(account, state)| (account.clone(), state.snapshot(now)))
            .collect();
        // Account keys are unique: an unstable sort orders them the same.
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The account's budget: one call a millisecond, no burst.
    fn one_per_ms() -> ScopedBudget {
        ScopedBudget {
            name: "all",
            interval_us: 1_000.0,
            burst: 1,
            quota: 0,
            weekly: 0,
        }
    }

    #[test]
    fn the_clock_drives_admissions_and_stops_end_with_their_cool_down() {
        let now = Arc::new(AtomicU64::new(5_000_000));
        let backend = MemoryBackend::with_clock(Clock::Manual(Arc::clone(&now)));
        let budgets = [one_per_ms()];
        assert!(
            matches!(backend.admit("a", &budgets, None), Decision::Admitted { wait_us, .. } if wait_us == 0.0)
        );
        assert!(
            matches!(backend.admit("a", &budgets, None), Decision::Admitted { wait_us, .. } if wait_us == 1_000.0)
        );
        assert!(
            matches!(backend.admit("b", &budgets, None), Decision::Admitted { wait_us, .. } if wait_us == 0.0)
        );
        backend.stop("a", "account_restricted", Some(Duration::from_millis(10)));
        assert!(
            matches!(backend.admit("a", &budgets, None), Decision::Stopped { left_us: Some(l), .. } if l == 10_000.0)
        );
        now.fetch_add(10_000, Ordering::SeqCst);
        assert!(matches!(
            backend.admit("a", &budgets, None),
            Decision::Admitted { .. }
        ));
    }

    #[test]
    fn idle_accounts_are_pruned_and_busy_ones_kept() {
        let now = Arc::new(AtomicU64::new(5_000_000));
        let backend = MemoryBackend::with_clock(Clock::Manual(Arc::clone(&now)));
        let budgets = [one_per_ms()];
        for n in 0..1_000 {
            backend.admit(&format!("passing-{n}"), &budgets, None);
        }
        backend.stop("stopped", "account_restricted", None);
        // Past every reservation: all but the stopped account are idle.
        now.fetch_add(10_000, Ordering::SeqCst);
        for _ in 0..PRUNE_EVERY.max(2_000) {
            backend.admit("busy", &budgets, None);
        }
        let left: Vec<String> = backend.snapshots().into_iter().map(|(a, _)| a).collect();
        assert_eq!(left, ["busy", "stopped"]);
    }
}

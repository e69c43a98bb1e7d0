//! An admission whose wait is under way, given back if the call is dropped
//! before the wait ends.

use super::Limiter;
use super::gcra::ScopedBudget;

/// Where an admission was made, so it is given back there.
#[derive(Debug, Clone, Copy)]
pub(super) enum Store {
    Memory,
    #[cfg(feature = "redis")]
    Redis,
}

/// An admission whose wait is under way; dropped before the wait ends, it
/// is given back, so the next call is not delayed by a call that was never
/// sent.
pub(super) struct Held {
    pub(super) limiter: Limiter,
    pub(super) account: String,
    pub(super) budgets: Vec<ScopedBudget>,
    pub(super) pace: f64,
    pub(super) store: Store,
    /// The wait ended: the admission is used.
    pub(super) waited: bool,
}

impl Drop for Held {
    fn drop(&mut self) {
        if self.waited {
            return;
        }
        let shared = &self.limiter.shared;
        match self.store {
            Store::Memory => shared
                .memory
                .release(&self.account, &self.budgets, self.pace),
            #[cfg(feature = "redis")]
            Store::Redis => {
                // Drop cannot wait: the release runs on the runtime.
                let (limiter, account, budgets, pace) = (
                    self.limiter.clone(),
                    std::mem::take(&mut self.account),
                    std::mem::take(&mut self.budgets),
                    self.pace,
                );
                if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                    runtime.spawn(async move {
                        if let Some(redis) = &limiter.shared.redis
                            && let Err(error) = redis.release(&account, &budgets, pace).await
                        {
                            tracing::warn!(%error, "cannot give back a dropped admission");
                        }
                    });
                }
            }
        }
    }
}

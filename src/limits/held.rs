//! An admission whose wait is under way, given back if the call is dropped
//! before the wait ends; on Redis, the giving back runs on the runtime and
//! this process's next admission waits for it ([`Releases`]).

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
                    limiter.shared.releases.started();
                    runtime.spawn(async move {
                        if let Some(redis) = &limiter.shared.redis
                            && let Err(error) = redis.release(&account, &budgets, pace).await
                        {
                            tracing::warn!(%error, "cannot give back a dropped admission");
                        }
                        limiter.shared.releases.ended();
                    });
                }
            }
        }
    }
}

/// The Redis releases of dropped admissions still under way in this
/// process: an admission waits for them first, or the next call would find
/// the dropped call's slot still taken.
#[cfg(feature = "redis")]
#[derive(Debug, Default)]
pub(super) struct Releases {
    under_way: std::sync::atomic::AtomicUsize,
    ended: tokio::sync::Notify,
}

#[cfg(feature = "redis")]
impl Releases {
    fn started(&self) {
        self.under_way
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    fn ended(&self) {
        self.under_way
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        self.ended.notify_waiters();
    }

    /// Returns once no release is under way (at once, nearly always).
    pub(super) async fn settled(&self) {
        loop {
            // Registered before the check, so an end in between is not missed.
            let ended = self.ended.notified();
            if self.under_way.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                return;
            }
            ended.await;
        }
    }
}

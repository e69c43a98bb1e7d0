//! An admission whose wait is under way, given back if the call is dropped
//! before the wait ends; on Redis, the giving back runs on the runtime and
//! this process's next admission waits for it ([`Releases`]).

use super::Limiter;
use super::budget::ScopedBudget;

/// What one admission took, so that giving it back undoes that and no
/// more (`AccountState::release`, `lua/release.lua`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Reservation {
    /// The call's start (µs since the epoch): its week entries' score.
    pub(crate) start: f64,
    /// One per paced budget.
    pub(crate) arrivals: Vec<Arrival>,
}

/// A paced budget's theoretical arrival time (µs since the epoch) before
/// and after one admission: the give-back restores `before` only while
/// the budget still holds `after`, that is, while no call came after it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Arrival {
    pub(crate) budget: &'static str,
    /// `None`: the budget had none.
    pub(crate) before: Option<f64>,
    pub(crate) after: f64,
}

/// Where an admission was made, so it is given back there.
#[derive(Debug, Clone, Copy)]
pub(super) enum Store {
    Memory,
    #[cfg(feature = "redis")]
    Redis,
}

impl Reservation {
    /// What `lua/admit.lua` said it reserved for `budgets`: the start,
    /// then per budget the arrival time before and after (empty: none,
    /// not paced), as text that reads back as the same `f64`.
    #[cfg(feature = "redis")]
    pub(super) fn of_script(budgets: &[ScopedBudget], reply: &[String]) -> Reservation {
        let number = |i: usize| reply.get(i).and_then(|text| text.parse::<f64>().ok());
        let arrivals = budgets.iter().enumerate().filter_map(|(i, budget)| {
            Some(Arrival {
                budget: budget.name,
                before: number(1 + 2 * i),
                after: number(2 + 2 * i)?,
            })
        });
        Reservation {
            start: number(0).unwrap_or(0.0),
            arrivals: arrivals.collect(),
        }
    }
}

/// An admission whose wait is under way; dropped before the wait ends, it
/// is given back, so the next call is not delayed by a call that was never
/// sent (unless a call was admitted after it: that slot then stays empty,
/// never given twice).
pub(super) struct Held {
    pub(super) limiter: Limiter,
    pub(super) account: String,
    pub(super) budgets: Vec<ScopedBudget>,
    pub(super) reservation: Reservation,
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
                .release(&self.account, &self.budgets, &self.reservation),
            #[cfg(feature = "redis")]
            Store::Redis => {
                // Drop cannot wait: the release runs on the runtime.
                let (limiter, account, budgets, reservation) = (
                    self.limiter.clone(),
                    std::mem::take(&mut self.account),
                    std::mem::take(&mut self.budgets),
                    std::mem::take(&mut self.reservation),
                );
                if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                    limiter.shared.releases.started();
                    runtime.spawn(async move {
                        if let Some(redis) = &limiter.shared.redis
                            && let Err(error) =
                                redis.release(&account, &budgets, &reservation, None).await
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

//! Per-account limits: pacing and daily and weekly quotas per account and
//! per kind of call, a slower pace after the API answers 429 (or, for
//! profile views, lists `throttled_sections`), and a stop after it says the
//! account is restricted or its credentials are gone.
//!
//! Every attempt of every call (retries and pagination pages included) is
//! admitted before it is sent (`http/attempt.rs` asks [`Limiter`]). The state lives in this process
//! ([`Limits::new`]) or on a Redis server shared by every process
//! ([`Limits::redis`], feature `redis`).

mod budget;
mod config;
mod gcra;
#[cfg(test)]
mod gcra_state_tests;
#[cfg(test)]
mod gcra_tests;
mod held;
mod memory;
#[cfg(feature = "redis")]
mod redis;
#[cfg(all(test, feature = "redis"))]
mod redis_tests;
mod refusal;
mod report;
#[cfg(all(test, feature = "redis"))]
pub(crate) mod test_server;
mod throttling;

use std::sync::Arc;
use std::time::Duration;

use crate::CallKind;
pub use budget::{Budget, ParseRateError, RateLimit};
pub use config::{DEFAULT_STOP_COOL_DOWN, Limits, SlowDown};
pub(crate) use refusal::Refusal;
pub use report::{AccountReport, BudgetReport, PaceReport, StopReport};
pub(crate) use throttling::{after_call, throttled_sections};

use crate::{ErrorKind, QuotaWindow};
use budget::ScopedBudget;
use gcra::{ACCOUNT_SCOPE, Decision};
use held::{Held, Store};
use memory::MemoryBackend;

/// The limiter a client was built with ([`Client::limiter`](crate::Client::limiter)): one per client,
/// shared by its clones.
#[derive(Clone)]
pub struct Limiter {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Limiter {
    // The budgets, not every account's state.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter")
            .field("account", &self.shared.account)
            .field("kinds", &self.shared.kinds)
            .field("shared", &self.is_shared())
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
struct Shared {
    /// The account's budget, if any.
    account: Option<ScopedBudget>,
    /// The budgets per kind.
    kinds: Vec<(CallKind, ScopedBudget)>,
    slow_down: SlowDown,
    cool_down: Option<Duration>,
    /// Whether throttled profile sections slow the account's profile views.
    throttling: bool,
    /// The state when there is no Redis, or (fail-open) while it is down.
    memory: MemoryBackend,
    #[cfg(feature = "redis")]
    redis: Option<redis::RedisBackend>,
    #[cfg(feature = "redis")]
    fail_open: bool,
    /// Dropped admissions being given back to Redis.
    #[cfg(feature = "redis")]
    releases: held::Releases,
}

/// What an answered attempt tells the limiter (from `http/outcome.rs`
/// `Outcome::feedback`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Feedback<'a> {
    Success,
    TooManyRequests,
    /// A profile listed `throttled_sections`.
    Throttled(CallKind),
    Failed(Option<&'a ErrorKind>),
}

/// The error kinds after which an account is stopped.
fn stops_account(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::AccountRestricted
            | ErrorKind::DisconnectedAccount
            | ErrorKind::ExpiredCredentials
            | ErrorKind::InvalidCredentials
    )
}

impl Limiter {
    /// Waits until `account` may send one attempt of a `kind` call; the
    /// account's pace (1: full) or why the attempt must not be sent. A wait
    /// longer than `max_wait` (the call's time left) is not started and
    /// reserves nothing.
    pub(crate) async fn admit(
        &self,
        account: &str,
        kind: Option<CallKind>,
        max_wait: Option<Duration>,
    ) -> Result<f64, Refusal> {
        let shared = &self.shared;
        let by_kind = kind.and_then(|kind| {
            shared
                .kinds
                .iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, budget)| *budget)
        });
        let budgets: Vec<ScopedBudget> = shared.account.into_iter().chain(by_kind).collect();
        let max_wait_us = max_wait.map_or(f64::INFINITY, |wait| wait.as_micros() as f64);
        let (decision, store) = self.decide(account, &budgets, kind, max_wait_us).await?;
        match decision {
            Decision::TooLate { wait_us } => Err(Refusal::TooLate {
                wait: Duration::from_micros(wait_us as u64),
            }),
            Decision::Admitted {
                wait_us,
                pace,
                reservation,
            } => {
                if wait_us >= 1.0 {
                    // Dropped while waiting (the caller gave up on the
                    // call), the guard gives the admission back.
                    let mut held = Held {
                        limiter: self.clone(),
                        account: account.to_string(),
                        budgets,
                        reservation,
                        store,
                        waited: false,
                    };
                    tokio::time::sleep(Duration::from_micros(wait_us as u64)).await;
                    held.waited = true;
                }
                Ok(pace)
            }
            Decision::Stopped { reason, left_us } => Err(Refusal::Stopped {
                account: account.to_string(),
                reason: ErrorKind::from_type(&reason),
                left: left_us.map(|left| Duration::from_micros(left as u64)),
            }),
            Decision::Quota {
                budget,
                weekly,
                resets_in_us,
            } => Err(Refusal::Quota {
                account: account.to_string(),
                budget,
                window: if weekly {
                    QuotaWindow::Week
                } else {
                    QuotaWindow::Day
                },
                resets_in: Duration::from_micros(resets_in_us as u64),
            }),
        }
    }

    async fn decide(
        &self,
        account: &str,
        budgets: &[ScopedBudget],
        kind: Option<CallKind>,
        max_wait_us: f64,
    ) -> Result<(Decision, Store), Refusal> {
        let kind = kind.map(|kind| kind.name());
        #[cfg(feature = "redis")]
        if let Some(redis) = &self.shared.redis {
            let bound = max_wait_us.is_finite().then_some(max_wait_us);
            self.shared.releases.settled().await;
            match redis.admit(account, budgets, kind, None, bound).await {
                Ok(decision) => return Ok((decision, Store::Redis)),
                Err(error) if self.shared.fail_open => {
                    tracing::warn!(%error, "Redis is unavailable; pacing in memory (fail-open)");
                }
                Err(error) => return Err(Refusal::Unavailable(Arc::new(error))),
            }
        }
        let decision = self
            .shared
            .memory
            .admit_within(account, budgets, kind, max_wait_us);
        Ok((decision, Store::Memory))
    }

    /// Learns from an answered attempt of a `kind` call: a 429 slows the
    /// account down, a throttled profile its profile views, a success
    /// after either speeds them up a step (`pace` is what admission saw),
    /// a stopping error kind stops it.
    pub(crate) async fn observe(
        &self,
        account: &str,
        kind: Option<CallKind>,
        feedback: Feedback<'_>,
        pace: f64,
    ) {
        let shared = &self.shared;
        match feedback {
            Feedback::TooManyRequests => {
                tracing::debug!("429: slowing the account down");
                self.slow_down(account, ACCOUNT_SCOPE, "too_many_requests")
                    .await;
            }
            Feedback::Throttled(kind) => {
                let pace = self
                    .slow_down(account, kind.name(), "throttled_sections")
                    .await;
                tracing::debug!(
                    call_kind = kind.name(),
                    pace,
                    "throttled: slowing the kind down"
                );
            }
            Feedback::Success if pace < 1.0 => {
                let mut scopes = vec![ACCOUNT_SCOPE];
                scopes.extend(kind.map(|kind| kind.name()));
                #[cfg(feature = "redis")]
                if let Some(redis) = &shared.redis {
                    match redis.recover(account, &scopes, &shared.slow_down).await {
                        Ok(_) => return,
                        Err(error) => tracing::warn!(%error, "cannot share the recovery"),
                    }
                }
                shared.memory.recover(account, &scopes, &shared.slow_down);
            }
            Feedback::Failed(Some(kind)) if stops_account(kind) => {
                tracing::warn!(kind = kind.name(), "stopping calls for the account");
                // This process stops at once, whatever happens to Redis.
                shared.memory.stop(account, kind.name(), shared.cool_down);
                #[cfg(feature = "redis")]
                if let Some(redis) = &shared.redis
                    && let Err(error) = redis
                        .stop(account, kind.name(), shared.cool_down, None)
                        .await
                {
                    tracing::warn!(%error, "cannot share the stop");
                }
            }
            _ => {}
        }
    }

    /// Lowers the pace of `scope` for `account`, shared when possible; the
    /// new pace.
    async fn slow_down(&self, account: &str, scope: &str, why: &str) -> f64 {
        let shared = &self.shared;
        #[cfg(feature = "redis")]
        if let Some(redis) = &shared.redis {
            match redis
                .slow_down(account, scope, why, &shared.slow_down)
                .await
            {
                Ok(pace) => return pace,
                Err(error) => tracing::warn!(%error, "cannot share the slow-down"),
            }
        }
        shared
            .memory
            .slow_down(account, scope, why, &shared.slow_down)
    }

    /// Lifts a stop on `account_id` (after reconnecting it, for example)
    /// and restores its full pace, every kind's included, here and, with
    /// Redis, for every process. Quota counts stay: they count calls made.
    ///
    /// ```no_run
    /// # async fn run(client: postpress::Client) -> Result<(), postpress::Error> {
    /// if let Some(limiter) = client.limiter() {
    ///     limiter.reset("acc_linkedin_01").await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn reset(&self, account_id: &str) -> crate::Result<()> {
        self.reset_scopes(account_id, None).await
    }

    /// Restores the full pace of `account_id`'s `kind` calls alone (after
    /// throttled profiles, for example), leaving a stop and the account's
    /// own pace as they are; with Redis, for every process.
    pub async fn reset_kind(&self, account_id: &str, kind: CallKind) -> crate::Result<()> {
        self.reset_scopes(account_id, Some(kind)).await
    }

    async fn reset_scopes(&self, account_id: &str, kind: Option<CallKind>) -> crate::Result<()> {
        let kind = kind.map(|kind| kind.name());
        self.shared.memory.reset(account_id, kind);
        #[cfg(feature = "redis")]
        if let Some(redis) = &self.shared.redis {
            let scopes = match kind {
                Some(kind) => vec![kind],
                None => report::scopes(),
            };
            redis
                .reset(account_id, &scopes, kind.is_some())
                .await
                .map_err(|error| Refusal::Unavailable(Arc::new(error)))?;
        }
        Ok(())
    }

    /// Whether the state is shared through Redis.
    pub fn is_shared(&self) -> bool {
        #[cfg(feature = "redis")]
        return self.shared.redis.is_some();
        #[cfg(not(feature = "redis"))]
        false
    }
}

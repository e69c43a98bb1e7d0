//! What the limiter can tell about an account: [`Limiter::report`] and
//! [`Limiter::reports`], read from the same state admission uses.

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};

use super::Limiter;
use super::budget::ScopedBudget;
use super::gcra::{ACCOUNT_SCOPE, DAY_US, Snapshot, WEEK_US, earliest_start};
use crate::{CallKind, Result};

/// What the limiter knows about one account at one moment, from
/// [`Limiter::report`] or [`Limiter::reports`]. Serializes to JSON (times
/// in RFC 3339, UTC) as `postpress limits show` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AccountReport {
    /// The account id when it is known: the one asked about, or one this
    /// process holds. `None` for an account listed from Redis, which
    /// stores only a hash of it.
    pub account_id: Option<String>,
    /// The SHA-1 of the account id that the Redis keys carry (`None`
    /// without Redis).
    pub key_hash: Option<String>,
    /// When the state was read (the Redis server's clock, with Redis).
    pub at: DateTime<Utc>,
    /// The stop in force, if any.
    pub stop: Option<StopReport>,
    /// The lowered paces (empty: full pace): the account's own after 429s
    /// (scope `all`), and a kind's after throttled profiles.
    pub paces: Vec<PaceReport>,
    /// Each configured budget: the account's, then each kind's.
    pub budgets: Vec<BudgetReport>,
}

/// A stop in force ([`AccountReport::stop`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct StopReport {
    /// The error kind that stopped the account (`account_restricted`, ...).
    pub reason: String,
    /// When it ends by itself (`None`: only with [`Limiter::reset`]).
    pub until: Option<DateTime<Utc>>,
}

/// A lowered pace ([`AccountReport::paces`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PaceReport {
    /// `all` (every call of the account) or a kind's name.
    pub scope: String,
    /// The fraction of the budgets' rate calls go at (1: full).
    pub factor: f64,
    /// The last signal that lowered it: `too_many_requests` (a 429) or
    /// `throttled_sections` (a throttled profile).
    pub why: String,
    /// How many such signals since it was last whole.
    pub signals: u32,
}

/// One budget's use ([`AccountReport::budgets`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct BudgetReport {
    /// The kind the budget is for; `None`: the account's budget (`all`).
    #[serde(serialize_with = "kind_name")]
    pub kind: Option<CallKind>,
    /// Microseconds between calls at full pace, if paced.
    pub interval_us: Option<f64>,
    /// Calls that may start at once at full pace, if paced.
    pub burst: Option<u32>,
    /// The daily quota, if any.
    pub daily_quota: Option<u32>,
    /// Calls counted in the current UTC day.
    pub used_today: u32,
    /// When the daily count starts again (the next midnight UTC), with a
    /// daily quota.
    pub daily_reset_at: Option<DateTime<Utc>>,
    /// The weekly quota, if any.
    pub weekly_quota: Option<u32>,
    /// Calls counted in the last seven days.
    pub used_this_week: u32,
    /// When the oldest of them leaves the seven days (one call more is
    /// then allowed), with a weekly quota and calls counted.
    pub weekly_frees_at: Option<DateTime<Utc>>,
    /// The earliest a call spending this budget may start, at the pace
    /// in force.
    pub next_start: DateTime<Utc>,
}

fn kind_name<S: Serializer>(
    kind: &Option<CallKind>,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.map_or(ACCOUNT_SCOPE, |kind| kind.name()))
}

/// Microseconds since the epoch as a UTC time.
fn time(us: f64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(us as i64).unwrap_or_default()
}

impl Limiter {
    /// What the limiter knows about `account_id` now: its stop, its paces
    /// and each budget's use, here or, with Redis, across every process.
    ///
    /// ```no_run
    /// # async fn run(client: postpress::Client) -> Result<(), postpress::Error> {
    /// if let Some(limiter) = client.limiter() {
    ///     let report = limiter.report("acc_linkedin_01").await?;
    ///     println!("stopped: {:?}", report.stop);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn report(&self, account_id: &str) -> Result<AccountReport> {
        #[cfg(feature = "redis")]
        if let Some(redis) = &self.shared.redis {
            let digest = super::redis::RedisBackend::digest(account_id);
            let mut report = self.report_of_digest(redis, &digest).await?;
            report.account_id = Some(account_id.to_string());
            return Ok(report);
        }
        let snapshot = self.shared.memory.snapshot(account_id);
        Ok(self.build(Some(account_id.to_string()), None, &snapshot))
    }

    /// Every account the limiter's store knows: with Redis, each account
    /// with state there, by the hash its keys carry (ids are never
    /// written, so `account_id` is `None`); in memory, each account this
    /// process has called for, by id.
    pub async fn reports(&self) -> Result<Vec<AccountReport>> {
        #[cfg(feature = "redis")]
        if let Some(redis) = &self.shared.redis {
            let digests = redis.digests().await.map_err(unavailable)?;
            let mut reports = Vec::with_capacity(digests.len());
            for digest in digests {
                reports.push(self.report_of_digest(redis, &digest).await?);
            }
            return Ok(reports);
        }
        Ok(self
            .shared
            .memory
            .snapshots()
            .into_iter()
            .map(|(account, snapshot)| self.build(Some(account), None, &snapshot))
            .collect())
    }

    #[cfg(feature = "redis")]
    async fn report_of_digest(
        &self,
        redis: &super::redis::RedisBackend,
        digest: &str,
    ) -> Result<AccountReport> {
        let budgets: Vec<&str> = self.budgets().iter().map(|(_, b)| b.name).collect();
        let scopes = scopes();
        let snapshot = redis
            .snapshot(digest, &budgets, &scopes, None)
            .await
            .map_err(unavailable)?;
        Ok(self.build(None, Some(digest.to_string()), &snapshot))
    }

    /// The configured budgets with the kind each is for.
    fn budgets(&self) -> Vec<(Option<CallKind>, ScopedBudget)> {
        let shared = &self.shared;
        shared
            .account
            .map(|budget| (None, budget))
            .into_iter()
            .chain(
                shared
                    .kinds
                    .iter()
                    .map(|(kind, budget)| (Some(*kind), *budget)),
            )
            .collect()
    }

    fn build(
        &self,
        account_id: Option<String>,
        key_hash: Option<String>,
        snapshot: &Snapshot,
    ) -> AccountReport {
        let now = snapshot.now_us;
        let factor = |scope: &str| snapshot.paces.get(scope).map_or(1.0, |pace| pace.factor);
        let mut paces: Vec<PaceReport> = snapshot
            .paces
            .iter()
            .map(|(scope, pace)| PaceReport {
                scope: scope.clone(),
                factor: pace.factor,
                why: pace.why.clone(),
                signals: pace.signals,
            })
            .collect();
        // Scopes are unique: an unstable sort orders them the same.
        paces.sort_unstable_by(|a, b| a.scope.cmp(&b.scope));
        let configured = self.budgets();
        let budgets = configured
            .iter()
            .map(|(kind, budget)| {
                let state = snapshot
                    .budgets
                    .get(budget.name)
                    .cloned()
                    .unwrap_or_default();
                // A call of this kind spends the account's budget too.
                let spent: Vec<ScopedBudget> = configured
                    .iter()
                    .filter(|(k, _)| k.is_none() || k == kind)
                    .map(|(_, b)| *b)
                    .collect();
                let pace = factor(ACCOUNT_SCOPE) * kind.map_or(1.0, |kind| factor(kind.name()));
                let start = earliest_start(now, pace, &spent, |name| {
                    let tat = snapshot.budgets.get(name).and_then(|s| s.tat_in);
                    tat.map_or(0.0, |tat| now + tat)
                });
                let paced = budget.interval_us > 0.0;
                BudgetReport {
                    kind: *kind,
                    interval_us: paced.then_some(budget.interval_us),
                    burst: paced.then_some(budget.burst),
                    daily_quota: (budget.quota > 0).then_some(budget.quota),
                    used_today: state.today,
                    daily_reset_at: (budget.quota > 0)
                        .then(|| time(((now / DAY_US).floor() + 1.0) * DAY_US)),
                    weekly_quota: (budget.weekly > 0).then_some(budget.weekly),
                    used_this_week: state.week_in.len() as u32,
                    weekly_frees_at: state
                        .week_in
                        .iter()
                        .copied()
                        .reduce(f64::min)
                        .filter(|_| budget.weekly > 0)
                        .map(|oldest| time(now + oldest + WEEK_US)),
                    next_start: time(start),
                }
            })
            .collect();
        AccountReport {
            account_id,
            key_hash,
            at: time(now),
            stop: snapshot.stop.as_ref().map(|(reason, left)| StopReport {
                reason: reason.clone(),
                until: left.map(|left| time(now + left)),
            }),
            paces,
            budgets,
        }
    }
}

/// Every pace scope: the account's and each kind's.
#[cfg(feature = "redis")]
pub(crate) fn scopes() -> Vec<&'static str> {
    std::iter::once(ACCOUNT_SCOPE)
        .chain(CallKind::ALL.iter().map(CallKind::name))
        .collect()
}

#[cfg(feature = "redis")]
fn unavailable(error: ::redis::RedisError) -> crate::Error {
    super::Refusal::Unavailable(std::sync::Arc::new(error)).into()
}

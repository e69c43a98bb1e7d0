//! What users configure: [`Limits`] (budgets, slow-down, stop cool-down,
//! where the state lives) and [`SlowDown`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::budget::ScopedBudget;
use super::memory::MemoryBackend;
use super::{Budget, CallKind, Limiter, RateLimit, Shared};
use crate::error::{Error, Result};

/// Default time an account stays stopped after the API reported it
/// restricted, disconnected or without valid credentials.
pub const DEFAULT_STOP_COOL_DOWN: Duration = Duration::from_secs(3_600);

/// How an account's pace reacts to 429 `too_many_requests`: multiplied by
/// `decrease` after each 429 (not below `floor`), then raised by
/// `recovery_step` after each success until it is whole again. While slowed,
/// budgets allow no bursts. Default: halve, floor 1/64, recover 0.05 a call.
///
/// ```
/// use postpress::SlowDown;
/// let gentle = SlowDown::default().decrease(0.75).recovery_step(0.1);
/// # let _ = gentle;
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlowDown {
    /// The pace is multiplied by this after a 429.
    pub(crate) decrease: f64,
    /// The slowest pace.
    pub(crate) floor: f64,
    /// Added to the pace after each success, up to 1.
    pub(crate) step: f64,
}

impl Default for SlowDown {
    fn default() -> Self {
        SlowDown {
            decrease: 0.5,
            floor: 1.0 / 64.0,
            step: 0.05,
        }
    }
}

impl SlowDown {
    /// The pace is never lowered.
    pub fn off() -> Self {
        SlowDown {
            decrease: 1.0,
            ..SlowDown::default()
        }
    }

    /// The factor (in `(0, 1]`) the pace is multiplied by after a 429.
    pub fn decrease(mut self, factor: f64) -> Self {
        self.decrease = factor;
        self
    }

    /// The slowest pace, as a fraction (in `(0, 1]`) of the budgets' rate.
    pub fn floor(mut self, fraction: f64) -> Self {
        self.floor = fraction;
        self
    }

    /// How much of the budgets' rate (in `(0, 1]`) each success gives back.
    pub fn recovery_step(mut self, step: f64) -> Self {
        self.step = step;
        self
    }

    /// Itself, once its factors are known to be in `(0, 1]`.
    fn checked(self) -> Result<SlowDown> {
        let fraction = |x: f64| x > 0.0 && x <= 1.0;
        if !(fraction(self.decrease) && fraction(self.floor) && fraction(self.step)) {
            return Err(Error::config(format!(
                "slow-down factors must be in (0, 1]: {self:?}"
            )));
        }
        Ok(self)
    }
}

/// Per-account limits for [`ClientBuilder::limits`](crate::ClientBuilder::limits):
/// a budget for all of an account's calls and budgets per [`CallKind`], how
/// 429s (and throttled profiles) slow an account down, and how long an
/// account stays stopped.
///
/// The numbers are yours to choose: providers do not publish fixed limits,
/// and they differ per account type.
///
/// ```no_run
/// use std::num::NonZeroU32;
/// use std::time::Duration;
/// use postpress::{Budget, CallKind, Client, Limits};
///
/// # fn main() -> Result<(), postpress::Error> {
/// let views = NonZeroU32::new(80).expect("non-zero");
/// let limits = Limits::new()
///     .per_account(Budget::rate("5/s".parse().expect("rate")))
///     .per_kind(CallKind::ProfileView, Budget::rate("2/m".parse().expect("rate")).daily_quota(views))
///     .stop_cool_down(Some(Duration::from_secs(6 * 3600)));
/// // With the `redis` feature, every process sharing this Redis shares the budgets:
/// // let limits = limits.redis("redis://10.0.0.5/");
/// let client = Client::builder().api_key("pp_live_...").limits(limits).build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Limits {
    account: Option<Budget>,
    kinds: Vec<(CallKind, Budget)>,
    slow_down: SlowDown,
    cool_down: Option<Duration>,
    throttling: bool,
    #[cfg(feature = "redis")]
    redis: Option<RedisSettings>,
}

#[cfg(feature = "redis")]
#[derive(Clone)]
struct RedisSettings {
    url: String,
    prefix: String,
    fail_open: bool,
    timeout: Duration,
}

impl fmt::Debug for Limits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Limits");
        debug
            .field("account", &self.account)
            .field("kinds", &self.kinds)
            .field("slow_down", &self.slow_down)
            .field("cool_down", &self.cool_down)
            .field("throttling", &self.throttling);
        // The URL may hold a password: only whether there is one.
        #[cfg(feature = "redis")]
        debug.field(
            "redis",
            &self.redis.as_ref().map(|r| (&r.prefix, r.fail_open)),
        );
        debug.finish()
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new()
    }
}

impl Limits {
    /// No budgets yet, the default [`SlowDown`], stops lasting
    /// [`DEFAULT_STOP_COOL_DOWN`], throttled profiles slowing profile
    /// views, state in this process.
    pub fn new() -> Self {
        Limits {
            account: None,
            kinds: Vec::new(),
            slow_down: SlowDown::default(),
            cool_down: Some(DEFAULT_STOP_COOL_DOWN),
            throttling: true,
            #[cfg(feature = "redis")]
            redis: None,
        }
    }

    /// The budget every call for an account spends, whatever its kind.
    pub fn per_account(mut self, budget: Budget) -> Self {
        self.account = Some(budget);
        self
    }

    /// The budget calls of `kind` spend, on top of the account's budget.
    pub fn per_kind(mut self, kind: CallKind, budget: Budget) -> Self {
        self.kinds.retain(|(k, _)| *k != kind);
        self.kinds.push((kind, budget));
        self
    }

    /// How 429s slow an account down ([`SlowDown::off`]: never).
    pub fn slow_down(mut self, slow_down: SlowDown) -> Self {
        self.slow_down = slow_down;
        self
    }

    /// How long an account stays stopped after `account_restricted`,
    /// `disconnected_account`, `expired_credentials` or
    /// `invalid_credentials` (`None`: until [`Limiter::reset`]).
    pub fn stop_cool_down(mut self, cool_down: Option<Duration>) -> Self {
        self.cool_down = cool_down;
        self
    }

    /// Whether a LinkedIn profile listing `throttled_sections` slows that
    /// account's profile views as a 429 slows the account (with the same
    /// [`SlowDown`]; default: on). The profile is delivered either way.
    pub fn throttling_signal(mut self, on: bool) -> Self {
        self.throttling = on;
        self
    }

    /// Keeps the state on the Redis server at `url` (`redis://[:password@]host:port/db`;
    /// TLS `rediss://` is not built in): every process
    /// pointed at it shares each account's budgets, pace and stop. Keys hash
    /// the account id; no key or secret is written.
    #[cfg(feature = "redis")]
    pub fn redis(mut self, url: impl Into<String>) -> Self {
        self.redis = Some(RedisSettings {
            url: url.into(),
            prefix: "postpress".to_string(),
            fail_open: false,
            timeout: Duration::from_secs(2),
        });
        self
    }

    /// The prefix of every Redis key (default `postpress`), to keep apart
    /// fleets sharing one server. Needs [`Limits::redis`] first.
    #[cfg(feature = "redis")]
    pub fn redis_key_prefix(mut self, prefix: impl Into<String>) -> Self {
        if let Some(redis) = &mut self.redis {
            redis.prefix = prefix.into();
        }
        self
    }

    /// When Redis cannot be reached: `false` (default) fails the call with
    /// [`Error::LimiterUnavailable`](crate::Error::LimiterUnavailable) and
    /// sends nothing; `true` paces in this process alone meanwhile. Needs
    /// [`Limits::redis`] first.
    #[cfg(feature = "redis")]
    pub fn fail_open(mut self, fail_open: bool) -> Self {
        if let Some(redis) = &mut self.redis {
            redis.fail_open = fail_open;
        }
        self
    }

    /// Time allowed to connect to Redis and for each answer (default 2 s).
    /// Needs [`Limits::redis`] first.
    #[cfg(feature = "redis")]
    pub fn redis_timeout(mut self, timeout: Duration) -> Self {
        if let Some(redis) = &mut self.redis {
            redis.timeout = timeout;
        }
        self
    }

    /// A limiter attached to no client, to report on and reset accounts
    /// from an operator's tool (`postpress limits`): with the same Redis
    /// as the clients, it sees and steers their state.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), postpress::Error> {
    /// # #[cfg(feature = "redis")]
    /// let limiter = postpress::Limits::new().redis("redis://10.0.0.5/").into_limiter()?;
    /// # #[cfg(feature = "redis")]
    /// limiter.reset("acc_linkedin_01").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Config`](crate::Error::Config) for settings out of range
    /// or a malformed Redis URL.
    pub fn into_limiter(self) -> Result<Limiter> {
        self.build()
    }

    /// Checks the settings and makes the limiter.
    pub(crate) fn build(self) -> Result<Limiter> {
        let slow_down = self.slow_down.checked()?;
        let scoped = |name: &'static str, budget: Budget| ScopedBudget {
            name,
            interval_us: budget
                .rate_limit()
                .map_or(0.0, |rate| rate.interval().as_secs_f64() * 1e6),
            burst: budget
                .rate_limit()
                .map_or(1, |rate: RateLimit| rate.burst()),
            quota: budget.daily_calls().unwrap_or(0),
            weekly: budget.weekly_calls().unwrap_or(0),
        };
        #[cfg(feature = "redis")]
        let (redis, fail_open) = match self.redis {
            Some(settings) => {
                if settings.prefix.is_empty() || settings.timeout.is_zero() {
                    return Err(Error::config(
                        "the Redis key prefix must not be empty and the timeout not zero",
                    ));
                }
                let backend = super::redis::RedisBackend::new(
                    &settings.url,
                    settings.prefix,
                    settings.timeout,
                )
                // The error names the problem, not the URL (it may hold a password).
                .map_err(|e| Error::config(format!("invalid Redis URL: {e}")))?;
                (Some(backend), settings.fail_open)
            }
            None => (None, false),
        };
        Ok(Limiter {
            shared: Arc::new(Shared {
                account: self.account.map(|budget| scoped("all", budget)),
                kinds: self
                    .kinds
                    .into_iter()
                    .map(|(kind, budget)| (kind, scoped(kind.name(), budget)))
                    .collect(),
                slow_down,
                cool_down: self.cool_down,
                throttling: self.throttling,
                memory: MemoryBackend::default(),
                #[cfg(feature = "redis")]
                redis,
                #[cfg(feature = "redis")]
                fail_open,
                #[cfg(feature = "redis")]
                releases: Default::default(),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RELIABILITY.md's defaults table: slow-down, cool-down, Redis timeout.
    #[test]
    fn limits_have_the_documented_defaults() {
        let limits = Limits::new();
        assert_eq!(limits.cool_down, Some(Duration::from_secs(3_600)));
        assert_eq!(
            limits.slow_down,
            SlowDown {
                decrease: 0.5,
                floor: 1.0 / 64.0,
                step: 0.05,
            }
        );
        assert!(limits.throttling, "the throttling signal is on");
        #[cfg(feature = "redis")]
        {
            let redis = Limits::new().redis("redis://127.0.0.1/").redis;
            let timeout = redis.map(|settings| settings.timeout);
            assert_eq!(timeout, Some(Duration::from_secs(2)));
        }
    }
}

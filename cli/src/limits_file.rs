//! `--limits FILE`: everything [`Limits`] can say, in TOML, and how it
//! combines with `--rate-limit` and `--redis-url`. A file that does not
//! read is a usage error naming its line, before anything is sent.
//!
//! ```toml
//! stop_cool_down = 21600          # seconds, or "until_reset"
//! throttling_signal = true        # throttled profiles slow profile views
//!
//! [account]                       # every call of an account
//! rate = "5/s"                    # CALLS/UNIT, UNIT one of s, m, h, d
//! burst = 1
//! daily_quota = 500
//!
//! [kinds.profile_view]            # a kind's budget, on top of the account's
//! rate = "2/m"
//! daily_quota = 80
//!
//! [kinds.user_action]
//! weekly_quota = 100              # any seven consecutive days
//!
//! [slow_down]                     # after a 429 or a throttled profile
//! decrease = 0.5
//! floor = 0.015625
//! recovery_step = 0.05
//!
//! [redis]                         # with --redis-url or POSTPRESS_REDIS_URL
//! key_prefix = "postpress"
//! fail_open = false
//! timeout_ms = 2000
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::num::NonZeroU32;
use std::path::Path;
use std::time::Duration;

use postpress::{Budget, CallKind, Limits, RateLimit, SlowDown};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::failure::Failure;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    account: Option<BudgetTable>,
    #[serde(default)]
    kinds: BTreeMap<Kind, BudgetTable>,
    stop_cool_down: Option<CoolDown>,
    throttling_signal: Option<bool>,
    slow_down: Option<SlowDownTable>,
    redis: Option<RedisTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BudgetTable {
    #[serde(default, deserialize_with = "rate")]
    rate: Option<RateLimit>,
    burst: Option<NonZeroU32>,
    daily_quota: Option<NonZeroU32>,
    weekly_quota: Option<NonZeroU32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SlowDownTable {
    #[serde(default, deserialize_with = "fraction")]
    decrease: Option<f64>,
    #[serde(default, deserialize_with = "fraction")]
    floor: Option<f64>,
    #[serde(default, deserialize_with = "fraction")]
    recovery_step: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RedisTable {
    key_prefix: Option<String>,
    fail_open: Option<bool>,
    timeout_ms: Option<NonZeroU32>,
}

/// A kind's name as a table key (`profile_view`, ...).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Kind(usize);

/// Seconds, or `"until_reset"`.
struct CoolDown(Option<Duration>);

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        match CallKind::ALL.iter().position(|kind| kind.name() == name) {
            Some(index) => Ok(Kind(index)),
            None => Err(de::Error::custom(format!(
                "unknown kind of call {name:?}: expected one of {}",
                kind_names()
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for CoolDown {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Seconds;
        impl Visitor<'_> for Seconds {
            type Value = CoolDown;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of seconds above 0, or \"until_reset\"")
            }
            fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<CoolDown, E> {
                match u64::try_from(seconds) {
                    Ok(seconds) if seconds > 0 => Ok(CoolDown(Some(Duration::from_secs(seconds)))),
                    _ => Err(E::invalid_value(de::Unexpected::Signed(seconds), &self)),
                }
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<CoolDown, E> {
                match text {
                    "until_reset" => Ok(CoolDown(None)),
                    _ => Err(E::invalid_value(de::Unexpected::Str(text), &self)),
                }
            }
        }
        deserializer.deserialize_any(Seconds)
    }
}

fn rate<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<RateLimit>, D::Error> {
    let text = String::deserialize(deserializer)?;
    text.parse().map(Some).map_err(de::Error::custom)
}

fn fraction<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    let value = f64::deserialize(deserializer)?;
    match value > 0.0 && value <= 1.0 {
        true => Ok(Some(value)),
        false => Err(de::Error::custom(format!("{value} is not in (0, 1]"))),
    }
}

/// Every kind's name, for messages.
pub fn kind_names() -> String {
    let names: Vec<&str> = CallKind::ALL.iter().map(CallKind::name).collect();
    names.join(", ")
}

impl BudgetTable {
    fn budget(self) -> Budget {
        let mut budget = Budget::default();
        if let Some(rate) = self.rate {
            budget = Budget::rate(match self.burst {
                Some(burst) => rate.with_burst(burst),
                None => rate,
            });
        }
        if let Some(calls) = self.daily_quota {
            budget = budget.daily_quota(calls);
        }
        if let Some(calls) = self.weekly_quota {
            budget = budget.weekly_quota(calls);
        }
        budget
    }
}

/// The limits the flags and the file say, if they say any.
pub fn limits(
    file: Option<&Path>,
    rate_limit: Option<RateLimit>,
    redis_url: Option<String>,
) -> Result<Option<Limits>, Failure> {
    let file = match file {
        Some(path) => Some(read(path)?),
        None => None,
    };
    if file.is_none() && rate_limit.is_none() && redis_url.is_none() {
        return Ok(None);
    }
    let mut limits = Limits::new();
    let mut redis_table = None;
    if let Some(file) = file {
        if let Some(account) = file.account {
            limits = limits.per_account(account.budget());
        }
        for (Kind(index), table) in file.kinds {
            limits = limits.per_kind(CallKind::ALL[index], table.budget());
        }
        if let Some(CoolDown(cool_down)) = file.stop_cool_down {
            limits = limits.stop_cool_down(cool_down);
        }
        if let Some(on) = file.throttling_signal {
            limits = limits.throttling_signal(on);
        }
        if let Some(table) = file.slow_down {
            let mut slow_down = SlowDown::default();
            if let Some(decrease) = table.decrease {
                slow_down = slow_down.decrease(decrease);
            }
            if let Some(floor) = table.floor {
                slow_down = slow_down.floor(floor);
            }
            if let Some(step) = table.recovery_step {
                slow_down = slow_down.recovery_step(step);
            }
            limits = limits.slow_down(slow_down);
        }
        redis_table = file.redis;
    }
    if let Some(rate) = rate_limit {
        limits = limits.per_account(Budget::rate(rate));
    }
    match (redis_url, redis_table) {
        (Some(url), table) => {
            limits = limits.redis(url);
            if let Some(table) = table {
                if let Some(prefix) = table.key_prefix {
                    limits = limits.redis_key_prefix(prefix);
                }
                if let Some(fail_open) = table.fail_open {
                    limits = limits.fail_open(fail_open);
                }
                if let Some(ms) = table.timeout_ms {
                    limits = limits.redis_timeout(Duration::from_millis(ms.get().into()));
                }
            }
        }
        (None, Some(_)) => {
            return Err(Failure::Usage(
                "--limits: the [redis] table needs --redis-url or POSTPRESS_REDIS_URL".into(),
            ));
        }
        (None, None) => {}
    }
    Ok(Some(limits))
}

/// The file, parsed; an error names the file and the line.
fn read(path: &Path) -> Result<File, Failure> {
    let usage = |message: String| Failure::Usage(format!("--limits {}: {message}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|e| usage(e.to_string()))?;
    toml::from_str(&text).map_err(|error| {
        let message = error.message().trim_end().replace('\n', " ");
        match error.span() {
            Some(span) => {
                let before = text.get(..span.start).unwrap_or(&text);
                let line = before.matches('\n').count() + 1;
                usage(format!("line {line}: {message}"))
            }
            None => usage(message),
        }
    })
}

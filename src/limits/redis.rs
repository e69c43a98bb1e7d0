//! The Redis backend: the admission of `gcra.rs` as one Lua script, so
//! every process pointed at the same Redis shares each account's budget,
//! pace and stop.
//!
//! Keys are `<prefix>:{<sha1 of the account id>}` (a hash: `t:<bucket>`
//! reservations, `qd:`/`qn:` daily counts, `pace`) and `...:stop` (the error
//! kind that stopped the account, expiring with the cool-down). Nothing else
//! is written: no account id, no API key. The clock is the server's `TIME`,
//! one clock for every machine.

use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, RedisResult, Script};

use super::gcra::{Adapt, Bucket, Decision};

/// Idle accounts' state expires after two days (a quota counts one day).
const STATE_TTL_SECS: u64 = 2 * 86_400;

/// Mirrors `AccountState::admit` step for step (floating-point µs).
/// ARGV: now (empty: server time), state TTL, then per bucket: name,
/// interval_us, burst, quota.
static ADMIT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local stop = redis.call('GET', KEYS[2])
if stop then
  return {1, stop, string.format('%.17g', redis.call('PTTL', KEYS[2]) * 1000)}
end
local pace = tonumber(redis.call('HGET', KEYS[1], 'pace')) or 1
local day = math.floor(now / 86400000000)
local n = (#ARGV - 2) / 4
for i = 0, n - 1 do
  local name, quota = ARGV[3 + 4 * i], tonumber(ARGV[6 + 4 * i])
  if quota > 0 then
    local used = 0
    if tonumber(redis.call('HGET', KEYS[1], 'qd:' .. name)) == day then
      used = tonumber(redis.call('HGET', KEYS[1], 'qn:' .. name)) or 0
    end
    if used >= quota then
      return {2, name, string.format('%.17g', (day + 1) * 86400000000 - now)}
    end
  end
end
local start = now
for i = 0, n - 1 do
  local interval = tonumber(ARGV[4 + 4 * i])
  if interval > 0 then
    interval = interval / pace
    local tolerance = 0
    if pace >= 1 then
      tolerance = (math.max(tonumber(ARGV[5 + 4 * i]), 1) - 1) * interval
    end
    local tat = tonumber(redis.call('HGET', KEYS[1], 't:' .. ARGV[3 + 4 * i])) or 0
    start = math.max(start, tat - tolerance)
  end
end
for i = 0, n - 1 do
  local name, interval = ARGV[3 + 4 * i], tonumber(ARGV[4 + 4 * i])
  if interval > 0 then
    local tat = tonumber(redis.call('HGET', KEYS[1], 't:' .. name)) or 0
    redis.call('HSET', KEYS[1], 't:' .. name, math.max(tat, start) + interval / pace)
  end
  if tonumber(ARGV[6 + 4 * i]) > 0 then
    if tonumber(redis.call('HGET', KEYS[1], 'qd:' .. name)) ~= day then
      redis.call('HSET', KEYS[1], 'qd:' .. name, day, 'qn:' .. name, 0)
    end
    redis.call('HINCRBY', KEYS[1], 'qn:' .. name, 1)
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return {0, string.format('%.17g', start - now), string.format('%.17g', pace)}
",
    )
});

/// `AccountState::slow_down`. ARGV: decrease, floor, state TTL.
static SLOW_DOWN: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local pace = tonumber(redis.call('HGET', KEYS[1], 'pace')) or 1
pace = math.max(pace * tonumber(ARGV[1]), tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], 'pace', pace)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return string.format('%.17g', pace)
",
    )
});

/// `AccountState::recover`. ARGV: step.
static RECOVER: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local pace = tonumber(redis.call('HGET', KEYS[1], 'pace'))
if not pace then return '1' end
pace = math.min(pace + tonumber(ARGV[1]), 1)
if pace >= 1 then
  redis.call('HDEL', KEYS[1], 'pace')
else
  redis.call('HSET', KEYS[1], 'pace', pace)
end
return string.format('%.17g', pace)
",
    )
});

/// The shared state on one Redis server.
pub(crate) struct RedisBackend {
    client: redis::Client,
    /// The open connection (multiplexed: one for every task), dropped after
    /// a failure so the next call connects again.
    connection: Mutex<Option<MultiplexedConnection>>,
    prefix: String,
    timeout: Duration,
}

impl std::fmt::Debug for RedisBackend {
    // The URL may hold a password: not shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisBackend")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisBackend {
    /// Checks the URL; connects on first use.
    pub(crate) fn new(url: &str, prefix: String, timeout: Duration) -> RedisResult<Self> {
        Ok(RedisBackend {
            client: redis::Client::open(url)?,
            connection: Mutex::default(),
            prefix,
            timeout,
        })
    }

    fn keys(&self, account: &str) -> (String, String) {
        let digest = sha1_smol::Sha1::from(account.as_bytes())
            .digest()
            .to_string();
        let state = format!("{}:{{{digest}}}", self.prefix);
        let stop = format!("{state}:stop");
        (state, stop)
    }

    async fn connection(&self) -> RedisResult<MultiplexedConnection> {
        let cached = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(connection) = cached {
            return Ok(connection);
        }
        let config = AsyncConnectionConfig::new()
            .set_connection_timeout(Some(self.timeout))
            .set_response_timeout(Some(self.timeout));
        let connection = self
            .client
            .get_multiplexed_async_connection_with_config(&config)
            .await?;
        *self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(connection.clone());
        Ok(connection)
    }

    /// Runs `invocation` on the shared connection; a failure drops it.
    async fn run<T: redis::FromRedisValue>(
        &self,
        invocation: impl AsyncFnOnce(MultiplexedConnection) -> RedisResult<T>,
    ) -> RedisResult<T> {
        let result = invocation(self.connection().await?).await;
        if result.is_err() {
            *self
                .connection
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = None;
        }
        result
    }

    /// One admission; `now_us` only from tests (else the server's clock).
    pub(crate) async fn admit(
        &self,
        account: &str,
        buckets: &[Bucket],
        now_us: Option<f64>,
    ) -> RedisResult<Decision> {
        let (state, stop) = self.keys(account);
        let mut invocation = ADMIT.key(state);
        invocation
            .key(stop)
            .arg(now_us.map(|now| format!("{now:.0}")).unwrap_or_default())
            .arg(STATE_TTL_SECS);
        for bucket in buckets {
            invocation
                .arg(bucket.name)
                .arg(bucket.interval_us)
                .arg(bucket.burst)
                .arg(bucket.quota);
        }
        let (code, text, number): (u8, String, String) = self
            .run(async |mut connection| invocation.invoke_async(&mut connection).await)
            .await?;
        let number: f64 = number.parse().unwrap_or(0.0);
        Ok(match code {
            0 => Decision::Admitted {
                wait_us: text.parse().unwrap_or(0.0),
                pace: number,
            },
            1 => Decision::Stopped {
                reason: text,
                // PTTL is -1 (as µs: -1000) for a stop without an end.
                left_us: (number >= 0.0).then_some(number),
            },
            _ => Decision::Quota {
                bucket: text,
                resets_in_us: number,
            },
        })
    }

    pub(crate) async fn slow_down(&self, account: &str, adapt: &Adapt) -> RedisResult<f64> {
        let mut invocation = SLOW_DOWN.key(self.keys(account).0);
        invocation
            .arg(adapt.decrease)
            .arg(adapt.floor)
            .arg(STATE_TTL_SECS);
        let pace: String = self
            .run(async |mut connection| invocation.invoke_async(&mut connection).await)
            .await?;
        Ok(pace.parse().unwrap_or(adapt.floor))
    }

    pub(crate) async fn recover(&self, account: &str, adapt: &Adapt) -> RedisResult<f64> {
        let mut invocation = RECOVER.key(self.keys(account).0);
        invocation.arg(adapt.step);
        let pace: String = self
            .run(async |mut connection| invocation.invoke_async(&mut connection).await)
            .await?;
        Ok(pace.parse().unwrap_or(1.0))
    }

    pub(crate) async fn stop(
        &self,
        account: &str,
        reason: &str,
        cool_down: Option<Duration>,
    ) -> RedisResult<()> {
        let mut command = redis::cmd("SET");
        command.arg(self.keys(account).1).arg(reason);
        if let Some(cool_down) = cool_down {
            command.arg("PX").arg(cool_down.as_millis().max(1) as u64);
        }
        self.run(async |mut connection| command.query_async(&mut connection).await)
            .await
    }

    pub(crate) async fn reset(&self, account: &str) -> RedisResult<()> {
        let stop = self.keys(account).1;
        self.run(async |mut connection| {
            redis::cmd("DEL")
                .arg(stop)
                .query_async::<()>(&mut connection)
                .await
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::super::gcra::table;
    use super::*;
    use crate::limits::test_server::RedisServer;

    #[tokio::test]
    async fn the_table_holds_in_the_script() {
        let Some(server) = RedisServer::start() else {
            return;
        };
        let backend =
            RedisBackend::new(&server.url(), "test".into(), Duration::from_secs(2)).expect("url");
        for (n, case) in table::cases().into_iter().enumerate() {
            let account = format!("account-{n}");
            for (i, (now, expected)) in case.steps.iter().enumerate() {
                let got = match backend
                    .admit(&account, &case.buckets, Some(*now))
                    .await
                    .expect("admitted")
                {
                    Decision::Admitted { wait_us, .. } => Some(wait_us),
                    Decision::Quota { .. } => None,
                    other => panic!("{}: {other:?}", case.name),
                };
                assert_eq!(got, *expected, "{} step {i}", case.name);
            }
        }
        let adapt = Adapt {
            decrease: 0.5,
            floor: 0.125,
            step: 0.25,
        };
        assert_eq!(backend.slow_down("p", &adapt).await.expect("slow"), 0.5);
        assert_eq!(backend.recover("p", &adapt).await.expect("recover"), 0.75);
        backend
            .stop("p", "account_restricted", None)
            .await
            .expect("stop");
        let refused = backend.admit("p", &[], None).await.expect("refused");
        assert_eq!(
            refused,
            Decision::Stopped {
                reason: "account_restricted".into(),
                left_us: None
            }
        );
        backend.reset("p").await.expect("reset");
        assert!(matches!(
            backend.admit("p", &[], None).await.expect("admitted"),
            Decision::Admitted { pace, .. } if pace == 0.75
        ));
    }
}

//! The Redis backend: the admission of `gcra.rs` as Lua scripts (`lua/`),
//! so every process pointed at the same Redis shares each account's
//! budgets, paces and stop.
//!
//! Keys are `<prefix>:{<sha1 of the account id>}` (a hash: `t:<budget>`
//! reservations, `qd:`/`qn:` daily counts, `pace:`/`why:`/`signals:<scope>`
//! lowered paces, `seq`), `...:stop` (the error kind that stopped the
//! account, expiring with the cool-down) and `...:week:<budget>` (a sorted
//! set of the starts of the last seven days' calls, for weekly quotas).
//! Nothing else is written: no account id, no API key. The clock is the
//! server's `TIME`, one clock for every machine.

use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, RedisError, Script};

use super::SlowDown;
use super::budget::ScopedBudget;
use super::gcra::{Decision, Snapshot};
use super::held::Reservation;

// Results are spelled `Result<_, RedisError>`, not `RedisResult`: so
// cargo-mutants knows them and tries `Ok(..)` of each (RELIABILITY.md).

/// Idle accounts' state expires after two days (a daily quota counts one
/// day; weekly sets expire on their own after eight).
const STATE_TTL_SECS: u64 = 2 * 86_400;

static ADMIT: LazyLock<Script> = LazyLock::new(|| Script::new(include_str!("lua/admit.lua")));
static SLOW_DOWN: LazyLock<Script> =
    LazyLock::new(|| Script::new(include_str!("lua/slow_down.lua")));
static RECOVER: LazyLock<Script> = LazyLock::new(|| Script::new(include_str!("lua/recover.lua")));
static STOP: LazyLock<Script> = LazyLock::new(|| Script::new(include_str!("lua/stop.lua")));
static RELEASE: LazyLock<Script> = LazyLock::new(|| Script::new(include_str!("lua/release.lua")));
static SNAPSHOT: LazyLock<Script> = LazyLock::new(|| Script::new(include_str!("lua/snapshot.lua")));

/// One account's keys.
struct Keys {
    state: String,
    stop: String,
}

impl Keys {
    fn week(&self, budget: &str) -> String {
        format!("{}:week:{budget}", self.state)
    }
}

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
    pub(crate) fn new(url: &str, prefix: String, timeout: Duration) -> Result<Self, RedisError> {
        Ok(RedisBackend {
            client: redis::Client::open(url)?,
            connection: Mutex::default(),
            prefix,
            timeout,
        })
    }

    /// The hex SHA-1 of an account id: the only form it takes in Redis.
    pub(crate) fn digest(account: &str) -> String {
        sha1_smol::Sha1::from(account.as_bytes())
            .digest()
            .to_string()
    }

    fn keys(&self, account: &str) -> Keys {
        self.keys_of_digest(&Self::digest(account))
    }

    fn keys_of_digest(&self, digest: &str) -> Keys {
        let state = format!("{}:{{{digest}}}", self.prefix);
        let stop = format!("{state}:stop");
        Keys { state, stop }
    }

    async fn connection(&self) -> Result<MultiplexedConnection, RedisError> {
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
        invocation: impl AsyncFnOnce(MultiplexedConnection) -> Result<T, RedisError>,
    ) -> Result<T, RedisError> {
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
        budgets: &[ScopedBudget],
        kind: Option<&str>,
        now_us: Option<f64>,
        max_wait_us: Option<f64>,
    ) -> Result<Decision, RedisError> {
        let keys = self.keys(account);
        let mut invocation = ADMIT.key(&keys.state);
        invocation.key(&keys.stop);
        for budget in budgets {
            invocation.key(keys.week(budget.name));
        }
        invocation
            .arg(now_us.map(|now| format!("{now:.0}")).unwrap_or_default())
            .arg(STATE_TTL_SECS)
            .arg(kind.unwrap_or_default())
            .arg(
                max_wait_us
                    .map(|wait| format!("{wait:.0}"))
                    .unwrap_or_default(),
            );
        for budget in budgets {
            invocation
                .arg(budget.name)
                .arg(budget.interval_us)
                .arg(budget.burst)
                .arg(budget.quota)
                .arg(budget.weekly);
        }
        // The code, a text, a number; admitted: the start and each
        // budget's arrival time before and after.
        let reply: Vec<String> = self
            .run(async |mut connection| invocation.invoke_async(&mut connection).await)
            .await?;
        let field = |i: usize| reply.get(i).map_or("", String::as_str);
        let number: f64 = field(2).parse().unwrap_or(0.0);
        Ok(match field(0) {
            "0" => Decision::Admitted {
                wait_us: field(1).parse().unwrap_or(0.0),
                pace: number,
                reservation: Reservation::of_script(budgets, reply.get(3..).unwrap_or_default()),
            },
            "4" => Decision::TooLate { wait_us: number },
            "1" => Decision::Stopped {
                reason: field(1).to_string(),
                // -1 for a stop without an end.
                left_us: (number >= 0.0).then_some(number),
            },
            code => Decision::Quota {
                budget: field(1).to_string(),
                weekly: code == "3",
                resets_in_us: number,
            },
        })
    }

    /// Gives back `reservation` (`lua/release.lua`); `now_us` only from
    /// tests (else the server's clock).
    pub(crate) async fn release(
        &self,
        account: &str,
        budgets: &[ScopedBudget],
        reservation: &Reservation,
        now_us: Option<f64>,
    ) -> Result<(), RedisError> {
        let keys = self.keys(account);
        let mut invocation = RELEASE.key(&keys.state);
        for budget in budgets {
            invocation.key(keys.week(budget.name));
        }
        invocation
            .arg(now_us.map(|now| format!("{now:.0}")).unwrap_or_default())
            // Rust prints the shortest text that reads back as the same f64.
            .arg(reservation.start.to_string());
        for budget in budgets {
            let arrival = reservation
                .arrivals
                .iter()
                .find(|arrival| arrival.budget == budget.name);
            let before = arrival.and_then(|a| a.before).map(|t| t.to_string());
            let after = arrival.map(|arrival| arrival.after.to_string());
            invocation
                .arg(budget.name)
                .arg(before.unwrap_or_default())
                .arg(after.unwrap_or_default())
                .arg(budget.quota)
                .arg(budget.weekly);
        }
        let _: u8 = self
            .run(async |mut connection| invocation.invoke_async(&mut connection).await)
            .await?;
        Ok(())
    }

    pub(crate) async fn slow_down(
        &self,
        account: &str,
        scope: &str,
        why: &str,
        slow_down: &SlowDown,
    ) -> Result<f64, RedisError> {
        let mut invocation = SLOW_DOWN.key(self.keys(account).state);
        invocation
            .arg(scope)
            .arg(why)
            .arg(slow_down.decrease)
            .arg(slow_down.floor)
            .arg(STATE_TTL_SECS);
        let pace: String = self
            .run(async |mut connection| invocation.invoke_async(&mut connection).await)
            .await?;
        Ok(pace.parse().unwrap_or(slow_down.floor))
    }

    pub(crate) async fn recover(
        &self,
        account: &str,
        scopes: &[&str],
        slow_down: &SlowDown,
    ) -> Result<f64, RedisError> {
        let mut invocation = RECOVER.key(self.keys(account).state);
        invocation.arg(slow_down.step).arg(scopes);
        let pace: String = self
            .run(async |mut connection| invocation.invoke_async(&mut connection).await)
            .await?;
        Ok(pace.parse().unwrap_or(1.0))
    }

    /// Stops the account for `cool_down` (`None`: until reset) from
    /// `now_us` (only from tests; else the server's clock).
    pub(crate) async fn stop(
        &self,
        account: &str,
        reason: &str,
        cool_down: Option<Duration>,
        now_us: Option<f64>,
    ) -> Result<(), RedisError> {
        let mut invocation = STOP.key(self.keys(account).stop);
        invocation
            .arg(reason)
            .arg(
                cool_down
                    .map(|cool_down| cool_down.as_micros().to_string())
                    .unwrap_or_default(),
            )
            .arg(now_us.map(|now| format!("{now:.0}")).unwrap_or_default());
        let _: u8 = self
            .run(async |mut connection| invocation.invoke_async(&mut connection).await)
            .await?;
        Ok(())
    }

    /// Lifts the stop and forgets the paces of `scopes`, atomically; with
    /// `keep_stop`, the paces alone.
    pub(crate) async fn reset(
        &self,
        account: &str,
        scopes: &[&str],
        keep_stop: bool,
    ) -> Result<(), RedisError> {
        let keys = self.keys(account);
        let mut pipe = redis::pipe();
        pipe.atomic();
        if !keep_stop {
            pipe.del(&keys.stop).ignore();
        }
        let fields: Vec<String> = scopes
            .iter()
            .flat_map(|scope| ["pace:", "why:", "signals:"].map(|f| format!("{f}{scope}")))
            .collect();
        pipe.hdel(&keys.state, fields).ignore();
        self.run(async |mut connection| pipe.query_async::<()>(&mut connection).await)
            .await
    }

    /// The state of the account whose id hashes to `digest`, for
    /// `budgets` and the pace `scopes`.
    pub(crate) async fn snapshot(
        &self,
        digest: &str,
        budgets: &[&str],
        scopes: &[&str],
        now_us: Option<f64>,
    ) -> Result<Snapshot, RedisError> {
        let keys = self.keys_of_digest(digest);
        let mut invocation = SNAPSHOT.key(&keys.state);
        invocation.key(&keys.stop);
        for budget in budgets {
            invocation.key(keys.week(budget));
        }
        invocation
            .arg(now_us.map(|now| format!("{now:.0}")).unwrap_or_default())
            .arg(budgets)
            .arg(scopes);
        let json: String = self
            .run(async |mut connection| invocation.invoke_async(&mut connection).await)
            .await?;
        serde_json::from_str(&json).map_err(|error| {
            redis::RedisError::from((
                redis::ErrorKind::Parse,
                "an account's state that does not read back",
                error.to_string(),
            ))
        })
    }

    /// The digests of every account with state under this prefix (a
    /// `SCAN`, never `KEYS`: it does not block the server).
    pub(crate) async fn digests(&self) -> Result<Vec<String>, RedisError> {
        let pattern = format!("{}:{{*}}*", self.prefix);
        let keys: Vec<String> = self
            .run(async |mut connection| {
                let mut iter = redis::cmd("SCAN")
                    .cursor_arg(0)
                    .arg("MATCH")
                    .arg(&pattern)
                    .arg("COUNT")
                    .arg(1_000)
                    .clone()
                    .iter_async::<String>(&mut connection)
                    .await?;
                let mut keys = Vec::new();
                while let Some(key) = futures_util::StreamExt::next(&mut iter).await {
                    keys.push(key?);
                }
                Ok(keys)
            })
            .await?;
        let mut digests: Vec<String> = keys
            .iter()
            .filter_map(|key| {
                let (_, rest) = key.split_once('{')?;
                rest.split_once('}').map(|(digest, _)| digest.to_string())
            })
            .collect();
        digests.sort();
        digests.dedup();
        Ok(digests)
    }
}

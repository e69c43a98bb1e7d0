//! Limits across a fleet, through the library: budgets shared through a real
//! `redis-server` (started by the tests on a free loopback port), Redis going
//! away (`store`), and the same limits inside one process (`in_process`).
//! Several `postpress` processes sharing one Redis are the CLI package's tests.
//! The in-process tests build without the `redis` feature, so a build
//! without it still runs them.

#[cfg(feature = "redis")]
mod config;
mod deadline;
mod in_process;
#[cfg(feature = "redis")]
mod quotas;
mod report;
#[cfg(feature = "redis")]
mod store;
#[cfg(feature = "redis")]
mod throttling;

use std::num::NonZeroU32;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::common::pages::PageServer;
#[cfg(feature = "redis")]
use crate::common::redis_server::RedisServer;
use crate::common::{ACCOUNT_ID, API_KEY, envelope, fixture, request};
use httpmock::prelude::*;
use postpress::{
    Budget, CallKind, Client, Error, ErrorKind, Limits, LinkedinSections, QuotaWindow, RetryPolicy,
    types,
};

/// Every `n + 1` consecutive arrivals span at least `n` intervals, less 10 %:
/// the combined rate stays within 10 % of the budget in every window.
fn assert_paced(arrivals: &[Instant], interval: Duration, n: usize) {
    for window in arrivals.windows(n + 1) {
        let span = window[n] - window[0];
        assert!(
            span >= interval * n as u32 * 9 / 10,
            "{} calls within {span:?}: faster than one per {interval:?}",
            n + 1
        );
    }
}

#[cfg(feature = "redis")]
fn limits(redis: &RedisServer) -> Limits {
    Limits::new()
        .per_account(Budget::rate("5/s".parse().expect("rate")))
        .redis(redis.url())
}

const DAY: Duration = Duration::from_secs(86_400);

/// The UTC day `time` falls in, counted from 1970.
fn utc_day(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
        / DAY.as_secs()
}

/// `resets_in`, said now, ends within a second of a UTC midnight at most a
/// day ahead: true whichever side of a midnight the SDK and the test read
/// their clocks on.
fn assert_resets_at_utc_midnight(resets_in: Duration) {
    assert!(resets_in <= DAY + Duration::from_secs(1), "{resets_in:?}");
    let at = SystemTime::now() + resets_in;
    assert_at_utc_midnight(at);
}

/// `at` is within a second of a UTC midnight.
fn assert_at_utc_midnight(at: SystemTime) {
    let since_epoch = at.duration_since(UNIX_EPOCH).expect("after 1970");
    let into_day = Duration::from_nanos((since_epoch.as_nanos() % DAY.as_nanos()) as u64);
    let gap = into_day.min(DAY - into_day);
    assert!(gap <= Duration::from_secs(1), "{gap:?} from a UTC midnight");
}

fn assert_within_a_second(got: Duration, expected: Duration) {
    let gap = got.abs_diff(expected);
    assert!(
        gap <= Duration::from_secs(1),
        "{got:?}, expected {expected:?}"
    );
}

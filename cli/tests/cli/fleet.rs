//! Limits across a fleet: budgets shared through a real `redis-server`
//! (started by the tests on a free loopback port) by several OS processes
//! (the `postpress` binary): the pace, the slow-down after a 429 and the stop
//! after a restricted account seen by every process.

use std::process::Output;
use std::time::{Duration, Instant};

use httpmock::prelude::*;
use postpress::{Budget, Client, Limits};

use crate::common::{ACCOUNT_ID, API_KEY, envelope, fixture, request};
use crate::pages::PageServer;
use crate::redis_server::RedisServer;

/// The `postpress` binary against `base_url` with the test key, pacing at
/// `rate` through the Redis at `redis`.
pub fn postpress(base_url: &str, redis: &str, rate: &str) -> std::process::Command {
    let mut command = std::process::Command::new(crate::common::BINARY);
    command
        .env_remove("POSTPRESS_API_KEY")
        .env_remove("POSTPRESS_BASE_URL")
        .env("POSTPRESS_REDIS_URL", redis)
        .args([
            "--base-url",
            base_url,
            "--api-key",
            API_KEY,
            "--rate-limit",
            rate,
        ]);
    command
}

/// Runs the commands at once, each in its own process; their outputs.
pub async fn run_together(commands: Vec<std::process::Command>) -> Vec<Output> {
    let runs = commands.into_iter().map(|mut command| {
        tokio::task::spawn_blocking(move || command.output().expect("postpress runs"))
    });
    futures::future::join_all(runs)
        .await
        .into_iter()
        .map(|output| output.expect("joined"))
        .collect()
}

pub fn assert_exit(output: &Output, code: i32) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    stderr
}

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

fn limits(redis: &RedisServer) -> Limits {
    Limits::new()
        .per_account(Budget::rate("5/s".parse().expect("rate")))
        .redis(redis.url())
}

#[tokio::test(flavor = "multi_thread")]
async fn two_processes_with_5_per_second_make_20_calls_in_no_less_than_3_8_s() {
    let redis = RedisServer::start();
    let server = PageServer::start(10).await;
    let walk = || {
        let mut command = postpress(&server.base_url, &redis.url(), "5/s");
        command.args(["users", "relations", "--account-id", ACCOUNT_ID, "--all"]);
        command
    };
    let started = Instant::now();
    let outputs = run_together(vec![walk(), walk()]).await;
    let elapsed = started.elapsed();
    for output in &outputs {
        assert_exit(output, 0);
    }
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 20, "two walks of 10 pages");
    assert!(elapsed >= Duration::from_millis(3_800), "{elapsed:?}");
    // One shared budget: 5 per second in every window, across both processes.
    assert_paced(&arrivals, Duration::from_millis(200), 5);
    assert_paced(&arrivals, Duration::from_millis(200), 19);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_429_in_one_process_slows_the_account_down_in_another() {
    let redis = RedisServer::start();
    let limited = MockServer::start_async().await;
    let too_many = limited
        .mock_async(|when, then| {
            request(when, GET, "/users/me", &[("account_id", ACCOUNT_ID)]);
            // Beyond the retry cap: the first process stops after one attempt.
            then.status(429)
                .header("retry-after", "600")
                .json_body(envelope(429, "too_many_requests"));
        })
        .await;
    let mut first = postpress(&limited.base_url(), &redis.url(), "5/s");
    first.args(["users", "me", "--account-id", ACCOUNT_ID]);
    let stderr = assert_exit(&run_together(vec![first]).await[0], 1);
    assert!(stderr.contains("too_many_requests"), "{stderr}");
    too_many.assert_async().await;

    // The second process paces at half the rate: 400 ms, not 200 ms.
    let server = PageServer::start(3).await;
    let mut second = postpress(&server.base_url, &redis.url(), "5/s");
    second.args(["users", "relations", "--account-id", ACCOUNT_ID, "--all"]);
    assert_exit(&run_together(vec![second]).await[0], 0);
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 3);
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= Duration::from_millis(380), "{gap:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restricted_account_is_refused_by_every_process_without_a_request() {
    let redis = RedisServer::start();
    let server = MockServer::start_async().await;
    let restricted = server
        .mock_async(|when, then| {
            request(when, GET, "/users/me", &[("account_id", ACCOUNT_ID)]);
            then.status(403)
                .json_body(envelope(403, "account_restricted"));
        })
        .await;
    let relations = server
        .mock_async(|when, then| {
            when.path("/users/relations");
            then.status(200)
                .body(fixture("list_relations.example_response.json"));
        })
        .await;
    let me = || {
        let mut command = postpress(&server.base_url(), &redis.url(), "50/s");
        command.args(["users", "me", "--account-id", ACCOUNT_ID]);
        command
    };
    let stderr = assert_exit(&run_together(vec![me()]).await[0], 1);
    assert!(stderr.contains("account_restricted"), "{stderr}");
    assert_eq!(restricted.calls_async().await, 1);

    let mut list = postpress(&server.base_url(), &redis.url(), "50/s");
    list.args(["users", "relations", "--account-id", ACCOUNT_ID]);
    for output in run_together(vec![me(), list]).await {
        let stderr = assert_exit(&output, 1);
        assert!(
            stderr.contains("stopped after errors/account_restricted")
                && stderr.contains("nothing was sent"),
            "{stderr}"
        );
    }
    assert_eq!(restricted.calls_async().await, 1, "no second request");
    assert_eq!(relations.calls_async().await, 0, "no request at all");

    // A reset from any process lifts the stop for all.
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .limits(limits(&redis))
        .build()
        .expect("client");
    client
        .limiter()
        .expect("limiter")
        .reset(ACCOUNT_ID)
        .await
        .expect("reset");
    client
        .list_relations()
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("sent again");
    assert_eq!(relations.calls_async().await, 1);
}

#[test]
fn a_bad_rate_is_a_usage_error() {
    for bad in ["5/x", "0/s", "fast"] {
        let output = std::process::Command::new(crate::common::BINARY)
            .args([
                "--rate-limit",
                bad,
                "--mock",
                "users",
                "me",
                "--account-id",
                "a",
            ])
            .output()
            .expect("runs");
        let stderr = assert_exit(&output, 2);
        assert!(stderr.contains("CALLS/UNIT"), "{stderr}");
    }
}

//! Limits across a fleet: budgets shared through a real `redis-server`
//! (started by the tests on a free loopback port) by several OS processes
//! (`processes`), and the same limits inside one process (`in_process`).

mod config;
mod in_process;
mod processes;

use std::num::NonZeroU32;
use std::process::Output;
use std::time::{Duration, Instant};

use crate::common::pages::PageServer;
use crate::common::redis_server::RedisServer;
use crate::common::{ACCOUNT_ID, API_KEY, envelope, fixture, request};
use httpmock::prelude::*;
use postpress::{
    Budget, CallKind, Client, Error, ErrorKind, Limits, LinkedinSections, RetryPolicy, types,
};

/// The `postpress` binary against `base_url` with the test key, pacing at
/// `rate` through the Redis at `redis`.
fn postpress(base_url: &str, redis: &str, rate: &str) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_postpress"));
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
async fn run_together(commands: Vec<std::process::Command>) -> Vec<Output> {
    let runs = commands.into_iter().map(|mut command| {
        tokio::task::spawn_blocking(move || command.output().expect("postpress runs"))
    });
    futures::future::join_all(runs)
        .await
        .into_iter()
        .map(|output| output.expect("joined"))
        .collect()
}

fn assert_exit(output: &Output, code: i32) -> String {
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

//! What the per-account limiter costs, each figure beside its baseline from
//! the same run (median of several runs), against a loopback HTTP server
//! and a `redis-server` on loopback started by the bench:
//!
//! - `admission`: 1,000 sequential `GET /users/relations` with no limiter,
//!   with the in-memory limiter and with the Redis limiter (budgets far above
//!   the call rate, so nothing waits: the difference is the admission).
//! - `fleet`: 100 accounts × 4 concurrent workers, each account paced at
//!   20/s, 40 calls per account: the fastest rate any account reached vs
//!   its budget, and the wall time vs the ideal 39 × 50 ms (the overhead),
//!   in memory and on Redis, beside the same load with no limiter.
//!
//! Run: `cargo bench --features redis --bench limits` (add `-- quick` for
//! fewer runs). Needs `redis-server` on the PATH. Results: BENCHMARKS.md.

// Shared with the tests; the bench uses part of each.
#[allow(dead_code)]
#[path = "../tests/it/common/pages.rs"]
mod pages;
#[allow(dead_code)]
#[path = "../src/limits/test_server.rs"]
mod redis_server;

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use pages::PageServer;
use postpress::{Budget, Client, Limits, RateLimit, RetryPolicy};
use redis_server::RedisServer;

/// The arrival times of each account's requests.
fn by_account(server: &PageServer) -> HashMap<String, Vec<Instant>> {
    let mut accounts: HashMap<String, Vec<Instant>> = HashMap::new();
    for (at, target) in server.seen() {
        if let Some(account) = target
            .split_once("account_id=")
            .and_then(|(_, rest)| rest.split('&').next())
        {
            accounts.entry(account.to_string()).or_default().push(at);
        }
    }
    accounts
}

fn client(base_url: &str, limits: Option<Limits>) -> Client {
    let builder = Client::builder()
        .api_key("bench-key")
        .base_url(base_url)
        .retry(RetryPolicy::none());
    match limits {
        Some(limits) => builder.limits(limits),
        None => builder,
    }
    .build()
    .expect("client")
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

async fn admission(runs: usize, redis: &RedisServer) {
    let server = PageServer::start(1).await;
    let base = server.base_url.clone();
    // Far above the call rate: admissions never wait.
    let unpaced =
        Budget::rate(RateLimit::every(Duration::from_nanos(1), NonZeroU32::MAX).expect("non-zero"));
    let clients = [
        ("no limiter", client(&base, None)),
        (
            "in memory",
            client(&base, Some(Limits::new().per_account(unpaced))),
        ),
        (
            "Redis",
            client(
                &base,
                Some(Limits::new().per_account(unpaced).redis(redis.url())),
            ),
        ),
    ];
    let mut times = vec![Vec::new(); clients.len()];
    for _ in 0..runs {
        let mut run = vec![Duration::ZERO; clients.len()];
        // Interleaved blocks, so drift in the machine's speed falls on all alike.
        for _ in 0..10 {
            for (i, (_, client)) in clients.iter().enumerate() {
                let started = Instant::now();
                for _ in 0..100 {
                    let page = client
                        .list_relations()
                        .account_id("acc_1")
                        .send()
                        .await
                        .expect("page");
                    std::hint::black_box(page);
                }
                run[i] += started.elapsed();
            }
        }
        for (i, time) in run.into_iter().enumerate() {
            times[i].push(time / 1000);
        }
    }
    let base_time = median(times[0].clone());
    println!("admission: per call, median of {runs} runs of 1,000 calls");
    for ((name, _), samples) in clients.iter().zip(times) {
        let time = median(samples);
        println!(
            "  {name:<10} {:>7.1} µs  (+{:.1} µs over no limiter)",
            micros(time),
            micros(time) - micros(base_time)
        );
    }
}

async fn fleet(runs: usize, redis: &RedisServer) {
    const ACCOUNTS: usize = 100;
    const WORKERS: usize = 4;
    const CALLS: usize = 10;
    let budget = Budget::rate("20/s".parse().expect("rate"));
    let ideal = Duration::from_millis(50) * (WORKERS * CALLS - 1) as u32;
    println!(
        "fleet: {ACCOUNTS} accounts × {WORKERS} workers × {CALLS} calls, 20/s per account (ideal {ideal:?}), median of {runs} runs"
    );
    for (name, limits) in [
        ("no limiter", None),
        ("in memory", Some(Limits::new().per_account(budget))),
        (
            "Redis",
            Some(
                Limits::new()
                    .per_account(budget)
                    .redis(redis.url())
                    .redis_key_prefix(format!("bench{}", std::process::id())),
            ),
        ),
    ] {
        let (mut walls, mut fastest) = (Vec::new(), 0.0_f64);
        for run in 0..runs {
            let server = PageServer::start(1).await;
            let client = client(&server.base_url, limits.clone());
            let started = Instant::now();
            let mut tasks = Vec::new();
            for account in 0..ACCOUNTS {
                for _ in 0..WORKERS {
                    let client = client.clone();
                    // Each run its own accounts: no budget carried over.
                    let account = format!("acc_{run}_{account}");
                    tasks.push(tokio::spawn(async move {
                        for _ in 0..CALLS {
                            let page = client
                                .list_relations()
                                .account_id(account.as_str())
                                .send()
                                .await;
                            std::hint::black_box(page.expect("page"));
                        }
                    }));
                }
            }
            for task in tasks {
                task.await.expect("worker");
            }
            walls.push(started.elapsed());
            for times in by_account(&server).values() {
                let span = (times[times.len() - 1] - times[0]).as_secs_f64();
                let rate = (times.len() - 1) as f64 / span.max(1e-9);
                fastest = fastest.max(rate);
            }
        }
        let wall = median(walls);
        println!(
            "  {name:<10} wall {:>8.1} ms (ideal {:.0} ms, overhead {:+.1} ms); fastest account {:.2} calls/s (budget 20)",
            wall.as_secs_f64() * 1e3,
            ideal.as_secs_f64() * 1e3,
            (wall.as_secs_f64() - ideal.as_secs_f64()) * 1e3,
            fastest
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `-- quick` runs fewer rounds.
    let quick = std::env::args().any(|a| a == "quick");
    // Panics, saying how to install it, without redis-server.
    let redis = RedisServer::start();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        admission(if quick { 3 } else { 7 }, &redis).await;
        fleet(if quick { 1 } else { 3 }, &redis).await;
    });
}

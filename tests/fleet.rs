//! Limits inside one process and shared through a real `redis-server`
//! (started by the tests on a free loopback port): Redis going away mid-run,
//! retries and prefetched pages paced, quotas, cool-downs, resets. The same
//! limits across several OS processes are tested with the `postpress`
//! command (`cli/tests/cli/fleet.rs`).
#![cfg(feature = "redis")]

mod common;

use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use common::pages::PageServer;
use common::redis_server::RedisServer;
use common::{ACCOUNT_ID, API_KEY, envelope, fixture, request};
use httpmock::prelude::*;
use postpress::{
    Budget, CallKind, Client, Error, ErrorKind, Limits, LinkedinSections, RetryPolicy, types,
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

fn limits(redis: &RedisServer) -> Limits {
    Limits::new()
        .per_account(Budget::rate("5/s".parse().expect("rate")))
        .redis(redis.url())
}

#[tokio::test(flavor = "multi_thread")]
async fn redis_stopped_mid_run_fails_closed_by_default_and_nothing_is_sent() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let server = PageServer::start(1).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.base_url)
        .retry(RetryPolicy::none())
        .limits(limits(&redis).redis_timeout(Duration::from_millis(500)))
        .build()
        .expect("client");
    let call = || client.list_relations().account_id(ACCOUNT_ID).send();
    call().await.expect("paced through Redis");
    redis.stop();
    for _ in 0..3 {
        let error = call().await.expect_err("Redis is gone");
        assert!(
            matches!(error, Error::LimiterUnavailable { .. }),
            "{error:?}"
        );
        assert!(error.is_retryable());
        assert!(
            std::error::Error::source(&error).is_some(),
            "the Redis error is kept"
        );
    }
    assert_eq!(
        server.arrivals().len(),
        1,
        "nothing sent while Redis is down"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn redis_stopped_mid_run_with_fail_open_paces_in_memory() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let server = PageServer::start(1).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.base_url)
        .retry(RetryPolicy::none())
        .limits(limits(&redis).fail_open(true))
        .build()
        .expect("client");
    client
        .list_relations()
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("paced through Redis");
    redis.stop();
    let calls = (0..4).map(|_| client.list_relations().account_id(ACCOUNT_ID).send());
    for result in futures::future::join_all(calls).await {
        result.expect("sent, paced in memory");
    }
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 5);
    assert_paced(&arrivals[1..], Duration::from_millis(200), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_secret_is_written_to_redis() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/users/me");
            then.status(429)
                .json_body(envelope(429, "too_many_requests"));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/users/relations");
            then.status(403)
                .json_body(envelope(403, "disconnected_account"));
        })
        .await;
    let quota = NonZeroU32::new(5).expect("non-zero");
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .limits(limits(&redis).per_kind(CallKind::OwnProfile, Budget::quota(quota)))
        .build()
        .expect("client");
    // Pacing, a quota count, a slow-down and a stop: every kind of state.
    let _ = client.get_own_profile().account_id(ACCOUNT_ID).send().await;
    let _ = client.list_relations().account_id(ACCOUNT_ID).send().await;

    let mut connection = redis::Client::open(redis.url())
        .expect("url")
        .get_multiplexed_async_connection()
        .await
        .expect("connected");
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg("*")
        .query_async(&mut connection)
        .await
        .expect("keys");
    assert_eq!(keys.len(), 2, "the account's state and its stop: {keys:?}");
    let mut written = keys.join("\n");
    for key in &keys {
        let kind: String = redis::cmd("TYPE")
            .arg(key)
            .query_async(&mut connection)
            .await
            .expect("type");
        let values: Vec<String> = match kind.as_str() {
            "hash" => {
                redis::cmd("HGETALL")
                    .arg(key)
                    .query_async(&mut connection)
                    .await
            }
            _ => redis::cmd("GET")
                .arg(key)
                .query_async(&mut connection)
                .await
                .map(|v: String| vec![v]),
        }
        .expect("values");
        written.push('\n');
        written.push_str(&values.join("\n"));
    }
    assert!(
        written.contains("disconnected_account"),
        "the stop is there: {written}"
    );
    assert!(
        written.contains("pace"),
        "the slow-down is there: {written}"
    );
    for secret in [API_KEY, ACCOUNT_ID, "pp_test", "acc_linkedin"] {
        assert!(
            !written.contains(secret),
            "{secret:?} written to Redis: {written}"
        );
    }
}

/// A client for `server` with in-process limits and no retries.
fn local(server: &str, limits: Limits) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(server)
        .retry(RetryPolicy::none())
        .limits(limits)
        .build()
        .expect("client")
}

#[tokio::test]
async fn every_retry_attempt_is_admitted() {
    let server = MockServer::start_async().await;
    let unavailable = server
        .mock_async(|when, then| {
            request(when, GET, "/users/me", &[("account_id", ACCOUNT_ID)]);
            then.status(503)
                .header("retry-after", "0")
                .json_body(envelope(503, "service_unavailable"));
        })
        .await;
    let limits = Limits::new().per_account(Budget::rate("5/s".parse().expect("rate")));
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::default().max_attempts(3))
        .limits(limits)
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client
        .get_own_profile()
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect_err("503 every time");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(unavailable.calls_async().await, 3);
    // `Retry-After: 0` asks for no wait; the budget still spaces attempts.
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn every_page_of_a_stream_is_admitted_prefetched_ones_too() {
    use futures::TryStreamExt;
    let server = PageServer::start(5).await;
    let limits = Limits::new().per_account(Budget::rate("5/s".parse().expect("rate")));
    let client = local(&server.base_url, limits);
    let pages: Vec<_> = client
        .relations(ACCOUNT_ID)
        .pages()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(pages.len(), 5);
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 5);
    assert_paced(&arrivals, Duration::from_millis(200), 1);
}

#[tokio::test]
async fn a_stop_refuses_at_once_until_its_cool_down_ends() {
    let server = MockServer::start_async().await;
    let expired = server
        .mock_async(|when, then| {
            request(when, GET, "/users/me", &[("account_id", ACCOUNT_ID)]);
            then.status(401)
                .json_body(envelope(401, "expired_credentials"));
        })
        .await;
    let limits = Limits::new().stop_cool_down(Some(Duration::from_millis(300)));
    let client = local(&server.base_url(), limits);
    let call = || client.get_own_profile().account_id(ACCOUNT_ID).send();
    assert_eq!(
        call().await.expect_err("401").kind(),
        Some(&ErrorKind::ExpiredCredentials)
    );
    let error = call().await.expect_err("stopped");
    match &error {
        Error::AccountStopped {
            account_id,
            reason,
            retry_in,
        } => {
            assert_eq!(account_id, ACCOUNT_ID);
            assert_eq!(reason, &ErrorKind::ExpiredCredentials);
            assert!(retry_in.is_some_and(|left| left <= Duration::from_millis(300)));
        }
        other => panic!("{other:?}"),
    }
    assert!(!error.is_retryable());
    assert_eq!(expired.calls_async().await, 1, "nothing sent while stopped");
    tokio::time::sleep(Duration::from_millis(350)).await;
    call().await.expect_err("sent again after the cool-down");
    assert_eq!(expired.calls_async().await, 2);
}

#[tokio::test]
async fn a_kind_s_daily_quota_refuses_past_it_and_other_kinds_go_on() {
    let server = MockServer::start_async().await;
    let views = server
        .mock_async(|when, then| {
            when.path("/users/jordan-walke");
            then.status(200)
                .body(fixture("get_user.example_response.json"));
        })
        .await;
    let me = server
        .mock_async(|when, then| {
            when.path("/users/me");
            then.status(200)
                .body(fixture("get_own_profile.example_response.json"));
        })
        .await;
    let two = NonZeroU32::new(2).expect("non-zero");
    let client = local(
        &server.base_url(),
        Limits::new().per_kind(CallKind::ProfileView, Budget::quota(two)),
    );
    let view = || {
        client
            .get_user()
            .identifier("jordan-walke")
            .account_id(ACCOUNT_ID)
            .send()
    };
    view().await.expect("1st");
    view().await.expect("2nd");
    match view().await.expect_err("past the quota") {
        Error::QuotaExhausted {
            call_kind,
            resets_in,
            ..
        } => {
            assert_eq!(call_kind, Some(CallKind::ProfileView));
            assert!(resets_in <= Duration::from_secs(86_400));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(views.calls_async().await, 2);
    client
        .get_own_profile()
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("another kind");
    assert_eq!(me.calls_async().await, 1);
}

#[tokio::test]
async fn throttled_sections_say_which_requested_sections_came_back_empty() {
    let server = MockServer::start_async().await;
    let mut profile: serde_json::Value =
        serde_json::from_str(&fixture("get_user.example_response.json")).expect("json");
    profile["throttled_sections"] = serde_json::json!(["experience", "skills", "languages"]);
    server
        .mock_async(|when, then| {
            when.path("/users/jordan-walke");
            then.status(200).json_body(profile);
        })
        .await;
    let client = local(&server.base_url(), Limits::new());
    let asked = LinkedinSections::from(["experience", "education", "languages"]);
    let profile = client
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .linkedin_sections(asked.clone())
        .send()
        .await
        .expect("profile");
    use types::LinkedinThrottledSection as Section;
    assert_eq!(
        asked.throttled_in(&profile),
        [&Section::Experience, &Section::Languages]
    );
    assert_eq!(
        LinkedinSections::all_preview().throttled_in(&profile).len(),
        3
    );
}

#[test]
fn bad_limits_are_config_errors_and_a_redis_password_is_never_shown() {
    let with_password = Limits::new().redis("redis://:s3cret-pass@127.0.0.1:1/");
    let builder = Client::builder().api_key(API_KEY).limits(with_password);
    assert!(!format!("{builder:?}").contains("s3cret"), "{builder:?}");
    let client = builder
        .build()
        .expect("a Redis URL is checked, not connected to");
    assert!(!format!("{client:?}").contains("s3cret"));
    assert!(client.limiter().expect("limiter").is_shared());

    for limits in [
        Limits::new().redis("http://not-redis/"),
        Limits::new().redis("redis://:s3cret-pass@[::1/"),
        Limits::new().slow_down(postpress::SlowDown::default().decrease(0.0)),
        Limits::new().slow_down(postpress::SlowDown::default().recovery_step(2.0)),
        Limits::new()
            .redis("redis://127.0.0.1/")
            .redis_key_prefix(""),
    ] {
        let error = Client::builder()
            .api_key(API_KEY)
            .limits(limits)
            .build()
            .expect_err("refused");
        assert!(matches!(error, Error::Config { .. }), "{error:?}");
        assert!(!error.to_string().contains("s3cret"), "{error}");
    }
}

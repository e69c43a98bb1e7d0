//! Several `postpress` processes and one Redis: shared pacing, the slow-down
//! after a 429 and the stop after a restricted account seen by every process,
//! Redis going away mid-run, and nothing secret written to it.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn two_processes_with_5_per_second_make_20_calls_in_no_less_than_3_8_s() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
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
    let Some(redis) = RedisServer::start() else {
        return;
    };
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
    let Some(redis) = RedisServer::start() else {
        return;
    };
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

//! One Redis: going away mid-run (closed by default, open on request), and
//! nothing secret written to it.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn redis_stopped_mid_run_fails_closed_by_default_and_nothing_is_sent() {
    let mut redis = RedisServer::start();
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
    let mut redis = RedisServer::start();
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
    let redis = RedisServer::start();
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
        .limits(limits(&redis).per_kind(
            CallKind::OwnProfile,
            Budget::quota(quota).weekly_quota(quota),
        ))
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
    let mut keys = keys;
    keys.sort();
    let digest = sha1_smol::Sha1::from(ACCOUNT_ID.as_bytes())
        .digest()
        .to_string();
    assert_eq!(
        keys,
        [
            format!("postpress:{{{digest}}}"),
            format!("postpress:{{{digest}}}:stop"),
            format!("postpress:{{{digest}}}:week:own_profile"),
        ],
        "the account's state, its stop and a weekly count, keyed by the SHA-1 of its id"
    );
    let mut written = keys.join("\n");
    for key in &keys {
        let kind: String = redis::cmd("TYPE")
            .arg(key)
            .query_async(&mut connection)
            .await
            .expect("type");
        let values: Vec<String> = match kind.as_str() {
            "zset" => {
                redis::cmd("ZRANGE")
                    .arg(key)
                    .arg(0)
                    .arg(-1)
                    .arg("WITHSCORES")
                    .query_async(&mut connection)
                    .await
            }
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

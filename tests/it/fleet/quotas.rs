//! Quotas shared through one Redis by clients that know nothing of each
//! other (as separate processes would): a weekly quota holds across them,
//! and each refusal says which quota and when it frees.

use super::*;

/// A client for `server` whose limits are `limits` on `redis`.
fn shared(server: &MockServer, redis: &RedisServer, limits: Limits) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .limits(limits.redis(redis.url()))
        .build()
        .expect("client")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_weekly_quota_holds_across_clients_and_says_when_it_frees() {
    let redis = RedisServer::start();
    let server = MockServer::start_async().await;
    let relations = server
        .mock_async(|when, then| {
            request(when, GET, "/users/relations", &[("account_id", ACCOUNT_ID)]);
            then.status(200)
                .body(fixture("list_relations.example_response.json"));
        })
        .await;
    let three = NonZeroU32::new(3).expect("non-zero");
    let limits = || {
        Limits::new().per_kind(
            CallKind::RelationPage,
            Budget::default().weekly_quota(three),
        )
    };
    let (first, second) = (
        shared(&server, &redis, limits()),
        shared(&server, &redis, limits()),
    );
    async fn page(client: &Client) -> Result<postpress::Page<types::UserRelation>, Error> {
        client.list_relations().account_id(ACCOUNT_ID).send().await
    }
    let started = Instant::now();
    page(&first).await.expect("1st");
    page(&second).await.expect("2nd");
    page(&first).await.expect("3rd");
    for client in [&second, &first] {
        match page(client).await.expect_err("past the weekly quota") {
            Error::QuotaExhausted {
                account_id,
                call_kind,
                window,
                resets_in,
            } => {
                assert_eq!(account_id, ACCOUNT_ID);
                assert_eq!(call_kind, Some(CallKind::RelationPage));
                assert_eq!(window, QuotaWindow::Week);
                // Seven days after the first call, which started after `started`.
                let week = Duration::from_secs(7 * 86_400);
                assert_within_a_second(resets_in, week - started.elapsed());
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        relations.calls_async().await,
        3,
        "nothing sent past the quota"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_daily_quota_on_redis_resets_at_midnight_utc() {
    let redis = RedisServer::start();
    let server = MockServer::start_async().await;
    let me = server
        .mock_async(|when, then| {
            request(when, GET, "/users/me", &[("account_id", ACCOUNT_ID)]);
            then.status(200)
                .body(fixture("get_own_profile.example_response.json"));
        })
        .await;
    let one = NonZeroU32::new(1).expect("non-zero");
    let client = shared(
        &server,
        &redis,
        Limits::new().per_account(Budget::quota(one)),
    );
    let call = || client.get_own_profile().account_id(ACCOUNT_ID).send();
    let day = utc_day(SystemTime::now());
    call().await.expect("1st");
    match call().await {
        Err(Error::QuotaExhausted {
            call_kind,
            window,
            resets_in,
            ..
        }) => {
            assert_eq!(call_kind, None, "the account's budget");
            assert_eq!(window, QuotaWindow::Day);
            assert_resets_at_utc_midnight(resets_in);
        }
        // A UTC midnight since the first call started the count over.
        Ok(_) if utc_day(SystemTime::now()) != day => return,
        other => panic!("{other:?}"),
    }
    assert_eq!(me.calls_async().await, 1);
}

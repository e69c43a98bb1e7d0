//! LinkedIn's `throttled_sections` as a signal: a throttled profile is
//! delivered, and slows that account's profile views (and nothing else)
//! for every client sharing the Redis.

use super::*;
use crate::common::fixture_json;

const OTHER_ACCOUNT: &str = "acc_linkedin_other";

/// Serves a profile listing throttled sections for `throttled-user`, and
/// an ordinary one for `jordan-walke`.
async fn profiles() -> MockServer {
    let server = MockServer::start_async().await;
    let mut throttled = fixture_json("get_user.example_response.json");
    throttled["throttled_sections"] = serde_json::json!(["experience", "skills"]);
    server
        .mock_async(|when, then| {
            request(
                when,
                GET,
                "/users/throttled-user",
                &[("account_id", ACCOUNT_ID)],
            );
            then.status(200).json_body(throttled);
        })
        .await;
    server
        .mock_async(|when, then| {
            request(
                when,
                GET,
                "/users/jordan-walke",
                &[("account_id", ACCOUNT_ID)],
            );
            then.status(200)
                .body(fixture("get_user.example_response.json"));
        })
        .await;
    server
}

async fn view(client: &Client, who: &str, account: &str) -> Result<postpress::UserProfile, Error> {
    client
        .get_user()
        .identifier(who)
        .account_id(account)
        .send()
        .await
}

fn client(server: &MockServer, limits: Limits) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .limits(limits)
        .build()
        .expect("client")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_throttled_profile_slows_the_next_profile_view_of_that_account_and_no_other() {
    let redis = RedisServer::start();
    let server = profiles().await;
    let limits = || {
        Limits::new()
            .per_kind(
                CallKind::ProfileView,
                Budget::rate("5/s".parse().expect("rate")),
            )
            .redis(redis.url())
    };
    let (first, second) = (client(&server, limits()), client(&server, limits()));
    let profile = view(&first, "throttled-user", ACCOUNT_ID)
        .await
        .expect("a throttled profile is delivered");
    assert_eq!(
        LinkedinSections::all_preview().throttled_in(&profile).len(),
        2
    );

    let limiter = second.limiter().expect("limiter");
    let paces = limiter.report(ACCOUNT_ID).await.expect("report").paces;
    assert_eq!(paces.len(), 1, "{paces:?}");
    assert_eq!(
        (
            paces[0].scope.as_str(),
            paces[0].factor,
            paces[0].why.as_str(),
            paces[0].signals
        ),
        ("profile_view", 0.5, "throttled_sections", 1)
    );
    let other = limiter.report(OTHER_ACCOUNT).await.expect("report");
    assert!(other.paces.is_empty(), "another account: {other:?}");

    // Half of 5/s: two views of that account take at least 400 ms.
    let started = Instant::now();
    view(&second, "jordan-walke", ACCOUNT_ID)
        .await
        .expect("1st");
    view(&second, "jordan-walke", ACCOUNT_ID)
        .await
        .expect("2nd");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(380), "{elapsed:?}");
    // Successes give the pace back a step each; other kinds never lost it.
    let paces = limiter.report(ACCOUNT_ID).await.expect("report").paces;
    assert!(
        paces.iter().all(|pace| pace.scope == "profile_view"),
        "{paces:?}"
    );
    assert!(paces[0].factor > 0.5, "{paces:?}");
}

#[tokio::test]
async fn the_throttling_signal_can_be_switched_off() {
    let server = profiles().await;
    for (on, slowed) in [(true, 1), (false, 0)] {
        let client = client(&server, Limits::new().throttling_signal(on));
        client
            .get_user()
            .identifier("throttled-user")
            .account_id(ACCOUNT_ID)
            .send()
            .await
            .expect("delivered");
        let report = client
            .limiter()
            .expect("limiter")
            .report(ACCOUNT_ID)
            .await
            .expect("report");
        assert_eq!(report.paces.len(), slowed, "signal {on}: {report:?}");
    }
}

//! The optional per-account rate limit: calls for one account wait their
//! turn; calls for another account do not wait for them.

use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use crate::common::{API_KEY, fixture};
use httpmock::prelude::*;
use postpress::{Client, RateLimit, RetryPolicy};

#[tokio::test]
async fn calls_for_one_account_are_paced_and_accounts_are_independent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/users/me");
            then.status(200)
                .body(fixture("get_own_profile.example_response.json"));
        })
        .await;
    let one = NonZeroU32::new(1).expect("one");
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .rate_limit(RateLimit::every(Duration::from_millis(300), one).expect("non-zero period"))
        .build()
        .expect("client");

    // Three calls for account a: the 2nd and 3rd wait 300 ms each.
    let started = Instant::now();
    let calls = (0..3).map(|_| {
        let client = client.clone();
        async move { client.get_own_profile().account_id("acc_a").send().await }
    });
    for result in futures::future::join_all(calls).await {
        result.expect("served");
    }
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );

    // Account b has its own budget: its first call does not wait.
    let started = Instant::now();
    client
        .get_own_profile()
        .account_id("acc_b")
        .send()
        .await
        .expect("served");
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(mock.calls_async().await, 4);
}

//! The optional per-account rate limit: calls for one account wait their
//! turn; calls for another account do not wait for them.

use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use crate::common::scripted::{Reply, Scripted};
use crate::common::{API_KEY, fixture_json};
use postpress::{Client, RateLimit, RetryPolicy};

#[tokio::test]
async fn calls_for_one_account_are_paced_and_accounts_are_independent() {
    let profile = Reply::json(200, &fixture_json("get_own_profile.example_response.json"));
    let server = Scripted::start(vec![profile; 4]).await;
    let one = NonZeroU32::new(1).expect("one");
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.base_url)
        .retry(RetryPolicy::none())
        .rate_limit(RateLimit::every(Duration::from_millis(500), one).expect("non-zero period"))
        .build()
        .expect("client");

    // Three calls for account a, then one for account b, all at once: a's
    // 2nd and 3rd wait 500 ms each; b has its own budget, so it is not
    // queued behind a's (it would be the last request if it were).
    let started = Instant::now();
    let calls = ["acc_a", "acc_a", "acc_a", "acc_b"].map(|account| {
        let client = client.clone();
        async move { client.get_own_profile().account_id(account).send().await }
    });
    for result in futures::future::join_all(calls).await {
        result.expect("served");
    }
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "{:?}",
        started.elapsed()
    );
    let accounts: Vec<String> = server
        .requests()
        .iter()
        .map(|seen| seen.request_line.clone())
        .collect();
    assert_eq!(accounts.len(), 4, "{accounts:#?}");
    let b = accounts
        .iter()
        .position(|line| line.contains("account_id=acc_b"));
    assert!(b.is_some_and(|b| b < 3), "b was not queued: {accounts:#?}");
    assert!(
        accounts[3].starts_with("GET /users/me?account_id=acc_a "),
        "{accounts:#?}"
    );
}

//! The total deadline and per-call options, through the real loop: what a
//! call's `RequestOptions` (or a pager's `.options`) set wins over the
//! client's attempts and timeouts.

use std::time::Instant;

use postpress::RequestOptions;

use super::*;

/// 503s whose next backoff (400 ms, then 800 ms) would pass a 1 s total
/// timeout: the second wait is not started.
fn backoff_past_one_second() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(5)
        .initial_delay(Duration::from_millis(400))
        .max_delay(Duration::from_secs(8))
        .jitter(false)
}

fn unavailable_five_times() -> Vec<Reply> {
    vec![status(503, "service_unavailable"); 5]
}

#[tokio::test]
async fn a_wait_past_the_total_timeout_returns_the_last_error() {
    let server = Scripted::start(unavailable_five_times()).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.base_url)
        .retry(backoff_past_one_second())
        .total_timeout(Duration::from_secs(1))
        .build()
        .expect("loopback client");
    let started = Instant::now();
    let error = me(&client).await.expect_err("503 every time");
    assert!(started.elapsed() >= Duration::from_millis(400), "one wait");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.kind(), Some(&ErrorKind::ServiceUnavailable));
    // 0 s: 503, wait 400 ms, 0.4 s: 503; the next wait (800 ms) would end
    // past 1 s, so the call returns, 3 of its 5 attempts unused.
    assert_requests(&server, 2, "GET /users/me?account_id=");
}

#[tokio::test]
async fn send_with_overrides_the_client_s_attempts() {
    // The client makes one attempt; the call asks for three.
    let server = Scripted::start(vec![status(503, "service_unavailable"), own_profile()]).await;
    let options = RequestOptions::new().retry(quick_retries());
    client(&server, RetryPolicy::none())
        .get_own_profile()
        .account_id(ACCOUNT_ID)
        .send_with(&options)
        .await
        .expect("retried by the call's policy");
    assert_requests(&server, 2, "GET /users/me?account_id=");

    // The client makes three; the call asks for one.
    let server = Scripted::start(vec![status(503, "service_unavailable"), own_profile()]).await;
    let options = RequestOptions::new().retry(RetryPolicy::none());
    let error = client(&server, quick_retries())
        .get_own_profile()
        .account_id(ACCOUNT_ID)
        .send_with(&options)
        .await
        .expect_err("not retried");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_requests(&server, 1, "GET /users/me?account_id=");
}

#[tokio::test]
async fn send_with_overrides_the_client_s_timeouts() {
    // The call's 200 ms per-attempt timeout, under the client's 90 s.
    let slow = Reply::After(Duration::from_secs(3), Box::new(own_profile()));
    let server = Scripted::start(vec![slow]).await;
    let options = RequestOptions::new().timeout(Duration::from_millis(200));
    let started = Instant::now();
    let error = client(&server, RetryPolicy::none())
        .get_own_profile()
        .account_id(ACCOUNT_ID)
        .send_with(&options)
        .await
        .expect_err("timed out");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_requests(&server, 1, "GET /users/me?account_id=");

    // The call's 5 s, over the client's 100 ms: a 400 ms answer arrives.
    let late = Reply::After(Duration::from_millis(400), Box::new(own_profile()));
    let server = Scripted::start(vec![late]).await;
    let impatient = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.base_url)
        .retry(RetryPolicy::none())
        .timeout(Duration::from_millis(100))
        .build()
        .expect("loopback client");
    let options = RequestOptions::new().timeout(Duration::from_secs(5));
    impatient
        .get_own_profile()
        .account_id(ACCOUNT_ID)
        .send_with(&options)
        .await
        .expect("the call's timeout applies");
    assert_requests(&server, 1, "GET /users/me?account_id=");

    // The call's 1 s total timeout; the client has the default 300 s.
    let server = Scripted::start(unavailable_five_times()).await;
    let options = RequestOptions::new()
        .retry(backoff_past_one_second())
        .total_timeout(Duration::from_secs(1));
    let error = client(&server, RetryPolicy::none())
        .get_own_profile()
        .account_id(ACCOUNT_ID)
        .send_with(&options)
        .await
        .expect_err("503 every time");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_requests(&server, 2, "GET /users/me?account_id=");
}

fn relations_page() -> Reply {
    Reply::json(200, &fixture_json("list_relations.example_response.json"))
}

async fn first_page(pager: postpress::RelationsPager) -> postpress::Result<usize> {
    let mut pages = pager.prefetch(false).pages();
    let page = pages.next().await.expect("a first page")?;
    Ok(page.items().len())
}

#[tokio::test]
async fn a_pager_s_options_override_the_client_s_attempts_and_timeouts() {
    // Attempts: the client makes one, the pager three.
    let server = Scripted::start(vec![status(503, "service_unavailable"), relations_page()]).await;
    let pager = client(&server, RetryPolicy::none())
        .relations(ACCOUNT_ID)
        .options(RequestOptions::new().retry(quick_retries()));
    assert!(
        first_page(pager)
            .await
            .expect("retried by the pager's policy")
            > 0
    );
    assert_requests(&server, 2, "GET /users/relations?account_id=");

    // Attempts: the client makes three, the pager one.
    let server = Scripted::start(vec![status(503, "service_unavailable"), relations_page()]).await;
    let pager = client(&server, quick_retries())
        .relations(ACCOUNT_ID)
        .options(RequestOptions::new().retry(RetryPolicy::none()));
    let error = first_page(pager).await.expect_err("not retried");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_requests(&server, 1, "GET /users/relations?account_id=");

    // Timeout: the pager's 200 ms, under the client's 90 s.
    let slow = Reply::After(Duration::from_secs(3), Box::new(relations_page()));
    let server = Scripted::start(vec![slow]).await;
    let pager = client(&server, RetryPolicy::none())
        .relations(ACCOUNT_ID)
        .options(RequestOptions::new().timeout(Duration::from_millis(200)));
    let error = first_page(pager).await.expect_err("timed out");
    assert!(matches!(error.root(), Error::Timeout { .. }), "{error:?}");
    assert_requests(&server, 1, "GET /users/relations?account_id=");

    // Total timeout: the pager's 1 s.
    let server = Scripted::start(unavailable_five_times()).await;
    let pager = client(&server, RetryPolicy::none())
        .relations(ACCOUNT_ID)
        .options(
            RequestOptions::new()
                .retry(backoff_past_one_second())
                .total_timeout(Duration::from_secs(1)),
        );
    let error = first_page(pager).await.expect_err("503 every time");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_requests(&server, 2, "GET /users/relations?account_id=");
}

/// The total timeout cuts an attempt's own timeout to the time left: after
/// a 503 and a 400 ms wait, an attempt whose headers are held 3 s (within
/// its own 5 s) ends when the 1 s total is up.
#[tokio::test]
async fn the_total_timeout_cuts_a_slow_attempt_short() {
    let held = Reply::After(Duration::from_secs(3), Box::new(own_profile()));
    let server = Scripted::start(vec![status(503, "service_unavailable"), held]).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.base_url)
        .retry(backoff_past_one_second())
        .timeout(Duration::from_secs(5))
        .total_timeout(Duration::from_secs(1))
        .build()
        .expect("loopback client");
    let started = Instant::now();
    let error = me(&client).await.expect_err("cut by the total timeout");
    let elapsed = started.elapsed();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_millis(2_500),
        "{elapsed:?}"
    );
    assert_requests(&server, 2, "GET /users/me");
}

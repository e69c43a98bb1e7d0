//! The total timeout bounds the limiter's wait: a paced call that would
//! wait past it ends at once, sends nothing and keeps no slot; a call
//! dropped while it waits gives its slot back too, in memory and on Redis.

use super::*;
use postpress::RequestOptions;

/// One call every 500 ms (no burst).
fn every_500_ms() -> Limits {
    Limits::new().per_account(Budget::rate("2/s".parse().expect("rate")))
}

/// `builder` for `server` with `limits`, no retries.
fn paced(server: &PageServer, builder: postpress::ClientBuilder, limits: Limits) -> Client {
    builder
        .api_key(API_KEY)
        .base_url(&server.base_url)
        .retry(RetryPolicy::none())
        .limits(limits)
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_pace_past_the_total_timeout_ends_the_call_before_waiting_and_frees_its_slot() {
    let server = PageServer::start(1).await;
    let client = paced(
        &server,
        Client::builder().total_timeout(Duration::from_millis(200)),
        every_500_ms(),
    );
    let call = || client.list_relations().account_id(ACCOUNT_ID);
    let first = Instant::now();
    call().send().await.expect("the first call is not paced");

    // The next slot is ~500 ms away, past the 200 ms total timeout.
    let started = Instant::now();
    let error = call().send().await.expect_err("paced past its timeout");
    let took = started.elapsed();
    assert!(
        matches!(error, Error::PacedPastTimeout { wait } if wait > Duration::from_millis(300)),
        "{error:?}"
    );
    assert!(took < Duration::from_millis(150), "waited {took:?}");
    assert_eq!(server.arrivals().len(), 1, "nothing sent");

    // A call allowed to wait takes the slot the refused call left: ~500 ms
    // after the first, not ~1000 ms as if the refused call had kept it.
    call()
        .send_with(&RequestOptions::new().total_timeout(Duration::from_secs(5)))
        .await
        .expect("paced, then sent");
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 2);
    let gap = arrivals[1].duration_since(first);
    assert!(
        gap >= Duration::from_millis(400) && gap < Duration::from_millis(850),
        "{gap:?}"
    );
}

/// `client`'s second call is dropped while it waits for its slot (500 ms
/// after the first); the third takes that slot, not the one after it.
async fn a_dropped_call_s_slot_is_taken_by_the_next(client: &Client, server: &PageServer) {
    let call = || client.list_relations().account_id(ACCOUNT_ID).send();
    let first = Instant::now();
    call().await.expect("the first call is not paced");
    // The caller gives up on the second call while it waits for its slot.
    let gave_up = tokio::time::timeout(Duration::from_millis(100), call()).await;
    assert!(gave_up.is_err(), "still waiting when dropped");
    call().await.expect("paced, then sent");
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 2, "the dropped call was never sent");
    // The slot the dropped call held: ~500 ms after the first, not ~1000.
    let gap = arrivals[1].duration_since(first);
    assert!(
        gap >= Duration::from_millis(400) && gap < Duration::from_millis(850),
        "{gap:?}"
    );
}

#[tokio::test]
async fn a_call_dropped_while_its_pace_waits_gives_its_slot_back() {
    let server = PageServer::start(1).await;
    let client = paced(&server, Client::builder(), every_500_ms());
    a_dropped_call_s_slot_is_taken_by_the_next(&client, &server).await;
}

#[cfg(feature = "redis")]
#[tokio::test]
async fn on_redis_a_call_dropped_while_its_pace_waits_gives_its_slot_back() {
    let redis = RedisServer::start();
    let server = PageServer::start(1).await;
    let client = paced(
        &server,
        Client::builder(),
        every_500_ms().redis(redis.url()),
    );
    a_dropped_call_s_slot_is_taken_by_the_next(&client, &server).await;
}

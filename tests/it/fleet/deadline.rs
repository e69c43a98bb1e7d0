//! The total timeout bounds the limiter's wait: a paced call that would
//! wait past it ends at once, sends nothing and keeps no slot; a call
//! dropped while it waits gives its slot back too, in memory and on Redis,
//! but never a slot another call took after it.

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

/// Returns once `client`'s limiter says the account's next call may not
/// start before `at`: an admission made anywhere has been recorded.
#[cfg(feature = "redis")]
async fn reserved_until(client: &Client, at: chrono::DateTime<chrono::Utc>) {
    let limiter = client.limiter().expect("limits");
    let recorded = async {
        loop {
            let report = limiter.report(ACCOUNT_ID).await.expect("report");
            if report.budgets[0].next_start >= at {
                return;
            }
            tokio::task::yield_now().await;
        }
    };
    tokio::time::timeout(Duration::from_secs(5), recorded)
        .await
        .expect("the admission is recorded");
}

/// Two processes on one Redis, one call every 500 ms: the first process's
/// call A waits for its slot, the second's call B takes the slot after it,
/// then A is dropped. A's slot stays empty: the first process's next call
/// C starts an interval after B, not in B's slot.
#[cfg(feature = "redis")]
#[tokio::test]
async fn a_call_dropped_after_another_process_reserved_behind_it_never_shares_that_slot() {
    let redis = RedisServer::start();
    let server = PageServer::start(1).await;
    let process = || {
        paced(
            &server,
            Client::builder(),
            every_500_ms().redis(redis.url()),
        )
    };
    let (first, second) = (process(), process());
    let call = |client: &Client| {
        let client = client.clone();
        async move { client.list_relations().account_id(ACCOUNT_ID).send().await }
    };
    let began = chrono::Utc::now();
    call(&first).await.expect("the first call is not paced");
    let a = tokio::spawn(call(&first));
    reserved_until(&second, began + chrono::TimeDelta::milliseconds(750)).await;
    let b = tokio::spawn(call(&second));
    reserved_until(&first, began + chrono::TimeDelta::milliseconds(1_250)).await;
    a.abort();
    assert!(
        a.await.is_err_and(|error| error.is_cancelled()),
        "A dropped"
    );
    call(&first).await.expect("C, paced, then sent");
    b.await.expect("B ran").expect("B sent");
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 3, "A was never sent");
    let (b_at, c_at) = (arrivals[1] - arrivals[0], arrivals[2] - arrivals[0]);
    assert!(
        b_at >= Duration::from_millis(900) && b_at < Duration::from_millis(1_350),
        "B at {b_at:?}"
    );
    // B's slot is ~1 s after the first call; C's ~1.5 s, not ~1 s.
    assert!(
        c_at >= Duration::from_millis(1_400) && c_at < Duration::from_millis(1_850),
        "C at {c_at:?}"
    );
}

//! The user action (not idempotent) is never sent twice, except when the
//! connection was refused and nothing reached the server.

use super::*;

#[tokio::test]
async fn the_user_action_is_never_repeated_after_it_was_sent() {
    // A timeout on a sent action: the server may have acted. One attempt.
    let server = Scripted::start(vec![
        Reply::After(Duration::from_millis(600), Box::new(action_done())),
        action_done(),
    ])
    .await;
    let impatient = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.base_url)
        .timeout(Duration::from_millis(100))
        .retry(quick_retries())
        .build()
        .expect("client");
    let error = act(&impatient).await.expect_err("timed out");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_requests(&server, 1, "POST /linkedin/user/AEMAACr-1eYBl");

    // 504 and a reset mid-body: the action may have happened. One attempt each.
    for reply in [
        status(504, "request_timeout"),
        Reply::CutBody {
            declared: 100,
            sent: b"{".to_vec(),
        },
    ] {
        let server = Scripted::start(vec![reply, action_done()]).await;
        act(&client(&server, quick_retries()))
            .await
            .expect_err("not repeated");
        assert_requests(&server, 1, "POST /linkedin/user/");
    }

    // 429 and 503: the server did not act, so it is safe to send again.
    for reply in [
        status(429, "too_many_requests"),
        status(503, "service_unavailable"),
    ] {
        let server = Scripted::start(vec![reply, action_done()]).await;
        let done = act(&client(&server, quick_retries()))
            .await
            .expect("second attempt");
        assert!(done.success);
        assert_requests(&server, 2, "POST /linkedin/user/AEMAACr-1eYBl");
        let bodies: Vec<Value> = server
            .requests()
            .iter()
            .map(|r| serde_json::from_slice(&r.body).expect("JSON body"))
            .collect();
        assert_eq!(
            bodies[0],
            fixture_json("linkedin_user_action.example_request.json")
        );
        assert_eq!(bodies[0], bodies[1], "the same body both times");
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_the_user_action() {
    // Nothing listens at first: the action never reached a server, so the
    // SDK may send it again. The server comes up between the attempts.
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port");
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("http://{address}"))
        .retry(
            RetryPolicy::default()
                .initial_delay(Duration::from_millis(400))
                .max_delay(Duration::from_millis(400))
                .jitter(false),
        )
        .build()
        .expect("loopback client");
    let late_server = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        Scripted::start_on(address, vec![action_done()]).await
    });
    let done = act(&client).await.expect("the second attempt succeeds");
    assert!(done.success);
    let server = late_server.await.expect("server task");
    assert_requests(&server, 1, "POST /linkedin/user/AEMAACr-1eYBl");
}

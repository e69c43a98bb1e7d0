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

/// Calls back once, on the first "retrying" event of its thread.
struct OnRetry(std::sync::Mutex<Option<futures::channel::oneshot::Sender<()>>>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for OnRetry {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        // Only the retry event carries the delay.
        if event.metadata().fields().field("delay_ms").is_some()
            && let Some(retrying) = self.0.lock().ok().and_then(|mut once| once.take())
        {
            let _ = retrying.send(());
        }
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_the_user_action() {
    use tracing_subscriber::layer::SubscriberExt;
    // Bound but not listening: connections are refused, and the port stays
    // ours. The action never reached a server, so the SDK may send it again;
    // the socket starts listening once the first refusal is being retried.
    let (retrying, on_retry) = futures::channel::oneshot::channel();
    let subscriber = tracing_subscriber::registry().with(OnRetry(Some(retrying).into()));
    // A second dispatcher makes every call site ask this thread's one too
    // (see `secrets.rs`).
    let _second = tracing::Dispatch::new(tracing_subscriber::registry());
    let _this_thread = tracing::subscriber::set_default(subscriber);
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket
        .bind(([127, 0, 0, 1], 0).into())
        .expect("a free loopback port");
    let address = socket.local_addr().expect("its address");
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("http://{address}"))
        .retry(
            RetryPolicy::default()
                .initial_delay(Duration::from_millis(100))
                .jitter(false),
        )
        .build()
        .expect("loopback client");
    let late_server = tokio::spawn(async move {
        on_retry.await.ok()?;
        let listener = socket.listen(16).expect("listen");
        Some(Scripted::start_with(listener, vec![action_done()]))
    });
    let done = act(&client).await.expect("the second attempt succeeds");
    assert!(done.success);
    let server = late_server
        .await
        .expect("server task")
        .expect("a retry was announced");
    assert_requests(&server, 1, "POST /linkedin/user/AEMAACr-1eYBl");
}

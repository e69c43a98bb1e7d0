//! The API key never shows: not in `Debug` of the client or its builder, not
//! in any error, not in `tracing` output at any level (retries included).
//! Also: the client is cheap to share across tasks.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::scripted::{Reply, Scripted};
use crate::common::{ACCOUNT_ID, API_KEY, envelope};
use postpress::{Client, RetryPolicy};
use tracing_subscriber::layer::SubscriberExt;

/// A `tracing` writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .expect("not poisoned")
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("not poisoned")).into_owned()
    }
}

#[test]
fn client_and_builder_debug_never_show_the_key() {
    let builder = Client::builder().api_key(API_KEY);
    assert!(!format!("{builder:?}").contains(API_KEY));
    let client = builder.build().expect("client");
    let debug = format!("{client:?}");
    assert!(!debug.contains(API_KEY), "{debug}");
    assert!(debug.contains("REDACTED"), "{debug}");
}

/// Every kind of error a client holding the key can end a call with, in
/// `Display`, `Debug` and alternate `Debug`, never shows it.
#[tokio::test]
async fn no_error_shows_the_key() {
    let server = Scripted::start(vec![
        Reply::json(401, &envelope(401, "invalid_credentials")),
        Reply::Http(502, vec![], b"<html>proxy</html>".to_vec()),
        Reply::Http(200, vec![], b"[1]".to_vec()),
        Reply::After(
            Duration::from_millis(500),
            Box::new(Reply::json(200, &serde_json::json!({}))),
        ),
    ])
    .await;
    let client = |base_url: &str| {
        Client::builder()
            .api_key(API_KEY)
            .base_url(base_url)
            .retry(RetryPolicy::none())
            .timeout(Duration::from_millis(200))
            .build()
            .expect("client")
    };
    let on_server = client(&server.base_url);
    let me = || on_server.get_own_profile().account_id(ACCOUNT_ID).send();
    let mut errors = Vec::new();
    for _ in 0..4 {
        errors.push(
            me().await
                .map(drop)
                .expect_err("api, unexpected, decode, timeout"),
        );
    }
    // Nothing listens on port 1 of loopback: a transport error.
    let unreachable = client("http://127.0.0.1:1");
    errors.push(
        unreachable
            .get_own_profile()
            .account_id(ACCOUNT_ID)
            .send()
            .await
            .map(drop)
            .expect_err("refused"),
    );
    errors.push(
        on_server
            .list_relations()
            .account_id(ACCOUNT_ID)
            .limit(100_000)
            .send()
            .await
            .map(drop)
            .expect_err("page size out of range"),
    );
    errors.push(
        Client::builder()
            .api_key(API_KEY)
            .base_url("ftp://127.0.0.1")
            .build()
            .map(drop)
            .expect_err("not http(s)"),
    );
    for error in &errors {
        for shown in [
            format!("{error}"),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            assert!(!shown.contains(API_KEY), "{shown}");
        }
    }
    let variants: Vec<String> = errors
        .iter()
        .map(|error| {
            format!("{error:?}")
                .split([' ', '('])
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(
        variants,
        [
            "Api",
            "UnexpectedResponse",
            "Decode",
            "Timeout",
            "Transport",
            "InvalidRequest",
            "Config"
        ]
    );
}

#[test]
fn the_client_is_clone_send_sync_and_static() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<Client>();
    fn sendable<T: Send + Sync + 'static + std::error::Error>() {}
    sendable::<postpress::Error>();
    shareable::<postpress::RelationsPager>();
}

#[test]
fn tracing_at_every_level_shows_retries_and_never_the_key() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::registry().with(
        tracing_subscriber::fmt::layer()
            .with_writer(move || writer.clone())
            .with_ansi(false),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // With one scoped subscriber alone, tracing-core decides a call site's
    // interest from the default of whichever thread hits it first: another
    // test's thread, without a subscriber, would turn it off for this one.
    // A second registered dispatcher makes it ask every one of them.
    let _second = tracing::Dispatch::new(tracing_subscriber::registry());
    let error = tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            let server = Scripted::start(vec![
                Reply::json(503, &envelope(503, "service_unavailable")),
                Reply::json(401, &envelope(401, "invalid_credentials")),
            ])
            .await;
            let client = Client::builder()
                .api_key(API_KEY)
                .base_url(&server.base_url)
                .retry(
                    RetryPolicy::default()
                        .initial_delay(Duration::from_millis(5))
                        .jitter(false),
                )
                .build()
                .expect("client");
            client
                .get_own_profile()
                .account_id(ACCOUNT_ID)
                .send()
                .await
                .expect_err("401")
        })
    });
    let logs = captured.text();
    assert!(logs.contains("retrying"), "{logs}");
    assert!(
        logs.contains("attempt=1") && logs.contains("attempt=2"),
        "{logs}"
    );
    assert!(logs.contains("delay_ms=5"), "{logs}");
    assert!(!logs.contains(API_KEY), "{logs}");
    for shown in [
        format!("{error}"),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        assert!(!shown.contains(API_KEY), "{shown}");
    }
}

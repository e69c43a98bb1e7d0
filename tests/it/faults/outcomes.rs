//! Each class of attempt outcome through the real loop: the number of
//! requests the loop made (two allowed) says whether it retried, and the
//! error it returned must say the same with `is_retryable()`. The one
//! envelope rule: a 4xx or 5xx body that decodes as the envelope is an
//! `Error::Api`, whatever its content type; nothing else is.

use postpress::AccountOwnerProfile;

use super::*;

/// Two attempts allowed, 10 ms apart.
fn two_attempts() -> RetryPolicy {
    quick_retries().max_attempts(2)
}

/// Calls `GET /users/me` against a server that answers `reply` every
/// time: the result and how many requests the server saw.
async fn through_the_loop(
    reply: Reply,
    builder: postpress::ClientBuilder,
) -> (postpress::Result<AccountOwnerProfile>, usize) {
    let server = Scripted::start(vec![reply.clone(), reply]).await;
    let client = builder
        .http_client(shared_http())
        .api_key(API_KEY)
        .base_url(&server.base_url)
        .retry(two_attempts())
        .build()
        .expect("loopback client");
    let result = me(&client).await;
    (result, server.requests().len())
}

/// One connection pool for every case: building a TLS-capable client
/// costs about 100 ms of CPU each.
pub(super) fn shared_http() -> reqwest::Client {
    static HTTP: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    HTTP.get_or_init(crate::common::raw_http).clone()
}

/// The loop retried exactly when the error says it may be retried.
fn agrees(error: &Error, requests: usize, case: &str) {
    assert!(requests == 1 || requests == 2, "{case}: {requests}");
    assert_eq!(
        requests == 2,
        error.is_retryable(),
        "{case}: {requests} requests, {error:?}"
    );
}

fn answer(status: u16, content_type: Option<&str>, body: &[u8]) -> Reply {
    let headers = content_type
        .map(|value| vec![("content-type", value.to_string())])
        .unwrap_or_default();
    Reply::Http(status, headers, body.to_vec())
}

#[tokio::test]
async fn a_text_plain_500_provider_error_is_retried_and_says_so() {
    let body = envelope(500, "provider_error").to_string();
    let reply = answer(500, Some("text/plain"), body.as_bytes());
    let (result, requests) = through_the_loop(reply, Client::builder()).await;
    let error = result.expect_err("500 both times");
    assert_eq!(requests, 2, "retried: the envelope says provider_error");
    assert!(error.is_retryable(), "{error:?}");
    assert_eq!(error.kind(), Some(&ErrorKind::ProviderError));
}

#[tokio::test]
async fn every_status_class_and_content_type_follows_the_one_envelope_rule() {
    let provider_error = |status| envelope(status, "provider_error").to_string();
    let unexpected_error = |status| envelope(status, "unexpected_error").to_string();
    let content_types = [
        Some("application/json"),
        Some("application/problem+json"),
        Some("text/plain"),
        Some("text/html"),
        None,
    ];
    let statuses = [201, 300, 400, 401, 404, 408, 422, 429, 500, 502, 503, 504];
    let mut cases = Vec::new();
    for status in statuses {
        let bodies = [
            ("provider_error", provider_error(status)),
            ("unexpected_error", unexpected_error(status)),
            ("html", "<html><body>Bad gateway</body></html>".to_string()),
        ];
        for content_type in content_types {
            for (body_name, body) in bodies.clone() {
                cases.push(one_case(status, content_type, body_name, body));
            }
        }
    }
    // Concurrently: each case has its own server.
    futures::future::join_all(cases).await;
}

async fn one_case(status: u16, content_type: Option<&str>, body_name: &str, body: String) {
    let case = format!("{status} {content_type:?} {body_name}");
    let reply = answer(status, content_type, body.as_bytes());
    let (result, requests) = through_the_loop(reply, Client::builder()).await;
    let error = result.expect_err(&case);
    let is_envelope = body_name != "html";
    let error_status = status >= 400;
    match &error {
        Error::Api(api) => {
            assert!(is_envelope && error_status, "{case}: {error:?}");
            assert_eq!(api.status.as_u16(), status, "{case}");
            assert_eq!(api.kind.name(), body_name, "{case}");
        }
        Error::UnexpectedResponse { status: got, .. } => {
            assert!(!(is_envelope && error_status), "{case}: {error:?}");
            assert_eq!(got.as_u16(), status, "{case}");
        }
        other => panic!("{case}: {other:?}"),
    }
    // What RELIABILITY.md's table says a read does.
    // A temporary type is retried whatever the error status.
    let retried = match status {
        429 | 503 | 408 | 504 => true,
        400.. => body_name == "provider_error",
        _ => false,
    };
    assert_eq!(requests, if retried { 2 } else { 1 }, "{case}");
    agrees(&error, requests, &case);
}

#[tokio::test]
async fn interrupted_attempts_are_retried_and_say_so() {
    // Headers later than the attempt's timeout.
    let slow = Reply::After(Duration::from_secs(3), Box::new(own_profile()));
    let builder = Client::builder().timeout(Duration::from_millis(200));
    let (result, requests) = through_the_loop(slow, builder).await;
    let error = result.expect_err("timed out");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(requests, 2);
    agrees(&error, requests, "timeout");

    // A body cut short by a reset.
    let cut = Reply::CutBody {
        declared: 1000,
        sent: br#"{"object":"#.to_vec(),
    };
    let (result, requests) = through_the_loop(cut, Client::builder()).await;
    let error = result.expect_err("reset");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(requests, 2);
    agrees(&error, requests, "reset mid-body");
}

#[tokio::test]
async fn complete_answers_that_fail_are_not_retried_and_say_so() {
    // A success body past the cap.
    let builder = Client::builder().max_response_bytes(16);
    let (result, requests) = through_the_loop(own_profile(), builder).await;
    let error = result.expect_err("too large");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 16 }),
        "{error:?}"
    );
    assert_eq!(requests, 1);
    agrees(&error, requests, "too large");

    // A success body that is not JSON (cut short): never corrected.
    let truncated = answer(200, Some("application/json"), br#"{"object":"#);
    let (result, requests) = through_the_loop(truncated, Client::builder()).await;
    let error = result.expect_err("not JSON");
    assert!(
        matches!(error, Error::UnexpectedResponse { status, .. } if status == 200),
        "{error:?}"
    );
    assert_eq!(requests, 1);
    agrees(&error, requests, "not JSON");

    // JSON that no correction makes a profile (not an object).
    let list = answer(200, Some("application/json"), b"[1, 2]");
    let (result, requests) = through_the_loop(list, Client::builder()).await;
    let error = result.expect_err("undecodable");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(requests, 1);
    agrees(&error, requests, "decode");
}

//! The one retry rule, asked three ways, over every error status, every
//! error type (documented, unknown, none) and both kinds of operation: the
//! loop repeats an attempt exactly when the returned error's
//! `is_retryable()` says so (for the user action, only when the server
//! cannot have acted), and `is_retryable()` of a typed error agrees with
//! `ErrorKind::is_transient()` except where the status alone decides.

use super::outcomes::shared_http;
use super::*;

const STATUSES: [u16; 12] = [400, 401, 403, 404, 408, 422, 429, 500, 501, 502, 503, 504];

/// Statuses repeated whatever the body says.
fn decided_by_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 503 | 504)
}

/// The result of one call of each operation against `reply` (twice
/// available), with whether the loop repeated it.
async fn both_operations(reply: &Reply) -> [(Error, bool); 2] {
    let mut results = Vec::new();
    for idempotent in [true, false] {
        let server = Scripted::start(vec![reply.clone(), reply.clone()]).await;
        let client = Client::builder()
            .http_client(shared_http())
            .api_key(API_KEY)
            .base_url(&server.base_url)
            .retry(quick_retries().max_attempts(2))
            .build()
            .expect("loopback client");
        let error = if idempotent {
            me(&client).await.map(drop)
        } else {
            act(&client).await.map(drop)
        }
        .expect_err("an error answer every time");
        results.push((error, server.requests().len() == 2));
    }
    let [read, action] = <[_; 2]>::try_from(results).expect("two calls");
    [read, action]
}

/// Every error type, and a body that is no envelope, answered with `status`.
async fn each_error_of(status: u16, kinds: &[ErrorKind]) {
    for kind in kinds {
        let case = format!("{status} {kind}");
        let results = both_operations(&super::status(status, kind.name())).await;
        loop_agrees(&case, Some(status), &results);
        let error = &results[0].0;
        assert_eq!(error.kind(), Some(kind), "{case}");
        assert_eq!(
            error.is_retryable(),
            kind.is_transient() || decided_by_status(status),
            "{case}"
        );
    }
    let html = Reply::Http(status, vec![], b"<html>proxy</html>".to_vec());
    let results = both_operations(&html).await;
    loop_agrees(&format!("{status} no envelope"), Some(status), &results);
    assert_eq!(results[0].0.is_retryable(), decided_by_status(status));
}

/// The loop and `is_retryable()` agree; the user action is repeated only
/// after a 429 or a 503.
fn loop_agrees(case: &str, status: Option<u16>, [read, action]: &[(Error, bool); 2]) {
    let (error, repeated) = read;
    assert_eq!(*repeated, error.is_retryable(), "{case}: read, {error:?}");
    let (error, repeated) = action;
    let server_did_not_act = matches!(status, Some(429 | 503));
    assert_eq!(
        *repeated, server_did_not_act,
        "{case}: user action, {error:?}"
    );
}

#[tokio::test]
async fn the_loop_is_retryable_and_is_transient_give_one_answer() {
    let mut kinds: Vec<ErrorKind> = ErrorKind::DOCUMENTED.to_vec();
    kinds.push(ErrorKind::from_type("errors/some_new_type"));
    // One status per task, each on its own servers: the retried cases' waits
    // overlap instead of adding up (about 6 s one after the other).
    futures::future::join_all(STATUSES.map(|status| each_error_of(status, &kinds))).await;
    // A body cut short: repeated for the read only.
    let cut = Reply::CutBody {
        declared: 100,
        sent: b"{".to_vec(),
    };
    let results = both_operations(&cut).await;
    loop_agrees("cut body", None, &results);
    assert!(results[0].1, "a read is repeated after a body cut short");
}

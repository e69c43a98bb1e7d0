//! Statuses the retry policy retries, and `Retry-After`.

use super::*;

#[tokio::test]
async fn rate_limited_with_retry_after_then_success() {
    let server = Scripted::start(vec![
        Reply::json_retry_after(429, &envelope(429, "too_many_requests"), "1"),
        own_profile(),
    ])
    .await;
    let started = std::time::Instant::now();
    let profile = me(&client(&server, quick_retries()))
        .await
        .expect("second attempt succeeds");
    assert_eq!(profile.tag(), Some("LINKEDIN"));
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured"
    );
    assert_requests(&server, 2, "GET /users/me?account_id=");
}

#[tokio::test]
async fn retry_after_beyond_the_cap_is_returned_not_slept() {
    let server = Scripted::start(vec![Reply::json_retry_after(
        429,
        &envelope(429, "too_many_requests"),
        "600",
    )])
    .await;
    let error = me(&client(&server, quick_retries()))
        .await
        .expect_err("not waited out");
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(600)));
    assert_requests(&server, 1, "GET /users/me");
}

#[tokio::test]
async fn unavailable_three_times_then_success_within_four_attempts() {
    let unavailable = status(503, "service_unavailable");
    let server = Scripted::start(vec![
        unavailable.clone(),
        unavailable.clone(),
        unavailable,
        own_profile(),
    ])
    .await;
    me(&client(&server, quick_retries().max_attempts(4)))
        .await
        .expect("fourth attempt");
    assert_requests(&server, 4, "GET /users/me");
}

#[tokio::test]
async fn gateway_timeout_past_the_retry_budget() {
    let timeout = status(504, "request_timeout");
    let server = Scripted::start(vec![
        timeout.clone(),
        timeout.clone(),
        timeout.clone(),
        own_profile(),
    ])
    .await;
    let error = me(&client(&server, quick_retries()))
        .await
        .expect_err("budget spent");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(504));
    assert!(error.is_retryable());
    assert_requests(&server, 3, "GET /users/me");
}

#[tokio::test]
async fn temporary_500_types_are_retried_and_others_are_not() {
    let server = Scripted::start(vec![status(500, "provider_error"), own_profile()]).await;
    me(&client(&server, quick_retries()))
        .await
        .expect("provider_error is temporary");
    assert_requests(&server, 2, "GET /users/me");

    let server = Scripted::start(vec![status(500, "unexpected_error"), own_profile()]).await;
    let error = me(&client(&server, quick_retries()))
        .await
        .expect_err("not retried");
    assert_eq!(error.kind(), Some(&ErrorKind::UnexpectedError));
    assert_requests(&server, 1, "GET /users/me");
}

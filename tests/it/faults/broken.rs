//! Replies no well-behaved server sends: resets, truncated or empty bodies,
//! HTML from a proxy, headers that never come in time.

use super::*;

#[tokio::test]
async fn connection_reset_mid_body() {
    let cut = Reply::CutBody {
        declared: 5000,
        sent: b"{\"object\":\"AccountOwnerProfile\",".to_vec(),
    };
    let server = Scripted::start(vec![cut.clone(), cut.clone(), cut]).await;
    let error = me(&client(&server, quick_retries()))
        .await
        .expect_err("every attempt cut");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_requests(&server, 3, "GET /users/me");
}

#[tokio::test]
async fn truncated_json_is_an_unexpected_response_and_not_retried() {
    let server = Scripted::start(vec![Reply::Http(
        200,
        vec![("content-type", "application/json".into())],
        br#"{"object":"AccountOwnerProfile","provider":"LINK"#.to_vec(),
    )])
    .await;
    let error = me(&client(&server, quick_retries()))
        .await
        .expect_err("truncated");
    assert!(
        matches!(error, Error::UnexpectedResponse { .. }),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert_requests(&server, 1, "GET /users/me");
}

#[tokio::test]
async fn empty_body_with_200_is_an_unexpected_response() {
    let server = Scripted::start(vec![Reply::Http(
        200,
        vec![("content-type", "application/json".into())],
        vec![],
    )])
    .await;
    let error = me(&client(&server, quick_retries()))
        .await
        .expect_err("empty");
    match &error {
        Error::UnexpectedResponse {
            status,
            content_type,
            body_start,
            ..
        } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(content_type, "application/json");
            assert!(body_start.is_empty());
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
    assert_requests(&server, 1, "GET /users/me");
}

#[tokio::test]
async fn html_502_from_a_proxy_is_unexpected_and_not_retried() {
    let html = b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec();
    let server = Scripted::start(vec![Reply::Http(
        502,
        vec![("content-type", "text/html".into())],
        html,
    )])
    .await;
    let error = me(&client(&server, quick_retries()))
        .await
        .expect_err("proxy page");
    match &error {
        Error::UnexpectedResponse {
            status,
            content_type,
            body_start,
            ..
        } => {
            assert_eq!(status.as_u16(), 502);
            assert_eq!(content_type, "text/html");
            assert!(body_start.contains("502 Bad Gateway"));
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
    assert_requests(&server, 1, "GET /users/me");
}

#[tokio::test]
async fn headers_slower_than_the_timeout() {
    let slow = || Reply::After(Duration::from_millis(600), Box::new(own_profile()));
    let server = Scripted::start(vec![slow(), slow(), slow()]).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.base_url)
        .timeout(Duration::from_millis(100))
        .retry(quick_retries())
        .build()
        .expect("client");
    let error = me(&client).await.expect_err("too slow");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_requests(&server, 3, "GET /users/me");
}

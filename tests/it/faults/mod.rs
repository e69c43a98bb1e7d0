//! Fault injection against scripted loopback servers: each scenario ends in
//! the documented typed error or success, never a panic, after exactly the
//! number of requests the retry policy implies.

use std::time::Duration;

use crate::common::scripted::{Reply, Scripted};
use crate::common::{ACCOUNT_ID, API_KEY, envelope, fixture, fixture_json};
use futures::{StreamExt, TryStreamExt};
use postpress::{Client, Error, ErrorKind, RetryPolicy};
use serde_json::{Value, json};

/// Fast retries so the suite does not wait: 3 attempts, 10 ms, 20 ms.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(20))
        .jitter(false)
}

fn client(server: &Scripted, retry: RetryPolicy) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(&server.base_url)
        .retry(retry)
        .build()
        .expect("loopback client")
}

async fn me(client: &Client) -> postpress::Result<postpress::AccountOwnerProfile> {
    client.get_own_profile().account_id(ACCOUNT_ID).send().await
}

async fn act(client: &Client) -> postpress::Result<postpress::types::LinkedinPerformActionOnUser> {
    let body = postpress::user_action_request_from_json(&fixture(
        "linkedin_user_action.example_request.json",
    ))
    .expect("the page's example body");
    client
        .linkedin_user_action()
        .user_id("AEMAACr-1eYBl")
        .body(body)
        .send()
        .await
}

fn own_profile() -> Reply {
    Reply::json(200, &fixture_json("get_own_profile.example_response.json"))
}

fn action_done() -> Reply {
    Reply::json(
        200,
        &json!({"object": "LinkedinPerformActionOnUser", "success": true}),
    )
}

fn status(status: u16, name: &str) -> Reply {
    Reply::json(status, &envelope(status, name))
}

/// Every request the server saw was the same one, and there were `n`.
fn assert_requests(server: &Scripted, n: usize, line_start: &str) {
    let requests = server.requests();
    assert_eq!(requests.len(), n, "{requests:#?}");
    for request in &requests {
        assert!(
            request.request_line.starts_with(line_start),
            "{}",
            request.request_line
        );
        assert!(
            request
                .headers
                .iter()
                .any(|(k, v)| k == "x-api-key" && v == API_KEY)
        );
    }
}

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
async fn truncated_json_is_a_decode_error_and_not_retried() {
    let server = Scripted::start(vec![Reply::Http(
        200,
        vec![("content-type", "application/json".into())],
        br#"{"object":"AccountOwnerProfile","provider":"LINK"#.to_vec(),
    )])
    .await;
    let error = me(&client(&server, quick_retries()))
        .await
        .expect_err("truncated");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert!(!error.is_retryable());
    assert_requests(&server, 1, "GET /users/me");
}

#[tokio::test]
async fn empty_body_with_200_is_a_decode_error() {
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
        Error::Decode { status, body, .. } => {
            assert_eq!(status.as_u16(), 200);
            assert!(body.is_empty());
        }
        other => panic!("expected Decode, got {other:?}"),
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

fn big_relations_page(items: usize, headline_bytes: usize) -> Value {
    let headline = "h".repeat(headline_bytes);
    let items: Vec<Value> = (0..items)
        .map(|n| {
            json!({
                "object": "UserRelation", "first_name": format!("F{n}"), "last_name": "L",
                "headline": headline, "public_identifier": format!("p{n}"),
                "public_profile_url": format!("https://www.linkedin.com/in/p{n}"),
                "created_at": 1_747_400_000_000_i64, "member_id": format!("m{n}"),
                "member_urn": format!("urn:li:fsd_profile:m{n}"), "connection_urn": format!("urn:li:c:{n}"),
            })
        })
        .collect();
    json!({"object": "UserRelationsList", "items": items, "cursor": null})
}

#[tokio::test]
async fn a_ten_mib_page_decodes_and_a_capped_client_refuses_it() {
    let page = big_relations_page(1000, 10 * 1024);
    assert!(page.to_string().len() > 10 * 1024 * 1024);
    let server = Scripted::start(vec![Reply::json(200, &page), Reply::json(200, &page)]).await;
    let list = client(&server, RetryPolicy::none())
        .list_relations()
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("10 MiB is under the default cap");
    assert_eq!(list.items().len(), 1000);

    let capped = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.base_url)
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("client");
    let error = capped
        .list_relations()
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect_err("over the cap");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1_048_576 }),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert_requests(&server, 2, "GET /users/relations?account_id=");
}

#[tokio::test]
async fn a_page_stream_failing_on_page_3_of_5_resumes_with_exactly_the_rest() {
    let pages = |range: std::ops::Range<usize>, cursor: Option<&str>| {
        let mut value = big_relations_page(0, 0);
        value["items"] = json!(
            range
                .map(|n| {
                    let mut item = big_relations_page(1, 1)["items"][0].clone();
                    item["member_id"] = json!(format!("m{n}"));
                    item
                })
                .collect::<Vec<_>>()
        );
        value["cursor"] = json!(cursor);
        Reply::json(200, &value)
    };
    let server = Scripted::start(vec![
        pages(0..2, Some("c1")),
        pages(2..4, Some("c2")),
        status(500, "unexpected_error"),
        pages(4..6, Some("c3")),
        pages(6..8, Some("c4")),
        pages(8..10, None),
    ])
    .await;
    let client = client(&server, quick_retries());
    let mut seen = Vec::new();
    let mut stream = client.relations(ACCOUNT_ID).prefetch(false).items();
    let error = loop {
        match stream.next().await {
            Some(Ok(relation)) => seen.push(relation.member_id),
            Some(Err(error)) => break error,
            None => panic!("ended without the error"),
        }
    };
    assert_eq!(error.resume_cursor(), Some(Some("c2")));
    assert!(matches!(error, Error::Page { page: 3, .. }), "{error:?}");
    let rest: Vec<_> = client
        .relations(ACCOUNT_ID)
        .resume_after(&error)
        .items()
        .map_ok(|relation| relation.member_id)
        .try_collect()
        .await
        .expect("pages 3 to 5");
    seen.extend(rest);
    let expected: Vec<String> = (0..10).map(|n| format!("m{n}")).collect();
    assert_eq!(seen, expected, "in order, no gap, no duplicate");
    let lines: Vec<String> = server
        .requests()
        .into_iter()
        .map(|r| r.request_line)
        .collect();
    assert_eq!(lines.len(), 6, "{lines:#?}");
    assert!(
        lines[2].contains("cursor=c2") && lines[3].contains("cursor=c2"),
        "{lines:#?}"
    );
}

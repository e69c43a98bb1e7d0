//! Bodies that are not the envelope or not what the spec says, and
//! transport errors: each keeps what a caller needs to see what happened.

use super::*;

#[tokio::test]
async fn non_json_error_bodies_keep_status_content_type_and_body_start() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let html = format!(
        "<html><body>502 Bad Gateway{}</body></html>",
        " ".repeat(400)
    );
    for (status, content_type, body, start) in [
        (
            502,
            "text/html",
            html.as_str(),
            "<html><body>502 Bad Gateway",
        ),
        (
            503,
            "text/plain",
            "upstream connect error",
            "upstream connect error",
        ),
        (
            500,
            "application/json",
            "{\"oops\": true}",
            "{\"oops\": true}",
        ),
        (401, "application/json", "", ""),
    ] {
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path("/users/me");
                then.status(status)
                    .header("content-type", content_type)
                    .body(body);
            })
            .await;
        match call(&client, "get_own_profile").await {
            Err(Error::UnexpectedResponse {
                status: seen,
                content_type: ct,
                body_start,
                ..
            }) => {
                assert_eq!(seen.as_u16(), status);
                assert_eq!(ct, content_type);
                assert!(body_start.starts_with(start), "{body_start:?}");
                assert!(body_start.len() <= 260, "body start is bounded");
            }
            other => panic!("{status}: expected UnexpectedResponse, got {other:?}"),
        }
        mock.assert_async().await;
        mock.delete_async().await;
    }
}

#[tokio::test]
async fn undocumented_success_status_is_unexpected() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/users/me");
            then.status(204);
        })
        .await;
    match call(&client(&server), "get_own_profile").await {
        Err(Error::UnexpectedResponse {
            status,
            content_type,
            body_start,
            ..
        }) => {
            assert_eq!(status.as_u16(), 204);
            assert_eq!(content_type, "no content type");
            assert_eq!(body_start, "");
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
    mock.assert_async().await;
}

/// A strict client (`ClientBuilder::strict`), with no retries.
fn strict_client(server: &MockServer) -> Client {
    crate::common::client_with(
        server,
        Client::builder()
            .strict(true)
            .retry(postpress::RetryPolicy::none()),
    )
}

#[tokio::test]
async fn a_departing_success_body_is_corrected_and_strict_makes_it_a_decode_error() {
    let server = MockServer::start_async().await;
    let mut relations = fixture_json("list_relations.example_response.json");
    relations["items"][0]["created_at"] = serde_json::json!("yesterday");
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/users/relations");
            then.status(200).json_body(relations.clone());
        })
        .await;
    let page = client(&server)
        .list_relations()
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("a departure is corrected");
    assert_eq!(page.items()[0].created_at, 0);
    let corrections = page.corrections();
    assert_eq!(corrections.len(), 1, "{corrections:?}");
    assert_eq!(corrections[0].path(), "items[0].created_at");
    assert_eq!(corrections[0].index(), Some(0));
    assert_eq!(
        corrections[0].value(),
        Some(&serde_json::json!("yesterday"))
    );
    match call(&strict_client(&server), "list_relations").await {
        Err(Error::Decode {
            status,
            path,
            message,
            body,
            ..
        }) => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(path, "items[0].created_at");
            assert!(
                message.contains("string where the spec has integer"),
                "{message}"
            );
            // The whole body, as received.
            assert_eq!(
                serde_json::from_slice::<serde_json::Value>(&body).expect("JSON"),
                relations
            );
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    mock.assert_calls_async(2).await;
}

/// Inside the unions too, a correction (and strict mode's error) names the
/// full path: the tolerant decoder tracks it through the union's variant.
#[tokio::test]
async fn strict_errors_inside_unions_name_the_full_path() {
    let mut profile = fixture_json("variants/get_user.linkedin_full.json");
    profile["work_experience"][0]["position"] = serde_json::Value::Null;
    let mut activity = fixture_json("variants/get_user.linkedin_full.json");
    activity["recruiting_activity"][3]["project_id"] = serde_json::json!(17);
    let mut search = fixture_json("variants/linkedin_search.every_result_type.json");
    search["items"][3]["title"] = serde_json::json!(["not", "a", "string"]);
    let cases = [
        (
            "get_user",
            "/users/jordan-walke",
            profile,
            "work_experience[0].position",
        ),
        (
            "get_user",
            "/users/jordan-walke",
            activity,
            "recruiting_activity[3].project_id",
        ),
        (
            "linkedin_search",
            "/linkedin/search",
            search,
            "items[3].title",
        ),
    ];
    for (operation, path, body, expected) in cases {
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.path(path);
                then.status(200).json_body(body);
            })
            .await;
        match call(&strict_client(&server), operation).await {
            Err(Error::Decode { path, message, .. }) => {
                assert_eq!(path, expected, "{message}");
                assert!(message.ends_with("(strict mode)"), "{message}");
            }
            other => panic!("{expected}: expected Decode, got {other:?}"),
        }
        mock.assert_async().await;
    }
}

/// Not JSON is not a departure: an error naming the status, the content
/// type and the start of the body, never a corrected value.
#[tokio::test]
async fn truncated_and_non_json_success_bodies_are_unexpected_responses() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let bodies: [&[u8]; 4] = [
        b"{\"object\": \"UserRelationsList\", \"items\": [",
        b"<html>ok</html>",
        b"",
        b"{\"object\": \"UserRelationsList\", \"items\": [], \"cursor\": \"\xff\"}",
    ];
    for body in bodies {
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path("/users/relations");
                then.status(200)
                    .header("content-type", "application/json")
                    .body(body);
            })
            .await;
        match call(&client, "list_relations").await {
            Err(
                ref error @ Error::UnexpectedResponse {
                    status,
                    ref content_type,
                    ref body_start,
                    ..
                },
            ) => {
                assert_eq!(status.as_u16(), 200);
                assert_eq!(content_type, "application/json");
                assert_eq!(body_start, &String::from_utf8_lossy(body));
                assert!(!error.is_retryable());
                assert_eq!(error.kind(), None);
            }
            other => panic!("{body:?}: expected UnexpectedResponse, got {other:?}"),
        }
        mock.assert_async().await;
        mock.delete_async().await;
    }
}

#[tokio::test]
async fn transport_errors_and_timeouts_keep_their_source() {
    // A port nothing listens on: bind, take the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(postpress::RetryPolicy::none())
        .build()
        .expect("client");
    let error = call(&client, "get_own_profile").await.expect_err("refused");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(error.is_retryable());
    assert!(std::error::Error::source(&error).is_some());
    assert!(!error.to_string().contains(API_KEY));

    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/users/me");
            then.status(200)
                .delay(Duration::from_millis(800))
                .json_body(serde_json::json!({}));
        })
        .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .timeout(Duration::from_millis(100))
        .retry(postpress::RetryPolicy::none())
        .build()
        .expect("client");
    let error = call(&client, "get_own_profile")
        .await
        .expect_err("times out");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(error.is_retryable());
    mock.assert_async().await;
}

/// An error body is read up to 64 KiB: an envelope that ends on the last
/// byte kept is an API error; one a byte longer is cut, so it is no
/// envelope and the answer is unexpected.
#[tokio::test]
async fn an_error_body_is_read_up_to_64_kib_and_cut_past_it() {
    const KEPT: usize = 64 * 1024;
    let server = MockServer::start_async().await;
    let client = client(&server);
    let envelope = envelope(400, "invalid_parameters").to_string();
    for (length, is_envelope) in [(KEPT, true), (KEPT + 1, false)] {
        // Leading whitespace is valid JSON: only the cut can spoil it.
        let body = format!("{}{envelope}", " ".repeat(length - envelope.len()));
        assert_eq!(body.len(), length);
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path("/users/me");
                then.status(400)
                    .header("content-type", "application/json")
                    .body(body);
            })
            .await;
        let error = call(&client, "get_own_profile")
            .await
            .expect_err("an error answer");
        match (&error, is_envelope) {
            (Error::Api(api), true) => assert_eq!(api.kind, ErrorKind::InvalidParameters),
            (Error::UnexpectedResponse { status, .. }, false) => assert_eq!(status.as_u16(), 400),
            _ => panic!("{length} bytes: {error:?}"),
        }
        mock.assert_async().await;
        mock.delete_async().await;
    }
}

//! Every documented error status and type decodes into `Error::Api`; bodies
//! that are not the envelope keep status, content type and body start.

use std::time::Duration;

use crate::common::{ACCOUNT_ID, API_KEY, client, envelope, fixture_json};
use httpmock::prelude::*;
use postpress::{Client, Error, ErrorKind, types};

/// Calls `operation_id` with a valid request and returns only its error.
async fn call(client: &Client, operation_id: &str) -> Result<(), Error> {
    match operation_id {
        "get_user" => client
            .get_user()
            .identifier("jordan-walke")
            .account_id(ACCOUNT_ID)
            .send()
            .await
            .map(drop),
        "get_own_profile" => client
            .get_own_profile()
            .account_id(ACCOUNT_ID)
            .send()
            .await
            .map(drop),
        // Listings take the strict path here: any departure is an error.
        "list_relations" => client
            .list_relations()
            .account_id(ACCOUNT_ID)
            .send()
            .await
            .and_then(postpress::Page::strict)
            .map(drop),
        "linkedin_search" => {
            let body: types::LinkedinSearchRequest =
                serde_json::from_value(fixture_json("linkedin_search.example_request.json"))
                    .expect("example body");
            client
                .linkedin_search()
                .account_id(ACCOUNT_ID)
                .body(body)
                .send()
                .await
                .and_then(postpress::Page::strict)
                .map(drop)
        }
        "linkedin_user_action" => {
            let body: types::LinkedinUserActionRequest =
                serde_json::from_value(fixture_json("linkedin_user_action.example_request.json"))
                    .expect("example body");
            client
                .linkedin_user_action()
                .user_id("AEMAACr-1eYBl...")
                .body(body)
                .send()
                .await
                .map(drop)
        }
        other => panic!("no call for operation {other}"),
    }
}

/// `(operation_id, method, path, status, [documented types])` from the spec's `x-error-types`.
fn documented_errors() -> Vec<(String, String, String, u16, Vec<String>)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/openapi/postpress.yaml"
    ))
    .expect("spec");
    let spec: serde_json::Value = serde_yaml_ng::from_str(&text).expect("spec parses");
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let op_id = op["operationId"].as_str().expect("operationId").to_string();
            for (status, response) in op["responses"].as_object().expect("responses") {
                let status: u16 = status.parse().expect("numeric status");
                if status < 400 {
                    continue;
                }
                let response = match response["$ref"].as_str() {
                    Some(reference) => {
                        let name = reference.trim_start_matches("#/components/responses/");
                        spec["components"]["responses"][name].clone()
                    }
                    None => response.clone(),
                };
                let types = response["x-error-types"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{op_id} {status}: no x-error-types"))
                    .iter()
                    .map(|t| {
                        t.as_str()
                            .expect("string")
                            .trim_start_matches("errors/")
                            .to_string()
                    })
                    .collect();
                out.push((
                    op_id.clone(),
                    method.to_uppercase(),
                    path.clone(),
                    status,
                    types,
                ));
            }
        }
    }
    out
}

fn mock_path(path: &str) -> String {
    path.replace("{identifier}", "jordan-walke")
        .replace("{user_id}", "AEMAACr-1eYBl...")
}

#[tokio::test]
async fn every_documented_error_decodes_into_the_envelope() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let documented = documented_errors();
    let mut checked = std::collections::BTreeSet::new();
    for (op_id, method, path, status, types) in &documented {
        for name in types {
            let body = envelope(*status, name);
            let mock = server
                .mock_async(|when, then| {
                    when.method(method.as_str())
                        .path(mock_path(path))
                        .header("x-api-key", API_KEY);
                    then.status(*status)
                        .header("content-type", "application/json")
                        .json_body(body);
                })
                .await;
            let error = call(&client, op_id)
                .await
                .expect_err("an error status fails the call");
            let api = error
                .api_error()
                .unwrap_or_else(|| panic!("{op_id} {status} {name}: {error:?}"));
            assert_eq!(api.status.as_u16(), *status);
            assert_eq!(api.kind, ErrorKind::from_type(&format!("errors/{name}")));
            assert!(
                !matches!(api.kind, ErrorKind::Unknown(_)),
                "{name} has no ErrorKind variant"
            );
            assert_eq!(api.kind.name(), name);
            assert_eq!(api.error_type, format!("errors/{name}"));
            assert_eq!(api.title, format!("{name} title"));
            assert_eq!(
                api.detail.as_deref(),
                Some(format!("{name} detail").as_str())
            );
            assert_eq!(
                api.instance.as_deref(),
                Some(format!("req_{status}_{name}").as_str())
            );
            assert_eq!(error.status().map(|s| s.as_u16()), Some(*status));
            let shown = error.to_string();
            for part in [
                status.to_string(),
                name.clone(),
                "title".to_string(),
                "detail".to_string(),
                format!("req_{status}_{name}"),
            ] {
                assert!(shown.contains(&part), "{shown:?} lacks {part}");
            }
            assert!(!shown.contains(API_KEY) && !format!("{error:?}").contains(API_KEY));
            mock.assert_async().await;
            mock.delete_async().await;
            checked.insert(name.clone());
        }
    }
    assert_eq!(checked.len(), 50, "the pages document 50 error types");
    assert_eq!(ErrorKind::DOCUMENTED.len(), 50);
    for kind in ErrorKind::DOCUMENTED {
        assert!(checked.contains(kind.name()), "{kind} is never documented");
    }
}

#[tokio::test]
async fn helpers_classify_errors() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    for (status, name, retryable, rate_limited, auth, not_found) in [
        (429, "too_many_requests", true, true, false, false),
        (503, "network_down", true, false, false, false),
        (504, "request_timeout", true, false, false, false),
        (500, "provider_error", true, false, false, false),
        (500, "unexpected_error", false, false, false, false),
        (401, "expired_credentials", false, false, true, false),
        (403, "feature_not_subscribed", false, false, true, false),
        (404, "resource_not_found", false, false, false, true),
        (422, "user_unreachable", false, false, false, false),
    ] {
        let body = envelope(status, name);
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path("/users/relations");
                then.status(status).json_body(body);
            })
            .await;
        let error = call(&client, "list_relations")
            .await
            .expect_err("error status");
        assert_eq!(error.is_retryable(), retryable, "{name} retryable");
        assert_eq!(error.is_rate_limited(), rate_limited, "{name} rate limited");
        assert_eq!(error.is_auth(), auth, "{name} auth");
        assert_eq!(error.is_not_found(), not_found, "{name} not found");
        mock.assert_async().await;
        mock.delete_async().await;
    }
}

#[tokio::test]
async fn unknown_error_type_is_kept() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/users/me");
            then.status(409).json_body(serde_json::json!({
                "title": "Conflict", "type": "errors/brand_new_thing", "status": 409
            }));
        })
        .await;
    let error = call(&client(&server), "get_own_profile")
        .await
        .expect_err("409");
    assert_eq!(
        error.kind(),
        Some(&ErrorKind::Unknown("errors/brand_new_thing".into()))
    );
    assert_eq!(
        error.to_string(),
        "postpress API error 409 Conflict (errors/brand_new_thing): Conflict"
    );
    mock.assert_async().await;
}

#[tokio::test]
async fn retry_after_in_seconds_and_as_a_date() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/users/relations");
            then.status(429)
                .header("retry-after", "7")
                .json_body(envelope(429, "too_many_requests"));
        })
        .await;
    let error = call(&client, "list_relations").await.expect_err("429");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert!(error.to_string().contains("retry after 7s"));
    mock.assert_async().await;
    mock.delete_async().await;

    let date = (chrono::Utc::now() + chrono::Duration::seconds(120))
        .to_rfc2822()
        .replace("+0000", "GMT");
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/users/relations");
            then.status(503)
                .header("retry-after", date)
                .body("<html>busy</html>");
        })
        .await;
    let error = call(&client, "list_relations").await.expect_err("503");
    let delay = error.retry_after().expect("a date parses");
    assert!(
        delay > Duration::from_secs(100) && delay <= Duration::from_secs(120),
        "{delay:?}"
    );
    mock.assert_async().await;
}

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

#[tokio::test]
async fn invalid_success_json_is_a_decode_error_with_the_path() {
    let server = MockServer::start_async().await;
    let mut relations = fixture_json("list_relations.example_response.json");
    relations["items"][0]["created_at"] = serde_json::json!("yesterday");
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/users/relations");
            then.status(200).json_body(relations.clone());
        })
        .await;
    match call(&client(&server), "list_relations").await {
        Err(Error::Decode {
            status,
            path,
            message,
            body,
            ..
        }) => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(path, "items[0].created_at");
            assert!(message.contains("invalid type"), "{message}");
            // The whole body, as received.
            assert_eq!(
                serde_json::from_slice::<serde_json::Value>(&body).expect("JSON"),
                relations
            );
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    mock.assert_async().await;
}

/// Inside the unions too, a decode error names the full path: the union
/// decodes its variant from the input, not from a copy.
#[tokio::test]
async fn decode_errors_inside_unions_name_the_full_path() {
    let mut profile = fixture_json("variants/get_user.linkedin_full.json");
    profile["work_experience"][0]["start"] = serde_json::Value::Null;
    let mut activity = fixture_json("variants/get_user.linkedin_full.json");
    activity["recruiting_activity"][3]["project_id"] = serde_json::json!(17);
    let mut search = fixture_json("variants/linkedin_search.every_result_type.json");
    search["items"][3]["title"] = serde_json::json!(["not", "a", "string"]);
    let cases = [
        (
            "get_user",
            "/users/jordan-walke",
            profile,
            "work_experience[0].start",
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
        match call(&client(&server), operation).await {
            Err(Error::Decode { path, message, .. }) => {
                assert_eq!(path, expected, "{message}");
                assert!(message.contains("invalid type"), "{message}");
            }
            other => panic!("{expected}: expected Decode, got {other:?}"),
        }
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn truncated_and_non_json_success_bodies_are_decode_errors() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    for body in [
        "{\"object\": \"UserRelationsList\", \"items\": [",
        "<html>ok</html>",
        "",
    ] {
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path("/users/relations");
                then.status(200)
                    .header("content-type", "application/json")
                    .body(body);
            })
            .await;
        match call(&client, "list_relations").await {
            Err(Error::Decode { body: received, .. }) => assert_eq!(received, body.as_bytes()),
            other => panic!("{body:?}: expected Decode, got {other:?}"),
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

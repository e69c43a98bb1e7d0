//! Every documented status and `errors/*` type decodes into the envelope;
//! `Retry-After` and the helpers' classification.

use super::*;

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

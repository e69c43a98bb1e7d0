//! Client construction, the headers every request carries, and secret hygiene.

use crate::common::{ACCOUNT_ID, API_KEY, answer_with_fixture, client, fixture, request};
use httpmock::prelude::*;
use postpress::{Client, Error};

fn config_error(result: Result<Client, Error>) -> String {
    match result {
        Err(Error::Config { message }) => message,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn build_requires_a_usable_api_key() {
    assert!(config_error(Client::builder().build()).contains("no API key"));
    assert!(config_error(Client::builder().api_key("  ").build()).contains("empty"));
    assert!(config_error(Client::builder().api_key("bad\nkey").build()).contains("header"));
}

#[test]
fn build_accepts_https_and_loopback_http_only() {
    let key = || Client::builder().api_key(API_KEY);
    assert_eq!(
        key().build().expect("default").base_url(),
        postpress::DEFAULT_BASE_URL
    );
    let custom = key()
        .base_url("https://eu.example.test/api/v1/")
        .build()
        .expect("https");
    assert_eq!(custom.base_url(), "https://eu.example.test/api/v1");
    for loopback in [
        "http://127.0.0.1:8080",
        "http://localhost:1",
        "http://[::1]:9",
    ] {
        key()
            .base_url(loopback)
            .build()
            .unwrap_or_else(|e| panic!("{loopback}: {e}"));
    }
    for (url, expected) in [
        ("http://api.postpress.ai/api/v1", "only https"),
        ("ftp://127.0.0.1/", "only https"),
        ("not a url", "invalid base URL"),
        ("https://api.postpress.ai/api/v1?x=1", "query"),
    ] {
        let message = config_error(key().base_url(url).build());
        assert!(message.contains(expected), "{url}: {message}");
    }
    let message = config_error(key().timeout(std::time::Duration::ZERO).build());
    assert!(message.contains("timeout"), "{message}");
    // Plain http elsewhere only when asked for explicitly; ftp never.
    let proxy = key()
        .base_url("http://proxy.internal.test/api/v1")
        .allow_insecure_http(true)
        .build()
        .expect("explicitly allowed");
    assert_eq!(proxy.base_url(), "http://proxy.internal.test/api/v1");
    let message = config_error(
        key()
            .base_url("ftp://x.test/")
            .allow_insecure_http(true)
            .build(),
    );
    assert!(message.contains("only https"), "{message}");
}

#[test]
fn default_base_url_is_the_specs_server() {
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/openapi/postpress.yaml"
    ))
    .expect("spec");
    assert!(spec.contains(&format!("- url: {}\n", postpress::DEFAULT_BASE_URL)));
}

#[test]
fn debug_output_never_shows_the_key() {
    let builder = Client::builder().api_key(API_KEY);
    assert!(!format!("{builder:?}").contains(API_KEY));
    let client = builder.build().expect("client");
    let debug = format!("{client:?}");
    assert!(!debug.contains(API_KEY), "{debug}");
    // The key is a `SecretString`: its `Debug` says `[REDACTED]`.
    assert!(debug.contains("[REDACTED]"), "{debug}");
}

#[tokio::test]
async fn sends_only_documented_headers_plus_user_agent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            request(
                when,
                GET,
                "/users/jordan-walke",
                &[("account_id", ACCOUNT_ID)],
            )
            .header(
                "user-agent",
                concat!("postpress-rust/", env!("CARGO_PKG_VERSION")),
            )
            .is_true(|req| {
                let mut names: Vec<String> = req
                    .headers()
                    .keys()
                    .map(|name| name.as_str().to_string())
                    .collect();
                names.sort();
                names == ["accept", "host", "user-agent", "x-api-key"]
            });
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("get_user.example_response.json"));
        })
        .await;
    client(&server)
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("the example profile decodes");
    mock.assert_async().await;
}

#[tokio::test]
async fn custom_user_agent_and_existing_http_client() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            request(
                when,
                GET,
                "/users/jordan-walke",
                &[("account_id", ACCOUNT_ID)],
            )
            .header("user-agent", "recruiting-bot/2.1");
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("get_user.example_response.json"));
        })
        .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .user_agent("recruiting-bot/2.1")
        .http_client(reqwest::Client::new())
        .build()
        .expect("client");
    client
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("decodes");
    mock.assert_async().await;
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = MockServer::start_async().await;
    let mock = answer_with_fixture(
        &server,
        GET,
        "/users/..%2Flinkedin%2Fsearch%3Fx=1%23f",
        &[("account_id", ACCOUNT_ID)],
        None,
        "get_user.example_response.json",
    )
    .await;
    client(&server)
        .get_user()
        .identifier("../linkedin/search?x=1#f")
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("decodes");
    mock.assert_async().await;
}

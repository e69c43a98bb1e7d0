//! Shared helpers for the integration tests: a client pointed at a loopback
//! mock server, fixtures, and a matcher for the exact request.

mod fixtures;
pub mod operations;
pub mod pages;
mod profiles;
#[cfg(feature = "redis")]
#[path = "../../../src/limits/test_server.rs"]
pub mod redis_server;
mod request;
pub mod scripted;
mod search;
pub mod spec;

use httpmock::prelude::*;

pub use fixtures::{as_sent, compact, fixture, fixture_json};
pub use profiles::{own_profile_from, user_profile_from};
pub use request::{ACCOUNT_ID, API_KEY, envelope, request};
pub use search::search_page_from;

/// The pages' example body for the user action.
pub fn example_action_request() -> postpress::types::LinkedinUserActionRequest {
    postpress::user_action_request_from_json(&fixture("linkedin_user_action.example_request.json"))
        .expect("the page's example action request")
}

/// A client for `server` (loopback only) with the test key and no retries,
/// so each test sees exactly one attempt per call (the retry tests use
/// [`client_with`]).
pub fn client(server: &MockServer) -> postpress::Client {
    client_with(
        server,
        postpress::Client::builder().retry(postpress::RetryPolicy::none()),
    )
}

/// `builder` pointed at `server` with the test key.
pub fn client_with(server: &MockServer, builder: postpress::ClientBuilder) -> postpress::Client {
    builder
        .api_key(API_KEY)
        .base_url(server.base_url())
        .build()
        .expect("a loopback base URL and a valid key build a client")
}

/// Mocks exactly this request ([`request`], plus its JSON body and
/// `content-type: application/json` when a body is given), answering 200
/// with the fixture `name` as received.
pub async fn answer_with_fixture<'a>(
    server: &'a MockServer,
    method: Method,
    path: &str,
    query: &[(&str, &str)],
    body: Option<serde_json::Value>,
    name: &str,
) -> httpmock::Mock<'a> {
    answer_with_text(server, method, path, query, body, fixture(name)).await
}

/// Mocks the pages' profile call, `GET /users/jordan-walke?account_id=acc_1`,
/// answering 200 with `text` ([`answer_with_text`]).
pub async fn answer_profile(server: &MockServer, text: String) -> httpmock::Mock<'_> {
    let query = [("account_id", ACCOUNT_ID)];
    answer_with_text(
        server,
        Method::GET,
        "/users/jordan-walke",
        &query,
        None,
        text,
    )
    .await
}

/// [`answer_with_fixture`] with the body `text` instead of a fixture.
pub async fn answer_with_text<'a>(
    server: &'a MockServer,
    method: Method,
    path: &str,
    query: &[(&str, &str)],
    body: Option<serde_json::Value>,
    text: String,
) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            let when = request(when, method, path, query);
            if let Some(body) = body {
                when.header("content-type", "application/json")
                    .json_body(body);
            }
            then.status(200)
                .header("content-type", "application/json")
                .body(text);
        })
        .await
}

/// A plain `reqwest` client for raw requests. With the `rustls` feature
/// alone reqwest has no crypto provider of its own (`rustls-no-provider`)
/// and panics building a client, so ring is installed first.
pub fn raw_http() -> reqwest::Client {
    #[cfg(all(feature = "rustls", not(feature = "native-tls")))]
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

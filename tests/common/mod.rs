//! Shared helpers for the integration tests: a client pointed at a loopback
//! mock server, fixtures, and a matcher for the exact request.
#![allow(dead_code)] // each test binary uses a different subset

pub mod pages;
#[path = "../../src/limits/test_server.rs"]
pub mod redis_server;
pub mod scripted;

use httpmock::When;
use httpmock::prelude::*;

/// The API key every test client sends.
pub const API_KEY: &str = "pp_test_7c0ffee5ecret";
/// The account id the reference pages' examples use.
pub const ACCOUNT_ID: &str = "acc_linkedin_01HXYZ4QK3WJ8FN3M6QH7TZ8GR";

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

/// The text of `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

/// `tests/fixtures/<name>` parsed as JSON.
pub fn fixture_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// Matches exactly this request: method, path, the full set of query
/// parameters (no more, no fewer), the API key, the `accept` header, and no
/// `api-version` header (progenitor adds one; the API does not document it).
pub fn request(when: When, method: Method, path: &str, query: &[(&str, &str)]) -> When {
    let mut expected: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    expected.sort();
    when.method(method)
        .path(path)
        .header("x-api-key", API_KEY)
        .header("accept", "application/json")
        .header_missing("api-version")
        .is_true(move |req| {
            let mut seen = req.query_params();
            seen.sort();
            seen == expected
        })
}

/// Mocks exactly this request ([`request`], plus its JSON body when given),
/// answering 200 with the fixture `name` as received.
pub async fn answer_with_fixture<'a>(
    server: &'a MockServer,
    method: Method,
    path: &str,
    query: &[(&str, &str)],
    body: Option<serde_json::Value>,
    name: &str,
) -> httpmock::Mock<'a> {
    let text = fixture(name);
    server
        .mock_async(|when, then| {
            let when = request(when, method, path, query);
            if let Some(body) = body {
                when.json_body(body);
            }
            then.status(200)
                .header("content-type", "application/json")
                .body(text);
        })
        .await
}

/// The error envelope the API sends for `status` and `errors/<name>`.
pub fn envelope(status: u16, name: &str) -> serde_json::Value {
    serde_json::json!({
        "title": format!("{name} title"),
        "detail": format!("{name} detail"),
        "instance": format!("req_{status}_{name}"),
        "type": format!("errors/{name}"),
        "status": status,
    })
}

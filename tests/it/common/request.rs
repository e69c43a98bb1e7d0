//! What every test request carries and what the mock must see: the test key,
//! the examples' account, the exact-request matcher, the error envelope.

use httpmock::When;
use httpmock::prelude::*;

/// The API key every test client sends.
pub const API_KEY: &str = "pp_test_7c0ffee5ecret";
/// The account id the reference pages' examples use.
pub const ACCOUNT_ID: &str = "acc_linkedin_01HXYZ4QK3WJ8FN3M6QH7TZ8GR";

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

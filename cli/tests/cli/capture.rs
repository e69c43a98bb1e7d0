//! `--har FILE`: every exchange written as HAR 1.2, the API key never.

use httpmock::prelude::*;
use serde_json::Value;

use crate::common::{
    ACCOUNT_ID, API_KEY, against, assert_exit, envelope, fixture, fixture_json, postpress, request,
    text, tokens,
};

fn har_file(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("postpress-cli-har-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

/// A field and the check of its JSON type.
type Field = (&'static str, fn(&Value) -> bool);

/// Every field HAR 1.2 requires, present with its JSON type.
fn assert_har_1_2(har: &Value) {
    let has = |value: &Value, fields: &[Field]| {
        for (field, is) in fields {
            assert!(
                value.get(*field).is_some_and(is),
                "`{field}` missing or mistyped in {value}"
            );
        }
    };
    let log = &har["log"];
    assert_eq!(log["version"], "1.2");
    has(
        &log["creator"],
        &[("name", Value::is_string), ("version", Value::is_string)],
    );
    for entry in log["entries"].as_array().unwrap() {
        has(
            entry,
            &[
                ("startedDateTime", Value::is_string),
                ("time", Value::is_number),
                ("request", Value::is_object),
                ("response", Value::is_object),
                ("cache", Value::is_object),
                ("timings", Value::is_object),
            ],
        );
        has(
            &entry["request"],
            &[
                ("method", Value::is_string),
                ("url", Value::is_string),
                ("httpVersion", Value::is_string),
                ("cookies", Value::is_array),
                ("headers", Value::is_array),
                ("queryString", Value::is_array),
                ("headersSize", Value::is_number),
                ("bodySize", Value::is_number),
            ],
        );
        has(
            &entry["response"],
            &[
                ("status", Value::is_number),
                ("statusText", Value::is_string),
                ("httpVersion", Value::is_string),
                ("cookies", Value::is_array),
                ("headers", Value::is_array),
                ("content", Value::is_object),
                ("redirectURL", Value::is_string),
                ("headersSize", Value::is_number),
                ("bodySize", Value::is_number),
            ],
        );
        has(
            &entry["response"]["content"],
            &[("size", Value::is_number), ("mimeType", Value::is_string)],
        );
        has(
            &entry["timings"],
            &[
                ("send", Value::is_number),
                ("wait", Value::is_number),
                ("receive", Value::is_number),
            ],
        );
    }
}

fn read_har(path: &std::path::Path) -> (String, Value) {
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let har = serde_json::from_str(&raw).unwrap();
    assert_har_1_2(&har);
    (raw, har)
}

fn header<'a>(headers: &'a Value, name: &str) -> Option<&'a str> {
    headers.as_array()?.iter().find(|h| h["name"] == name)?["value"].as_str()
}

#[test]
fn har_holds_the_exchange_as_sent_and_received_without_the_key() {
    let server = MockServer::start();
    let body = fixture("get_user.example_response.json");
    let mock = server.mock(|when, then| {
        request(
            when,
            GET,
            "/users/jordan-walke",
            &[("account_id", ACCOUNT_ID)],
        );
        then.status(200)
            .header("content-type", "application/json")
            .header("x-request-id", "req_42")
            .body(&body);
    });
    let path = har_file("get.har");
    let output = against(&server)
        .args(["--har", path.to_str().unwrap()])
        .args(["users", "get", "jordan-walke", "--account-id", ACCOUNT_ID])
        .output()
        .expect("runs");
    assert_exit(&output, 0);
    mock.assert(); // the exact request, key included, reached the server once
    let (raw, har) = read_har(&path);
    assert!(!raw.contains(API_KEY), "the key is in the capture");
    let entries = har["log"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    let (sent, received) = (&entries[0]["request"], &entries[0]["response"]);
    assert_eq!(sent["method"], "GET");
    let url = format!(
        "{}/users/jordan-walke?account_id={ACCOUNT_ID}",
        server.base_url()
    );
    assert_eq!(sent["url"], url.as_str());
    assert_eq!(
        sent["queryString"],
        serde_json::json!([{"name": "account_id", "value": ACCOUNT_ID}])
    );
    assert_eq!(header(&sent["headers"], "accept"), Some("application/json"));
    assert_eq!(header(&sent["headers"], "x-api-key"), None);
    assert_eq!(received["status"], 200);
    assert_eq!(header(&received["headers"], "x-request-id"), Some("req_42"));
    assert_eq!(received["content"]["mimeType"], "application/json");
    assert_eq!(
        received["content"]["text"],
        body.as_str(),
        "the body as received"
    );
    // stdout is unchanged by the capture: the same JSON as received.
    assert_eq!(tokens(&text(&output.stdout)), tokens(&body));
}

#[test]
fn har_is_written_when_the_api_answers_with_an_error() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        request(when, GET, "/users/nobody", &[("account_id", ACCOUNT_ID)]);
        then.status(404)
            .header("content-type", "application/json")
            .json_body(envelope(404, "not_found"));
    });
    let path = har_file("error.har");
    let output = against(&server)
        .args(["--har", path.to_str().unwrap()])
        .args(["users", "get", "nobody", "--account-id", ACCOUNT_ID])
        .output()
        .expect("runs");
    assert_exit(&output, 1);
    mock.assert();
    let (raw, har) = read_har(&path);
    assert!(!raw.contains(API_KEY));
    let entries = har["log"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["response"]["status"], 404);
    let text: Value =
        serde_json::from_str(entries[0]["response"]["content"]["text"].as_str().unwrap()).unwrap();
    assert_eq!(text, envelope(404, "not_found"));
}

#[test]
fn har_never_relays_the_key_to_a_plain_http_server() {
    let path = har_file("refused.har");
    let output = postpress()
        .args([
            "--base-url",
            "http://api.example.com/v1",
            "--api-key",
            API_KEY,
        ])
        .args(["--har", path.to_str().unwrap()])
        .args(["users", "me", "--account-id", ACCOUNT_ID])
        .output()
        .expect("runs");
    assert_exit(&output, 2);
    assert!(
        text(&output.stderr).contains("only https is allowed"),
        "{}",
        text(&output.stderr)
    );
    assert!(!path.exists(), "nothing was sent, so nothing is captured");
}

#[test]
fn har_holds_every_page_of_an_export_in_order() {
    let server = MockServer::start();
    let mut last = fixture_json("list_relations.example_response.json");
    last["cursor"] = Value::Null;
    let first_body = fixture("list_relations.example_response.json");
    let cursor = fixture_json("list_relations.example_response.json")["cursor"].clone();
    let cursor = cursor.as_str().unwrap().to_string();
    let first = server.mock(|when, then| {
        request(when, GET, "/users/relations", &[("account_id", ACCOUNT_ID)]);
        then.status(200).body(&first_body);
    });
    let second = server.mock(|when, then| {
        let query = [("account_id", ACCOUNT_ID), ("cursor", cursor.as_str())];
        request(when, GET, "/users/relations", &query);
        then.status(200).json_body(last.clone());
    });
    let path = har_file("export.har");
    let output = against(&server)
        .args(["--har", path.to_str().unwrap()])
        .args(["users", "relations", "--account-id", ACCOUNT_ID, "--all"])
        .output()
        .expect("runs");
    assert_exit(&output, 0);
    first.assert();
    second.assert();
    let (raw, har) = read_har(&path);
    assert!(!raw.contains(API_KEY));
    let entries = har["log"]["entries"].as_array().unwrap();
    let urls: Vec<&str> = entries
        .iter()
        .map(|e| e["request"]["url"].as_str().unwrap())
        .collect();
    let base = format!(
        "{}/users/relations?account_id={ACCOUNT_ID}",
        server.base_url()
    );
    assert_eq!(urls, [base.clone(), format!("{base}&cursor={cursor}")]);
    assert_eq!(
        entries[0]["response"]["content"]["text"],
        first_body.as_str()
    );
    let second_text = entries[1]["response"]["content"]["text"].as_str().unwrap();
    assert_eq!(serde_json::from_str::<Value>(second_text).unwrap(), last);
}

#[test]
fn har_holds_every_attempt_of_a_retried_call_and_no_credential() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        request(
            when,
            GET,
            "/users/jordan-walke",
            &[("account_id", ACCOUNT_ID)],
        );
        then.status(503)
            .header("content-type", "application/json")
            .header("retry-after", "0")
            .header("set-cookie", "session=s3cret-cookie")
            .header("x-auth-token", "s3cret-token")
            .json_body(envelope(503, "service_unavailable"));
    });
    let path = har_file("retried.har");
    let output = against(&server)
        .args(["--har", path.to_str().unwrap()])
        .args(["users", "get", "jordan-walke", "--account-id", ACCOUNT_ID])
        .output()
        .expect("runs");
    assert_exit(&output, 1);
    mock.assert_calls(3);
    let (raw, har) = read_har(&path);
    assert!(!raw.contains(API_KEY), "the key is in the capture");
    assert!(!raw.contains("s3cret"), "a credential is in the capture");
    let entries = har["log"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "one entry per attempt");
    for entry in entries {
        let received = &entry["response"];
        assert_eq!(received["status"], 503);
        assert_eq!(header(&received["headers"], "retry-after"), Some("0"));
        assert_eq!(header(&received["headers"], "set-cookie"), None);
        assert_eq!(header(&received["headers"], "x-auth-token"), None);
        assert_eq!(header(&entry["request"]["headers"], "x-api-key"), None);
    }
}

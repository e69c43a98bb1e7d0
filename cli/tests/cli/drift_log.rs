//! `--drift-log FILE`: one JSON line per observation, appended, shapes only
//! (the format `cargo xtask drift` reads), never a field's value.

use httpmock::prelude::*;
use serde_json::Value;

use crate::common::{ACCOUNT_ID, against, assert_exit, fixture_json, request};

const SECRET: &str = "Jordan-the-secret-headline";

fn log_lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("the drift log is written")
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect()
}

#[test]
fn every_observation_is_appended_as_one_json_line_without_values() {
    let mut profile = fixture_json("get_user.example_response.json");
    profile["headline"] = serde_json::json!([SECRET]);
    profile["network_distance"] = serde_json::json!("FOURTH_DEGREE");
    profile["brand_new_field"] = serde_json::json!(SECRET);
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        request(
            when,
            GET,
            "/users/jordan-walke",
            &[("account_id", ACCOUNT_ID)],
        );
        then.status(200).json_body(profile);
    });
    let dir = std::env::temp_dir().join(format!("postpress-cli-drift-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join("drift.jsonl");
    let _ = std::fs::remove_file(&path);
    let run = || {
        let output = against(&server)
            .args(["users", "get", "jordan-walke", "--account-id", ACCOUNT_ID])
            .arg("--drift-log")
            .arg(&path)
            .output()
            .expect("runs");
        assert_exit(&output, 0);
    };
    run();
    let lines = log_lines(&path);
    let shapes: Vec<(&str, &str, &str)> = lines
        .iter()
        .map(|line| {
            assert_eq!(line["operation"], "get_user", "{line}");
            assert_eq!(line["status"], 200, "{line}");
            assert!(line["time"].is_string(), "each line has its time: {line}");
            (
                line["kind"].as_str().unwrap_or(""),
                line["path"].as_str().unwrap_or(""),
                line["seen"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        shapes,
        [
            ("unknown_field", "brand_new_field", "string"),
            ("wrong_type", "headline", "array"),
            ("unknown_enum_value", "network_distance", "string"),
        ]
    );
    let unknown_enum = &lines[2];
    assert_eq!(unknown_enum["value"], "FOURTH_DEGREE");
    assert!(lines[0]["value"].is_null() && lines[1]["value"].is_null());
    let written = std::fs::read_to_string(&path).expect("the log");
    assert!(!written.contains(SECRET), "a value in the drift log");
    // A second run appends.
    run();
    assert_eq!(log_lines(&path).len(), 2 * lines.len());
    mock.assert_calls(2);
}

#[test]
fn a_drift_log_that_cannot_be_opened_is_a_usage_error_and_nothing_is_sent() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.any_request();
        then.status(200);
    });
    let output = against(&server)
        .args(["users", "me", "--account-id", ACCOUNT_ID])
        .args(["--drift-log", "/nonexistent-folder/drift.jsonl"])
        .output()
        .expect("runs");
    assert_exit(&output, 2);
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("--drift-log"),
        "names the flag"
    );
    mock.assert_calls(0);
}

//! The `postpress` binary against loopback mock servers: stdout, stderr and
//! exit codes of every command.

use std::process::Output;

use httpmock::prelude::*;
use serde_json::{Value, json};

use crate::common::{
    ACCOUNT_ID, FIXTURES, against, assert_exit, fixture, fixture_json, postpress, request, text,
};

fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}): {}",
            text(&output.stdout)
        )
    })
}

fn stdout_lines(output: &Output) -> Vec<Value> {
    text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn users_get_sends_every_option_and_prints_pretty_json() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        request(
            when,
            GET,
            "/users/jordan-walke",
            &[
                ("account_id", ACCOUNT_ID),
                ("linkedin_sections", "*_preview,experience"),
                ("linkedin_api", "recruiter"),
                ("notify", "true"),
            ],
        );
        then.status(200)
            .body(fixture("get_user.example_response.json"));
    });
    let output = against(&server)
        .args(["users", "get", "jordan-walke", "--account-id", ACCOUNT_ID])
        .args(["--linkedin-sections", "*_preview,experience"])
        .args(["--linkedin-api", "recruiter", "--notify"])
        .output()
        .expect("runs");
    assert_exit(&output, 0);
    let printed = stdout_json(&output);
    let example = fixture_json("get_user.example_response.json");
    assert_eq!(printed["first_name"], example["first_name"]);
    assert_eq!(printed["public_identifier"], "jordan-walke");
    assert_eq!(printed["education"], example["education"]);
    assert!(text(&output.stdout).lines().count() > 10, "pretty-printed");
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
    mock.assert();
}

#[test]
fn users_me_prints_the_own_profile() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        request(when, GET, "/users/me", &[("account_id", ACCOUNT_ID)]);
        then.status(200)
            .body(fixture("get_own_profile.example_response.json"));
    });
    let output = against(&server)
        .args(["users", "me", "--account-id", ACCOUNT_ID])
        .output()
        .expect("runs");
    assert_exit(&output, 0);
    assert_eq!(
        stdout_json(&output),
        fixture_json("get_own_profile.example_response.json")
    );
    mock.assert();
}

fn relations_page(members: &[&str], cursor: Option<&str>) -> Value {
    let items: Vec<Value> = members
        .iter()
        .map(|m| {
            json!({
                "object": "UserRelation", "first_name": m, "last_name": "Doe",
                "headline": "Engineer", "public_identifier": m,
                "public_profile_url": format!("https://www.linkedin.com/in/{m}"),
                "created_at": 1_747_400_000_000_i64, "member_id": m,
                "member_urn": format!("urn:li:fsd_profile:{m}"),
                "connection_urn": format!("urn:li:fsd_connection:{m}"),
            })
        })
        .collect();
    json!({ "object": "UserRelationsList", "items": items, "cursor": cursor })
}

#[test]
fn relations_all_streams_every_item_of_every_page_as_json_lines() {
    let server = MockServer::start();
    let base = [
        ("account_id", ACCOUNT_ID),
        ("limit", "2"),
        ("filter", "acme"),
    ];
    let first = server.mock(|when, then| {
        request(when, GET, "/users/relations", &base);
        then.status(200)
            .json_body(relations_page(&["a", "b"], Some("c1")));
    });
    let second = server.mock(|when, then| {
        let query = [base.as_slice(), &[("cursor", "c1")]].concat();
        request(when, GET, "/users/relations", &query);
        then.status(200)
            .json_body(relations_page(&["c", "d"], Some("c2")));
    });
    let third = server.mock(|when, then| {
        let query = [base.as_slice(), &[("cursor", "c2")]].concat();
        request(when, GET, "/users/relations", &query);
        then.status(200).json_body(relations_page(&["e"], None));
    });
    let output = against(&server)
        .args(["users", "relations", "--account-id", ACCOUNT_ID])
        .args(["--limit", "2", "--filter", "acme", "--all"])
        .output()
        .expect("runs");
    assert_exit(&output, 0);
    let ids: Vec<Value> = stdout_lines(&output)
        .iter()
        .map(|r| r["member_id"].clone())
        .collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert!(
        output.stderr.is_empty(),
        "no progress when stderr is not a terminal"
    );
    first.assert();
    second.assert();
    third.assert();
}

#[test]
fn relations_one_page_prints_the_page_with_its_cursor() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        request(
            when,
            GET,
            "/users/relations",
            &[("account_id", ACCOUNT_ID), ("cursor", "c1")],
        );
        then.status(200)
            .json_body(relations_page(&["a"], Some("c2")));
    });
    let output = against(&server)
        .args([
            "users",
            "relations",
            "--account-id",
            ACCOUNT_ID,
            "--cursor",
            "c1",
        ])
        .output()
        .expect("runs");
    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output), relations_page(&["a"], Some("c2")));
    mock.assert();
}

#[test]
fn search_reads_the_body_file_and_walks_pages() {
    let server = MockServer::start();
    let body = fixture_json("linkedin_search.example_request.json");
    let mut last_page = fixture_json("linkedin_search.example_response.json");
    last_page["cursor"] = Value::Null;
    let first = server.mock(|when, then| {
        request(
            when,
            POST,
            "/linkedin/search",
            &[("account_id", ACCOUNT_ID), ("limit", "10")],
        )
        .json_body(body.clone());
        then.status(200)
            .body(fixture("linkedin_search.example_response.json"));
    });
    let second = server.mock(|when, then| {
        request(
            when,
            POST,
            "/linkedin/search",
            &[
                ("account_id", ACCOUNT_ID),
                ("limit", "10"),
                ("cursor", "eyJzdGFydCI6MTB9"),
            ],
        )
        .json_body(body.clone());
        then.status(200).json_body(last_page);
    });
    let path = format!("{FIXTURES}/linkedin_search.example_request.json");
    let output = against(&server)
        .args([
            "linkedin",
            "search",
            "--account-id",
            ACCOUNT_ID,
            "--body",
            &path,
        ])
        .args(["--limit", "10", "--all"])
        .output()
        .expect("runs");
    assert_exit(&output, 0);
    let lines = stdout_lines(&output);
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|item| item["type"] == "PEOPLE"));
    first.assert();
    second.assert();
}

#[test]
fn one_search_page_sends_a_long_cursor_in_the_body() {
    let server = MockServer::start();
    let long_cursor = "L".repeat(postpress::LONG_CURSOR_BYTES + 1);
    let mut page = fixture_json("linkedin_search.example_response.json");
    page["cursor"] = Value::Null;
    let mock = server.mock(|when, then| {
        request(
            when,
            POST,
            "/linkedin/search",
            &[("account_id", ACCOUNT_ID)],
        )
        .json_body(serde_json::json!({ "cursor": long_cursor }));
        then.status(200).json_body(page);
    });
    let path = format!("{FIXTURES}/linkedin_search.example_request.json");
    let output = against(&server)
        .args(["linkedin", "search", "--account-id", ACCOUNT_ID])
        .args(["--body", &path, "--cursor", &long_cursor])
        .output()
        .expect("runs");
    assert_exit(&output, 0);
    mock.assert();
}

#[test]
fn user_action_reads_the_body_from_stdin() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        request(when, POST, "/linkedin/user/AEMAACr-1eYBl", &[])
            .json_body(fixture_json("linkedin_user_action.example_request.json"));
        then.status(200)
            .json_body(json!({"object": "LinkedinPerformActionOnUser", "success": true}));
    });
    let output = against(&server)
        .args(["linkedin", "user-action", "AEMAACr-1eYBl", "--body", "-"])
        .write_stdin(fixture("linkedin_user_action.example_request.json"))
        .output()
        .expect("runs");
    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)["success"], true);
    mock.assert();
}

#[test]
fn mock_answers_every_command_from_the_spec_examples() {
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut command = postpress();
        command.arg("--mock").args(args);
        if let Some(stdin) = stdin {
            command.write_stdin(stdin.to_string());
        }
        command.output().expect("runs")
    };
    let output = run(
        &["users", "get", "jordan-walke", "--account-id", "acc_1"],
        None,
    );
    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)["last_name"], "Walke");

    let output = run(
        &["users", "get", "nobody-here", "--account-id", "acc_1"],
        None,
    );
    assert_exit(&output, 1);
    assert!(text(&output.stderr).contains("errors/resource_not_found"));

    let output = run(&["users", "me", "--account-id", "acc_1"], None);
    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)["object"], "AccountOwnerProfile");

    let output = run(
        &["users", "relations", "--account-id", "acc_1", "--all"],
        None,
    );
    assert_exit(&output, 0);
    assert_eq!(stdout_lines(&output).len(), 1);

    let search = fixture("linkedin_search.example_request.json");
    let output = run(
        &[
            "linkedin",
            "search",
            "--account-id",
            "acc_1",
            "--body",
            "-",
            "--all",
        ],
        Some(&search),
    );
    assert_exit(&output, 0);
    assert_eq!(stdout_lines(&output)[0]["type"], "PEOPLE");

    let action = fixture("linkedin_user_action.example_request.json");
    let output = run(
        &["linkedin", "user-action", "jordan-walke", "--body", "-"],
        Some(&action),
    );
    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)["success"], true);
}

/// The keys of the top-level object of pretty JSON (two-space indent), in order.
fn top_level_keys(pretty: &str) -> Vec<String> {
    pretty
        .lines()
        .filter_map(|line| line.strip_prefix("  \""))
        .filter_map(|rest| rest.split_once("\":"))
        .map(|(key, _)| key.to_string())
        .collect()
}

#[test]
fn the_readmes_first_command_prints_the_profile_in_the_pages_key_order() {
    let output = postpress()
        .args([
            "--mock",
            "users",
            "get",
            "jordan-walke",
            "--account-id",
            "acc_1",
        ])
        .output()
        .expect("runs");
    assert_exit(&output, 0);
    let printed = top_level_keys(&text(&output.stdout));
    assert_eq!(
        printed,
        top_level_keys(&fixture("get_user.example_response.json"))
    );
    assert_eq!(
        printed[..4],
        ["object", "provider", "provider_id", "public_identifier"]
    );
}

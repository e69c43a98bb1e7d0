//! The `postpress` command prints what the API sent: the JSON as received
//! (key order, empty arrays, numbers as written, fields the SDK does not
//! know), one warning line per departure from the spec (each correction),
//! exit 0 (1 with `--strict`, the output unchanged).

use httpmock::prelude::*;
use serde_json::Value;

use crate::common::{
    ACCOUNT_ID, FIXTURES, against, assert_exit, fixture, fixture_json, request, text, tokens,
    users_get_answered,
};

/// Every response fixture, with the command that fetches it and the
/// warnings (item index, path) it must print.
const CASES: &[(&str, &[(usize, &str)])] = &[
    ("list_relations.example_response.json", &[]),
    (
        "departures/list_relations.float_timestamp.json",
        &[(1, "items[1].created_at")],
    ),
    (
        "departures/list_relations.null_required.json",
        &[(2, "items[2].member_urn")],
    ),
    ("departures/list_relations.unknown_fields.json", &[]),
    ("linkedin_search.example_response.json", &[]),
    ("variants/linkedin_search.every_result_type.json", &[]),
    (
        "departures/linkedin_search.missing_required.json",
        &[(0, "items[0].member_urn")],
    ),
    (
        "departures/linkedin_search.string_for_object.json",
        &[(0, "items[0].privacySettings")],
    ),
    (
        "departures/linkedin_search.number_for_string.json",
        &[(1, "items[1].industry")],
    ),
    ("departures/linkedin_search.unknown_attachment.json", &[]),
];

/// Serves `name` for its operation and runs the matching command (plus
/// `extra` arguments), asserting the exact request.
fn run(name: &str, extra: &[&str]) -> std::process::Output {
    let server = MockServer::start();
    let search = name.contains("linkedin_search");
    let mock = server.mock(|when, then| {
        if search {
            request(
                when,
                POST,
                "/linkedin/search",
                &[("account_id", ACCOUNT_ID)],
            )
            .json_body(serde_json::json!({"api": "classic", "category": "people"}));
        } else {
            request(when, GET, "/users/relations", &[("account_id", ACCOUNT_ID)]);
        }
        then.status(200)
            .header("content-type", "application/json")
            .body(fixture(name));
    });
    // The fixture's cursor leads to an empty last page, so `--all` ends.
    let cursor = fixture_json(name)["cursor"].as_str().map(str::to_string);
    let last = cursor.as_deref().map(|cursor| {
        server.mock(|when, then| {
            let query = [("account_id", ACCOUNT_ID), ("cursor", cursor)];
            let object = if search {
                "LinkedinSearch"
            } else {
                "UserRelationsList"
            };
            let mut page = serde_json::json!({"object": object, "items": [], "cursor": null});
            if search {
                request(when, POST, "/linkedin/search", &query)
                    .json_body(serde_json::json!({"api": "classic", "category": "people"}));
                page["config"] = serde_json::json!({});
                page["paging"] = serde_json::json!({"start": 0, "page_count": 0, "total_count": 0});
            } else {
                request(when, GET, "/users/relations", &query);
            }
            then.status(200).json_body(page);
        })
    });
    let mut command = against(&server);
    if search {
        command
            .args([
                "linkedin",
                "search",
                "--account-id",
                ACCOUNT_ID,
                "--body",
                "-",
            ])
            .write_stdin(r#"{"api": "classic", "category": "people"}"#);
    } else {
        command.args(["users", "relations", "--account-id", ACCOUNT_ID]);
    }
    let output = command.args(extra).output().expect("runs");
    mock.assert();
    if let Some(last) = last {
        let all = extra.contains(&"--all");
        assert_eq!(
            last.calls(),
            usize::from(all),
            "{name}: the next page only with --all"
        );
    }
    output
}

fn operation(name: &str) -> &'static str {
    if name.contains("linkedin_search") {
        "linkedin_search"
    } else {
        "list_relations"
    }
}

fn assert_warnings(name: &str, stderr: &str, expected: &[(usize, &str)]) {
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(
        lines.len(),
        expected.len(),
        "{name}: one warning per departure:\n{stderr}"
    );
    for (line, (index, path)) in lines.iter().zip(expected) {
        let wanted = format!("warning: {}: item {index}, `{path}`", operation(name));
        assert!(
            line.starts_with(&wanted),
            "{name}: {line:?} should start {wanted:?}"
        );
        assert!(
            line.contains("departs from the spec: "),
            "{name}: the reason: {line}"
        );
    }
}

#[test]
fn one_page_prints_the_json_as_received_with_a_warning_per_departure() {
    for (name, expected) in CASES {
        let output = run(name, &[]);
        assert_exit(&output, 0);
        let printed = text(&output.stdout);
        assert_eq!(
            tokens(&printed),
            tokens(&fixture(name)),
            "{name}: the JSON as received"
        );
        assert!(printed.lines().count() > 3, "{name}: pretty-printed");
        assert_warnings(name, &text(&output.stderr), expected);
    }
}

#[test]
fn strict_exits_1_on_a_departure_and_prints_the_same() {
    for (name, expected) in CASES {
        let lenient = run(name, &[]);
        let strict = run(name, &["--strict"]);
        assert_exit(&strict, if expected.is_empty() { 0 } else { 1 });
        assert_eq!(
            strict.stdout, lenient.stdout,
            "{name}: --strict prints what was received"
        );
        assert_warnings(name, &text(&strict.stderr), expected);
    }
}

#[test]
fn all_prints_each_item_as_received_on_its_own_line() {
    for (name, expected) in CASES {
        let output = run(name, &["--all"]);
        assert_exit(&output, 0);
        let lines: Vec<String> = text(&output.stdout).lines().map(str::to_string).collect();
        let items: Vec<String> = fixture_json(name)["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|item| tokens(&serde_json::to_string(item).expect("JSON")))
            .collect();
        // The fixtures' own key order: compare tokens of each line with the
        // fixture's item text, found in the fixture in order.
        assert_eq!(lines.len(), items.len(), "{name}: one line per item");
        let whole = tokens(&fixture(name));
        let mut from = 0;
        for line in &lines {
            assert!(!line.contains('\n'));
            let at = whole[from..]
                .find(line.as_str())
                .unwrap_or_else(|| panic!("{name}: {line} is not an item as received"));
            from += at + line.len();
            let _: Value = serde_json::from_str(line).expect("each line is JSON");
        }
        let stderr = text(&output.stderr);
        let page_warnings: Vec<(usize, &str)> = expected.to_vec();
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("warning:"))
            .collect();
        assert_eq!(lines.len(), page_warnings.len(), "{name}: {stderr}");
        for (line, (index, path)) in lines.iter().zip(page_warnings) {
            let wanted = format!(
                "warning: {}: page 1, item {index}, `{path}`",
                operation(name)
            );
            assert!(
                line.starts_with(&wanted),
                "{name}: {line:?} should start {wanted:?}"
            );
        }
    }
}

#[test]
fn a_profile_that_departs_is_printed_with_a_warning() {
    let mut profile = fixture_json("variants/get_user.linkedin_full.json");
    profile["work_experience"][0]["position"] = Value::Null;
    let text_sent = serde_json::to_string_pretty(&profile).expect("JSON");
    for (strict, code) in [(false, 0), (true, 1)] {
        let output = users_get_answered(&text_sent, strict);
        assert_exit(&output, code);
        assert_eq!(tokens(&text(&output.stdout)), tokens(&text_sent));
        let stderr = text(&output.stderr);
        assert!(
            stderr.starts_with("warning: get_user: `work_experience[0].position` departs from the spec: null where string is required (LinkedinWorkExperience.position)"),
            "{stderr}"
        );
    }
}

/// Every response fixture in `tests/fixtures/`, served for its operation:
/// the CLI prints the same JSON tokens in the same order.
#[test]
fn every_response_fixture_is_printed_as_received() {
    let root = FIXTURES;
    let mut names = Vec::new();
    for folder in ["", "variants/", "forward_compat/", "departures/"] {
        let entries = std::fs::read_dir(format!("{root}/{folder}")).expect("fixture folder");
        for entry in entries {
            let file = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            // `departures/corrections.json` says what each departure reports.
            if file.ends_with(".json") && !file.contains("request") && file != "corrections.json" {
                names.push(format!("{folder}{file}"));
            }
        }
    }
    names.sort();
    assert!(names.len() >= 30, "{names:?}");
    // Each fixture is one CLI process against its own mock server: four at a
    // time (the processes mostly wait), so the test takes a quarter of the time.
    let check = |name: &String| {
        let file = name.rsplit('/').next().unwrap_or(name);
        let output = if file.starts_with("list_relations") || file.starts_with("linkedin_search") {
            run(name, &[])
        } else {
            let server = MockServer::start();
            let action = file.starts_with("linkedin_user_action");
            let (method, path, args): (Method, &str, Vec<&str>) = if file.starts_with("get_user") {
                (
                    GET,
                    "/users/jordan-walke",
                    vec!["users", "get", "jordan-walke"],
                )
            } else if file.starts_with("get_own_profile") {
                (GET, "/users/me", vec!["users", "me"])
            } else {
                (
                    POST,
                    "/linkedin/user/AEMAACr-1eYBl...",
                    vec!["linkedin", "user-action", "AEMAACr-1eYBl...", "--body", "-"],
                )
            };
            let mock = server.mock(|when, then| {
                let query: &[(&str, &str)] = if action {
                    &[]
                } else {
                    &[("account_id", ACCOUNT_ID)]
                };
                request(when, method, path, query);
                then.status(200).body(fixture(name));
            });
            let mut command = against(&server);
            command.args(&args);
            if action {
                command.write_stdin(fixture("linkedin_user_action.example_request.json"));
            } else {
                command.args(["--account-id", ACCOUNT_ID]);
            }
            let output = command.output().expect("runs");
            mock.assert();
            output
        };
        assert_eq!(
            tokens(&text(&output.stdout)),
            tokens(&fixture(name)),
            "{name}: printed as received"
        );
    };
    std::thread::scope(|scope| {
        for chunk in names.chunks(names.len().div_ceil(4)) {
            scope.spawn(move || chunk.iter().for_each(check));
        }
    });
}

/// With `-v`, each correction and unknown value is one `tracing` event at
/// target `postpress::observation`, with its shape and never a personal
/// value (the process's own subscriber, so no other test interferes).
#[test]
fn each_observation_is_one_tracing_event_without_personal_values() {
    const SECRET: &str = "Jordan-the-secret-summary";
    let mut profile = fixture_json("get_user.example_response.json");
    profile["headline"] = serde_json::json!(7);
    profile["summary"] = serde_json::json!([SECRET]);
    profile["network_distance"] = serde_json::json!("FOURTH_DEGREE");
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
    let output = against(&server)
        .args([
            "-v",
            "users",
            "get",
            "jordan-walke",
            "--account-id",
            ACCOUNT_ID,
        ])
        .output()
        .expect("runs");
    mock.assert();
    assert_exit(&output, 0);
    let stderr = text(&output.stderr);
    let events: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains("postpress::observation"))
        .collect();
    assert_eq!(events.len(), 3, "{stderr}");
    assert!(
        events[0].contains("WARN") && events[0].contains("path=headline"),
        "{stderr}"
    );
    assert!(
        events[1].contains("INFO") && events[1].contains("FOURTH_DEGREE"),
        "{stderr}"
    );
    assert!(
        events[2].contains("WARN") && events[2].contains("path=summary"),
        "{stderr}"
    );
    let logs: String = stderr
        .lines()
        .filter(|line| !line.starts_with("warning:"))
        .collect();
    assert!(!logs.contains(SECRET), "a value in the logs: {stderr}");
    assert!(!stderr.contains(SECRET), "a value in a warning: {stderr}");
}

//! Failures of the `postpress` binary: API errors, usage errors (nothing sent),
//! transport errors, and the key never shown.

use httpmock::prelude::*;

use crate::common::{
    ACCOUNT_ID, API_KEY, against, assert_exit, envelope, fixture, postpress, request, text,
};

#[test]
fn api_errors_exit_1_with_one_readable_line_and_no_key() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        request(when, GET, "/users/me", &[("account_id", ACCOUNT_ID)]);
        then.status(401)
            .json_body(envelope(401, "expired_credentials"));
    });
    let output = against(&server)
        .args(["users", "me", "--account-id", ACCOUNT_ID])
        .output()
        .expect("runs");
    assert_exit(&output, 1);
    let stderr = text(&output.stderr);
    for part in [
        "401",
        "errors/expired_credentials",
        "expired_credentials title",
        "expired_credentials detail",
        "req_401_expired_credentials",
    ] {
        assert!(stderr.contains(part), "{part:?} missing from {stderr}");
    }
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains(API_KEY));
    assert!(output.stdout.is_empty());
    mock.assert();
}

#[test]
fn verbose_logs_never_show_the_key() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        request(when, GET, "/users/me", &[("account_id", ACCOUNT_ID)]);
        then.status(200)
            .body(fixture("get_own_profile.example_response.json"));
    });
    let output = against(&server)
        .args(["-v", "users", "me", "--account-id", ACCOUNT_ID])
        .output()
        .expect("runs");
    assert_exit(&output, 0);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("get_own_profile"), "{stderr}");
    assert!(!stderr.contains(API_KEY), "{stderr}");
    mock.assert();
}

#[test]
fn a_bad_body_is_a_usage_error_naming_the_field_and_nothing_is_sent() {
    let server = MockServer::start();
    let any = server.mock(|when, then| {
        when.any_request();
        then.status(200);
    });
    for (body, mentions) in [
        (
            r#"{"api":"classic","category":"people","keywords":7}"#,
            "body field `keywords`",
        ),
        (
            r#"{"api":"classic","category":"people","keyword":"x"}"#,
            "unknown field `keyword`",
        ),
        (
            r#"{"api":"classic","category":"pets"}"#,
            "no search has api `classic` with category `pets`;",
        ),
        ("not json", "not valid JSON"),
        // Filters the API refuses (its published search schema).
        (
            r#"{"api":"recruiter","category":"people","role":[{"id":"25"}]}"#,
            "body field `role[0]`: an id-based filter needs `is_selection`",
        ),
        (
            r#"{"api":"recruiter","category":"people","company_headcount":[{"min":12}]}"#,
            "body field `company_headcount[0]`",
        ),
    ] {
        let output = against(&server)
            .args([
                "linkedin",
                "search",
                "--account-id",
                ACCOUNT_ID,
                "--body",
                "-",
            ])
            .write_stdin(body)
            .output()
            .expect("runs");
        assert_exit(&output, 2);
        assert!(
            text(&output.stderr).contains(mentions),
            "{}",
            text(&output.stderr)
        );
    }
    let output = against(&server)
        .args([
            "users",
            "relations",
            "--account-id",
            ACCOUNT_ID,
            "--limit",
            "1001",
        ])
        .output()
        .expect("runs");
    assert_exit(&output, 2);
    assert!(
        text(&output.stderr).contains("1 to 1000"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(any.calls(), 0);
}

#[test]
fn usage_errors_exit_2() {
    let output = postpress().args(["users", "me"]).output().expect("runs");
    assert_exit(&output, 2);
    assert!(text(&output.stderr).contains("--account-id"));
    let output = postpress()
        .args(["users", "me", "--account-id", "a"])
        .output()
        .expect("runs");
    assert_exit(&output, 2);
    assert!(text(&output.stderr).contains("no API key"));
    let output = postpress()
        .args([
            "--api-key",
            "k",
            "--base-url",
            "http://example.com",
            "users",
            "me",
            "--account-id",
            "a",
        ])
        .output()
        .expect("runs");
    assert_exit(&output, 2);
    assert!(
        text(&output.stderr).contains("https"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn transport_errors_exit_1() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let output = postpress()
        .args([
            "--api-key",
            API_KEY,
            "--base-url",
            &format!("http://127.0.0.1:{port}"),
        ])
        .args(["users", "me", "--account-id", ACCOUNT_ID])
        .output()
        .expect("runs");
    assert_exit(&output, 1);
    assert!(
        text(&output.stderr).contains("transport error"),
        "{}",
        text(&output.stderr)
    );
}

/// Not JSON is not a departure: an empty body, an HTML page from a proxy,
/// JSON cut short and invalid UTF-8, each with 200, exit 1 with nothing on
/// stdout and one line naming the status, the content type and the start
/// of the body.
#[test]
fn a_success_body_that_is_not_json_exits_1_with_nothing_on_stdout() {
    let cases: [(&str, &[u8], &str); 4] = [
        ("application/json", b"", "body starts: \"\""),
        (
            "text/html",
            b"<html>\n  <body>Service   Unavailable</body>\n</html>",
            "<html>\\n  <body>Service   Unavailable",
        ),
        (
            "application/json",
            b"{\"object\": \"AccountOwnerProfile\", \"provid",
            "{\\\"object\\\": \\\"AccountOwnerProfile\\\"",
        ),
        (
            "application/json",
            b"{\"object\": \"\xff\xfe\"}",
            "{\\\"object\\\": \\\"\u{fffd}\u{fffd}\\\"}",
        ),
    ];
    for (content_type, body, start) in cases {
        let server = MockServer::start();
        let mock = server.mock(|when, then| {
            request(when, GET, "/users/me", &[("account_id", ACCOUNT_ID)]);
            then.status(200)
                .header("content-type", content_type)
                .body(body);
        });
        let output = against(&server)
            .args(["users", "me", "--account-id", ACCOUNT_ID])
            .output()
            .expect("runs");
        assert_exit(&output, 1);
        assert!(
            output.stdout.is_empty(),
            "{content_type}: stdout {:?}",
            text(&output.stdout)
        );
        let stderr = text(&output.stderr);
        for part in ["200", content_type, start] {
            assert!(stderr.contains(part), "{part:?} missing from {stderr}");
        }
        assert!(!stderr.contains("warning"), "not a departure: {stderr}");
        mock.assert();
    }
}

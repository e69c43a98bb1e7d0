//! Running the `postpress` binary in tests, the fixtures it is served and a
//! matcher for the exact request it sends.

use std::process::Output;

use assert_cmd::Command;
use httpmock::MockServer;

// The library tests' key, account, exact-request matcher and error envelope.
#[path = "../../../tests/it/common/request.rs"]
mod request;
pub use request::{ACCOUNT_ID, API_KEY, envelope, request};

/// The `postpress` binary cargo built for these tests.
pub const BINARY: &str = env!("CARGO_BIN_EXE_postpress");

/// The library's fixtures: the API's responses the CLI is served.
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");

/// The text of the fixture `name`.
pub fn fixture(name: &str) -> String {
    let path = format!("{FIXTURES}/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

/// The fixture `name` parsed as JSON.
pub fn fixture_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// The binary, with no postpress settings inherited from the environment.
pub fn postpress() -> Command {
    let mut command = Command::new(BINARY);
    command
        .env_remove("POSTPRESS_API_KEY")
        .env_remove("POSTPRESS_BASE_URL")
        .env("NO_COLOR", "1");
    command
}

/// The binary pointed at `server` with the test key.
pub fn against(server: &MockServer) -> Command {
    let mut command = postpress();
    command.args(["--base-url", &server.base_url(), "--api-key", API_KEY]);
    command
}

/// `postpress users get jordan-walke` (with `--strict` when asked) against
/// a server answering `body` once: its output.
pub fn users_get_answered(body: &str, strict: bool) -> Output {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        request(
            when,
            httpmock::Method::GET,
            "/users/jordan-walke",
            &[("account_id", ACCOUNT_ID)],
        );
        then.status(200).body(body);
    });
    let mut command = against(&server);
    command.args(["users", "get", "jordan-walke", "--account-id", ACCOUNT_ID]);
    if strict {
        command.arg("--strict");
    }
    let output = command.output().expect("runs");
    mock.assert();
    output
}

/// Output bytes as text, for messages.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts the exit code, showing stdout and stderr when it differs.
pub fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// `json` with the whitespace between its tokens removed: two texts with the
/// same tokens in the same order (keys, numbers as written) compare equal.
pub fn tokens(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

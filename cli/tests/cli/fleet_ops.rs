//! Operating a fleet from the shell: `postpress limits show|reset` against
//! the Redis that worker processes share, and budgets from `--limits FILE`.

use std::path::PathBuf;

use httpmock::prelude::*;
use serde_json::{Value, json};

use crate::common::{ACCOUNT_ID, API_KEY, envelope, fixture, request};
use crate::fleet::{assert_exit, postpress, run_together};
use crate::redis_server::RedisServer;

/// `postpress limits ARGS` on `redis`: no key, no server.
fn limits(redis: &RedisServer, args: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new(crate::common::BINARY);
    command
        .env_remove("POSTPRESS_API_KEY")
        .env("POSTPRESS_REDIS_URL", redis.url())
        .arg("limits")
        .args(args);
    command
}

/// The JSON a successful command printed.
async fn json_of(command: std::process::Command) -> Value {
    let output = run_together(vec![command]).await.remove(0);
    assert_exit(&output, 0);
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// A limits file with `text`, removed when dropped.
struct LimitsFile(PathBuf);

impl LimitsFile {
    fn new(name: &str, text: &str) -> LimitsFile {
        let path =
            std::env::temp_dir().join(format!("postpress-{}-{name}.toml", std::process::id()));
        std::fs::write(&path, text).expect("written");
        LimitsFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("UTF-8 path")
    }
}

impl Drop for LimitsFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Stops the account: one process sees 403 `account_restricted`.
async fn stop_the_account(server: &MockServer, redis: &RedisServer) {
    let restricted = server
        .mock_async(|when, then| {
            request(when, GET, "/users/me", &[("account_id", ACCOUNT_ID)]);
            then.status(403)
                .json_body(envelope(403, "account_restricted"));
        })
        .await;
    let mut me = postpress(&server.base_url(), &redis.url(), "50/s");
    me.args(["users", "me", "--account-id", ACCOUNT_ID]);
    let stderr = assert_exit(&run_together(vec![me]).await[0], 1);
    assert!(stderr.contains("account_restricted"), "{stderr}");
    assert_eq!(restricted.calls_async().await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn show_reports_a_stop_set_by_another_process() {
    let redis = RedisServer::start();
    let server = MockServer::start_async().await;
    let before = chrono::Utc::now();
    stop_the_account(&server, &redis).await;
    let after = chrono::Utc::now();

    let shown = json_of(limits(&redis, &["show", "--account-id", ACCOUNT_ID])).await;
    assert_eq!(shown["account_id"], ACCOUNT_ID);
    assert_eq!(shown["stop"]["reason"], "account_restricted");
    // The 1 h cool-down from the 403, which came between `before` and `after`
    // (a second either side for the printed precision).
    let until = shown["stop"]["until"].as_str().expect("a timestamp");
    let until = chrono::DateTime::parse_from_rfc3339(until).expect("RFC 3339");
    let (hour, second) = (chrono::Duration::hours(1), chrono::Duration::seconds(1));
    assert!(
        before + hour - second <= until && until <= after + hour + second,
        "{until} not an hour after {before}..{after}"
    );
    assert_eq!(shown["paces"], json!([]));
    let hash = shown["key_hash"].as_str().expect("a key hash").to_string();
    assert!(
        hash.len() == 40 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{hash}"
    );

    // Without an id: every account in the store, by hash alone.
    let listed = json_of(limits(&redis, &["show"])).await;
    let accounts = listed.as_array().expect("an array");
    assert_eq!(accounts.len(), 1, "{listed}");
    assert_eq!(accounts[0]["account_id"], Value::Null);
    assert_eq!(accounts[0]["key_hash"], hash.as_str());
    assert_eq!(accounts[0]["stop"]["reason"], "account_restricted");
    assert!(!listed.to_string().contains(ACCOUNT_ID), "{listed}");
}

#[tokio::test(flavor = "multi_thread")]
async fn reset_from_the_cli_lets_the_next_call_of_another_process_through_and_only_then() {
    let redis = RedisServer::start();
    let server = MockServer::start_async().await;
    let relations = server
        .mock_async(|when, then| {
            request(when, GET, "/users/relations", &[("account_id", ACCOUNT_ID)]);
            then.status(200)
                .body(fixture("list_relations.example_response.json"));
        })
        .await;
    stop_the_account(&server, &redis).await;
    let list = || {
        let mut command = postpress(&server.base_url(), &redis.url(), "50/s");
        command.args(["users", "relations", "--account-id", ACCOUNT_ID]);
        command
    };
    let stderr = assert_exit(&run_together(vec![list()]).await[0], 1);
    assert!(stderr.contains("nothing was sent"), "{stderr}");
    assert_eq!(relations.calls_async().await, 0, "stopped: nothing sent");

    let after = json_of(limits(&redis, &["reset", "--account-id", ACCOUNT_ID])).await;
    assert_eq!(after["stop"], Value::Null, "{after}");
    assert_exit(&run_together(vec![list()]).await[0], 0);
    assert_eq!(
        relations.calls_async().await,
        1,
        "sent once the stop is lifted"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_weekly_quota_from_a_file_holds_across_processes() {
    let redis = RedisServer::start();
    let server = MockServer::start_async().await;
    let relations = server
        .mock_async(|when, then| {
            request(when, GET, "/users/relations", &[("account_id", ACCOUNT_ID)]);
            then.status(200)
                .body(fixture("list_relations.example_response.json"));
        })
        .await;
    let file = LimitsFile::new("weekly", "[kinds.relation_page]\nweekly_quota = 2\n");
    let list = || {
        let mut command = std::process::Command::new(crate::common::BINARY);
        command
            .env_remove("POSTPRESS_API_KEY")
            .env("POSTPRESS_REDIS_URL", redis.url())
            .args(["--base-url", &server.base_url(), "--api-key", API_KEY])
            .args(["--limits", file.path()])
            .args(["users", "relations", "--account-id", ACCOUNT_ID]);
        command
    };
    for output in run_together(vec![list(), list()]).await {
        assert_exit(&output, 0);
    }
    let stderr = assert_exit(&run_together(vec![list()]).await[0], 1);
    assert!(
        stderr.contains("the weekly quota of account")
            && stderr.contains("relation_page budget")
            && stderr.contains("resets in 6047"),
        "{stderr}"
    );
    assert_eq!(
        relations.calls_async().await,
        2,
        "nothing sent past the quota"
    );
    let shown = json_of(limits(
        &redis,
        &["--limits", file.path(), "show", "--account-id", ACCOUNT_ID],
    ))
    .await;
    let budget = &shown["budgets"][0];
    assert_eq!(
        (
            &budget["kind"],
            &budget["weekly_quota"],
            &budget["used_this_week"]
        ),
        (&json!("relation_page"), &json!(2), &json!(2)),
        "{shown}"
    );
}

#[test]
fn a_bad_limits_file_is_a_usage_error_naming_the_line_and_nothing_is_sent() {
    let server = MockServer::start();
    let any = server.mock(|when, then| {
        when.any_request();
        then.status(200);
    });
    for (name, text, said) in [
        (
            "rate",
            "stop_cool_down = 60\n\n[account]\nrate = \"5/x\"\n",
            "line 4: invalid rate",
        ),
        (
            "kind",
            "[kinds.profile_vue]\nrate = \"1/s\"\n",
            "line 1: unknown kind of call",
        ),
        (
            "field",
            "[account]\nburts = 2\n",
            "line 2: unknown field `burts`",
        ),
        (
            "quota",
            "[kinds.search]\ndaily_quota = 0\n",
            "line 2: invalid value",
        ),
        (
            "fraction",
            "[slow_down]\ndecrease = 1.5\n",
            "line 2: 1.5 is not in (0, 1]",
        ),
    ] {
        let file = LimitsFile::new(name, text);
        let output = std::process::Command::new(crate::common::BINARY)
            .env_remove("POSTPRESS_REDIS_URL")
            .args(["--base-url", &server.base_url(), "--api-key", API_KEY])
            .args(["--limits", file.path()])
            .args(["users", "me", "--account-id", ACCOUNT_ID])
            .output()
            .expect("runs");
        let stderr = assert_exit(&output, 2);
        assert!(stderr.contains(said), "{name}: {stderr}");
        assert!(stderr.contains(file.path()), "{name}: the file: {stderr}");
    }
    any.assert_calls(0);
}

#[test]
fn in_memory_show_gives_the_file_s_budgets_and_reset_refuses_an_unknown_kind() {
    let file = LimitsFile::new(
        "memory",
        "[account]\nrate = \"5/s\"\nburst = 3\n[kinds.user_action]\ndaily_quota = 20\nweekly_quota = 100\n",
    );
    let run = |args: &[&str]| {
        std::process::Command::new(crate::common::BINARY)
            .env_remove("POSTPRESS_REDIS_URL")
            .env_remove("POSTPRESS_API_KEY")
            .args(["--limits", file.path(), "limits"])
            .args(args)
            .output()
            .expect("runs")
    };
    let output = run(&["show", "--account-id", ACCOUNT_ID]);
    assert_exit(&output, 0);
    let shown: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(shown["key_hash"], Value::Null, "no Redis: {shown}");
    let budgets = shown["budgets"].as_array().expect("budgets");
    assert_eq!(budgets.len(), 2, "{shown}");
    assert_eq!(
        (
            &budgets[0]["kind"],
            &budgets[0]["interval_us"],
            &budgets[0]["burst"]
        ),
        (&json!("all"), &json!(200_000.0), &json!(3))
    );
    assert_eq!(
        (
            &budgets[1]["kind"],
            &budgets[1]["daily_quota"],
            &budgets[1]["weekly_quota"]
        ),
        (&json!("user_action"), &json!(20), &json!(100))
    );

    let output = run(&["reset", "--account-id", ACCOUNT_ID, "--kind", "user_action"]);
    assert_exit(&output, 0);
    let stderr = assert_exit(
        &run(&["reset", "--account-id", ACCOUNT_ID, "--kind", "invite"]),
        2,
    );
    assert!(stderr.contains("expected one of profile_view"), "{stderr}");
}

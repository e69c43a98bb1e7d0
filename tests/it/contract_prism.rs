//! Contract tests: the SDK against Prism, a mock server driven by
//! `openapi/postpress.yaml` alone.
//!
//! Prism checks every request against the spec (a violation answers 422)
//! and answers with the spec's examples or, with `-d`, with responses it
//! generates from the schemas. So these tests prove that what the SDK sends
//! is what the spec documents and that whatever the spec allows decodes.
//!
//! They need the pinned Prism from `package.json`, so they are ignored by a
//! plain `cargo test`; `cargo xtask contract` installs it (`npm ci`) and runs
//! them, and `.ci/run` does that on every change. Each test starts its own
//! Prism on a free loopback port and stops it when done.

use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use postpress::{
    Client, Error, RetryPolicy, search_request_from_json, user_action_request_from_json,
};

const ACCOUNT_ID: &str = "acc_contract_1";
const SEARCH_BODIES: &[&str] = &[
    "search_classic_people",
    "search_classic_companies",
    "search_classic_posts",
    "search_classic_jobs",
    "search_sales_navigator_people",
    "search_sales_navigator_companies",
    "search_recruiter_people",
    "search_url",
    "search_cursor",
];
const ACTION_BODIES: &[&str] = &[
    "action_recruiter_pipeline",
    "action_recruiter_reject",
    "action_sales_navigator_save_lead",
];

/// A Prism mock server on a free loopback port, stopped on drop.
struct Prism {
    child: Child,
    address: SocketAddr,
    log: PathBuf,
}

impl Prism {
    fn start(mode: &str, extra: &[&str]) -> Prism {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let binary = root.join("node_modules/.bin/prism");
        assert!(
            binary.exists(),
            "{} is missing: run `npm ci` (or `cargo xtask contract`, which does)",
            binary.display()
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free loopback port")
            .port();
        let log = std::env::temp_dir().join(format!("postpress-prism-{mode}-{port}.log"));
        let log_file = std::fs::File::create(&log).expect("prism log file");
        let child = Command::new(&binary)
            .current_dir(root)
            .args(["mock", "openapi/postpress.yaml", "-h", "127.0.0.1", "-p"])
            .arg(port.to_string())
            .arg("--errors")
            .args(extra)
            .stdout(log_file.try_clone().expect("log handle"))
            .stderr(log_file)
            .stdin(Stdio::null())
            .spawn()
            .expect("start prism");
        let mut prism = Prism {
            child,
            address: SocketAddr::from(([127, 0, 0, 1], port)),
            log,
        };
        prism.wait_until_listening();
        prism
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("prism exited with {status}:\n{}", self.log_text());
            }
            if self.log_text().contains("Prism is listening")
                && TcpStream::connect_timeout(&self.address, Duration::from_millis(200)).is_ok()
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("prism did not start within 120 s:\n{}", self.log_text());
    }

    fn client(&self) -> Client {
        Client::builder()
            .api_key("contract-test-key")
            .base_url(format!("http://{}", self.address))
            .retry(RetryPolicy::none())
            // Strict: a generated type that disagrees with the spec fails
            // here instead of being corrected silently.
            .strict(true)
            .build()
            .expect("client")
    }

    fn log_text(&self) -> String {
        let mut text = String::new();
        if let Ok(mut file) = std::fs::File::open(&self.log) {
            let _ = file.read_to_string(&mut text);
        }
        text
    }

    /// What Prism's validator said, for a failure message.
    fn violations(&self) -> String {
        self.log_text()
            .lines()
            .filter(|line| line.contains("VALIDATOR") || line.contains("Violation"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

/// One call per operation, search body variant and action variant; the
/// name of each call with its failure, if any.
async fn call_everything(client: &Client) -> Vec<(String, Result<(), Error>)> {
    let mut outcomes = Vec::new();
    let result = client
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .linkedin_sections(["*_preview", "experience"])
        .linkedin_api("sales_navigator")
        .notify(true)
        .send()
        .await;
    outcomes.push(("get_user".to_string(), result.map(drop)));

    let result = client.get_own_profile().account_id(ACCOUNT_ID).send().await;
    outcomes.push(("get_own_profile".to_string(), result.map(drop)));

    let result = client
        .list_relations()
        .account_id(ACCOUNT_ID)
        .limit(250)
        .filter("Jordan")
        .cursor("eyJvZmZzZXQiOjI1MH0")
        .send()
        .await;
    outcomes.push(("list_relations".to_string(), result.map(drop)));

    for name in SEARCH_BODIES {
        let body =
            search_request_from_json(&crate::common::fixture(&format!("requests/{name}.json")))
                .expect("fixture is a valid search body");
        let result = client
            .linkedin_search()
            .account_id(ACCOUNT_ID)
            .limit(25)
            .body(body)
            .send()
            .await;
        outcomes.push((format!("linkedin_search {name}"), result.map(drop)));
    }

    for name in ACTION_BODIES {
        let body = user_action_request_from_json(&crate::common::fixture(&format!(
            "requests/{name}.json"
        )))
        .expect("fixture is a valid action body");
        let result = client
            .linkedin_user_action()
            .user_id("ACoAAB1234567")
            .body(body)
            .send()
            .await;
        outcomes.push((format!("linkedin_user_action {name}"), result.map(drop)));
    }
    outcomes
}

fn assert_all_succeeded(prism: &Prism, outcomes: Vec<(String, Result<(), Error>)>) {
    assert_eq!(
        outcomes.len(),
        3 + SEARCH_BODIES.len() + ACTION_BODIES.len(),
        "every call was made"
    );
    let failures: Vec<String> = outcomes
        .into_iter()
        .filter_map(|(name, outcome)| outcome.err().map(|error| format!("{name}: {error}")))
        .collect();
    assert!(
        failures.is_empty(),
        "calls Prism rejected or the SDK could not decode:\n{}\n\nPrism's validator said:\n{}",
        failures.join("\n"),
        prism.violations()
    );
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask contract`"]
async fn every_operation_and_variant_matches_the_spec_and_decodes_its_examples() {
    let prism = Prism::start("examples", &[]);
    let outcomes = call_everything(&prism.client()).await;
    assert_all_succeeded(&prism, outcomes);
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask contract`"]
async fn responses_generated_from_the_schemas_decode() {
    // A seed fixes every response Prism draws, so variety comes from seeds:
    // each picks its own union variants and optional fields.
    for seed in ["1", "2", "3", "7", "42", "99", "1234", "2026"] {
        let prism = Prism::start(&format!("dynamic-{seed}"), &["-d", "--seed", seed]);
        let outcomes = call_everything(&prism.client()).await;
        assert_all_succeeded(&prism, outcomes);
    }
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask contract`"]
async fn prism_rejects_a_request_the_spec_does_not_allow() {
    // Proves the harness can fail: a raw request with a limit above the
    // documented maximum (the SDK itself refuses to send it) gets Prism's 422.
    let prism = Prism::start("negative", &[]);
    let response = crate::common::raw_http()
        .get(format!(
            "http://{}/users/relations?account_id={ACCOUNT_ID}&limit=5000",
            prism.address
        ))
        .header("X-API-KEY", "contract-test-key")
        .send()
        .await
        .expect("prism answers");
    assert_eq!(response.status().as_u16(), 422);
    let body = response.text().await.expect("body");
    assert!(body.contains("limit"), "{body}");
}

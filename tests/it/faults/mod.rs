//! Fault injection against scripted loopback servers: each scenario ends in
//! the documented typed error or success, never a panic, after exactly the
//! number of requests the retry policy implies.

mod broken;
mod escape_hatch;
mod options;
mod outcomes;
mod pages;
mod retries;
mod retry_table;
mod user_action;

use std::time::Duration;

use crate::common::scripted::{Reply, Scripted};
use crate::common::{ACCOUNT_ID, API_KEY, envelope, fixture_json};
use futures::{StreamExt, TryStreamExt};
use postpress::{Client, Error, ErrorKind, RetryPolicy};
use serde_json::{Value, json};

/// Fast retries so the suite does not wait: 3 attempts, 10 ms, 20 ms.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(20))
        .jitter(false)
}

fn client(server: &Scripted, retry: RetryPolicy) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(&server.base_url)
        .retry(retry)
        .build()
        .expect("loopback client")
}

async fn me(client: &Client) -> postpress::Result<postpress::AccountOwnerProfile> {
    client.get_own_profile().account_id(ACCOUNT_ID).send().await
}

async fn act(client: &Client) -> postpress::Result<postpress::types::LinkedinPerformActionOnUser> {
    let body = crate::common::example_action_request();
    client
        .linkedin_user_action()
        .user_id("AEMAACr-1eYBl")
        .body(body)
        .send()
        .await
}

fn own_profile() -> Reply {
    Reply::json(200, &fixture_json("get_own_profile.example_response.json"))
}

fn action_done() -> Reply {
    Reply::json(
        200,
        &json!({"object": "LinkedinPerformActionOnUser", "success": true}),
    )
}

fn status(status: u16, name: &str) -> Reply {
    Reply::json(status, &envelope(status, name))
}

/// Every request the server saw was the same one, and there were `n`.
fn assert_requests(server: &Scripted, n: usize, line_start: &str) {
    let requests = server.requests();
    assert_eq!(requests.len(), n, "{requests:#?}");
    for request in &requests {
        assert!(
            request.request_line.starts_with(line_start),
            "{}",
            request.request_line
        );
        assert!(
            request
                .headers
                .iter()
                .any(|(k, v)| k == "x-api-key" && v == API_KEY)
        );
    }
}

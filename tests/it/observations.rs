//! Observations: the shape of each correction, unknown enum value, unknown
//! union variant and (when asked) unknown field, given to the client's hook
//! as the JSON line a drift log writes, never with a field's value (the
//! `tracing` events, one per observation, are checked in a process of
//! their own: `cli/tests/cli/output.rs`).

use std::sync::{Arc, Mutex};

use crate::common::{ACCOUNT_ID, answer_profile, client_with, fixture_json};
use httpmock::prelude::*;
use postpress::{Client, Observation, RetryPolicy};
use serde_json::{Value, json};

/// A personal value that must never reach a log.
const SECRET: &str = "Jordan-the-secret-name";

/// Sends `get_user` answered with `profile` from a client built with
/// `builder`, with a hook collecting the observations as JSON lines.
async fn observed(profile: &Value, builder: postpress::ClientBuilder) -> Vec<String> {
    let server = MockServer::start_async().await;
    let mock = answer_profile(&server, profile.to_string()).await;
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = lines.clone();
    let client = client_with(
        &server,
        builder
            .retry(RetryPolicy::none())
            .on_observation(move |seen: &Observation| {
                let line = serde_json::to_string(seen).expect("an observation serializes");
                sink.lock().expect("not poisoned").push(line);
            }),
    );
    client
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("decoded");
    mock.assert_async().await;
    lines.lock().expect("not poisoned").clone()
}

#[tokio::test]
async fn a_correction_is_observed_as_its_json_line_without_the_value() {
    let mut profile = fixture_json("get_user.example_response.json");
    profile["provider_id"] = Value::Null;
    profile["headline"] = json!([SECRET]);
    let lines = observed(&profile, Client::builder()).await;
    assert_eq!(
        lines,
        [
            r#"{"operation":"get_user","status":200,"location":"LinkedinUserProfile.headline","path":"headline","kind":"wrong_type","expected":"string","seen":"array","value":null}"#,
            r#"{"operation":"get_user","status":200,"location":"LinkedinUserProfile.provider_id","path":"provider_id","kind":"null_required","expected":"string","seen":"null","value":null}"#,
        ]
    );
}

#[tokio::test]
async fn unknown_enum_values_and_variants_are_observed_with_the_value() {
    let mut profile = fixture_json("get_user.example_response.json");
    profile["network_distance"] = json!("FOURTH_DEGREE");
    let lines = observed(&profile, Client::builder()).await;
    assert_eq!(
        lines,
        [
            r#"{"operation":"get_user","status":200,"location":"LinkedinUserProfile.network_distance","path":"network_distance","kind":"unknown_enum_value","expected":"LinkedinUserProfileNetworkDistance","seen":"string","value":"FOURTH_DEGREE"}"#
        ]
    );
    let mut profile = fixture_json("get_user.example_response.json");
    profile["provider"] = json!("MASTODON");
    let lines = observed(&profile, Client::builder()).await;
    assert_eq!(
        lines,
        [
            r#"{"operation":"get_user","status":200,"location":"UserProfile","path":".","kind":"unknown_variant","expected":"UserProfile","seen":"object","value":"MASTODON"}"#
        ]
    );
}

#[tokio::test]
async fn unknown_fields_are_observed_only_when_asked() {
    let mut profile = fixture_json("get_user.example_response.json");
    profile["a_new_field"] = json!({"nested": SECRET});
    assert!(observed(&profile, Client::builder()).await.is_empty());
    let lines = observed(&profile, Client::builder().observe_unknown_fields(true)).await;
    assert_eq!(
        lines,
        [
            r#"{"operation":"get_user","status":200,"location":"LinkedinUserProfile.a_new_field","path":"a_new_field","kind":"unknown_field","expected":"absent","seen":"object","value":null}"#
        ]
    );
}

//! The corpus of realistic departures (`tests/fixtures/departures/`, what
//! each must report in `corrections.json`), for every operation and
//! provider: nulls in required strings, missing required fields and lists,
//! a scalar for an array, a fraction for an integer, an object with most of
//! its required fields missing. Each is delivered typed, reports exactly
//! its departed paths with the values as received, keeps every other field
//! as sent, and fails in strict mode with its first path.

use crate::common::operations::{differences, mock_operation, send_operation};
use crate::common::{client, client_with, fixture, fixture_json};
use httpmock::prelude::*;
use postpress::{Client, Error, RetryPolicy};
use serde_json::Value;

/// What a corpus entry expects: path, reason, value as received (`None`:
/// missing).
fn expected(case: &Value) -> Vec<(String, String, Option<Value>)> {
    let mut expected: Vec<_> = case["corrections"]
        .as_array()
        .expect("a list of corrections")
        .iter()
        .map(|c| {
            (
                c["path"].as_str().expect("a path").to_string(),
                c["reason"].as_str().expect("a reason").to_string(),
                c.get("value").cloned(),
            )
        })
        .collect();
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    expected
}

#[tokio::test]
async fn every_departure_is_corrected_reported_and_strict_fails_on_the_first() {
    let manifest = fixture_json("departures/corrections.json");
    let cases = manifest.as_object().expect("a map of cases");
    assert!(
        cases.len() >= 20,
        "the corpus covers every operation and provider"
    );
    for (name, case) in cases {
        let operation = case["operation"].as_str().expect("an operation");
        let text = fixture(&format!("departures/{name}.json"));
        let sent: Value = serde_json::from_str(&text).expect("JSON");
        let server = MockServer::start_async().await;
        let mock = mock_operation(&server, operation, text.as_bytes()).await;
        let (typed, corrections) = send_operation(&client(&server), operation)
            .await
            .unwrap_or_else(|e| panic!("{name}: a departure must not fail the call: {e}"));
        let mut reported: Vec<_> = corrections
            .iter()
            .map(|c| {
                assert_eq!(c.operation(), operation, "{name}");
                (
                    c.path().to_string(),
                    c.reason().as_str().to_string(),
                    c.value().cloned(),
                )
            })
            .collect();
        reported.sort_by(|a, b| a.0.cmp(&b.0));
        let wanted = expected(case);
        assert_eq!(reported, wanted, "{name}: exactly the departed paths");
        let mut skip: Vec<String> = wanted.iter().map(|(p, _, _)| p.clone()).collect();
        skip.extend(
            case["not_typed"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_str().map(str::to_string)),
        );
        let compared = match typed.get("items") {
            // A page: its typed items against the items sent.
            Some(_) if operation.starts_with("list") || operation.ends_with("search") => {
                serde_json::json!({ "items": sent["items"] })
            }
            _ => sent.clone(),
        };
        assert_eq!(
            differences(&compared, &typed, &skip),
            Vec::<String>::new(),
            "{name}: every other field as sent"
        );
        // Strict: the first departure in the body's order, whole body kept.
        let strict = client_with(
            &server,
            Client::builder().strict(true).retry(RetryPolicy::none()),
        );
        match send_operation(&strict, operation).await {
            Ok(_) if corrections.is_empty() => {}
            Err(Error::Decode { path, body, .. }) if !corrections.is_empty() => {
                assert_eq!(path, corrections[0].path(), "{name}: the first path");
                assert_eq!(body, text.as_bytes(), "{name}: the whole body");
            }
            other => panic!("{name}: strict gave {other:?}"),
        }
        mock.assert_calls_async(2).await;
    }
}

/// The comparison the corpus and the property test rely on sees a changed,
/// a lost and an added value, and skips exactly the paths it is given.
#[test]
fn the_comparison_sees_what_differs() {
    use serde_json::json;
    let sent = json!({"a": 1, "b": {"c": "x"}, "d": [1, 2, 3], "e": null});
    assert!(differences(&sent, &sent, &[]).is_empty());
    let changed = json!({"a": 2, "b": {"c": "x"}, "d": [1, 2, 3]});
    assert_eq!(differences(&sent, &changed, &[]).len(), 1);
    assert!(differences(&sent, &changed, &["a".into()]).is_empty());
    let lost = json!({"a": 1, "b": {}, "d": [1, 2, 3]});
    assert_eq!(differences(&sent, &lost, &[]).len(), 1);
    assert!(differences(&sent, &lost, &["b".into()]).is_empty());
    let dropped = json!({"a": 1, "b": {"c": "x"}, "d": [1, 3]});
    assert_eq!(differences(&sent, &dropped, &[]).len(), 1);
    assert!(differences(&sent, &dropped, &["d[1]".into()]).is_empty());
}

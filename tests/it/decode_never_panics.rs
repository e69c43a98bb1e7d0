//! Decoding never panics: arbitrary JSON, arbitrary bytes and mutated
//! example responses fed to every response type end in `Ok` or `Err`, and
//! through the client in `Ok` or a typed error. Bounded runs (proptest).

use crate::common::fixture_json;
use postpress::{AccountOwnerProfile, SearchResult, UserProfile, types};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Any JSON value, a few levels deep, with the keys the API uses mixed in so
/// the unions' discriminators are hit.
fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("provider".to_string()),
        Just("type".to_string()),
        Just("event".to_string()),
        Just("object".to_string()),
        Just("items".to_string()),
        Just("cursor".to_string()),
        "[a-z_]{1,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![
            Just("LINKEDIN".to_string()),
            Just("PEOPLE".to_string()),
            Just("MESSAGE".to_string()),
            Just("NOTE_ADDED".to_string()),
            ".{0,16}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Replaces the node at a pseudo-random position of `value` with `with`.
fn mutate(value: &mut Value, choice: usize, with: Value) {
    let len = match value {
        Value::Object(map) => map.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    if len == 0 || choice.is_multiple_of(5) {
        *value = with;
        return;
    }
    let index = choice % len;
    let child = match value {
        Value::Object(map) => map.values_mut().nth(index),
        Value::Array(items) => items.get_mut(index),
        _ => None,
    };
    if let Some(child) = child {
        mutate(child, choice / 3, with);
    }
}

/// Decodes `value` as every response type; only a panic would fail.
fn decode_all(value: &Value) {
    fn one<T: DeserializeOwned>(value: &Value) {
        let _ = serde_json::from_value::<T>(value.clone());
        let _ = serde_json::from_slice::<T>(value.to_string().as_bytes());
    }
    one::<UserProfile>(value);
    one::<AccountOwnerProfile>(value);
    one::<types::UserRelationsList>(value);
    one::<types::LinkedinSearch>(value);
    one::<SearchResult>(value);
    one::<types::LinkedinPerformActionOnUser>(value);
    one::<types::ErrorEnvelope>(value);
}

const EXAMPLES: [&str; 4] = [
    "get_user.example_response.json",
    "get_own_profile.example_response.json",
    "linkedin_search.example_response.json",
    "forward_compat/get_user.json",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(value in json()) {
        decode_all(&value);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = serde_json::from_slice::<UserProfile>(&bytes);
        let _ = serde_json::from_slice::<types::LinkedinSearch>(&bytes);
        let _ = serde_json::from_slice::<types::UserRelationsList>(&bytes);
    }

    #[test]
    fn mutated_examples_never_panic(
        example in 0..EXAMPLES.len(),
        choice in any::<usize>(),
        with in json(),
    ) {
        let mut value = fixture_json(EXAMPLES[example]);
        mutate(&mut value, choice, with);
        decode_all(&value);
    }
}

/// The whole client path (status, body reading, decoding, error mapping) on
/// mutated bodies: always `Ok` or a typed error.
#[tokio::test]
async fn mutated_responses_through_the_client_end_in_a_result() {
    use httpmock::prelude::*;
    let server = MockServer::start_async().await;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (any::<usize>(), json());
    for _ in 0..32 {
        let (choice, with) = strategy.new_tree(&mut runner).expect("a value").current();
        let mut body = fixture_json("get_user.example_response.json");
        mutate(&mut body, choice, with);
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path("/users/jordan-walke");
                then.status(200).json_body(body);
            })
            .await;
        let result = crate::common::client(&server)
            .get_user()
            .identifier("jordan-walke")
            .account_id(crate::common::ACCOUNT_ID)
            .send()
            .await;
        if let Err(error) = result {
            assert!(
                matches!(error, postpress::Error::Decode { .. }),
                "a bad JSON body is a decode error: {error:?}"
            );
        }
        mock.assert_async().await;
        mock.delete_async().await;
    }
}

/// The page readers (`pagination/page/`: the one pass, the cursor read from
/// the end, the split, each slicing the body by offsets) on mutated
/// relations and search bodies, through `list_relations` and
/// `linkedin_search`, and the relations pager's first page: a page or a
/// typed error, never a panic. Mutated as JSON (sent in the API's member
/// order, so the cursor comes last) and, some of the time, cut short as
/// bytes.
#[tokio::test]
async fn mutated_pages_through_the_client_end_in_a_page_or_a_typed_error() {
    use crate::common::operations::{mock_operation, send_operation};
    use futures::StreamExt;
    let server = httpmock::MockServer::start_async().await;
    let client = crate::common::client(&server);
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (any::<usize>(), json(), any::<u8>());
    let examples = [
        ("list_relations", "list_relations.example_response.json"),
        ("linkedin_search", "linkedin_search.example_response.json"),
        (
            "linkedin_search",
            "variants/linkedin_search.every_result_type.json",
        ),
    ];
    for (operation, example) in examples {
        for _ in 0..24 {
            let (choice, with, cut) = strategy.new_tree(&mut runner).expect("a value").current();
            let mut body = fixture_json(example);
            mutate(&mut body, choice, with);
            let mut bytes = crate::common::as_sent(&body).into_bytes();
            if cut % 4 == 0 {
                bytes.truncate(bytes.len() * usize::from(cut) / 256);
            }
            let mock = mock_operation(&server, operation, &bytes).await;
            match send_operation(&client, operation).await {
                Ok(_) => {}
                Err(
                    postpress::Error::Decode { .. } | postpress::Error::UnexpectedResponse { .. },
                ) => {}
                Err(other) => panic!("{operation}: an unexpected error {other:?}"),
            }
            let mut calls = 1;
            if operation == "list_relations" {
                let first = client
                    .relations(crate::common::ACCOUNT_ID)
                    .prefetch(false)
                    .pages()
                    .next()
                    .await;
                match first {
                    Some(Ok(_)) => {}
                    Some(Err(postpress::Error::Page { source, .. }))
                        if matches!(
                            *source,
                            postpress::Error::Decode { .. }
                                | postpress::Error::UnexpectedResponse { .. }
                        ) => {}
                    other => panic!("the pager: an unexpected outcome {other:?}"),
                }
                calls += 1;
            }
            assert_eq!(mock.calls_async().await, calls);
            mock.delete_async().await;
        }
    }
}

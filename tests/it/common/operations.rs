//! Every operation, mocked exactly and sent with its example request: the
//! typed value it decodes to (as JSON) and the corrections made; and the
//! comparison of a typed value with the JSON that was sent.

use httpmock::prelude::*;
use postpress::{Client, Correction, Error, types};
use serde_json::{Value, json};

use super::{ACCOUNT_ID, fixture_json, request};

/// Method, path, query and JSON body of each operation's example request.
fn shape(
    operation: &str,
) -> (
    Method,
    &'static str,
    Vec<(&'static str, &'static str)>,
    Option<Value>,
) {
    let account = vec![("account_id", ACCOUNT_ID)];
    match operation {
        "get_user" => (GET, "/users/jordan-walke", account, None),
        "get_own_profile" => (GET, "/users/me", account, None),
        "list_relations" => (GET, "/users/relations", account, None),
        "linkedin_search" => (
            POST,
            "/linkedin/search",
            account,
            Some(fixture_json("linkedin_search.example_request.json")),
        ),
        "linkedin_user_action" => (
            POST,
            "/linkedin/user/AEMAACr-1eYBl...",
            Vec::new(),
            Some(fixture_json("linkedin_user_action.example_request.json")),
        ),
        other => panic!("no operation {other}"),
    }
}

/// Mocks exactly `operation`'s example request, answering 200 with `body`.
pub async fn mock_operation<'a>(
    server: &'a MockServer,
    operation: &str,
    body: &[u8],
) -> httpmock::Mock<'a> {
    let (method, path, query, sent) = shape(operation);
    server
        .mock_async(|when, then| {
            let when = request(when, method, path, &query);
            if let Some(sent) = sent {
                when.header("content-type", "application/json")
                    .json_body(sent);
            }
            then.status(200)
                .header("content-type", "application/json")
                .body(body);
        })
        .await
}

/// Answers `operation`'s example request with `body` once, sends it, and
/// removes the mock: the typed value as JSON and the corrections.
pub async fn answer_and_send(
    server: &MockServer,
    client: &Client,
    operation: &str,
    body: &Value,
) -> Result<(Value, Vec<Correction>), Error> {
    let text = serde_json::to_vec(body).expect("JSON");
    let mock = mock_operation(server, operation, &text).await;
    let sent = send_operation(client, operation).await;
    mock.assert_async().await;
    mock.delete_async().await;
    sent
}

/// Sends `operation`'s example request: the typed value as JSON (a page's
/// typed items as `{"items": [...]}`) and the corrections.
pub async fn send_operation(
    client: &Client,
    operation: &str,
) -> Result<(Value, Vec<Correction>), Error> {
    fn typed<T: serde::Serialize>(value: &T) -> Value {
        serde_json::to_value(value).expect("a typed value serializes")
    }
    let (_, _, _, sent) = shape(operation);
    match operation {
        "get_user" => client
            .get_user()
            .identifier("jordan-walke")
            .account_id(ACCOUNT_ID)
            .send_with_json()
            .await
            .map(|r| (typed(r.value()), r.corrections().to_vec())),
        "get_own_profile" => client
            .get_own_profile()
            .account_id(ACCOUNT_ID)
            .send_with_json()
            .await
            .map(|r| (typed(r.value()), r.corrections().to_vec())),
        "list_relations" => client
            .list_relations()
            .account_id(ACCOUNT_ID)
            .send_with_json()
            .await
            .map(|r| {
                let items = typed(&r.value().items());
                (json!({ "items": items }), r.corrections().to_vec())
            }),
        "linkedin_search" => {
            let body: types::LinkedinSearchRequest =
                serde_json::from_value(sent.expect("a body")).expect("example body");
            client
                .linkedin_search()
                .account_id(ACCOUNT_ID)
                .body(body)
                .send_with_json()
                .await
                .map(|r| {
                    let items = typed(&r.value().items());
                    (json!({ "items": items }), r.corrections().to_vec())
                })
        }
        "linkedin_user_action" => {
            let body: types::LinkedinUserActionRequest =
                serde_json::from_value(sent.expect("a body")).expect("example body");
            client
                .linkedin_user_action()
                .user_id("AEMAACr-1eYBl...")
                .body(body)
                .send_with_json()
                .await
                .map(|r| (typed(r.value()), r.corrections().to_vec()))
        }
        other => panic!("no operation {other}"),
    }
}

/// Where the typed value (serialized) says something else than the JSON
/// sent, outside the paths in `skip` (and what lies inside them). A member
/// that is `null`, an empty list or absent on either side counts as absent
/// (the typed value skips `None` and empty lists); a dropped element (a
/// path in `skip` of the form `list[i]`) is not in the typed list.
pub fn differences(sent: &Value, typed: &Value, skip: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    walk(Some(sent), Some(typed), ".", skip, &mut out);
    out
}

fn walk(
    sent: Option<&Value>,
    typed: Option<&Value>,
    path: &str,
    skip: &[String],
    out: &mut Vec<String>,
) {
    let inside = |outer: &String| {
        path == outer
            || path
                .strip_prefix(outer.as_str())
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    };
    if skip.iter().any(inside) {
        return;
    }
    let absent = |v: Option<&Value>| match v {
        None | Some(Value::Null) => true,
        Some(Value::Array(items)) => items.is_empty(),
        _ => false,
    };
    // The typed value skips an empty list.
    let empty = Value::Array(Vec::new());
    let typed = match (sent, typed) {
        (Some(Value::Array(_)), None) => Some(&empty),
        _ => typed,
    };
    let join = |key: &str| match path {
        "." => key.to_string(),
        _ => format!("{path}.{key}"),
    };
    match (sent, typed) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                walk(a.get(key), b.get(key), &join(key), skip, out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            let at = |i: usize| match path {
                "." => format!("[{i}]"),
                _ => format!("{path}[{i}]"),
            };
            // An element in `skip` is compared as skipped, or as left out
            // when the typed list is shorter.
            let kept: Vec<(usize, &Value)> = a
                .iter()
                .enumerate()
                .filter(|(i, _)| a.len() == b.len() || !skip.contains(&at(*i)))
                .collect();
            if kept.len() != b.len() {
                out.push(format!(
                    "{path}: {} elements sent, {} typed",
                    kept.len(),
                    b.len()
                ));
                return;
            }
            for ((i, x), y) in kept.into_iter().zip(b) {
                walk(Some(x), Some(y), &at(i), skip, out);
            }
        }
        (a, b) if absent(a) && absent(b) => {}
        (Some(Value::Number(x)), Some(Value::Number(y))) if x.as_f64() == y.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: sent {a:?}, typed {b:?}")),
    }
}

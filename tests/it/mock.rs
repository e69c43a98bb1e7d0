//! The `mock` feature as a user's tests use it: a few lines per test, each
//! asserting the exact request the mock saw.

use postpress::mock::{ExampleServer, MockServer, MockServerExt, example};
use postpress::{AccountOwnerProfile, Client, ErrorKind, UserProfile, types};
use serde_json::json;

const KEY: &str = "pp_test_mock_key";

/// A user's function under test.
async fn first_name(client: &Client, account: &str, who: &str) -> postpress::Result<String> {
    let profile = client
        .get_user()
        .identifier(who)
        .account_id(account)
        .send()
        .await?;
    Ok(match profile {
        UserProfile::Linkedin(p) => p.first_name.unwrap_or_default(),
        other => format!("{:?}", other.tag()),
    })
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .retry(postpress::RetryPolicy::none())
        .build()
        .expect("a loopback client")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_typed_mock_answers_with_the_spec_example_for_the_exact_request() {
    let server = MockServer::start_async().await;
    let profile: UserProfile = example("get_user").expect("the spec has an example");
    let mock = server.get_user(|when, then| {
        when.identifier("jordan-walke")
            .account_id("acc_1")
            .into_inner()
            .header("x-api-key", KEY)
            .query_param_count(".*", ".*", 1);
        then.ok(&profile);
    });

    let name = first_name(&client(&server), "acc_1", "jordan-walke").await;

    mock.assert_async().await;
    let UserProfile::Linkedin(expected) = profile else {
        panic!("the example is a LinkedIn profile")
    };
    assert_eq!(Some(name.expect("the mock answers")), expected.first_name);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_path_value_matches_only_itself() {
    let server = MockServer::start_async().await;
    let profile: UserProfile = example("get_user").expect("example");
    let mock = server.get_user(|when, then| {
        when.identifier("a.b");
        then.ok(&profile);
    });
    let error = first_name(&client(&server), "acc_1", "axb")
        .await
        .expect_err("`.` in the mocked id is not a regex wildcard");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_typed_error_response_reaches_the_user_as_a_typed_error() {
    let server = MockServer::start_async().await;
    let envelope: types::ErrorEnvelope = serde_json::from_value(json!({
        "title": "Not found",
        "detail": "No such user",
        "instance": "req_42",
        "type": "errors/resource_not_found",
        "status": 404,
    }))
    .expect("an envelope");
    let mock = server.get_user(|when, then| {
        when.identifier("nobody")
            .account_id("acc_1")
            .into_inner()
            .header("x-api-key", KEY);
        then.not_found(&envelope);
    });

    let error = first_name(&client(&server), "acc_1", "nobody")
        .await
        .expect_err("404");

    mock.assert_async().await;
    assert_eq!(error.kind(), Some(&ErrorKind::ResourceNotFound));
    assert_eq!(
        error.api_error().and_then(|e| e.instance.as_deref()),
        Some("req_42")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_server_answers_every_operation_with_the_spec_examples() {
    let server = ExampleServer::start().await;
    let client = server.client().expect("client");

    let name = first_name(&client, "acc_1", "jordan-walke").await;
    let me = client
        .get_own_profile()
        .account_id("acc_1")
        .send()
        .await
        .expect("own profile");
    let relations = client
        .list_relations()
        .account_id("acc_1")
        .send()
        .await
        .expect("relations");
    let unknown = first_name(&client, "acc_1", "nobody").await;

    let UserProfile::Linkedin(expected) = example("get_user").expect("example") else {
        panic!("the example is a LinkedIn profile")
    };
    assert_eq!(Some(name.expect("known id")), expected.first_name);
    assert_eq!(Some(me), example::<AccountOwnerProfile>("get_own_profile"));
    let page: types::UserRelationsList = example("list_relations").expect("example");
    assert_eq!(relations.items().len(), page.items.len());
    assert_eq!(
        unknown.expect_err("unknown id").kind(),
        Some(&ErrorKind::ResourceNotFound)
    );
}

/// The compact page example `name`, as `ExampleServer` must send it.
fn page_example(name: &str) -> String {
    crate::common::compact(&crate::common::fixture(&format!(
        "{name}.example_response.json"
    )))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_server_sends_each_example_byte_for_byte_in_the_pages_key_order() {
    let server = ExampleServer::start().await;
    let client = server.client().expect("client");
    let search = postpress::search_request_from_json(&crate::common::fixture(
        "linkedin_search.example_request.json",
    ))
    .expect("the page's search request");
    let action = crate::common::example_action_request();

    let profile = client
        .get_user()
        .identifier("jordan-walke")
        .account_id("acc_1");
    let sent = [
        (
            "get_user",
            profile
                .send_with_json()
                .await
                .expect("profile")
                .json()
                .to_string(),
        ),
        (
            "get_own_profile",
            client
                .get_own_profile()
                .account_id("acc_1")
                .send_with_json()
                .await
                .expect("me")
                .json()
                .to_string(),
        ),
        (
            "list_relations",
            client
                .list_relations()
                .account_id("acc_1")
                .send_with_json()
                .await
                .expect("page")
                .json()
                .to_string(),
        ),
        (
            "linkedin_search",
            client
                .linkedin_search()
                .account_id("acc_1")
                .body(search)
                .send_with_json()
                .await
                .expect("search")
                .json()
                .to_string(),
        ),
        (
            "linkedin_user_action",
            client
                .linkedin_user_action()
                .user_id("jordan-walke")
                .body(action)
                .send_with_json()
                .await
                .expect("action")
                .json()
                .to_string(),
        ),
    ];
    for (operation, body) in sent {
        assert_eq!(body, page_example(operation), "{operation}");
    }
    // The README's first command: the profile's keys as the page prints them.
    let profile = page_example("get_user");
    assert!(profile.starts_with(
        r#"{"object":"UserProfile","provider":"LINKEDIN","provider_id":"ACoAACr-1eYBl...","public_identifier":"jordan-walke","#
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_servers_last_page_keeps_the_pages_other_keys_in_order() {
    let server = ExampleServer::start().await;
    let client = server.client().expect("client");
    let first = client
        .list_relations()
        .account_id("acc_1")
        .send_with_json()
        .await
        .expect("page");
    let cursor = first
        .value()
        .cursor()
        .expect("the example page has a cursor")
        .to_string();
    let last = client
        .list_relations()
        .account_id("acc_1")
        .cursor(cursor.as_str())
        .send_with_json()
        .await
        .expect("last page");
    assert_eq!(
        last.json(),
        r#"{"object":"UserRelationsList","items":[],"cursor":null}"#
    );
}

//! Failures on purpose with the `mock` feature: an example server that fails
//! first, the API's error answer built from an `ErrorKind`, and the typed
//! mocks taking the client's own value types.

use futures::TryStreamExt;
use postpress::mock::{ExampleServer, MockServer, MockServerExt, error_envelope, example};
use postpress::{Client, Error, ErrorKind, RetryPolicy, types};

fn no_retry(builder: postpress::ClientBuilder) -> Client {
    builder
        .retry(RetryPolicy::none())
        .build()
        .expect("a loopback client")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_server_fails_an_operation_the_given_times_then_answers_its_example() {
    let server = ExampleServer::builder()
        .fail("get_user", ErrorKind::ServiceUnavailable, 1)
        .start()
        .await
        .expect("a known operation");
    let client = no_retry(server.client_builder());
    let lookup = || {
        client
            .get_user()
            .identifier("jordan-walke")
            .account_id("acc_1")
            .send()
    };
    // Another operation under /users/ is not a profile lookup: it answers
    // while the lookup's failure is still to come.
    client
        .get_own_profile()
        .account_id("acc_1")
        .send()
        .await
        .expect("own profile");
    let first = lookup().await.expect_err("the first lookup fails");
    assert_eq!(first.kind(), Some(&ErrorKind::ServiceUnavailable));
    assert_eq!(first.status().map(|s| s.as_u16()), Some(503));
    lookup().await.expect("then the example");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_operation_to_fail_is_refused() {
    let refused = ExampleServer::builder()
        .fail("get_users", ErrorKind::ServiceUnavailable, 1)
        .start()
        .await;
    assert!(matches!(refused, Err(Error::Config { .. })), "{refused:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn any_operations_mock_answers_any_error_kind_with_the_specs_status() {
    let server = MockServer::start_async().await;
    // The spec lists no 429 for the search; the answer is the API's all the same.
    let mock = server.linkedin_search(|when, then| {
        when.account_id("acc_1").limit(50);
        then.error(ErrorKind::TooManyRequests);
    });
    let client = no_retry(Client::builder().api_key("k").base_url(server.base_url()));
    let search = types::ClassicPeopleSearch::new().keywords("rust");
    let pages: Result<Vec<_>, _> = client
        .search("acc_1", search)
        .limit(50)
        .pages()
        .try_collect()
        .await;
    let error = pages.expect_err("a 429");
    assert_eq!(error.kind(), Some(&ErrorKind::TooManyRequests));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    mock.assert_async().await;
    let envelope = error_envelope(&ErrorKind::TooManyRequests);
    assert_eq!(
        (envelope.status, envelope.type_.as_str()),
        (429, "errors/too_many_requests")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn typed_mocks_take_the_values_the_client_takes() {
    let server = MockServer::start_async().await;
    let mut page: types::UserRelationsList = example("list_relations").expect("an example");
    page.cursor = None;
    let relations = server.list_relations(|when, then| {
        when.account_id("acc_1").limit(100).cursor(None::<&str>);
        then.ok(&page);
    });
    let profile: postpress::UserProfile = example("get_user").expect("an example");
    let lookup = server.get_user(|when, then| {
        when.identifier(String::from("jordan-walke"))
            .linkedin_sections(["*_preview", "experience"]);
        then.ok(&profile);
    });
    let client = no_retry(Client::builder().api_key("k").base_url(server.base_url()));
    let items: Vec<_> = client
        .relations("acc_1")
        .limit(100)
        .items()
        .try_collect()
        .await
        .expect("one page");
    assert_eq!(items.len(), page.items.len());
    client
        .get_user()
        .identifier(String::from("jordan-walke"))
        .account_id("acc_1")
        .linkedin_sections(["*_preview", "experience"])
        .send()
        .await
        .expect("the profile");
    relations.assert_async().await;
    lookup.assert_async().await;
}

/// An unknown user's 404 says the server knows only the examples' users,
/// without naming one of them (an identifier is personal data).
#[tokio::test(flavor = "multi_thread")]
async fn the_example_servers_404_names_no_user_of_the_examples() {
    let server = ExampleServer::start().await;
    let client = no_retry(server.client_builder());
    let profile: serde_json::Value =
        serde_json::from_str(&crate::common::fixture("get_user.example_response.json"))
            .expect("the profile example");
    let known: Vec<&str> = ["public_identifier", "provider_id"]
        .iter()
        .filter_map(|field| profile[field].as_str())
        .collect();
    assert_eq!(known.len(), 2, "{profile}");
    let profile_error = client
        .get_user()
        .identifier("nobody-here")
        .account_id("acc_1")
        .send()
        .await
        .expect_err("unknown user");
    let action = crate::common::example_action_request();
    let action_error = client
        .linkedin_user_action()
        .user_id("nobody-here")
        .body(action)
        .send()
        .await
        .expect_err("unknown user");
    for error in [profile_error, action_error] {
        assert_eq!(error.kind(), Some(&ErrorKind::ResourceNotFound));
        let envelope = format!("{:?}", error.api_error().expect("the envelope"));
        assert!(envelope.contains("only knows"), "{envelope}");
        for id in &known {
            assert!(!envelope.contains(id), "{id} in {envelope}");
        }
    }
}

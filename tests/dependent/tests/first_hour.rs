//! The tests a new user writes first, in the forms the README and the docs
//! show: typed mocks with plain values, the example server failing once, an
//! error answer built from its kind.

use postpress::mock::{ExampleServer, MockServer, MockServerExt, example};
use postpress::{Client, ErrorKind, RetryPolicy, types};
use postpress_dependent::{first_name, people, relations};

fn client(server: &MockServer, retry: RetryPolicy) -> Client {
    Client::builder()
        .api_key("test-key")
        .base_url(server.base_url())
        .retry(retry)
        .build()
        .expect("a loopback client")
}

#[tokio::test(flavor = "multi_thread")]
async fn relations_are_asked_100_a_page() {
    let server = MockServer::start_async().await;
    let mut page: types::UserRelationsList = example("list_relations").expect("an example");
    page.cursor = None;
    let mock = server.list_relations(|when, then| {
        when.account_id("acc_1").limit(100);
        then.ok(&page);
    });
    let names = relations(&client(&server, RetryPolicy::none()), "acc_1")
        .await
        .expect("one page");
    assert_eq!(names.len(), page.items.len());
    mock.assert_async().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_search_that_is_rate_limited_reports_the_kind() {
    let server = MockServer::start_async().await;
    let mock = server.linkedin_search(|when, then| {
        when.account_id("acc_1").limit(50);
        then.error(ErrorKind::TooManyRequests);
    });
    let error = people(&client(&server, RetryPolicy::none()), "acc_1", "rust", 10)
        .await
        .expect_err("a 429");
    assert_eq!(error.kind(), Some(&ErrorKind::TooManyRequests));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    mock.assert_async().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_lookup_survives_one_503() {
    let server = ExampleServer::builder()
        .fail("get_user", ErrorKind::ServiceUnavailable, 1)
        .start()
        .await
        .expect("a known operation");
    let once = server
        .client_builder()
        .retry(RetryPolicy::none())
        .build()
        .expect("a client");
    let who = String::from("jordan-walke");
    let error = first_name(&once, "acc_1", who.clone())
        .await
        .expect_err("the 503");
    assert_eq!(error.kind(), Some(&ErrorKind::ServiceUnavailable));
    let name = first_name(&once, "acc_1", who)
        .await
        .expect("then the example");
    assert_eq!(name.as_deref(), Some("Jordan"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_with_its_required_values_as_arguments() {
    let server = MockServer::start_async().await;
    let profile: postpress::UserProfile = example("get_user").expect("an example");
    let mock = server.get_user(|when, then| {
        when.identifier("jordan-walke")
            .account_id("acc_1")
            .linkedin_sections(["experience"]);
        then.ok(&profile);
    });
    let client = client(&server, RetryPolicy::none());
    let who = String::from("jordan-walke");
    let got = client
        .get_user_for(who, "acc_1")
        .linkedin_sections(["experience"])
        .send()
        .await
        .expect("the example");
    assert_eq!(got, profile);
    mock.assert_async().await;
}
